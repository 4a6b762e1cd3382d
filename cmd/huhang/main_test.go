package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/inspections"
	"huhang/internal/platform/pgtest"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/redistest"
	"huhang/internal/seed"
	"huhang/internal/seed/scale"
)

func envFrom(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func runCLI(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, envFrom(env), &out, &errOut)
	return out.String() + errOut.String(), err
}

func TestHelp(t *testing.T) {
	t.Parallel()
	out, err := runCLI(t, nil, "--help")
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("--help: %v", err)
	}
	for _, cmd := range []string{"serve", "worker", "migrate", "seed demo", "seed scale", "user create", "calendar load", "ledger verify"} {
		if !strings.Contains(out, cmd) {
			t.Errorf("help does not describe %q", cmd)
		}
	}
	for _, cmd := range [][]string{{"serve", "--help"}, {"worker", "--help"}, {"migrate", "--help"}, {"seed", "--help"}, {"seed", "scale", "--help"}, {"user", "create", "--help"}, {"calendar", "--help"}, {"ledger", "verify", "--help"}, {"stats", "refresh", "--help"}} {
		out, err := runCLI(t, nil, cmd...)
		if !errors.Is(err, flag.ErrHelp) || !strings.Contains(out, "Usage: huhang "+cmd[0]) {
			t.Errorf("%v: %v %q", cmd, err, out)
		}
	}
	if _, err := runCLI(t, nil, "fly"); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Fatalf("unknown command: %v", err)
	}
}

func TestProductionRefusesToStartWithoutSecrets(t *testing.T) {
	t.Parallel()
	for _, cmd := range []string{"serve", "worker"} {
		_, err := runCLI(t, map[string]string{"HUHANG_ENV": "production"}, cmd)
		if err == nil || !strings.Contains(err.Error(), "HUHANG_JWT_KEY") || !strings.Contains(err.Error(), "HUHANG_PII_KEY") {
			t.Fatalf("%s: want a clear missing-secret error, got %v", cmd, err)
		}
	}
}

// Keys drawn once from crypto/rand for these tests.
const (
	prodJWTKey = "9f2c4b7e01d38a56c4e9b2f70a1d6e3895c7f40b2ea8d61c3f9057be24a1d8c6"
	prodPIIKey = "3b8e1f6a92c05d47e8a1b3c96f2d704e51a8c3f7092be6d4a17c58e30f9b2d61"
)

// TestProductionRefusesSeedDemo: the demo's published password must never
// reach a production database. The refusal comes before any connection, so
// a real, migrated database stays empty, and it comes even when the rest of
// the configuration is sound.
func TestProductionRefusesSeedDemo(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	env := map[string]string{"HUHANG_ENV": "production", "HUHANG_DATABASE_URL": db.URL, "HUHANG_DATABASE_INSECURE": "1",
		"HUHANG_JWT_KEY": prodJWTKey, "HUHANG_PII_KEY": prodPIIKey}
	_, err := runCLI(t, env, "seed", "demo")
	if !errors.Is(err, seed.ErrRefusedInProduction) || !strings.Contains(err.Error(), "seed demo is refused") {
		t.Fatalf("want the seed refused, got %v", err)
	}
	// The test database uses the development credentials, named in the same message.
	if !strings.Contains(err.Error(), "default database credentials") {
		t.Fatalf("every problem at once: %v", err)
	}
	var rows int
	if err := db.Pool.QueryRow(context.Background(),
		`SELECT (SELECT count(*) FROM orgs) + (SELECT count(*) FROM users) + (SELECT count(*) FROM plans) + (SELECT count(*) FROM students) + (SELECT count(*) FROM audit_events)`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 0 {
		t.Fatalf("a refused seed created %d rows", rows)
	}

	// A flawless production configuration pointing at a port nobody serves:
	// had the command tried to connect, the error would say so.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	env["HUHANG_DATABASE_URL"] = "postgres://app:Own-db-pass-123@" + addr + "/huhang?sslmode=verify-full"
	delete(env, "HUHANG_DATABASE_INSECURE")
	_, err = runCLI(t, env, "seed", "demo")
	if !errors.Is(err, seed.ErrRefusedInProduction) || strings.Contains(err.Error(), "connect") || strings.Contains(err.Error(), "config:") {
		t.Fatalf("want only the refusal, before connecting: %v", err)
	}
}

// TestProductionRefusesSeedScale: a generated province publishes its
// password too; production refuses it before connecting, like the demo.
func TestProductionRefusesSeedScale(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	env := map[string]string{"HUHANG_ENV": "production", "HUHANG_DATABASE_URL": db.URL, "HUHANG_DATABASE_INSECURE": "1",
		"HUHANG_JWT_KEY": prodJWTKey, "HUHANG_PII_KEY": prodPIIKey}
	_, err := runCLI(t, env, "seed", "scale", "--students", "200", "--days", "1")
	if !errors.Is(err, scale.ErrRefusedInProduction) || !strings.Contains(err.Error(), "seed scale is refused") {
		t.Fatalf("want the generator refused, got %v", err)
	}
	var rows int
	if err := db.Pool.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM orgs) + (SELECT count(*) FROM users)`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 0 {
		t.Fatalf("a refused generator created %d rows", rows)
	}
}

// TestSeedScale generates a small province through the CLI, and refuses a
// second one into the same database.
func TestSeedScale(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	env := map[string]string{"HUHANG_DATABASE_URL": db.URL,
		"HUHANG_JWT_KEY": "cli-test-jwt-key-0123456789abcdef0123", "HUHANG_PII_KEY": strings.Repeat("ab", 32)}
	out, err := runCLI(t, env, "seed", "scale", "--students", "300", "--days", "2", "--seed", "7")
	if err != nil || !strings.Contains(out, "duty_checkins") || !strings.Contains(out, scale.Password) {
		t.Fatalf("seed scale: %v\n%s", err, out)
	}
	var students, bureaus int
	if err := db.Pool.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM students),
		(SELECT count(*) FROM users WHERE username = 'b511902')`).Scan(&students, &bureaus); err != nil || students != 300 || bureaus != 1 {
		t.Fatalf("%d students, %d auditor b511902 (%v)", students, bureaus, err)
	}
	if _, err := runCLI(t, env, "seed", "scale", "--students", "300"); !errors.Is(err, scale.ErrNotEmpty) {
		t.Fatalf("a second province: %v", err)
	}
	if _, err := runCLI(t, env, "seed", "scale", "--students", "5"); err == nil || !strings.Contains(err.Error(), "students must be between") {
		t.Fatalf("too few students: %v", err)
	}
}

