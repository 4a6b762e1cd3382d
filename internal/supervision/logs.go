package supervision

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/workflow"
)

// Student logs (实习日志/周报) and the internship report (实习报告), Art 21:
// the student keeps a log at the school's frequency and writes a report at
// the end; the school instructor and the enterprise mentor each review with
// a comment and a score.

// LogKind is daily, weekly or report.
type LogKind string

const (
	LogDaily  LogKind = "daily"
	LogWeekly LogKind = "weekly"
	LogReport LogKind = "report"
)

// LogStatus of a student log.
type LogStatus string

const (
	LogSubmitted LogStatus = "submitted"
	LogReviewed  LogStatus = "reviewed"
)

var logStatusNames = map[LogStatus]string{LogSubmitted: "待批阅", LogReviewed: "已批阅"}

// Name is the status in Chinese.
func (s LogStatus) Name() string { return logStatusNames[s] }

// LogAction on a log.
type LogAction string

const (
	// LogReviewOne is the first side's review: the log waits for the other side.
	LogReviewOne LogAction = "review_one"
	// LogReviewLast is the review that completes both sides.
	LogReviewLast LogAction = "review_last"
)

// LogLifecycle: a submitted log stays submitted until both the instructor
// and the mentor have reviewed it. Which edge a review takes is decided by
// the service from the reviews already on file.
var LogLifecycle = workflow.Table[LogStatus, LogAction, auth.Role]{
	Subject:   "实习日志",
	System:    auth.RoleSystem,
	StateName: LogStatus.Name,
	RoleName:  auth.RoleName,
	Edges: map[LogAction]workflow.Edge[LogStatus, auth.Role]{
		LogReviewOne:  {From: []LogStatus{LogSubmitted}, To: LogSubmitted, By: []auth.Role{auth.RoleTeacher, auth.RoleEnterpriseMentor}},
		LogReviewLast: {From: []LogStatus{LogSubmitted}, To: LogReviewed, By: []auth.Role{auth.RoleTeacher, auth.RoleEnterpriseMentor}},
	},
}

// StudentLog is one log or the report.
type StudentLog struct {
	ID          uuid.UUID
	PlacementID uuid.UUID
	Kind        LogKind
	PeriodStart clock.Date
	Content     string
	Status      LogStatus
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Reviews     []LogReview
}

// LogReview is one side's review.
type LogReview struct {
	Side         Side
	ReviewerID   uuid.UUID
	ReviewerName string
	Comment      string
	Score        int
	CreatedAt    time.Time
}

// Reviewed reports whether the side has reviewed the log.
func (l StudentLog) Reviewed(side Side) bool {
	for _, r := range l.Reviews {
		if r.Side == side {
			return true
		}
	}
	return false
}

// PeriodOf is the first day of the period a day falls in: the day itself
// for daily logs, the Monday of its ISO week for weekly ones.
func PeriodOf(freq LogKind, d clock.Date) clock.Date {
	if freq != LogWeekly {
		return d
	}
	wd := int(d.Weekday())
	if wd == 0 {
		wd = 7
	}
	return d.AddDays(1 - wd)
}

// NewLog is what the student writes.
type NewLog struct {
	Report      bool        // the internship report rather than a periodic log
	PeriodStart *clock.Date // a day of the period (nil: today)
	Content     string
}

// MaxLogChars bounds a log or report (the column allows 20000).
const MaxLogChars = 20000

