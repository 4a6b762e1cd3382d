package stats

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/alerts/outbox"
	"huhang/internal/platform/ids"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/sqlb"
)

// unitRow is one summary row as read back.
type unitRow struct {
	key                                             string
	schoolID                                        *uuid.UUID
	division                                        string
	refreshedAt                                     time.Time
	plans, placements, bySeverity, byRule, findings map[string]int
	reviewWaiting                                   int
	reviewOldest                                    *time.Time
	reviewSumEpoch                                  float64
	dutyTodayDue, dutyTodayCovered                  int
	dutyWeekDue, dutyWeekCovered, patrolGaps        int
	incidentsTotal, incidentsOpen                   int
	alertsOpen, overdue                             int
	weeks                                           map[string][6]int
	hosts                                           []storedHost
	risk                                            []storedRisk
}

type enterpriseRow struct {
	overUnit       bool
	postsOver      int
	interns, staff int
	name           string
}

// scopeData is everything one overview reads, in one round trip.
type scopeData struct {
	units       []unitRow
	children    []division
	schoolNames []schoolRef
	path        []division
}

func schoolByID(ctx context.Context, db *pgxpool.Pool, id uuid.UUID) (*schoolRef, error) {
	s := schoolRef{ID: id}
	err := db.QueryRow(ctx, `SELECT name, division_code FROM orgs WHERE id = $1 AND kind = 'school'`, id).Scan(&s.Name, &s.DivisionCode)
	if err == pgx.ErrNoRows {
		return nil, nil
	}
	return &s, postgres.Translate(err, "stats: school")
}

func divisionByCode(ctx context.Context, db *pgxpool.Pool, code string) (*division, error) {
	d := division{Code: code}
	err := db.QueryRow(ctx, `SELECT name, level FROM divisions WHERE code = $1`, code).Scan(&d.Name, &d.Level)
	if err == pgx.ErrNoRows {
		return nil, nil
	}
	return &d, postgres.Translate(err, "stats: division")
}

// ancestors are the codes from root (the actor's division) down to code,
// both included; root "" means code alone is not shown as a path.
func ancestors(root, code string) []string {
	if root == "" {
		return nil
	}
	rootPrefix := ids.DivisionPrefix(root)
	var out []string
	for _, c := range []string{code[:2] + "0000", code[:4] + "00", code} {
		if len(out) > 0 && out[len(out)-1] == c {
			continue
		}
		if p := ids.DivisionPrefix(c); len(p) >= len(rootPrefix) && p[:len(rootPrefix)] == rootPrefix {
			out = append(out, c)
		}
	}
	return out
}

const unitColumns = `unit_key, school_id, division_code, refreshed_at, plans, placements, alerts_by_severity, alerts_by_rule,
	findings, review_waiting, review_oldest_at, review_sum_epoch, duty_today_due, duty_today_covered, duty_week_due,
	duty_week_covered, patrol_gaps, incidents_total, incidents_open, alerts_open, findings_overdue, weeks, hosts, risk`

// scanUnit reads a row of unitColumns, after lead: the columns the
// statement selects before them.
func scanUnit(r pgx.Rows, lead ...any) (unitRow, error) {
	var u unitRow
	var plans, placements, sev, rule, findings, weeks, hosts, risk []byte
	err := r.Scan(append(lead, &u.key, &u.schoolID, &u.division, &u.refreshedAt, &plans, &placements, &sev, &rule, &findings,
		&u.reviewWaiting, &u.reviewOldest, &u.reviewSumEpoch, &u.dutyTodayDue, &u.dutyTodayCovered, &u.dutyWeekDue,
		&u.dutyWeekCovered, &u.patrolGaps, &u.incidentsTotal, &u.incidentsOpen, &u.alertsOpen, &u.overdue, &weeks, &hosts, &risk)...)
	if err != nil {
		return u, err
	}
	for _, p := range []struct {
		raw []byte
		dst any
	}{{plans, &u.plans}, {placements, &u.placements}, {sev, &u.bySeverity}, {rule, &u.byRule}, {findings, &u.findings},
		{weeks, &u.weeks}, {hosts, &u.hosts}, {risk, &u.risk}} {
		if err := json.Unmarshal(p.raw, p.dst); err != nil {
			return u, err
		}
	}
	return u, nil
}

// unitCache keeps summary rows decoded, by their row version. Decoding a
// city's rows (their hosts, weeks and risk are JSON) was over half of an
// overview's time; a row changes only when the refresher rewrites it,
// which gives it a new xmin, so a version that still matches is the row as
// stored. Bounded by the number of units (one per school and division).
type unitCache struct {
	mu   sync.Mutex
	rows map[string]cachedUnit
}

type cachedUnit struct {
	version string
	row     unitRow
}

// unitVersion is a row's identity as stored: the transaction that wrote it,
// and its refresh time against the transaction counter wrapping around.
const unitVersion = `xmin::text || '/' || refreshed_at::text`

func (c *unitCache) get(key, version string) (unitRow, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	u, ok := c.rows[key]
	return u.row, ok && u.version == version
}

func (c *unitCache) put(version string, u unitRow) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rows[u.key] = cachedUnit{version: version, row: u}
}

