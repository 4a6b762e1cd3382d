package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/platform/apitest"
	"huhang/internal/platform/config"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/web"
	"huhang/internal/server"
	"huhang/internal/testapp"
)

// The documented operations go through apitest, so their 503 answers are
// checked against the contract (every operation lists 503); the test-only
// routes and the concurrent writers use plain recorders.

type call struct {
	method, path, token string
	body                any
}

func (c call) send(h http.Handler) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, c.request())
	return rec
}

func (c call) request() *http.Request {
	var body io.Reader
	if c.body != nil {
		raw, _ := json.Marshal(c.body)
		body = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(c.method, c.path, body)
	if c.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", c.token)
	}
	return req
}

func wantUnavailable(t *testing.T, what string, rec *httptest.ResponseRecorder) {
	t.Helper()
	var body web.ErrorBody
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	retry, _ := strconv.Atoi(rec.Header().Get("Retry-After"))
	if rec.Code != http.StatusServiceUnavailable || body.Error.Code != "UNAVAILABLE" || retry <= 0 || body.Error.Message == "" {
		t.Fatalf("%s: want 503 UNAVAILABLE with Retry-After, got %d (Retry-After %q) %s", what, rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
}

// TestDatabaseUnreachableAnswers503: a server whose PostgreSQL does not
// answer at all (a pool pointed at a closed port) tells every caller to come
// back later, for reads, writes and logins alike, never 500.
func TestDatabaseUnreachableAnswers503(t *testing.T) {
	t.Parallel()
	a := testapp.New(t)
	token := a.Login("school1").Header.Get("Authorization")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cfg, err := postgres.PoolConfig(fmt.Sprintf("postgres://huhang:huhang@%s/huhang?sslmode=disable", addr), 4)
	if err != nil {
		t.Fatal(err)
	}
	dead, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer dead.Close()
	// The same Redis and keys: the session is valid, only the database is gone.
	// A store that wraps the driver's error without postgres.Translate.
	raw := func(api *gin.RouterGroup) {
		api.GET("/raw", web.Handle(func(c *gin.Context) error {
			_, err := dead.Exec(c.Request.Context(), `SELECT 1`)
			return fmt.Errorf("raw store: %w", err)
		}))
	}
	h := mustServer(t, server.Deps{Pool: dead, Redis: a.Redis, Keys: a.Keys, Clock: a.Clock, Routes: raw,
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})

	contract := apitest.New(t, h)
	for _, c := range []call{
		{method: "GET", path: "/api/v1/plans", token: token},
		{method: "GET", path: "/api/v1/students", token: token},
		{method: "POST", path: "/api/v1/students", token: token, body: a.StudentBody(nil)},
		{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"username": "school2", "password": "Huhang-Demo-2026"}},
	} {
		wantUnavailable(t, c.method+" "+c.path, contract.Do(c.request()).ResponseRecorder)
	}
	wantUnavailable(t, "GET /api/v1/raw", (call{method: "GET", path: "/api/v1/raw"}).send(h))
	if rec := (call{method: "GET", path: "/readyz"}).send(h); rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("readyz: %d", rec.Code)
	}
}

// TestBackendTerminatedMidRequestAnswers503 kills the database session of a
// request while it runs, as a PostgreSQL restart or failover does.
func TestBackendTerminatedMidRequestAnswers503(t *testing.T) {
	t.Parallel()
	a := testapp.New(t)
	slow := func(api *gin.RouterGroup) {
		api.GET("/slow", web.Handle(func(c *gin.Context) error {
			return postgres.InTx(c.Request.Context(), a.DB.Pool, func(tx pgx.Tx) error {
				_, err := tx.Exec(c.Request.Context(), `SELECT pg_sleep(30)`)
				return postgres.Translate(err, "slow: sleep")
			})
		}))
	}
	h := mustServer(t, server.Deps{Pool: a.DB.Pool, Redis: a.Redis, Keys: a.Keys, Clock: a.Clock, Routes: slow,
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	done := make(chan *httptest.ResponseRecorder, 1)
	go func() { done <- (call{method: "GET", path: "/api/v1/slow"}).send(h) }()
	admin := adminConn(t, a)
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		if err := admin.QueryRow(context.Background(), `
			SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE datname = current_database() AND query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid() AND state = 'active'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the slow request never reached the database")
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case rec := <-done:
		wantUnavailable(t, "terminated mid-request", rec)
	case <-time.After(10 * time.Second):
		t.Fatal("the request never returned")
	}
}

// TestWritersSurviveTerminatedBackends: four writers and a reader run while
// every session of the database is terminated again and again. Each answer
// is a success or a 503 (never a 500), every acknowledged write is there
// afterwards, and the server recovers by itself once the terminations stop.
func TestWritersSurviveTerminatedBackends(t *testing.T) {
	t.Parallel()
	a := testapp.New(t)
	token := a.Login("school1").Header.Get("Authorization")
	admin := adminConn(t, a)

	ctx, stop := context.WithCancel(context.Background())
	var killed atomic.Int64
	var killer sync.WaitGroup
	killer.Add(1)
	go func() {
		defer killer.Done()
		for ctx.Err() == nil {
			var n int64
			_ = admin.QueryRow(context.Background(), `
				SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
				WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&n)
			killed.Add(n)
			time.Sleep(60 * time.Millisecond)
		}
	}()

	var mu sync.Mutex
	codes := map[int]int{}
	var acknowledged []string
	var workers sync.WaitGroup
	for w := range 5 {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for i := 0; i < 25; i++ {
				c := call{method: "GET", path: "/api/v1/plans", token: token}
				if w < 4 {
					c = call{method: "POST", path: "/api/v1/students", token: token, body: a.StudentBody(nil)}
				}
				rec := c.send(a.Handler)
				mu.Lock()
				codes[rec.Code]++
				if rec.Code == http.StatusCreated {
					var st struct{ ID string }
					_ = json.Unmarshal(rec.Body.Bytes(), &st)
					acknowledged = append(acknowledged, st.ID)
				}
				mu.Unlock()
				if rec.Code != http.StatusOK && rec.Code != http.StatusCreated {
					if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
						t.Errorf("%s %s under terminations: %d %s", c.method, c.path, rec.Code, rec.Body)
					}
				}
			}
		}()
	}
	workers.Wait()
	stop()
	killer.Wait()
	t.Logf("answers %v with %d sessions terminated", codes, killed.Load())
	if killed.Load() == 0 || codes[http.StatusServiceUnavailable] == 0 {
		t.Fatalf("the test did not disturb the server: %v, %d terminated", codes, killed.Load())
	}
	// The pool may still hold sessions terminated in the last round; the
	// first query on each finds out, as a request would.
	var stored int
	var err error
	for range 20 {
		if err = admin.QueryRow(context.Background(), `SELECT count(*) FROM students WHERE id = ANY($1::uuid[])`, acknowledged).Scan(&stored); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	if stored != len(acknowledged) {
		t.Fatalf("%d of %d acknowledged writes are missing", len(acknowledged)-stored, len(acknowledged))
	}
	// Recovery without a restart: within a few requests every dead session
	// has been found out and replaced.
	recovered := false
	for range 2 * config.DefaultDBMaxConns() {
		if rec := (call{method: "GET", path: "/api/v1/plans", token: token}).send(a.Handler); rec.Code == http.StatusOK {
			recovered = true
			break
		}
	}
	if !recovered {
		t.Fatal("the server did not recover once the terminations stopped")
	}
}

func adminConn(t *testing.T, a *testapp.App) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), a.DB.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}
