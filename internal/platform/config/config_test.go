package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	cfg, err := Load(envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.HTTPAddr != ":8080" || cfg.Env != EnvDev || cfg.DatabaseURL != DefaultDatabaseURL || cfg.RedisPrefix != "huhang:" {
		t.Fatalf("unexpected defaults: %+v", cfg)
	}
}

func TestLoadRejectsBadValues(t *testing.T) {
	cases := map[string]struct {
		env  map[string]string
		want string
	}{
		"env":       {map[string]string{"HUHANG_ENV": "staging"}, "HUHANG_ENV"},
		"db url":    {map[string]string{"HUHANG_DATABASE_URL": "mysql://x"}, "HUHANG_DATABASE_URL"},
		"redis url": {map[string]string{"HUHANG_REDIS_URL": "http://x"}, "HUHANG_REDIS_URL"},
		"short jwt": {map[string]string{"HUHANG_JWT_KEY": "short"}, "HUHANG_JWT_KEY"},
		"pii hex":   {map[string]string{"HUHANG_PII_KEY": "zz"}, "HUHANG_PII_KEY"},
		"pii len":   {map[string]string{"HUHANG_PII_KEY": "abcd"}, "HUHANG_PII_KEY"},
		"log level": {map[string]string{"HUHANG_LOG_LEVEL": "chatty"}, "HUHANG_LOG_LEVEL"},
		"dev clock": {map[string]string{"HUHANG_DEV_CLOCK_AT": "08:00"}, "HUHANG_DEV_CLOCK_AT"},
		"dev clock in production": {productionEnv(map[string]string{"HUHANG_DEV_CLOCK_AT": "2026-12-07T08:00:00+08:00"}),
			"HUHANG_DEV_CLOCK_AT is for development only"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Load(envOf(tc.env))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("want error naming %s, got %v", tc.want, err)
			}
		})
	}
}

func TestDevClockStartsWhereAsked(t *testing.T) {
	cfg, err := Load(envOf(map[string]string{"HUHANG_DEV_CLOCK_AT": "2026-12-07T08:00:00+08:00"}))
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC); !cfg.DevClockAt.Equal(want) {
		t.Fatalf("dev clock at %s, want %s", cfg.DevClockAt, want)
	}
}

func TestRequireSecretsInProduction(t *testing.T) {
	cfg, err := Load(envOf(productionEnv(map[string]string{"HUHANG_JWT_KEY": "", "HUHANG_PII_KEY": ""})))
	if err != nil {
		t.Fatal(err)
	}
	err = cfg.RequireSecrets()
	if err == nil || !strings.Contains(err.Error(), "HUHANG_JWT_KEY") || !strings.Contains(err.Error(), "HUHANG_PII_KEY") {
		t.Fatalf("want both secrets named, got %v", err)
	}
	if strings.Contains(err.Error(), "make run") {
		t.Fatalf("production hint must not suggest make run: %v", err)
	}
	cfg, err = Load(envOf(productionEnv(nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.RequireSecrets(); err != nil {
		t.Fatalf("secrets present: %v", err)
	}
	if len(cfg.PIIKey) != 32 {
		t.Fatalf("pii key decoded to %d bytes", len(cfg.PIIKey))
	}
}

func TestDotEnvFillsOnlyWhatTheEnvironmentLacks(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(path, []byte("HUHANG_HTTP_ADDR=:9999\nHUHANG_JWT_KEY="+strings.Repeat("j", 40)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	getenv, err := LoadDotEnv(path, envOf(map[string]string{"HUHANG_HTTP_ADDR": ":7000"}))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(getenv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.HTTPAddr != ":7000" {
		t.Fatalf("environment must win over .env, got %s", cfg.HTTPAddr)
	}
	if string(cfg.JWTKey) != strings.Repeat("j", 40) {
		t.Fatalf(".env must fill the missing key, got %q", cfg.JWTKey)
	}
	if _, err := LoadDotEnv(filepath.Join(t.TempDir(), "missing"), envOf(nil)); err != nil {
		t.Fatalf("a missing .env is fine: %v", err)
	}
}

func TestLogValueHidesSecrets(t *testing.T) {
	cfg, err := Load(envOf(map[string]string{
		"HUHANG_DATABASE_URL": "postgres://u:topsecret@h/db",
		"HUHANG_JWT_KEY":      strings.Repeat("s", 32),
	}))
	if err != nil {
		t.Fatal(err)
	}
	text := cfg.LogValue().String()
	if strings.Contains(text, "topsecret") || strings.Contains(text, strings.Repeat("s", 32)) {
		t.Fatalf("secret leaked: %s", text)
	}
}

func TestTrustedProxies(t *testing.T) {
	cfg, err := Load(envOf(nil))
	if err != nil || cfg.TrustedProxies != nil {
		t.Fatalf("no proxy is trusted by default: %v %v", cfg.TrustedProxies, err)
	}
	cfg, err = Load(envOf(map[string]string{"HUHANG_TRUSTED_PROXIES": " 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32,"}))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(cfg.TrustedProxies, " ") != "10.0.0.0/8 192.0.2.7/32 2001:db8::/32" {
		t.Fatalf("got %v", cfg.TrustedProxies)
	}
	_, err = Load(envOf(map[string]string{"HUHANG_TRUSTED_PROXIES": "10.0.0.0/8,load-balancer"}))
	if err == nil || !strings.Contains(err.Error(), "HUHANG_TRUSTED_PROXIES") || !strings.Contains(err.Error(), "load-balancer") {
		t.Fatalf("a bad entry must be named: %v", err)
	}
}
