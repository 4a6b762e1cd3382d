// Package worker runs Huhang's background jobs. Periodic jobs run on one
// leader at a time, chosen by a PostgreSQL advisory lock, so any number of
// worker replicas can run without doing the same scan twice.
package worker

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/sync/errgroup"
)

// leaderLockID keys the advisory lock held by the leading worker.
const leaderLockID = 0x6875776b // "huwk"

// Job is one periodic task of the leader.
type Job struct {
	Name     string
	Interval time.Duration
	Run      func(ctx context.Context) error
}

// Runner competes for leadership and, while leading, runs its jobs.
type Runner struct {
	pool        *pgxpool.Pool
	jobs        []Job
	logger      *slog.Logger
	retryLeader time.Duration
	leading     chan bool
	loops       []Loop
}

// Loop runs on every worker, leader or not, until ctx ends: the alert
// relay, consumer and notifier share their work through the database and
// the consumer group rather than through leadership.
type Loop struct {
	Name string
	Run  func(ctx context.Context) error
}

// WithLoops adds loops that run beside the leader's jobs.
func (r *Runner) WithLoops(loops ...Loop) *Runner {
	r.loops = append(r.loops, loops...)
	return r
}

// New builds a runner. retryLeader is how often a follower tries to take over.
func New(pool *pgxpool.Pool, logger *slog.Logger, retryLeader time.Duration, jobs ...Job) *Runner {
	return &Runner{pool: pool, jobs: jobs, logger: logger, retryLeader: retryLeader, leading: make(chan bool, 16)}
}

// Leadership reports each change of this runner's leadership; tests watch it.
func (r *Runner) Leadership() <-chan bool { return r.leading }

// Run blocks until ctx ends; a loop that fails ends the others and Run.
func (r *Runner) Run(ctx context.Context) error {
	group, ctx := errgroup.WithContext(ctx)
	for _, l := range r.loops {
		group.Go(func() error {
			if err := l.Run(ctx); err != nil && ctx.Err() == nil {
				return fmt.Errorf("worker: %s: %w", l.Name, err)
			}
			return nil
		})
	}
	group.Go(func() error { return r.lead(ctx) })
	return group.Wait()
}

func (r *Runner) lead(ctx context.Context) error {
	ticker := time.NewTicker(r.retryLeader)
	defer ticker.Stop()
	for {
		if err := r.leadWhilePossible(ctx); err != nil && ctx.Err() == nil {
			r.logger.Warn("worker leadership attempt failed", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
	}
}

// leadWhilePossible takes the lock on a dedicated connection and runs the
// jobs until ctx ends or the connection is lost (which frees the lock for a
// follower, so a crashed leader is replaced).
func (r *Runner) leadWhilePossible(ctx context.Context) error {
	conn, err := r.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("worker: acquire: %w", err)
	}
	defer conn.Release()
	var got bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, leaderLockID).Scan(&got); err != nil {
		return fmt.Errorf("worker: try lock: %w", err)
	}
	if !got {
		return nil
	}
	r.logger.Info("worker is the leader")
	r.notify(true)
	defer func() {
		// Unlock on a fresh context: ctx may be done, and a lock left on a
		// pooled connection would block every other worker.
		unlockCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, err := conn.Exec(unlockCtx, `SELECT pg_advisory_unlock($1)`, leaderLockID); err != nil {
			conn.Conn().Close(unlockCtx) //nolint:errcheck // closing the session frees its locks
		}
		r.notify(false)
	}()

	next := make([]time.Time, len(r.jobs))
	heartbeat := time.NewTicker(time.Second)
	defer heartbeat.Stop()
	for {
		now := time.Now()
		for i, job := range r.jobs {
			if now.Before(next[i]) {
				continue
			}
			next[i] = now.Add(job.Interval)
			if err := job.Run(ctx); err != nil && ctx.Err() == nil {
				r.logger.Error("worker job failed", "job", job.Name, "error", err.Error())
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-heartbeat.C:
			// A lost connection means the lock is gone too: step down.
			if err := conn.Ping(ctx); err != nil {
				return fmt.Errorf("worker: lost leader connection: %w", err)
			}
		}
	}
}

func (r *Runner) notify(leading bool) {
	select {
	case r.leading <- leading:
	default:
	}
}
