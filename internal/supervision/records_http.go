package supervision

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/web"
)

// recordsRoutes mounts joint records, daily patrols and incidents.
func recordsRoutes(authed *gin.RouterGroup, h handlers) {
	sides := auth.RequireRole(auth.RoleTeacher, auth.RoleEnterpriseMentor)
	school := auth.RequireRole(auth.RoleSchoolAdmin, auth.RoleTeacher)
	rosterReaders := auth.RequireRole(auth.RoleSchoolAdmin, auth.RoleTeacher, auth.RoleBureauAuditor, auth.RolePlatformAdmin)
	patrolReaders := auth.RequireRole(auth.RoleSchoolAdmin, auth.RoleTeacher, auth.RoleBureauAuditor, auth.RolePlatformAdmin,
		auth.RoleEnterpriseAdmin, auth.RoleEnterpriseMentor)

	authed.POST("/placements/:id/records", auth.RequireRole(auth.RoleTeacher, auth.RoleEnterpriseMentor, auth.RoleStudent),
		auth.BindAnswer(http.StatusCreated, h.createRecord))
	authed.GET("/placements/:id/records", auth.Answer(http.StatusOK, h.listRecords))
	authed.GET("/records/:id", auth.Answer(http.StatusOK, h.getRecord))
	authed.GET("/records/:id/photo", web.Handle(h.recordPhoto))
	authed.POST("/records/:id/countersign", sides, auth.Answer(http.StatusOK, h.countersign))
	authed.POST("/records/:id/dispute", sides, auth.BindAnswer(http.StatusOK, h.dispute))
	authed.POST("/records/:id/acknowledge", school, auth.Answer(http.StatusOK, h.acknowledge))
	authed.POST("/records/:id/close", school, auth.BindAnswer(http.StatusOK, h.close))
	authed.GET("/incidents", rosterReaders, auth.Answer(http.StatusOK, h.listIncidents))

	authed.GET("/duty/rosters/:id/interns", rosterReaders, auth.Answer(http.StatusOK, h.interns))
	authed.POST("/duty/rosters/:id/patrols", auth.RequireRole(auth.RoleTeacher), auth.BindAnswer(http.StatusCreated, h.createPatrol))
	authed.GET("/duty/rosters/:id/patrols", rosterReaders, auth.Answer(http.StatusOK, h.rosterPatrols))
	authed.GET("/patrols", patrolReaders, auth.Answer(http.StatusOK, h.listPatrols))
	authed.GET("/patrols/:id", patrolReaders, auth.Answer(http.StatusOK, h.getPatrol))
	authed.POST("/patrols/:id/countersign", auth.RequireRole(auth.RoleEnterpriseMentor), auth.Answer(http.StatusOK, h.countersignPatrol))
}

type recordJSON struct {
	ID                 uuid.UUID    `json:"id"`
	PlacementID        uuid.UUID    `json:"placement_id"`
	StudentName        string       `json:"student_name"`
	StudentNo          string       `json:"student_no"`
	PostName           string       `json:"post_name"`
	SchoolName         string       `json:"school_name"`
	EnterpriseName     string       `json:"enterprise_name"`
	Kind               Kind         `json:"kind"`
	Status             RecordStatus `json:"status"`
	AuthorName         string       `json:"author_name"`
	AuthorSide         Side         `json:"author_side"`
	Content            string       `json:"content"`
	OccurredAt         time.Time    `json:"occurred_at"`
	PatrolID           *uuid.UUID   `json:"patrol_id"`
	Attendance         *string      `json:"attendance"`
	CountersignedName  *string      `json:"countersigned_by_name"`
	CountersignedAt    *time.Time   `json:"countersigned_at"`
	DisputeReason      *string      `json:"dispute_reason"`
	IncidentKind       *string      `json:"incident_kind"`
	Place              *string      `json:"place"`
	ActionTaken        *string      `json:"action_taken"`
	AckDueAt           *time.Time   `json:"ack_due_at"`
	Overdue            bool         `json:"overdue"`
	AcknowledgedByName *string      `json:"acknowledged_by_name"`
	AcknowledgedAt     *time.Time   `json:"acknowledged_at"`
	Outcome            *string      `json:"outcome"`
	ClosedAt           *time.Time   `json:"closed_at"`
	HasPhoto           bool         `json:"has_photo"`
	CreatedAt          time.Time    `json:"created_at"`
	Can                []string     `json:"can"`
}

