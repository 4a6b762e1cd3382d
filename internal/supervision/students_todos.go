package supervision

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/auth"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
	"huhang/internal/todos"
)

// StudentTodos is the student part of supervision's to-do feed: logs to
// review (instructor and mentor), leave to approve (instructor; the mentor
// for working days), lodging to file (school administrator), and the log to
// write this period (student).
func (s *Service) StudentTodos(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	switch actor.Role {
	case auth.RoleTeacher:
		return s.reviewerTodos(ctx, actor, SideSchool, "pl.instructor_id = $1", "lv.instructor_approved_at IS NULL")
	case auth.RoleEnterpriseMentor:
		return s.reviewerTodos(ctx, actor, SideEnterprise, "pl.mentor_id = $1", "lv.needs_mentor AND lv.mentor_approved_at IS NULL")
	case auth.RoleSchoolAdmin:
		if actor.OrgID == nil {
			return nil, nil
		}
		return s.filingTodos(ctx, *actor.OrgID)
	case auth.RoleStudent:
		return s.logToWrite(ctx, actor)
	}
	return nil, nil
}

var periodLabel = map[LogKind]string{LogDaily: "日志", LogWeekly: "周志", LogReport: "实习报告"}

func (s *Service) reviewerTodos(ctx context.Context, actor auth.Actor, side Side, mine, pending string) ([]todos.Item, error) {
	var out []todos.Item
	rows, err := s.pool.Query(ctx, `SELECT l.id, l.placement_id, l.kind, l.period_start, st.name
		FROM student_logs l JOIN placements pl ON pl.id = l.placement_id JOIN students st ON st.id = pl.student_id
		WHERE `+mine+` AND l.status = 'submitted'
		  AND NOT EXISTS (SELECT 1 FROM student_log_reviews r WHERE r.log_id = l.id AND r.side = $2)
		ORDER BY l.created_at, l.id LIMIT $3`, actor.UserID, side, todoLimit)
	if err != nil {
		return nil, postgres.Translate(err, "supervision: logs to review")
	}
	type logRow struct {
		id, placement uuid.UUID
		kind          LogKind
		period        time.Time
		name          string
	}
	logs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (logRow, error) {
		var r logRow
		return r, row.Scan(&r.id, &r.placement, &r.kind, &r.period, &r.name)
	})
	if err != nil {
		return nil, postgres.Translate(err, "supervision: logs to review")
	}
	for _, r := range logs {
		title := fmt.Sprintf("批阅%s：%s", periodLabel[r.kind], r.name)
		detail := "期次 " + studentsDayOf(r.period).String()
		if r.kind == LogReport {
			detail = "实习报告待评阅"
		}
		out = append(out, todos.Item{Kind: "student_log.review", Title: title, Detail: detail,
			Subject: todos.Subject{Type: "student_log", ID: r.id}, Severity: todos.Minor,
			Link: "/placements/" + r.placement.String() + "/logs"})
	}
	rows, err = s.pool.Query(ctx, `SELECT lv.id, lv.kind, lv.starts_at, lv.ends_at, st.name
		FROM leaves lv JOIN placements pl ON pl.id = lv.placement_id JOIN students st ON st.id = pl.student_id
		WHERE `+mine+` AND lv.status = 'requested' AND `+pending+`
		ORDER BY lv.starts_at, lv.id LIMIT $2`, actor.UserID, todoLimit)
	if err != nil {
		return nil, postgres.Translate(err, "supervision: leave to approve")
	}
	type leaveRow struct {
		id         uuid.UUID
		kind       LeaveKind
		starts, to time.Time
		name       string
	}
	leaves, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (leaveRow, error) {
		var r leaveRow
		return r, row.Scan(&r.id, &r.kind, &r.starts, &r.to, &r.name)
	})
	if err != nil {
		return nil, postgres.Translate(err, "supervision: leave to approve")
	}
	for _, r := range leaves {
		what := "请假"
		if r.kind == KindLodging {
			what = "校外住宿"
		}
		day := clock.BusinessDay(r.starts)
		out = append(out, todos.Item{Kind: "leave.approve", Title: fmt.Sprintf("审批%s：%s", what, r.name),
			Detail:  r.starts.In(clock.Location()).Format("01-02 15:04") + " 至 " + r.to.In(clock.Location()).Format("01-02 15:04"),
			Subject: todos.Subject{Type: "leave", ID: r.id}, DueOn: &day, Severity: todos.Serious, Link: "/leaves/" + r.id.String()})
	}
	return out, nil
}

