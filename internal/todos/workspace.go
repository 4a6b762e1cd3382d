package todos

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"huhang/internal/auth"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/ids"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/sqlb"
)

// Workspace gathers the figures of the actor's role. Like stats, it reads
// across the domains' tables (architecture.md §2): a handful of counts in
// one place beats a service call per figure. Every query is scoped by the
// indexed column that names the actor's organisation, user or division.
func (s *Service) Workspace(ctx context.Context, actor auth.Actor) (Workspace, error) {
	switch actor.Role {
	case auth.RoleSchoolAdmin:
		return s.schoolFigures(ctx, actor)
	case auth.RoleEnterpriseAdmin:
		return s.enterpriseFigures(ctx, actor)
	case auth.RoleBureauAuditor:
		return s.bureauFigures(ctx, actor)
	case auth.RoleTeacher:
		return s.placementFigures(ctx, "pl.instructor_id = $1", actor.UserID)
	case auth.RoleEnterpriseMentor:
		return s.placementFigures(ctx, "pl.mentor_id = $1", actor.UserID)
	case auth.RoleStudent:
		return s.placementFigures(ctx, "pl.student_id = (SELECT ms.id FROM students ms WHERE ms.user_id = $1)", actor.UserID)
	case auth.RolePlatformAdmin:
		return s.adminFigures(ctx)
	}
	return Workspace{}, nil
}

// byStatus counts the rows of a GROUP BY status query.
func (s *Service) byStatus(ctx context.Context, query string, args ...any) (map[string]int, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, postgres.Translate(err, "todos: figures")
	}
	out := map[string]int{}
	var k string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&k, &n}, func() error { out[k] += n; return nil })
	return out, postgres.Translate(err, "todos: figures")
}

func sum(m map[string]int, keys ...string) int {
	n := 0
	for _, k := range keys {
		n += m[k]
	}
	return n
}

func (s *Service) count(ctx context.Context, query string, args ...any) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, query, args...).Scan(&n)
	return n, postgres.Translate(err, "todos: figures")
}

func (s *Service) schoolFigures(ctx context.Context, actor auth.Actor) (Workspace, error) {
	if actor.OrgID == nil {
		return Workspace{}, nil
	}
	org := *actor.OrgID
	// Reads plans (plans_school_idx).
	pl, err := s.byStatus(ctx, `SELECT status, count(*) FROM plans WHERE school_id = $1 GROUP BY status`, org)
	if err != nil {
		return Workspace{}, err
	}
	// Reads placements (placements_school_idx).
	pm, err := s.byStatus(ctx, `SELECT status, count(*) FROM placements WHERE school_id = $1 GROUP BY status`, org)
	if err != nil {
		return Workspace{}, err
	}
	// Reads students and their open placements (placements_student_idx).
	unplaced, err := s.count(ctx, `SELECT count(*) FROM students st WHERE st.school_id = $1 AND NOT EXISTS (
		SELECT 1 FROM placements p WHERE p.student_id = st.id AND p.status IN ('proposed', 'confirmed', 'ready', 'active'))`, org)
	if err != nil {
		return Workspace{}, err
	}
	return Workspace{Figures: []Figure{
		{Key: "plans_drafting", Label: "编制中方案", Value: sum(pl, "draft", "returned", "awaiting_cosign", "cosigned"), Link: "/plans"},
		{Key: "plans_submitted", Label: "待审核方案", Value: pl["submitted"], Link: "/plans?status=submitted"},
		{Key: "plans_filed", Label: "已备案方案", Value: sum(pl, "approved", "in_progress"), Link: "/plans?status=approved"},
		{Key: "placements_pending", Label: "待开始安排", Value: sum(pm, "proposed", "confirmed", "ready"), Link: "/placements"},
		{Key: "placements_active", Label: "实习中", Value: pm["active"], Link: "/placements?status=active"},
		{Key: "students_unplaced", Label: "未安排学生", Value: unplaced, Link: "/students"},
	}}, nil
}

// payMissingSQL counts the finished months of active post internships
// without a pay record (A-PAY-MISSING), over placements pl chosen by cond.
const payMissingSQL = `SELECT count(*) FROM placements pl
	CROSS JOIN LATERAL generate_series(date_trunc('month', pl.starts_on), LEAST(date_trunc('month', pl.ends_on),
		date_trunc('month', $2::date) - interval '1 month'), interval '1 month') AS m(month)
	WHERE %s AND pl.status = 'active' AND pl.plan_type = 'post'
	  AND NOT EXISTS (SELECT 1 FROM pay_records r WHERE r.placement_id = pl.id AND r.month = m.month::date)`

