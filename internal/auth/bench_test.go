package auth_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"huhang/internal/seed"
	"huhang/internal/testapp"
)

// BenchmarkLogin is dominated by argon2id (19 MiB, 2 passes): it bounds how
// many sign-ins per second one core can take at the start of a school day.
func BenchmarkLogin(b *testing.B) {
	app := testapp.New(b)
	body := `{"username":"school1","password":"` + seed.DemoPassword + `"}`
	for b.Loop() {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		app.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code, rec.Body.String())
		}
	}
}

// BenchmarkAuthenticatedRequest is the fixed cost of every signed-in
// request: verify the JWT and load the session from Redis.
func BenchmarkAuthenticatedRequest(b *testing.B) {
	app := testapp.New(b)
	c := app.Login("school1")
	auth := c.Header.Get("Authorization")
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/auth/me", nil)
		req.Header.Set("Authorization", auth)
		rec := httptest.NewRecorder()
		app.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code)
		}
	}
}
