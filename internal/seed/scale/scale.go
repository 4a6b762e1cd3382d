// Package scale generates a province: Sichuan's 183 county-level divisions
// with their bureaus, schools, host enterprises, hundreds of thousands of
// students with plans and placements, a month of teachers' duty with
// check-ins and patrols, inspections with their ledger, and alerts. It is
// what load tests and list benchmarks run against (`huhang seed scale`).
//
// Everything is drawn from one seed: the same Options give the same rows,
// ids included, so a measurement can be repeated on the same data. Large
// tables are written with COPY, all in one transaction, so a failed run
// leaves the database as empty as it found it.
package scale

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/auth"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/config"
	"huhang/internal/platform/pii"
)

// Password is the password of every generated account, so a load test can
// sign in as anyone. It satisfies the password policy and contains no
// generated username.
const Password = "Huhang-Scale-2026"

// Options say how large a province to generate.
type Options struct {
	// Students is the number of students; schools, teachers, enterprises,
	// plans and the rest follow from it (about 500 students a school, 20 a
	// teacher, 40 an enterprise).
	Students int
	// Days is how many days of duty, ending on Today, rosters cover and
	// teachers checked in on.
	Days int
	Seed uint64
	// Today is the last day of generated duty; zero means today in Asia/Shanghai.
	Today clock.Date
	// Keys seal the students' ID numbers like the students service does,
	// so the application can open them. Without keys the ciphertext is a
	// placeholder nothing can open and the hash a plain SHA-256 (still
	// unique); tests that compare two runs byte for byte leave it nil, since
	// sealing draws a random nonce.
	Keys *pii.Keyring
}

// Limits of Options.
const (
	MinStudents = 100
	MaxStudents = 5_000_000
	MaxDays     = 366 // a roster spans at most a year
)

// TableReport is what was written to one table.
type TableReport struct {
	Table   string
	Rows    int64
	Elapsed time.Duration
}

// Report lists the tables in the order they were written.
type Report struct {
	Tables  []TableReport
	Analyze time.Duration
	Elapsed time.Duration
}

// Rows is the number of rows written to table.
func (r Report) Rows(table string) int64 {
	for _, t := range r.Tables {
		if t.Table == table {
			return t.Rows
		}
	}
	return 0
}

// ErrNotEmpty is the answer for a database that already holds organisations.
var ErrNotEmpty = errors.New("scale: the database already holds organisations; " +
	"generate into a freshly migrated, empty database (createdb, then `huhang migrate up`)")

// ErrRefusedInProduction is the answer of `huhang seed scale` under HUHANG_ENV=production.
var ErrRefusedInProduction = errors.New("seed scale is refused with HUHANG_ENV=production: it creates " +
	"hundreds of thousands of invented students and accounts whose password is published as " + Password)

// Allowed says whether a province may be generated in the environment env
// (the value of HUHANG_ENV). Callers ask before they connect.
func Allowed(env string) error {
	if strings.TrimSpace(env) == config.EnvProduction {
		return ErrRefusedInProduction
	}
	return nil
}

func (o *Options) check() error {
	var problems []string
	if o.Students < MinStudents || o.Students > MaxStudents {
		problems = append(problems, fmt.Sprintf("students must be between %d and %d, not %d", MinStudents, MaxStudents, o.Students))
	}
	if o.Days < 1 || o.Days > MaxDays {
		problems = append(problems, fmt.Sprintf("days must be between 1 and %d, not %d", MaxDays, o.Days))
	}
	if len(problems) > 0 {
		return errors.New("scale: " + strings.Join(problems, "; "))
	}
	if o.Today == (clock.Date{}) {
		o.Today = clock.BusinessDay(time.Now())
	}
	return nil
}