func (s *Service) enterpriseFigures(ctx context.Context, actor auth.Actor) (Workspace, error) {
	if actor.OrgID == nil {
		return Workspace{}, nil
	}
	org := *actor.OrgID
	// Reads placements (placements_enterprise_idx).
	pm, err := s.byStatus(ctx, `SELECT status, count(*) FROM placements WHERE enterprise_id = $1 GROUP BY status`, org)
	if err != nil {
		return Workspace{}, err
	}
	// Reads placements and pay records.
	missing, err := s.count(ctx, fmt.Sprintf(payMissingSQL, "pl.enterprise_id = $1"), org, clock.BusinessDay(s.clock.Now()).String())
	if err != nil {
		return Workspace{}, err
	}
	return Workspace{Figures: []Figure{
		{Key: "interns_proposed", Label: "待确认学生", Value: pm["proposed"], Link: "/placements?status=proposed"},
		{Key: "interns_arriving", Label: "待到岗学生", Value: sum(pm, "confirmed", "ready"), Link: "/placements?status=confirmed"},
		{Key: "interns_active", Label: "在岗实习生", Value: pm["active"], Link: "/placements?status=active"},
		{Key: "pay_months_missing", Label: "未登记报酬（人·月）", Value: missing, Link: "/placements?status=active"},
	}}, nil
}

func (s *Service) bureauFigures(ctx context.Context, actor auth.Actor) (Workspace, error) {
	prefix := ids.DivisionPrefix(actor.DivisionCode)
	lo, hi, ok := sqlb.PrefixRange(prefix)
	if !ok {
		return Workspace{}, nil
	}
	today := clock.BusinessDay(s.clock.Now())
	var waiting int
	var oldest *time.Time
	// Reads the review queue (plans_review_queue_idx).
	if err := s.pool.QueryRow(ctx, `SELECT count(*), min(submitted_at) FROM plans
		WHERE status = 'submitted' AND review_division = $1`, actor.DivisionCode).Scan(&waiting, &oldest); err != nil {
		return Workspace{}, postgres.Translate(err, "todos: figures")
	}
	w := Workspace{}
	// The bureau's own queue; a city sees its counties' queues in the breakdown.
	f := Figure{Key: "plans_submitted", Label: "本局待审核方案", Value: waiting, Link: "/plans/review"}
	oldestDays := 0
	if oldest != nil {
		oldestDays = days(today, *oldest)
		f.Hint = fmt.Sprintf("最久已等 %d 天", oldestDays)
	}
	w.Figures = append(w.Figures, f, Figure{Key: "plans_oldest_wait_days", Label: "最久等待（天）", Value: oldestDays, Link: "/plans/review"})
	// Reads placements and fee reports of the subtree's schools.
	active, err := s.count(ctx, `SELECT count(*) FROM placements pl WHERE pl.status = 'active'
		AND pl.school_id = ANY (ARRAY(SELECT so.id FROM orgs so WHERE so.kind = 'school' AND so.division_code ~>=~ $1 AND so.division_code ~<~ $2))`, lo, hi)
	if err != nil {
		return Workspace{}, err
	}
	fees, err := s.count(ctx, `SELECT count(*) FROM fee_reports fr JOIN placements pl ON pl.id = fr.placement_id WHERE fr.resolved_at IS NULL
		AND pl.school_id = ANY (ARRAY(SELECT so.id FROM orgs so WHERE so.kind = 'school' AND so.division_code ~>=~ $1 AND so.division_code ~<~ $2))`, lo, hi)
	if err != nil {
		return Workspace{}, err
	}
	w.Figures = append(w.Figures, Figure{Key: "placements_active", Label: "在岗实习学生", Value: active},
		Figure{Key: "fee_reports_open", Label: "未处理收费举报", Value: fees})

	// The breakdown: per school for a county bureau, per county for a city one.
	// Reads plans, schools and divisions of the subtree.
	city := len(prefix) == 4
	query := `SELECT so.id::text, so.name, count(p.id), min(p.submitted_at)
		FROM orgs so LEFT JOIN plans p ON p.school_id = so.id AND p.status = 'submitted'
		WHERE so.kind = 'school' AND so.division_code ~>=~ $1 AND so.division_code ~<~ $2
		GROUP BY so.id, so.name ORDER BY count(p.id) DESC, so.name`
	title, linkOf := "各学校待审核", func(key string) string { return "/plans/review?school_id=" + key }
	if city {
		query = `SELECT so.division_code, COALESCE(max(d.name), so.division_code), count(p.id), min(p.submitted_at)
			FROM orgs so LEFT JOIN divisions d ON d.code = so.division_code
			LEFT JOIN plans p ON p.school_id = so.id AND p.status = 'submitted'
			WHERE so.kind = 'school' AND so.division_code ~>=~ $1 AND so.division_code ~<~ $2
			GROUP BY so.division_code ORDER BY count(p.id) DESC, so.division_code`
		title, linkOf = "各县区待审核", func(key string) string { return "/plans/review?division=" + key }
	}
	rows, err := s.pool.Query(ctx, query, lo, hi)
	if err != nil {
		return Workspace{}, postgres.Translate(err, "todos: breakdown")
	}
	b := &Breakdown{Title: title}
	var key, name string
	var n, subtree int
	var first *time.Time
	_, err = pgx.ForEachRow(rows, []any{&key, &name, &n, &first}, func() error {
		subtree += n
		r := Row{Name: name, Value: n, Link: linkOf(key)}
		if first != nil {
			r.Hint = fmt.Sprintf("最久 %d 天", days(today, *first))
		}
		b.Rows = append(b.Rows, r)
		return nil
	})
	if err != nil {
		return Workspace{}, postgres.Translate(err, "todos: breakdown")
	}
	if city {
		w.Figures = append(w.Figures, Figure{Key: "plans_submitted_subtree", Label: "辖区待审核方案", Value: subtree})
	}
	w.Breakdown = b
	return w, nil
}

