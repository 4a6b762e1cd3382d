package plans

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/majors"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/ids"
	"huhang/internal/platform/web"
	"huhang/internal/rules"
)

type handlers struct{ svc *Service }

// Routes mounts the plan routes on the authenticated group.
func Routes(authed *gin.RouterGroup, svc *Service) {
	h := handlers{svc: svc}
	school := auth.RequireRole(auth.RoleSchoolAdmin)
	bureau := auth.RequireRole(auth.RoleBureauAuditor)
	authed.GET("/rules", auth.Answer(http.StatusOK, ruleRegistry))
	authed.POST("/plans", school, auth.BindAnswer(http.StatusCreated, h.create))
	authed.GET("/plans", auth.Answer(http.StatusOK, h.list))
	authed.POST("/plans/check", school, auth.BindAnswer(http.StatusOK, h.checkDraft))
	authed.GET("/plans/suggestions", school, auth.Answer(http.StatusOK, h.suggestions))
	authed.GET("/major-categories", auth.Answer(http.StatusOK, majorCategories))
	authed.GET("/plans/review-queue", bureau, auth.Answer(http.StatusOK, h.queue))
	authed.GET("/plans/:id", auth.Answer(http.StatusOK, h.get))
	authed.PUT("/plans/:id", school, auth.BindAnswer(http.StatusOK, h.update))
	// The host reads the check before it co-signs: it answers for its own posts in the plan.
	authed.POST("/plans/:id/check", auth.RequireRole(auth.RoleSchoolAdmin, auth.RoleBureauAuditor, auth.RoleEnterpriseAdmin), auth.Answer(http.StatusOK, h.check))
	authed.POST("/plans/:id/request-cosign", school, h.act(h.svc.RequestCosign))
	authed.POST("/plans/:id/cosign", auth.RequireRole(auth.RoleEnterpriseAdmin), h.act(h.svc.Cosign))
	authed.POST("/plans/:id/decline", auth.RequireRole(auth.RoleEnterpriseAdmin), auth.BindAnswer(http.StatusOK, h.decline))
	authed.POST("/plans/:id/submit", school, auth.BindAnswer(http.StatusOK, h.submit))
	authed.POST("/plans/:id/approve", bureau, auth.BindAnswer(http.StatusOK, h.approve))
	authed.POST("/plans/:id/return", bureau, auth.BindAnswer(http.StatusOK, h.returnPlan))
	authed.POST("/plans/:id/reject", bureau, auth.BindAnswer(http.StatusOK, h.reject))
	authed.POST("/plans/:id/revoke", bureau, auth.BindAnswer(http.StatusOK, h.revoke))
	authed.POST("/plans/:id/withdraw", school, h.act(h.svc.Withdraw))
	authed.POST("/plans/:id/cross-province/consent", bureau, auth.BindAnswer(http.StatusOK, h.crossConsent))
	authed.POST("/plans/:id/cross-province/filing", bureau, auth.BindAnswer(http.StatusOK, h.crossFiling))
	authed.GET("/plans/:id/versions", auth.Answer(http.StatusOK, h.versions))
	authed.GET("/plans/:id/versions/:n/diff", auth.Answer(http.StatusOK, h.diff))
}

// ---- JSON shapes

type postLineJSON struct {
	PostID       uuid.UUID `json:"post_id"`
	PlannedCount *int      `json:"planned_count"`
	PayFen       *int64    `json:"pay_fen"`
}

type planRequest struct {
	Fields
	Posts         []postLineJSON       `json:"posts"`
	Special       []SpecialArrangement `json:"special_arrangements"`
	InstructorIDs []uuid.UUID          `json:"instructor_ids"`
	MentorIDs     []uuid.UUID          `json:"mentor_ids"`
	OnSiteIDs     []uuid.UUID          `json:"on_site_instructor_ids"`
}

func (r planRequest) input() Input {
	in := Input{Fields: r.Fields, Special: r.Special, Instructors: r.InstructorIDs, Mentors: r.MentorIDs, OnSite: r.OnSiteIDs}
	for _, p := range r.Posts {
		in.Posts = append(in.Posts, PostLine(p))
	}
	return in
}