// Generate fills a freshly migrated, empty database with a province and
// reports what it wrote, printing a line per table to log as it goes.
func Generate(ctx context.Context, pool *pgxpool.Pool, o Options, log io.Writer) (Report, error) {
	started := time.Now()
	if err := o.check(); err != nil {
		return Report{}, err
	}
	if log == nil {
		log = io.Discard
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("scale: connect: %w", err)
	}
	defer conn.Release()
	tx, err := conn.Begin(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("scale: begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.Background()) }()
	// Only this transaction's settings: nothing waits for each WAL flush
	// (one commit at the end), and the trigram indexes' pending lists are
	// merged in larger batches.
	for _, set := range []string{"SET LOCAL synchronous_commit = off", "SET LOCAL gin_pending_list_limit = '32MB'",
		"SET LOCAL maintenance_work_mem = '256MB'", "SET LOCAL work_mem = '64MB'"} {
		if _, err := tx.Exec(ctx, set); err != nil {
			return Report{}, fmt.Errorf("scale: %s: %w", set, err)
		}
	}
	var orgs int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM orgs`).Scan(&orgs); err != nil {
		return Report{}, fmt.Errorf("scale: count organisations (is the database migrated?): %w", err)
	}
	if orgs > 0 {
		return Report{}, ErrNotEmpty
	}
	divisions, err := readDivisions(ctx, tx)
	if err != nil {
		return Report{}, err
	}
	began := time.Now()
	w, err := buildWorld(o, divisions)
	if err != nil {
		return Report{}, err
	}
	if w.cal, err = clock.LoadCalendar(ctx, tx, w.first, w.today); err != nil {
		return Report{}, fmt.Errorf("scale: calendar: %w", err)
	}
	fmt.Fprintf(log, "%-22s %9d students, %d schools, %d enterprises, %d plans, %d placements drawn in %.1fs\n",
		"(model)", len(w.students), len(w.schools), len(w.enterprises), len(w.plans), len(w.placements), time.Since(began).Seconds())
	wr := &writer{tx: tx, log: log}
	steps := []func(context.Context, *world) error{
		wr.divisions, wr.orgs, wr.enterprisesAndPosts, wr.users, wr.students, wr.plans, wr.placements,
		wr.documents, wr.duty, wr.supervision, wr.inspections, wr.alerts, wr.audit, wr.sequences,
	}
	for _, step := range steps {
		if err := step(ctx, w); err != nil {
			return wr.report, err
		}
	}
	began = time.Now()
	if err := tx.Commit(ctx); err != nil {
		return wr.report, fmt.Errorf("scale: commit: %w", err)
	}
	fmt.Fprintf(log, "%-22s %9s rows %7.1fs\n", "(commit)", "", time.Since(began).Seconds())
	// Fresh statistics, so the first queries of a load test are planned on
	// what is there rather than on empty tables.
	began = time.Now()
	if _, err := conn.Exec(ctx, "ANALYZE"); err != nil {
		return wr.report, fmt.Errorf("scale: analyze: %w", err)
	}
	wr.report.Analyze = time.Since(began)
	wr.report.Elapsed = time.Since(started)
	fmt.Fprintf(log, "%-22s %9s rows %7.1fs\n", "(analyze)", "", wr.report.Analyze.Seconds())
	fmt.Fprintf(log, "%-22s %9d rows %7.1fs\n", "(total)", wr.report.Total(), wr.report.Elapsed.Seconds())
	return wr.report, nil
}

// Total is the number of rows written to every table.
func (r Report) Total() int64 {
	var n int64
	for _, t := range r.Tables {
		n += t.Rows
	}
	return n
}

func readDivisions(ctx context.Context, tx pgx.Tx) ([]dbDivision, error) {
	rows, err := tx.Query(ctx, `SELECT code, name, COALESCE(parent_code, ''), level FROM divisions ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("scale: read divisions: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (dbDivision, error) {
		var d dbDivision
		err := r.Scan(&d.code, &d.name, &d.parent, &d.level)
		return d, err
	})
}

// passwordHash is the one hash every account shares, computed once (argon2id
// takes tens of milliseconds) with a salt from the seed.
func passwordHash(seed uint64) (string, error) {
	return auth.HashPasswordWithSalt(Password, newRNG(seed, streamPassword).bytes(16))
}
