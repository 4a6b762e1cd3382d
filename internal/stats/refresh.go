package stats

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/duty"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
)

// The summary rows are recomputed per unit from the raw tables, by index on
// the unit (school_id, or division for what has no school), so one unit's
// refresh costs what that unit holds, never what the tables hold.

// TrendWeeks is how many weeks the trend charts show, this one included.
const TrendWeeks = 12

// refreshBatch bounds one refresh transaction.
const refreshBatch = 200

// RefreshResult says what one Refresh did.
type RefreshResult struct {
	Units, Enterprises int
}

// Refresh brings the summary rows up to date: the units and enterprises
// that changed since the last refresh, then those computed for an earlier
// business day. It returns when nothing is left; the worker's leader calls
// it every few seconds, tests call it before they compare.
func (s *Service) Refresh(ctx context.Context) (RefreshResult, error) {
	var total RefreshResult
	today := clock.BusinessDay(s.clock.Now())
	for {
		n, err := s.refreshChanged(ctx, today)
		total.Units += n.Units
		total.Enterprises += n.Enterprises
		if err != nil {
			return total, err
		}
		if n.Units+n.Enterprises == 0 {
			break
		}
	}
	for {
		n, err := s.refreshStale(ctx, today)
		total.Units += n.Units
		total.Enterprises += n.Enterprises
		if err != nil || n.Units+n.Enterprises == 0 {
			return total, err
		}
	}
}

// refreshChanged claims a batch of change marks and recomputes what they
// name, in one transaction: a failure puts the marks back.
func (s *Service) refreshChanged(ctx context.Context, today clock.Date) (RefreshResult, error) {
	var res RefreshResult
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		// Every mark of the units claimed goes at once: a bulk load marks
		// the same school once per statement, and it is summarised once.
		rows, err := tx.Query(ctx, `DELETE FROM stats_changes WHERE (kind, ref) IN (
			SELECT kind, ref FROM stats_changes GROUP BY kind, ref ORDER BY min(seq) LIMIT $1) RETURNING kind, ref`, refreshBatch)
		if err != nil {
			return postgres.Translate(err, "stats: claim changes")
		}
		units, enterprises := map[string]bool{}, map[string]bool{}
		for rows.Next() {
			var kind, ref string
			if err := rows.Scan(&kind, &ref); err != nil {
				rows.Close()
				return postgres.Translate(err, "stats: claim changes")
			}
			if kind == "enterprise" {
				enterprises[ref] = true
			} else {
				units[ref] = true
			}
		}
		if err := rows.Err(); err != nil {
			return postgres.Translate(err, "stats: claim changes")
		}
		for key := range units {
			if err := s.refreshUnit(ctx, tx, key, today); err != nil {
				return err
			}
		}
		for ref := range enterprises {
			if err := refreshEnterprise(ctx, tx, ref, today); err != nil {
				return err
			}
		}
		res = RefreshResult{Units: len(units), Enterprises: len(enterprises)}
		return nil
	})
	return res, err
}

// refreshStale recomputes a batch of units and enterprises whose figures
// are of an earlier day: duty today, overdue rectifications and quotas
// move with the date, not only with writes.
func (s *Service) refreshStale(ctx context.Context, today clock.Date) (RefreshResult, error) {
	var res RefreshResult
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		units, err := postgres.List(ctx, tx, "stats: stale units", scanString,
			`SELECT unit_key FROM stats_units WHERE as_of < $1 ORDER BY unit_key LIMIT $2`, today.SQL(), refreshBatch)
		if err != nil {
			return err
		}
		enterprises, err := postgres.List(ctx, tx, "stats: stale enterprises", scanString,
			`SELECT enterprise_id::text FROM stats_enterprises WHERE as_of < $1 ORDER BY enterprise_id LIMIT $2`, today.SQL(), refreshBatch*5)
		if err != nil {
			return err
		}
		for _, key := range units {
			if err := s.refreshUnit(ctx, tx, key, today); err != nil {
				return err
			}
		}
		for _, ref := range enterprises {
			if err := refreshEnterprise(ctx, tx, ref, today); err != nil {
				return err
			}
		}
		res = RefreshResult{Units: len(units), Enterprises: len(enterprises)}
		return nil
	})
	return res, err
}

