// Package app is Huhang's composition root: the one place that builds every
// domain service from the configuration, the pool, Redis and the clock.
// `huhang serve`, `huhang worker`, `huhang seed demo` and the test app all
// get their services here, so a new collaborator is wired once, not in four
// near-copies that drift apart.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/alerts"
	"huhang/internal/auth"
	"huhang/internal/duty"
	"huhang/internal/files"
	"huhang/internal/inspections"
	"huhang/internal/orgs"
	"huhang/internal/placements"
	"huhang/internal/plans"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/config"
	"huhang/internal/platform/pii"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/redisx"
	"huhang/internal/stats"
	"huhang/internal/students"
	"huhang/internal/supervision"
	"huhang/internal/todos"
	"huhang/internal/worker"
)

// Deps are the shared resources every service is built from.
type Deps struct {
	Pool *pgxpool.Pool
	// ReadPool serves the dashboards from a read replica; nil reads from Pool.
	ReadPool *pgxpool.Pool
	// Redis holds sessions and rate limits; without it (and Keys) no Auth
	// service is built, which suits tools that sign nobody in.
	Redis *redisx.Client
	// Keys sign and verify access tokens.
	Keys *auth.Keyring
	// PII seals personal data; required.
	PII *pii.Keyring
	// Storage keeps uploaded files; required, so no service ever holds a
	// storage that is missing until someone uploads.
	Storage files.Storage
	// Clock is the business clock; nil means the system clock.
	Clock clock.Clock
	// Logger receives the worker's job reports; nil means slog.Default().
	Logger *slog.Logger
	// Alerts tunes the alert pipeline; the zero value takes its defaults.
	Alerts alerts.Options
}

// Services is every domain service, each built once.
type Services struct {
	Deps
	Auth        *auth.Service // nil without Redis and Keys
	Orgs        *orgs.Service
	Plans       *plans.Service
	Students    *students.Service
	Files       *files.Service
	Placements  *placements.Service
	Duty        *duty.Service
	Supervision *supervision.Service
	Inspections *inspections.Service
	Alerts      *alerts.Service
	Stats       *stats.Service
	// Todos is the to-do feed with every domain's provider registered.
	Todos *todos.Service
}

// Build wires the services. It calls each domain's own constructor; the
// order follows the dependency direction orgs < students < plans < placements.
func Build(d Deps) (*Services, error) {
	var missing []string
	if d.Pool == nil {
		missing = append(missing, "a database pool")
	}
	if d.PII == nil {
		missing = append(missing, "a PII keyring")
	}
	if d.Storage == nil {
		missing = append(missing, "a file storage")
	}
	if (d.Redis == nil) != (d.Keys == nil) {
		missing = append(missing, "both Redis and the JWT keyring (or neither)")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("app: %s required", joinAnd(missing))
	}
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	s := &Services{Deps: d}
	s.Orgs = orgs.NewService(d.Pool, d.Clock)
	if d.Redis != nil {
		var err error
		if s.Auth, err = auth.NewService(d.Pool, d.Redis, s.Orgs, d.Keys, d.Clock); err != nil {
			return nil, err
		}
	}
	s.Plans = plans.NewService(d.Pool, s.Orgs, d.Clock)
	// The PII keyring keys the codes on printed filing forms too: a keyed
	// hash under a rotated-out key still verifies (Hashes).
	s.Plans.UseFilingVerification(d.PII, d.Redis)
	s.Students = students.NewService(d.Pool, s.Orgs, d.PII, d.Clock)
	// Without Redis (seed) nothing uploads, so no upload is counted.
	s.Files = files.NewService(d.Pool, d.Storage, d.Redis, d.Clock)
	s.Placements = placements.NewService(d.Pool, s.Orgs, s.Plans, s.Students, s.Files, d.Clock)
	s.Duty = duty.NewService(d.Pool, s.Orgs, d.Clock)
	s.Supervision = supervision.NewService(d.Pool, s.Placements, s.Files, d.Redis, d.Clock)
	s.Supervision.UseRosters(s.Duty)
	s.Inspections = inspections.NewService(d.Pool, s.Files, s.Supervision, d.Clock)
	s.Inspections.UseReferredComplaints(s.referredComplaints)
	s.Alerts = alerts.NewService(d.Pool, d.Redis, d.Clock, d.Logger, d.Alerts)
	s.Supervision.OnIncident(alerts.RaiseIncident)
	s.Supervision.OnIncidentAcknowledged(s.Alerts.AckIncident)
	s.Stats = stats.NewService(d.Pool, d.ReadPool, s.Duty, d.Clock)
	// Each domain contributes its own provider; todos knows none of them.
	s.Todos = todos.NewService(d.Pool, d.Clock)
	s.Todos.Register(todoProviders(s)...)
	return s, nil
}

