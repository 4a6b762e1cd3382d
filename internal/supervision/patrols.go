package supervision

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/duty"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
)

// Rosters is what supervision needs of duty (below it: a patrol is the
// duty teacher's daily round); internal/app wires duty.Service. GetRoster is
// scoped to the actor and answers NotFound outside it.
type Rosters interface {
	GetRoster(ctx context.Context, actor auth.Actor, id uuid.UUID) (duty.Roster, error)
}

var _ Rosters = (*duty.Service)(nil)

// UseRosters wires duty in; internal/app calls it once.
func (s *Service) UseRosters(r Rosters) { s.rosters = r }

// patrolLateDays is how late a patrol may be written: Art 23 asks for a
// daily patrol, and a teacher without signal on site enters it within the week.
const patrolLateDays = 7

// RosterInterns lists the placements a roster covers on day (today when
// nil), for those who see the roster.
func (s *Service) RosterInterns(ctx context.Context, actor auth.Actor, rosterID uuid.UUID, day *clock.Date) (duty.Roster, clock.Date, []Intern, error) {
	d := clock.BusinessDay(s.clock.Now())
	if day != nil {
		d = *day
	}
	r, err := s.rosters.GetRoster(ctx, actor, rosterID)
	if err != nil {
		return r, d, nil, err
	}
	list, err := internsOf(ctx, s.pool, r.ID, d)
	return r, d, list, err
}

// PatrolLine is one student's line of a patrol.
type PatrolLine struct {
	PlacementID uuid.UUID
	Presence    string
	Note        string
}

// NewPatrol is the daily patrol form of a roster site.
type NewPatrol struct {
	Day     *clock.Date
	Summary string
	Lines   []PatrolLine
}

// CreatePatrol records the roster teacher's daily patrol of the site (Art
// 23: the instructor checks on the interns daily): one line per intern on
// site that day, each a joint record awaiting the host's countersign. One
// patrol per roster and day. Every bad field is named; nothing is written
// unless all are right.
func (s *Service) CreatePatrol(ctx context.Context, actor auth.Actor, rosterID uuid.UUID, in NewPatrol, fe apperr.FieldErrors) (Patrol, error) {
	if actor.Role != auth.RoleTeacher {
		return Patrol{}, apperr.Forbidden("只有值守的实习指导教师可以填写日常巡查")
	}
	roster, err := s.rosters.GetRoster(ctx, actor, rosterID)
	if err != nil {
		return Patrol{}, err
	}
	if roster.TeacherID != actor.UserID {
		return Patrol{}, apperr.NotFound("值守安排不存在")
	}
	if roster.Status != duty.StatusActive {
		return Patrol{}, apperr.Conflict("ROSTER_CANCELLED", "该值守安排已取消，不能再填写巡查")
	}
	now := s.clock.Now()
	today := clock.BusinessDay(now)
	day := today
	if in.Day != nil {
		day = *in.Day
	}
	if !fe.Has("day") {
		switch {
		case today.Before(day):
			fe.Add("day", "巡查日期不能晚于今天")
		case day.Before(today.AddDays(-patrolLateDays)):
			fe.Add("day", fmt.Sprintf("只能补填 %d 天以内的巡查", patrolLateDays))
		case day.Before(roster.StartsOn) || roster.EndsOn.Before(day):
			fe.Add("day", fmt.Sprintf("巡查日期须在值守期间（%s 至 %s）", roster.StartsOn, roster.EndsOn))
		}
	}
	fe.Text("summary", "巡查小结", in.Summary, 0, 2000)
	var interns []Intern
	if !fe.Has("day") {
		if interns, err = internsOf(ctx, s.pool, roster.ID, day); err != nil {
			return Patrol{}, err
		}
		if len(interns) == 0 {
			return Patrol{}, apperr.Conflict("NO_INTERNS", "该值守点当天没有在岗实习学生，无需填写巡查")
		}
		checkLines(in.Lines, interns, &fe)
	}
	if err := fe.Err("巡查记录填写有误"); err != nil {
		return Patrol{}, err
	}
	occurred := now
	if day != today {
		occurred = day.Time().Add(12 * time.Hour)
	}
	p := Patrol{ID: uuid.Must(uuid.NewV7()), RosterID: roster.ID, AuthorID: actor.UserID, Day: day, Summary: in.Summary, CreatedAt: now}
	var out Patrol
	err = postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := insertPatrol(ctx, tx, p); err != nil {
			return err
		}
		lines := make([]map[string]any, 0, len(in.Lines))
		for _, l := range in.Lines {
			presence := l.Presence
			content := l.Note
			if content == "" {
				content = Attendances[presence]
			}
			r := Record{ID: uuid.Must(uuid.NewV7()), PlacementID: l.PlacementID, Kind: KindPatrol, Status: StatusAwaiting,
				AuthorID: actor.UserID, AuthorSide: SideSchool, Content: content, OccurredAt: occurred, PatrolID: &p.ID,
				Attendance: &presence, CreatedAt: now}
			if err := insertRecord(ctx, tx, r); err != nil {
				return err
			}
			lines = append(lines, map[string]any{"record_id": r.ID, "placement_id": l.PlacementID, "presence": presence, "note": l.Note})
		}
		var err error
		if out, err = getPatrol(ctx, tx, p.ID, nil, false); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "patrol.create", SubjectType: "patrol", SubjectID: p.ID.String(),
			DivisionCode: roster.SchoolDivision, After: map[string]any{"roster_id": roster.ID, "day": day.String(),
				"summary": in.Summary, "lines": lines}})
	})
	return out, err
}

