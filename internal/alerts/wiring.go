package alerts

import (
	"context"

	"github.com/jackc/pgx/v5"

	"huhang/internal/alerts/outbox"
	"huhang/internal/auth"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
	"huhang/internal/supervision"
	"huhang/internal/todos"
)

// RaiseIncident is supervision's incident hook: A-INCIDENT, critical, for
// the school, the host and (by division) the competent bureau, written in
// the transaction that reports the incident.
func RaiseIncident(ctx context.Context, tx pgx.Tx, r supervision.Record) error {
	school, ent := r.SchoolID, r.EnterpriseID
	kind := ""
	if r.IncidentKind != nil {
		kind = supervision.IncidentKinds[*r.IncidentKind]
	}
	return outbox.Add(ctx, tx, outbox.Signal{Rule: outbox.Incident, SubjectType: "incident", SubjectID: r.ID,
		Day: clock.BusinessDay(r.OccurredAt), Title: outbox.Title("突发事件（%s）：%s在%s", kind, outbox.Masked(r.StudentName), r.EnterpriseName),
		Detail: r.Content, Link: "/incidents/" + r.ID.String(), SchoolID: &school, EnterpriseID: &ent, DivisionCode: r.SchoolDivision, At: r.CreatedAt})
}

var todoSeverity = map[outbox.Severity]todos.Severity{outbox.Critical: todos.Critical, outbox.Serious: todos.Serious, outbox.Minor: todos.Minor}

// Todos puts the open alerts the actor's organisation must act on into the
// to-do feed: the school's, the host's, and the bureau's own (competent, or
// escalated to it), not every alert of its subtree.
func (s *Service) Todos(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	if actor.OrgID == nil || !actor.Is(actors...) {
		return nil, nil
	}
	list, err := postgres.List(ctx, s.pool, "alerts: todos", scanAlert,
		selectAlert+" WHERE a.status = 'open' AND "+mustActSQL[actor.Role]+" ORDER BY "+rankSQL+", a.raised_at LIMIT 50", *actor.OrgID)
	if err != nil {
		return nil, err
	}
	out := make([]todos.Item, 0, len(list))
	for _, a := range list {
		out = append(out, todos.Item{Kind: "alert." + string(a.Rule), Title: a.Title, Detail: "预警：" + a.RuleName(),
			Subject: todos.Subject{Type: "alert", ID: a.ID}, Severity: todoSeverity[a.Severity], Link: "/alerts/" + a.ID.String()})
	}
	return out, nil
}
