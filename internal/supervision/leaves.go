package supervision

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/placements"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/workflow"
)

// Leave (请销假) and lodging outside the dormitory (校外住宿), Art 24: the
// school keeps a leave system; the student asks, the instructor approves
// (and the mentor too when work days are missed), and the return closes the
// leave. Lodging outside the dormitory needs the guardian's signature and
// the school's filing before it counts as approved.

// LeaveKind is leave or lodging.
type LeaveKind string

const (
	KindLeave   LeaveKind = "leave"
	KindLodging LeaveKind = "lodging"
)

// LeaveStatus of a leave or lodging request.
type LeaveStatus string

const (
	LeaveRequested      LeaveStatus = "requested"
	LeaveApproved       LeaveStatus = "approved"
	LeaveRejected       LeaveStatus = "rejected"
	LeaveAwaitingFiling LeaveStatus = "awaiting_filing"
	LeaveFiled          LeaveStatus = "filed"
	LeaveReturned       LeaveStatus = "returned"
	LeaveWithdrawn      LeaveStatus = "withdrawn"
)

var leaveStatusNames = map[LeaveStatus]string{LeaveRequested: "待审批", LeaveApproved: "已批准", LeaveRejected: "未批准",
	LeaveAwaitingFiling: "待学校备案", LeaveFiled: "已备案", LeaveReturned: "已销假", LeaveWithdrawn: "已撤回"}

// Name is the status in Chinese.
func (s LeaveStatus) Name() string { return leaveStatusNames[s] }

// LeaveAction on a leave.
type LeaveAction string

const (
	// LeaveApproveOne is an approval that still waits for the other approver.
	LeaveApproveOne LeaveAction = "approve_one"
	// LeaveApprove is the approval that completes a leave.
	LeaveApprove LeaveAction = "approve"
	// LeaveApproveLodging completes the approvals of a lodging, which then waits for the school's filing.
	LeaveApproveLodging LeaveAction = "approve_lodging"
	LeaveReject         LeaveAction = "reject"
	LeaveFile           LeaveAction = "file"
	LeaveReturn         LeaveAction = "return"
	LeaveWithdraw       LeaveAction = "withdraw"
)

var approvers = []auth.Role{auth.RoleTeacher, auth.RoleEnterpriseMentor}

// LeaveLifecycle is the 请销假 table. Only an approved leave or a filed
// lodging counts as permission; both are closed by the return.
var LeaveLifecycle = workflow.Table[LeaveStatus, LeaveAction, auth.Role]{
	Subject:   "请假",
	System:    auth.RoleSystem,
	StateName: LeaveStatus.Name,
	RoleName:  auth.RoleName,
	Edges: map[LeaveAction]workflow.Edge[LeaveStatus, auth.Role]{
		LeaveApproveOne:     {From: []LeaveStatus{LeaveRequested}, To: LeaveRequested, By: approvers},
		LeaveApprove:        {From: []LeaveStatus{LeaveRequested}, To: LeaveApproved, By: approvers},
		LeaveApproveLodging: {From: []LeaveStatus{LeaveRequested}, To: LeaveAwaitingFiling, By: approvers},
		LeaveReject:         {From: []LeaveStatus{LeaveRequested}, To: LeaveRejected, By: approvers},
		LeaveFile:           {From: []LeaveStatus{LeaveAwaitingFiling}, To: LeaveFiled, By: []auth.Role{auth.RoleSchoolAdmin}},
		LeaveReturn:         {From: []LeaveStatus{LeaveApproved, LeaveFiled}, To: LeaveReturned, By: approvers},
		// The student may take back a request that is still open or a
		// permission not yet used (WithdrawLeave refuses once it has begun).
		LeaveWithdraw: {From: []LeaveStatus{LeaveRequested, LeaveAwaitingFiling, LeaveApproved, LeaveFiled}, To: LeaveWithdrawn,
			By: []auth.Role{auth.RoleStudent}},
	},
}

