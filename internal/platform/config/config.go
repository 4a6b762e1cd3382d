// Package config turns HUHANG_* environment variables into one Config.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"
)

const (
	EnvDev        = "dev"
	EnvProduction = "production"

	DefaultDatabaseURL = "postgres://huhang:huhang@127.0.0.1:5432/huhang?sslmode=disable"
	DefaultRedisURL    = "redis://127.0.0.1:6379/0"
	DefaultHTTPAddr    = ":8080"
	DefaultRedisPrefix = "huhang:"

	minJWTKeyLen = 32
	piiKeyBytes  = 32

	// MaxDBMaxConns bounds HUHANG_DB_MAX_CONNS: PostgreSQL's own default
	// max_connections is 100, shared by every replica.
	MaxDBMaxConns = 1000
)

// DefaultDBMaxConns sizes the pool for the cores, with a floor of 10 so a
// small container still serves a handful of slow requests beside fast ones.
func DefaultDBMaxConns() int { return max(10, 4*runtime.NumCPU()) }

// Config is everything the binary reads from its environment.
type Config struct {
	DatabaseURL string
	// DatabaseReadURL is a read replica for the dashboards; empty means
	// they read from DatabaseURL.
	DatabaseReadURL string
	RedisURL        string
	HTTPAddr        string
	Env             string
	JWTKey          []byte
	// JWTPreviousKeys still verify tokens signed before a key rotation.
	JWTPreviousKeys [][]byte
	PIIKey          []byte
	// PIIPreviousKeys still open personal data sealed before a key rotation.
	PIIPreviousKeys [][]byte
	// FilesDir is where uploaded files are stored when no other storage is configured.
	FilesDir    string
	RedisPrefix string
	LogLevel    slog.Level
	// DBMaxConns is the size of the PostgreSQL pool of this process.
	DBMaxConns int
	// DatabaseInsecure accepts a database connection without TLS in
	// production; only for a private network the operator vouches for.
	DatabaseInsecure bool
	// MetricsAddr, when set, serves /metrics on its own listener (for a
	// scraper on a private network) instead of behind a platform-admin login.
	MetricsAddr string
	// TrustedProxies (HUHANG_TRUSTED_PROXIES, comma-separated CIDRs or
	// addresses) are the load balancers whose X-Forwarded-For names the client.
	TrustedProxies []string
	// AlertWebhookURL (HUHANG_ALERT_WEBHOOK_URL), when set, receives every
	// alert as a signed POST; AlertWebhookSecret (HUHANG_ALERT_WEBHOOK_SECRET)
	// keys the signature and is required with it.
	AlertWebhookURL    string
	AlertWebhookSecret []byte
	// AlertEscalateAfter (HUHANG_ALERT_ESCALATE_AFTER, a Go duration such as
	// 2h): a critical alert not acknowledged for this long goes one bureau up.
	AlertEscalateAfter time.Duration
	// AlertClaimIdle (HUHANG_ALERT_CLAIM_IDLE): how long a stream message may
	// stay read but unacknowledged before another worker takes it over.
	// AlertResendAfter (HUHANG_ALERT_RESEND_AFTER): how long a relayed
	// outbox row may stay undelivered before it is sent again. Zero takes
	// the alerts package's defaults (30s, 1m).
	AlertClaimIdle   time.Duration
	AlertResendAfter time.Duration
	// DevClockAt (HUHANG_DEV_CLOCK_AT, RFC 3339), development only: the
	// server's clock starts at this instant and runs on from there, so a
	// load run measures the 08:00 check-ins whatever the hour it runs at.
	DevClockAt time.Time
}

// LoadDotEnv returns a getenv that prefers the real environment and falls back
// to the values of an optional .env file, so secrets generated once by
// `make run` survive restarts while explicit variables still win.
func LoadDotEnv(path string, getenv func(string) string) (func(string) string, error) {
	values, err := godotenv.Read(path)
	if errors.Is(err, os.ErrNotExist) {
		return getenv, nil
	}
	if err != nil {
		return nil, fmt.Errorf("config: read %s: %w", path, err)
	}
	return func(key string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return values[key]
	}, nil
}

// Load reads and validates the configuration. Secrets are checked for shape
// here; whether they must be present is decided by RequireSecrets (or
// LoadWithSecrets), because `migrate` needs no keys.
func Load(getenv func(string) string) (Config, error) {
	cfg, problems := load(getenv)
	return cfg, refusal(problems)
}

// LoadWithSecrets is Load for commands that sign tokens or seal personal
// data: a missing key is named in the same message as every other problem,
// so an operator fixes them all in one round.
func LoadWithSecrets(getenv func(string) string) (Config, error) {
	cfg, problems := load(getenv)
	if err := cfg.RequireSecrets(); err != nil {
		problems = append(problems, strings.TrimPrefix(err.Error(), "config: "))
	}
	return cfg, refusal(problems)
}

func refusal(problems []string) error {
	switch len(problems) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("config: %s", problems[0])
	}
	return fmt.Errorf("config: %d problems:\n  - %s", len(problems), strings.Join(problems, "\n  - "))
}

