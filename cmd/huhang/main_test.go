package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"huhang/internal/platform/pgtest"
	"huhang/internal/platform/redistest"
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
	for _, cmd := range []string{"serve", "worker", "migrate", "seed demo", "user create", "calendar load"} {
		if !strings.Contains(out, cmd) {
			t.Errorf("help does not describe %q", cmd)
		}
	}
	for _, cmd := range [][]string{{"serve", "--help"}, {"worker", "--help"}, {"migrate", "--help"}, {"seed", "--help"}, {"user", "create", "--help"}, {"calendar", "--help"}} {
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
	env := map[string]string{
		"HUHANG_DATABASE_URL": db.URL,
		"HUHANG_REDIS_PREFIX": rdb.Prefix(),
		"HUHANG_HTTP_ADDR":    addr,
		"HUHANG_JWT_KEY":      strings.Repeat("j", 32),
		"HUHANG_PII_KEY":      strings.Repeat("0f", 32),
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
