package config

import (
	"encoding/base64"
	"encoding/hex"
	"runtime"
	"strings"
	"testing"
)

// Keys drawn once from crypto/rand for these tests.
const (
	testJWTHex = "9f2c4b7e01d38a56c4e9b2f70a1d6e3895c7f40b2ea8d61c3f9057be24a1d8c6"
	testPIIHex = "3b8e1f6a92c05d47e8a1b3c96f2d704e51a8c3f7092be6d4a17c58e30f9b2d61"
)

// productionEnv is a production configuration that passes every check;
// overrides replace (or, with "", remove) single variables.
func productionEnv(overrides map[string]string) map[string]string {
	env := map[string]string{
		"HUHANG_ENV":          "production",
		"HUHANG_DATABASE_URL": "postgres://huhang:Zq4-long-own-password@db.internal:5432/huhang?sslmode=verify-full",
		"HUHANG_JWT_KEY":      testJWTHex,
		"HUHANG_PII_KEY":      testPIIHex,
	}
	for k, v := range overrides {
		env[k] = v
	}
	return env
}

func TestProductionAcceptsASoundConfiguration(t *testing.T) {
	cfg, err := Load(envOf(productionEnv(nil)))
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := hex.DecodeString(testJWTHex); string(cfg.JWTKey) != string(want) {
		t.Fatal("the JWT key is used decoded, as its 32 bytes")
	}
	key, _ := hex.DecodeString(testPIIHex)
	for name, enc := range map[string]string{
		"base64":     base64.StdEncoding.EncodeToString(key),
		"base64 raw": base64.RawStdEncoding.EncodeToString(key),
		"base64 url": base64.RawURLEncoding.EncodeToString(key),
	} {
		cfg, err := Load(envOf(productionEnv(map[string]string{"HUHANG_JWT_KEY": enc, "HUHANG_PII_KEY": enc})))
		if err != nil || string(cfg.PIIKey) != string(key) || string(cfg.JWTKey) != string(key) {
			t.Errorf("%s keys must be accepted and decoded: %v", name, err)
		}
	}
	for name, url := range map[string]string{
		"require":     "postgres://app:Own-pass-123@db:5432/huhang?sslmode=require",
		"verify-ca":   "postgres://app:Own-pass-123@db:5432/huhang?sslmode=verify-ca",
		"unix socket": "postgres://app@/huhang?host=/var/run/postgresql",
	} {
		if _, err := Load(envOf(productionEnv(map[string]string{"HUHANG_DATABASE_URL": url}))); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	insecure := productionEnv(map[string]string{"HUHANG_DATABASE_URL": "postgres://app:Own-pass-123@postgres:5432/huhang?sslmode=disable", "HUHANG_DATABASE_INSECURE": "1"})
	if cfg, err := Load(envOf(insecure)); err != nil || !cfg.DatabaseInsecure {
		t.Fatalf("HUHANG_DATABASE_INSECURE=1 must allow a plain connection on purpose: %v", err)
	}
}

func TestProductionRefusesEachProblemAndNamesThemAllAtOnce(t *testing.T) {
	cases := map[string]struct {
		env  map[string]string
		want string
	}{
		"default credentials":  {map[string]string{"HUHANG_DATABASE_URL": "postgres://huhang:huhang@db:5432/huhang?sslmode=require"}, "default database credentials"},
		"default url":          {map[string]string{"HUHANG_DATABASE_URL": ""}, "default database credentials"},
		"user as password":     {map[string]string{"HUHANG_DATABASE_URL": "postgres://app:app@db:5432/huhang?sslmode=require"}, "default database credentials"},
		"sslmode disable":      {map[string]string{"HUHANG_DATABASE_URL": "postgres://app:Own-pass-123@db:5432/huhang?sslmode=disable"}, "sslmode=disable"},
		"no sslmode":           {map[string]string{"HUHANG_DATABASE_URL": "postgres://app:Own-pass-123@db:5432/huhang"}, "no sslmode"},
		"sslmode prefer":       {map[string]string{"HUHANG_DATABASE_URL": "postgres://app:Own-pass-123@db:5432/huhang?sslmode=prefer"}, "sslmode=prefer"},
		"insecure 0":           {map[string]string{"HUHANG_DATABASE_URL": "postgres://app:Own-pass-123@db:5432/huhang?sslmode=disable", "HUHANG_DATABASE_INSECURE": "0"}, "HUHANG_DATABASE_INSECURE=1"},
		"jwt raw text":         {map[string]string{"HUHANG_JWT_KEY": "this-is-my-long-production-secret-key"}, "HUHANG_JWT_KEY must be 32 random bytes"},
		"jwt one byte":         {map[string]string{"HUHANG_JWT_KEY": strings.Repeat("k", 64)}, "HUHANG_JWT_KEY must be 32 random bytes"},
		"jwt repeated byte":    {map[string]string{"HUHANG_JWT_KEY": strings.Repeat("00", 32)}, "HUHANG_JWT_KEY is one byte repeated"},
		"jwt short key":        {map[string]string{"HUHANG_JWT_KEY": testJWTHex[:32]}, "HUHANG_JWT_KEY must be 32 random bytes"},
		"jwt long key":         {map[string]string{"HUHANG_JWT_KEY": testJWTHex + "00"}, "HUHANG_JWT_KEY must be 32 random bytes"},
		"jwt pattern":          {map[string]string{"HUHANG_JWT_KEY": strings.Repeat("deadbeef", 8)}, "repeats a 4-byte pattern"},
		"jwt counting":         {map[string]string{"HUHANG_JWT_KEY": "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"}, "counts up"},
		"jwt text as base64":   {map[string]string{"HUHANG_JWT_KEY": base64.StdEncoding.EncodeToString([]byte("correct horse battery staple 123"))}, "printable text"},
		"jwt previous weak":    {map[string]string{"HUHANG_JWT_PREVIOUS_KEYS": testPIIHex + "," + strings.Repeat("ab", 32)}, "HUHANG_JWT_PREVIOUS_KEYS is one byte repeated"},
		"pii repeated":         {map[string]string{"HUHANG_PII_KEY": strings.Repeat("abcd", 16)}, "HUHANG_PII_KEY repeats a 2-byte pattern"},
		"pii few values":       {map[string]string{"HUHANG_PII_KEY": "0001020300010203000102030001020300010203000102030001020301020300"}, "HUHANG_PII_KEY has only 4 distinct"},
		"metrics on http addr": {map[string]string{"HUHANG_METRICS_ADDR": ":8080"}, "HUHANG_METRICS_ADDR must differ"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Load(envOf(productionEnv(tc.env)))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("want a refusal saying %q, got %v", tc.want, err)
			}
		})
	}
	// The same values are fine in development, where demo and test keys live.
	for _, name := range []string{"default credentials", "sslmode disable", "jwt repeated byte", "pii repeated", "jwt raw text"} {
		env := productionEnv(cases[name].env)
		env["HUHANG_ENV"] = "dev"
		if _, err := Load(envOf(env)); err != nil {
			t.Errorf("dev must accept %s: %v", name, err)
		}
	}
	_, err := Load(envOf(map[string]string{"HUHANG_ENV": "production", "HUHANG_JWT_KEY": strings.Repeat("00", 32), "HUHANG_PII_KEY": strings.Repeat("ab", 32)}))
	for _, want := range []string{"default database credentials", "sslmode=disable", "HUHANG_JWT_KEY", "HUHANG_PII_KEY"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("one refusal must name every problem; %q missing from %v", want, err)
		}
	}
}

