package inspections

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/web"
)

type handlers struct{ svc *Service }

// Routes mounts the inspection routes.
func Routes(authed *gin.RouterGroup, svc *Service) {
	h := handlers{svc}
	auditor := auth.RequireRole(auth.RoleBureauAuditor)
	readers := auth.RequireRole(auth.RoleBureauAuditor, auth.RolePlatformAdmin)
	units := auth.RequireRole(auth.RoleSchoolAdmin, auth.RoleEnterpriseAdmin)
	everyone := auth.RequireRole(auth.RoleBureauAuditor, auth.RolePlatformAdmin, auth.RoleSchoolAdmin, auth.RoleEnterpriseAdmin)
	authed.POST("/campaigns", auditor, auth.BindAnswer(http.StatusCreated, h.createCampaign))
	authed.GET("/campaigns", readers, auth.Answer(http.StatusOK, h.listCampaigns))
	authed.GET("/campaigns/:id", readers, auth.Answer(http.StatusOK, h.getCampaign))
	authed.POST("/campaigns/:id/open", auditor, auth.Answer(http.StatusOK, h.campaignStep(svc.OpenCampaign)))
	authed.POST("/campaigns/:id/close", auditor, auth.Answer(http.StatusOK, h.campaignStep(svc.CloseCampaign)))
	authed.POST("/campaigns/:id/draw", auditor, auth.BindAnswer(http.StatusCreated, h.draw))
	authed.GET("/campaigns/:id/draw", readers, auth.Answer(http.StatusOK, h.getDraw))
	authed.POST("/campaigns/:id/findings", auditor, auth.BindAnswer(http.StatusCreated, h.recordFinding))
	authed.GET("/campaigns/:id/findings", readers, auth.Answer(http.StatusOK, h.listFindings))
	authed.GET("/campaigns/:id/ledger.xlsx", readers, web.Handle(h.export(FormatXLSX)))
	authed.GET("/campaigns/:id/ledger.csv", readers, web.Handle(h.export(FormatCSV)))
	authed.GET("/ledger/verify", readers, auth.Answer(http.StatusOK, h.verifyLedger))
	authed.GET("/rectifications", everyone, auth.Answer(http.StatusOK, h.board))
	authed.GET("/findings/:id", everyone, auth.Answer(http.StatusOK, h.getFinding))
	authed.GET("/findings/:id/files/:file_id", everyone, web.Handle(h.evidenceFile))
	authed.POST("/findings/:id/rectification", auditor, auth.BindAnswer(http.StatusOK, h.order))
	authed.POST("/findings/:id/start", units, auth.Answer(http.StatusOK, h.findingStep(svc.StartRectification)))
	authed.POST("/findings/:id/submit", units, auth.BindAnswer(http.StatusOK, h.submit))
	authed.POST("/findings/:id/verify", auditor, auth.Answer(http.StatusOK, h.findingStep(svc.VerifyRectification)))
	authed.POST("/findings/:id/reopen", auditor, auth.BindAnswer(http.StatusOK, h.reopen))
	authed.POST("/findings/:id/close", auditor, auth.Answer(http.StatusOK, h.findingStep(svc.CloseRectification)))
}

type checklistJSON struct {
	ID      string `json:"id"`
	Rule    string `json:"rule,omitempty"`
	Article string `json:"article"`
	Text    string `json:"text"`
}

