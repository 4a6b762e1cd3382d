package plans

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/auth"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/ids"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/sqlb"
	"huhang/internal/todos"
)

// todoLimit bounds each query of the feed: a workspace shows the most
// urgent, and the lists behind its links show the rest.
const todoLimit = 200

// Review waits (calendar days since submission) at which a waiting plan
// becomes serious and critical for its reviewer. No rule sets a review
// deadline; these follow the 10-working-day lead time (R-LEADTIME): a plan
// waiting two weeks has eaten the school's whole margin.
const (
	reviewWaitSerious  = 5
	reviewWaitCritical = 10
	// A city bureau is told of its counties' reviews that waited this long (督办).
	reviewWaitOversight = 7
)

type todoPlan struct {
	ID          uuid.UUID
	Title       string
	Status      Status
	StartsOn    time.Time
	SubmittedAt *time.Time
	Reviewer    string
}

// Todos is the plans' contribution to the to-do feed: what the enterprise
// must co-sign, what the school must send on or fix, and what the bureau
// must review.
func (s *Service) Todos(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	switch actor.Role {
	case auth.RoleEnterpriseAdmin:
		return s.cosignTodos(ctx, actor)
	case auth.RoleSchoolAdmin:
		return s.schoolTodos(ctx, actor)
	case auth.RoleBureauAuditor:
		return s.reviewTodos(ctx, actor)
	}
	return nil, nil
}

func (s *Service) todoPlans(ctx context.Context, actor auth.Actor, w *sqlb.Where) ([]todoPlan, error) {
	actor.Scope(w, involvedPlan)
	// Reads the reviewing bureau's name beside the plan (orgs is below plans).
	rows, err := s.pool.Query(ctx, `SELECT p.id, p.title, p.status, p.starts_on, p.submitted_at,
		       COALESCE((SELECT b.name FROM orgs b WHERE b.kind = 'bureau' AND b.division_code = p.review_division LIMIT 1), '') AS reviewer
		FROM plans p WHERE `+w.String()+` ORDER BY p.starts_on, p.id LIMIT `+fmt.Sprint(todoLimit), w.Args()...)
	if err != nil {
		return nil, postgres.Translate(err, "plans: todos")
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[todoPlan])
	return list, postgres.Translate(err, "plans: todos")
}

func link(id uuid.UUID) string { return "/plans/" + id.String() }

func dateOf(t time.Time) *clock.Date {
	d := clock.DateOf(t)
	return &d
}

func (s *Service) cosignTodos(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	if actor.OrgID == nil {
		return nil, nil
	}
	w := sqlb.With()
	w.Add("p.status = 'awaiting_cosign'")
	// Hosts that already answered this version are waiting on the others, not acting.
	w.Add("NOT EXISTS (SELECT 1 FROM plan_cosigns c WHERE c.plan_id = p.id AND c.version = p.version AND c.enterprise_id = %s)", *actor.OrgID)
	list, err := s.todoPlans(ctx, actor, w)
	if err != nil {
		return nil, err
	}
	out := make([]todos.Item, 0, len(list))
	for _, p := range list {
		out = append(out, todos.Item{Kind: "plan.cosign", Title: "会签实习方案" + todos.Quote(p.Title),
			Detail: "学校已请求会签，核对岗位、报酬与安全措施后会签或退回", Subject: todos.Subject{Type: "plan", ID: p.ID},
			DueOn: dateOf(p.StartsOn), Severity: todos.Serious, Link: link(p.ID)})
	}
	return out, nil
}

