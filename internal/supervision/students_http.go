package supervision

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
)

// studentRoutes mounts logs and the report, leave and lodging, the
// assessment and the archive check. Role checks here are the coarse gate;
// the service decides by the actor's side of the placement.
func studentRoutes(authed *gin.RouterGroup, h handlers) {
	student := auth.RequireRole(auth.RoleStudent)
	reviewers := auth.RequireRole(auth.RoleTeacher, auth.RoleEnterpriseMentor)
	authed.POST("/placements/:id/logs", student, auth.BindAnswer(http.StatusCreated, h.writeLog))
	authed.GET("/placements/:id/logs", auth.Answer(http.StatusOK, h.listLogs))
	authed.POST("/logs/:id/review", reviewers, auth.BindAnswer(http.StatusOK, h.reviewLog))

	authed.POST("/placements/:id/leaves", student, auth.BindAnswer(http.StatusCreated, h.requestLeave))
	// api.md names POST /leaves with the placement in the body; both forms answer alike.
	authed.POST("/leaves", student, auth.BindAnswer(http.StatusCreated, h.requestLeaveBody))
	authed.GET("/placements/:id/leaves", auth.Answer(http.StatusOK, h.listLeaves))
	authed.GET("/leaves/:id", auth.Answer(http.StatusOK, h.getLeave))
	authed.POST("/leaves/:id/approve", reviewers, auth.Answer(http.StatusOK, h.leaveStep(func(h handlers, c *gin.Context, a auth.Actor, id uuid.UUID) (Leave, error) {
		return h.svc.ApproveLeave(c.Request.Context(), a, id)
	})))
	authed.POST("/leaves/:id/reject", reviewers, auth.BindAnswer(http.StatusOK, h.rejectLeave))
	authed.POST("/leaves/:id/return", reviewers, auth.Answer(http.StatusOK, h.leaveStep(func(h handlers, c *gin.Context, a auth.Actor, id uuid.UUID) (Leave, error) {
		return h.svc.ReturnLeave(c.Request.Context(), a, id)
	})))
	authed.POST("/leaves/:id/withdraw", student, auth.Answer(http.StatusOK, h.leaveStep(func(h handlers, c *gin.Context, a auth.Actor, id uuid.UUID) (Leave, error) {
		return h.svc.WithdrawLeave(c.Request.Context(), a, id)
	})))
	authed.POST("/leaves/:id/file", auth.RequireRole(auth.RoleSchoolAdmin), auth.Answer(http.StatusOK, h.leaveStep(func(h handlers, c *gin.Context, a auth.Actor, id uuid.UUID) (Leave, error) {
		return h.svc.FileLodging(c.Request.Context(), a, id)
	})))

	authed.GET("/placements/:id/assessment", auth.Answer(http.StatusOK, h.getAssessment))
	authed.PUT("/placements/:id/assessment/mentor", auth.RequireRole(auth.RoleEnterpriseMentor), auth.BindAnswer(http.StatusOK, h.writePart(SideEnterprise)))
	authed.PUT("/placements/:id/assessment/instructor", auth.RequireRole(auth.RoleTeacher), auth.BindAnswer(http.StatusOK, h.writePart(SideSchool)))
	authed.POST("/placements/:id/assessment/finalize", auth.RequireRole(auth.RoleTeacher, auth.RoleSchoolAdmin), auth.Answer(http.StatusOK, h.finalize))

	authed.GET("/plans/:id/archive", auth.RequireRole(auth.RoleSchoolAdmin, auth.RoleBureauAuditor, auth.RolePlatformAdmin),
		auth.Answer(http.StatusOK, h.archive))
}

// --- logs

type logReviewJSON struct {
	Side         Side      `json:"side"`
	ReviewerName string    `json:"reviewer_name"`
	Comment      string    `json:"comment"`
	Score        int       `json:"score"`
	CreatedAt    time.Time `json:"created_at"`
}

