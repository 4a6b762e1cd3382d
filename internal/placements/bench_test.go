package placements_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"huhang/internal/testapp"
)

// BenchmarkListPlacements reads a plan's board: 50 placements with their
// documents, gates, pay records and fee reports, through the full stack.
func BenchmarkListPlacements(b *testing.B) {
	app := testapp.New(b)
	tj := app.Tongjiang()
	plan := tj.FiledPlan(b, "cognitive", "")
	for i := range 50 {
		state := []string{"proposed", "confirmed", "ready", "active"}[i%4]
		tj.Placement(b, plan, tj.Student(b, nil), tj.Posts[i%2], state)
	}
	auth := tj.School.Header.Get("Authorization")
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/placements?plan_id="+plan+"&limit=50", nil)
		req.Header.Set("Authorization", auth)
		rec := httptest.NewRecorder()
		app.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code, rec.Body.String())
		}
	}
}

// BenchmarkActivate measures the activation gate check with its locks and audit.
func BenchmarkActivate(b *testing.B) {
	app := testapp.New(b)
	tj := app.Tongjiang()
	plan := tj.FiledPlan(b, "cognitive", "")
	ids := make([]string, 0, 64)
	auth := tj.School.Header.Get("Authorization")
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		if len(ids) == 0 {
			for range 64 {
				ids = append(ids, tj.Placement(b, plan, tj.Student(b, nil), tj.Posts[0], "ready"))
			}
			auth = app.Login("school1").Header.Get("Authorization") // the fixture outlives an access token
		}
		id := ids[len(ids)-1]
		ids = ids[:len(ids)-1]
		b.StartTimer()
		req := httptest.NewRequest(http.MethodPost, "/api/v1/placements/"+id+"/activate", nil)
		req.Header.Set("Authorization", auth)
		rec := httptest.NewRecorder()
		app.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code, rec.Body.String())
		}
	}
}
