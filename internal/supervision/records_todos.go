package supervision

import (
	"context"
	"fmt"

	"huhang/internal/auth"
	"huhang/internal/platform/clock"
	"huhang/internal/todos"
)

// todoLimit bounds each list a provider reads: a feed is read on every
// workspace load, and nobody acts on more than this many at once.
const todoLimit = 100

// RecordTodos is the joint records' part of the feed: records to
// countersign for the other side of the placement, patrols to countersign
// for the host's mentors, incidents to acknowledge for the school (its
// administrator and the instructor), and for the competent bureau every
// incident the school has not acknowledged yet.
func (s *Service) RecordTodos(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	switch actor.Role {
	case auth.RoleTeacher:
		out, err := s.countersignTodos(ctx, actor, RecordFilter{Instructor: &actor.UserID, AuthorSide: SideEnterprise})
		if err != nil {
			return nil, err
		}
		inc, err := s.incidentTodos(ctx, actor, RecordFilter{Instructor: &actor.UserID}, "incident.acknowledge")
		return append(out, inc...), err
	case auth.RoleEnterpriseMentor:
		out, err := s.countersignTodos(ctx, actor, RecordFilter{Mentor: &actor.UserID, AuthorSide: SideSchool})
		if err != nil {
			return nil, err
		}
		patrols, err := s.patrolTodos(ctx, actor)
		return append(out, patrols...), err
	case auth.RoleSchoolAdmin:
		return s.incidentTodos(ctx, actor, RecordFilter{}, "incident.acknowledge")
	case auth.RoleBureauAuditor:
		// The competent bureau is the one of the school's own division; the
		// city sees its counties' incidents in its list, and is asked to act
		// on those of the schools it is competent for.
		return s.incidentTodos(ctx, actor, RecordFilter{Division: actor.DivisionCode}, "incident.unacknowledged")
	}
	return nil, nil
}

func (s *Service) countersignTodos(ctx context.Context, actor auth.Actor, f RecordFilter) ([]todos.Item, error) {
	f.Statuses, f.Limit = []RecordStatus{StatusAwaiting}, todoLimit
	list, err := listRecords(ctx, s.pool, &actor, f)
	if err != nil {
		return nil, err
	}
	var out []todos.Item
	for _, r := range list {
		if r.PatrolID != nil || r.mayAnswer(actor) != "" {
			continue // patrol lines are countersigned with their patrol
		}
		out = append(out, todos.Item{Kind: "record.countersign", Title: fmt.Sprintf("会签%s：%s", r.Kind.Name(), r.StudentName),
			Detail:  r.AuthorName + "：" + excerpt(r.Content, 40),
			Subject: todos.Subject{Type: "supervision_record", ID: r.ID}, Severity: todos.Minor,
			Link: "/placements/" + r.PlacementID.String() + "/records"})
	}
	return out, nil
}

func (s *Service) patrolTodos(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	list, err := listPatrols(ctx, s.pool, &actor, PatrolFilter{Awaiting: true, Limit: todoLimit})
	if err != nil {
		return nil, err
	}
	var out []todos.Item
	for _, p := range list {
		waiting := 0
		for _, l := range p.Lines {
			if l.Status == StatusAwaiting {
				waiting++
			}
		}
		day := p.Day
		out = append(out, todos.Item{Kind: "patrol.countersign", Title: fmt.Sprintf("会签日常巡查：%s %s", p.AuthorName, p.Day),
			Detail:  fmt.Sprintf("%s，%d 名学生待会签", p.EnterpriseName, waiting),
			Subject: todos.Subject{Type: "patrol", ID: p.ID}, DueOn: &day, Severity: todos.Minor, Link: "/patrols/" + p.ID.String()})
	}
	return out, nil
}

// incidentTodos lists the incidents still awaiting the school: serious, and
// critical once past the time the school set for itself.
func (s *Service) incidentTodos(ctx context.Context, actor auth.Actor, f RecordFilter, kind string) ([]todos.Item, error) {
	f.Kind, f.Statuses, f.Limit = KindIncident, []RecordStatus{StatusReported}, todoLimit
	list, err := listRecords(ctx, s.pool, &actor, f)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	var out []todos.Item
	for _, r := range list {
		if kind == "incident.acknowledge" && r.mayHandle(actor) != "" {
			continue // the instructor's own report is the school's to take up
		}
		due := clock.BusinessDay(*r.AckDueAt)
		it := todos.Item{Kind: kind, Title: fmt.Sprintf("突发事件待确认：%s（%s）", r.StudentName, IncidentKinds[*r.IncidentKind]),
			Detail: fmt.Sprintf("%s · %s：%s；须于 %s 前确认", r.SchoolName, r.EnterpriseName, excerpt(r.Content, 40),
				r.AckDueAt.In(clock.Location()).Format("01-02 15:04")),
			Subject: todos.Subject{Type: "supervision_record", ID: r.ID}, DueOn: &due, Severity: todos.Serious,
			Link: "/incidents/" + r.ID.String()}
		if r.Overdue(now) {
			it.Severity = todos.Critical
			it.Detail = fmt.Sprintf("%s · %s：%s；已超过学校规定的确认时限（%s）", r.SchoolName, r.EnterpriseName,
				excerpt(r.Content, 40), r.AckDueAt.In(clock.Location()).Format("01-02 15:04"))
		}
		out = append(out, it)
	}
	return out, nil
}
