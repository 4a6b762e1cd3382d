package supervision

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/web"
)

func complaintRoutes(public, authed *gin.RouterGroup, h handlers) {
	public.POST("/complaints", web.Handle(h.fileComplaint))
	public.GET("/public/complaints/:reference", web.Handle(h.complaintStatus))
	public.GET("/public/schools", web.Handle(h.publicSchools))
	bureau := auth.RequireRole(auth.RoleBureauAuditor, auth.RolePlatformAdmin)
	authed.GET("/complaints", bureau, auth.Answer(http.StatusOK, h.listComplaints))
	authed.GET("/complaints/:id", bureau, auth.Answer(http.StatusOK, h.getComplaint))
	authed.POST("/complaints/:id/start", bureau, auth.Answer(http.StatusOK, h.startComplaint))
	authed.POST("/complaints/:id/triage", bureau, auth.BindAnswer(http.StatusOK, h.triageComplaint))
}

type complaintRequest struct {
	SchoolID       *uuid.UUID `json:"school_id"`
	EnterpriseName string     `json:"enterprise_name"`
	PlacementRef   string     `json:"placement_ref"`
	Content        string     `json:"content"`
	Contact        string     `json:"contact"`
}

type receiptJSON struct {
	ID        uuid.UUID `json:"id"`
	Reference string    `json:"reference"`
	Code      string    `json:"code"`
}

func (h handlers) fileComplaint(c *gin.Context) error {
	var req complaintRequest
	if err := web.BindJSON(c, &req); err != nil {
		return err
	}
	r, err := h.svc.FileComplaint(c.Request.Context(), c.ClientIP(), NewComplaint{SchoolID: req.SchoolID,
		EnterpriseName: req.EnterpriseName, PlacementRef: req.PlacementRef, Content: req.Content, Contact: req.Contact})
	if err != nil {
		return err
	}
	// The code is in this answer only; no cache may keep it.
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, receiptJSON{ID: r.ID, Reference: r.Reference, Code: r.Code})
	return nil
}

type publicStatusJSON struct {
	Reference  string          `json:"reference"`
	Status     ComplaintStatus `json:"status"`
	StatusName string          `json:"status_name"`
	BureauName string          `json:"bureau_name"`
	Reply      *string         `json:"reply"`
	FiledAt    time.Time       `json:"filed_at"`
	DecidedAt  *time.Time      `json:"decided_at"`
}

func (h handlers) complaintStatus(c *gin.Context) error {
	st, err := h.svc.ComplaintStatusFor(c.Request.Context(), c.ClientIP(), c.Param("reference"), c.Query("code"))
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, publicStatusJSON{Reference: st.Reference, Status: st.Status, StatusName: st.Status.Name(),
		BureauName: st.BureauName, Reply: st.Reply, FiledAt: st.FiledAt, DecidedAt: st.DecidedAt})
	return nil
}

type schoolChoiceJSON struct {
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
}

func (h handlers) publicSchools(c *gin.Context) error {
	list, err := h.svc.PublicSchools(c.Request.Context())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"items": web.Map(list, func(s SchoolChoice) schoolChoiceJSON { return schoolChoiceJSON{ID: s.ID, Name: s.Name} })})
	return nil
}