func load(getenv func(string) string) (Config, []string) {
	cfg := Config{
		DatabaseURL:     orDefault(getenv("HUHANG_DATABASE_URL"), DefaultDatabaseURL),
		DatabaseReadURL: getenv("HUHANG_DATABASE_READ_URL"),
		RedisURL:        orDefault(getenv("HUHANG_REDIS_URL"), DefaultRedisURL),
		HTTPAddr:        orDefault(getenv("HUHANG_HTTP_ADDR"), DefaultHTTPAddr),
		Env:             orDefault(getenv("HUHANG_ENV"), EnvDev),
		RedisPrefix:     orDefault(getenv("HUHANG_REDIS_PREFIX"), DefaultRedisPrefix),
	}
	var problems []string
	if err := cfg.LogLevel.UnmarshalText([]byte(orDefault(getenv("HUHANG_LOG_LEVEL"), "info"))); err != nil {
		problems = append(problems, "HUHANG_LOG_LEVEL must be debug, info, warn or error")
	}
	if cfg.Env != EnvDev && cfg.Env != EnvProduction {
		problems = append(problems, fmt.Sprintf("HUHANG_ENV must be %q or %q, got %q", EnvDev, EnvProduction, cfg.Env))
	}
	if at := getenv("HUHANG_DEV_CLOCK_AT"); at != "" {
		var err error
		switch cfg.DevClockAt, err = time.Parse(time.RFC3339, at); {
		case err != nil:
			problems = append(problems, "HUHANG_DEV_CLOCK_AT must be an RFC 3339 instant such as 2026-12-07T08:00:00+08:00")
		case cfg.Env != EnvDev:
			// Rule deadlines, alerts and the audit trail run on this clock.
			problems = append(problems, "HUHANG_DEV_CLOCK_AT is for development only and must not be set in production")
		}
	}
	if u, err := url.Parse(cfg.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		problems = append(problems, "HUHANG_DATABASE_URL must be a postgres:// URL")
	}
	if u, err := url.Parse(cfg.DatabaseReadURL); cfg.DatabaseReadURL != "" && (err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql")) {
		problems = append(problems, "HUHANG_DATABASE_READ_URL must be a postgres:// URL")
	}
	if u, err := url.Parse(cfg.RedisURL); err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") {
		problems = append(problems, "HUHANG_REDIS_URL must be a redis:// or rediss:// URL")
	}
	var keyProblems []string
	cfg.JWTKey, keyProblems = loadJWTKey("HUHANG_JWT_KEY", getenv("HUHANG_JWT_KEY"), cfg.Env)
	problems = append(problems, keyProblems...)
	for _, old := range splitList(getenv("HUHANG_JWT_PREVIOUS_KEYS")) {
		key, p := loadJWTKey("each of HUHANG_JWT_PREVIOUS_KEYS", old, cfg.Env)
		problems = append(problems, p...)
		if key != nil {
			cfg.JWTPreviousKeys = append(cfg.JWTPreviousKeys, key)
		}
	}
	if piiKey := getenv("HUHANG_PII_KEY"); piiKey != "" {
		key, ok := decodeKey(piiKey)
		switch {
		case !ok:
			problems = append(problems, "HUHANG_PII_KEY must be 32 bytes written as 64 hex characters or base64 (AES-256)")
		case cfg.Env == EnvProduction:
			if why := notRandom(key); why != "" {
				problems = append(problems, "HUHANG_PII_KEY "+why+"; generate one with `openssl rand -hex 32`")
			}
		}
		cfg.PIIKey = key
	}
	for _, old := range splitList(getenv("HUHANG_PII_PREVIOUS_KEYS")) {
		// Retired PII keys are not judged for randomness: they must keep
		// opening what they sealed, and refusing them would only make old
		// records unreadable, not safer.
		key, ok := decodeKey(old)
		if !ok {
			problems = append(problems, "each of HUHANG_PII_PREVIOUS_KEYS must be 32 bytes as 64 hex characters or base64")
			continue
		}
		cfg.PIIPreviousKeys = append(cfg.PIIPreviousKeys, key)
	}
	cfg.DBMaxConns = DefaultDBMaxConns()
	if v := strings.TrimSpace(getenv("HUHANG_DB_MAX_CONNS")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxDBMaxConns {
			problems = append(problems, fmt.Sprintf("HUHANG_DB_MAX_CONNS must be a whole number from 1 to %d, got %q", MaxDBMaxConns, v))
		}
		cfg.DBMaxConns = n
	}
	switch v := strings.TrimSpace(getenv("HUHANG_DATABASE_INSECURE")); v {
	case "", "0", "false":
	case "1", "true":
		cfg.DatabaseInsecure = true
	default:
		problems = append(problems, fmt.Sprintf("HUHANG_DATABASE_INSECURE must be 1 or 0, got %q", v))
	}
	cfg.MetricsAddr = strings.TrimSpace(getenv("HUHANG_METRICS_ADDR"))
	if cfg.MetricsAddr != "" && cfg.MetricsAddr == cfg.HTTPAddr {
		problems = append(problems, "HUHANG_METRICS_ADDR must differ from HUHANG_HTTP_ADDR: metrics served there need no login")
	}
	cfg.FilesDir = getenv("HUHANG_FILES_DIR")
	if cfg.FilesDir == "" {
		cfg.FilesDir = "var/files"
	}
	cfg.TrustedProxies, problems = trustedProxies(getenv("HUHANG_TRUSTED_PROXIES"), problems)
	problems = cfg.loadAlerts(getenv, problems)
	if cfg.Env == EnvProduction {
		problems = append(problems, cfg.productionProblems()...)
	}
	return cfg, problems
}