// readScope reads the summary rows of the scope's units: a division's by
// the code range of its subtree (stats_units_division_idx), a school's by
// its key. One round trip reads the versions of the rows with the names
// around them; only rows not already decoded at that version are read
// whole, in a second.
func readScope(ctx context.Context, db *pgxpool.Pool, cache *unitCache, r resolved) (scopeData, error) {
	var d scopeData
	type version struct{ key, version string }
	var versions []version
	scanVersion := func(rows pgx.Rows) error {
		var v version
		err := rows.Scan(&v.key, &v.version)
		versions = append(versions, v)
		return err
	}
	b := &batch{}
	if r.school != nil {
		b.add(`SELECT unit_key, `+unitVersion+` FROM stats_units WHERE unit_key = $1`, []any{r.school.ID.String()}, scanVersion)
	} else {
		lo, hi, _ := sqlb.PrefixRange(ids.DivisionPrefix(r.division.Code))
		b.add(`SELECT unit_key, `+unitVersion+` FROM stats_units WHERE division_code >= $1 AND division_code < $2`,
			[]any{lo, hi}, scanVersion)
		b.add(`SELECT code, name, level FROM divisions WHERE parent_code = $1 ORDER BY code`, []any{r.division.Code},
			func(rows pgx.Rows) error {
				var c division
				err := rows.Scan(&c.Code, &c.Name, &c.Level)
				d.children = append(d.children, c)
				return err
			})
		b.add(`SELECT id, name, division_code FROM orgs WHERE kind = 'school' AND division_code = $1 ORDER BY name, id`,
			[]any{r.division.Code}, func(rows pgx.Rows) error {
				var s schoolRef
				err := rows.Scan(&s.ID, &s.Name, &s.DivisionCode)
				d.schoolNames = append(d.schoolNames, s)
				return err
			})
	}
	if path := ancestors(r.root, r.division.Code); len(path) > 0 {
		// Ancestors sort by code as they nest: 510000 < 511900 < 511921.
		b.add(`SELECT code, name, level FROM divisions WHERE code = ANY ($1) ORDER BY code`, []any{path}, func(rows pgx.Rows) error {
			var c division
			err := rows.Scan(&c.Code, &c.Name, &c.Level)
			d.path = append(d.path, c)
			return err
		})
	}
	if err := b.run(ctx, db); err != nil {
		return d, postgres.Translate(err, "stats: overview")
	}
	var missing []string
	for _, v := range versions {
		if u, ok := cache.get(v.key, v.version); ok {
			d.units = append(d.units, u)
		} else {
			missing = append(missing, v.key)
		}
	}
	if len(missing) == 0 {
		return d, nil
	}
	// A row rewritten since its version was read comes back newer, with
	// the version it has now.
	b = &batch{}
	b.add(`SELECT `+unitVersion+`, `+unitColumns+` FROM stats_units WHERE unit_key = ANY ($1)`, []any{missing},
		func(rows pgx.Rows) error {
			var version string
			u, err := scanUnit(rows, &version)
			if err != nil {
				return err
			}
			cache.put(version, u)
			d.units = append(d.units, u)
			return nil
		})
	return d, postgres.Translate(b.run(ctx, db), "stats: overview units")
}

// hostsAndNames is the second round trip of an overview: the hosts over an
// Art 11 quota (few: a partial index holds them), and the names and
// figures of the hosts and placements the risk list shows.
func hostsAndNames(ctx context.Context, db *pgxpool.Pool, riskHostIDs, placementIDs []uuid.UUID) (map[uuid.UUID]enterpriseRow,
	map[uuid.UUID]enterpriseRow, map[uuid.UUID]RiskPlacement, error) {
	over := map[uuid.UUID]enterpriseRow{}
	named := map[uuid.UUID]enterpriseRow{}
	placements := map[uuid.UUID]RiskPlacement{}
	b := &batch{}
	b.add(`SELECT enterprise_id, over_unit, posts_over FROM stats_enterprises WHERE over_unit OR posts_over > 0`, nil,
		func(rows pgx.Rows) error {
			// pgtype.UUID is scanned straight from the wire; uuid.UUID goes
			// through database/sql's Scanner, which for a province's
			// thousand hosts over a quota took a quarter of a city overview's CPU.
			var id pgtype.UUID
			var e enterpriseRow
			if err := rows.Scan(&id, &e.overUnit, &e.postsOver); err != nil {
				return err
			}
			over[uuid.UUID(id.Bytes)] = e
			return nil
		})
	b.add(`SELECT o.id, o.name, COALESCE(e.interns, 0), COALESCE(e.staff, 0)
		FROM unnest($1::uuid[]) x (id) JOIN orgs o ON o.id = x.id LEFT JOIN stats_enterprises e ON e.enterprise_id = x.id`,
		[]any{riskHostIDs}, func(rows pgx.Rows) error {
			var id uuid.UUID
			var e enterpriseRow
			if err := rows.Scan(&id, &e.name, &e.interns, &e.staff); err != nil {
				return err
			}
			named[id] = e
			return nil
		})
	if len(placementIDs) > 0 {
		b.add(`SELECT pl.id, st.name, sch.name, ent.name FROM unnest($1::uuid[]) x (id) JOIN placements pl ON pl.id = x.id
			JOIN students st ON st.id = pl.student_id JOIN orgs sch ON sch.id = pl.school_id JOIN orgs ent ON ent.id = pl.enterprise_id
			`, []any{placementIDs}, func(rows pgx.Rows) error {
			var p RiskPlacement
			var name string
			if err := rows.Scan(&p.PlacementID, &name, &p.SchoolName, &p.EnterpriseName); err != nil {
				return err
			}
			// Dashboards reach every auditor of the subtree: the surname is enough.
			p.Student = outbox.Masked(name)
			placements[p.PlacementID] = p
			return nil
		})
	}
	return over, named, placements, postgres.Translate(b.run(ctx, db), "stats: hosts")
}
