package stats_test

import (
	"context"
	"math"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/auth"
	"huhang/internal/duty"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/pgtest"
	"huhang/internal/stats"
	"huhang/internal/testapp"
)

// sameFigures compares everything exactly but the waiting days, which the
// dashboard rounds from a sum and the direct query from an average: they
// may differ in the last rounded digit.
func sameFigures(t *testing.T, what string, got, want stats.Figures) {
	t.Helper()
	if math.Abs(got.Review.AvgWaitDays-want.Review.AvgWaitDays) > 0.11 || math.Abs(got.Review.MaxWaitDays-want.Review.MaxWaitDays) > 0.11 {
		t.Errorf("%s: review %+v, direct %+v", what, got.Review, want.Review)
	}
	got.Review.AvgWaitDays, got.Review.MaxWaitDays = want.Review.AvgWaitDays, want.Review.MaxWaitDays
	norm := func(f *stats.Figures) {
		for _, m := range []*map[string]int{&f.Plans, &f.Placements, &f.Alerts.BySeverity, &f.Alerts.ByRule, &f.Findings.ByStatus} {
			if *m == nil {
				*m = map[string]int{}
			}
		}
	}
	norm(&got)
	norm(&want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n dashboard %+v\n direct    %+v", what, got, want)
	}
}

