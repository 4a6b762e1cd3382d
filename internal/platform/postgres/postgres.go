// Package postgres opens the pgx pool, owns transactions and translates driver
// errors into apperr kinds once, so stores do not each reinvent it.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/puddle/v2"

	"huhang/internal/platform/apperr"
)

// DBTX is what stores need: a pool or a transaction.
type DBTX interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Open connects a pool of pgxpool's default size and checks that the
// server answers; test helpers use it.
func Open(ctx context.Context, databaseURL string) (*pgxpool.Pool, error) {
	return OpenPool(ctx, databaseURL, 0)
}

// OpenPool connects a pool of at most maxConns connections (0 keeps the
// URL's pool_max_conns or pgxpool's default) and checks that the server
// answers. The binary passes HUHANG_DB_MAX_CONNS, which wins over the URL.
func OpenPool(ctx context.Context, databaseURL string, maxConns int) (*pgxpool.Pool, error) {
	cfg, err := PoolConfig(databaseURL, maxConns)
	if err != nil {
		return nil, err
	}
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

// PoolConfig is the pool configuration OpenPool uses, without connecting,
// so a pool can also be built lazily (a server starting before its database).
func PoolConfig(databaseURL string, maxConns int) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse url: %w", err)
	}
	// Every session works in UTC; the business day is computed by clock, not by the server.
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	cfg.ConnConfig.RuntimeParams["application_name"] = "huhang"
	cfg.HealthCheckPeriod = 15 * time.Second
	if maxConns > 0 {
		cfg.MaxConns = int32(maxConns)
	}
	// A dead server must not hold a request for the operating system's
	// connect timeout: fail fast, answer 503, and let the client retry.
	if cfg.ConnConfig.ConnectTimeout == 0 || cfg.ConnConfig.ConnectTimeout > 5*time.Second {
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	return cfg, nil
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
		return Translate(err, "postgres: begin")
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
		return Translate(err, "postgres: commit")
	}
	return nil
}

// PostgreSQL error codes the translation cares about.
const (
	codeAdminShutdown       = "57P01"
	codeCrashShutdown       = "57P02"
	codeCannotConnectNow    = "57P03"
	codeTooManyConnections  = "53300"
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
	if Unreachable(err) {
		return unavailable(fmt.Errorf("%s: %w", what, err))
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

// RetryAfterSeconds is what a client is told to wait when the database is
// briefly gone: about the time a PostgreSQL restart or failover takes.
const RetryAfterSeconds = 3

// AsUnavailable is the 503 for err when err means the database is
// unreachable, else nil. The HTTP layer asks it about errors a store wrapped
// without Translate, so a restart never surfaces as a 500 anywhere.
func AsUnavailable(err error) *apperr.Error {
	if apperr.As(err) != nil || !Unreachable(err) {
		return nil
	}
	return unavailable(err)
}

func unavailable(cause error) *apperr.Error {
	e := apperr.Unavailable("数据库暂时不可用，请稍后重试")
	e.RetryAfterSeconds = RetryAfterSeconds
	e.Cause = cause
	return e
}

// Unreachable reports whether err means the database could not be reached or
// went away under the request (restart, failover, network, a pool that
// could not hand out a connection in time), rather than refusing the
// statement. Such errors are the server's state, not the request's fault,
// and deserve a 503 the client may retry.
func Unreachable(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case strings.HasPrefix(pgErr.Code, "08"), // connection exception
			pgErr.Code == codeAdminShutdown, pgErr.Code == codeCrashShutdown, pgErr.Code == codeCannotConnectNow,
			pgErr.Code == codeTooManyConnections:
			return true
		}
		return false // the server answered: the statement failed, not the link
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	switch {
	case errors.As(err, &connectErr),
		errors.Is(err, pgconn.ErrConnClosed),
		errors.Is(err, puddle.ErrClosedPool), // this process is shutting down
		// A deadline while acquiring or talking means the pool or server
		// did not answer in time; a request context cancelled by a client
		// that left is not the database's fault and stays as it is.
		errors.Is(err, context.DeadlineExceeded), pgconn.Timeout(err),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.EPIPE),
		errors.As(err, &netErr):
		return true
	}
	return false
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// LikeEscape makes s match itself literally inside a LIKE or ILIKE pattern
// (whose default escape character is the backslash), so a search for "100%"
// or "a_b" finds exactly that, not everything.
func LikeEscape(s string) string { return likeEscaper.Replace(s) }

// List runs a query and scans every row with scan, translating driver errors
// once for both steps; the list functions of every domain read this way.
func List[T any](ctx context.Context, db DBTX, what string, scan func(pgx.Row) (T, error), sql string, args ...any) ([]T, error) {
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		return nil, Translate(err, what)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (T, error) { return scan(r) })
	if err != nil {
		return nil, Translate(err, what)
	}
	return list, nil
}