func scanString(r pgx.Row) (string, error) {
	var s string
	return s, r.Scan(&s)
}

// unitFilter is how a unit's rows are found in a table: by school, or, for
// the division unit, by division among the rows that have no school.
type unitFilter struct {
	key      string
	schoolID *uuid.UUID
	division string
}

func parseUnit(key string) (unitFilter, error) {
	if code, ok := strings.CutPrefix(key, "d:"); ok {
		return unitFilter{key: key, division: code}, nil
	}
	id, err := uuid.Parse(key)
	if err != nil {
		return unitFilter{}, fmt.Errorf("stats: unit key %q: %w", key, err)
	}
	return unitFilter{key: key, schoolID: &id}, nil
}

// where is the predicate on a table with school_id and division_code
// columns (alerts, findings) under alias t, with the unit as $1.
func (u unitFilter) where(t string) string {
	if u.schoolID != nil {
		return t + ".school_id = $1"
	}
	return t + ".school_id IS NULL AND " + t + ".division_code = $1"
}

func (u unitFilter) arg() any {
	if u.schoolID != nil {
		return *u.schoolID
	}
	return u.division
}

// weekOf is the Monday of d's week.
func weekOf(d clock.Date) clock.Date {
	wd := int(d.Weekday())
	if wd == 0 {
		wd = 7
	}
	return d.AddDays(1 - wd)
}

// refreshUnit recomputes one unit's summary rows inside tx.
func (s *Service) refreshUnit(ctx context.Context, tx pgx.Tx, key string, today clock.Date) error {
	u, err := parseUnit(key)
	if err != nil {
		return err
	}
	var division string
	if u.schoolID != nil {
		err := tx.QueryRow(ctx, `SELECT division_code FROM orgs WHERE id = $1 AND kind = 'school'`, *u.schoolID).Scan(&division)
		if err == pgx.ErrNoRows {
			// Not a school (or gone): nothing to summarise.
			_, err = tx.Exec(ctx, `DELETE FROM stats_units WHERE unit_key = $1`, key)
			return postgres.Translate(err, "stats: drop unit")
		}
		if err != nil {
			return postgres.Translate(err, "stats: unit school")
		}
	} else {
		division = u.division
	}
	monday := weekOf(today)
	firstWeek := monday.AddDays(-7 * (TrendWeeks - 1))
	f := unitFigures{plans: counts{}, placements: counts{}, bySeverity: counts{}, byRule: counts{}, findings: counts{}}
	weeks := map[clock.Date]*weekRow{}
	week := func(t time.Time) *weekRow {
		w := weekOf(clock.DateFromSQL(t))
		if weeks[w] == nil {
			weeks[w] = &weekRow{}
		}
		return weeks[w]
	}
	hosts := map[uuid.UUID]*hostRow{}
	host := func(id uuid.UUID) *hostRow {
		if hosts[id] == nil {
			hosts[id] = &hostRow{}
		}
		return hosts[id]
	}
	risks := map[uuid.UUID]*riskRow{}
	risk := func(id uuid.UUID) *riskRow {
		if risks[id] == nil {
			risks[id] = &riskRow{}
		}
		return risks[id]
	}
	arg, day, from := u.arg(), today.SQL(), firstWeek.SQL()

	// One round trip for the unit: every read is a query of the batch.
	b := &batch{}
	alertsWhere, findingsWhere := u.where("a"), u.where("f")
	b.add(`SELECT a.severity, a.rule, a.enterprise_id, a.subject_type, a.subject_id FROM alerts a
		WHERE `+alertsWhere+` AND a.status <> 'resolved'`, []any{arg}, func(r pgx.Rows) error {
		var sev, rule, subjectType string
		var ent *uuid.UUID
		var subject uuid.UUID
		if err := r.Scan(&sev, &rule, &ent, &subjectType, &subject); err != nil {
			return err
		}
		f.alertsOpen++
		f.bySeverity[sev]++
		f.byRule[rule]++
		critical := 0
		if sev == "critical" {
			critical = 1
		}
		if ent != nil {
			h := host(*ent)
			h.openAlerts++
			h.critical += critical
		}
		if subjectType == "placement" && u.schoolID != nil {
			rk := risk(subject)
			rk.openAlerts++
			rk.critical += critical
		}
		return nil
	})
	b.add(`SELECT a.raised_at AT TIME ZONE 'Asia/Shanghai' FROM alerts a
		WHERE `+alertsWhere+` AND a.raised_at >= ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai')`, []any{arg, from}, func(r pgx.Rows) error {
		var at time.Time
		if err := r.Scan(&at); err != nil {
			return err
		}
		week(at).alerts++
		return nil
	})
	b.add(`SELECT f.status, f.deadline < $2 AND f.status NOT IN ('recorded', 'closed'), f.enterprise_id, f.discovered_on
		FROM findings f WHERE `+findingsWhere, []any{arg, day}, func(r pgx.Rows) error {
		var status string
		var overdue *bool
		var ent *uuid.UUID
		var discovered time.Time
		if err := r.Scan(&status, &overdue, &ent, &discovered); err != nil {
			return err
		}
		f.findings[status]++
		if overdue != nil && *overdue {
			f.overdue++
		}
		if ent != nil && status != "closed" {
			host(*ent).openFindings++
		}
		if !discovered.Before(from) {
			week(discovered).findings++
		}
		return nil
	})
	if u.schoolID != nil {
		s.addSchoolQueries(b, *u.schoolID, today, firstWeek, &f, week, host, risk)
	}
	if err := b.run(ctx, tx); err != nil {
		return postgres.Translate(err, "stats: unit figures")
	}
	if u.schoolID != nil {
		if err := s.dutyFigures(ctx, tx, *u.schoolID, today, &f); err != nil {
			return err
		}
	}
	return writeUnit(ctx, tx, key, u.schoolID, division, today, s.clock.Now(), f, weeks, hosts, risks)
}