type campaignJSON struct {
	ID             uuid.UUID       `json:"id"`
	BureauID       uuid.UUID       `json:"bureau_id"`
	BureauName     string          `json:"bureau_name"`
	Title          string          `json:"title"`
	DivisionCode   string          `json:"division_code"`
	DivisionName   string          `json:"division_name"`
	SchoolIDs      []uuid.UUID     `json:"school_ids"`
	StartsOn       string          `json:"starts_on"`
	EndsOn         string          `json:"ends_on"`
	Methods        []Method        `json:"methods"`
	InspectorIDs   []uuid.UUID     `json:"inspector_ids"`
	InspectorNames []string        `json:"inspector_names"`
	Checklist      []checklistJSON `json:"checklist"`
	Status         CampaignStatus  `json:"status"`
	StatusName     string          `json:"status_name"`
	FindingCount   int             `json:"finding_count"`
	OverdueCount   int             `json:"overdue_count"`
	Drawn          bool            `json:"drawn"`
	CanManage      bool            `json:"can_manage"`
	CanRecord      bool            `json:"can_record"`
	CreatedAt      time.Time       `json:"created_at"`
	OpenedAt       *time.Time      `json:"opened_at"`
	ClosedAt       *time.Time      `json:"closed_at"`
}

func toCampaignJSON(c Campaign, a auth.Actor) campaignJSON {
	out := campaignJSON{ID: c.ID, BureauID: c.BureauID, BureauName: c.BureauName, Title: c.Title, DivisionCode: c.DivisionCode,
		DivisionName: c.DivisionName, SchoolIDs: nonNil(c.SchoolIDs), StartsOn: c.StartsOn.String(), EndsOn: c.EndsOn.String(),
		Methods: c.Methods, InspectorIDs: nonNil(c.InspectorIDs), InspectorNames: c.InspectorName, Status: c.Status,
		StatusName: c.Status.Name(), FindingCount: c.FindingCount, OverdueCount: c.OverdueCount, Drawn: c.Drawn,
		CreatedAt: c.CreatedAt, OpenedAt: c.OpenedAt, ClosedAt: c.ClosedAt}
	if out.InspectorNames == nil {
		out.InspectorNames = []string{}
	}
	for _, it := range c.Checklist {
		out.Checklist = append(out.Checklist, checklistJSON(it))
	}
	owns := a.Role == auth.RoleBureauAuditor && a.InOrg(c.BureauID)
	out.CanManage = owns
	out.CanRecord = c.Status == CampaignOpen && a.Role == auth.RoleBureauAuditor && (owns || slices.Contains(c.InspectorIDs, a.UserID))
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

type campaignRequest struct {
	Title        string      `json:"title"`
	DivisionCode string      `json:"division_code"`
	SchoolIDs    []uuid.UUID `json:"school_ids"`
	StartsOn     string      `json:"starts_on"`
	EndsOn       string      `json:"ends_on"`
	Methods      []Method    `json:"methods"`
	InspectorIDs []uuid.UUID `json:"inspector_ids"`
}

func parseDate(fe *apperr.FieldErrors, field, label, raw string) (clock.Date, bool) {
	d, err := clock.ParseDate(raw)
	if err != nil {
		fe.Add(field, label+"须为 YYYY-MM-DD 格式的有效日期")
		return clock.Date{}, false
	}
	return d, true
}

func (h handlers) createCampaign(c *gin.Context, a auth.Actor, req campaignRequest) (campaignJSON, error) {
	var fe apperr.FieldErrors
	in := NewCampaign{Title: req.Title, DivisionCode: req.DivisionCode, SchoolIDs: req.SchoolIDs, Methods: req.Methods,
		InspectorIDs: req.InspectorIDs}
	in.StartsOn, _ = parseDate(&fe, "starts_on", "开始日期", req.StartsOn)
	in.EndsOn, _ = parseDate(&fe, "ends_on", "结束日期", req.EndsOn)
	if err := in.Check(a); err != nil {
		fe = append(fe, apperr.As(err).Details.([]apperr.FieldError)...)
	}
	if err := fe.Err("检查信息有误"); err != nil {
		return campaignJSON{}, err
	}
	camp, err := h.svc.CreateCampaign(c.Request.Context(), a, in)
	return toCampaignJSON(camp, a), err
}

func (h handlers) listCampaigns(c *gin.Context, a auth.Actor) (web.ListBody[campaignJSON], error) {
	p, err := web.PageFrom(c)
	if err != nil {
		return web.ListBody[campaignJSON]{}, err
	}
	f := CampaignFilter{Status: CampaignStatus(c.Query("status")), Before: p.After, Limit: p.Fetch()}
	if f.Status != "" && f.Status.Name() == "" {
		return web.ListBody[campaignJSON]{}, apperr.Invalid("筛选条件有误", apperr.FieldError{Field: "status", Message: "状态须为 draft、open 或 closed"})
	}
	list, err := h.svc.ListCampaigns(c.Request.Context(), a, f)
	out := make([]campaignJSON, len(list))
	for i, x := range list {
		out[i] = toCampaignJSON(x, a)
	}
	return web.Paged(out, p, func(x campaignJSON) string { return x.ID.String() }), err
}

func (h handlers) getCampaign(c *gin.Context, a auth.Actor) (campaignJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return campaignJSON{}, err
	}
	camp, err := h.svc.GetCampaign(c.Request.Context(), a, id)
	return toCampaignJSON(camp, a), err
}

