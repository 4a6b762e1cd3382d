package scale

import (
	"context"
	"encoding/json"
	"math/big"
	"strconv"
	"time"

	"github.com/google/uuid"
)

func bigInt(n int64) *big.Int { return big.NewInt(n) }

// auditRow is an audit event as the services would have written it with
// the change: the plans' workflow and the inspections' ledger rows. Duty
// check-ins and patrols are left out; a month of those would outnumber
// everything else.
type auditRow struct {
	at       time.Time
	actor    uuid.UUID
	username string
	role     string
	org      uuid.UUID
	division string
	action   string
	subject  string
	id       string
	before   map[string]any
	after    map[string]any
}

func (wr *writer) planAudits(w *world, pi int) {
	p := &w.plans[pi]
	s := w.schools[p.school]
	school := func(at time.Time, action string, after map[string]any) auditRow {
		return auditRow{at: at, actor: s.adminID, username: "sa" + itoa(s.n), role: "school_admin", org: s.id, division: s.division,
			action: action, subject: "plan", id: p.id.String(), after: after}
	}
	wr.audits = append(wr.audits, school(p.created, "plan.create", map[string]any{"title": p.title, "status": planDraft}))
	if p.status == planDraft {
		return
	}
	wr.audits = append(wr.audits, school(p.submitted, "plan.submit", map[string]any{"status": planSubmitted, "version": 1}))
	b := w.bureauOf(s.division)
	bureauRow := func(action, status string) auditRow {
		return auditRow{at: p.reviewed, actor: b.userID, username: "b" + b.code, role: "bureau_auditor", org: b.id, division: s.division,
			action: action, subject: "plan", id: p.id.String(), before: map[string]any{"status": planSubmitted},
			after: map[string]any{"status": status}}
	}
	switch p.status {
	case planReturned:
		wr.audits = append(wr.audits, bureauRow("plan.return", planReturned))
	case planApproved, planInProgress, planCompleted:
		wr.audits = append(wr.audits, bureauRow("plan.approve", planApproved))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// audit writes every event gathered from the steps before it.
func (wr *writer) audit(ctx context.Context, w *world) error {
	g := newRNG(w.o.Seed, streamAudit)
	ids := make([]uuid.UUID, len(wr.audits))
	for i := range ids {
		ids[i] = g.uuid()
	}
	return wr.copy(ctx, "audit_events", []string{"id", "at", "actor_id", "actor_username", "actor_role", "org_id", "division_code",
		"action", "subject_type", "subject_id", "before", "after"}, len(wr.audits), func(i int) []any {
		a := wr.audits[i]
		return []any{ids[i], a.at, optUUID(a.actor), a.username, a.role, optUUID(a.org), optText(a.division), a.action, a.subject,
			a.id, jsonOrNil(a.before), jsonOrNil(a.after)}
	})
}

func jsonOrNil(m map[string]any) any {
	if m == nil {
		return nil
	}
	b, _ := json.Marshal(m)
	return b
}
