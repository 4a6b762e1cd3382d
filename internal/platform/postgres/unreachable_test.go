package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"huhang/internal/platform/apperr"
	"huhang/internal/platform/pgtest"
	"huhang/internal/platform/postgres"
)

// closedPortURL is a database URL nobody listens on.
func closedPortURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return fmt.Sprintf("postgres://huhang:huhang@%s/huhang?sslmode=disable", addr)
}

// lazyPool builds a pool without connecting, as a server does that starts
// while its database is down.
func lazyPool(t *testing.T, url string) *pgxpool.Pool {
	t.Helper()
	cfg, err := postgres.PoolConfig(url, 4)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func wantUnavailable(t *testing.T, err error, what string) {
	t.Helper()
	e := apperr.As(err)
	if e == nil || e.Kind != apperr.KindUnavailable || e.Code != "UNAVAILABLE" || e.RetryAfterSeconds <= 0 {
		t.Fatalf("%s: want UNAVAILABLE with a retry delay, got %v", what, err)
	}
	if !strings.Contains(err.Error(), what) {
		t.Fatalf("the cause must keep the operation for the log: %v", err)
	}
}

func TestConnectionLossTranslatesToUnavailable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("nothing listens", func(t *testing.T) {
		t.Parallel()
		pool := lazyPool(t, closedPortURL(t))
		err := pool.QueryRow(ctx, `SELECT 1`).Scan(new(int))
		var connectErr *pgconn.ConnectError
		if !errors.As(err, &connectErr) {
			t.Fatalf("expected a connect error, got %v", err)
		}
		wantUnavailable(t, postgres.Translate(err, "probe: select"), "probe: select")
		err = postgres.InTx(ctx, pool, func(pgx.Tx) error { return nil })
		wantUnavailable(t, err, "postgres: begin")
	})

	t.Run("backend terminated mid-query", func(t *testing.T) {
		t.Parallel()
		db := pgtest.New(t)
		errc := make(chan error, 1)
		go func() {
			_, err := db.Pool.Exec(ctx, `SELECT pg_sleep(30)`)
			errc <- err
		}()
		terminateWhenRunning(t, db, "pg_sleep")
		select {
		case err := <-errc:
			wantUnavailable(t, postgres.Translate(err, "probe: sleep"), "probe: sleep")
		case <-time.After(10 * time.Second):
			t.Fatal("the terminated query never returned")
		}
	})

	t.Run("pool closed during shutdown", func(t *testing.T) {
		t.Parallel()
		db := pgtest.New(t)
		pool, err := postgres.OpenPool(ctx, db.URL, 2)
		if err != nil {
			t.Fatal(err)
		}
		pool.Close()
		wantUnavailable(t, postgres.Translate(pool.QueryRow(ctx, `SELECT 1`).Scan(new(int)), "probe: closed"), "probe: closed")
	})

	t.Run("acquire deadline", func(t *testing.T) {
		t.Parallel()
		db := pgtest.New(t)
		pool, err := postgres.OpenPool(ctx, db.URL, 1)
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		held, err := pool.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer held.Release()
		short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		wantUnavailable(t, postgres.Translate(pool.QueryRow(short, `SELECT 1`).Scan(new(int)), "probe: acquire"), "probe: acquire")
	})

	for code, unavailable := range map[string]bool{
		"08006": true, "08001": true, "57P01": true, "57P02": true, "57P03": true, "53300": true,
		"23505": false, "40001": false, "57014": false, "42P01": false,
	} {
		err := postgres.Translate(fmt.Errorf("wrapped: %w", &pgconn.PgError{Code: code}), "probe")
		if got := apperr.KindOf(err) == apperr.KindUnavailable; got != unavailable {
			t.Errorf("SQLSTATE %s: unavailable=%v, want %v (%v)", code, got, unavailable, err)
		}
	}
	if postgres.Unreachable(context.Canceled) || postgres.Unreachable(errors.New("boom")) || postgres.Unreachable(pgx.ErrNoRows) {
		t.Fatal("a client that left, a bug or a missing row is not the database being down")
	}
}

// terminateWhenRunning waits until a query containing text runs in db and
// terminates its backend, as a PostgreSQL restart or failover does.
func terminateWhenRunning(t *testing.T, db *pgtest.DB, text string) {
	t.Helper()
	admin, err := pgx.Connect(context.Background(), db.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		err := admin.QueryRow(context.Background(), `
			SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%' || $1 || '%' AND state = 'active'`, text).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no backend ran %q", text)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestPoolSizeIsExplicit(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	// The configured size wins over a pool_max_conns left in the URL.
	pool, err := postgres.OpenPool(context.Background(), db.URL+"&pool_max_conns=3", 17)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if got := pool.Stat().MaxConns(); got != 17 {
		t.Fatalf("pool max %d, want 17", got)
	}
}

func TestPoolWaitsShowInMetrics(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	pool, err := postgres.OpenPool(ctx, db.URL, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	registry := prometheus.NewRegistry()
	registry.MustRegister(postgres.NewPoolCollector(pool))

	held, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- pool.QueryRow(ctx, `SELECT 1`).Scan(new(int)) }()
	for pool.Stat().EmptyAcquireCount() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // the waiter waits this long at least
	held.Release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	gather := func(name string) float64 {
		t.Helper()
		families, err := registry.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range families {
			if f.GetName() == name {
				m := f.GetMetric()[0]
				if m.GetCounter() != nil {
					return m.GetCounter().GetValue()
				}
				return m.GetGauge().GetValue()
			}
		}
		t.Fatalf("metric %s missing", name)
		return 0
	}
	if n := gather("huhang_db_pool_empty_acquire_total"); n < 1 {
		t.Errorf("empty acquires %v, want ≥ 1", n)
	}
	if s := gather("huhang_db_pool_acquire_wait_seconds_total"); s < 0.09 {
		t.Errorf("wait seconds %v, want ≥ 0.1", s)
	}
	if n := gather("huhang_db_pool_acquire_total"); n < 2 {
		t.Errorf("acquires %v, want ≥ 2", n)
	}
	if s := gather("huhang_db_pool_acquire_seconds_total"); s < 0.09 {
		t.Errorf("acquire seconds %v, want ≥ 0.1", s)
	}
	if m := gather("huhang_db_pool_max_connections"); m != 1 {
		t.Errorf("max connections %v, want 1", m)
	}
	if families, err := registry.Gather(); err != nil || len(families) != 11 {
		t.Errorf("pool metrics %d (%v), want 11", len(families), err)
	}
}
