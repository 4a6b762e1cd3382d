package plans_test

import (
	"context"
	"strings"
	"testing"

	"huhang/internal/testapp"
)

// The city auditor narrows 全部方案 and the queue to one county: only the
// plans of that county's schools come back, and a malformed code is named.
func TestPlanListsFilterByCounty(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	city := app.Login("city1")
	ctx := context.Background()
	// Two submitted plans each in 通江 (511921) and 南江 (511922), one
	// approved in 通江, all reviewed by the city so the queue shows them.
	_, err := app.DB.Pool.Exec(ctx, `
		WITH s AS (SELECT o.id, o.name FROM orgs o WHERE o.name IN ('通江县职业高级中学', '南江县小河职业中学')),
		     u AS (SELECT id FROM users WHERE username = 'school1'),
		     g AS (SELECT i, CASE WHEN i = 3 THEN 'approved' ELSE 'submitted' END AS status FROM generate_series(1, 3) i),
		     p AS (INSERT INTO plans (id, school_id, status, version, type, title, major, major_category, cohort,
		                              starts_on, ends_on, review_division)
		           SELECT gen_random_uuid(), s.id, g.status, 1, 'post', s.name || '区县筛选' || g.i, '数控技术', '装备制造大类',
		                  '2024级', '2027-03-01', '2027-08-31', '511900' FROM g, s
		           WHERE g.i < 3 OR s.name = '通江县职业高级中学'
		           RETURNING id)
		INSERT INTO plan_versions (plan_id, version, snapshot, submitted_at, submitted_by)
		SELECT p.id, 1, '{}', now() - interval '1 day', u.id FROM p, u`)
	if err != nil {
		t.Fatal(err)
	}
	type page struct {
		Items []struct {
			Title  string `json:"title"`
			Status string `json:"status"`
		} `json:"items"`
	}
	count := func(path string) (tongjiang, nanjiang int) {
		t.Helper()
		r := city.Get(path)
		if r.Code != 200 {
			t.Fatalf("%s: %d %s", path, r.Code, r.Body)
		}
		var p page
		r.JSON(&p)
		for _, it := range p.Items {
			switch {
			case strings.Contains(it.Title, "通江县职业高级中学区县筛选"):
				tongjiang++
			case strings.Contains(it.Title, "南江县小河职业中学区县筛选"):
				nanjiang++
			}
		}
		return
	}
	cases := []struct {
		path   string
		tj, nj int
	}{
		{"/api/v1/plans?limit=200", 3, 2},
		{"/api/v1/plans?limit=200&division=511921", 3, 0},
		{"/api/v1/plans?limit=200&division=511922", 0, 2},
		{"/api/v1/plans?limit=200&division=511921&status=approved", 1, 0},
		{"/api/v1/plans?limit=200&division=511900", 3, 2}, // the whole city
		{"/api/v1/plans?limit=200&division=511923", 0, 0},
		{"/api/v1/plans/review-queue?limit=200", 2, 2},
		{"/api/v1/plans/review-queue?limit=200&division=511922", 0, 2},
		{"/api/v1/plans/review-queue?limit=200&division=511921", 2, 0},
	}
	for _, c := range cases {
		tj, nj := count(c.path)
		if tj != c.tj || nj != c.nj {
			t.Errorf("%s: 通江 %d 南江 %d, want %d and %d", c.path, tj, nj, c.tj, c.nj)
		}
	}
	for _, bad := range []string{"51192", "5119ab", "911921"} {
		r := city.Get("/api/v1/plans?division=" + bad)
		if r.Code != 400 || !strings.Contains(r.Body.String(), `"division"`) {
			t.Errorf("division=%s: %d %s", bad, r.Code, r.Body)
		}
	}
}
