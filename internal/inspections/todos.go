package inspections

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/todos"
)

// ReferredComplaints lists, for a bureau, the complaints it referred to
// inspection that no finding records yet; internal/app wires supervision.
type ReferredComplaints func(ctx context.Context, bureau uuid.UUID) ([]ComplaintRef, error)

// ComplaintRef is what the to-do shows of such a complaint.
type ComplaintRef struct {
	ID        uuid.UUID
	Reference string
	About     string
}

// UseReferredComplaints wires the source of the complaint to-dos.
func (s *Service) UseReferredComplaints(fn ReferredComplaints) { s.referred = fn }

// dueSoonDays before its deadline an open rectification turns serious.
const dueSoonDays = 7

// Todos is the inspections' part of the to-do feed:
//   - the responsible school or enterprise: rectifications due (overdue
//     ones critical);
//   - the bureau that runs a campaign: submissions to verify, verified ones
//     to close, and referred complaints to record as findings.
func (s *Service) Todos(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	if actor.OrgID == nil {
		return nil, nil
	}
	today := s.today()
	switch actor.Role {
	case auth.RoleSchoolAdmin, auth.RoleEnterpriseAdmin:
		list, err := dueRectificationsOf(ctx, s.pool, *actor.OrgID)
		if err != nil {
			return nil, err
		}
		out := make([]todos.Item, 0, len(list))
		for _, f := range list {
			it := todos.Item{Kind: "rectification.due", Title: "整改：" + shorten(f.Description, 24),
				Detail:  fmt.Sprintf("%s · %s · 整改时限 %s", f.CampaignTitle, f.Status.Name(), f.Deadline),
				Subject: todos.Subject{Type: "finding", ID: f.ID}, DueOn: f.Deadline, Severity: todos.Minor, Link: "/findings/" + f.ID.String()}
			switch {
			case f.Overdue(today):
				it.Severity, it.Detail = todos.Critical, it.Detail+"（已逾期）"
			case f.Deadline != nil && f.Deadline.Before(today.AddDays(dueSoonDays+1)):
				it.Severity = todos.Serious
			}
			out = append(out, it)
		}
		return out, nil
	case auth.RoleBureauAuditor:
		list, err := awaitingBureau(ctx, s.pool, *actor.OrgID)
		if err != nil {
			return nil, err
		}
		out := make([]todos.Item, 0, len(list)+4)
		for _, f := range list {
			it := todos.Item{Kind: "rectification.verify", Title: "验收整改：" + shorten(f.Description, 24),
				Detail:  fmt.Sprintf("%s · %s", f.ResponsibleOrgName, f.CampaignTitle),
				Subject: todos.Subject{Type: "finding", ID: f.ID}, DueOn: f.Deadline, Severity: todos.Serious, Link: "/findings/" + f.ID.String()}
			if f.Status == FindingVerified {
				it.Kind, it.Title, it.Severity = "rectification.close", "销号："+shorten(f.Description, 24), todos.Minor
			}
			out = append(out, it)
		}
		if s.referred == nil {
			return out, nil
		}
		refs, err := s.referred(ctx, *actor.OrgID)
		if err != nil {
			return nil, err
		}
		for _, r := range refs {
			out = append(out, todos.Item{Kind: "complaint.finding", Title: "将投诉记为问题：" + r.Reference, Detail: r.About,
				Subject: todos.Subject{Type: "complaint", ID: r.ID}, Severity: todos.Serious, Link: "/complaints/" + r.ID.String()})
		}
		return out, nil
	}
	return nil, nil
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