func (h handlers) campaignStep(step func(ctx context.Context, a auth.Actor, id uuid.UUID) (Campaign, error)) func(*gin.Context, auth.Actor) (campaignJSON, error) {
	return func(c *gin.Context, a auth.Actor) (campaignJSON, error) {
		id, err := web.PathUUID(c, "id")
		if err != nil {
			return campaignJSON{}, err
		}
		camp, err := step(c.Request.Context(), a, id)
		return toCampaignJSON(camp, a), err
	}
}

type candidateJSON struct {
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
}

type drawJSON struct {
	CampaignID          uuid.UUID       `json:"campaign_id"`
	Seed                string          `json:"seed"`
	TargetKind          TargetKind      `json:"target_kind"`
	Algorithm           string          `json:"algorithm"`
	TargetCandidates    []candidateJSON `json:"target_candidates"`
	InspectorCandidates []candidateJSON `json:"inspector_candidates"`
	Targets             []candidateJSON `json:"targets"`
	Inspectors          []candidateJSON `json:"inspectors"`
	DrawnByName         string          `json:"drawn_by_name"`
	DrawnAt             time.Time       `json:"drawn_at"`
}

func candidates(list []Candidate) []candidateJSON {
	out := make([]candidateJSON, len(list))
	for i, c := range list {
		out[i] = candidateJSON(c)
	}
	return out
}

func toDrawJSON(d Draw) drawJSON {
	return drawJSON{CampaignID: d.CampaignID, Seed: d.Seed, TargetKind: d.TargetKind, Algorithm: DrawAlgorithm,
		TargetCandidates: candidates(d.TargetCandidates), InspectorCandidates: candidates(d.InspectorCandidates),
		Targets: candidates(d.Targets), Inspectors: candidates(d.Inspectors), DrawnByName: d.DrawnByName, DrawnAt: d.DrawnAt}
}

type drawRequest struct {
	TargetKind TargetKind `json:"target_kind"`
	Targets    int        `json:"targets"`
	Inspectors int        `json:"inspectors"`
	Seed       string     `json:"seed"`
}

func (h handlers) draw(c *gin.Context, a auth.Actor, req drawRequest) (drawJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return drawJSON{}, err
	}
	d, err := h.svc.DrawCampaign(c.Request.Context(), a, id, DrawRequest(req))
	return toDrawJSON(d), err
}

func (h handlers) getDraw(c *gin.Context, a auth.Actor) (drawJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return drawJSON{}, err
	}
	d, err := h.svc.GetDraw(c.Request.Context(), a, id)
	return toDrawJSON(d), err
}

