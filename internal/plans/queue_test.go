package plans_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"huhang/internal/testapp"
)

// A county with 1,230 plans waiting sees every one of them, page by page,
// oldest submission first, none twice; the queue used to stop at 1,000.
func TestReviewQueuePagesThroughEveryWaitingPlan(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	county := app.Login("county1")
	ctx := context.Background()
	// 1,230 submitted plans of 通江县职业高级中学, submitted one minute apart
	// in an order unrelated to their ids, and some that wait elsewhere or
	// are no longer waiting.
	_, err := app.DB.Pool.Exec(ctx, `
		WITH s AS (SELECT o.id, o.division_code FROM orgs o WHERE o.name = '通江县职业高级中学'),
		     u AS (SELECT id FROM users WHERE username = 'school1'),
		     g AS (SELECT i, gen_random_uuid() AS id, CASE WHEN i <= 1230 THEN 'submitted' ELSE 'approved' END AS status
		           FROM generate_series(1, 1300) i),
		     p AS (INSERT INTO plans (id, school_id, status, version, type, title, major, major_category, cohort,
		                              starts_on, ends_on, review_division)
		           SELECT g.id, s.id, g.status, 2, 'post', '排队方案' || g.i, '数控技术', '装备制造大类', '2024级',
		                  '2027-03-01', '2027-08-31', s.division_code FROM g, s
		           RETURNING id, title)
		INSERT INTO plan_versions (plan_id, version, snapshot, submitted_at, submitted_by)
		SELECT p.id, 1, '{}', now() - interval '30 days' + make_interval(mins => (g.i * 7919) % 1300), u.id
		FROM p JOIN g ON g.id = p.id, u`)
	if err != nil {
		t.Fatal(err)
	}
	var want int
	if err := app.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM plans p JOIN orgs s ON s.id = p.school_id
		WHERE p.status = 'submitted' AND p.review_division = s.division_code AND s.name = '通江县职业高级中学'`).Scan(&want); err != nil {
		t.Fatal(err)
	}
	if want < 1230 {
		t.Fatalf("setup: %d waiting", want)
	}

	type item struct {
		ID          string    `json:"id"`
		Status      string    `json:"status"`
		SubmittedAt time.Time `json:"submitted_at"`
	}
	seen := map[string]bool{}
	var last item
	pages, cursor := 0, ""
	for {
		path := "/api/v1/plans/review-queue?limit=200"
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		var page struct {
			Items      []item  `json:"items"`
			NextCursor *string `json:"next_cursor"`
		}
		r := county.Get(path)
		if r.Code != 200 {
			t.Fatalf("page %d: %d %s", pages, r.Code, r.Body)
		}
		r.JSON(&page)
		pages++
		for _, it := range page.Items {
			if seen[it.ID] {
				t.Fatalf("plan %s twice", it.ID)
			}
			seen[it.ID] = true
			if it.Status != "submitted" {
				t.Fatalf("plan %s in the queue as %s", it.ID, it.Status)
			}
			if it.SubmittedAt.Before(last.SubmittedAt) || (it.SubmittedAt.Equal(last.SubmittedAt) && it.ID < last.ID) {
				t.Fatalf("out of order: %+v after %+v", it, last)
			}
			last = it
		}
		if page.NextCursor == nil {
			if len(page.Items) > 200 {
				t.Fatalf("page of %d", len(page.Items))
			}
			break
		}
		if len(page.Items) != 200 {
			t.Fatalf("a page before the last holds %d", len(page.Items))
		}
		cursor = *page.NextCursor
	}
	if len(seen) < want || pages != (len(seen)+199)/200 {
		t.Fatalf("reached %d of %d waiting plans in %d pages", len(seen), want, pages)
	}

	// A cursor the server did not write is refused by name.
	for _, bad := range []string{"not-a-cursor", "MTIz", "00000000-0000-0000-0000-000000000000"} {
		r := county.Get("/api/v1/plans/review-queue?cursor=" + url.QueryEscape(bad))
		if r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"cursor"`) {
			t.Errorf("cursor %q: %d %s", bad, r.Code, r.Body)
		}
	}
	if r := county.Get("/api/v1/plans/review-queue?limit=201"); r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"limit"`) {
		t.Errorf("limit 201: %d %s", r.Code, r.Body)
	}
}
