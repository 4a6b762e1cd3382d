// Package postgres opens the pgx pool, owns transactions and translates driver
// errors into apperr kinds once, so stores do not each reinvent it.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/platform/apperr"
)

// DBTX is what stores need: a pool or a transaction.
type DBTX interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Open connects a pool and checks that the server answers.
func Open(ctx context.Context, databaseURL string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse url: %w", err)
	}
	// Every session works in UTC; the business day is computed by clock, not by the server.
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	cfg.ConnConfig.RuntimeParams["application_name"] = "huhang"
	cfg.HealthCheckPeriod = 15 * time.Second
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: cannot reach %s: %w (is PostgreSQL running? `bash deploy/services.sh` starts it)", cfg.ConnConfig.Host, err)
	}
	return pool, nil
}

// TxBeginner is satisfied by *pgxpool.Pool and pgx.Tx (nested: a savepoint).
type TxBeginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// InTx runs fn in one transaction: commit when fn returns nil, roll back
// otherwise (also on panic, which is re-raised).
func InTx(ctx context.Context, db TxBeginner, fn func(tx pgx.Tx) error) (err error) {
	tx, err := db.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback(context.WithoutCancel(ctx))
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: commit: %w", err)
	}
	return nil
}

// PostgreSQL error codes the translation cares about.
const (
	codeUniqueViolation     = "23505"
	codeForeignKeyViolation = "23503"
	codeCheckViolation      = "23514"
	codeNotNullViolation    = "23502"
)

// Translate maps driver errors to apperr kinds and wraps everything else with
// context. what names the operation ("plans: get 0190…") for the logs.
func Translate(err error, what string) error {
	if err == nil {
		return nil
	}
	if apperr.As(err) != nil {
		return err
	}
	if errors.Is(err, pgx.ErrNoRows) {
		e := apperr.NotFound("")
		e.Cause = fmt.Errorf("%s: %w", what, err)
		return e
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		var e *apperr.Error
		switch pgErr.Code {
		case codeUniqueViolation:
			e = apperr.Conflict("ALREADY_EXISTS", "记录已存在")
		case codeForeignKeyViolation:
			e = apperr.Invalid("引用的记录不存在")
		case codeCheckViolation, codeNotNullViolation:
			e = apperr.Invalid("数据不符合要求")
		}
		if e != nil {
			e.Cause = fmt.Errorf("%s: %s (%s): %w", what, pgErr.ConstraintName, pgErr.Code, err)
			return e
		}
	}
	return fmt.Errorf("%s: %w", what, err)
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// LikeEscape makes s match itself literally inside a LIKE or ILIKE pattern
// (whose default escape character is the backslash), so a search for "100%"
// or "a_b" finds exactly that, not everything.
func LikeEscape(s string) string { return likeEscaper.Replace(s) }