// addSchoolQueries adds the reads only a school has: plans, placements,
// incidents, check-ins, patrols, interns.
func (s *Service) addSchoolQueries(b *batch, school uuid.UUID, today, firstWeek clock.Date, f *unitFigures,
	week func(time.Time) *weekRow, host func(uuid.UUID) *hostRow, risk func(uuid.UUID) *riskRow) {
	day, from := today.SQL(), firstWeek.SQL()
	b.add(`SELECT status, count(*) FROM plans WHERE school_id = $1 GROUP BY status`, []any{school}, func(r pgx.Rows) error {
		var status string
		var n int
		if err := r.Scan(&status, &n); err != nil {
			return err
		}
		f.plans[status] = n
		return nil
	})
	b.add(`SELECT count(*), min(submitted_at), COALESCE(sum(EXTRACT(epoch FROM submitted_at)), 0)::float8
		FROM plans WHERE school_id = $1 AND status = 'submitted'`, []any{school}, func(r pgx.Rows) error {
		return r.Scan(&f.reviewWaiting, &f.reviewOldest, &f.reviewSumEpoch)
	})
	b.add(`SELECT v.submitted_at AT TIME ZONE 'Asia/Shanghai' FROM plan_versions v JOIN plans p ON p.id = v.plan_id
		WHERE p.school_id = $1 AND v.submitted_at >= ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai')`, []any{school, from},
		func(r pgx.Rows) error {
			var at time.Time
			if err := r.Scan(&at); err != nil {
				return err
			}
			week(at).plansSubmitted++
			return nil
		})
	b.add(`SELECT status, count(*) FROM placements WHERE school_id = $1 GROUP BY status`, []any{school}, func(r pgx.Rows) error {
		var status string
		var n int
		if err := r.Scan(&status, &n); err != nil {
			return err
		}
		f.placements[status] = n
		return nil
	})
	// Interns on post today, as R-QUOTA-UNIT counts them (placements.internsAt).
	b.add(`SELECT enterprise_id, count(*) FROM placements WHERE school_id = $1 AND plan_type = 'post'
		AND status IN ('confirmed', 'ready', 'active') AND starts_on <= $2 AND ends_on >= $2 GROUP BY enterprise_id`,
		[]any{school, day}, func(r pgx.Rows) error {
			var ent uuid.UUID
			var n int
			if err := r.Scan(&ent, &n); err != nil {
				return err
			}
			host(ent).interns = n
			return nil
		})
	b.add(`SELECT sr.placement_id, sr.status, sr.occurred_at AT TIME ZONE 'Asia/Shanghai' FROM supervision_records sr
		JOIN placements pl ON pl.id = sr.placement_id WHERE pl.school_id = $1 AND sr.kind = 'incident'`, []any{school},
		func(r pgx.Rows) error {
			var placement uuid.UUID
			var status string
			var at time.Time
			if err := r.Scan(&placement, &status, &at); err != nil {
				return err
			}
			f.incidentsTotal++
			if status == "reported" {
				f.incidentsOpen++
				risk(placement).openIncidents++
			}
			if !at.Before(from) {
				week(at).incidents++
			}
			return nil
		})
	b.add(`SELECT c.duty_day, count(*) FROM duty_checkins c JOIN duty_rosters dr ON dr.id = c.roster_id
		WHERE dr.school_id = $1 AND c.duty_day >= $2 GROUP BY c.duty_day`, []any{school, from}, func(r pgx.Rows) error {
		var d time.Time
		var n int
		if err := r.Scan(&d, &n); err != nil {
			return err
		}
		week(d).checkins += n
		return nil
	})
	b.add(`SELECT p.day, count(*) FROM patrols p JOIN duty_rosters dr ON dr.id = p.roster_id
		WHERE dr.school_id = $1 AND p.day >= $2 GROUP BY p.day`, []any{school, from}, func(r pgx.Rows) error {
		var d time.Time
		var n int
		if err := r.Scan(&d, &n); err != nil {
			return err
		}
		week(d).patrols += n
		return nil
	})
}