// Jobs are the worker leader's periodic jobs, each run by the system actor
// through the services above.
func (s *Services) Jobs() []worker.Job {
	logger := s.Logger
	return []worker.Job{
		worker.CalendarCoverage(s.Pool, s.Clock, logger),
		worker.StaleUploads(s.Files.RemoveStale, logger),
		{Name: "plan-lifecycle", Interval: 15 * time.Minute, Run: func(ctx context.Context) error {
			started, completed, err := s.Plans.StartAndComplete(ctx)
			if started+completed > 0 {
				logger.InfoContext(ctx, "plans moved along", "started", started, "completed", completed)
			}
			return err
		}},
		{Name: "placement-lifecycle", Interval: 15 * time.Minute, Run: func(ctx context.Context) error {
			activated, completed, err := s.Placements.RunLifecycle(ctx)
			if activated+completed > 0 {
				logger.InfoContext(ctx, "placements moved along", "activated", activated, "completed", completed)
			}
			return err
		}},
		{Name: "alert-scan", Interval: 5 * time.Minute, Run: func(ctx context.Context) error {
			raised, err := s.Alerts.Scan(ctx)
			if len(raised) > 0 {
				logger.InfoContext(ctx, "alert rules raised", "by_rule", raised)
			}
			return err
		}},
		{Name: "alert-escalation", Interval: time.Minute, Run: func(ctx context.Context) error {
			n, err := s.Alerts.Escalate(ctx)
			if n > 0 {
				logger.InfoContext(ctx, "alerts escalated", "count", n)
			}
			return err
		}},
		// The dashboards' summary rows follow the writes within seconds.
		{Name: "stats-refresh", Interval: StatsRefreshEvery, Run: func(ctx context.Context) error {
			_, err := s.Stats.Refresh(ctx)
			return err
		}},
		{Name: "alert-outbox-prune", Interval: time.Hour, Run: func(ctx context.Context) error {
			_, err := s.Alerts.PruneOutbox(ctx)
			return err
		}},
	}
}

// StatsRefreshEvery is how often the leader brings the dashboards' summary
// rows up to date.
const StatsRefreshEvery = 5 * time.Second

// WorkerRetryLeader is how often a follower worker tries to take over.
const WorkerRetryLeader = 10 * time.Second

// Worker is the background runner with every job.
func (s *Services) Worker() *worker.Runner {
	r := worker.New(s.Pool, s.Logger, WorkerRetryLeader, s.Jobs()...)
	if s.Redis != nil {
		r.WithLoops(worker.Loop{Name: "alert-relay", Run: s.Alerts.Relay}, worker.Loop{Name: "alert-consumer", Run: s.Alerts.Consume},
			worker.Loop{Name: "alert-notifier", Run: s.Alerts.Notify})
	}
	return r
}

// App is the services of one process together with what it opened.
type App struct {
	*Services
	Config config.Config
}

// Need says which resources a command opens.
type Need int

const (
	// NeedDatabase opens only PostgreSQL (seed, user, calendar).
	NeedDatabase Need = iota
	// NeedAll also opens Redis and builds Auth (serve, worker).
	NeedAll
)

// Open connects to what cfg names and builds the services. Close releases it.
func Open(ctx context.Context, cfg config.Config, need Need, logger *slog.Logger) (*App, error) {
	if err := cfg.RequireSecrets(); err != nil {
		return nil, err
	}
	piiKeys, err := pii.NewKeyring(cfg.PIIKey, cfg.PIIPreviousKeys...)
	if err != nil {
		return nil, err
	}
	d := Deps{PII: piiKeys, Storage: files.LocalDir{Root: cfg.FilesDir}, Clock: clock.System{}, Logger: logger,
		Alerts: alerts.Options{EscalateAfter: cfg.AlertEscalateAfter, ClaimIdle: cfg.AlertClaimIdle, ResendAfter: cfg.AlertResendAfter}}
	if !cfg.DevClockAt.IsZero() {
		d.Clock = clock.Shifted{By: time.Until(cfg.DevClockAt)}
		if logger != nil {
			logger.Warn("development clock: this process runs as if started at HUHANG_DEV_CLOCK_AT", "at", cfg.DevClockAt)
		}
	}
	if cfg.AlertWebhookURL != "" {
		d.Alerts.Notifier = alerts.Webhook{URL: cfg.AlertWebhookURL, Secret: cfg.AlertWebhookSecret}
	}
	if need == NeedAll {
		if d.Keys, err = auth.NewKeyring(cfg.JWTKey, cfg.JWTPreviousKeys...); err != nil {
			return nil, err
		}
	}
	if d.Pool, err = postgres.OpenPool(ctx, cfg.DatabaseURL, cfg.DBMaxConns); err != nil {
		return nil, err
	}
	if cfg.DatabaseReadURL != "" {
		if d.ReadPool, err = postgres.OpenPool(ctx, cfg.DatabaseReadURL, cfg.DBMaxConns); err != nil {
			d.Pool.Close()
			return nil, err
		}
	}
	if need == NeedAll {
		if d.Redis, err = redisx.Open(ctx, cfg.RedisURL, cfg.RedisPrefix); err != nil {
			d.Pool.Close()
			return nil, err
		}
	}
	s, err := Build(d)
	if err != nil {
		closeDeps(d)
		return nil, err
	}
	return &App{Services: s, Config: cfg}, nil
}

// Close releases the pool and the Redis client.
func (a *App) Close() { closeDeps(a.Deps) }

func closeDeps(d Deps) {
	if d.Redis != nil {
		_ = d.Redis.Close()
	}
	if d.ReadPool != nil {
		d.ReadPool.Close()
	}
	if d.Pool != nil {
		d.Pool.Close()
	}
}

func joinAnd(items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	out := ""
	for i, it := range items {
		switch {
		case i == 0:
		case i == len(items)-1:
			out += " and "
		default:
			out += ", "
		}
		out += it
	}
	return out
}
