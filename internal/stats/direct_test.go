package stats_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/auth"
	"huhang/internal/duty"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/ids"
	"huhang/internal/platform/sqlb"
	"huhang/internal/stats"
)

// The figures the dashboard must show, computed the slow way: straight
// over the raw tables with none of the summary rows, so the test fails if
// the refresh or the read of the summaries drifts from the raw data. Duty
// coverage is judged by duty.Coverage, the same judgement a school sees.

// directScope is a set of schools (a division's subtree, or one school) and,
// for a division, the rows of its subtree that belong to no school.
type directScope struct {
	lo, hi string
	school *uuid.UUID
}

func divisionScope(code string) directScope {
	lo, hi, _ := sqlb.PrefixRange(ids.DivisionPrefix(code))
	return directScope{lo: lo, hi: hi}
}

// schools is a subquery of the scope's school ids; $1, $2 are lo, hi or $1 the school.
func (s directScope) args() []any {
	if s.school != nil {
		return []any{*s.school}
	}
	return []any{s.lo, s.hi}
}

func (s directScope) schools() string {
	if s.school != nil {
		return `(SELECT $1::uuid)`
	}
	return `(SELECT id FROM orgs WHERE kind = 'school' AND division_code >= $1 AND division_code < $2)`
}

// owned is the predicate of alerts and findings (alias t) in scope.
func (s directScope) owned(t string) string {
	if s.school != nil {
		return t + ".school_id = $1"
	}
	return "(" + t + ".school_id IN " + s.schools() + " OR (" + t + ".school_id IS NULL AND " + t + ".division_code >= $1 AND " +
		t + ".division_code < $2))"
}

func countsBy(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) map[string]int {
	t.Helper()
	rows, err := pool.Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, sql)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		out[k] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func one(t *testing.T, pool *pgxpool.Pool, sql string, args []any, dst ...any) {
	t.Helper()
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(dst...); err != nil {
		t.Fatalf("%v\n%s", err, sql)
	}
}

func monday(d clock.Date) clock.Date {
	wd := int(d.Weekday())
	if wd == 0 {
		wd = 7
	}
	return d.AddDays(1 - wd)
}

// direct computes a scope's Figures over the raw tables at now.
func direct(t *testing.T, pool *pgxpool.Pool, dutySvc *duty.Service, s directScope, now time.Time) stats.Figures {
	t.Helper()
	ctx := context.Background()
	today := clock.BusinessDay(now)
	a := s.args()
	var f stats.Figures
	f.Plans = countsBy(t, pool, `SELECT status, count(*) FROM plans WHERE school_id IN `+s.schools()+` GROUP BY status`, a...)
	f.Placements = countsBy(t, pool, `SELECT status, count(*) FROM placements WHERE school_id IN `+s.schools()+` GROUP BY status`, a...)
	var avg, maxWait *float64
	one(t, pool, `SELECT count(*), avg(EXTRACT(epoch FROM $`+itoa(len(a)+1)+`::timestamptz - submitted_at)) / 86400,
		max(EXTRACT(epoch FROM $`+itoa(len(a)+1)+`::timestamptz - submitted_at)) / 86400
		FROM plans WHERE status = 'submitted' AND school_id IN `+s.schools(), append(a, now), &f.Review.Waiting, &avg, &maxWait)
	if avg != nil {
		f.Review.AvgWaitDays, f.Review.MaxWaitDays = round1(*avg), round1(*maxWait)
	}
	one(t, pool, `SELECT count(*), count(*) FILTER (WHERE sr.status = 'reported') FROM supervision_records sr
		JOIN placements pl ON pl.id = sr.placement_id WHERE sr.kind = 'incident' AND pl.school_id IN `+s.schools(), a,
		&f.Incidents.Total, &f.Incidents.Open)
	f.Alerts.BySeverity = countsBy(t, pool, `SELECT severity, count(*) FROM alerts a WHERE status <> 'resolved' AND `+s.owned("a")+
		` GROUP BY severity`, a...)
	f.Alerts.ByRule = countsBy(t, pool, `SELECT rule, count(*) FROM alerts a WHERE status <> 'resolved' AND `+s.owned("a")+
		` GROUP BY rule`, a...)
	for _, n := range f.Alerts.BySeverity {
		f.Alerts.Open += n
	}
	f.Findings.ByStatus = countsBy(t, pool, `SELECT status, count(*) FROM findings f WHERE `+s.owned("f")+` GROUP BY status`, a...)
	one(t, pool, `SELECT count(*) FROM findings f WHERE status NOT IN ('recorded', 'closed') AND deadline < $`+itoa(len(a)+1)+
		` AND `+s.owned("f"), append(a, today.SQL()), &f.Findings.Overdue)
	// Art 11 over the hosts that have the scope's interns on post today.
	one(t, pool, `
		WITH hosts AS (
			SELECT DISTINCT enterprise_id FROM placements WHERE school_id IN `+s.schools()+` AND plan_type = 'post'
			  AND status IN ('confirmed', 'ready', 'active') AND starts_on <= $`+itoa(len(a)+1)+` AND ends_on >= $`+itoa(len(a)+1)+`
		), on_post AS (
			SELECT enterprise_id, post_id, count(*) AS n FROM placements
			WHERE enterprise_id IN (SELECT enterprise_id FROM hosts) AND plan_type = 'post'
			  AND status IN ('confirmed', 'ready', 'active') AND starts_on <= $`+itoa(len(a)+1)+` AND ends_on >= $`+itoa(len(a)+1)+`
			GROUP BY enterprise_id, post_id
		)
		SELECT (SELECT count(*) FROM hosts),
		       (SELECT count(*) FROM (SELECT op.enterprise_id FROM on_post op JOIN enterprises e ON e.org_id = op.enterprise_id
		                              GROUP BY op.enterprise_id, e.headcount HAVING sum(op.n) * 100 > e.headcount * 10) x),
		       (SELECT count(*) FROM on_post op JOIN posts p ON p.id = op.post_id WHERE op.n * 100 > p.headcount * 20)`,
		append(a, today.SQL()), &f.Quota.Hosts, &f.Quota.OverUnit, &f.Quota.OverPost)
	// Duty as the school's own coverage page judges it, patrols straight from the table.
	rows, _, err := dutySvc.Coverage(ctx, auth.System, duty.CoverageFilter{From: monday(today), To: today, SchoolID: s.school})
	if err != nil {
		t.Fatal(err)
	}
	inScope := map[uuid.UUID]bool{}
	if s.school != nil {
		inScope[*s.school] = true
	} else {
		ids, err := pool.Query(ctx, `SELECT id FROM orgs WHERE kind = 'school' AND division_code >= $1 AND division_code < $2`, s.lo, s.hi)
		if err != nil {
			t.Fatal(err)
		}
		for ids.Next() {
			var id uuid.UUID
			if err := ids.Scan(&id); err != nil {
				t.Fatal(err)
			}
			inScope[id] = true
		}
		ids.Close()
	}
	for _, r := range rows {
		if !inScope[r.Roster.SchoolID] {
			continue
		}
		for _, d := range r.Days {
			covered := d.Status == duty.DayCovered
			f.Duty.WeekDue++
			if covered {
				f.Duty.WeekCovered++
			}
			if d.Day == today {
				f.Duty.TodayDue++
				if covered {
					f.Duty.TodayCovered++
				}
			}
			if d.Day.Before(today) {
				var patrolled bool
				one(t, pool, `SELECT EXISTS (SELECT 1 FROM patrols WHERE roster_id = $1 AND day = $2)`, []any{r.Roster.ID, d.Day.SQL()}, &patrolled)
				if !patrolled {
					f.PatrolGaps++
				}
			}
		}
	}
	return f
}