func (s *Service) schoolTodos(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	w := sqlb.With()
	w.Add("p.status IN ('draft', 'cosigned', 'returned')")
	list, err := s.todoPlans(ctx, actor, w)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	today := clock.BusinessDay(s.clock.Now())
	last := today
	for _, p := range list {
		if d := clock.DateOf(p.StartsOn); last.Before(d) {
			last = d
		}
	}
	cal, err := clock.LoadCalendar(ctx, s.pool, today, last)
	if err != nil {
		return nil, err
	}
	need := s.opts.LeadTimeWorkingDays
	out := make([]todos.Item, 0, len(list))
	for _, p := range list {
		it := todos.Item{Subject: todos.Subject{Type: "plan", ID: p.ID}, DueOn: dateOf(p.StartsOn), Link: link(p.ID)}
		switch p.Status {
		case StatusDraft:
			it.Kind, it.Title, it.Severity = "plan.request_cosign", "提交企业会签："+todos.Quote(p.Title), todos.Minor
			it.Detail = "草稿完成后请实习单位会签"
		case StatusCosigned:
			it.Kind, it.Title, it.Severity = "plan.submit", "报送审批备案："+todos.Quote(p.Title), todos.Serious
			it.Detail = "实习单位已会签，报主管教育局审批备案"
		case StatusReturned:
			it.Kind, it.Title, it.Severity = "plan.returned", "修改被退回的方案："+todos.Quote(p.Title), todos.Serious
			it.Detail = "按退回意见修改后重新提交会签"
		}
		// R-LEADTIME (local rule): a plan is submitted at least N working
		// days before it starts. Once that margin is gone, sending it on is
		// urgent; once the start has passed, the dates must change.
		start := clock.DateOf(p.StartsOn)
		switch left := cal.WorkingDaysBetween(today.AddDays(1), start); {
		case !today.Before(start):
			it.Severity = todos.Critical
			it.Detail = fmt.Sprintf("实习开始日 %s 已到，方案仍未备案，请调整实习时间", start)
		case left < need:
			it.Severity = todos.Critical
			it.Detail = fmt.Sprintf("距实习开始仅剩 %d 个工作日，已不足报备所需的 %d 个工作日", left, need)
		}
		out = append(out, it)
	}
	return out, nil
}

func (s *Service) reviewTodos(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	today := clock.BusinessDay(s.clock.Now())
	// The bureau's own queue: the literal status keeps the partial index
	// plans_review_queue_idx usable, as in the review queue itself.
	w := sqlb.With()
	w.Add("p.status = 'submitted'")
	w.Add("p.review_division = %s", actor.DivisionCode)
	list, err := s.todoPlans(ctx, actor, w)
	if err != nil {
		return nil, err
	}
	out := make([]todos.Item, 0, len(list))
	for _, p := range list {
		days := waited(p, today)
		sev := todos.Minor
		switch {
		case days >= reviewWaitCritical:
			sev = todos.Critical
		case days >= reviewWaitSerious:
			sev = todos.Serious
		}
		out = append(out, todos.Item{Kind: "plan.review", Title: "审核实习方案" + todos.Quote(p.Title),
			Detail: fmt.Sprintf("已等待 %d 天", days), Subject: todos.Subject{Type: "plan", ID: p.ID},
			DueOn: dateOf(p.StartsOn), Severity: sev, Link: link(p.ID)})
	}
	// A city bureau also oversees its counties' reviews: a plan its county
	// has let wait a week comes to the city as something to press (督办).
	if len(ids.DivisionPrefix(actor.DivisionCode)) == 4 {
		w := sqlb.With()
		w.Add("p.status = 'submitted'")
		w.Add("p.review_division <> %s", actor.DivisionCode)
		w.Add("p.submitted_at <= %s", today.AddDays(-reviewWaitOversight+1).Time())
		list, err := s.todoPlans(ctx, actor, w)
		if err != nil {
			return nil, err
		}
		for _, p := range list {
			days := waited(p, today)
			out = append(out, todos.Item{Kind: "plan.review_overdue", Title: "督办待审核方案" + todos.Quote(p.Title),
				Detail: fmt.Sprintf("%s已等待 %d 天未审核", p.Reviewer, days), Subject: todos.Subject{Type: "plan", ID: p.ID},
				DueOn: dateOf(p.StartsOn), Severity: todos.Serious, Link: link(p.ID)})
		}
	}
	return out, nil
}

func waited(p todoPlan, today clock.Date) int {
	if p.SubmittedAt == nil {
		return 0
	}
	return int(today.Time().Sub(clock.BusinessDay(*p.SubmittedAt).Time()).Hours() / 24)
}
