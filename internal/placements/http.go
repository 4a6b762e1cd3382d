package placements

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/files"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/web"
	"huhang/internal/rules"
)

type handlers struct{ svc *Service }

// Routes mounts the placement routes.
func Routes(authed *gin.RouterGroup, svc *Service) {
	h := handlers{svc}
	school := auth.RequireRole(auth.RoleSchoolAdmin)
	enterprise := auth.RequireRole(auth.RoleEnterpriseAdmin)
	authed.POST("/placements", school, auth.BindAnswer(http.StatusCreated, h.propose))
	authed.POST("/placements/bulk", school, auth.BindAnswer(http.StatusOK, h.proposeMany))
	authed.POST("/placements/bulk-answer", enterprise, auth.BindAnswer(http.StatusOK, h.answerMany))
	authed.GET("/placements", auth.Answer(http.StatusOK, h.list))
	authed.GET("/placements/:id", auth.Answer(http.StatusOK, h.get))
	authed.POST("/placements/:id/confirm", enterprise, auth.Answer(http.StatusOK, h.act(svc.Confirm)))
	authed.POST("/placements/:id/decline", enterprise, auth.BindAnswer(http.StatusOK, h.decline))
	authed.PUT("/placements/:id/documents/:kind", auth.RequireRole(auth.RoleSchoolAdmin, auth.RoleEnterpriseAdmin, auth.RoleStudent),
		auth.Answer(http.StatusOK, h.putDocument))
	authed.POST("/placements/:id/consent/confirm", school, auth.Answer(http.StatusOK, h.act(svc.ConfirmConsent)))
	authed.GET("/placements/:id/documents/:kind/file", web.Handle(h.documentFile))
	authed.PUT("/placements/:id/mentors", auth.RequireRole(auth.RoleSchoolAdmin, auth.RoleEnterpriseAdmin),
		auth.BindAnswer(http.StatusOK, h.mentors))
	authed.POST("/placements/:id/activate", school, auth.Answer(http.StatusOK, h.act(svc.Activate)))
	authed.POST("/placements/:id/terminate", school, auth.BindAnswer(http.StatusOK, h.terminate))
	authed.POST("/placements/:id/withdraw", school, auth.BindAnswer(http.StatusOK, h.withdraw))
	authed.POST("/placements/:id/transfer", school, auth.BindAnswer(http.StatusCreated, h.transfer))
	authed.POST("/placements/:id/pay-records", enterprise, auth.BindAnswer(http.StatusCreated, h.pay))
	authed.PUT("/placements/:id/pay-records/:month", enterprise, auth.BindAnswer(http.StatusOK, h.correctPay))
	authed.GET("/placements/pay-months", enterprise, auth.Answer(http.StatusOK, h.payMonths))
	authed.POST("/placements/pay-records/bulk", enterprise, auth.BindAnswer(http.StatusOK, h.payMany))
	authed.POST("/placements/:id/fee-reports", auth.RequireRole(auth.RoleSchoolAdmin, auth.RoleStudent, auth.RoleTeacher, auth.RoleBureauAuditor),
		auth.BindAnswer(http.StatusCreated, h.reportFee))
	authed.POST("/placements/:id/fee-reports/:report_id/resolve", auth.RequireRole(auth.RoleSchoolAdmin, auth.RoleBureauAuditor),
		auth.BindAnswer(http.StatusOK, h.resolveFee))
}

type documentJSON struct {
	Kind            string          `json:"kind"`
	Data            json.RawMessage `json:"data"`
	File            *files.JSON     `json:"file"`
	UpdatedAt       time.Time       `json:"updated_at"`
	UpdatedByName   string          `json:"updated_by_name"`
	ConfirmedAt     *time.Time      `json:"confirmed_at"`
	ConfirmedByName *string         `json:"confirmed_by_name"`
}

type payJSON struct {
	ID             uuid.UUID         `json:"id"`
	Month          string            `json:"month"`
	AmountFen      int64             `json:"amount_fen"`
	PaidOn         string            `json:"paid_on"`
	Method         string            `json:"method"`
	Compliant      bool              `json:"compliant"`
	RequiredFen    int64             `json:"required_fen"`
	Message        string            `json:"message"`
	Violation      *apperr.Violation `json:"violation"`
	RecordedByName string            `json:"recorded_by_name"`
	CreatedAt      time.Time         `json:"created_at"`
	CorrectedAt    *time.Time        `json:"corrected_at"`
}

