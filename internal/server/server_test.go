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
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"huhang/internal/apidoc"
	"huhang/internal/auth"
	"huhang/internal/files"
	"huhang/internal/platform/apitest"
	"huhang/internal/platform/pgtest"
	"huhang/internal/platform/redistest"
	"huhang/internal/platform/redisx"
	"huhang/internal/platform/web"
	"huhang/internal/server"
	"huhang/internal/testapp"
)

type readiness struct {
	Status string            `json:"status"`
	Failed []string          `json:"failed"`
	Checks map[string]string `json:"checks"`
}

func newClient(t *testing.T, deps server.Deps) *apitest.Client {
	t.Helper()
	if deps.Pool == nil {
		deps.Pool = pgtest.New(t).Pool
	}
	if deps.Redis == nil {
		deps.Redis = redistest.New(t)
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.NewJSONHandler(io.Discard, nil))
	}
	return apitest.New(t, mustServer(t, deps))
}

func mustServer(t testing.TB, deps server.Deps) http.Handler {
	t.Helper()
	if deps.Keys == nil {
		keys, err := auth.NewKeyring([]byte("server-test-key-0123456789abcdef0123"))
		if err != nil {
			t.Fatal(err)
		}
		deps.Keys = keys
	}
	if deps.PII == nil {
		deps.PII = testapp.MustPII(t)
	}
	if deps.Files == nil {
		deps.Files = files.LocalDir{Root: t.TempDir()}
	}
	h, err := server.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestOperationsEndpoints(t *testing.T) {
	t.Parallel()
	c := newClient(t, server.Deps{})

	if r := c.Get("/healthz"); r.Code != 200 {
		t.Fatalf("healthz %d", r.Code)
	}
	r := c.Get("/readyz")
	var ready readiness
	r.JSON(&ready)
	if r.Code != 200 || ready.Status != "ok" || len(ready.Failed) != 0 || ready.Checks["postgres"] != "ok" || ready.Checks["redis"] != "ok" {
		t.Fatalf("readyz %d %+v", r.Code, ready)
	}
	if r.Header().Get(web.RequestIDHeader) == "" {
		t.Fatal("every response carries X-Request-ID")
	}

	r = c.Get("/api/v1/openapi.json")
	if r.Code != 200 || !bytes.Equal(r.Body.Bytes(), apidoc.OpenAPI) {
		t.Fatalf("openapi.json %d", r.Code)
	}

	if r := c.Get("/metrics"); r.Code != http.StatusUnauthorized {
		t.Fatalf("anonymous /metrics: %d, want 401 (a platform admin's login)", r.Code)
	}
}

// TestMetricsOnTheirOwnListener: with HUHANG_METRICS_ADDR the API listener
// has no /metrics at all and the registry is served where only the
// scraper's network reaches.
func TestMetricsOnTheirOwnListener(t *testing.T) {
	t.Parallel()
	registry := prometheus.NewRegistry()
	c := newClient(t, server.Deps{Registry: registry, MetricsElsewhere: true})
	if r := c.Get("/readyz"); r.Code != 200 {
		t.Fatalf("readyz %d", r.Code)
	}
	if r := c.Get("/metrics"); r.Code != http.StatusNotFound {
		t.Fatalf("/metrics must not be served on the API listener: %d", r.Code)
	}
	rec := httptest.NewRecorder()
	server.MetricsHandler(registry).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	metrics := rec.Body.String()
	for _, want := range []string{
		`huhang_http_requests_total{method="GET",route="/readyz",status="200"} 1`,
		`huhang_http_request_duration_seconds_bucket{method="GET",route="/readyz",status="200"`,
		"huhang_db_pool_max_connections",
		"huhang_db_pool_empty_acquire_total",
		"huhang_db_pool_acquire_wait_seconds_total",
		"huhang_db_pool_acquire_total",
		"go_goroutines",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

// TestMetricsNeedAPlatformAdmin: on the API listener only a platform admin
// sees the metrics.
func TestMetricsNeedAPlatformAdmin(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	if r := app.Anonymous().Get("/metrics"); r.Code != http.StatusUnauthorized {
		t.Fatalf("anonymous: %d", r.Code)
	}
	if r := app.Login("county1").Get("/metrics"); r.Code != http.StatusForbidden {
		t.Fatalf("bureau auditor: %d", r.Code)
	}
	r := app.Login("admin").Get("/metrics")
	if r.Code != 200 || !strings.Contains(r.Body.String(), "huhang_db_pool_acquire_wait_seconds_total") {
		t.Fatalf("platform admin: %d", r.Code)
	}
}

func TestReadinessNamesPostgres(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	c := newClient(t, server.Deps{Pool: db.Pool})
	db.Pool.Close()
	r := c.Get("/readyz")
	var ready readiness
	r.JSON(&ready)
	if r.Code != http.StatusServiceUnavailable || len(ready.Failed) != 1 || ready.Failed[0] != "postgres" ||
		ready.Checks["postgres"] != "unavailable" || ready.Checks["redis"] != "ok" {
		t.Fatalf("want 503 naming postgres, got %d %+v", r.Code, ready)
	}
	// Anyone may ask, so the driver's words (host, user, database) stay in the log.
	for _, leak := range []string{"closed pool", "127.0.0.1", "huhang", "SQLSTATE", "dial"} {
		if strings.Contains(r.Body.String(), leak) {
			t.Fatalf("readyz tells anonymous callers %q: %s", leak, r.Body)
		}
	}
}

// TestReadinessFollowsRedis stops a real Redis under a running server: /readyz
// must turn 503 naming redis within 2 seconds, and 200 again once Redis is
// back, without restarting anything.
func TestReadinessFollowsRedis(t *testing.T) {
	t.Parallel()
	port := freePort(t)
	stop := startRedis(t, port)
	rdb, err := redisx.Open(context.Background(), fmt.Sprintf("redis://127.0.0.1:%d/0", port), "t:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rdb.Close() })
	c := newClient(t, server.Deps{Redis: rdb})
	if r := c.Get("/readyz"); r.Code != 200 {
		t.Fatalf("readyz with redis up: %d %s", r.Code, r.Body)
	}

	stop()
	start := time.Now()
	r := c.Get("/readyz")
	elapsed := time.Since(start)
	var ready readiness
	r.JSON(&ready)
	if r.Code != http.StatusServiceUnavailable || len(ready.Failed) != 1 || ready.Failed[0] != "redis" ||
		strings.Contains(r.Body.String(), "refused") || strings.Contains(r.Body.String(), "127.0.0.1") {
		t.Fatalf("redis down: want 503 naming only redis, got %d %s", r.Code, r.Body)
	}
	if elapsed > 2*time.Second {
		t.Fatalf("readyz took %s with redis down; must answer within 2s", elapsed)
	}
	t.Logf("readyz answered 503 in %s after redis stopped", elapsed)

	startRedis(t, port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if r := c.Get("/readyz"); r.Code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("readyz did not recover after redis came back")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startRedis runs a private redis-server and returns a function that stops it.
func startRedis(t *testing.T, port int) func() {
	t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatalf("this test needs redis-server on PATH (apt-get install redis-server, or `bash deploy/services.sh`): %v", err)
	}
	cmd := exec.Command(path, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}
	t.Cleanup(stop)
	deadline := time.Now().Add(5 * time.Second)
	for {
		conn, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			conn.Close()
			return stop
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server did not start on %d", port)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type echoInput struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
	Posts []struct {
		PostID string `json:"post_id"`
		PayFen int64  `json:"pay_fen"`
	} `json:"posts"`
}

// testRoutes are mounted only in tests, to exercise the platform's handling
// of bad input through the real middleware chain.
func testRoutes(api *gin.RouterGroup) {
	api.POST("/test/echo", web.Handle(func(c *gin.Context) error {
		var in echoInput
		if err := web.BindJSON(c, &in); err != nil {
			return err
		}
		c.JSON(http.StatusOK, in)
		return nil
	}))
	api.GET("/test/panic", func(c *gin.Context) { panic("secret internal detail: db password is hunter2") })
}

type errorBody struct {
	Error struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		RequestID string `json:"request_id"`
		Details   []struct {
			Field   string `json:"field"`
			Message string `json:"message"`
		} `json:"details"`
	} `json:"error"`
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	c := newClient(t, server.Deps{Routes: testRoutes})
	c.AllowUndocumented("/api/v1/test/")

	t.Run("malformed JSON", func(t *testing.T) {
		r := c.PostJSON("/api/v1/test/echo", `{"name": "a",`)
		if r.Code != 400 || r.ErrorCode() != "INVALID_JSON" {
			t.Fatalf("got %d %s", r.Code, r.Body)
		}
	})
	t.Run("empty body", func(t *testing.T) {
		r := c.PostJSON("/api/v1/test/echo", ``)
		if r.Code != 400 || r.ErrorCode() != "INVALID_JSON" {
			t.Fatalf("got %d %s", r.Code, r.Body)
		}
	})
	t.Run("two objects", func(t *testing.T) {
		r := c.PostJSON("/api/v1/test/echo", `{"name":"a"} {"name":"b"}`)
		if r.Code != 400 || r.ErrorCode() != "INVALID_JSON" {
			t.Fatalf("got %d %s", r.Code, r.Body)
		}
	})
	t.Run("unknown and mistyped fields are all named", func(t *testing.T) {
		r := c.PostJSON("/api/v1/test/echo",
			`{"name":"a","colour":"red","count":"three","posts":[{"post_id":"p","pay_fen":1},{"pay_fen":"x","extra":1}],"zzz":1}`)
		var body errorBody
		r.JSON(&body)
		if r.Code != 400 {
			t.Fatalf("got %d %s", r.Code, r.Body)
		}
		got := map[string]string{}
		for _, d := range body.Error.Details {
			got[d.Field] = d.Message
		}
		for _, field := range []string{"colour", "zzz", "count", "posts[1].pay_fen", "posts[1].extra"} {
			if got[field] == "" {
				t.Errorf("field %s not named; details %v", field, got)
			}
		}
		if len(got) != 5 {
			t.Errorf("want exactly 5 bad fields, got %v", got)
		}
		if !strings.Contains(got["colour"], "不认识") || !strings.Contains(got["count"], "整数") {
			t.Errorf("messages must say what is wrong in Chinese: %v", got)
		}
	})
	t.Run("good body passes", func(t *testing.T) {
		r := c.PostJSON("/api/v1/test/echo", `{"name":"张三","count":3,"posts":[{"post_id":"p","pay_fen":250000}]}`)
		var in echoInput
		r.JSON(&in)
		if r.Code != 200 || in.Name != "张三" || in.Posts[0].PayFen != 250000 {
			t.Fatalf("got %d %s", r.Code, r.Body)
		}
	})
	t.Run("body over 1 MiB with Content-Length", func(t *testing.T) {
		big := `{"name":"` + strings.Repeat("x", 1<<20) + `"}`
		r := c.PostJSON("/api/v1/test/echo", big)
		if r.Code != http.StatusRequestEntityTooLarge || r.ErrorCode() != "PAYLOAD_TOO_LARGE" {
			t.Fatalf("got %d %s", r.Code, r.Body)
		}
	})
	t.Run("streamed body over 1 MiB", func(t *testing.T) {
		big := `{"name":"` + strings.Repeat("x", 1<<20) + `"}`
		req := httptest.NewRequest(http.MethodPost, "/api/v1/test/echo", io.MultiReader(strings.NewReader(big)))
		req.ContentLength = -1 // chunked: the limit must still bite while reading
		req.Header.Set("Content-Type", "application/json")
		r := c.Do(req)
		if r.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("got %d %s", r.Code, r.Body)
		}
	})
	t.Run("panic", func(t *testing.T) {
		r := c.Get("/api/v1/test/panic")
		var body errorBody
		r.JSON(&body)
		if r.Code != 500 || body.Error.Code != "INTERNAL" {
			t.Fatalf("got %d %s", r.Code, r.Body)
		}
		if body.Error.RequestID == "" || body.Error.RequestID != r.Header().Get(web.RequestIDHeader) {
			t.Fatalf("500 must carry the request id of the header: %s vs %s", body.Error.RequestID, r.Header().Get(web.RequestIDHeader))
		}
		for _, leak := range []string{"hunter2", "secret", "goroutine", "panic", ".go:"} {
			if strings.Contains(r.Body.String(), leak) {
				t.Fatalf("body leaks %q: %s", leak, r.Body)
			}
		}
	})
	t.Run("unknown API path is JSON 404", func(t *testing.T) {
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
			r := c.Do(httptest.NewRequest(method, "/api/v1/no-such-thing", nil))
			if r.Code != 404 || r.ErrorCode() != "NOT_FOUND" || !strings.HasPrefix(r.Header().Get("Content-Type"), "application/json") {
				t.Fatalf("%s: got %d %s %s", method, r.Code, r.Header().Get("Content-Type"), r.Body)
			}
		}
	})
	t.Run("client routes get the web client", func(t *testing.T) {
		r := c.Get("/plans/123")
		if r.Code != 200 || !strings.Contains(r.Header().Get("Content-Type"), "text/html") || r.Header().Get("Cache-Control") != "no-cache" {
			t.Fatalf("got %d %s %s", r.Code, r.Header().Get("Content-Type"), r.Header().Get("Cache-Control"))
		}
	})
}

func TestRequestIDAndAccessLog(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := web.NewLogger(&logs, slog.LevelInfo)
	c := newClient(t, server.Deps{Logger: logger})

	req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
	req.Header.Set(web.RequestIDHeader, "edge-proxy-id-1234")
	if r := c.Do(req); r.Header().Get(web.RequestIDHeader) != "edge-proxy-id-1234" {
		t.Fatalf("a sane incoming id is kept, got %q", r.Header().Get(web.RequestIDHeader))
	}
	req = httptest.NewRequest(http.MethodGet, "/healthz", nil)
	req.Header.Set(web.RequestIDHeader, "bad id\nwith newline")
	r := c.Do(req)
	generated := r.Header().Get(web.RequestIDHeader)
	if len(generated) != 32 {
		t.Fatalf("an unsafe incoming id is replaced, got %q", generated)
	}

	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one access line per request, got %d: %s", len(lines), logs.String())
	}
	var entry map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &entry); err != nil {
		t.Fatal(err)
	}
	if entry["request_id"] != generated || entry["route"] != "/healthz" || entry["status"] != float64(200) {
		t.Fatalf("access log line %v", entry)
	}
}
