package alerts

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/jackc/pgx/v5"

	"huhang/internal/alerts/outbox"
	"huhang/internal/audit"
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

// AckIncident is supervision's acknowledgement hook: the school confirming
// an incident on its record acknowledges the incident's open alerts
// (A-INCIDENT, A-INCIDENT-UNACKED) in the same transaction. They are pushed
// live once that transaction is seen committed.
func (s *Service) AckIncident(ctx context.Context, tx pgx.Tx, r supervision.Record, by auth.Actor) error {
	ids, err := openAlertsOn(ctx, tx, r.ID, outbox.Incident, outbox.IncidentUnacked)
	if err != nil || len(ids) == 0 {
		return err
	}
	now := s.clock.Now().UTC()
	const note = "学校已在突发事件记录中确认"
	for _, id := range ids {
		a := Alert{ID: id, Status: StatusAcknowledged}
		if _, err := Lifecycle.Apply(StatusOpen, ActionAck, by.Role); err != nil {
			return err
		}
		if err := updateState(ctx, tx, a, now, &by.UserID); err != nil {
			return err
		}
		if err := addHistory(ctx, tx, id, now, ActionAck, by, note); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, by.Who(), audit.Event{Action: "alert.ack", SubjectType: "alert", SubjectID: id.String(),
			DivisionCode: r.SchoolDivision, Before: map[string]any{"status": StatusOpen},
			After: map[string]any{"status": StatusAcknowledged, "note": note}}); err != nil {
			return err
		}
	}
	go s.publishOnceCommitted(context.WithoutCancel(ctx), ids, StatusAcknowledged)
	return nil
}

// publishOnceCommitted pushes alerts changed inside a transaction this
// service does not own, as soon as their new status is visible; a
// transaction rolled back never shows it, and nothing is pushed.
func (s *Service) publishOnceCommitted(ctx context.Context, ids []uuid.UUID, status Status) {
	deadline := time.Now().Add(10 * time.Second)
	pending := ids
	for len(pending) > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		var rest []uuid.UUID
		for _, id := range pending {
			a, err := getAlert(ctx, s.pool, id, nil, false)
			if err == nil && a.Status == status {
				s.publish(ctx, id)
				continue
			}
			rest = append(rest, id)
		}
		pending = rest
	}
}