type complaintJSON struct {
	ID             uuid.UUID       `json:"id"`
	Reference      string          `json:"reference"`
	Status         ComplaintStatus `json:"status"`
	StatusName     string          `json:"status_name"`
	SchoolID       *uuid.UUID      `json:"school_id"`
	SchoolName     string          `json:"school_name"`
	EnterpriseName string          `json:"enterprise_name"`
	EnterpriseID   *uuid.UUID      `json:"enterprise_id"`
	// EnterpriseMatched is the registered name enterprise_name was matched to.
	EnterpriseMatched string     `json:"enterprise_matched"`
	PlacementRef      string     `json:"placement_ref"`
	Content           string     `json:"content"`
	Contact           string     `json:"contact"`
	DivisionCode      string     `json:"division_code"`
	BureauID          uuid.UUID  `json:"bureau_id"`
	BureauName        string     `json:"bureau_name"`
	RouteBasis        RouteBasis `json:"route_basis"`
	RouteNote         string     `json:"route_note"`
	TriageOutcome     *string    `json:"triage_outcome"`
	PublicReply       *string    `json:"public_reply"`
	TriageNote        *string    `json:"triage_note"`
	TriagedByName     string     `json:"triaged_by_name"`
	TriagedAt         *time.Time `json:"triaged_at"`
	StartedAt         *time.Time `json:"started_at"`
	// AwaitingFinding: referred, and the inspection finding it is to become
	// is not recorded yet (finding_id stays null until then).
	AwaitingFinding bool       `json:"awaiting_finding"`
	FindingID       *uuid.UUID `json:"finding_id"`
	DaysWaiting     int        `json:"days_waiting"`
	// CanDecide: the caller is the bureau it was routed to.
	CanDecide bool      `json:"can_decide"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func (h handlers) toComplaintJSON(a auth.Actor, c Complaint) complaintJSON {
	var outcome *string
	if c.TriageOutcome != nil {
		o := string(*c.TriageOutcome)
		outcome = &o
	}
	return complaintJSON{ID: c.ID, Reference: c.Reference, Status: c.Status, StatusName: c.Status.Name(), SchoolID: c.SchoolID,
		SchoolName: c.SchoolName, EnterpriseName: c.EnterpriseName, EnterpriseID: c.EnterpriseID, EnterpriseMatched: c.EnterpriseOrg,
		PlacementRef: c.PlacementRef, Content: c.Content, Contact: c.Contact, DivisionCode: c.DivisionCode, BureauID: c.BureauID,
		BureauName: c.BureauName, RouteBasis: c.RouteBasis, RouteNote: c.RouteNote, TriageOutcome: outcome, PublicReply: c.PublicReply,
		TriageNote: c.TriageNote, TriagedByName: c.TriagedByName, TriagedAt: c.TriagedAt, StartedAt: c.StartedAt,
		AwaitingFinding: c.Status == ComplaintReferred && c.FindingID == nil, FindingID: c.FindingID,
		DaysWaiting: c.DaysWaiting(h.svc.clock.Now()), CanDecide: c.Status.Open() && CanDecide(a, c), CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

func (h handlers) listComplaints(c *gin.Context, a auth.Actor) (web.ListBody[complaintJSON], error) {
	page, err := web.PageFrom(c)
	if err != nil {
		return web.ListBody[complaintJSON]{}, err
	}
	f := ComplaintFilter{Status: ComplaintStatus(c.Query("status")), Before: page.After, Limit: page.Fetch()}
	if f.Status == "open" {
		f.Status, f.Open = "", true
	}
	if _, ok := complaintStatusNames[f.Status]; f.Status != "" && !ok {
		return web.ListBody[complaintJSON]{}, apperr.Invalid("查询条件有误", apperr.FieldError{Field: "status", Message: "未知状态"})
	}
	list, err := h.svc.ListComplaints(c.Request.Context(), a, f)
	items := web.Map(list, func(x Complaint) complaintJSON { return h.toComplaintJSON(a, x) })
	return web.Paged(items, page, func(x complaintJSON) string { return x.ID.String() }), err
}

func (h handlers) getComplaint(c *gin.Context, a auth.Actor) (complaintJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return complaintJSON{}, err
	}
	x, err := h.svc.GetComplaint(c.Request.Context(), a, id)
	return h.toComplaintJSON(a, x), err
}

func (h handlers) startComplaint(c *gin.Context, a auth.Actor) (complaintJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return complaintJSON{}, err
	}
	x, err := h.svc.StartComplaint(c.Request.Context(), a, id)
	return h.toComplaintJSON(a, x), err
}

type triageRequest struct {
	Outcome string `json:"outcome"`
	Reply   string `json:"reply"`
	Note    string `json:"note"`
}

func (h handlers) triageComplaint(c *gin.Context, a auth.Actor, req triageRequest) (complaintJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return complaintJSON{}, err
	}
	x, err := h.svc.TriageComplaint(c.Request.Context(), a, id, Triage{Outcome: TriageOutcome(req.Outcome), Reply: req.Reply, Note: req.Note})
	return h.toComplaintJSON(a, x), err
}