type planJSON struct {
	ID         uuid.UUID `json:"id"`
	SchoolID   uuid.UUID `json:"school_id"`
	SchoolName string    `json:"school_name"`
	Status     Status    `json:"status"`
	StatusName string    `json:"status_name"`
	Version    int       `json:"version"`
	Fields
	ReviewDivision string  `json:"review_division"`
	FilingNo       *string `json:"filing_no"`
	// VerifyURL is the public verification path the printed form's QR
	// code carries; empty until the plan is filed.
	VerifyURL     string               `json:"verify_url"`
	ApprovedAt    *time.Time           `json:"approved_at"`
	SubmittedAt   *time.Time           `json:"submitted_at"`
	DaysWaiting   *int                 `json:"days_waiting"`
	Posts         []PlanPost           `json:"posts"`
	Special       []SpecialArrangement `json:"special_arrangements"`
	Cosigns       []Cosign             `json:"cosigns"`
	Instructors   []Staff              `json:"instructors"`
	Mentors       []Staff              `json:"mentors"`
	Exemptions    []Exemption          `json:"exemption_requests"`
	CrossBorder   rules.CrossBorder    `json:"cross_border"`
	CrossProvince *crossProvinceJSON   `json:"cross_province"`
	CreatedAt     time.Time            `json:"created_at"`
	UpdatedAt     time.Time            `json:"updated_at"`
}

// crossProvinceJSON is the Art 24 ¶2 record of a plan with a host outside
// the province or abroad; null for a plan whose hosts are all in the province.
type crossProvinceJSON struct {
	ConsentedAt    *time.Time `json:"consented_at"`
	ConsentComment string     `json:"consent_comment"`
	FiledOn        *string    `json:"provincial_filed_on"`
	FilingRef      *string    `json:"provincial_filing_ref"`
	RecordedAt     *time.Time `json:"recorded_at"`
	Complete       bool       `json:"complete"`
}