func refresh(t *testing.T, svc *stats.Service) stats.RefreshResult {
	t.Helper()
	res, err := svc.Refresh(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// checkOverview compares an overview's totals, sub-divisions, schools and
// trends with the direct queries.
func checkOverview(t *testing.T, app *testapp.App, o stats.Overview, scope directScope) {
	t.Helper()
	checkOverviewAt(t, app.DB.Pool, app.Services.Duty, app.Clock.Now(), o, scope)
}

func checkOverviewAt(t *testing.T, pool *pgxpool.Pool, dutySvc *duty.Service, now time.Time, o stats.Overview, scope directScope) {
	t.Helper()
	sameFigures(t, "totals of "+o.Scope.Name, o.Totals, direct(t, pool, dutySvc, scope, now))
	for _, c := range o.Children {
		sameFigures(t, "sub-division "+c.Name, c.Figures, direct(t, pool, dutySvc, divisionScope(c.Code), now))
	}
	for _, s := range o.Schools {
		id := s.ID
		sameFigures(t, "school "+s.Name, s.Figures, direct(t, pool, dutySvc, directScope{school: &id}, now))
	}
	if want := directWeeks(t, pool, scope, clock.BusinessDay(now)); !reflect.DeepEqual(o.Trends, want) {
		t.Errorf("trends of %s:\n dashboard %+v\n direct    %+v", o.Scope.Name, o.Trends, want)
	}
}

func TestOverviewEqualsTheRawTablesOnTheDemo(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	svc := app.Services.Stats
	if res := refresh(t, svc); res.Units == 0 {
		t.Fatalf("the first refresh summarised nothing: %+v", res)
	}
	ctx := context.Background()
	city := actorOf(t, app, "city1")
	o, err := svc.Overview(ctx, city, stats.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if o.Scope.Code != "511900" || len(o.Children) != 5 || o.RefreshedAt == nil || len(o.Trends) != stats.TrendWeeks {
		t.Fatalf("city overview: scope %+v, %d children, refreshed %v, %d weeks", o.Scope, len(o.Children), o.RefreshedAt, len(o.Trends))
	}
	if o.Totals.Placements["active"] == 0 || o.Totals.Alerts.Open+o.Totals.Duty.WeekDue == 0 {
		t.Fatalf("the demo should have active placements and duty or alerts: %+v", o.Totals)
	}
	checkOverview(t, app, o, divisionScope("511900"))

	county, err := svc.Overview(ctx, city, stats.Query{Division: "511922"})
	if err != nil {
		t.Fatal(err)
	}
	if len(county.Schools) == 0 || len(county.Children) != 0 || len(county.Crumbs) != 2 || county.Crumbs[1].Name != "南江县" {
		t.Fatalf("county drill-down: %d schools, %d children, crumbs %+v", len(county.Schools), len(county.Children), county.Crumbs)
	}
	checkOverview(t, app, county, divisionScope("511922"))
	school := county.Schools[0]
	one, err := svc.Overview(ctx, city, stats.Query{Division: "511922", SchoolID: &school.ID})
	if err != nil {
		t.Fatal(err)
	}
	if one.Scope.Kind != "school" || len(one.Crumbs) != 3 || *one.Crumbs[2].SchoolID != school.ID {
		t.Fatalf("school drill-down: %+v %+v", one.Scope, one.Crumbs)
	}
	sameFigures(t, "school scope", one.Totals, school.Figures)

	// A write shows after the next refresh, and only that unit is redone.
	app.Clock.Advance(time.Hour)
	// A placement of the school moves on: its status counts change.
	tag, err := app.DB.Pool.Exec(ctx, `UPDATE placements SET status = 'terminated'
		WHERE id = (SELECT id FROM placements WHERE school_id = $1 AND status = 'active' ORDER BY id LIMIT 1)`, school.ID)
	if err != nil || tag.RowsAffected() != 1 {
		t.Fatalf("terminating a placement of %s: %v, %d rows", school.Name, err, tag.RowsAffected())
	}
	if res := refresh(t, svc); res.Units != 1 || res.Enterprises != 1 {
		t.Fatalf("one changed placement should refresh its school and its host, got %+v", res)
	}
	after, err := svc.Overview(ctx, city, stats.Query{Division: "511922"})
	if err != nil {
		t.Fatal(err)
	}
	if after.Totals.Placements["active"] != county.Totals.Placements["active"]-1 {
		t.Fatalf("active placements %d after one ended, %d before", after.Totals.Placements["active"], county.Totals.Placements["active"])
	}
	checkOverview(t, app, after, divisionScope("511922"))

	// The next business day moves the date-bound figures: every unit is redone.
	app.Clock.Advance(24 * time.Hour)
	if res := refresh(t, svc); res.Units < len(o.Children) {
		t.Fatalf("a new day should refresh every unit, got %+v", res)
	}
	next, err := svc.Overview(ctx, city, stats.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if next.AsOf == o.AsOf {
		t.Fatalf("as_of stayed %s", next.AsOf)
	}
	checkOverview(t, app, next, divisionScope("511900"))
}

func actorOf(t *testing.T, app *testapp.App, username string) auth.Actor {
	t.Helper()
	var a auth.Actor
	err := app.DB.Pool.QueryRow(context.Background(), `SELECT u.id, u.username, u.role, u.org_id, o.kind, o.name, o.division_code
		FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.username = $1`, username).
		Scan(&a.UserID, &a.Username, &a.Role, &a.OrgID, &a.OrgKind, &a.OrgName, &a.DivisionCode)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestOverviewScopesAndNamesBadInput(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	refresh(t, app.Services.Stats)
	county1, school2 := app.Login("county1"), app.Login("school2")
	nanjiang := app.OrgID("南江县小河职业中学")
	cases := []struct {
		name   string
		client string
		path   string
		status int
	}{
		{"own county", "county1", "/api/v1/stats/overview", http.StatusOK},
		{"the city above", "county1", "/api/v1/stats/overview?division=511900", http.StatusNotFound},
		{"a sibling county", "county1", "/api/v1/stats/overview?division=511922", http.StatusNotFound},
		{"a school of a sibling county", "county1", "/api/v1/stats/overview?division=511921&school=" + nanjiang.String(), http.StatusNotFound},
		{"no such division", "county1", "/api/v1/stats/overview?division=511999", http.StatusNotFound},
		{"malformed", "county1", "/api/v1/stats/overview?division=51a&school=x", http.StatusBadRequest},
		{"the school's own", "school2", "/api/v1/stats/overview", http.StatusOK},
		{"another school", "school2", "/api/v1/stats/overview?school=" + app.OrgID("通江县职业高级中学").String(), http.StatusNotFound},
		{"export", "school2", "/api/v1/stats/overview.xlsx", http.StatusOK},
	}
	for _, c := range cases {
		cl := county1
		if c.client == "school2" {
			cl = school2
		}
		r := cl.Get(c.path)
		if r.Code != c.status {
			t.Errorf("%s: %d %s", c.name, r.Code, r.Body.String())
		}
	}
	bad := county1.Get("/api/v1/stats/overview?division=51a&school=x")
	var body struct {
		Error struct {
			Details []struct {
				Field string `json:"field"`
			} `json:"details"`
		} `json:"error"`
	}
	bad.JSON(&body)
	named := map[string]bool{}
	for _, d := range body.Error.Details {
		named[d.Field] = true
	}
	for _, field := range []string{"division", "school"} {
		if !named[field] {
			t.Errorf("malformed query: %s not named in %s", field, bad.Body.String())
		}
	}
	// A school administrator sees its school only: the scope says so.
	var o stats.Overview
	school2.Get("/api/v1/stats/overview").JSON(&o)
	if o.Scope.Kind != "school" || o.Scope.SchoolID == nil || *o.Scope.SchoolID != nanjiang || len(o.Children)+len(o.Schools) != 0 {
		t.Fatalf("school2's overview: %+v", o.Scope)
	}
}

// With a read replica configured the dashboards read from it, never from
// the primary the refresher writes: here the "replica" is an empty
// database, so an overview from it shows nothing although the primary has
// figures.
func TestOverviewReadsFromTheReadPool(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	replica := pgtest.New(t)
	primaryOnly := app.Services.Stats
	withReplica := stats.NewService(app.DB.Pool, replica.Pool, app.Services.Duty, app.Clock)
	if res := refresh(t, withReplica); res.Units == 0 {
		t.Fatal("the refresh wrote nothing to the primary")
	}
	ctx := context.Background()
	county := actorOf(t, app, "county2")
	fromPrimary, err := primaryOnly.Overview(ctx, county, stats.Query{})
	if err != nil {
		t.Fatal(err)
	}
	fromReplica, err := withReplica.Overview(ctx, county, stats.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if fromPrimary.Totals.Placements["active"] == 0 || fromReplica.Totals.Placements["active"] != 0 || fromReplica.RefreshedAt != nil {
		t.Fatalf("primary %v, replica %v active placements; replica refreshed %v", fromPrimary.Totals.Placements,
			fromReplica.Totals.Placements, fromReplica.RefreshedAt)
	}
}