// WriteLog stores the student's log for a period (or the report). fe holds
// what the edge already found wrong; every problem is named at once and
// nothing is written unless all are fixed.
func (s *Service) WriteLog(ctx context.Context, actor auth.Actor, placementID uuid.UUID, in NewLog, fe apperr.FieldErrors) (StudentLog, error) {
	p, _, err := s.placementAs(ctx, actor, placementID, SideStudent)
	if err != nil {
		return StudentLog{}, err
	}
	fe.Text("content", "日志内容", in.Content, 1, MaxLogChars)
	st, err := SettingsOf(ctx, s.pool, p.SchoolID)
	if err != nil {
		return StudentLog{}, err
	}
	today := clock.BusinessDay(s.clock.Now())
	l := StudentLog{ID: uuid.Must(uuid.NewV7()), PlacementID: p.ID, Content: in.Content, Status: LogSubmitted}
	if in.Report {
		// One report per placement: its period is the placement itself.
		l.Kind, l.PeriodStart = LogReport, p.StartsOn
	} else {
		l.Kind = LogKind(st.LogFrequency)
		day := today
		if in.PeriodStart != nil {
			day = *in.PeriodStart
		}
		// A log speaks of days at the host: not before the placement began,
		// not after it ended, and not of days still to come.
		switch {
		case today.Before(day):
			fe.Add("period_start", "不能为尚未到来的日期填写日志")
		case day.Before(p.StartsOn) || p.EndsOn.Before(day):
			fe.Add("period_start", fmt.Sprintf("日志日期须在实习期 %s 至 %s 之内", p.StartsOn, p.EndsOn))
		}
		l.PeriodStart = PeriodOf(l.Kind, day)
	}
	if err := fe.Err("实习日志有误"); err != nil {
		return StudentLog{}, err
	}
	if !internshipTookPlace(p) {
		return StudentLog{}, apperr.Conflict("INTERNSHIP_NOT_STARTED", "实习尚未开始，不能填写日志")
	}
	err = postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.clock.Now()
		l.CreatedAt, l.UpdatedAt = now, now
		tag, err := tx.Exec(ctx, `INSERT INTO student_logs (id, placement_id, kind, period_start, content, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (placement_id, kind, period_start) DO NOTHING`,
			l.ID, l.PlacementID, l.Kind, studentsPgDay(l.PeriodStart), l.Content, l.Status, now)
		if err != nil {
			return postgres.Translate(err, "supervision: insert log")
		}
		if tag.RowsAffected() == 0 {
			if l.Kind == LogReport {
				return apperr.Conflict("REPORT_EXISTS", "实习报告已提交")
			}
			return apperr.Conflict("LOG_EXISTS", fmt.Sprintf("%s 这一期的日志已提交", l.PeriodStart))
		}
		return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "student_log.submit", SubjectType: "student_log",
			SubjectID: l.ID.String(), DivisionCode: p.SchoolDivision,
			After: map[string]any{"placement_id": p.ID, "kind": l.Kind, "period_start": l.PeriodStart.String(), "status": l.Status}})
	})
	return l, err
}

// Logs lists a placement's logs, newest period first, with the school's
// frequency, for everyone who may read the placement.
func (s *Service) Logs(ctx context.Context, actor auth.Actor, placementID uuid.UUID) (Settings, []StudentLog, error) {
	p, err := s.placements.Get(ctx, actor, placementID)
	if err != nil {
		return Settings{}, nil, err
	}
	st, err := SettingsOf(ctx, s.pool, p.SchoolID)
	if err != nil {
		return st, nil, err
	}
	logs, err := logsWhere(ctx, s.pool, "l.placement_id = $1", p.ID)
	return st, logs, err
}

const logSelect = `SELECT l.id, l.placement_id, l.kind, l.period_start, l.content, l.status, l.created_at, l.updated_at FROM student_logs l`

func logsWhere(ctx context.Context, db postgres.DBTX, where string, args ...any) ([]StudentLog, error) {
	rows, err := db.Query(ctx, logSelect+` WHERE `+where+` ORDER BY (l.kind = 'report') DESC, l.period_start DESC`, args...)
	if err != nil {
		return nil, postgres.Translate(err, "supervision: list logs")
	}
	out, err := pgx.CollectRows(rows, scanLog)
	if err != nil || len(out) == 0 {
		return out, postgres.Translate(err, "supervision: scan logs")
	}
	ids := make([]uuid.UUID, len(out))
	at := map[uuid.UUID]int{}
	for i, l := range out {
		ids[i], at[l.ID] = l.ID, i
	}
	// The reviewer's name beside the review: a read of the users table.
	rows, err = db.Query(ctx, `SELECT r.log_id, r.side, r.reviewer_id, u.display_name, r.comment, r.score, r.created_at
		FROM student_log_reviews r JOIN users u ON u.id = r.reviewer_id WHERE r.log_id = ANY($1) ORDER BY r.created_at`, ids)
	if err != nil {
		return nil, postgres.Translate(err, "supervision: log reviews")
	}
	defer rows.Close()
	for rows.Next() {
		var id uuid.UUID
		var r LogReview
		if err := rows.Scan(&id, &r.Side, &r.ReviewerID, &r.ReviewerName, &r.Comment, &r.Score, &r.CreatedAt); err != nil {
			return nil, postgres.Translate(err, "supervision: scan review")
		}
		out[at[id]].Reviews = append(out[at[id]].Reviews, r)
	}
	return out, postgres.Translate(rows.Err(), "supervision: log reviews")
}

