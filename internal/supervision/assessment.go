package supervision

import (
	"context"
	"errors"
	"math"
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

// The end-of-placement assessment (实习考核), Art 27: process and result
// combined, the enterprise mentor's and the school instructor's judgement
// weighted as the school set, and never resting on attendance alone.

// AssessmentStatus of a placement's assessment.
type AssessmentStatus string

const (
	AssessmentOpen      AssessmentStatus = "open"
	AssessmentFinalized AssessmentStatus = "finalized"
)

var assessmentStatusNames = map[AssessmentStatus]string{AssessmentOpen: "评定中", AssessmentFinalized: "已定成绩"}

// Name is the status in Chinese.
func (s AssessmentStatus) Name() string { return assessmentStatusNames[s] }

// AssessmentAction on an assessment.
type AssessmentAction string

const (
	AssessMentorPart     AssessmentAction = "mentor_part"
	AssessInstructorPart AssessmentAction = "instructor_part"
	AssessFinalize       AssessmentAction = "finalize"
)

// AssessmentLifecycle: each side writes (and may rewrite) its part while the
// assessment is open; the instructor or the school administrator finalises
// it, after which nothing changes.
var AssessmentLifecycle = workflow.Table[AssessmentStatus, AssessmentAction, auth.Role]{
	Subject:   "实习考核",
	System:    auth.RoleSystem,
	StateName: AssessmentStatus.Name,
	RoleName:  auth.RoleName,
	Edges: map[AssessmentAction]workflow.Edge[AssessmentStatus, auth.Role]{
		AssessMentorPart:     {From: []AssessmentStatus{AssessmentOpen}, To: AssessmentOpen, By: []auth.Role{auth.RoleEnterpriseMentor}},
		AssessInstructorPart: {From: []AssessmentStatus{AssessmentOpen}, To: AssessmentOpen, By: []auth.Role{auth.RoleTeacher}},
		AssessFinalize: {From: []AssessmentStatus{AssessmentOpen}, To: AssessmentFinalized,
			By: []auth.Role{auth.RoleTeacher, auth.RoleSchoolAdmin}},
	},
}

// Part is one side's judgement: a process score (how the student worked
// over the placement, read from logs, joint records and attendance) and a
// result score (what the student achieved: the report, the work, skills).
type Part struct {
	ProcessScore *int
	ResultScore  *int
	Comment      *string
	ByName       *string
}

// Evidence is what the process part may rest on, counted for the assessors.
type Evidence struct {
	Logs            int      // periodic logs written
	LogsReviewed    int      // of them, reviewed by at least one side
	LogAverage      *float64 // mean review score over logs and report
	Report          bool     // the internship report is in
	Talks           int      // talk and evaluation records countersigned
	PatrolPresent   int      // patrol lines with the student present
	PatrolAbsent    int      // and absent
	LeavesPermitted int      // leave or lodging permitted
}

// BeyondAttendance reports whether the process has evidence other than
// attendance: a reviewed log or report, or a countersigned talk or
// evaluation. Patrol lines and leave only say whether the student was there.
func (e Evidence) BeyondAttendance() bool { return e.LogsReviewed > 0 || e.Talks > 0 }

// Assessment of one placement.
type Assessment struct {
	PlacementID   uuid.UUID
	Status        AssessmentStatus
	Mentor        Part
	Instructor    Part
	ProcessWeight int // in force: the school's now, or frozen at finalisation
	MentorWeight  int
	ProcessScore  *int
	ResultScore   *int
	FinalScore    *int
	Grade         *string
	FinalizedAt   *time.Time
	Evidence      Evidence
	UpdatedAt     *time.Time
}

// Rules of finalisation (Art 27).
const (
	RuleAssessParts      = "R-ASSESS-PARTS"
	RuleAssessAttendance = "R-ASSESS-ATTENDANCE"
	RuleAssessEnded      = "R-ASSESS-ENDED"
)

// Grade is the band of a final score out of 100.
func Grade(score int) string {
	switch {
	case score >= 90:
		return "excellent"
	case score >= 75:
		return "good"
	case score >= 60:
		return "pass"
	}
	return "fail"
}

// Combine computes the grade from both parts with the school's weights:
// the process score is the mean of both sides' process scores, the result
// score weighs the mentor's by mentorWeight and the instructor's by the
// rest, and the final score weighs process by processWeight and result by
// the rest. Rounded half up at the end only, so no side loses a point to
// rounding twice.
func Combine(mentor, instructor Part, processWeight, mentorWeight int) (process, result, final int) {
	p := float64(*mentor.ProcessScore+*instructor.ProcessScore) / 2
	r := (float64(*mentor.ResultScore)*float64(mentorWeight) + float64(*instructor.ResultScore)*float64(100-mentorWeight)) / 100
	f := (p*float64(processWeight) + r*float64(100-processWeight)) / 100
	return int(math.Round(p)), int(math.Round(r)), int(math.Round(f))
}

func (s *Service) assessmentPlacement(ctx context.Context, actor auth.Actor, id uuid.UUID) (placements.Placement, error) {
	return s.placements.Get(ctx, actor, id)
}

// Assessment reads a placement's assessment (empty parts until written)
// with the evidence and the weights in force.
func (s *Service) Assessment(ctx context.Context, actor auth.Actor, placementID uuid.UUID) (Assessment, error) {
	p, err := s.assessmentPlacement(ctx, actor, placementID)
	if err != nil {
		return Assessment{}, err
	}
	return s.readAssessment(ctx, s.pool, p, false)
}

func (s *Service) readAssessment(ctx context.Context, db postgres.DBTX, p placements.Placement, lock bool) (Assessment, error) {
	a := Assessment{PlacementID: p.ID, Status: AssessmentOpen}
	q := `SELECT a.status, a.mentor_process_score, a.mentor_score, a.mentor_comment, mu.display_name,
		a.instructor_process_score, a.instructor_score, a.instructor_comment, iu.display_name,
		a.process_weight, a.mentor_weight, a.process_score, a.final_score, a.grade, a.finalized_at, a.updated_at
		FROM assessments a LEFT JOIN users mu ON mu.id = a.mentor_id LEFT JOIN users iu ON iu.id = a.instructor_id
		WHERE a.placement_id = $1`
	if lock {
		q += ` FOR UPDATE OF a`
	}
	var pw, mw *int
	var updated time.Time
	err := db.QueryRow(ctx, q, p.ID).Scan(&a.Status, &a.Mentor.ProcessScore, &a.Mentor.ResultScore, &a.Mentor.Comment, &a.Mentor.ByName,
		&a.Instructor.ProcessScore, &a.Instructor.ResultScore, &a.Instructor.Comment, &a.Instructor.ByName,
		&pw, &mw, &a.ProcessScore, &a.FinalScore, &a.Grade, &a.FinalizedAt, &updated)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return a, postgres.Translate(err, "supervision: get assessment")
	default:
		a.UpdatedAt = &updated
	}
	if pw != nil && mw != nil {
		a.ProcessWeight, a.MentorWeight = *pw, *mw
	} else {
		st, err := SettingsOf(ctx, db, p.SchoolID)
		if err != nil {
			return a, err
		}
		a.ProcessWeight, a.MentorWeight = st.ProcessWeight, st.MentorWeight
	}
	if a.FinalScore != nil && a.Mentor.ResultScore != nil && a.Instructor.ResultScore != nil {
		r := int(math.Round((float64(*a.Mentor.ResultScore)*float64(a.MentorWeight) + float64(*a.Instructor.ResultScore)*float64(100-a.MentorWeight)) / 100))
		a.ResultScore = &r
	}
	a.Evidence, err = evidenceOf(ctx, db, p.ID)
	return a, err
}

