package app

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/inspections"
	"huhang/internal/platform/clock"
	"huhang/internal/todos"
	"huhang/internal/worker"
)

// todoProviders are the domains' contributions to the to-do feed. A later
// domain (duty, supervision, inspections, alerts) adds its provider here.
func todoProviders(s *Services) []todos.Provider {
	return []todos.Provider{s.Orgs, s.Students, s.Plans, s.Placements, s.Duty,
		todos.ProviderFunc(s.Supervision.RecordTodos), todos.ProviderFunc(s.Supervision.StudentTodos),
		todos.ProviderFunc(s.Supervision.ComplaintTodos), s.Inspections, s.Alerts, todos.ProviderFunc(s.calendarTodos)}
}

// referredComplaints feeds the inspections' to-dos with the complaints a
// bureau referred to inspection that no finding records yet.
func (s *Services) referredComplaints(ctx context.Context, bureau uuid.UUID) ([]inspections.ComplaintRef, error) {
	list, err := s.Supervision.ReferredComplaints(ctx, bureau)
	if err != nil {
		return nil, err
	}
	out := make([]inspections.ComplaintRef, len(list))
	for i, c := range list {
		about := c.SchoolName
		if about == "" {
			about = c.EnterpriseName
		}
		out[i] = inspections.ComplaintRef{ID: c.ID, Reference: c.Reference, About: about}
	}
	return out, nil
}

// calendarTodos tells the platform administrator which year's official
// holidays are due but not loaded: without them every rest-day rule
// (R-RESTDAY, R-LEADTIME) counts a holiday as a working day.
func (s *Services) calendarTodos(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	if actor.Role != auth.RolePlatformAdmin {
		return nil, nil
	}
	missing, err := worker.MissingCalendarYears(ctx, s.Pool, clock.BusinessDay(s.Clock.Now()))
	if err != nil {
		return nil, err
	}
	out := make([]todos.Item, 0, len(missing))
	for _, y := range missing {
		out = append(out, todos.Item{Kind: "calendar.missing", Title: fmt.Sprintf("%d 年节假日尚未导入", y),
			Detail:   "用 huhang calendar load 导入国务院办公厅公布的放假与调休安排",
			Subject:  todos.Subject{Type: "calendar", ID: uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "calendar-%d", y))},
			Severity: todos.Serious, Link: "/manage/orgs"})
	}
	return out, nil
}