func toPayJSON(r PayRecord) payJSON {
	out := payJSON{ID: r.ID, Month: r.Month, AmountFen: r.AmountFen, PaidOn: r.PaidOn.String(), Method: r.Method,
		Compliant: r.Compliant, RequiredFen: r.RequiredFen, Message: r.Message, RecordedByName: r.RecordedByName, CreatedAt: r.CreatedAt,
		CorrectedAt: r.CorrectedAt}
	if !r.Compliant {
		out.Violation = &apperr.Violation{Rule: "R-PAY", Article: "18", Message: r.Message, Subject: "month:" + r.Month}
	}
	return out
}

type feeJSON struct {
	ID             uuid.UUID  `json:"id"`
	Kind           string     `json:"kind"`
	Description    string     `json:"description"`
	AmountFen      *int64     `json:"amount_fen"`
	ReportedByName string     `json:"reported_by_name"`
	CreatedAt      time.Time  `json:"created_at"`
	ResolvedAt     *time.Time `json:"resolved_at"`
	Resolution     *string    `json:"resolution"`
}

func toFeeJSON(f FeeReport) feeJSON { return feeJSON(f) }

type placementJSON struct {
	ID              uuid.UUID          `json:"id"`
	PlanID          uuid.UUID          `json:"plan_id"`
	PlanTitle       string             `json:"plan_title"`
	PlanType        rules.PlanType     `json:"plan_type"`
	PlanStatus      string             `json:"plan_status"`
	FilingNo        *string            `json:"filing_no"`
	SchoolID        uuid.UUID          `json:"school_id"`
	SchoolName      string             `json:"school_name"`
	StudentID       uuid.UUID          `json:"student_id"`
	StudentName     string             `json:"student_name"`
	StudentNo       string             `json:"student_no"`
	ClassName       string             `json:"class_name"`
	StudentGender   string             `json:"student_gender"`
	StudentAge      int                `json:"student_age"`
	EnterpriseID    uuid.UUID          `json:"enterprise_id"`
	EnterpriseName  string             `json:"enterprise_name"`
	PostID          uuid.UUID          `json:"post_id"`
	PostName        string             `json:"post_name"`
	Status          Status             `json:"status"`
	StatusName      string             `json:"status_name"`
	StartsOn        string             `json:"starts_on"`
	EndsOn          string             `json:"ends_on"`
	InstructorID    *uuid.UUID         `json:"instructor_id"`
	InstructorName  *string            `json:"instructor_name"`
	MentorID        *uuid.UUID         `json:"mentor_id"`
	MentorName      *string            `json:"mentor_name"`
	DeclineReason   *string            `json:"decline_reason"`
	EndReason       *string            `json:"end_reason"`
	TransferredFrom *uuid.UUID         `json:"transferred_from"`
	TransferredTo   *uuid.UUID         `json:"transferred_to"`
	Documents       []documentJSON     `json:"documents"`
	Gates           []rules.ResultJSON `json:"gates"`
	Blocking        int                `json:"blocking"`
	PayRecords      []payJSON          `json:"pay_records"`
	FeeReports      []feeJSON          `json:"fee_reports"`
	ConfirmedAt     *time.Time         `json:"confirmed_at"`
	ActivatedAt     *time.Time         `json:"activated_at"`
	EndedAt         *time.Time         `json:"ended_at"`
	CreatedAt       time.Time          `json:"created_at"`
	UpdatedAt       time.Time          `json:"updated_at"`
}