func TestNotRandomAcceptsRealKeys(t *testing.T) {
	for _, h := range []string{testJWTHex, testPIIHex} {
		key, _ := hex.DecodeString(h)
		if why := notRandom(key); why != "" {
			t.Errorf("%s judged not random: %s", h, why)
		}
	}
}

func TestDBMaxConns(t *testing.T) {
	cfg, err := Load(envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if want := max(10, 4*runtime.NumCPU()); cfg.DBMaxConns != want || cfg.DBMaxConns < 10 {
		t.Fatalf("default pool size %d, want %d (4 per core, at least 10)", cfg.DBMaxConns, want)
	}
	for v, want := range map[string]int{"1": 1, "64": 64, "1000": 1000} {
		cfg, err := Load(envOf(map[string]string{"HUHANG_DB_MAX_CONNS": v}))
		if err != nil || cfg.DBMaxConns != want {
			t.Errorf("HUHANG_DB_MAX_CONNS=%s: %d %v", v, cfg.DBMaxConns, err)
		}
	}
	for _, v := range []string{"0", "-1", "1001", "ten", "4.5"} {
		if _, err := Load(envOf(map[string]string{"HUHANG_DB_MAX_CONNS": v})); err == nil || !strings.Contains(err.Error(), "HUHANG_DB_MAX_CONNS") {
			t.Errorf("HUHANG_DB_MAX_CONNS=%s must be refused, got %v", v, err)
		}
	}
}