func (s *Service) filingTodos(ctx context.Context, school uuid.UUID) ([]todos.Item, error) {
	rows, err := s.pool.Query(ctx, `SELECT lv.id, lv.starts_at, st.name
		FROM leaves lv JOIN placements pl ON pl.id = lv.placement_id JOIN students st ON st.id = pl.student_id
		WHERE pl.school_id = $1 AND lv.status = 'awaiting_filing' ORDER BY lv.starts_at, lv.id LIMIT $2`, school, todoLimit)
	if err != nil {
		return nil, postgres.Translate(err, "supervision: lodging to file")
	}
	var out []todos.Item
	for rows.Next() {
		var id uuid.UUID
		var starts time.Time
		var name string
		if err := rows.Scan(&id, &starts, &name); err != nil {
			rows.Close()
			return nil, postgres.Translate(err, "supervision: lodging to file")
		}
		day := clock.BusinessDay(starts)
		out = append(out, todos.Item{Kind: "lodging.file", Title: "校外住宿备案：" + name,
			Detail: "指导教师已批准，监护人签字的申请表已上传，备案后生效", Subject: todos.Subject{Type: "leave", ID: id},
			DueOn: &day, Severity: todos.Serious, Link: "/leaves/" + id.String()})
	}
	return out, postgres.Translate(rows.Err(), "supervision: lodging to file")
}

// logToWrite tells a student on an active placement that this period's log
// is not written yet (Art 21), from the placement's first day on.
func (s *Service) logToWrite(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	today := clock.BusinessDay(s.clock.Now())
	rows, err := s.pool.Query(ctx, `SELECT pl.id, pl.school_id, pl.starts_on, pl.ends_on
		FROM placements pl WHERE pl.student_id = (SELECT ms.id FROM students ms WHERE ms.user_id = $1)
		  AND pl.status = 'active' AND pl.starts_on <= $2 ORDER BY pl.starts_on, pl.id`, actor.UserID, studentsPgDay(today))
	if err != nil {
		return nil, postgres.Translate(err, "supervision: logs to write")
	}
	type active struct {
		id, school uuid.UUID
		from, to   time.Time
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (active, error) {
		var a active
		return a, row.Scan(&a.id, &a.school, &a.from, &a.to)
	})
	if err != nil {
		return nil, postgres.Translate(err, "supervision: logs to write")
	}
	var out []todos.Item
	for _, a := range list {
		st, err := SettingsOf(ctx, s.pool, a.school)
		if err != nil {
			return nil, err
		}
		kind := LogKind(st.LogFrequency)
		period := PeriodOf(kind, today)
		var written bool
		if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM student_logs WHERE placement_id = $1 AND kind = $2 AND period_start = $3)`,
			a.id, kind, studentsPgDay(period)).Scan(&written); err != nil {
			return nil, postgres.Translate(err, "supervision: log written")
		}
		if written {
			continue
		}
		due := today
		title := "填写今天的实习日志"
		if kind == LogWeekly {
			due = period.AddDays(6)
			if end := studentsDayOf(a.to); end.Before(due) {
				due = end
			}
			title = "填写本周的实习周志"
		}
		out = append(out, todos.Item{Kind: "student_log.write", Title: title, Detail: "实习日志由学校指导教师和企业导师共同批阅",
			Subject: todos.Subject{Type: "placement", ID: a.id}, DueOn: &due, Severity: todos.Minor,
			Link: "/placements/" + a.id.String() + "/logs"})
	}
	return out, nil
}