func (h handlers) toJSON(p Placement) placementJSON {
	gates := h.svc.Gates(&p)
	gender := "male"
	if p.StudentFemale {
		gender = "female"
	}
	out := placementJSON{ID: p.ID, PlanID: p.PlanID, PlanTitle: p.PlanTitle, PlanType: p.PlanType, PlanStatus: p.PlanStatus,
		FilingNo: p.FilingNo, SchoolID: p.SchoolID, SchoolName: p.SchoolName, StudentID: p.StudentID, StudentName: p.StudentName,
		StudentNo: p.StudentNo, ClassName: p.ClassName, StudentGender: gender,
		StudentAge: rules.FullAgeOn(p.StudentBirth, p.StartsOn), EnterpriseID: p.EnterpriseID,
		EnterpriseName: p.EnterpriseName, PostID: p.PostID, PostName: p.PostName, Status: p.Status, StatusName: p.Status.Name(),
		StartsOn: p.StartsOn.String(), EndsOn: p.EndsOn.String(), InstructorID: p.InstructorID, InstructorName: p.InstructorName,
		MentorID: p.MentorID, MentorName: p.MentorName, DeclineReason: p.DeclineReason, EndReason: p.EndReason,
		TransferredFrom: p.TransferredFrom, TransferredTo: p.TransferredTo, Documents: make([]documentJSON, 0, len(p.Documents)),
		Gates: rules.ResultsJSON(gates), Blocking: len(rules.Blocking(gates, nil)),
		PayRecords: web.Map(p.PayRecords, toPayJSON), FeeReports: web.Map(p.FeeReports, toFeeJSON),
		ConfirmedAt: p.ConfirmedAt, ActivatedAt: p.ActivatedAt, EndedAt: p.EndedAt, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	for _, d := range p.Documents {
		out.Documents = append(out.Documents, documentJSON{Kind: d.Kind, Data: d.Data, UpdatedAt: d.UpdatedAt, UpdatedByName: d.UpdatedByName,
			ConfirmedAt: d.ConfirmedAt, ConfirmedByName: d.ConfirmedByName})
	}
	return out
}

// withFiles fills in the metadata of attached files for one placement.
func (h handlers) withFiles(c *gin.Context, p Placement, out placementJSON) (placementJSON, error) {
	for i, d := range p.Documents {
		if d.FileID == nil {
			continue
		}
		f, err := h.svc.files.ByID(c.Request.Context(), nil, *d.FileID)
		if err != nil {
			return out, err
		}
		j := files.ToJSON(f)
		out.Documents[i].File = &j
	}
	return out, nil
}

func (h handlers) one(c *gin.Context, p Placement, err error) (placementJSON, error) {
	if err != nil {
		return placementJSON{}, err
	}
	return h.withFiles(c, p, h.toJSON(p))
}

type proposeRequest struct {
	PlanID    uuid.UUID `json:"plan_id"`
	StudentID uuid.UUID `json:"student_id"`
	PostID    uuid.UUID `json:"post_id"`
}

func (h handlers) propose(c *gin.Context, a auth.Actor, req proposeRequest) (placementJSON, error) {
	p, err := h.svc.Propose(c.Request.Context(), a, ProposeInput(req))
	return h.one(c, p, err)
}

func (h handlers) get(c *gin.Context, a auth.Actor) (placementJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return placementJSON{}, err
	}
	p, err := h.svc.Get(c.Request.Context(), a, id)
	return h.one(c, p, err)
}

func (h handlers) act(fn func(ctx context.Context, a auth.Actor, id uuid.UUID) (Placement, error)) func(c *gin.Context, a auth.Actor) (placementJSON, error) {
	return func(c *gin.Context, a auth.Actor) (placementJSON, error) {
		id, err := web.PathUUID(c, "id")
		if err != nil {
			return placementJSON{}, err
		}
		p, err := fn(c.Request.Context(), a, id)
		return h.one(c, p, err)
	}
}

func (h handlers) list(c *gin.Context, a auth.Actor) (web.ListBody[placementJSON], error) {
	page, err := web.PageFrom(c)
	if err != nil {
		return web.ListBody[placementJSON]{}, err
	}
	f := Filter{Status: Status(c.Query("status")), After: page.After, Limit: page.Fetch()}
	var fe apperr.FieldErrors
	if _, ok := statusNames[f.Status]; f.Status != "" && !ok {
		fe.Add("status", "未知状态")
	}
	for name, dst := range map[string]**uuid.UUID{"plan_id": &f.PlanID, "student_id": &f.StudentID, "enterprise_id": &f.EnterpriseID, "school_id": &f.SchoolID} {
		if raw := c.Query(name); raw != "" {
			id, err := uuid.Parse(raw)
			if err != nil {
				fe.Add(name, "编号无效")
				continue
			}
			*dst = &id
		}
	}
	if err := fe.Err("查询条件有误"); err != nil {
		return web.ListBody[placementJSON]{}, err
	}
	list, err := h.svc.List(c.Request.Context(), a, f)
	return web.Paged(web.Map(list, h.toJSON), page, func(p placementJSON) string { return p.ID.String() }), err
}

