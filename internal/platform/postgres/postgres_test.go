package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"huhang/internal/platform/apperr"
	"huhang/internal/platform/pgtest"
	"huhang/internal/platform/postgres"
	"huhang/migrations"
)

func migrationCount(t *testing.T) int {
	entries, err := migrations.FS.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

func TestMigrateUpTwiceIsNoop(t *testing.T) {
	t.Parallel()
	db := pgtest.NewEmpty(t)
	ctx := context.Background()
	applied, err := postgres.Migrate(ctx, db.URL, migrations.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != migrationCount(t) {
		t.Fatalf("first run applied %v, want all %d", applied, migrationCount(t))
	}
	applied, err = postgres.Migrate(ctx, db.URL, migrations.FS, nil)
	if err != nil || len(applied) != 0 {
		t.Fatalf("second run applied %v (%v); want nothing", applied, err)
	}
	states, err := postgres.MigrationStatus(ctx, db.URL, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range states {
		if !s.Applied {
			t.Errorf("migration %d not applied", s.Version)
		}
	}
}

// TestConcurrentMigrations starts several migrators at once, as replicas do
// on deploy: each migration must be applied exactly once, and the result
// must equal the schema of a sequential run.
func TestConcurrentMigrations(t *testing.T) {
	t.Parallel()
	db := pgtest.NewEmpty(t)
	ctx := context.Background()
	const runners = 5
	var wg sync.WaitGroup
	results := make([][]int64, runners)
	errs := make([]error, runners)
	for i := range runners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = postgres.Migrate(ctx, db.URL, migrations.FS, nil)
		}()
	}
	wg.Wait()
	seen := map[int64]int{}
	for i := range runners {
		if errs[i] != nil {
			t.Fatalf("runner %d: %v", i, errs[i])
		}
		for _, v := range results[i] {
			seen[v]++
		}
	}
	if len(seen) != migrationCount(t) {
		t.Fatalf("applied versions %v, want %d distinct", seen, migrationCount(t))
	}
	for v, n := range seen {
		if n != 1 {
			t.Errorf("version %d applied %d times", v, n)
		}
	}
	var rows int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM goose_db_version WHERE version_id > 0`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != migrationCount(t) {
		t.Fatalf("goose_db_version has %d rows, want %d", rows, migrationCount(t))
	}
	reference := pgtest.New(t)
	if got, want := schemaOf(t, db.Pool), schemaOf(t, reference.Pool); got != want {
		t.Fatalf("concurrent schema differs from sequential:\n%s\nvs\n%s", got, want)
	}
}

func schemaOf(t *testing.T, db postgres.DBTX) string {
	t.Helper()
	rows, err := db.Query(context.Background(), `
		SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
		FROM information_schema.columns WHERE table_schema = 'public'
		UNION ALL
		SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid)
		FROM pg_constraint WHERE connamespace = 'public'::regnamespace
		UNION ALL
		SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

func TestInTx(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	if _, err := db.Pool.Exec(ctx, `CREATE TABLE things (name text PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		var n int
		if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM things`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	insert := func(tx pgx.Tx, name string) error {
		_, err := tx.Exec(ctx, `INSERT INTO things VALUES ($1)`, name)
		return postgres.Translate(err, "insert "+name)
	}

	if err := postgres.InTx(ctx, db.Pool, func(tx pgx.Tx) error { return insert(tx, "a") }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := postgres.InTx(ctx, db.Pool, func(tx pgx.Tx) error {
		if err := insert(tx, "b"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) || count() != 1 {
		t.Fatalf("error must roll back: %v, %d rows", err, count())
	}
	func() {
		defer func() { _ = recover() }()
		_ = postgres.InTx(ctx, db.Pool, func(tx pgx.Tx) error {
			_ = insert(tx, "c")
			panic("bug")
		})
	}()
	if count() != 1 {
		t.Fatalf("panic must roll back, %d rows", count())
	}

	err = postgres.InTx(ctx, db.Pool, func(tx pgx.Tx) error { return insert(tx, "a") })
	if apperr.KindOf(err) != apperr.KindConflict {
		t.Fatalf("unique violation must translate to Conflict, got %v", err)
	}
	err = postgres.Translate(db.Pool.QueryRow(ctx, `SELECT name FROM things WHERE name = 'zz'`).Scan(new(string)), "get zz")
	if apperr.KindOf(err) != apperr.KindNotFound || !strings.Contains(err.Error(), "get zz") {
		t.Fatalf("no rows must translate to NotFound with context, got %v", err)
	}
	other := fmt.Errorf("net down")
	if err := postgres.Translate(other, "ctx"); apperr.KindOf(err) != apperr.KindInternal || !errors.Is(err, other) {
		t.Fatalf("other errors stay internal and wrapped: %v", err)
	}
}

func TestLikeEscapeMatchesLiterally(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	for _, c := range []struct {
		text, search string
		want         bool
	}{
		{"达标率100%", "100%", true},
		{"达标率1000", "100%", false},
		{"a_b", "a_b", true},
		{"axb", "a_b", false},
		{`C:\dir`, `C:\`, true},
	} {
		var got bool
		if err := db.Pool.QueryRow(context.Background(), `SELECT $1 ILIKE '%' || $2 || '%'`, c.text, postgres.LikeEscape(c.search)).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%q contains %q: got %v, want %v", c.text, c.search, got, c.want)
		}
	}
}
