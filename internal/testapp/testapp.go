// Package testapp runs the whole Huhang HTTP server in tests: a database
// cloned from a migrated and demo-seeded template, a Redis prefix of its own,
// a clock the test can move, and helpers to sign in as the demo accounts.
package testapp

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/crypto/argon2"

	"huhang/internal/app"
	"huhang/internal/auth"
	"huhang/internal/files"
	"huhang/internal/orgs"
	"huhang/internal/platform/apitest"
	"huhang/internal/platform/pgtest"
	"huhang/internal/platform/pii"
	"huhang/internal/platform/redistest"
	"huhang/internal/platform/redisx"
	"huhang/internal/seed"
	"huhang/internal/server"
)

// Start is the instant every app's clock starts at: a Saturday in Shanghai.
var Start = time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)

// Clock is a clock tests move by hand.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// TestJWTKey signs the tokens of test apps.
var TestJWTKey = []byte("test-jwt-key-0123456789abcdef0123456789")

// App is one running server.
type App struct {
	t       testing.TB
	Handler *gin.Engine
	DB      *pgtest.DB
	Redis   *redisx.Client
	Clock   *Clock
	Orgs    *orgs.Service
	Keys    *auth.Keyring
	// Services are the very services the handler uses, built by internal/app.
	Services *app.Services
}

// TestPIIKey seals the ID numbers of test apps and of the demo seed in tests.
var TestPIIKey = bytes.Repeat([]byte{0x5a}, pii.KeySize)

// MustPII is the PII keyring of tests.
func MustPII(t testing.TB) *pii.Keyring {
	t.Helper()
	k, err := pii.NewKeyring(TestPIIKey)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// New starts an app on a fresh copy of the demo data.
func New(t testing.TB) *App {
	t.Helper()
	db := pgtest.NewSeeded(t, func(ctx context.Context, pool *pgxpool.Pool) error {
		if _, err := seed.Demo(ctx, pool, MustPII(t), Start, files.LocalDir{Root: t.TempDir()}); err != nil {
			return err
		}
		return cheapenDemoPasswords(ctx, pool)
	})
	rdb := redistest.New(t)
	clk := &Clock{now: Start}
	keys, err := auth.NewKeyring(TestJWTKey)
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	svc, err := app.Build(app.Deps{Pool: db.Pool, Redis: rdb, Keys: keys, PII: MustPII(t),
		Storage: files.LocalDir{Root: t.TempDir()}, Clock: clk, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	h, err := server.New(server.Deps{Pool: db.Pool, Redis: rdb, Services: svc, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	return &App{t: t, Handler: h, DB: db, Redis: rdb, Clock: clk, Orgs: svc.Orgs, Keys: keys, Services: svc}
}

// cheapenDemoPasswords stores the demo password under argon2id with the
// least cost. Tests sign in hundreds of times, and at production cost each
// check takes half a second under the race detector; VerifyPassword reads
// the cost from the stored hash, so login runs the same code. Accounts a
// test creates are hashed at production cost as always.
func cheapenDemoPasswords(ctx context.Context, pool *pgxpool.Pool) error {
	salt := []byte("huhang-test-salt")
	key := argon2.IDKey([]byte(seed.DemoPassword), salt, 1, 64, 1, 32)
	b64 := base64.RawStdEncoding
	hash := fmt.Sprintf("$argon2id$v=%d$m=64,t=1,p=1$%s$%s", argon2.Version, b64.EncodeToString(salt), b64.EncodeToString(key))
	_, err := pool.Exec(ctx, `UPDATE users SET password_hash = $1`, hash)
	return err
}

// Anonymous is a client with no credentials.
func (a *App) Anonymous() *apitest.Client { return apitest.New(a.t, a.Handler) }

// Login signs in as a demo account and returns a client carrying its access
// token and refresh cookie.
func (a *App) Login(username string) *apitest.Client {
	a.t.Helper()
	return a.LoginWith(username, seed.DemoPassword)
}

// LoginWith signs in with a given password; the test fails unless it works.
func (a *App) LoginWith(username, password string) *apitest.Client {
	a.t.Helper()
	c := a.Anonymous()
	r := c.PostJSON("/api/v1/auth/login", map[string]string{"username": username, "password": password})
	if r.Code != 200 {
		a.t.Fatalf("login %s: %d %s", username, r.Code, r.Body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	r.JSON(&tok)
	c.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	return c
}

// OrgID finds a demo organisation by name.
func (a *App) OrgID(name string) uuid.UUID {
	a.t.Helper()
	var id uuid.UUID
	if err := a.DB.Pool.QueryRow(context.Background(), `SELECT id FROM orgs WHERE name = $1`, name).Scan(&id); err != nil {
		a.t.Fatalf("org %s: %v", name, err)
	}
	return id
}

// UserID finds a user by username.
func (a *App) UserID(username string) uuid.UUID {
	a.t.Helper()
	var id uuid.UUID
	if err := a.DB.Pool.QueryRow(context.Background(), `SELECT id FROM users WHERE username = $1`, username).Scan(&id); err != nil {
		a.t.Fatalf("user %s: %v", username, err)
	}
	return id
}
