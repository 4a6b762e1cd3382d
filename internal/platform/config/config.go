// Package config turns HUHANG_* environment variables into one Config.
package config

import (
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"net/url"
	"os"
	"strings"

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
)

// Config is everything the binary reads from its environment.
type Config struct {
	DatabaseURL string
	RedisURL    string
	HTTPAddr    string
	Env         string
	JWTKey      []byte
	// JWTPreviousKeys still verify tokens signed before a key rotation.
	JWTPreviousKeys [][]byte
	PIIKey          []byte
	// PIIPreviousKeys still open personal data sealed before a key rotation.
	PIIPreviousKeys [][]byte
	// FilesDir is where uploaded files are stored when no other storage is configured.
	FilesDir    string
	RedisPrefix string
	LogLevel    slog.Level
	// TrustedProxies (HUHANG_TRUSTED_PROXIES, comma-separated CIDRs or
	// addresses) are the load balancers whose X-Forwarded-For names the client.
	TrustedProxies []string
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
// here; whether they must be present is decided by RequireSecrets, because
// `migrate` and `seed` need no keys.
func Load(getenv func(string) string) (Config, error) {
	cfg := Config{
		DatabaseURL: orDefault(getenv("HUHANG_DATABASE_URL"), DefaultDatabaseURL),
		RedisURL:    orDefault(getenv("HUHANG_REDIS_URL"), DefaultRedisURL),
		HTTPAddr:    orDefault(getenv("HUHANG_HTTP_ADDR"), DefaultHTTPAddr),
		Env:         orDefault(getenv("HUHANG_ENV"), EnvDev),
		RedisPrefix: orDefault(getenv("HUHANG_REDIS_PREFIX"), DefaultRedisPrefix),
	}
	var problems []string
	if err := cfg.LogLevel.UnmarshalText([]byte(orDefault(getenv("HUHANG_LOG_LEVEL"), "info"))); err != nil {
		problems = append(problems, "HUHANG_LOG_LEVEL must be debug, info, warn or error")
	}
	if cfg.Env != EnvDev && cfg.Env != EnvProduction {
		problems = append(problems, fmt.Sprintf("HUHANG_ENV must be %q or %q, got %q", EnvDev, EnvProduction, cfg.Env))
	}
	if u, err := url.Parse(cfg.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		problems = append(problems, "HUHANG_DATABASE_URL must be a postgres:// URL")
	}
	if u, err := url.Parse(cfg.RedisURL); err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") {
		problems = append(problems, "HUHANG_REDIS_URL must be a redis:// or rediss:// URL")
	}
	if jwtKey := getenv("HUHANG_JWT_KEY"); jwtKey != "" {
		if len(jwtKey) < minJWTKeyLen {
			problems = append(problems, fmt.Sprintf("HUHANG_JWT_KEY must be at least %d characters", minJWTKeyLen))
		}
		cfg.JWTKey = []byte(jwtKey)
	}
	for _, old := range strings.Split(getenv("HUHANG_JWT_PREVIOUS_KEYS"), ",") {
		if old = strings.TrimSpace(old); old == "" {
			continue
		}
		if len(old) < minJWTKeyLen {
			problems = append(problems, fmt.Sprintf("each of HUHANG_JWT_PREVIOUS_KEYS must be at least %d characters", minJWTKeyLen))
			continue
		}
		cfg.JWTPreviousKeys = append(cfg.JWTPreviousKeys, []byte(old))
	}
	if piiKey := getenv("HUHANG_PII_KEY"); piiKey != "" {
		key, err := hex.DecodeString(piiKey)
		if err != nil || len(key) != piiKeyBytes {
			problems = append(problems, "HUHANG_PII_KEY must be 64 hex characters (32 bytes for AES-256)")
		}
		cfg.PIIKey = key
	}
	for _, old := range strings.Split(getenv("HUHANG_PII_PREVIOUS_KEYS"), ",") {
		if old = strings.TrimSpace(old); old == "" {
			continue
		}
		key, err := hex.DecodeString(old)
		if err != nil || len(key) != piiKeyBytes {
			problems = append(problems, "each of HUHANG_PII_PREVIOUS_KEYS must be 64 hex characters")
			continue
		}
		cfg.PIIPreviousKeys = append(cfg.PIIPreviousKeys, key)
	}
	cfg.FilesDir = getenv("HUHANG_FILES_DIR")
	if cfg.FilesDir == "" {
		cfg.FilesDir = "var/files"
	}
	cfg.TrustedProxies, problems = trustedProxies(getenv("HUHANG_TRUSTED_PROXIES"), problems)
	if len(problems) > 0 {
		return Config{}, fmt.Errorf("config: %s", strings.Join(problems, "; "))
	}
	return cfg, nil
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
		slog.String("redis_url", redactURL(c.RedisURL)),
		slog.String("http_addr", c.HTTPAddr),
		slog.String("env", c.Env),
		slog.String("redis_prefix", c.RedisPrefix),
		slog.Bool("jwt_key_set", len(c.JWTKey) > 0),
		slog.Bool("pii_key_set", len(c.PIIKey) > 0),
	)
}

func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable)"
	}
	return u.Redacted()
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