type findingJSON struct {
	ID                 uuid.UUID     `json:"id"`
	CampaignID         uuid.UUID     `json:"campaign_id"`
	CampaignTitle      string        `json:"campaign_title"`
	BureauName         string        `json:"bureau_name"`
	BasisText          string        `json:"basis_text"`
	Seq                int           `json:"seq"`
	TargetKind         TargetKind    `json:"target_kind"`
	TargetID           uuid.UUID     `json:"target_id"`
	TargetName         string        `json:"target_name"`
	SchoolID           *uuid.UUID    `json:"school_id"`
	SchoolName         string        `json:"school_name"`
	EnterpriseID       *uuid.UUID    `json:"enterprise_id"`
	EnterpriseName     string        `json:"enterprise_name"`
	Rule               *string       `json:"rule"`
	ChecklistItem      *string       `json:"checklist_item"`
	Article            string        `json:"article"`
	Description        string        `json:"description"`
	Severity           Severity      `json:"severity"`
	SeverityName       string        `json:"severity_name"`
	Evidence           []uuid.UUID   `json:"evidence"`
	ComplaintID        *uuid.UUID    `json:"complaint_id"`
	DiscoveredByName   string        `json:"discovered_by_name"`
	DiscoveredOn       string        `json:"discovered_on"`
	Status             FindingStatus `json:"status"`
	StatusName         string        `json:"status_name"`
	Overdue            bool          `json:"overdue"`
	OrderNo            *string       `json:"order_no"`
	ResponsibleOrgID   *uuid.UUID    `json:"responsible_org_id"`
	ResponsibleOrgName string        `json:"responsible_org_name"`
	ResponsiblePerson  *string       `json:"responsible_person"`
	Measure            *string       `json:"measure"`
	Deadline           *string       `json:"deadline"`
	SubmissionNote     *string       `json:"submission_note"`
	SubmissionEvidence []uuid.UUID   `json:"submission_evidence"`
	ReopenReason       *string       `json:"reopen_reason"`
	ReopenCount        int           `json:"reopen_count"`
	OrderedAt          *time.Time    `json:"ordered_at"`
	SubmittedAt        *time.Time    `json:"submitted_at"`
	VerifiedAt         *time.Time    `json:"verified_at"`
	ClosedAt           *time.Time    `json:"closed_at"`
	CreatedAt          time.Time     `json:"created_at"`
	// Actions the caller may take now, for the buttons.
	Actions []FindingAction `json:"actions"`
}

func (h handlers) toFindingJSON(f Finding, a auth.Actor) findingJSON {
	out := findingJSON{ID: f.ID, CampaignID: f.CampaignID, CampaignTitle: f.CampaignTitle, BureauName: f.BureauName, BasisText: f.BasisText, Seq: f.Seq, TargetKind: f.TargetKind,
		TargetID: f.TargetID, TargetName: f.TargetName, SchoolID: f.SchoolID, SchoolName: f.SchoolName, EnterpriseID: f.EnterpriseID,
		EnterpriseName: f.EntName, Rule: f.Rule, ChecklistItem: f.ChecklistItem, Article: f.Article, Description: f.Description,
		Severity: f.Severity, SeverityName: SeverityNames[f.Severity], Evidence: nonNil(f.Evidence), ComplaintID: f.ComplaintID,
		DiscoveredByName: f.DiscovererName, DiscoveredOn: f.DiscoveredOn.String(), Status: f.Status, StatusName: f.Status.Name(),
		Overdue: f.Overdue(h.svc.today()), OrderNo: f.OrderNo, ResponsibleOrgID: f.ResponsibleOrgID,
		ResponsibleOrgName: f.ResponsibleOrgName, ResponsiblePerson: f.ResponsiblePerson, Measure: f.Measure,
		SubmissionNote: f.SubmissionNote, SubmissionEvidence: nonNil(f.SubmissionEvidence), ReopenReason: f.ReopenReason,
		ReopenCount: f.ReopenCount, OrderedAt: f.OrderedAt, SubmittedAt: f.SubmittedAt, VerifiedAt: f.VerifiedAt,
		ClosedAt: f.ClosedAt, CreatedAt: f.CreatedAt, Actions: []FindingAction{}}
	if f.Deadline != nil {
		d := f.Deadline.String()
		out.Deadline = &d
	}
	for _, act := range []FindingAction{FindingOrder, FindingStart, FindingSubmit, FindingVerify, FindingReopen, FindingClose} {
		if FindingLifecycle.Can(f.Status, act, a.Role) && party(a, f) == nil {
			out.Actions = append(out.Actions, act)
		}
	}
	return out
}