func (h handlers) toRecordJSON(a auth.Actor) func(Record) recordJSON {
	now := h.svc.clock.Now()
	return func(r Record) recordJSON {
		return recordJSON{ID: r.ID, PlacementID: r.PlacementID, StudentName: r.StudentName, StudentNo: r.PlacementStudentNo,
			PostName: r.PlacementPostName, SchoolName: r.SchoolName, EnterpriseName: r.EnterpriseName, Kind: r.Kind, Status: r.Status,
			AuthorName: r.AuthorName, AuthorSide: r.AuthorSide, Content: r.Content, OccurredAt: r.OccurredAt, PatrolID: r.PatrolID,
			Attendance: r.Attendance, CountersignedName: r.CountersignedName, CountersignedAt: r.CountersignedAt,
			DisputeReason: r.DisputeReason, IncidentKind: r.IncidentKind, Place: r.Place, ActionTaken: r.ActionTaken,
			AckDueAt: r.AckDueAt, Overdue: r.Overdue(now), AcknowledgedByName: r.AcknowledgedName, AcknowledgedAt: r.AcknowledgedAt,
			Outcome: r.Outcome, ClosedAt: r.ClosedAt, HasPhoto: r.PhotoFileID != nil, CreatedAt: r.CreatedAt, Can: r.Can(a)}
	}
}

type recordRequest struct {
	Kind         string  `json:"kind"`
	Content      string  `json:"content"`
	OccurredAt   string  `json:"occurred_at"`
	IncidentKind string  `json:"incident_kind"`
	Place        string  `json:"place"`
	ActionTaken  string  `json:"action_taken"`
	PhotoFileID  *string `json:"photo_file_id"`
}

func (h handlers) createRecord(c *gin.Context, a auth.Actor, req recordRequest) (recordJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return recordJSON{}, err
	}
	var fe apperr.FieldErrors
	in := NewRecord{Kind: Kind(req.Kind), Content: req.Content, IncidentKind: req.IncidentKind, Place: req.Place, ActionTaken: req.ActionTaken}
	if req.OccurredAt != "" {
		if in.OccurredAt, err = time.Parse(time.RFC3339, req.OccurredAt); err != nil {
			fe.Add("occurred_at", "发生时间须为带时区的 RFC 3339 时间，如 2026-11-28T10:00:00+08:00")
		}
	}
	if req.PhotoFileID != nil && *req.PhotoFileID != "" {
		pid, err := uuid.Parse(*req.PhotoFileID)
		if err != nil {
			fe.Add("photo_file_id", "照片编号无效")
		} else {
			in.PhotoFileID = &pid
		}
	}
	r, err := h.svc.CreateRecord(c.Request.Context(), a, id, in, fe)
	return h.toRecordJSON(a)(r), err
}

type recordListJSON struct {
	Items         []recordJSON `json:"items"`
	NextCursor    *string      `json:"next_cursor"`
	OpenIncidents int          `json:"open_incidents"`
}

func (h handlers) listRecords(c *gin.Context, a auth.Actor) (recordListJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return recordListJSON{}, err
	}
	page, err := web.PageFrom(c)
	if err != nil {
		return recordListJSON{}, err
	}
	kind := Kind(c.Query("kind"))
	if _, ok := kindNames[kind]; kind != "" && !ok {
		return recordListJSON{}, apperr.Invalid("查询条件有误", apperr.FieldError{Field: "kind", Message: "未知的记录类型"})
	}
	l, err := h.svc.ListRecords(c.Request.Context(), a, id, kind, page.Fetch())
	if err != nil {
		return recordListJSON{}, err
	}
	body := web.Paged(web.Map(l.Records, h.toRecordJSON(a)), page, func(r recordJSON) string { return r.ID.String() })
	// A placement's records come on one page at most; the cursor says when not.
	return recordListJSON{Items: body.Items, NextCursor: body.NextCursor, OpenIncidents: l.OpenIncidents}, nil
}

func (h handlers) getRecord(c *gin.Context, a auth.Actor) (recordJSON, error) {
	return web.ByPathID(c, func(id uuid.UUID) (Record, error) { return h.svc.GetRecord(c.Request.Context(), a, id) }, h.toRecordJSON(a))
}