func (h handlers) toJSON(p Plan) planJSON {
	out := planJSON{ID: p.ID, SchoolID: p.SchoolID, SchoolName: p.SchoolName, Status: p.Status, StatusName: statusNames[p.Status],
		Version: p.Version, Fields: p.Fields, ReviewDivision: p.ReviewDivision,
		FilingNo: p.FilingNo, VerifyURL: h.svc.VerifyURL(p.FilingNo), ApprovedAt: p.ApprovedAt, SubmittedAt: p.SubmittedAt,
		Posts: nonNil(p.Posts), Special: nonNil(p.Special), Cosigns: nonNil(p.Cosigns), Instructors: nonNil(p.Instructors), Mentors: nonNil(p.Mentors), Exemptions: nonNil(p.Exemptions), CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
		CrossBorder: p.CrossBorder}
	if p.CrossBorder != rules.CrossBorderNone {
		r := p.CrossProv
		out.CrossProvince = &crossProvinceJSON{ConsentedAt: r.ConsentedAt, ConsentComment: r.ConsentComment, FiledOn: r.FiledOn,
			FilingRef: r.FilingRef, RecordedAt: r.RecordedAt, Complete: r.Rules().Complete()}
	}
	if p.Status == StatusSubmitted && p.SubmittedAt != nil {
		days := int(h.svc.Now().Sub(*p.SubmittedAt).Hours() / 24)
		out.DaysWaiting = &days
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// ---- handlers

func (h handlers) create(c *gin.Context, a auth.Actor, req planRequest) (planJSON, error) {
	p, err := h.svc.Create(c.Request.Context(), a, req.input())
	return h.toJSON(p), err
}

func (h handlers) update(c *gin.Context, a auth.Actor, req planRequest) (planJSON, error) {
	return h.withID(c, func(id uuid.UUID) (Plan, error) { return h.svc.Update(c.Request.Context(), a, id, req.input()) })
}

func (h handlers) get(c *gin.Context, a auth.Actor) (planJSON, error) {
	return h.withID(c, func(id uuid.UUID) (Plan, error) { return h.svc.Get(c.Request.Context(), a, id) })
}

func (h handlers) filter(c *gin.Context, queue bool) (PlanFilter, web.Page, error) {
	var page web.Page
	var key *QueueKey
	var err error
	if queue {
		page, key, err = web.KeyedPageFrom(c, ParseQueueKey)
	} else {
		page, err = web.PageFrom(c)
	}
	if err != nil {
		return PlanFilter{}, page, err
	}
	f := PlanFilter{Status: Status(c.Query("status")), Type: c.Query("type"), Major: strings.TrimSpace(c.Query("major")),
		After: page.After, QueueAfter: key, Limit: page.Fetch()}
	var fe apperr.FieldErrors
	if _, ok := statusNames[f.Status]; f.Status != "" && !ok {
		fe.Add("status", "未知的方案状态")
	}
	if f.Type != "" && f.Type != "cognitive" && f.Type != "post" {
		fe.Add("type", "实习类型须为 cognitive 或 post")
	}
	if raw := c.Query("school_id"); raw != "" {
		id, err := uuid.Parse(raw)
		if err != nil {
			fe.Add("school_id", "学校编号无效")
		}
		f.SchoolID = &id
	}
	if d := c.Query("division"); d != "" {
		if err := ids.CheckDivisionCodeFormat(d); err != nil {
			fe.Add("division", err.Error())
		}
		f.DivisionPrefix = ids.DivisionPrefix(d)
	}
	return f, page, fe.Err("查询条件有误")
}

func (h handlers) list(c *gin.Context, a auth.Actor) (web.ListBody[planJSON], error) {
	f, page, err := h.filter(c, false)
	if err != nil {
		return web.ListBody[planJSON]{}, err
	}
	list, err := h.svc.List(c.Request.Context(), a, f)
	return web.Paged(web.Map(list, h.toJSON), page, func(p planJSON) string { return p.ID.String() }), err
}

func (h handlers) queue(c *gin.Context, a auth.Actor) (web.ListBody[planJSON], error) {
	f, page, err := h.filter(c, true)
	if err != nil {
		return web.ListBody[planJSON]{}, err
	}
	list, err := h.svc.Queue(c.Request.Context(), a, f)
	// Every queued plan has been submitted, so its key is whole.
	return web.Paged(web.Map(list, h.toJSON), page, func(p planJSON) string {
		return QueueKey{SubmittedAt: *p.SubmittedAt, ID: p.ID}.String()
	}), err
}

func (h handlers) check(c *gin.Context, a auth.Actor) (map[string][]rules.ResultJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return nil, err
	}
	results, err := h.svc.Check(c.Request.Context(), a, id)
	return map[string][]rules.ResultJSON{"results": rules.ResultsJSON(results)}, err
}

func (h handlers) checkDraft(c *gin.Context, a auth.Actor, req planRequest) (map[string][]rules.ResultJSON, error) {
	results, err := h.svc.CheckDraft(c.Request.Context(), a, req.input())
	return map[string][]rules.ResultJSON{"results": rules.ResultsJSON(results)}, err
}

type suggestionsJSON struct {
	Majors  []string `json:"majors"`
	Cohorts []string `json:"cohorts"`
}

func (h handlers) suggestions(c *gin.Context, a auth.Actor) (suggestionsJSON, error) {
	s, err := h.svc.Suggest(c.Request.Context(), a)
	return suggestionsJSON{Majors: nonNil(s.Majors), Cohorts: nonNil(s.Cohorts)}, err
}

// majorCategories serves the 19 专业大类 that plans, posts and students
// accept; it lives with plans, the first form that picks one.
func majorCategories(_ *gin.Context, _ auth.Actor) (web.ListBody[string], error) {
	return web.ListBody[string]{Items: majors.Categories()}, nil
}

// act adapts a body-less transition.
func (h handlers) act(fn func(ctx context.Context, a auth.Actor, id uuid.UUID) (Plan, error)) gin.HandlerFunc {
	return auth.Answer(http.StatusOK, func(c *gin.Context, a auth.Actor) (planJSON, error) {
		return h.withID(c, func(id uuid.UUID) (Plan, error) { return fn(c.Request.Context(), a, id) })
	})
}

type reasonRequest struct {
	Reason string `json:"reason"`
}

func (h handlers) withID(c *gin.Context, fn func(id uuid.UUID) (Plan, error)) (planJSON, error) {
	return web.ByPathID(c, fn, h.toJSON)
}

func (h handlers) decline(c *gin.Context, a auth.Actor, req reasonRequest) (planJSON, error) {
	return h.withID(c, func(id uuid.UUID) (Plan, error) { return h.svc.Decline(c.Request.Context(), a, id, req.Reason) })
}

type submitRequest struct {
	ExemptionRequests []struct {
		Rule         string `json:"rule"`
		Subject      string `json:"subject"`
		AllowedCount *int   `json:"allowed_count"`
		Reason       string `json:"reason"`
	} `json:"exemption_requests"`
}

func (h handlers) submit(c *gin.Context, a auth.Actor, req submitRequest) (planJSON, error) {
	requests := make([]ExemptionRequest, 0, len(req.ExemptionRequests))
	for _, r := range req.ExemptionRequests {
		requests = append(requests, ExemptionRequest(r))
	}
	return h.withID(c, func(id uuid.UUID) (Plan, error) { return h.svc.Submit(c.Request.Context(), a, id, requests) })
}

type approveRequest struct {
	Comment    string `json:"comment"`
	Exemptions []struct {
		Rule    string `json:"rule"`
		Subject string `json:"subject"`
	} `json:"exemptions"`
}

func (h handlers) approve(c *gin.Context, a auth.Actor, req approveRequest) (planJSON, error) {
	grants := make([]ExemptionGrant, 0, len(req.Exemptions))
	for _, g := range req.Exemptions {
		grants = append(grants, ExemptionGrant(g))
	}
	return h.withID(c, func(id uuid.UUID) (Plan, error) {
		return h.svc.Approve(c.Request.Context(), a, id, req.Comment, grants)
	})
}

type consentRequest struct {
	Comment string `json:"comment"`
}

func (h handlers) crossConsent(c *gin.Context, a auth.Actor, req consentRequest) (planJSON, error) {
	return h.withID(c, func(id uuid.UUID) (Plan, error) {
		return h.svc.ConsentCrossProvince(c.Request.Context(), a, id, req.Comment)
	})
}

type filingRequest struct {
	FiledOn   string `json:"filed_on"`
	Reference string `json:"reference"`
}

func (h handlers) crossFiling(c *gin.Context, a auth.Actor, req filingRequest) (planJSON, error) {
	return h.withID(c, func(id uuid.UUID) (Plan, error) {
		return h.svc.RecordProvincialFiling(c.Request.Context(), a, id, req.FiledOn, req.Reference)
	})
}

type returnRequest struct {
	Reasons []ReturnReason `json:"reasons"`
}

func (h handlers) returnPlan(c *gin.Context, a auth.Actor, req returnRequest) (planJSON, error) {
	return h.withID(c, func(id uuid.UUID) (Plan, error) { return h.svc.Return(c.Request.Context(), a, id, req.Reasons) })
}

func (h handlers) reject(c *gin.Context, a auth.Actor, req reasonRequest) (planJSON, error) {
	return h.withID(c, func(id uuid.UUID) (Plan, error) { return h.svc.Reject(c.Request.Context(), a, id, req.Reason) })
}

func (h handlers) revoke(c *gin.Context, a auth.Actor, req reasonRequest) (planJSON, error) {
	return h.withID(c, func(id uuid.UUID) (Plan, error) { return h.svc.Revoke(c.Request.Context(), a, id, req.Reason) })
}

func (h handlers) versions(c *gin.Context, a auth.Actor) (web.ListBody[Version], error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return web.ListBody[Version]{}, err
	}
	list, err := h.svc.Versions(c.Request.Context(), a, id)
	return web.ListBody[Version]{Items: nonNil(list)}, err
}

