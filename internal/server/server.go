// Package server builds the Gin engine: middleware, health, metrics, the
// OpenAPI document, each domain's routes and the embedded web client.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"huhang/internal/apidoc"
	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/files"
	"huhang/internal/orgs"
	"huhang/internal/placements"
	"huhang/internal/plans"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/pii"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/redisx"
	"huhang/internal/platform/web"
	"huhang/internal/students"
	"huhang/internal/webui"
)

// readinessTimeout bounds each dependency check, so /readyz answers within
// about a second even when a dependency hangs instead of refusing.
const readinessTimeout = time.Second

// Deps is what the server needs; main wires it.
type Deps struct {
	Pool  *pgxpool.Pool
	Redis *redisx.Client
	// WebUI serves the client; nil means the embedded build.
	WebUI http.Handler
	// Logger receives the access log; nil means slog.Default().
	Logger *slog.Logger
	// Keys sign and verify access tokens.
	Keys *auth.Keyring
	// PII seals ID numbers.
	PII *pii.Keyring
	// Files stores uploaded documents.
	Files files.Storage
	// Clock is the business clock; nil means the system clock.
	Clock clock.Clock
	// SecureCookies marks the refresh cookie Secure (production, behind HTTPS).
	SecureCookies bool
	// HSTS sends Strict-Transport-Security (production, behind HTTPS).
	HSTS bool
	// TrustedProxies (CIDRs) may name the client in X-Forwarded-For; nil
	// trusts none, and the client is the socket's peer.
	TrustedProxies []string
	// Routes lets tests and later domains mount more routes under /api/v1.
	Routes func(api *gin.RouterGroup)
}

// New builds the HTTP handler of `huhang serve`.
func New(deps Deps) (*gin.Engine, error) {
	if deps.Clock == nil {
		deps.Clock = clock.System{}
	}
	if deps.PII == nil || deps.Files == nil {
		return nil, errors.New("server: a PII keyring and a file storage are required")
	}
	gin.SetMode(gin.ReleaseMode)
	engine := gin.New()
	// Client IPs (audit, per-address login limits) come from the socket
	// unless the request passed a configured proxy; then from the
	// X-Forwarded-For entries that proxy appended, never from what the client
	// wrote there itself. X-Real-IP is ignored: proxies seldom overwrite it.
	engine.RemoteIPHeaders = []string{"X-Forwarded-For"}
	if err := engine.SetTrustedProxies(deps.TrustedProxies); err != nil {
		return nil, fmt.Errorf("server: trusted proxies: %w", err)
	}
	engine.ContextWithFallback = true

	registry := prometheus.NewRegistry()
	registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		postgres.NewPoolCollector(deps.Pool),
	)

	logger := deps.Logger
	if logger == nil {
		logger = slog.Default()
	}
	engine.Use(
		web.SecurityHeaders(deps.HSTS),
		web.RequestIDMiddleware(),
		web.AccessLog(logger),
		web.Metrics(registry),
		web.Recovery(logger),
		// Uploads get room for one file plus the multipart framing; every
		// JSON route keeps the small default.
		web.BodyLimitFor(web.DefaultBodyLimit, map[string]int64{
			students.ImportRoute: students.MaxImportBytes + 64<<10,
			files.UploadRoute:    files.MaxBytes + 64<<10,
		}),
		web.RequireContentType(map[string]string{
			students.ImportRoute: "multipart/form-data",
			files.UploadRoute:    "multipart/form-data",
		}),
		func(c *gin.Context) {
			// Services record who did what from where without taking the request as a parameter.
			c.Request = c.Request.WithContext(audit.WithRequest(c.Request.Context(), c.ClientIP(), web.RequestID(c.Request.Context())))
			c.Next()
		},
	)

	engine.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	engine.GET("/readyz", readiness(deps))
	engine.GET("/metrics", gin.WrapH(promhttp.HandlerFor(registry, promhttp.HandlerOpts{})))

	api := engine.Group("/api/v1")
	api.GET("/openapi.json", func(c *gin.Context) {
		c.Header("Cache-Control", "no-cache")
		c.Data(http.StatusOK, "application/json", apidoc.OpenAPI)
	})
	orgsSvc := orgs.NewService(deps.Pool, deps.Clock)
	authSvc, err := auth.NewService(deps.Pool, deps.Redis, orgsSvc, deps.Keys, deps.Clock)
	if err != nil {
		return nil, err
	}
	authed := api.Group("", auth.Authenticate(authSvc))
	auth.Routes(api, authed, authSvc, deps.SecureCookies)
	auth.AuditRoutes(authed, deps.Pool)
	orgs.Routes(authed, orgsSvc)
	plansSvc := plans.NewService(deps.Pool, orgsSvc, deps.Clock)
	plans.Routes(authed, plansSvc)
	studentsSvc := students.NewService(deps.Pool, orgsSvc, deps.PII, deps.Clock)
	students.Routes(authed, studentsSvc)
	filesSvc := files.NewService(deps.Pool, deps.Files)
	files.Routes(authed, filesSvc)
	placements.Routes(authed, placements.NewService(deps.Pool, orgsSvc, plansSvc, studentsSvc, filesSvc, deps.Clock))
	if deps.Routes != nil {
		deps.Routes(api)
	}

	ui := deps.WebUI
	if ui == nil {
		ui = webui.New()
	}
	engine.NoRoute(func(c *gin.Context) {
		path := c.Request.URL.Path
		isAPI := path == "/api" || strings.HasPrefix(path, "/api/")
		if isAPI || (c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead) {
			web.WriteError(c, apperr.NotFound("接口不存在："+c.Request.Method+" "+path))
			return
		}
		// Gin presets 404 for NoRoute; the client shell answers 200 for its own routes.
		c.Status(http.StatusOK)
		ui.ServeHTTP(c.Writer, c.Request)
	})
	return engine, nil
}

// readiness checks PostgreSQL and Redis concurrently and names what failed.
func readiness(deps Deps) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), readinessTimeout)
		defer cancel()
		checks := map[string]string{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		check := func(name string, ping func(context.Context) error) {
			defer wg.Done()
			result := "ok"
			if err := ping(ctx); err != nil {
				result = err.Error()
				if ctx.Err() != nil {
					// Clients retry refused connections until the deadline; say what the operator needs.
					result = "no answer within " + readinessTimeout.String()
				}
			}
			mu.Lock()
			checks[name] = result
			mu.Unlock()
		}
		wg.Add(2)
		go check("postgres", deps.Pool.Ping)
		go check("redis", func(ctx context.Context) error { return deps.Redis.Ping(ctx).Err() })
		wg.Wait()
		status, code := "ok", http.StatusOK
		for _, result := range checks {
			if result != "ok" {
				status, code = "unavailable", http.StatusServiceUnavailable
			}
		}
		c.Header("Cache-Control", "no-store")
		c.JSON(code, gin.H{"status": status, "checks": checks})
	}
}