// RequireSecrets stops start-up of commands that sign tokens or encrypt
// personal data when a key is missing. The message says how to fix it.
func (c Config) RequireSecrets() error {
	var missing []string
	if len(c.JWTKey) == 0 {
		missing = append(missing, "HUHANG_JWT_KEY")
	}
	if len(c.PIIKey) == 0 {
		missing = append(missing, "HUHANG_PII_KEY")
	}
	if len(missing) == 0 {
		return nil
	}
	hint := "set them in the environment (see deploy/.env.example; generate with `openssl rand -hex 32`)"
	if c.Env == EnvDev {
		hint += ", or run `make run`, which writes them once into the git-ignored .env"
	}
	return fmt.Errorf("config: missing secret %s: %s", strings.Join(missing, " and "), hint)
}

// LogValue keeps secrets and passwords out of logs.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("database_url", redactURL(c.DatabaseURL)),
		slog.String("database_read_url", redactURL(c.DatabaseReadURL)),
		slog.String("redis_url", redactURL(c.RedisURL)),
		slog.String("http_addr", c.HTTPAddr),
		slog.String("env", c.Env),
		slog.String("redis_prefix", c.RedisPrefix),
		slog.Bool("jwt_key_set", len(c.JWTKey) > 0),
		slog.Bool("pii_key_set", len(c.PIIKey) > 0),
		slog.Int("db_max_conns", c.DBMaxConns),
		slog.Bool("database_insecure", c.DatabaseInsecure),
		slog.String("metrics_addr", c.MetricsAddr),
		slog.String("alert_webhook_url", redactURL(c.AlertWebhookURL)),
		slog.Duration("alert_escalate_after", c.AlertEscalateAfter),
	)
}

func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable)"
	}
	return u.Redacted()
}

func splitList(v string) []string {
	var out []string
	for _, item := range strings.Split(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

func orDefault(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return strings.TrimSpace(v)
}

// trustedProxies parses HUHANG_TRUSTED_PROXIES. None by default: trusting
// X-Forwarded-For from anyone would let every client pick its own address
// and walk around the per-address login limit.
func trustedProxies(raw string, problems []string) ([]string, []string) {
	var out []string
	for _, item := range strings.Split(raw, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		if p, err := netip.ParsePrefix(item); err == nil {
			out = append(out, p.Masked().String())
		} else if a, err := netip.ParseAddr(item); err == nil {
			out = append(out, netip.PrefixFrom(a, a.BitLen()).String())
		} else {
			problems = append(problems, fmt.Sprintf("HUHANG_TRUSTED_PROXIES: %q is not a CIDR (such as 10.0.0.0/8) or an IP address", item))
		}
	}
	return out, problems
}

// loadAlerts reads the early-warning settings.
func (c *Config) loadAlerts(getenv func(string) string, problems []string) []string {
	c.AlertWebhookURL = strings.TrimSpace(getenv("HUHANG_ALERT_WEBHOOK_URL"))
	c.AlertWebhookSecret = []byte(getenv("HUHANG_ALERT_WEBHOOK_SECRET"))
	if c.AlertWebhookURL != "" {
		u, err := url.Parse(c.AlertWebhookURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			problems = append(problems, "HUHANG_ALERT_WEBHOOK_URL must be an http:// or https:// URL")
		}
		if len(c.AlertWebhookSecret) < 16 {
			problems = append(problems, "HUHANG_ALERT_WEBHOOK_SECRET must be at least 16 characters when HUHANG_ALERT_WEBHOOK_URL is set")
		}
	}
	c.AlertEscalateAfter = 2 * time.Hour
	for _, d := range []struct {
		name     string
		dst      *time.Duration
		min, max time.Duration
	}{
		{"HUHANG_ALERT_ESCALATE_AFTER", &c.AlertEscalateAfter, time.Minute, 7 * 24 * time.Hour},
		{"HUHANG_ALERT_CLAIM_IDLE", &c.AlertClaimIdle, 100 * time.Millisecond, time.Hour},
		{"HUHANG_ALERT_RESEND_AFTER", &c.AlertResendAfter, 100 * time.Millisecond, 24 * time.Hour},
	} {
		v := strings.TrimSpace(getenv(d.name))
		if v == "" {
			continue
		}
		parsed, err := time.ParseDuration(v)
		if err != nil || parsed < d.min || parsed > d.max {
			problems = append(problems, fmt.Sprintf("%s must be a duration from %s to %s, got %q", d.name, d.min, d.max, v))
			continue
		}
		*d.dst = parsed
	}
	return problems
}
