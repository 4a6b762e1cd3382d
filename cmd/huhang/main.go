// Command huhang is the whole Huhang platform in one binary: the API server
// with the embedded web client, the background worker and the admin tools.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/errgroup"

	"huhang/internal/app"
	"huhang/internal/auth"
	"huhang/internal/inspections"
	"huhang/internal/orgs"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/config"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/web"
	"huhang/internal/seed"
	"huhang/internal/seed/scale"
	"huhang/internal/server"
	"huhang/migrations"
)

func main() {
	// Code that logs without a logger of its own (web.WriteError) writes JSON to stderr too.
	slog.SetDefault(web.NewLogger(os.Stderr, slog.LevelInfo))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "huhang:", err)
		os.Exit(1)
	}
}

const usage = `huhang — 护航 · 职业学校学生实习监管平台 (vocational internship oversight)

Usage: huhang COMMAND [flags]

Commands:
  serve [--with-worker]   serve the API and the web client on HUHANG_HTTP_ADDR
  worker                  run background jobs (one leader runs periodic scans)
  migrate up|status       apply or list database migrations
  seed demo               load the demo organisations and accounts (idempotent)
  seed scale [--students N] [--days D] [--seed S]
                          generate a province for load tests into an empty database
                          (deterministic; every account's password is Huhang-Scale-2026)
  user create             create an account: --username --password --role [--org ID] [--name]
  calendar load FILE      load an official holiday calendar CSV (date,kind,name)
  stats refresh           bring the dashboards' summary rows up to date now (the
                          worker does it every few seconds; after a bulk load)
  ledger verify [--ledger ID]
                          recompute the inspection ledger's hash chains; exit 1
                          naming the first broken row

Configuration comes from HUHANG_* environment variables, filled from ./.env
when present: HUHANG_DATABASE_URL, HUHANG_REDIS_URL, HUHANG_HTTP_ADDR,
HUHANG_ENV (dev|production), HUHANG_JWT_KEY, HUHANG_JWT_PREVIOUS_KEYS,
HUHANG_PII_KEY, HUHANG_PII_PREVIOUS_KEYS, HUHANG_REDIS_PREFIX, HUHANG_FILES_DIR,
HUHANG_DB_MAX_CONNS, HUHANG_DATABASE_INSECURE, HUHANG_METRICS_ADDR,
HUHANG_LOG_LEVEL (debug|info|warn|error). Production refuses 'seed', the
default database credentials, unencrypted database connections (unless
HUHANG_DATABASE_INSECURE=1) and keys that are not 32 random bytes.
Run 'huhang COMMAND --help' for a command's flags.
`

// run is main without process globals, so tests can drive the CLI.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return errors.New("no command given")
		}
		return flag.ErrHelp
	}
	getenv, err := config.LoadDotEnv(".env", getenv)
	if err != nil {
		return err
	}
	// Commands that sign tokens or seal personal data name a missing key in
	// the same message as every other problem.
	load := config.Load
	switch args[0] {
	case "serve", "worker", "seed", "stats":
		if !asksHelp(args[1:]) {
			load = config.LoadWithSecrets
		}
	}
	cfg, err := load(getenv)
	if args[0] == "seed" {
		// Refused before anything connects, whatever else is wrong.
		allowed := seed.Allowed
		if len(args) > 1 && args[1] == "scale" {
			allowed = scale.Allowed
		}
		if refused := allowed(getenv("HUHANG_ENV")); refused != nil {
			return errors.Join(refused, err)
		}
	}
	if err != nil {
		return err
	}
	logger := web.NewLogger(stderr, cfg.LogLevel)
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, cfg, rest, stdout, logger)
	case "worker":
		return cmdWorker(ctx, cfg, rest, stdout, logger)
	case "migrate":
		return cmdMigrate(ctx, cfg, rest, stdout, logger)
	case "seed":
		return cmdSeed(ctx, cfg, rest, stdout, logger)
	case "user":
		return cmdUser(ctx, cfg, rest, stdout)
	case "calendar":
		return cmdCalendar(ctx, cfg, rest, stdout)
	case "ledger":
		return cmdLedger(ctx, cfg, rest, stdout)
	case "stats":
		return cmdStats(ctx, cfg, rest, stdout, logger)
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

func asksHelp(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			return true
		}
	}
	return false
}