type findingRequest struct {
	TargetKind    TargetKind  `json:"target_kind"`
	TargetID      uuid.UUID   `json:"target_id"`
	Rule          string      `json:"rule"`
	ChecklistItem string      `json:"checklist_item"`
	Description   string      `json:"description"`
	Severity      Severity    `json:"severity"`
	Evidence      []uuid.UUID `json:"evidence"`
	ComplaintID   *uuid.UUID  `json:"complaint_id"`
}

func (h handlers) recordFinding(c *gin.Context, a auth.Actor, req findingRequest) (findingJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return findingJSON{}, err
	}
	f, err := h.svc.RecordFinding(c.Request.Context(), a, id, NewFinding(req))
	return h.toFindingJSON(f, a), err
}

func (h handlers) listFindings(c *gin.Context, a auth.Actor) (web.ListBody[findingJSON], error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return web.ListBody[findingJSON]{}, err
	}
	p, after, err := web.KeyedPageFrom(c, strconv.Atoi)
	if err != nil {
		return web.ListBody[findingJSON]{}, err
	}
	f := FindingFilter{Status: FindingStatus(c.Query("status")), Limit: p.Fetch()}
	if after != nil {
		f.AfterSeq = *after
	}
	if f.Status != "" && f.Status.Name() == "" {
		return web.ListBody[findingJSON]{}, badStatus()
	}
	list, err := h.svc.ListFindings(c.Request.Context(), a, id, f)
	out := make([]findingJSON, len(list))
	for i, x := range list {
		out[i] = h.toFindingJSON(x, a)
	}
	return web.Paged(out, p, func(x findingJSON) string { return strconv.Itoa(x.Seq) }), err
}

func badStatus() error {
	return apperr.Invalid("筛选条件有误", apperr.FieldError{Field: "status",
		Message: "状态须为 recorded、open、rectifying、submitted、verified 或 closed"})
}

// boardCursor is "closed|deadline|id", the board's keyset position.
func boardCursor(f findingJSON) string {
	deadline := ""
	if f.Deadline != nil {
		deadline = *f.Deadline
	}
	return strconv.FormatBool(f.Status == FindingClosed) + "|" + deadline + "|" + f.ID.String()
}

func parseBoardCursor(raw string) (BoardKey, error) {
	parts := strings.Split(raw, "|")
	if len(parts) != 3 {
		return BoardKey{}, apperr.Invalid("")
	}
	closed, err := strconv.ParseBool(parts[0])
	if err != nil {
		return BoardKey{}, err
	}
	if parts[1] != "" {
		if _, err := clock.ParseDate(parts[1]); err != nil {
			return BoardKey{}, err
		}
	}
	id, err := uuid.Parse(parts[2])
	return BoardKey{Closed: closed, Deadline: parts[1], ID: id}, err
}

func (h handlers) board(c *gin.Context, a auth.Actor) (web.ListBody[findingJSON], error) {
	p, after, err := web.KeyedPageFrom(c, parseBoardCursor)
	if err != nil {
		return web.ListBody[findingJSON]{}, err
	}
	f := FindingFilter{Status: FindingStatus(c.Query("status")), Overdue: c.Query("overdue") == "true", After: after, Limit: p.Fetch()}
	if f.Status != "" && f.Status.Name() == "" {
		return web.ListBody[findingJSON]{}, badStatus()
	}
	list, err := h.svc.Board(c.Request.Context(), a, f)
	out := make([]findingJSON, len(list))
	for i, x := range list {
		out[i] = h.toFindingJSON(x, a)
	}
	return web.Paged(out, p, boardCursor), err
}