// TestProductionStartNamesEveryProblem: serve in production with the
// development defaults names every refusal in one message.
func TestProductionStartNamesEveryProblem(t *testing.T) {
	t.Parallel()
	_, err := runCLI(t, map[string]string{"HUHANG_ENV": "production", "HUHANG_JWT_KEY": strings.Repeat("00", 32)}, "serve")
	for _, want := range []string{"default database credentials", "sslmode=disable", "HUHANG_DATABASE_INSECURE=1",
		"HUHANG_JWT_KEY is one byte repeated", "missing secret HUHANG_PII_KEY"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in %v", want, err)
		}
	}
	// migrate needs no keys, but the database checks apply to it too.
	_, err = runCLI(t, map[string]string{"HUHANG_ENV": "production"}, "migrate", "up")
	if err == nil || !strings.Contains(err.Error(), "default database credentials") || strings.Contains(err.Error(), "HUHANG_PII_KEY") {
		t.Errorf("migrate: %v", err)
	}
}

// TestLedgerVerifyCommand: the operator's check of the inspection ledger
// passes on an intact chain, printing the heads, and exits with an error
// naming the row a superuser rewrote behind the application's back.
func TestLedgerVerifyCommand(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	env := map[string]string{"HUHANG_DATABASE_URL": db.URL}
	ctx := context.Background()
	ledger := uuid.New()
	var head []byte
	for i := range 3 {
		if err := postgres.InTx(ctx, db.Pool, func(tx pgx.Tx) error {
			a, err := inspections.AppendLedger(ctx, tx, inspections.Entry{LedgerID: ledger, Kind: "finding.record", SubjectType: "finding",
				SubjectID: uuid.New(), Data: map[string]any{"description": fmt.Sprint("问题 ", i)}}, time.Now())
			head = a.Hash
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	out, err := runCLI(t, env, "ledger", "verify")
	if err != nil || !strings.Contains(out, "ok: 3 row(s) in 1 ledger(s)") || !strings.Contains(out, ledger.String()+" "+hex.EncodeToString(head)) {
		t.Fatalf("intact ledger: %v %s", err, out)
	}
	if _, err := runCLI(t, env, "ledger", "verify", "--ledger", "campaign-1"); err == nil || !strings.Contains(err.Error(), "--ledger") {
		t.Fatalf("a bad ledger id: %v", err)
	}
	super := pgtest.Superuser(t, db)
	if _, err := super.Exec(ctx, `SET session_replication_role = replica`); err != nil {
		t.Fatal(err)
	}
	if _, err := super.Exec(ctx, `UPDATE ledger_entries SET content = replace(content, '问题 1', '无问题') WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	out, err = runCLI(t, env, "ledger", "verify", "--ledger", ledger.String())
	if !errors.Is(err, ErrLedgerBroken) || !strings.Contains(out, "ledger "+ledger.String()+" row 2") {
		t.Fatalf("tampered ledger: %v %s", err, out)
	}
}

func TestMigrateSeedAndUserCreate(t *testing.T) {
	t.Parallel()
	db := pgtest.NewEmpty(t)
	env := map[string]string{"HUHANG_DATABASE_URL": db.URL,
		"HUHANG_JWT_KEY": "cli-test-jwt-key-0123456789abcdef0123", "HUHANG_PII_KEY": strings.Repeat("ab", 32),
		"HUHANG_FILES_DIR": t.TempDir()} // the seed stores the demo's consent scans
	out, err := runCLI(t, env, "migrate", "up")
	if err != nil || !strings.Contains(out, "applied") {
		t.Fatalf("migrate up: %v %s", err, out)
	}
	out, err = runCLI(t, env, "migrate", "up")
	if err != nil || !strings.Contains(out, "nothing applied") {
		t.Fatalf("second migrate up must be a no-op: %v %s", err, out)
	}
	out, err = runCLI(t, env, "migrate", "status")
	if err != nil || strings.Contains(out, "pending") || !strings.Contains(out, "applied") {
		t.Fatalf("status: %v %s", err, out)
	}
	out, err = runCLI(t, env, "seed", "demo")
	if err != nil || !strings.Contains(out, "admin") {
		t.Fatalf("seed: %v %s", err, out)
	}
	_, err = runCLI(t, env, "user", "create", "--username", "ops", "--password", "weak", "--role", "platform_admin")
	if err == nil || !strings.Contains(err.Error(), "password") {
		t.Fatalf("weak password must be refused naming the field: %v", err)
	}
	out, err = runCLI(t, env, "user", "create", "--username", "ops", "--password", "Operations-2026", "--role", "platform_admin")
	if err != nil || !strings.Contains(out, "created user ops") {
		t.Fatalf("user create: %v %s", err, out)
	}
}

func TestServeShutsDownGracefully(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	rdb := redistest.New(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ln, err = net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := ln.Addr().String()
	ln.Close()
	env := map[string]string{
		"HUHANG_DATABASE_URL": db.URL,
		"HUHANG_REDIS_PREFIX": rdb.Prefix(),
		"HUHANG_HTTP_ADDR":    addr,
		"HUHANG_JWT_KEY":      strings.Repeat("j", 32),
		"HUHANG_PII_KEY":      strings.Repeat("0f", 32),
		"HUHANG_METRICS_ADDR": metricsAddr,
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "--with-worker"}, envFrom(env), &out, &errOut) }()

	url := fmt.Sprintf("http://%s/readyz", addr)
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server never became ready: %v\n%s", err, errOut.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	// With HUHANG_METRICS_ADDR the scraper reads its own listener and the
	// public one does not serve metrics at all.
	resp, err := http.Get(fmt.Sprintf("http://%s/metrics", metricsAddr))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "huhang_db_pool_max_connections") {
		t.Fatalf("metrics listener: %d", resp.StatusCode)
	}
	if resp, err := http.Get(fmt.Sprintf("http://%s/metrics", addr)); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Fatalf("the API listener must not serve metrics: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	cancel() // what SIGTERM does through signal.NotifyContext
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(25 * time.Second):
		t.Fatal("serve did not shut down")
	}
	if !strings.Contains(errOut.String(), "shutting down") {
		t.Fatalf("shutdown not logged: %s", errOut.String())
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestStatsRefreshCommand: after a bulk load the operator summarises the
// dashboards at once; a second run finds nothing left to do.
func TestStatsRefreshCommand(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	env := map[string]string{"HUHANG_DATABASE_URL": db.URL, "HUHANG_JWT_KEY": "cli-test-jwt-key-0123456789abcdef0123",
		"HUHANG_PII_KEY": strings.Repeat("ab", 32)}
	if _, err := db.Pool.Exec(context.Background(), `INSERT INTO orgs (id, kind, name, division_code)
		VALUES (gen_random_uuid(), 'school', '测试职业学校', '511921')`); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, env, "stats", "refresh")
	if err != nil || !strings.Contains(out, "stats: 1 unit(s)") {
		t.Fatalf("first refresh: %v %s", err, out)
	}
	if out, err = runCLI(t, env, "stats", "refresh"); err != nil || !strings.Contains(out, "stats: 0 unit(s)") {
		t.Fatalf("second refresh: %v %s", err, out)
	}
	if _, err := runCLI(t, env, "stats"); err == nil || !strings.Contains(err.Error(), "refresh") {
		t.Fatalf("stats without refresh: %v", err)
	}
}