func newFlags(name, summary string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() {
		fmt.Fprintf(stdout, "Usage: huhang %s\n\n%s\n", name, summary)
		if hasFlags(fs) {
			fmt.Fprintln(stdout, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

func cmdServe(ctx context.Context, cfg config.Config, args []string, stdout io.Writer, logger *slog.Logger) error {
	fs := newFlags("serve [--with-worker]", "Serves the JSON API under /api/v1, /healthz, /readyz, /metrics and the\nembedded web client on HUHANG_HTTP_ADDR until SIGTERM, then drains requests.", stdout)
	withWorker := fs.Bool("with-worker", false, "also run the background worker in this process (laptop or demo)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, app.NeedAll, logger)
	if err != nil {
		return err
	}
	defer a.Close()
	deps := server.Deps{Pool: a.Pool, Redis: a.Redis, Logger: logger, Services: a.Services,
		SecureCookies: cfg.Env == config.EnvProduction, HSTS: cfg.Env == config.EnvProduction,
		TrustedProxies: cfg.TrustedProxies}
	if cfg.MetricsAddr != "" {
		deps.Registry, deps.MetricsElsewhere = prometheus.NewRegistry(), true
	}
	handler, err := server.New(deps)
	if err != nil {
		return err
	}
	group, gctx := errgroup.WithContext(ctx)
	group.Go(func() error {
		return web.Serve(gctx, web.NewServer(cfg.HTTPAddr, handler), logger, func(addr net.Addr) {
			logger.Info("huhang serving", "addr", addr.String(), "config", cfg)
		})
	})
	if cfg.MetricsAddr != "" {
		group.Go(func() error {
			return web.Serve(gctx, web.NewServer(cfg.MetricsAddr, server.MetricsHandler(deps.Registry)), logger, func(addr net.Addr) {
				logger.Info("huhang metrics serving", "addr", addr.String())
			})
		})
	}
	if *withWorker {
		group.Go(func() error { return a.Worker().Run(gctx) })
	}
	return group.Wait()
}

func cmdWorker(ctx context.Context, cfg config.Config, args []string, stdout io.Writer, logger *slog.Logger) error {
	fs := newFlags("worker", "Runs the background jobs. Any number of replicas may run; periodic\nscans run on one leader chosen by a PostgreSQL advisory lock.", stdout)
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, app.NeedAll, logger)
	if err != nil {
		return err
	}
	defer a.Close()
	logger.Info("huhang worker started", "config", cfg)
	if cfg.MetricsAddr == "" {
		return a.Worker().Run(ctx)
	}
	// A worker has no API listener; HUHANG_METRICS_ADDR shows its alert
	// pipeline (outbox backlog, stream lag, pending per consumer).
	registry := prometheus.NewRegistry()
	if err := a.Alerts.Register(registry); err != nil {
		return err
	}
	group, gctx := errgroup.WithContext(ctx)
	group.Go(func() error {
		return web.Serve(gctx, web.NewServer(cfg.MetricsAddr, server.MetricsHandler(registry)), logger, func(addr net.Addr) {
			logger.Info("huhang worker metrics serving", "addr", addr.String())
		})
	})
	group.Go(func() error { return a.Worker().Run(gctx) })
	return group.Wait()
}

func cmdMigrate(ctx context.Context, cfg config.Config, args []string, stdout io.Writer, logger *slog.Logger) error {
	fs := newFlags("migrate up|status", "up: applies pending migrations under an advisory lock (safe to run from\nseveral replicas at once; a second run is a no-op).\nstatus: lists every migration and whether it is applied.", stdout)
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch fs.Arg(0) {
	case "up":
		applied, err := postgres.Migrate(ctx, cfg.DatabaseURL, migrations.FS, logger)
		if err != nil {
			return err
		}
		if len(applied) == 0 {
			fmt.Fprintln(stdout, "schema is up to date; nothing applied")
		} else {
			fmt.Fprintf(stdout, "applied %d migration(s): %v\n", len(applied), applied)
		}
		return nil
	case "status":
		states, err := postgres.MigrationStatus(ctx, cfg.DatabaseURL, migrations.FS)
		if err != nil {
			return err
		}
		for _, s := range states {
			state := "pending"
			if s.Applied {
				state = "applied"
			}
			fmt.Fprintf(stdout, "%05d  %-8s %s\n", s.Version, state, s.Name)
		}
		return nil
	}
	fs.Usage()
	return errors.New("migrate needs 'up' or 'status'")
}

func cmdSeed(ctx context.Context, cfg config.Config, args []string, stdout io.Writer, logger *slog.Logger) error {
	fs := newFlags("seed demo|scale", "demo: loads the demo organisations and accounts. Idempotent: existing records\n"+
		"are left as they are, so a second run changes nothing.\n"+
		"scale: generates a province into a freshly migrated, empty database (see\n"+
		"'huhang seed scale --help').", stdout)
	if len(args) == 0 || args[0] != "demo" && args[0] != "scale" {
		if err := fs.Parse(args); err != nil {
			return err
		}
		fs.Usage()
		return errors.New("seed needs 'demo' or 'scale'")
	}
	if args[0] == "scale" {
		return cmdSeedScale(ctx, cfg, args[1:], stdout, logger)
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	// The demo students' ID numbers are sealed with the PII key.
	a, err := app.Open(ctx, cfg, app.NeedDatabase, logger)
	if err != nil {
		return err
	}
	defer a.Close()
	report, err := seed.Demo(ctx, a.Pool, a.PII, time.Now(), a.Storage)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo data: %d organisation(s), %d post(s), %d host-list entr(ies), %d account(s), %d plan(s), %d student(s), %d placement(s) and %d duty check-in(s) created\n",
		report.OrgsCreated, report.PostsCreated, report.HostsCreated, report.UsersCreated, report.PlansCreated,
		report.StudentsCreated, report.PlacementsCreated, report.DutyEvents)
	fmt.Fprintf(stdout, "demo accounts (password %s):\n", seed.DemoPassword)
	for _, a := range report.Accounts {
		fmt.Fprintf(stdout, "  %-9s %-8s %s\n", a.Username, auth.RoleNames[a.Role], a.OrgName)
	}
	return nil
}

func cmdSeedScale(ctx context.Context, cfg config.Config, args []string, stdout io.Writer, logger *slog.Logger) error {
	fs := newFlags("seed scale [--students N] [--days D] [--seed S]",
		"Generates a province into a freshly migrated, empty database, for load tests and\n"+
			"benchmarks: Sichuan's 183 counties with their bureaus, schools, enterprises,\n"+
			"students, plans, placements, D days of duty check-ins and patrols ending today,\n"+
			"inspections and alerts, written with COPY in one transaction. The same flags on the\n"+
			"same day give the same rows, ids included, but for the ID numbers' ciphertext\n"+
			"(sealed with HUHANG_PII_KEY under a random nonce). Every account's password is\n"+
			scale.Password+": b<division code> (bureaus), sa<n>, t<n>_<j>, ea<n>, men<n>, root.", stdout)
	students := fs.Int("students", 500000, "number of students; the rest follows (a school per 500, a teacher per 20)")
	days := fs.Int("days", 30, "days of duty ending today")
	seedValue := fs.Uint64("seed", 1, "seed of every random draw")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("seed scale takes no argument %q", fs.Arg(0))
	}
	a, err := app.Open(ctx, cfg, app.NeedDatabase, logger)
	if err != nil {
		return err
	}
	defer a.Close()
	report, err := scale.Generate(ctx, a.Pool, scale.Options{Students: *students, Days: *days, Seed: *seedValue, Keys: a.PII}, stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "generated %d rows in %s; every account's password is %s (root, b510000, sa1, t1_1, ea1, men1, …)\n",
		report.Total(), report.Elapsed.Round(time.Second), scale.Password)
	return nil
}

func cmdUser(ctx context.Context, cfg config.Config, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(stdout, "Usage: huhang user create --username U --password P --role R [--org ID] [--name N]")
		return errors.New("user needs 'create'")
	}
	roles := make([]string, 0, len(auth.Roles))
	for _, r := range auth.Roles {
		roles = append(roles, string(r))
	}
	fs := newFlags("user create --username U --password P --role R [--org ID]",
		"Creates an account. The password must have at least 10 characters of 3 kinds\nand must not contain the username; the role must fit the organisation.", stdout)
	username := fs.String("username", "", "login name: 3–32 lowercase letters, digits, _ . -")
	password := fs.String("password", "", "initial password")
	role := fs.String("role", "", "one of "+strings.Join(roles, ", "))
	org := fs.String("org", "", "organisation id (UUID); required for every role but platform_admin")
	name := fs.String("name", "", "display name (defaults to the username)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	in := orgs.NewUser{Username: *username, Password: *password, Role: auth.Role(*role), DisplayName: *name}
	if *org != "" {
		id, err := uuid.Parse(*org)
		if err != nil {
			return fmt.Errorf("--org %q is not a UUID", *org)
		}
		in.OrgID = &id
	}
	pool, err := postgres.OpenPool(ctx, cfg.DatabaseURL, cfg.DBMaxConns)
	if err != nil {
		return err
	}
	defer pool.Close()
	user, err := orgs.NewService(pool, clock.System{}).CreateUser(ctx, nil, in)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "created user %s (%s) with id %s\n", user.Username, auth.RoleNames[user.Role], user.ID)
	return nil
}

func cmdCalendar(ctx context.Context, cfg config.Config, args []string, stdout io.Writer) error {
	fs := newFlags("calendar load FILE", "Loads public holidays and make-up working days from the official notice\nas CSV with the header date,kind,name (kind: holiday or workday). Days\nalready loaded are replaced; the whole file is refused if any line is bad.", stdout)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.Arg(0) != "load" || fs.Arg(1) == "" {
		fs.Usage()
		return errors.New("calendar needs 'load FILE'")
	}
	f, err := os.Open(fs.Arg(1))
	if err != nil {
		return err
	}
	defer f.Close()
	overrides, err := clock.ParseCalendarCSV(f)
	if err != nil {
		return err
	}
	pool, err := postgres.OpenPool(ctx, cfg.DatabaseURL, cfg.DBMaxConns)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := clock.SaveOverrides(ctx, pool, overrides); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "loaded %d calendar day(s) from %s\n", len(overrides), fs.Arg(1))
	return nil
}

// ErrLedgerBroken is the exit of a verification that found a broken chain.
var ErrLedgerBroken = errors.New("the ledger does not verify")

func cmdStats(ctx context.Context, cfg config.Config, args []string, stdout io.Writer, logger *slog.Logger) error {
	fs := newFlags("stats refresh", "Recomputes the dashboards' summary rows of every school and host that changed\n"+
		"since the last refresh or was summarised on an earlier day.", stdout)
	if len(args) == 0 || args[0] != "refresh" {
		if err := fs.Parse(args); err != nil {
			return err
		}
		fs.Usage()
		return errors.New("stats needs 'refresh'")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, app.NeedDatabase, logger)
	if err != nil {
		return err
	}
	defer a.Close()
	started := time.Now()
	res, err := a.Stats.Refresh(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "stats: %d unit(s) and %d host(s) summarised in %s\n", res.Units, res.Enterprises,
		time.Since(started).Round(time.Millisecond))
	return nil
}

func cmdLedger(ctx context.Context, cfg config.Config, args []string, stdout io.Writer) error {
	fs := newFlags("ledger verify [--ledger ID]", "Recomputes the hash chain of every inspection ledger (or of one campaign's)\n"+
		"from its first row and prints the rows checked and each ledger's head hash,\nor the first row that does not hold.", stdout)
	only := fs.String("ledger", "", "the id of one ledger (its campaign's id)")
	if len(args) == 0 || args[0] != "verify" {
		if err := fs.Parse(args); err != nil {
			return err
		}
		fs.Usage()
		return errors.New("ledger needs 'verify'")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	var ledgers []uuid.UUID
	if *only != "" {
		id, err := uuid.Parse(*only)
		if err != nil {
			return fmt.Errorf("--ledger %q is not an id", *only)
		}
		ledgers = append(ledgers, id)
	}
	pool, err := postgres.OpenPool(ctx, cfg.DatabaseURL, cfg.DBMaxConns)
	if err != nil {
		return err
	}
	defer pool.Close()
	v, err := inspections.VerifyLedgers(ctx, pool, ledgers...)
	if err != nil {
		return err
	}
	if !v.OK {
		b := v.FirstBroken
		fmt.Fprintf(stdout, "BROKEN after %d row(s): ledger %s row %d (id %d): %s\n", v.RowsChecked-1, b.LedgerID, b.Seq, b.RowID, b.Reason)
		return ErrLedgerBroken
	}
	fmt.Fprintf(stdout, "ok: %d row(s) in %d ledger(s) verified\n", v.RowsChecked, len(v.Heads))
	heads := make([]string, 0, len(v.Heads))
	for id, head := range v.Heads {
		heads = append(heads, id.String()+" "+head)
	}
	sort.Strings(heads)
	for _, h := range heads {
		fmt.Fprintln(stdout, h)
	}
	return nil
}

// describe turns a user-facing error into a CLI message listing every bad field.
func describe(err error) error {
	e := apperr.As(err)
	if e == nil {
		return err
	}
	msg := e.Message
	if fields, ok := e.Details.([]apperr.FieldError); ok {
		for _, f := range fields {
			msg += fmt.Sprintf("\n  %s: %s", f.Field, f.Message)
		}
	}
	return errors.New(msg)
}