func (h handlers) recordPhoto(c *gin.Context) error {
	a, err := auth.MustActor(c.Request.Context())
	if err != nil {
		return err
	}
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return err
	}
	f, err := h.svc.RecordPhoto(c.Request.Context(), a, id)
	if err != nil {
		return err
	}
	return h.svc.files.Serve(c, f)
}

func (h handlers) countersign(c *gin.Context, a auth.Actor) (recordJSON, error) {
	return web.ByPathID(c, func(id uuid.UUID) (Record, error) { return h.svc.Countersign(c.Request.Context(), a, id) }, h.toRecordJSON(a))
}

type disputeRequest struct {
	Reason string `json:"reason"`
}

func (h handlers) dispute(c *gin.Context, a auth.Actor, req disputeRequest) (recordJSON, error) {
	return web.ByPathID(c, func(id uuid.UUID) (Record, error) { return h.svc.Dispute(c.Request.Context(), a, id, req.Reason) },
		h.toRecordJSON(a))
}

func (h handlers) acknowledge(c *gin.Context, a auth.Actor) (recordJSON, error) {
	return web.ByPathID(c, func(id uuid.UUID) (Record, error) { return h.svc.Acknowledge(c.Request.Context(), a, id) }, h.toRecordJSON(a))
}

type closeRequest struct {
	Outcome string `json:"outcome"`
}

func (h handlers) close(c *gin.Context, a auth.Actor, req closeRequest) (recordJSON, error) {
	return web.ByPathID(c, func(id uuid.UUID) (Record, error) { return h.svc.Close(c.Request.Context(), a, id, req.Outcome) },
		h.toRecordJSON(a))
}

func (h handlers) listIncidents(c *gin.Context, a auth.Actor) (web.ListBody[recordJSON], error) {
	page, err := web.PageFrom(c)
	if err != nil {
		return web.ListBody[recordJSON]{}, err
	}
	f := IncidentFilter{After: page.After, Limit: page.Fetch()}
	switch c.Query("status") {
	case "", "all":
	case "open":
		f.Open = true
	default:
		return web.ListBody[recordJSON]{}, apperr.Invalid("查询条件有误", apperr.FieldError{Field: "status", Message: "状态须为 open 或 all"})
	}
	list, err := h.svc.ListIncidents(c.Request.Context(), a, f)
	return web.Paged(web.Map(list, h.toRecordJSON(a)), page, func(r recordJSON) string { return r.ID.String() }), err
}

type internJSON struct {
	PlacementID uuid.UUID `json:"placement_id"`
	StudentName string    `json:"student_name"`
	StudentNo   string    `json:"student_no"`
	PostName    string    `json:"post_name"`
	MentorName  *string   `json:"mentor_name"`
}

type internsJSON struct {
	RosterID       uuid.UUID    `json:"roster_id"`
	EnterpriseName string       `json:"enterprise_name"`
	Address        string       `json:"address"`
	Day            string       `json:"day"`
	Items          []internJSON `json:"items"`
	PatrolID       *uuid.UUID   `json:"patrol_id"`
}

func (h handlers) interns(c *gin.Context, a auth.Actor) (internsJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return internsJSON{}, err
	}
	var day *clock.Date
	if raw := c.Query("day"); raw != "" {
		d, err := clock.ParseDate(raw)
		if err != nil {
			return internsJSON{}, apperr.Invalid("查询条件有误", apperr.FieldError{Field: "day", Message: "日期须为 YYYY-MM-DD"})
		}
		day = &d
	}
	r, d, list, err := h.svc.RosterInterns(c.Request.Context(), a, id, day)
	if err != nil {
		return internsJSON{}, err
	}
	out := internsJSON{RosterID: r.ID, EnterpriseName: r.EnterpriseName, Address: r.Address, Day: d.String(),
		Items: web.Map(list, func(i Intern) internJSON { return internJSON(i) })}
	// The day's patrol, if written, so the form opens it instead of a second one.
	patrols, err := h.svc.ListRosterPatrols(c.Request.Context(), a, id, 10)
	for _, p := range patrols {
		if p.Day == d {
			out.PatrolID = &p.ID
		}
	}
	return out, err
}

