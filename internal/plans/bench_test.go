package plans_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"huhang/internal/testapp"
)

// BenchmarkPlanCheck measures the dry run a clerk triggers at every step of
// the plan form: load the plan, its hosts, posts, host list, concurrent
// interns and calendar, then run all sixteen rules.
func BenchmarkPlanCheck(b *testing.B) {
	app := testapp.New(b)
	school := app.Login("school1")
	var posts struct {
		Items []struct{ ID string } `json:"items"`
	}
	school.Get("/api/v1/enterprises/" + app.OrgID("巴中经开区精工机械有限公司").String() + "/posts").JSON(&posts)
	var p struct{ ID string }
	school.PostJSON("/api/v1/plans", map[string]any{"type": "post", "title": "基准", "major": "数控技术", "major_category": "装备制造大类",
		"cohort": "2024级", "starts_on": "2026-12-21", "ends_on": "2027-05-20",
		"posts": []map[string]any{{"post_id": posts.Items[0].ID, "planned_count": 6, "pay_fen": 340000}}}).JSON(&p)
	auth := school.Header.Get("Authorization")
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/plans/"+p.ID+"/check", nil)
		req.Header.Set("Authorization", auth)
		rec := httptest.NewRecorder()
		app.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code, rec.Body.String())
		}
	}
}
