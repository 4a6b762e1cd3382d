package duty

import (
	"context"

	"github.com/google/uuid"

	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/sqlb"
)

// OwedDay is one roster-day of on-site duty a teacher owes, and whether a
// clean in-fence check-in covered it.
type OwedDay struct {
	RosterID uuid.UUID
	Day      clock.Date
	Covered  bool
}

// OwedDaysOfSchool lists the roster-days a school's teachers owe over
// [from, to], judged exactly as Coverage judges them. It has no actor: the
// dashboards (stats) call it for a school they summarise and scope their
// own reads.
func (s *Service) OwedDaysOfSchool(ctx context.Context, schoolID uuid.UUID, from, to clock.Date) ([]OwedDay, error) {
	w := sqlb.With()
	w.Add("dr.school_id = %s", schoolID)
	w.Add("dr.starts_on <= %s AND dr.ends_on >= %s", pgDate(to), pgDate(from))
	rosters, err := postgres.List(ctx, s.pool, "duty: school rosters", scanRoster,
		rosterSelect+" WHERE "+w.String()+" ORDER BY dr.id", w.Args()...)
	if err != nil || len(rosters) == 0 {
		return nil, err
	}
	rows, err := s.coverageOf(ctx, rosters, from, to)
	if err != nil {
		return nil, err
	}
	var out []OwedDay
	for _, row := range rows {
		for _, d := range row.Days {
			out = append(out, OwedDay{RosterID: row.Roster.ID, Day: d.Day, Covered: d.Status == DayCovered})
		}
	}
	return out, nil
}