// directWeeks counts the trend weeks over the raw tables.
func directWeeks(t *testing.T, pool *pgxpool.Pool, s directScope, today clock.Date) []stats.Week {
	t.Helper()
	a := s.args()
	first := monday(today).AddDays(-7 * (stats.TrendWeeks - 1))
	n := itoa(len(a) + 1)
	sh := `AT TIME ZONE 'Asia/Shanghai'`
	week := func(expr string) string { return `to_char(date_trunc('week', ` + expr + `)::date, 'YYYY-MM-DD')` }
	series := map[string]map[string]int{
		"checkins": countsBy(t, pool, `SELECT `+week(`c.duty_day`)+`, count(*) FROM duty_checkins c JOIN duty_rosters dr ON dr.id = c.roster_id
			WHERE dr.school_id IN `+s.schools()+` AND c.duty_day >= $`+n+` GROUP BY 1`, append(a, first.SQL())...),
		"patrols": countsBy(t, pool, `SELECT `+week(`p.day`)+`, count(*) FROM patrols p JOIN duty_rosters dr ON dr.id = p.roster_id
			WHERE dr.school_id IN `+s.schools()+` AND p.day >= $`+n+` GROUP BY 1`, append(a, first.SQL())...),
		"incidents": countsBy(t, pool, `SELECT `+week(`(sr.occurred_at `+sh+`)::date`)+`, count(*) FROM supervision_records sr
			JOIN placements pl ON pl.id = sr.placement_id WHERE sr.kind = 'incident' AND pl.school_id IN `+s.schools()+`
			AND (sr.occurred_at `+sh+`)::date >= $`+n+` GROUP BY 1`, append(a, first.SQL())...),
		"alerts": countsBy(t, pool, `SELECT `+week(`(a.raised_at `+sh+`)::date`)+`, count(*) FROM alerts a WHERE `+s.owned("a")+`
			AND (a.raised_at `+sh+`)::date >= $`+n+` GROUP BY 1`, append(a, first.SQL())...),
		"findings": countsBy(t, pool, `SELECT `+week(`f.discovered_on`)+`, count(*) FROM findings f WHERE `+s.owned("f")+`
			AND f.discovered_on >= $`+n+` GROUP BY 1`, append(a, first.SQL())...),
		"plans": countsBy(t, pool, `SELECT `+week(`(v.submitted_at `+sh+`)::date`)+`, count(*) FROM plan_versions v
			JOIN plans p ON p.id = v.plan_id WHERE p.school_id IN `+s.schools()+` AND (v.submitted_at `+sh+`)::date >= $`+n+`
			GROUP BY 1`, append(a, first.SQL())...),
	}
	var out []stats.Week
	for i := range stats.TrendWeeks {
		w := first.AddDays(7 * i).String()
		out = append(out, stats.Week{Week: w, Checkins: series["checkins"][w], Patrols: series["patrols"][w],
			Incidents: series["incidents"][w], Alerts: series["alerts"][w], Findings: series["findings"][w],
			PlansSubmitted: series["plans"][w]})
	}
	return out
}

func itoa(n int) string {
	return string(rune('0' + n))
}

func round1(x float64) float64 {
	if x < 0 {
		x = 0
	}
	return float64(int64(x*10+0.5)) / 10
}