// dutyFigures counts this week's owed roster-days as the duty domain judges
// them, and the ones before today without a patrol.
func (s *Service) dutyFigures(ctx context.Context, tx pgx.Tx, school uuid.UUID, today clock.Date, f *unitFigures) error {
	monday := weekOf(today)
	owed, err := s.duty.OwedDaysOfSchool(ctx, school, monday, today)
	if err != nil {
		return err
	}
	var rosters []uuid.UUID
	for _, d := range owed {
		f.dutyWeekDue++
		if d.Covered {
			f.dutyWeekCovered++
		}
		if d.Day == today {
			f.dutyTodayDue++
			if d.Covered {
				f.dutyTodayCovered++
			}
		}
		rosters = append(rosters, d.RosterID)
	}
	if len(rosters) == 0 {
		return nil
	}
	patrolled, err := postgres.List(ctx, tx, "stats: patrols", scanRosterDay,
		`SELECT roster_id, day FROM patrols WHERE roster_id = ANY ($1) AND day >= $2 AND day < $3`, rosters, monday.SQL(), today.SQL())
	if err != nil {
		return err
	}
	done := map[duty.OwedDay]bool{}
	for _, p := range patrolled {
		done[p] = true
	}
	for _, d := range owed {
		if d.Day.Before(today) && !done[duty.OwedDay{RosterID: d.RosterID, Day: d.Day}] {
			f.patrolGaps++
		}
	}
	return nil
}

func scanRosterDay(r pgx.Row) (duty.OwedDay, error) {
	var d duty.OwedDay
	var day time.Time
	err := r.Scan(&d.RosterID, &day)
	d.Day = clock.DateFromSQL(day)
	return d, err
}

type counts map[string]int

type unitFigures struct {
	plans, placements, bySeverity, byRule, findings counts
	reviewWaiting                                   int
	reviewOldest                                    *time.Time
	reviewSumEpoch                                  float64
	dutyTodayDue, dutyTodayCovered                  int
	dutyWeekDue, dutyWeekCovered, patrolGaps        int
	incidentsTotal, incidentsOpen                   int
	alertsOpen, overdue                             int
}