type reasonRequest struct {
	Reason string `json:"reason"`
}

func (h handlers) decline(c *gin.Context, a auth.Actor, req reasonRequest) (placementJSON, error) {
	return h.act(func(ctx context.Context, a auth.Actor, id uuid.UUID) (Placement, error) {
		return h.svc.Decline(ctx, a, id, req.Reason)
	})(c, a)
}

func (h handlers) terminate(c *gin.Context, a auth.Actor, req reasonRequest) (placementJSON, error) {
	return h.act(func(ctx context.Context, a auth.Actor, id uuid.UUID) (Placement, error) {
		return h.svc.Terminate(ctx, a, id, req.Reason)
	})(c, a)
}

func (h handlers) withdraw(c *gin.Context, a auth.Actor, req reasonRequest) (placementJSON, error) {
	return h.act(func(ctx context.Context, a auth.Actor, id uuid.UUID) (Placement, error) {
		return h.svc.Withdraw(ctx, a, id, req.Reason)
	})(c, a)
}

type transferRequest struct {
	PostID uuid.UUID `json:"post_id"`
	Reason string    `json:"reason"`
}

func (h handlers) transfer(c *gin.Context, a auth.Actor, req transferRequest) (placementJSON, error) {
	return h.act(func(ctx context.Context, a auth.Actor, id uuid.UUID) (Placement, error) {
		return h.svc.Transfer(ctx, a, id, req.PostID, req.Reason)
	})(c, a)
}

type mentorsRequest struct {
	InstructorID *uuid.UUID `json:"instructor_id"`
	MentorID     *uuid.UUID `json:"mentor_id"`
}

func (h handlers) mentors(c *gin.Context, a auth.Actor, req mentorsRequest) (placementJSON, error) {
	return h.act(func(ctx context.Context, a auth.Actor, id uuid.UUID) (Placement, error) {
		return h.svc.SetMentors(ctx, a, id, req.InstructorID, req.MentorID)
	})(c, a)
}

// putDocument binds the body into the kind's own shape, so an unknown or
// mistyped field is named like anywhere else.
func (h handlers) putDocument(c *gin.Context, a auth.Actor) (placementJSON, error) {
	kind := c.Param("kind")
	body, input, ok := NewDocumentBody(kind)
	if !ok {
		return placementJSON{}, apperr.NotFound("材料类型不存在")
	}
	if err := web.BindJSON(c, body); err != nil {
		return placementJSON{}, err
	}
	return h.act(func(ctx context.Context, a auth.Actor, id uuid.UUID) (Placement, error) {
		return h.svc.PutDocument(ctx, a, id, input())
	})(c, a)
}

func (h handlers) documentFile(c *gin.Context) error {
	a, err := auth.MustActor(c.Request.Context())
	if err != nil {
		return err
	}
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return err
	}
	f, err := h.svc.DocumentFile(c.Request.Context(), a, id, c.Param("kind"))
	if err != nil {
		return err
	}
	return h.svc.files.Serve(c, f)
}

type payRequest struct {
	Month     string `json:"month"`
	AmountFen *int64 `json:"amount_fen"`
	PaidOn    string `json:"paid_on"`
	Method    string `json:"method"`
}

func (h handlers) pay(c *gin.Context, a auth.Actor, req payRequest) (payJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return payJSON{}, err
	}
	r, err := h.svc.RecordPay(c.Request.Context(), a, id, PayInput(req))
	return toPayJSON(r), err
}

type correctPayRequest struct {
	AmountFen *int64 `json:"amount_fen"`
	PaidOn    string `json:"paid_on"`
	Method    string `json:"method"`
}

func (h handlers) correctPay(c *gin.Context, a auth.Actor, req correctPayRequest) (payJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return payJSON{}, err
	}
	r, err := h.svc.CorrectPay(c.Request.Context(), a, id, PayInput{Month: c.Param("month"), AmountFen: req.AmountFen, PaidOn: req.PaidOn, Method: req.Method})
	return toPayJSON(r), err
}

type feeRequest struct {
	Kind        string `json:"kind"`
	Description string `json:"description"`
	AmountFen   *int64 `json:"amount_fen"`
}

