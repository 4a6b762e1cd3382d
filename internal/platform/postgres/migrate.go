package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"log/slog"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver goose needs
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrationLockID keys the advisory lock that serialises concurrent
// `huhang migrate up` runs (several replicas starting at once).
const migrationLockID = 0x68756875 // "huhu"

// MigrationState is one migration and whether it has been applied.
type MigrationState struct {
	Version int64
	Name    string
	Applied bool
}

// Migrate applies every pending migration in migrations under a PostgreSQL
// session advisory lock and returns the versions it applied (none when the
// schema is current).
func Migrate(ctx context.Context, databaseURL string, migrations fs.FS, logger *slog.Logger) ([]int64, error) {
	provider, db, err := newProvider(databaseURL, migrations)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	results, err := provider.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: migrate up: %w", err)
	}
	applied := make([]int64, 0, len(results))
	for _, r := range results {
		applied = append(applied, r.Source.Version)
		if logger != nil {
			logger.Info("migration applied", "version", r.Source.Version, "path", r.Source.Path, "duration", r.Duration)
		}
	}
	return applied, nil
}

// MigrationStatus lists every known migration with its state.
func MigrationStatus(ctx context.Context, databaseURL string, migrations fs.FS) ([]MigrationState, error) {
	provider, db, err := newProvider(databaseURL, migrations)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	status, err := provider.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: migrate status: %w", err)
	}
	out := make([]MigrationState, 0, len(status))
	for _, s := range status {
		out = append(out, MigrationState{Version: s.Source.Version, Name: s.Source.Path, Applied: s.State == goose.StateApplied})
	}
	return out, nil
}

func newProvider(databaseURL string, migrations fs.FS) (*goose.Provider, *sql.DB, error) {
	db, err := sql.Open("pgx", databaseURL)
	if err != nil {
		return nil, nil, fmt.Errorf("postgres: open for migrate: %w", err)
	}
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(migrationLockID))
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("postgres: migrate locker: %w", err)
	}
	provider, err := goose.NewProvider(goose.DialectPostgres, db, migrations,
		goose.WithSessionLocker(locker),
		goose.WithDisableGlobalRegistry(true),
		goose.WithLogger(goose.NopLogger()),
	)
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("postgres: migrate provider: %w", err)
	}
	return provider, db, nil
}