type weekRow struct {
	checkins, patrols, incidents, alerts, findings, plansSubmitted int
}

type hostRow struct {
	interns, openAlerts, critical, openFindings int
}

type riskRow struct {
	openAlerts, critical, openIncidents int
}

// score orders the risk list: a critical alert or an unacknowledged
// incident weighs more than any other open alert.
func (r riskRow) score() int { return r.openAlerts + 2*r.critical + 3*r.openIncidents }

func writeUnit(ctx context.Context, tx pgx.Tx, key string, school *uuid.UUID, division string, today clock.Date, now time.Time,
	f unitFigures, weeks map[clock.Date]*weekRow, hosts map[uuid.UUID]*hostRow, risks map[uuid.UUID]*riskRow) error {
	js := func(v any) []byte {
		b, _ := json.Marshal(v)
		return b
	}
	weekCounts := make(map[string][6]int, len(weeks))
	for w, r := range weeks {
		weekCounts[w.String()] = [6]int{r.checkins, r.patrols, r.incidents, r.alerts, r.findings, r.plansSubmitted}
	}
	hostList := make([]storedHost, 0, len(hosts))
	for id, h := range hosts {
		hostList = append(hostList, storedHost{id, h.interns, h.openAlerts, h.critical, h.openFindings})
	}
	riskList := make([]storedRisk, 0, len(risks))
	for id, r := range risks {
		riskList = append(riskList, storedRisk{id, r.openAlerts, r.critical, r.openIncidents})
	}
	_, err := tx.Exec(ctx, `INSERT INTO stats_units (unit_key, school_id, division_code, as_of, refreshed_at, plans, review_waiting,
			review_oldest_at, review_sum_epoch, placements, duty_today_due, duty_today_covered, duty_week_due, duty_week_covered,
			patrol_gaps, incidents_total, incidents_open, alerts_open, alerts_by_severity, alerts_by_rule, findings, findings_overdue,
			weeks, hosts, risk)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
		ON CONFLICT (unit_key) DO UPDATE SET school_id = EXCLUDED.school_id, division_code = EXCLUDED.division_code,
			as_of = EXCLUDED.as_of, refreshed_at = EXCLUDED.refreshed_at, plans = EXCLUDED.plans,
			review_waiting = EXCLUDED.review_waiting, review_oldest_at = EXCLUDED.review_oldest_at,
			review_sum_epoch = EXCLUDED.review_sum_epoch, placements = EXCLUDED.placements,
			duty_today_due = EXCLUDED.duty_today_due, duty_today_covered = EXCLUDED.duty_today_covered,
			duty_week_due = EXCLUDED.duty_week_due, duty_week_covered = EXCLUDED.duty_week_covered,
			patrol_gaps = EXCLUDED.patrol_gaps, incidents_total = EXCLUDED.incidents_total,
			incidents_open = EXCLUDED.incidents_open, alerts_open = EXCLUDED.alerts_open,
			alerts_by_severity = EXCLUDED.alerts_by_severity, alerts_by_rule = EXCLUDED.alerts_by_rule,
			findings = EXCLUDED.findings, findings_overdue = EXCLUDED.findings_overdue, weeks = EXCLUDED.weeks,
			hosts = EXCLUDED.hosts, risk = EXCLUDED.risk`,
		key, school, division, today.SQL(), now, js(f.plans), f.reviewWaiting, f.reviewOldest, f.reviewSumEpoch,
		js(f.placements), f.dutyTodayDue, f.dutyTodayCovered, f.dutyWeekDue, f.dutyWeekCovered, f.patrolGaps,
		f.incidentsTotal, f.incidentsOpen, f.alertsOpen, js(f.bySeverity), js(f.byRule), js(f.findings), f.overdue,
		js(weekCounts), js(hostList), js(riskList))
	return postgres.Translate(err, "stats: write unit")
}