// Leave is one request.
type Leave struct {
	ID                   uuid.UUID
	PlacementID          uuid.UUID
	StudentName          string
	Kind                 LeaveKind
	Status               LeaveStatus
	StartsAt, EndsAt     time.Time
	Reason               string
	LodgingAddress       *string
	GuardianFileID       *uuid.UUID
	NeedsMentor          bool
	InstructorApprovedAt *time.Time
	InstructorID         *uuid.UUID
	MentorApprovedAt     *time.Time
	MentorID             *uuid.UUID
	RejectReason         *string
	ReturnedAt           *time.Time
	FiledAt              *time.Time
	FiledBy              *uuid.UUID
	CreatedAt, UpdatedAt time.Time
}

// Permitted reports whether the leave counts as permission: approved, or
// for lodging approved and filed by the school.
func (l Leave) Permitted() bool { return l.Status == LeaveApproved || l.Status == LeaveFiled }

// NewLeave is what the student asks for.
type NewLeave struct {
	Kind           LeaveKind
	StartsAt       time.Time
	EndsAt         time.Time
	Reason         string
	LodgingAddress string
	GuardianFileID uuid.UUID
}

// RuleLeavePeriod names the leave whose end is not after its start.
const RuleLeavePeriod = "R-LEAVE-PERIOD"

// MaxLeaveDays bounds one request; longer absences are a suspension or a
// termination, which the school decides on the placement.
const MaxLeaveDays = 60

