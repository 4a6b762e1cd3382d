package duty

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/clock"
	"huhang/internal/todos"
)

// lookBackDays is how far back a school is told of missed and doubtful duty
// days: a week, the span of a weekly review of duty.
const lookBackDays = 7

// Todos is duty's part of the feed: a teacher's check-ins due today, and
// for the school the rosters whose teacher missed a day or left a doubtful
// check-in in the last week.
func (s *Service) Todos(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	switch actor.Role {
	case auth.RoleTeacher:
		return s.teacherTodos(ctx, actor)
	case auth.RoleSchoolAdmin:
		return s.schoolTodos(ctx, actor)
	}
	return nil, nil
}

func (s *Service) teacherTodos(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	today, _, duties, err := s.Today(ctx, actor)
	if err != nil {
		return nil, err
	}
	var out []todos.Item
	for _, d := range duties {
		if d.Status != "pending" && d.Status != "missed" {
			continue
		}
		r := d.Roster
		it := todos.Item{Kind: "duty.checkin", Title: "跟岗签到：" + r.EnterpriseName,
			Detail:  fmt.Sprintf("值守时段 %s–%s，现场实习学生 %d 人", r.WindowStart, r.WindowEnd, d.Interns),
			Subject: todos.Subject{Type: "duty_roster", ID: r.ID}, DueOn: &today, Severity: todos.Serious, Link: "/duty"}
		if d.Status == "missed" {
			it.Severity, it.Detail = todos.Critical, fmt.Sprintf("值守时段 %s–%s 已过，尚未签到", r.WindowStart, r.WindowEnd)
		}
		out = append(out, it)
	}
	return out, nil
}

func (s *Service) schoolTodos(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	today := clock.BusinessDay(s.clock.Now())
	rows, _, err := s.Coverage(ctx, actor, CoverageFilter{From: today.AddDays(-lookBackDays), To: today.AddDays(-1)})
	if err != nil {
		return nil, err
	}
	var out []todos.Item
	for _, row := range rows {
		missed, doubtful := 0, 0
		var last clock.Date
		for _, d := range row.Days {
			switch d.Status {
			case DayMissed:
				missed++
				last = d.Day
			case DayDoubtful:
				doubtful++
			}
		}
		r := row.Roster
		who := r.TeacherName + " · " + r.EnterpriseName
		subject := todos.Subject{Type: "duty_roster", ID: r.ID}
		if missed > 0 {
			out = append(out, todos.Item{Kind: "duty.missed", Title: "跟岗缺勤：" + who,
				Detail:  fmt.Sprintf("近 %d 天有 %d 个值守日未签到，最近一次 %s", lookBackDays, missed, last),
				Subject: subject, Severity: todos.Serious, Link: coverageLink(r.ID)})
		}
		if doubtful > 0 {
			out = append(out, todos.Item{Kind: "duty.doubtful", Title: "核实存疑打卡：" + who,
				Detail:  fmt.Sprintf("近 %d 天有 %d 个值守日的打卡存疑", lookBackDays, doubtful),
				Subject: subject, Severity: todos.Minor, Link: coverageLink(r.ID)})
		}
	}
	return out, nil
}

func coverageLink(id uuid.UUID) string { return "/duty/coverage?roster_id=" + id.String() }