func scanLog(row pgx.CollectableRow) (StudentLog, error) {
	var l StudentLog
	var day time.Time
	err := row.Scan(&l.ID, &l.PlacementID, &l.Kind, &day, &l.Content, &l.Status, &l.CreatedAt, &l.UpdatedAt)
	l.PeriodStart = studentsDayOf(day)
	return l, err
}

func getLog(ctx context.Context, db postgres.DBTX, id uuid.UUID, lock bool) (StudentLog, error) {
	q := logSelect + ` WHERE l.id = $1`
	if lock {
		q += ` FOR UPDATE`
	}
	rows, err := db.Query(ctx, q, id)
	if err != nil {
		return StudentLog{}, postgres.Translate(err, "supervision: get log")
	}
	l, err := pgx.CollectExactlyOneRow(rows, scanLog)
	if err != nil {
		if err == pgx.ErrNoRows {
			return l, apperr.NotFound("实习日志不存在")
		}
		return l, postgres.Translate(err, "supervision: get log")
	}
	full, err := logsWhere(ctx, db, "l.id = $1", id)
	if err != nil || len(full) == 0 {
		return l, err
	}
	return full[0], nil
}

// Review is one side's comment and score.
type Review struct {
	Comment string
	Score   *int
}

// ReviewLog records the review of the placement's instructor or mentor,
// each once. A log outside the reviewer's placements is not found.
func (s *Service) ReviewLog(ctx context.Context, actor auth.Actor, logID uuid.UUID, in Review) (StudentLog, error) {
	var fe apperr.FieldErrors
	fe.Text("comment", "评语", in.Comment, 1, 2000)
	if in.Score == nil {
		fe.Add("score", "请填写评分")
	} else if *in.Score < 0 || *in.Score > 100 {
		fe.Add("score", "评分须为 0 到 100 分")
	}
	var out StudentLog
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		l, err := getLog(ctx, tx, logID, true)
		if err != nil {
			return err
		}
		p, err := s.placements.Get(ctx, actor, l.PlacementID)
		if err != nil {
			return apperr.NotFound("实习日志不存在")
		}
		side := SideOf(actor, p)
		if !reviewSide(side) {
			return apperr.Forbidden("只有该学生的学校指导教师或企业导师可以批阅日志")
		}
		if err := fe.Err("日志批阅有误"); err != nil {
			return err
		}
		if l.Reviewed(side) {
			return apperr.Conflict("ALREADY_REVIEWED", sideNames[side]+"已批阅过这篇日志")
		}
		other := SideEnterprise
		if side == SideEnterprise {
			other = SideSchool
		}
		action := LogReviewOne
		if l.Reviewed(other) {
			action = LogReviewLast
		}
		before := l.Status
		to, err := LogLifecycle.Apply(l.Status, action, actor.Role)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		if _, err := tx.Exec(ctx, `INSERT INTO student_log_reviews (log_id, side, reviewer_id, comment, score, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, l.ID, side, actor.UserID, in.Comment, *in.Score, now); err != nil {
			return postgres.Translate(err, "supervision: insert review")
		}
		if _, err := tx.Exec(ctx, `UPDATE student_logs SET status = $2, updated_at = $3 WHERE id = $1`, l.ID, to, now); err != nil {
			return postgres.Translate(err, "supervision: log status")
		}
		if err := audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "student_log." + string(action), SubjectType: "student_log",
			SubjectID: l.ID.String(), DivisionCode: p.SchoolDivision, Before: map[string]any{"status": before},
			After: map[string]any{"status": to, "side": side, "score": *in.Score}}); err != nil {
			return err
		}
		out, err = getLog(ctx, tx, l.ID, false)
		return err
	})
	return out, err
}
