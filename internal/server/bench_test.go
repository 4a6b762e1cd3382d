package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"huhang/internal/platform/pgtest"
	"huhang/internal/platform/redistest"
	"huhang/internal/server"
)

// BenchmarkMiddlewareChain measures the fixed cost every request pays
// (request id, access log, metrics, recovery, body limit) on /healthz.
func BenchmarkMiddlewareChain(b *testing.B) {
	h := mustServer(b, server.Deps{Pool: pgtest.New(b).Pool, Redis: redistest.New(b), Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code)
		}
	}
}

// BenchmarkReadiness measures /readyz, which load balancers poll: one
// PostgreSQL and one Redis round trip, concurrently.
func BenchmarkReadiness(b *testing.B) {
	h := mustServer(b, server.Deps{Pool: pgtest.New(b).Pool, Redis: redistest.New(b), Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
			if rec.Code != http.StatusOK {
				b.Fatal(rec.Code)
			}
		}
	})
}
