// Package pgtest gives each test its own PostgreSQL database, cloned from a
// migrated template, so tests run in parallel without seeing each other.
package pgtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/platform/config"
	"huhang/internal/platform/postgres"
	"huhang/migrations"
)

// templateLockID serialises template creation across test processes: `go
// test ./...` runs packages in parallel, each in its own process.
const templateLockID = 0x68757470 // "hutp"

const howToStart = "PostgreSQL is needed for this test and cannot be reached at %s: %v\n" +
	"Start it with `bash deploy/services.sh` (or `make test`, which runs it), " +
	"or point HUHANG_TEST_DATABASE_URL at a server where this role may CREATE DATABASE."

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// AdminURL is the database the helpers connect to in order to create others.
func AdminURL() string {
	for _, key := range []string{"HUHANG_TEST_DATABASE_URL", "HUHANG_DATABASE_URL"} {
		if v := os.Getenv(key); v != "" {
			return v
		}
	}
	return config.DefaultDatabaseURL
}

// DB is one test's database.
type DB struct {
	Pool *pgxpool.Pool
	URL  string
	Name string
}

// New clones the migrated template into a fresh database, dropped when the test ends.
func New(t testing.TB) *DB {
	t.Helper()
	requireTemplate(t)
	return create(t, templateName)
}

func requireTemplate(t testing.TB) {
	t.Helper()
	templateOnce.Do(func() { templateName, templateErr = ensureTemplate() })
	if templateErr != nil {
		var unreachable *unreachableError
		if errors.As(templateErr, &unreachable) {
			t.Fatalf(howToStart, redacted(AdminURL()), unreachable.err)
		}
		t.Fatalf("pgtest: cannot build the migrated template: %v", templateErr)
	}
}

var (
	seededOnce sync.Once
	seededName string
	seededErr  error
)

// NewSeeded clones a template that holds the migrated schema plus what seed
// wrote, so tests that need a populated database pay for seeding (password
// hashing above all) once per test process, not once per test. The seeded
// template lives as long as the process; ensureTemplate drops those of
// earlier runs. A process may use only one seed function.
func NewSeeded(t testing.TB, seed func(ctx context.Context, pool *pgxpool.Pool) error) *DB {
	t.Helper()
	requireTemplate(t)
	seededOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		seededName = fmt.Sprintf("huhang_seed_%d_%s", time.Now().Unix(), randomHex(4))
		db, drop, err := cloneAs(ctx, templateName, seededName)
		if err != nil {
			seededErr = err
			return
		}
		if err := seed(ctx, db.Pool); err != nil {
			seededErr = fmt.Errorf("seed: %w", err)
			_ = drop()
			return
		}
		db.Pool.Close() // a template must have no connections while it is copied
	})
	if seededErr != nil {
		t.Fatalf("pgtest: cannot build the seeded template: %v", seededErr)
	}
	return create(t, seededName)
}

// NewEmpty creates a database with no schema at all, for migration tests.
func NewEmpty(t testing.TB) *DB {
	t.Helper()
	return create(t, "template0")
}

func create(t testing.TB, template string) *DB {
	t.Helper()
	db, drop, err := clone(context.Background(), template)
	if err != nil {
		t.Fatalf(howToStart, redacted(AdminURL()), err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Logf("pgtest: %v", err)
		}
	})
	return db
}

// clone creates a database from template and returns it with the function
// that drops it again.
func clone(ctx context.Context, template string) (*DB, func() error, error) {
	return cloneAs(ctx, template, "huhang_t_"+randomHex(6))
}