func (h handlers) reportFee(c *gin.Context, a auth.Actor, req feeRequest) (feeJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return feeJSON{}, err
	}
	r, err := h.svc.ReportFee(c.Request.Context(), a, id, FeeInput(req))
	return toFeeJSON(r), err
}

type resolveRequest struct {
	Resolution string `json:"resolution"`
}

func (h handlers) resolveFee(c *gin.Context, a auth.Actor, req resolveRequest) (feeJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return feeJSON{}, err
	}
	reportID, err := web.PathUUID(c, "report_id")
	if err != nil {
		return feeJSON{}, err
	}
	r, err := h.svc.ResolveFee(c.Request.Context(), a, id, reportID, req.Resolution)
	return toFeeJSON(r), err
}

type bulkItemJSON struct {
	OK        bool              `json:"ok"`
	ID        *uuid.UUID        `json:"id"`
	StudentID *uuid.UUID        `json:"student_id"`
	Placement *placementJSON    `json:"placement"`
	Error     *web.ErrorPayload `json:"error"`
}

type bulkJSON struct {
	Items     []bulkItemJSON `json:"items"`
	Succeeded int            `json:"succeeded"`
	Failed    int            `json:"failed"`
}

func (h handlers) bulk(c *gin.Context, outcomes []Outcome) bulkJSON {
	out := bulkJSON{Items: make([]bulkItemJSON, len(outcomes))}
	for i, o := range outcomes {
		item := bulkItemJSON{OK: o.Err == nil, ID: o.ID, StudentID: o.StudentID}
		if o.Err != nil {
			_, payload := web.PayloadOf(c, o.Err)
			payload.RequestID = ""
			item.Error = &payload
			out.Failed++
		} else {
			j := h.toJSON(*o.Placement)
			item.Placement = &j
			out.Succeeded++
		}
		out.Items[i] = item
	}
	return out
}

type bulkProposeRequest struct {
	PlanID uuid.UUID `json:"plan_id"`
	Items  []struct {
		StudentID uuid.UUID `json:"student_id"`
		PostID    uuid.UUID `json:"post_id"`
	} `json:"items"`
}

func (h handlers) proposeMany(c *gin.Context, a auth.Actor, req bulkProposeRequest) (bulkJSON, error) {
	if err := checkBulkSize("items", len(req.Items)); err != nil {
		return bulkJSON{}, err
	}
	items := make([]ProposeInput, len(req.Items))
	for i, it := range req.Items {
		items[i] = ProposeInput{StudentID: it.StudentID, PostID: it.PostID}
	}
	// An unknown plan fails the whole request, as a single proposal would.
	if _, err := h.svc.plans.Get(c.Request.Context(), a, req.PlanID); err != nil {
		return bulkJSON{}, err
	}
	return h.bulk(c, h.svc.ProposeMany(c.Request.Context(), a, req.PlanID, items)), nil
}

type bulkAnswerRequest struct {
	Decision string      `json:"decision"`
	IDs      []uuid.UUID `json:"ids"`
	Reason   string      `json:"reason"`
}

func (h handlers) answerMany(c *gin.Context, a auth.Actor, req bulkAnswerRequest) (bulkJSON, error) {
	var fe apperr.FieldErrors
	if req.Decision != "confirm" && req.Decision != "decline" {
		fe.Add("decision", "只能是 confirm 或 decline")
	}
	if req.Decision == "decline" && len([]rune(req.Reason)) == 0 {
		fe.Add("reason", "请填写拒绝原因")
	}
	if err := fe.Err("批量处理信息有误"); err != nil {
		return bulkJSON{}, err
	}
	if err := checkBulkSize("ids", len(req.IDs)); err != nil {
		return bulkJSON{}, err
	}
	return h.bulk(c, h.svc.AnswerMany(c.Request.Context(), a, req.Decision == "confirm", req.IDs, req.Reason)), nil
}

func checkBulkSize(field string, n int) error {
	if n == 0 {
		return apperr.Invalid("请至少选择一项", apperr.FieldError{Field: field, Message: "请至少选择一项"})
	}
	if n > MaxBulk {
		return apperr.Invalid("一次最多处理 500 项", apperr.FieldError{Field: field, Message: "一次最多处理 500 项"})
	}
	return nil
}
