package stats_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/app"
	"huhang/internal/auth"
	"huhang/internal/files"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/pgtest"
	"huhang/internal/seed/scale"
	"huhang/internal/stats"
	"huhang/internal/testapp"
)

type fixedClock struct{ now time.Time }

func (c fixedClock) Now() time.Time { return c.now }

// On a generated province (schools in many counties, a fortnight of duty,
// alerts, findings, incidents) every figure of the city, its counties and
// their schools equals the direct query over the raw tables.
func TestOverviewEqualsTheRawTablesOnGeneratedData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	// Mid-morning of a working day: some of today's duty is covered, some not yet.
	now := time.Date(2026, 11, 26, 2, 30, 0, 0, time.UTC)
	if _, err := scale.Generate(ctx, db.Pool, scale.Options{Students: 4000, Days: 21, Seed: 15, Today: clock.BusinessDay(now)},
		io.Discard); err != nil {
		t.Fatal(err)
	}
	svc, err := app.Build(app.Deps{Pool: db.Pool, PII: testapp.MustPII(t), Storage: files.LocalDir{Root: t.TempDir()},
		Clock: fixedClock{now}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := svc.Stats.Refresh(ctx); err != nil || res.Units == 0 {
		t.Fatalf("refresh: %+v, %v", res, err)
	}
	// The city with the most schools, seen by its auditor.
	var city string
	if err := db.Pool.QueryRow(ctx, `SELECT left(division_code, 4) || '00' FROM orgs WHERE kind = 'school'
		GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`).Scan(&city); err != nil {
		t.Fatal(err)
	}
	auditor := auth.Actor{Username: "b" + city, Role: auth.RoleBureauAuditor, DivisionCode: city}
	o, err := svc.Stats.Overview(ctx, auditor, stats.Query{})
	if err != nil {
		t.Fatal(err)
	}
	checkOverviewAt(t, db.Pool, svc.Duty, now, o, divisionScope(city))
	for _, c := range o.Children {
		county, err := svc.Stats.Overview(ctx, auditor, stats.Query{Division: c.Code})
		if err != nil {
			t.Fatal(err)
		}
		checkOverviewAt(t, db.Pool, svc.Duty, now, county, divisionScope(c.Code))
	}
	province, err := svc.Stats.Overview(ctx, auth.Actor{Username: "b510000", Role: auth.RoleBureauAuditor, DivisionCode: "510000"},
		stats.Query{})
	if err != nil {
		t.Fatal(err)
	}
	// The generated data must exercise every figure, or equality proves little.
	f := province.Totals
	if f.Placements["active"] == 0 || f.Duty.WeekDue == 0 || f.Duty.WeekCovered == 0 || f.Alerts.Open == 0 ||
		f.Incidents.Total == 0 || len(f.Findings.ByStatus) < 3 || f.Review.Waiting == 0 || f.Quota.Hosts == 0 ||
		f.Quota.OverPost == 0 || f.PatrolGaps == 0 {
		t.Fatalf("the generated province leaves figures empty: %+v", f)
	}
	checkOverviewAt(t, db.Pool, svc.Duty, now, province, divisionScope("510000"))

	want := directRiskPlacements(t, db.Pool, divisionScope("510000"))
	if len(want) == 0 || len(province.Risk.Placements) != len(want) {
		t.Fatalf("risk list: %d placements, direct %d", len(province.Risk.Placements), len(want))
	}
	for i, p := range province.Risk.Placements {
		w := want[i]
		if p.PlacementID != w.PlacementID || p.OpenAlerts != w.OpenAlerts || p.Critical != w.Critical || p.OpenIncidents != w.OpenIncidents ||
			p.Student == "" || p.SchoolName == "" {
			t.Errorf("risk placement %d: %+v, direct %+v", i, p, w)
		}
	}
	if len(province.Risk.Hosts) == 0 || province.Risk.Hosts[0].Name == "" {
		t.Errorf("risk hosts: %+v", province.Risk.Hosts)
	}
}

// directRiskPlacements ranks a scope's placements by open signals over the
// raw tables, as the risk list must: alerts about the placement (a critical
// one counts three times) and unacknowledged incidents (three times).
func directRiskPlacements(t *testing.T, pool *pgxpool.Pool, s directScope) []stats.RiskPlacement {
	t.Helper()
	rows, err := pool.Query(context.Background(), `
		WITH a AS (
			SELECT subject_id AS id, count(*) AS n, count(*) FILTER (WHERE severity = 'critical') AS c FROM alerts
			WHERE status <> 'resolved' AND subject_type = 'placement' AND school_id IN `+s.schools()+` GROUP BY 1
		), i AS (
			SELECT sr.placement_id AS id, count(*) AS n FROM supervision_records sr JOIN placements pl ON pl.id = sr.placement_id
			WHERE sr.kind = 'incident' AND sr.status = 'reported' AND pl.school_id IN `+s.schools()+` GROUP BY 1
		)
		SELECT id, COALESCE(a.n, 0)::int, COALESCE(a.c, 0)::int, COALESCE(i.n, 0)::int FROM a FULL JOIN i USING (id)
		ORDER BY COALESCE(a.n, 0) + 2 * COALESCE(a.c, 0) + 3 * COALESCE(i.n, 0) DESC, id::text
		LIMIT 10`, s.args()...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []stats.RiskPlacement
	for rows.Next() {
		var p stats.RiskPlacement
		if err := rows.Scan(&p.PlacementID, &p.OpenAlerts, &p.Critical, &p.OpenIncidents); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}
