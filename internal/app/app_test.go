package app_test

import (
	"context"
	"strings"
	"testing"

	"huhang/internal/app"
	"huhang/internal/auth"
	"huhang/internal/files"
	"huhang/internal/platform/config"
	"huhang/internal/platform/pgtest"
	"huhang/internal/platform/redistest"
	"huhang/internal/testapp"
)

func TestBuildWiresEveryServiceOnce(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	keys, err := auth.NewKeyring(testapp.TestJWTKey)
	if err != nil {
		t.Fatal(err)
	}
	full := app.Deps{Pool: db.Pool, Redis: redistest.New(t), Keys: keys, PII: testapp.MustPII(t), Storage: files.LocalDir{Root: t.TempDir()}}
	s, err := app.Build(full)
	if err != nil {
		t.Fatal(err)
	}
	if s.Auth == nil || s.Orgs == nil || s.Plans == nil || s.Students == nil || s.Files == nil || s.Placements == nil || s.Clock == nil || s.Logger == nil {
		t.Fatalf("a service is missing: %+v", s)
	}
	var names []string
	for _, j := range s.Jobs() {
		names = append(names, j.Name)
	}
	if got := strings.Join(names, ","); got != "calendar-coverage,stale-uploads,plan-lifecycle,placement-lifecycle,alert-scan,alert-escalation,stats-refresh,alert-outbox-prune" {
		t.Fatalf("worker jobs %s", got)
	}
	if s.Alerts == nil || s.Stats == nil {
		t.Fatal("no alerts or stats service")
	}
	// Tools that sign nobody in get no Auth, and need neither Redis nor keys.
	tool := full
	tool.Redis, tool.Keys = nil, nil
	if s, err := app.Build(tool); err != nil || s.Auth != nil || s.Placements == nil {
		t.Fatalf("tool services: %v", err)
	}

	// Every missing dependency is named, none is silently nil.
	_, err = app.Build(app.Deps{Pool: db.Pool, Redis: full.Redis})
	for _, want := range []string{"a PII keyring", "a file storage", "both Redis and the JWT keyring"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q named: %v", want, err)
		}
	}
}

func TestOpenSizesThePoolFromConfig(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	cfg, err := config.LoadWithSecrets(func(k string) string {
		return map[string]string{"HUHANG_DATABASE_URL": db.URL, "HUHANG_DB_MAX_CONNS": "13", "HUHANG_FILES_DIR": t.TempDir(),
			"HUHANG_JWT_KEY": strings.Repeat("ab", 32), "HUHANG_PII_KEY": strings.Repeat("cd", 32)}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(context.Background(), cfg, app.NeedDatabase, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if got := a.Pool.Stat().MaxConns(); got != 13 {
		t.Fatalf("pool max %d, want HUHANG_DB_MAX_CONNS=13", got)
	}
	if a.Auth != nil || a.Redis != nil {
		t.Fatal("a database-only app opens no Redis")
	}
}