func days(today clock.Date, since time.Time) int {
	return int(today.Time().Sub(clock.BusinessDay(since).Time()).Hours() / 24)
}

// placementFigures are a teacher's, mentor's or student's own placements.
func (s *Service) placementFigures(ctx context.Context, cond string, user any) (Workspace, error) {
	// Reads placements by the indexed column that names the user.
	pm, err := s.byStatus(ctx, `SELECT pl.status, count(*) FROM placements pl WHERE `+cond+` GROUP BY pl.status`, user)
	if err != nil {
		return Workspace{}, err
	}
	// Reads the documents of those placements that have not started.
	missing, err := s.count(ctx, `SELECT count(*) FROM placements pl CROSS JOIN unnest(ARRAY['agreement', 'consent', 'training', 'insurance']) AS k(kind)
		WHERE `+cond+` AND pl.status IN ('proposed', 'confirmed')
		  AND NOT EXISTS (SELECT 1 FROM placement_documents d WHERE d.placement_id = pl.id AND d.kind = k.kind)`, user)
	if err != nil {
		return Workspace{}, err
	}
	return Workspace{Figures: []Figure{
		{Key: "placements_pending", Label: "待开始", Value: sum(pm, "proposed", "confirmed", "ready"), Link: "/placements"},
		{Key: "placements_active", Label: "实习中", Value: pm["active"], Link: "/placements?status=active"},
		{Key: "documents_missing", Label: "缺少材料（份）", Value: missing, Link: "/placements"},
	}}, nil
}

func (s *Service) adminFigures(ctx context.Context) (Workspace, error) {
	// Reads organisations and users.
	orgs, err := s.byStatus(ctx, `SELECT kind, count(*) FROM orgs GROUP BY kind`)
	if err != nil {
		return Workspace{}, err
	}
	users, err := s.count(ctx, `SELECT count(*) FROM users`)
	if err != nil {
		return Workspace{}, err
	}
	return Workspace{Figures: []Figure{
		{Key: "orgs_bureau", Label: "教育局", Value: orgs["bureau"], Link: "/manage/orgs"},
		{Key: "orgs_school", Label: "学校", Value: orgs["school"], Link: "/manage/orgs"},
		{Key: "orgs_enterprise", Label: "实习单位", Value: orgs["enterprise"], Link: "/manage/enterprises"},
		{Key: "users", Label: "用户", Value: users, Link: "/manage/users"},
	}}, nil
}