type logJSON struct {
	ID          uuid.UUID       `json:"id"`
	PlacementID uuid.UUID       `json:"placement_id"`
	Kind        LogKind         `json:"kind"`
	PeriodStart string          `json:"period_start"`
	Content     string          `json:"content"`
	Status      LogStatus       `json:"status"`
	Reviews     []logReviewJSON `json:"reviews"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
}

func toLogJSON(l StudentLog) logJSON {
	out := logJSON{ID: l.ID, PlacementID: l.PlacementID, Kind: l.Kind, PeriodStart: l.PeriodStart.String(), Content: l.Content,
		Status: l.Status, Reviews: []logReviewJSON{}, CreatedAt: l.CreatedAt, UpdatedAt: l.UpdatedAt}
	for _, r := range l.Reviews {
		out.Reviews = append(out.Reviews, logReviewJSON{Side: r.Side, ReviewerName: r.ReviewerName, Comment: r.Comment, Score: r.Score, CreatedAt: r.CreatedAt})
	}
	return out
}

type logListJSON struct {
	Items        []logJSON `json:"items"`
	NextCursor   *string   `json:"next_cursor"`
	LogFrequency string    `json:"log_frequency"`
}

type logRequest struct {
	Kind        string  `json:"kind"` // "log" (the school's frequency, default) or "report"
	PeriodStart *string `json:"period_start"`
	Content     string  `json:"content"`
}

func (h handlers) writeLog(c *gin.Context, a auth.Actor, req logRequest) (logJSON, error) {
	id, err := studentsParseID(c.Param("id"), "实习安排")
	if err != nil {
		return logJSON{}, err
	}
	var fe apperr.FieldErrors
	in := NewLog{Content: req.Content}
	switch req.Kind {
	case "", "log", "daily", "weekly":
	case "report":
		in.Report = true
	default:
		fe.Add("kind", "日志类型须为 log（日志/周志）或 report（实习报告）")
	}
	if req.PeriodStart != nil && *req.PeriodStart != "" {
		d, err := clock.ParseDate(*req.PeriodStart)
		if err != nil {
			fe.Add("period_start", "日期须为 YYYY-MM-DD 格式")
		} else {
			in.PeriodStart = &d
		}
	}
	l, err := h.svc.WriteLog(c.Request.Context(), a, id, in, fe)
	return toLogJSON(l), err
}

func (h handlers) listLogs(c *gin.Context, a auth.Actor) (logListJSON, error) {
	id, err := studentsParseID(c.Param("id"), "实习安排")
	if err != nil {
		return logListJSON{}, err
	}
	st, logs, err := h.svc.Logs(c.Request.Context(), a, id)
	out := logListJSON{Items: []logJSON{}, LogFrequency: st.LogFrequency}
	for _, l := range logs {
		out.Items = append(out.Items, toLogJSON(l))
	}
	return out, err
}

type reviewRequest struct {
	Comment string `json:"comment"`
	Score   *int   `json:"score"`
}

func (h handlers) reviewLog(c *gin.Context, a auth.Actor, req reviewRequest) (logJSON, error) {
	id, err := studentsParseID(c.Param("id"), "实习日志")
	if err != nil {
		return logJSON{}, err
	}
	l, err := h.svc.ReviewLog(c.Request.Context(), a, id, Review{Comment: req.Comment, Score: req.Score})
	return toLogJSON(l), err
}

// --- leave

type leaveJSON struct {
	ID                   uuid.UUID   `json:"id"`
	PlacementID          uuid.UUID   `json:"placement_id"`
	StudentName          string      `json:"student_name"`
	Kind                 LeaveKind   `json:"kind"`
	Status               LeaveStatus `json:"status"`
	StartsAt             time.Time   `json:"starts_at"`
	EndsAt               time.Time   `json:"ends_at"`
	Reason               string      `json:"reason"`
	LodgingAddress       *string     `json:"lodging_address"`
	GuardianFileID       *uuid.UUID  `json:"guardian_file_id"`
	NeedsMentor          bool        `json:"needs_mentor"`
	InstructorApprovedAt *time.Time  `json:"instructor_approved_at"`
	MentorApprovedAt     *time.Time  `json:"mentor_approved_at"`
	RejectReason         *string     `json:"reject_reason"`
	ReturnedAt           *time.Time  `json:"returned_at"`
	FiledAt              *time.Time  `json:"filed_at"`
	Permitted            bool        `json:"permitted"`
	CreatedAt            time.Time   `json:"created_at"`
}

func toLeaveJSON(l Leave) leaveJSON {
	return leaveJSON{ID: l.ID, PlacementID: l.PlacementID, StudentName: l.StudentName, Kind: l.Kind, Status: l.Status,
		StartsAt: l.StartsAt, EndsAt: l.EndsAt, Reason: l.Reason, LodgingAddress: l.LodgingAddress, GuardianFileID: l.GuardianFileID,
		NeedsMentor: l.NeedsMentor, InstructorApprovedAt: l.InstructorApprovedAt, MentorApprovedAt: l.MentorApprovedAt,
		RejectReason: l.RejectReason, ReturnedAt: l.ReturnedAt, FiledAt: l.FiledAt, Permitted: l.Permitted(), CreatedAt: l.CreatedAt}
}

type leaveRequest struct {
	PlacementID    string `json:"placement_id"`
	Kind           string `json:"kind"`
	StartsAt       string `json:"starts_at"`
	EndsAt         string `json:"ends_at"`
	Reason         string `json:"reason"`
	LodgingAddress string `json:"lodging_address"`
	GuardianFileID string `json:"guardian_file_id"`
}

func (h handlers) requestLeave(c *gin.Context, a auth.Actor, req leaveRequest) (leaveJSON, error) {
	id, err := studentsParseID(c.Param("id"), "实习安排")
	if err != nil {
		return leaveJSON{}, err
	}
	return h.leaveFor(c, a, id, req)
}

func (h handlers) requestLeaveBody(c *gin.Context, a auth.Actor, req leaveRequest) (leaveJSON, error) {
	id, err := uuid.Parse(req.PlacementID)
	if err != nil {
		return leaveJSON{}, apperr.Invalid("请假申请有误", apperr.FieldError{Field: "placement_id", Message: "请选择实习安排"})
	}
	return h.leaveFor(c, a, id, req)
}

func (h handlers) leaveFor(c *gin.Context, a auth.Actor, placementID uuid.UUID, req leaveRequest) (leaveJSON, error) {
	var fe apperr.FieldErrors
	in := NewLeave{Kind: LeaveKind(req.Kind), Reason: req.Reason, LodgingAddress: req.LodgingAddress}
	if in.Kind != KindLeave && in.Kind != KindLodging {
		fe.Add("kind", "类型须为 leave（请假）或 lodging（校外住宿）")
	}
	for _, f := range []struct {
		field, label, raw string
		dst               *time.Time
	}{{"starts_at", "开始时间", req.StartsAt, &in.StartsAt}, {"ends_at", "结束时间", req.EndsAt, &in.EndsAt}} {
		t, err := time.Parse(time.RFC3339, f.raw)
		if err != nil {
			fe.Add(f.field, f.label+"须为带时区的 RFC 3339 时间")
		}
		*f.dst = t
	}
	if req.GuardianFileID != "" {
		if id, err := uuid.Parse(req.GuardianFileID); err != nil {
			fe.Add("guardian_file_id", "监护人签字的申请表扫描件编号无效")
		} else {
			in.GuardianFileID = id
		}
	}
	l, err := h.svc.RequestLeave(c.Request.Context(), a, placementID, in, fe)
	return toLeaveJSON(l), err
}

func (h handlers) listLeaves(c *gin.Context, a auth.Actor) (struct {
	Items      []leaveJSON `json:"items"`
	NextCursor *string     `json:"next_cursor"`
}, error) {
	var out struct {
		Items      []leaveJSON `json:"items"`
		NextCursor *string     `json:"next_cursor"`
	}
	out.Items = []leaveJSON{}
	id, err := studentsParseID(c.Param("id"), "实习安排")
	if err != nil {
		return out, err
	}
	list, err := h.svc.Leaves(c.Request.Context(), a, id)
	for _, l := range list {
		out.Items = append(out.Items, toLeaveJSON(l))
	}
	return out, err
}

func (h handlers) getLeave(c *gin.Context, a auth.Actor) (leaveJSON, error) {
	id, err := studentsParseID(c.Param("id"), "请假记录")
	if err != nil {
		return leaveJSON{}, err
	}
	l, err := h.svc.Leave(c.Request.Context(), a, id)
	return toLeaveJSON(l), err
}

func (h handlers) leaveStep(fn func(h handlers, c *gin.Context, a auth.Actor, id uuid.UUID) (Leave, error)) func(c *gin.Context, a auth.Actor) (leaveJSON, error) {
	return func(c *gin.Context, a auth.Actor) (leaveJSON, error) {
		id, err := studentsParseID(c.Param("id"), "请假记录")
		if err != nil {
			return leaveJSON{}, err
		}
		l, err := fn(h, c, a, id)
		return toLeaveJSON(l), err
	}
}

type rejectRequest struct {
	Reason string `json:"reason"`
}

func (h handlers) rejectLeave(c *gin.Context, a auth.Actor, req rejectRequest) (leaveJSON, error) {
	id, err := studentsParseID(c.Param("id"), "请假记录")
	if err != nil {
		return leaveJSON{}, err
	}
	l, err := h.svc.RejectLeave(c.Request.Context(), a, id, req.Reason)
	return toLeaveJSON(l), err
}

// --- assessment

type partJSON struct {
	ProcessScore *int    `json:"process_score"`
	ResultScore  *int    `json:"result_score"`
	Comment      *string `json:"comment"`
	ByName       *string `json:"by_name"`
}

type evidenceJSON struct {
	Logs             int      `json:"logs"`
	LogsReviewed     int      `json:"logs_reviewed"`
	LogAverage       *float64 `json:"log_average"`
	Report           bool     `json:"report"`
	Talks            int      `json:"talks"`
	PatrolPresent    int      `json:"patrol_present"`
	PatrolAbsent     int      `json:"patrol_absent"`
	LeavesPermitted  int      `json:"leaves_permitted"`
	BeyondAttendance bool     `json:"beyond_attendance"`
}

type assessmentJSON struct {
	PlacementID   uuid.UUID        `json:"placement_id"`
	Status        AssessmentStatus `json:"status"`
	Mentor        partJSON         `json:"mentor"`
	Instructor    partJSON         `json:"instructor"`
	ProcessWeight int              `json:"process_weight"`
	MentorWeight  int              `json:"mentor_weight"`
	ProcessScore  *int             `json:"process_score"`
	ResultScore   *int             `json:"result_score"`
	FinalScore    *int             `json:"final_score"`
	Grade         *string          `json:"grade"`
	FinalizedAt   *time.Time       `json:"finalized_at"`
	Evidence      evidenceJSON     `json:"evidence"`
}

func toAssessmentJSON(a Assessment) assessmentJSON {
	e := a.Evidence
	part := func(p Part) partJSON {
		return partJSON{ProcessScore: p.ProcessScore, ResultScore: p.ResultScore, Comment: p.Comment, ByName: p.ByName}
	}
	return assessmentJSON{PlacementID: a.PlacementID, Status: a.Status, Mentor: part(a.Mentor), Instructor: part(a.Instructor),
		ProcessWeight: a.ProcessWeight, MentorWeight: a.MentorWeight, ProcessScore: a.ProcessScore, ResultScore: a.ResultScore,
		FinalScore: a.FinalScore, Grade: a.Grade, FinalizedAt: a.FinalizedAt,
		Evidence: evidenceJSON{Logs: e.Logs, LogsReviewed: e.LogsReviewed, LogAverage: e.LogAverage, Report: e.Report, Talks: e.Talks,
			PatrolPresent: e.PatrolPresent, PatrolAbsent: e.PatrolAbsent, LeavesPermitted: e.LeavesPermitted, BeyondAttendance: e.BeyondAttendance()}}
}

func (h handlers) getAssessment(c *gin.Context, a auth.Actor) (assessmentJSON, error) {
	id, err := studentsParseID(c.Param("id"), "实习安排")
	if err != nil {
		return assessmentJSON{}, err
	}
	out, err := h.svc.Assessment(c.Request.Context(), a, id)
	return toAssessmentJSON(out), err
}

type partRequest struct {
	ProcessScore *int   `json:"process_score"`
	ResultScore  *int   `json:"result_score"`
	Comment      string `json:"comment"`
}

func (h handlers) writePart(side Side) func(c *gin.Context, a auth.Actor, req partRequest) (assessmentJSON, error) {
	return func(c *gin.Context, a auth.Actor, req partRequest) (assessmentJSON, error) {
		id, err := studentsParseID(c.Param("id"), "实习安排")
		if err != nil {
			return assessmentJSON{}, err
		}
		out, err := h.svc.WritePart(c.Request.Context(), a, id, side, PartInput{ProcessScore: req.ProcessScore,
			ResultScore: req.ResultScore, Comment: req.Comment})
		return toAssessmentJSON(out), err
	}
}

func (h handlers) finalize(c *gin.Context, a auth.Actor) (assessmentJSON, error) {
	id, err := studentsParseID(c.Param("id"), "实习安排")
	if err != nil {
		return assessmentJSON{}, err
	}
	out, err := h.svc.Finalize(c.Request.Context(), a, id)
	return toAssessmentJSON(out), err
}

// --- archive

type archiveItemJSON struct {
	Item    string `json:"item"`
	Label   string `json:"label"`
	Present bool   `json:"present"`
}

type archivePlacementJSON struct {
	PlacementID uuid.UUID         `json:"placement_id"`
	StudentName string            `json:"student_name"`
	Status      string            `json:"status"`
	Items       []archiveItemJSON `json:"items"`
	Missing     []string          `json:"missing"`
}

type archiveJSON struct {
	PlanID     uuid.UUID              `json:"plan_id"`
	PlanTitle  string                 `json:"plan_title"`
	PlanStatus string                 `json:"plan_status"`
	FilingNo   *string                `json:"filing_no"`
	Complete   bool                   `json:"complete"`
	Placements []archivePlacementJSON `json:"placements"`
}

func (h handlers) archive(c *gin.Context, a auth.Actor) (archiveJSON, error) {
	id, err := studentsParseID(c.Param("id"), "实习方案")
	if err != nil {
		return archiveJSON{}, err
	}
	ar, err := h.svc.Archive(c.Request.Context(), a, id)
	out := archiveJSON{PlanID: ar.PlanID, PlanTitle: ar.PlanTitle, PlanStatus: ar.PlanStatus, FilingNo: ar.FilingNo,
		Complete: ar.Complete(), Placements: []archivePlacementJSON{}}
	for _, p := range ar.Placements {
		pj := archivePlacementJSON{PlacementID: p.PlacementID, StudentName: p.StudentName, Status: p.Status, Missing: p.Missing()}
		for _, it := range ArchiveItems {
			pj.Items = append(pj.Items, archiveItemJSON{Item: it.Key, Label: it.Label, Present: p.Present[it.Key]})
		}
		out.Placements = append(out.Placements, pj)
	}
	return out, err
}
