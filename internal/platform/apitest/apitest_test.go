package apitest

import (
	"net/http"
	"testing"
)

func TestDocumentIsValidOpenAPI3(t *testing.T) {
	doc, _, err := Document()
	if err != nil {
		t.Fatalf("the embedded OpenAPI document is invalid: %v", err)
	}
	if doc.OpenAPI[:2] != "3." {
		t.Fatalf("want OpenAPI 3, got %s", doc.OpenAPI)
	}
	for _, path := range []string{"/healthz", "/readyz", "/metrics", "/api/v1/openapi.json"} {
		if doc.Paths.Find(path) == nil {
			t.Errorf("document lacks %s", path)
		}
	}
}

// recorder captures failures instead of failing, to prove the checker fires.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Errorf(format string, args ...any) { r.failures = append(r.failures, format) }
func (r *recorder) Helper()                           {}

func TestContractBreachesAreCaught(t *testing.T) {
	cases := []struct {
		name    string
		handler http.HandlerFunc
		path    string
		fails   bool
	}{
		{"conforming readiness", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"status":"ok","failed":[],"checks":{"postgres":"ok","redis":"ok"}}`))
		}, "/readyz", false},
		{"missing required field", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"status":"ok"}`))
		}, "/readyz", true},
		{"undocumented status", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTeapot)
			_, _ = w.Write([]byte(`{"status":"ok","failed":[],"checks":{"postgres":"ok","redis":"ok"}}`))
		}, "/readyz", true},
		{"undocumented API route", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{}`))
		}, "/api/v1/secret", true},
		{"HTML 404 on an API path", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`<html>`))
		}, "/api/v1/nothing", true},
		{"JSON 404 on an API path", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":{"code":"NOT_FOUND","message":"接口不存在"}}`))
		}, "/api/v1/nothing", false},
	}
	for _, tc := range cases {
		rec := &recorder{TB: t}
		c := New(rec, tc.handler)
		c.Get(tc.path)
		if got := len(rec.failures) > 0; got != tc.fails {
			t.Errorf("%s: checker failed=%v, want %v (%v)", tc.name, got, tc.fails, rec.failures)
		}
	}
}