// storedHost is one host of a unit as stats_units.hosts keeps it: a
// compact array, since a city's overview reads a few thousand of them.
type storedHost struct {
	EnterpriseID                                uuid.UUID
	Interns, OpenAlerts, Critical, OpenFindings int
}

func (h storedHost) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{h.EnterpriseID, h.Interns, h.OpenAlerts, h.Critical, h.OpenFindings})
}

func (h *storedHost) UnmarshalJSON(b []byte) error {
	return json.Unmarshal(b, &[]any{&h.EnterpriseID, &h.Interns, &h.OpenAlerts, &h.Critical, &h.OpenFindings})
}

// storedRisk is one placement with open signals, as stats_units.risk keeps it.
type storedRisk struct {
	PlacementID                         uuid.UUID
	OpenAlerts, Critical, OpenIncidents int
}

func (r storedRisk) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{r.PlacementID, r.OpenAlerts, r.Critical, r.OpenIncidents})
}

func (r *storedRisk) UnmarshalJSON(b []byte) error {
	return json.Unmarshal(b, &[]any{&r.PlacementID, &r.OpenAlerts, &r.Critical, &r.OpenIncidents})
}

func (r storedRisk) score() int {
	return riskRow{openAlerts: r.OpenAlerts, critical: r.Critical, openIncidents: r.OpenIncidents}.score()
}

// refreshEnterprise recomputes a host's Art 11 figures for today: interns
// on post across every school against its on-post staff (R-QUOTA-UNIT,
// 10 %) and the posts over 20 % of their staff (R-QUOTA-POST), counted as
// the placement gate counts them, with the same integer arithmetic.
func refreshEnterprise(ctx context.Context, tx pgx.Tx, ref string, today clock.Date) error {
	id, err := uuid.Parse(ref)
	if err != nil {
		return fmt.Errorf("stats: enterprise %q: %w", ref, err)
	}
	_, err = tx.Exec(ctx, `
		WITH on_post AS (
			SELECT post_id, count(*) AS n FROM placements
			WHERE enterprise_id = $1 AND plan_type = 'post' AND status IN ('confirmed', 'ready', 'active')
			  AND starts_on <= $2 AND ends_on >= $2
			GROUP BY post_id
		), e AS (
			SELECT e.org_id, e.headcount,
			       COALESCE((SELECT sum(n) FROM on_post), 0)::int AS interns,
			       (SELECT count(*) FROM on_post op JOIN posts p ON p.id = op.post_id WHERE op.n * 100 > p.headcount * 20)::int AS posts_over
			FROM enterprises e WHERE e.org_id = $1
		), del AS (
			DELETE FROM stats_enterprises WHERE enterprise_id = $1 AND NOT EXISTS (SELECT 1 FROM e)
		)
		INSERT INTO stats_enterprises (enterprise_id, as_of, interns, staff, over_unit, posts_over)
		SELECT org_id, $2, interns, headcount, interns > 0 AND interns * 100 > headcount * 10, posts_over FROM e
		ON CONFLICT (enterprise_id) DO UPDATE SET as_of = EXCLUDED.as_of, interns = EXCLUDED.interns,
			staff = EXCLUDED.staff, over_unit = EXCLUDED.over_unit, posts_over = EXCLUDED.posts_over`, id, today.SQL())
	return postgres.Translate(err, "stats: enterprise")
}

// batch runs several reads in one round trip, each with its own row handler.
type batch struct {
	b     pgx.Batch
	scans []func(pgx.Rows) error
}

func (b *batch) add(sql string, args []any, scan func(pgx.Rows) error) {
	b.b.Queue(sql, args...)
	b.scans = append(b.scans, scan)
}

func (b *batch) run(ctx context.Context, db interface {
	SendBatch(context.Context, *pgx.Batch) pgx.BatchResults
}) error {
	res := db.SendBatch(ctx, &b.b)
	for _, scan := range b.scans {
		rows, err := res.Query()
		if err != nil {
			res.Close()
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				res.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			res.Close()
			return err
		}
	}
	return res.Close()
}