type diffJSON struct {
	Version     int      `json:"version"`
	BaseVersion int      `json:"base_version"`
	Changes     []Change `json:"changes"`
}

func (h handlers) diff(c *gin.Context, a auth.Actor) (diffJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return diffJSON{}, err
	}
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil || n < 2 {
		return diffJSON{}, apperr.NotFound("没有可比较的上一版本")
	}
	changes, err := h.svc.Diff(c.Request.Context(), a, id, n)
	return diffJSON{Version: n, BaseVersion: n - 1, Changes: changes}, err
}

type ruleJSON struct {
	ID        string           `json:"id"`
	Article   string           `json:"article"`
	Effect    rules.Effect     `json:"effect"`
	Title     string           `json:"title"`
	AppliesTo []rules.PlanType `json:"applies_to"`
	Scope     string           `json:"scope"`
	Level     string           `json:"level"`
	CheckedAt []rules.Stage    `json:"checked_at,omitempty"`
}

// ruleRegistry lists the rules of one level (plan by default, or
// placement), so the client's checklists show every rule with its title
// before and after a check.
func ruleRegistry(c *gin.Context, _ auth.Actor) (web.ListBody[ruleJSON], error) {
	switch c.DefaultQuery("level", "plan") {
	case "plan":
		return web.ListBody[ruleJSON]{Items: web.Map(rules.All(), func(r rules.Rule) ruleJSON {
			return ruleJSON{ID: r.ID, Article: r.Article, Effect: r.Effect, Title: r.Title, AppliesTo: r.AppliesTo, Scope: r.Scope, Level: "plan"}
		})}, nil
	case "placement":
		return web.ListBody[ruleJSON]{Items: web.Map(rules.PlacementRules(), func(r rules.PlacementRule) ruleJSON {
			return ruleJSON{ID: r.ID, Article: r.Article, Effect: r.Effect, Title: r.Title, AppliesTo: r.AppliesTo, Scope: r.Scope,
				Level: "placement", CheckedAt: r.Stages}
		})}, nil
	}
	return web.ListBody[ruleJSON]{}, apperr.Invalid("查询条件有误", apperr.FieldError{Field: "level", Message: "只能是 plan 或 placement"})
}