type patrolLineRequest struct {
	PlacementID string `json:"placement_id"`
	Presence    string `json:"presence"`
	Note        string `json:"note"`
}

type patrolRequest struct {
	Day     string              `json:"day"`
	Summary string              `json:"summary"`
	Lines   []patrolLineRequest `json:"lines"`
}

func (h handlers) createPatrol(c *gin.Context, a auth.Actor, req patrolRequest) (patrolJSON, error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return patrolJSON{}, err
	}
	var fe apperr.FieldErrors
	in := NewPatrol{Summary: req.Summary}
	if req.Day != "" {
		d, err := clock.ParseDate(req.Day)
		if err != nil {
			fe.Add("day", "巡查日期须为 YYYY-MM-DD 格式的有效日期")
		}
		in.Day = &d
	}
	for i, l := range req.Lines {
		pid, err := uuid.Parse(l.PlacementID)
		if err != nil {
			fe.Add("lines["+strconv.Itoa(i)+"].placement_id", "请选择学生")
		}
		in.Lines = append(in.Lines, PatrolLine{PlacementID: pid, Presence: l.Presence, Note: l.Note})
	}
	p, err := h.svc.CreatePatrol(c.Request.Context(), a, id, in, fe)
	return h.toPatrolJSON(a)(p), err
}

type patrolJSON struct {
	ID             uuid.UUID    `json:"id"`
	RosterID       uuid.UUID    `json:"roster_id"`
	Day            string       `json:"day"`
	Summary        string       `json:"summary"`
	AuthorName     string       `json:"author_name"`
	SchoolName     string       `json:"school_name"`
	EnterpriseName string       `json:"enterprise_name"`
	Status         RecordStatus `json:"status"`
	CreatedAt      time.Time    `json:"created_at"`
	Lines          []recordJSON `json:"lines"`
	CanCountersign bool         `json:"can_countersign"`
}

func (h handlers) toPatrolJSON(a auth.Actor) func(Patrol) patrolJSON {
	rec := h.toRecordJSON(a)
	return func(p Patrol) patrolJSON {
		out := patrolJSON{ID: p.ID, RosterID: p.RosterID, Day: p.Day.String(), Summary: p.Summary, AuthorName: p.AuthorName,
			SchoolName: p.SchoolName, EnterpriseName: p.EnterpriseName, Status: p.Status(), CreatedAt: p.CreatedAt,
			Lines: web.Map(p.Lines, rec)}
		for _, l := range out.Lines {
			for _, c := range l.Can {
				out.CanCountersign = out.CanCountersign || c == string(ActionCountersign)
			}
		}
		return out
	}
}

func (h handlers) rosterPatrols(c *gin.Context, a auth.Actor) (web.ListBody[patrolJSON], error) {
	id, err := web.PathUUID(c, "id")
	if err != nil {
		return web.ListBody[patrolJSON]{}, err
	}
	list, err := h.svc.ListRosterPatrols(c.Request.Context(), a, id, 60)
	return web.ListBody[patrolJSON]{Items: web.Map(list, h.toPatrolJSON(a))}, err
}

func (h handlers) listPatrols(c *gin.Context, a auth.Actor) (web.ListBody[patrolJSON], error) {
	f := PatrolFilter{Limit: 60}
	switch c.Query("status") {
	case "", "all":
	case "awaiting_countersign":
		f.Awaiting = true
	default:
		return web.ListBody[patrolJSON]{}, apperr.Invalid("查询条件有误",
			apperr.FieldError{Field: "status", Message: "状态须为 awaiting_countersign 或 all"})
	}
	list, err := h.svc.ListPatrols(c.Request.Context(), a, f)
	return web.ListBody[patrolJSON]{Items: web.Map(list, h.toPatrolJSON(a))}, err
}

func (h handlers) getPatrol(c *gin.Context, a auth.Actor) (patrolJSON, error) {
	return web.ByPathID(c, func(id uuid.UUID) (Patrol, error) { return h.svc.GetPatrol(c.Request.Context(), a, id) }, h.toPatrolJSON(a))
}

func (h handlers) countersignPatrol(c *gin.Context, a auth.Actor) (patrolJSON, error) {
	return web.ByPathID(c, func(id uuid.UUID) (Patrol, error) { return h.svc.CountersignPatrol(c.Request.Context(), a, id) },
		h.toPatrolJSON(a))
}