// evidenceOf counts the process evidence. Joint records are read from
// supervision_records as 00014 defines it (another part of this package
// writes them).
func evidenceOf(ctx context.Context, db postgres.DBTX, placementID uuid.UUID) (Evidence, error) {
	var e Evidence
	err := db.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM student_logs WHERE placement_id = $1 AND kind <> 'report'),
		(SELECT count(*) FROM student_logs l WHERE l.placement_id = $1 AND EXISTS (SELECT 1 FROM student_log_reviews r WHERE r.log_id = l.id)),
		(SELECT avg(r.score)::float8 FROM student_log_reviews r JOIN student_logs l ON l.id = r.log_id WHERE l.placement_id = $1),
		EXISTS (SELECT 1 FROM student_logs WHERE placement_id = $1 AND kind = 'report'),
		(SELECT count(*) FROM supervision_records WHERE placement_id = $1 AND kind IN ('talk', 'evaluation') AND status = 'countersigned'),
		(SELECT count(*) FROM supervision_records WHERE placement_id = $1 AND attendance = 'present'),
		(SELECT count(*) FROM supervision_records WHERE placement_id = $1 AND attendance = 'absent'),
		(SELECT count(*) FROM leaves WHERE placement_id = $1 AND status IN ('approved', 'filed', 'returned'))`, placementID).
		Scan(&e.Logs, &e.LogsReviewed, &e.LogAverage, &e.Report, &e.Talks, &e.PatrolPresent, &e.PatrolAbsent, &e.LeavesPermitted)
	return e, postgres.Translate(err, "supervision: evidence")
}

// PartInput is one side's part as written.
type PartInput struct {
	ProcessScore *int
	ResultScore  *int
	Comment      string
}

func checkPart(in PartInput) error {
	var fe apperr.FieldErrors
	for _, f := range []struct {
		field, label string
		v            *int
	}{{"process_score", "过程考核分", in.ProcessScore}, {"result_score", "结果考核分", in.ResultScore}} {
		if f.v == nil {
			fe.Add(f.field, "请填写"+f.label)
		} else if *f.v < 0 || *f.v > 100 {
			fe.Add(f.field, f.label+"须为 0 到 100 分")
		}
	}
	fe.Text("comment", "考核评语", in.Comment, 1, 2000)
	return fe.Err("考核内容有误")
}

// WritePart stores the mentor's or the instructor's part: side says which,
// and the actor must be that side of the placement.
func (s *Service) WritePart(ctx context.Context, actor auth.Actor, placementID uuid.UUID, side Side, in PartInput) (Assessment, error) {
	want := map[Side]string{SideEnterprise: "企业导师", SideSchool: "学校指导教师"}[side]
	p, err := s.assessmentPlacement(ctx, actor, placementID)
	if err != nil {
		return Assessment{}, err
	}
	if SideOf(actor, p) != side {
		return Assessment{}, apperr.Forbidden("只有该学生的" + want + "可以填写这部分考核")
	}
	if err := checkPart(in); err != nil {
		return Assessment{}, err
	}
	if !internshipTookPlace(p) {
		return Assessment{}, apperr.Conflict("INTERNSHIP_NOT_STARTED", "实习尚未开始，不能考核")
	}
	action := AssessMentorPart
	cols := "mentor_process_score = $2, mentor_score = $3, mentor_comment = $4, mentor_id = $5"
	if side == SideSchool {
		action = AssessInstructorPart
		cols = "instructor_process_score = $2, instructor_score = $3, instructor_comment = $4, instructor_id = $5"
	}
	var out Assessment
	err = postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.clock.Now()
		if _, err := tx.Exec(ctx, `INSERT INTO assessments (placement_id, updated_at) VALUES ($1, $2) ON CONFLICT (placement_id) DO NOTHING`,
			p.ID, now); err != nil {
			return postgres.Translate(err, "supervision: open assessment")
		}
		a, err := s.readAssessment(ctx, tx, p, true)
		if err != nil {
			return err
		}
		if _, err := AssessmentLifecycle.Apply(a.Status, action, actor.Role); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE assessments SET `+cols+`, updated_at = $6 WHERE placement_id = $1`,
			p.ID, *in.ProcessScore, *in.ResultScore, in.Comment, actor.UserID, now); err != nil {
			return postgres.Translate(err, "supervision: write part")
		}
		if err := audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "assessment." + string(action), SubjectType: "placement",
			SubjectID: p.ID.String(), DivisionCode: p.SchoolDivision,
			After: map[string]any{"process_score": *in.ProcessScore, "result_score": *in.ResultScore, "status": a.Status}}); err != nil {
			return err
		}
		out, err = s.readAssessment(ctx, tx, p, false)
		return err
	})
	return out, err
}