// cloneAs is clone with a chosen name.
func cloneAs(ctx context.Context, template, name string) (*DB, func() error, error) {
	admin, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		return nil, nil, err
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s`, name, template)); err != nil {
		return nil, nil, fmt.Errorf("create database from %s: %w", template, err)
	}
	// A throwaway database need not wait for each commit to reach the disk:
	// most of a test's time was that wait. Transactions stay atomic and
	// isolated; only a crash of the server could lose the last commits.
	if _, err := admin.Exec(ctx, fmt.Sprintf(`ALTER DATABASE %s SET synchronous_commit = off`, name)); err != nil {
		return nil, nil, fmt.Errorf("configure %s: %w", name, err)
	}
	dbURL := withDatabase(AdminURL(), name)
	pool, err := postgres.Open(ctx, dbURL)
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", name, err)
	}
	drop := func() error {
		pool.Close()
		dropCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(dropCtx, AdminURL())
		if err != nil {
			return fmt.Errorf("cannot drop %s: %w", name, err)
		}
		defer conn.Close(dropCtx)
		if _, err := conn.Exec(dropCtx, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name)); err != nil {
			return fmt.Errorf("drop %s: %w", name, err)
		}
		return nil
	}
	return &DB{Pool: pool, URL: dbURL, Name: name}, drop, nil
}

// unreachableError marks a failure to connect, as opposed to a broken migration.
type unreachableError struct{ err error }

func (e *unreachableError) Error() string { return e.err.Error() }

// ensureTemplate builds the migrated template once per schema: its name
// carries a hash of the migrations, so a changed migration gets a new one.
func ensureTemplate() (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	hash, err := migrationsHash(migrations.FS)
	if err != nil {
		return "", err
	}
	prefix := "huhang_tpl_" + hash + "_"
	admin, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		return "", &unreachableError{err}
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, `SELECT pg_advisory_lock($1)`, templateLockID); err != nil {
		return "", fmt.Errorf("pgtest: lock: %w", err)
	}
	defer admin.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, templateLockID) //nolint:errcheck
	rows, err := admin.Query(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'huhang\_tpl\_%' AND datname NOT LIKE '%\_wip'`)
	if err != nil {
		return "", fmt.Errorf("pgtest: look up template: %w", err)
	}
	templates, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", err
	}
	// Another checkout of the project (a second work tree, a branch) may be
	// testing another schema at this moment: its template is dropped only
	// once it is older than any test run, never while in use.
	cutoff := time.Now().Add(-time.Hour).Unix()
	found := ""
	for _, t := range templates {
		if strings.HasPrefix(t, prefix) {
			found = t
			continue
		}
		var ts int64
		if i := strings.LastIndexByte(t, '_'); i > 0 {
			ts, _ = strconv.ParseInt(t[i+1:], 10, 64)
		}
		if ts < cutoff {
			_, _ = admin.Exec(ctx, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, t))
		}
	}
	dropStaleSeeded(ctx, admin)
	if found != "" {
		return found, nil
	}
	name := fmt.Sprintf("%s%d", prefix, time.Now().Unix())
	building := name + "_wip"
	_, _ = admin.Exec(ctx, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, building))
	if _, err := admin.Exec(ctx, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE template0`, building)); err != nil {
		return "", fmt.Errorf("pgtest: create template: %w", err)
	}
	if _, err := postgres.Migrate(ctx, withDatabase(AdminURL(), building), migrations.FS, nil); err != nil {
		return "", fmt.Errorf("pgtest: migrate template: %w", err)
	}
	// Renamed only when complete, so a crash mid-migration never leaves a half-built template behind the final name.
	if _, err := admin.Exec(ctx, fmt.Sprintf(`ALTER DATABASE %s RENAME TO %s`, building, name)); err != nil {
		return "", fmt.Errorf("pgtest: rename template: %w", err)
	}
	return name, nil
}

// dropStaleSeeded removes seeded templates of test runs that ended long ago
// (their processes cannot drop them; an hour is far longer than any run).
func dropStaleSeeded(ctx context.Context, admin *pgx.Conn) {
	rows, err := admin.Query(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'huhang\_seed\_%'`)
	if err != nil {
		return
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return
	}
	cutoff := time.Now().Add(-time.Hour).Unix()
	for _, n := range names {
		var ts int64
		if _, err := fmt.Sscanf(n, "huhang_seed_%d_", &ts); err == nil && ts < cutoff {
			_, _ = admin.Exec(ctx, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, n))
		}
	}
}

func migrationsHash(fsys fs.FS) (string, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return "", err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

func withDatabase(raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Path = "/" + name
	return u.String()
}

func redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// SuperuserURL is a superuser's connection to the server of AdminURL:
// HUHANG_TEST_SUPERUSER_URL, or the admin URL as the role postgres without
// a password (the trust setup of a development machine and CI).
func SuperuserURL() string {
	if v := os.Getenv("HUHANG_TEST_SUPERUSER_URL"); v != "" {
		return v
	}
	u, err := url.Parse(AdminURL())
	if err != nil {
		return AdminURL()
	}
	u.User = url.User("postgres")
	return u.String()
}

// Superuser connects to db as a superuser, for tests that must act behind
// the application's back (as an intruder with the server's keys would). It
// fails the test when no superuser is reachable: such a test proves nothing
// by being skipped.
func Superuser(t testing.TB, db *DB) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, withDatabase(SuperuserURL(), db.Name))
	if err != nil {
		t.Fatalf("pgtest: this test needs a superuser of the test server (%s): %v\n"+
			"Set HUHANG_TEST_SUPERUSER_URL to one.", redacted(SuperuserURL()), err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	var super bool
	if err := conn.QueryRow(ctx, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`).Scan(&super); err != nil || !super {
		t.Fatalf("pgtest: %s is not a superuser (%v)", redacted(SuperuserURL()), err)
	}
	return conn
}