// checkLines requires exactly one line per intern on site, each with a
// known presence and, for an absence or a concern, what the teacher saw.
func checkLines(lines []PatrolLine, interns []Intern, fe *apperr.FieldErrors) {
	on := map[uuid.UUID]Intern{}
	for _, in := range interns {
		on[in.PlacementID] = in
	}
	seen := map[uuid.UUID]bool{}
	for i, l := range lines {
		at := fmt.Sprintf("lines[%d].", i)
		switch {
		case fe.Has(at + "placement_id"):
		case on[l.PlacementID].PlacementID == uuid.Nil:
			fe.Add(at+"placement_id", "该学生不在本值守点当天的实习名单中")
		case seen[l.PlacementID]:
			fe.Add(at+"placement_id", "同一名学生只能填写一行")
		}
		seen[l.PlacementID] = true
		if _, ok := Attendances[l.Presence]; !ok {
			fe.Add(at+"presence", "请选择 present（在岗）、absent（缺勤）或 concern（需关注）")
		}
		min := 0
		if l.Presence == "absent" || l.Presence == "concern" {
			min = 1
		}
		label := "情况说明"
		if min == 1 {
			label = "缺勤或需关注的情况说明"
		}
		fe.Text(at+"note", label, l.Note, min, 500)
	}
	var missing []string
	for _, in := range interns {
		if !seen[in.PlacementID] {
			missing = append(missing, in.StudentName)
		}
	}
	if len(missing) > 0 {
		fe.Add("lines", fmt.Sprintf("还有 %d 名学生未填写：%s", len(missing), strings.Join(missing, "、")))
	}
}

// ListRosterPatrols lists a roster's patrols, newest day first, for those who see the roster.
func (s *Service) ListRosterPatrols(ctx context.Context, actor auth.Actor, rosterID uuid.UUID, limit int) ([]Patrol, error) {
	if _, err := s.rosters.GetRoster(ctx, actor, rosterID); err != nil {
		return nil, err
	}
	return listPatrols(ctx, s.pool, nil, PatrolFilter{RosterID: &rosterID, Limit: limit})
}

// ListPatrols lists the patrols in the actor's scope: a host's mentors see
// their site's, to countersign them.
func (s *Service) ListPatrols(ctx context.Context, actor auth.Actor, f PatrolFilter) ([]Patrol, error) {
	return listPatrols(ctx, s.pool, &actor, f)
}

// GetPatrol reads one patrol in the actor's scope.
func (s *Service) GetPatrol(ctx context.Context, actor auth.Actor, id uuid.UUID) (Patrol, error) {
	return getPatrol(ctx, s.pool, id, &actor, false)
}

// CountersignPatrol is a mentor of the host countersigning every line of a
// patrol still awaiting it, at once. The patrol row is locked first, then
// each line, so two mentors pressing together queue and the second is told
// it is done (409); a line disputed or countersigned alone meanwhile is left as it is.
func (s *Service) CountersignPatrol(ctx context.Context, actor auth.Actor, id uuid.UUID) (Patrol, error) {
	if actor.Role != auth.RoleEnterpriseMentor {
		return Patrol{}, apperr.Forbidden("只有实习单位的企业导师可以会签日常巡查")
	}
	var out Patrol
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		p, err := getPatrol(ctx, tx, id, &actor, true)
		if err != nil {
			return err
		}
		signed := []uuid.UUID{}
		for _, l := range p.Lines {
			if l.Status != StatusAwaiting {
				continue
			}
			r, err := getRecord(ctx, tx, l.ID, nil, true)
			if err != nil {
				return err
			}
			if r.Status != StatusAwaiting {
				continue
			}
			err = s.move(ctx, tx, actor, &r, ActionCountersign, func(r *Record, now time.Time) error {
				if why := r.mayAnswer(actor); why != "" {
					return apperr.Forbidden(why)
				}
				r.CountersignedBy, r.CountersignedAt = &actor.UserID, &now
				return nil
			})
			if err != nil {
				return err
			}
			signed = append(signed, r.ID)
		}
		if len(signed) == 0 {
			return apperr.Conflict("INVALID_TRANSITION", "该巡查记录已没有待会签的学生")
		}
		if out, err = getPatrol(ctx, tx, id, nil, false); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "patrol.countersign", SubjectType: "patrol", SubjectID: id.String(),
			DivisionCode: p.SchoolDivision, After: map[string]any{"records": signed}})
	})
	return out, err
}