// Finalize fixes the grade. Art 27 says the assessment combines process and
// result and may not rest on attendance alone; read for the student, that
// means a grade needs (1) both sides' parts, so neither the host nor the
// school grades alone, and (2) process evidence beyond attendance (a
// reviewed log or report, or a countersigned talk or evaluation), so that
// turning up, or being marked absent, is never all a grade stands on. A
// placement is finalised once it has ended (or its last day has come), so
// that no later log is left out.
func (s *Service) Finalize(ctx context.Context, actor auth.Actor, placementID uuid.UUID) (Assessment, error) {
	p, err := s.assessmentPlacement(ctx, actor, placementID)
	if err != nil {
		return Assessment{}, err
	}
	if SideOf(actor, p) != SideSchool && !actorIsSchoolAdminOf(actor, p) {
		return Assessment{}, apperr.Forbidden("只有该学生的学校指导教师或学校管理员可以确定考核成绩")
	}
	var out Assessment
	err = postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.clock.Now()
		if _, err := tx.Exec(ctx, `INSERT INTO assessments (placement_id, updated_at) VALUES ($1, $2) ON CONFLICT (placement_id) DO NOTHING`,
			p.ID, now); err != nil {
			return postgres.Translate(err, "supervision: open assessment")
		}
		a, err := s.readAssessment(ctx, tx, p, true)
		if err != nil {
			return err
		}
		before := a.Status
		to, err := AssessmentLifecycle.Apply(a.Status, AssessFinalize, actor.Role)
		if err != nil {
			return err
		}
		var v []apperr.Violation
		today := clock.BusinessDay(now)
		if p.Status == placements.StatusActive && today.Before(p.EndsOn) || !internshipTookPlace(p) {
			v = append(v, apperr.Violation{Rule: RuleAssessEnded, Article: "27", Subject: "placement",
				Message: "实习结束（或到最后一天）后才能确定考核成绩，以免遗漏之后的日志与记录"})
		}
		if a.Mentor.ResultScore == nil || a.Instructor.ResultScore == nil {
			v = append(v, apperr.Violation{Rule: RuleAssessParts, Article: "27", Subject: "parts",
				Message: "考核须由企业导师和学校指导教师共同评定：双方的过程与结果评分都填写后才能确定成绩"})
		}
		if !a.Evidence.BeyondAttendance() {
			v = append(v, apperr.Violation{Rule: RuleAssessAttendance, Article: "27", Subject: "process",
				Message: "考核不得仅以出勤情况为依据：须至少有一篇经批阅的实习日志或报告，或一份双方签认的谈心、评价记录"})
		}
		if len(v) > 0 {
			return apperr.RuleViolation(v)
		}
		process, _, final := Combine(a.Mentor, a.Instructor, a.ProcessWeight, a.MentorWeight)
		grade := Grade(final)
		if _, err := tx.Exec(ctx, `UPDATE assessments SET status = $2, process_score = $3, final_score = $4, grade = $5,
			process_weight = $6, mentor_weight = $7, finalized_at = $8, finalized_by = $9, updated_at = $8 WHERE placement_id = $1`,
			p.ID, to, process, final, grade, a.ProcessWeight, a.MentorWeight, now, actor.UserID); err != nil {
			return postgres.Translate(err, "supervision: finalize")
		}
		if err := audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "assessment.finalize", SubjectType: "placement",
			SubjectID: p.ID.String(), DivisionCode: p.SchoolDivision, Before: map[string]any{"status": before},
			After: map[string]any{"status": to, "process_score": process, "final_score": final, "grade": grade,
				"process_weight": a.ProcessWeight, "mentor_weight": a.MentorWeight}}); err != nil {
			return err
		}
		out, err = s.readAssessment(ctx, tx, p, false)
		return err
	})
	return out, err
}