func (h handlers) getFinding(c *gin.Context, a auth.Actor) (findingJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return findingJSON{}, err
	}
	f, err := h.svc.GetFinding(c.Request.Context(), a, id)
	return h.toFindingJSON(f, a), err
}

func (h handlers) evidenceFile(c *gin.Context) error {
	a, err := auth.MustActor(c.Request.Context())
	if err != nil {
		return err
	}
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return err
	}
	fileID, err := web.PathUUID(c, "file_id")
	if err != nil {
		return err
	}
	f, err := h.svc.EvidenceFile(c.Request.Context(), a, id, fileID)
	if err != nil {
		return err
	}
	return h.svc.files.Serve(c, f)
}

type orderRequest struct {
	ResponsibleOrgID  uuid.UUID `json:"responsible_org_id"`
	ResponsiblePerson string    `json:"responsible_person"`
	Measure           string    `json:"measure"`
	Deadline          string    `json:"deadline"`
}

func (h handlers) order(c *gin.Context, a auth.Actor, req orderRequest) (findingJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return findingJSON{}, err
	}
	// A deadline that does not parse stays zero, which Order.Check names
	// together with the other fields.
	deadline, _ := clock.ParseDate(req.Deadline)
	f, err := h.svc.OrderRectification(c.Request.Context(), a, id, Order{ResponsibleOrgID: req.ResponsibleOrgID,
		ResponsiblePerson: req.ResponsiblePerson, Measure: req.Measure, Deadline: deadline})
	return h.toFindingJSON(f, a), err
}

func (h handlers) findingStep(step func(ctx context.Context, a auth.Actor, id uuid.UUID) (Finding, error)) func(*gin.Context, auth.Actor) (findingJSON, error) {
	return func(c *gin.Context, a auth.Actor) (findingJSON, error) {
		id, err := web.PathUUID(c, "id")
		if err != nil {
			return findingJSON{}, err
		}
		f, err := step(c.Request.Context(), a, id)
		return h.toFindingJSON(f, a), err
	}
}

type submitRequest struct {
	Note     string      `json:"note"`
	Evidence []uuid.UUID `json:"evidence"`
}

func (h handlers) submit(c *gin.Context, a auth.Actor, req submitRequest) (findingJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return findingJSON{}, err
	}
	f, err := h.svc.SubmitRectification(c.Request.Context(), a, id, Submission(req))
	return h.toFindingJSON(f, a), err
}

type reopenRequest struct {
	Reason string `json:"reason"`
}

func (h handlers) reopen(c *gin.Context, a auth.Actor, req reopenRequest) (findingJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return findingJSON{}, err
	}
	f, err := h.svc.ReopenRectification(c.Request.Context(), a, id, req.Reason)
	return h.toFindingJSON(f, a), err
}

type verificationJSON struct {
	OK          bool              `json:"ok"`
	RowsChecked int               `json:"rows_checked"`
	FirstBroken *Broken           `json:"first_broken,omitempty"`
	Heads       map[string]string `json:"heads"`
}

func (h handlers) verifyLedger(c *gin.Context, a auth.Actor) (verificationJSON, error) {
	var campaign *uuid.UUID
	if raw := c.Query("campaign_id"); raw != "" {
		id, err := uuid.Parse(raw)
		if err != nil {
			return verificationJSON{}, apperr.Invalid("参数有误", apperr.FieldError{Field: "campaign_id", Message: "专项检查编号无效"})
		}
		campaign = &id
	}
	v, err := h.svc.VerifyLedger(c.Request.Context(), a, campaign)
	out := verificationJSON{OK: v.OK, RowsChecked: v.RowsChecked, FirstBroken: v.FirstBroken, Heads: map[string]string{}}
	for k, hash := range v.Heads {
		out.Heads[k.String()] = hash
	}
	return out, err
}
