// Package server builds the Gin engine: middleware, health, metrics, the
// OpenAPI document, each domain's routes and the embedded web client.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"huhang/internal/alerts"
	"huhang/internal/apidoc"
	"huhang/internal/app"
	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/duty"
	"huhang/internal/files"
	"huhang/internal/inspections"
	"huhang/internal/orgs"
	"huhang/internal/placements"
	"huhang/internal/plans"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/pii"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/redisx"
	"huhang/internal/platform/web"
	"huhang/internal/stats"
	"huhang/internal/students"
	"huhang/internal/supervision"
	"huhang/internal/todos"
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
	// Services are the domain services built by internal/app; nil builds
	// them here from the fields above (still through app.Build).
	Services *app.Services
	// Registry collects the metrics; nil makes one. A caller that serves
	// /metrics on a listener of its own passes the registry it serves.
	Registry *prometheus.Registry
	// MetricsElsewhere leaves /metrics off this handler, because it is
	// served on HUHANG_METRICS_ADDR; otherwise /metrics needs a platform
	// admin's login, since it tells how loaded and how large the service is.
	MetricsElsewhere bool
}

// New builds the HTTP handler of `huhang serve`.
func New(deps Deps) (*gin.Engine, error) {
	if deps.Clock == nil {
		deps.Clock = clock.System{}
	}
	svc := deps.Services
	if svc == nil {
		if deps.PII == nil || deps.Files == nil {
			return nil, errors.New("server: a PII keyring and a file storage are required")
		}
		var err error
		svc, err = app.Build(app.Deps{Pool: deps.Pool, Redis: deps.Redis, Keys: deps.Keys, PII: deps.PII,
			Storage: deps.Files, Clock: deps.Clock, Logger: deps.Logger})
		if err != nil {
			return nil, err
		}
	}
	if svc.Auth == nil {
		return nil, errors.New("server: the services need Redis and the JWT keyring to sign users in")
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

	registry := deps.Registry
	if registry == nil {
		registry = prometheus.NewRegistry()
	}
	registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		postgres.NewPoolCollector(deps.Pool),
	)
	if err := svc.Alerts.Register(registry); err != nil {
		return nil, fmt.Errorf("server: alert metrics: %w", err)
	}

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
		// After Recovery, so a panic's 500 goes out on the plain writer.
		web.CompressJSON(),
		// Uploads get room for one file plus the multipart framing; every
		// JSON route keeps the small default.
		web.BodyLimitFor(web.DefaultBodyLimit, map[string]int64{
			students.ImportRoute: students.MaxImportBytes + 64<<10,
			files.UploadRoute:    files.MaxBytes + 64<<10,
			// The public complaint form: a 2000-character complaint and
			// nothing near the default megabyte from an anonymous client.
			supervision.ComplaintRoute: supervision.MaxComplaintBytes,
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
	engine.GET("/readyz", readiness(deps, logger))

	api := engine.Group("/api/v1")
	api.GET("/openapi.json", func(c *gin.Context) {
		c.Header("Cache-Control", "no-cache")
		c.Data(http.StatusOK, "application/json", apidoc.OpenAPI)
	})
	if deps.MetricsElsewhere {
		// Not the web client's fallback page: a scraper pointed here by mistake must see it failed.
		engine.GET("/metrics", func(c *gin.Context) { web.WriteError(c, apperr.NotFound("指标不在此端口提供")) })
	} else {
		engine.GET("/metrics", auth.Authenticate(svc.Auth), auth.RequireRole(auth.RolePlatformAdmin),
			gin.WrapH(promhttp.HandlerFor(registry, promhttp.HandlerOpts{})))
	}
	authed := api.Group("", auth.Authenticate(svc.Auth))
	auth.Routes(api, authed, svc.Auth, deps.SecureCookies)
	auth.AuditRoutes(authed, deps.Pool)
	orgs.Routes(authed, svc.Orgs)
	plans.Routes(authed, svc.Plans)
	plans.PublicRoutes(api, svc.Plans)
	students.Routes(authed, svc.Students)
	files.Routes(authed, svc.Files)
	placements.Routes(authed, svc.Placements)
	duty.Routes(authed, svc.Duty)
	supervision.Routes(api, authed, svc.Supervision)
	inspections.Routes(authed, svc.Inspections)
	alerts.Routes(authed, svc.Alerts, svc.Auth.Authenticate)
	stats.Routes(authed, svc.Stats)
	todos.Routes(authed, svc.Todos)
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

// MetricsHandler serves a registry on a listener of its own
// (HUHANG_METRICS_ADDR), where network placement, not a login, guards it.
func MetricsHandler(registry *prometheus.Registry) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
	return mux
}

// readiness checks PostgreSQL and Redis concurrently. Anyone may ask, so the
// answer names only the dependencies that failed; the driver's text, which
// can carry host names and user names, goes to the log.
func readiness(deps Deps, logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), readinessTimeout)
		defer cancel()
		var mu sync.Mutex
		var wg sync.WaitGroup
		failed := []string{}
		check := func(name string, ping func(context.Context) error) {
			defer wg.Done()
			err := ping(ctx)
			if err == nil {
				return
			}
			reason := err.Error()
			if ctx.Err() != nil {
				// Clients retry refused connections until the deadline; say what the operator needs.
				reason = "no answer within " + readinessTimeout.String() + ": " + reason
			}
			logger.WarnContext(c.Request.Context(), "dependency not ready", "dependency", name, "error", reason)
			mu.Lock()
			failed = append(failed, name)
			mu.Unlock()
		}
		wg.Add(2)
		go check("postgres", deps.Pool.Ping)
		go check("redis", func(ctx context.Context) error { return deps.Redis.Ping(ctx).Err() })
		wg.Wait()
		c.Header("Cache-Control", "no-store")
		sort.Strings(failed)
		// checks keeps the per-dependency shape the web client reads, with
		// a verdict in place of the text it used to carry.
		checks := gin.H{"postgres": "ok", "redis": "ok"}
		for _, name := range failed {
			checks[name] = "unavailable"
		}
		status, code := "ok", http.StatusOK
		if len(failed) > 0 {
			status, code = "unavailable", http.StatusServiceUnavailable
		}
		c.JSON(code, gin.H{"status": status, "failed": failed, "checks": checks})
	}
}