// RequestLeave stores the student's request. fe holds what the edge found
// wrong; a request that ends before it starts is refused by rule (422,
// naming ends_at). Nothing is written unless everything is right.
func (s *Service) RequestLeave(ctx context.Context, actor auth.Actor, placementID uuid.UUID, in NewLeave, fe apperr.FieldErrors) (Leave, error) {
	p, _, err := s.placementAs(ctx, actor, placementID, SideStudent)
	if err != nil {
		return Leave{}, err
	}
	fe.Text("reason", "请假事由", in.Reason, 1, 2000)
	if in.Kind == KindLodging {
		fe.Text("lodging_address", "校外住宿地址", in.LodgingAddress, 1, 200)
		if in.GuardianFileID == uuid.Nil {
			if !fe.Has("guardian_file_id") {
				fe.Add("guardian_file_id", "校外住宿须上传监护人签字的申请表扫描件")
			}
		} else if f, err := s.files.ByID(ctx, nil, in.GuardianFileID); err != nil || f.UploadedBy != actor.UserID {
			// The student's own upload only: the school shares files by
			// organisation, but a guardian's signature is the family's word
			// and must come from the family's side, not from a staff upload.
			fe.Add("guardian_file_id", "监护人签字的申请表扫描件不存在，请重新上传")
		}
	}
	if err := fe.Err("请假申请有误"); err != nil {
		return Leave{}, err
	}
	if !in.EndsAt.After(in.StartsAt) {
		return Leave{}, apperr.RuleViolation([]apperr.Violation{{Rule: RuleLeavePeriod, Article: "24",
			Message: "结束时间须晚于开始时间", Subject: "ends_at"}})
	}
	if in.EndsAt.Sub(in.StartsAt) > MaxLeaveDays*24*time.Hour {
		return Leave{}, apperr.Invalid("请假申请有误", apperr.FieldError{Field: "ends_at",
			Message: fmt.Sprintf("一次请假不能超过 %d 天", MaxLeaveDays)})
	}
	if p.Status != placements.StatusActive {
		return Leave{}, apperr.Conflict("PLACEMENT_NOT_ACTIVE", "只能在实习进行中请假")
	}
	needsMentor := false
	if in.Kind == KindLeave {
		// The mentor approves only leave that takes working days from the
		// host; lodging changes where the student sleeps, not when they work,
		// and is the school's responsibility (Art 24).
		from, to := clock.BusinessDay(in.StartsAt), clock.BusinessDay(in.EndsAt.Add(-time.Nanosecond))
		cal, err := clock.LoadCalendar(ctx, s.pool, from, to)
		if err != nil {
			return Leave{}, err
		}
		needsMentor = cal.WorkingDaysBetween(from, to.AddDays(1)) > 0
	}
	l := Leave{ID: uuid.Must(uuid.NewV7()), PlacementID: p.ID, StudentName: p.StudentName, Kind: in.Kind, Status: LeaveRequested,
		StartsAt: in.StartsAt.UTC(), EndsAt: in.EndsAt.UTC(), Reason: in.Reason, NeedsMentor: needsMentor}
	if in.Kind == KindLodging {
		addr, file := in.LodgingAddress, in.GuardianFileID
		l.LodgingAddress, l.GuardianFileID = &addr, &file
	}
	err = postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.clock.Now()
		l.CreatedAt, l.UpdatedAt = now, now
		if _, err := tx.Exec(ctx, `INSERT INTO leaves (id, placement_id, kind, status, starts_at, ends_at, reason, lodging_address,
			guardian_file_id, needs_mentor, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
			l.ID, l.PlacementID, l.Kind, l.Status, l.StartsAt, l.EndsAt, l.Reason, l.LodgingAddress, l.GuardianFileID, l.NeedsMentor, now); err != nil {
			return postgres.Translate(err, "supervision: insert leave")
		}
		if l.GuardianFileID != nil {
			if err := s.files.MarkAttached(ctx, tx, *l.GuardianFileID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "leave.request", SubjectType: "leave", SubjectID: l.ID.String(),
			DivisionCode: p.SchoolDivision, After: leaveAudit(l)})
	})
	return l, err
}

func leaveAudit(l Leave) map[string]any {
	return map[string]any{"status": l.Status, "kind": l.Kind, "placement_id": l.PlacementID, "starts_at": l.StartsAt,
		"ends_at": l.EndsAt, "needs_mentor": l.NeedsMentor, "guardian_file_id": l.GuardianFileID, "reject_reason": l.RejectReason}
}

const leaveSelect = `SELECT lv.id, lv.placement_id, st.name, lv.kind, lv.status, lv.starts_at, lv.ends_at, lv.reason, lv.lodging_address,
	lv.guardian_file_id, lv.needs_mentor, lv.instructor_approved_at, lv.instructor_id, lv.mentor_approved_at, lv.mentor_id,
	lv.reject_reason, lv.returned_at, lv.filed_at, lv.filed_by, lv.created_at, lv.updated_at
	FROM leaves lv JOIN placements pl ON pl.id = lv.placement_id JOIN students st ON st.id = pl.student_id`

func scanLeave(row pgx.CollectableRow) (Leave, error) {
	var l Leave
	err := row.Scan(&l.ID, &l.PlacementID, &l.StudentName, &l.Kind, &l.Status, &l.StartsAt, &l.EndsAt, &l.Reason, &l.LodgingAddress,
		&l.GuardianFileID, &l.NeedsMentor, &l.InstructorApprovedAt, &l.InstructorID, &l.MentorApprovedAt, &l.MentorID,
		&l.RejectReason, &l.ReturnedAt, &l.FiledAt, &l.FiledBy, &l.CreatedAt, &l.UpdatedAt)
	return l, err
}

func getLeave(ctx context.Context, db postgres.DBTX, id uuid.UUID, lock bool) (Leave, error) {
	q := leaveSelect + ` WHERE lv.id = $1`
	if lock {
		q += ` FOR UPDATE OF lv`
	}
	rows, err := db.Query(ctx, q, id)
	if err != nil {
		return Leave{}, postgres.Translate(err, "supervision: get leave")
	}
	l, err := pgx.CollectExactlyOneRow(rows, scanLeave)
	if err == pgx.ErrNoRows {
		return l, apperr.NotFound("请假记录不存在")
	}
	return l, postgres.Translate(err, "supervision: get leave")
}

// Leave reads one request for whoever may read its placement.
func (s *Service) Leave(ctx context.Context, actor auth.Actor, id uuid.UUID) (Leave, error) {
	l, err := getLeave(ctx, s.pool, id, false)
	if err != nil {
		return l, err
	}
	if _, err := s.placements.Get(ctx, actor, l.PlacementID); err != nil {
		return Leave{}, apperr.NotFound("请假记录不存在")
	}
	return l, nil
}

// Leaves lists a placement's requests, newest first.
func (s *Service) Leaves(ctx context.Context, actor auth.Actor, placementID uuid.UUID) ([]Leave, error) {
	p, err := s.placements.Get(ctx, actor, placementID)
	if err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, leaveSelect+` WHERE lv.placement_id = $1 ORDER BY lv.starts_at DESC, lv.id DESC`, p.ID)
	if err != nil {
		return nil, postgres.Translate(err, "supervision: list leaves")
	}
	out, err := pgx.CollectRows(rows, scanLeave)
	return out, postgres.Translate(err, "supervision: list leaves")
}

// changeLeave locks the leave, checks the actor may see its placement (404
// otherwise), lets decide pick the action and fill the row, applies the
// lifecycle, saves and audits, all in one transaction.
func (s *Service) changeLeave(ctx context.Context, actor auth.Actor, id uuid.UUID,
	decide func(l *Leave, p placements.Placement, now time.Time) (LeaveAction, error)) (Leave, error) {
	var out Leave
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		l, err := getLeave(ctx, tx, id, true)
		if err != nil {
			return err
		}
		p, err := s.placements.Get(ctx, actor, l.PlacementID)
		if err != nil {
			return apperr.NotFound("请假记录不存在")
		}
		before := l.Status
		now := s.clock.Now()
		action, err := decide(&l, p, now)
		if err != nil {
			return err
		}
		to, err := LeaveLifecycle.Apply(l.Status, action, actor.Role)
		if err != nil {
			return err
		}
		l.Status, l.UpdatedAt = to, now
		if _, err := tx.Exec(ctx, `UPDATE leaves SET status = $2, instructor_approved_at = $3, instructor_id = $4, mentor_approved_at = $5,
			mentor_id = $6, reject_reason = $7, returned_at = $8, returned_by = $9, filed_at = $10, filed_by = $11, updated_at = $12 WHERE id = $1`,
			l.ID, l.Status, l.InstructorApprovedAt, l.InstructorID, l.MentorApprovedAt, l.MentorID, l.RejectReason, l.ReturnedAt,
			returnedBy(l, action, actor), l.FiledAt, l.FiledBy, now); err != nil {
			return postgres.Translate(err, "supervision: save leave")
		}
		out = l
		return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "leave." + string(action), SubjectType: "leave", SubjectID: l.ID.String(),
			DivisionCode: p.SchoolDivision, Before: map[string]any{"status": before}, After: leaveAudit(l)})
	})
	return out, err
}

func returnedBy(l Leave, action LeaveAction, actor auth.Actor) *uuid.UUID {
	if action != LeaveReturn {
		return nil
	}
	id := actor.UserID
	return &id
}

// approverSide is the side the actor approves for, or why they may not.
func approverSide(actor auth.Actor, l Leave, p placements.Placement) (Side, error) {
	side := SideOf(actor, p)
	switch {
	case side == SideSchool:
		return side, nil
	case side == SideEnterprise && l.NeedsMentor:
		return side, nil
	case side == SideEnterprise:
		return "", apperr.Forbidden("这次请假不占工作日，由学校指导教师审批，无需企业导师审批")
	}
	return "", apperr.Forbidden("只有该学生的学校指导教师或企业导师可以审批请假")
}

// ApproveLeave records the instructor's or (for working days) the mentor's
// approval; the last one needed approves the leave, or for lodging sends it
// to the school for filing.
func (s *Service) ApproveLeave(ctx context.Context, actor auth.Actor, id uuid.UUID) (Leave, error) {
	return s.changeLeave(ctx, actor, id, func(l *Leave, p placements.Placement, now time.Time) (LeaveAction, error) {
		side, err := approverSide(actor, *l, p)
		if err != nil {
			return "", err
		}
		if l.Status == LeaveRequested {
			if (side == SideSchool && l.InstructorApprovedAt != nil) || (side == SideEnterprise && l.MentorApprovedAt != nil) {
				return "", apperr.Conflict("ALREADY_APPROVED", sideNames[side]+"已审批过这次请假")
			}
		}
		uid := actor.UserID
		if side == SideSchool {
			l.InstructorApprovedAt, l.InstructorID = &now, &uid
		} else {
			l.MentorApprovedAt, l.MentorID = &now, &uid
		}
		switch {
		case l.InstructorApprovedAt == nil || (l.NeedsMentor && l.MentorApprovedAt == nil):
			return LeaveApproveOne, nil
		case l.Kind == KindLodging:
			return LeaveApproveLodging, nil
		}
		return LeaveApprove, nil
	})
}

// RejectLeave refuses the request with a reason.
func (s *Service) RejectLeave(ctx context.Context, actor auth.Actor, id uuid.UUID, reason string) (Leave, error) {
	return s.changeLeave(ctx, actor, id, func(l *Leave, p placements.Placement, _ time.Time) (LeaveAction, error) {
		if _, err := approverSide(actor, *l, p); err != nil {
			return "", err
		}
		r, err := apperr.RequiredText("reason", "不批准的理由", reason, 500)
		if err != nil {
			return "", err
		}
		l.RejectReason = &r
		return LeaveReject, nil
	})
}

// FileLodging is the school's filing (备案) of an approved lodging, after
// which it counts as permitted (Art 24).
func (s *Service) FileLodging(ctx context.Context, actor auth.Actor, id uuid.UUID) (Leave, error) {
	return s.changeLeave(ctx, actor, id, func(l *Leave, p placements.Placement, now time.Time) (LeaveAction, error) {
		if !actorIsSchoolAdminOf(actor, p) {
			return "", apperr.Forbidden("只有学生所在学校的管理员可以备案校外住宿")
		}
		if l.Kind != KindLodging {
			return "", apperr.Conflict("NOT_LODGING", "只有校外住宿需要学校备案")
		}
		uid := actor.UserID
		l.FiledAt, l.FiledBy = &now, &uid
		return LeaveFile, nil
	})
}

// ReturnLeave is the return confirmation (销假) by the instructor or the
// mentor, who see the student back; it closes the leave.
func (s *Service) ReturnLeave(ctx context.Context, actor auth.Actor, id uuid.UUID) (Leave, error) {
	return s.changeLeave(ctx, actor, id, func(l *Leave, p placements.Placement, now time.Time) (LeaveAction, error) {
		if !reviewSide(SideOf(actor, p)) {
			return "", apperr.Forbidden("只有该学生的学校指导教师或企业导师可以确认销假")
		}
		l.ReturnedAt = &now
		return LeaveReturn, nil
	})
}

// WithdrawLeave is the student taking back their own request: while it is
// undecided, or once permitted as long as the leave has not begun. A leave
// under way is closed by the return confirmation instead, so that the
// instructor, who answers for the student's whereabouts (Art 24), sees the
// student back rather than a request that silently disappears.
func (s *Service) WithdrawLeave(ctx context.Context, actor auth.Actor, id uuid.UUID) (Leave, error) {
	return s.changeLeave(ctx, actor, id, func(l *Leave, p placements.Placement, now time.Time) (LeaveAction, error) {
		if SideOf(actor, p) != SideStudent {
			return "", apperr.Forbidden("只有提出请假的学生本人可以撤回")
		}
		if l.Permitted() && !now.Before(l.StartsAt) {
			return "", apperr.Conflict("LEAVE_STARTED", "请假已开始，不能撤回；返回后请指导教师或企业导师确认销假")
		}
		return LeaveWithdraw, nil
	})
}
