package alerts

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"huhang/internal/alerts/outbox"
	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/redisx"
)

// Options tune the pipeline; zero fields take the defaults of Defaults.
type Options struct {
	// Consumer names this process in the consumer group; unique per process.
	Consumer string
	// Batch is how many rows or messages one step moves.
	Batch int
	// PollEvery is how often an idle relay looks at the outbox again.
	PollEvery time.Duration
	// ClaimIdle is how long a message may stay read but unacknowledged
	// before another consumer takes it over.
	ClaimIdle time.Duration
	// ResendAfter is how long a sent row may stay undelivered before the
	// relay sends it again (Redis lost or trimmed it).
	ResendAfter time.Duration
	// StreamMaxLen bounds the stream (MAXLEN ~).
	StreamMaxLen int64
	// EscalateAfter is how long a critical alert may stay unacknowledged
	// before it goes to the next bureau up (HUHANG_ALERT_ESCALATE_AFTER).
	EscalateAfter time.Duration
	// PatrolGapDays is N of A-PATROL-GAP (domain.md §7, default 3).
	PatrolGapDays int
	// Heartbeat is the SSE keep-alive interval.
	Heartbeat time.Duration
	// Notifier sends alerts to outside channels; nil logs them.
	Notifier Notifier
	// RetryBase is the first pause after a failed notification; it doubles.
	RetryBase time.Duration
}

// Defaults are the production settings.
var Defaults = Options{Batch: 200, PollEvery: 200 * time.Millisecond, ClaimIdle: 30 * time.Second,
	ResendAfter: time.Minute, StreamMaxLen: 100_000, EscalateAfter: 2 * time.Hour, PatrolGapDays: 3, Heartbeat: 15 * time.Second,
	RetryBase: 10 * time.Second}

func (o Options) withDefaults() Options {
	d := Defaults
	if o.Consumer == "" {
		host, _ := os.Hostname()
		o.Consumer = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), uuid.NewString()[:8])
	}
	o.Batch = positiveOr(o.Batch, d.Batch)
	o.PollEvery = positiveOr(o.PollEvery, d.PollEvery)
	o.ClaimIdle = positiveOr(o.ClaimIdle, d.ClaimIdle)
	o.ResendAfter = positiveOr(o.ResendAfter, d.ResendAfter)
	o.StreamMaxLen = positiveOr(o.StreamMaxLen, d.StreamMaxLen)
	o.EscalateAfter = positiveOr(o.EscalateAfter, d.EscalateAfter)
	o.PatrolGapDays = positiveOr(o.PatrolGapDays, d.PatrolGapDays)
	o.RetryBase = positiveOr(o.RetryBase, d.RetryBase)
	o.Heartbeat = positiveOr(o.Heartbeat, d.Heartbeat)
	return o
}

// positiveOr is v, or def where v was left zero (or set below zero).
func positiveOr[T int | int64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// Service is the alerts domain.
type Service struct {
	pool     *pgxpool.Pool
	rdb      *redisx.Client
	clock    clock.Clock
	logger   *slog.Logger
	opts     Options
	notifier Notifier
	metrics  *metrics
	hub      *hub
}

// NewService builds the service. rdb carries the stream; without it (seed,
// tools) nothing is relayed, consumed or pushed, but the inbox reads.
func NewService(pool *pgxpool.Pool, rdb *redisx.Client, clk clock.Clock, logger *slog.Logger, opts Options) *Service {
	opts = opts.withDefaults()
	n := opts.Notifier
	if n == nil {
		n = LogNotifier{Logger: logger}
	}
	s := &Service{pool: pool, rdb: rdb, clock: clk, logger: logger, opts: opts, notifier: n, metrics: newMetrics()}
	s.hub = newHub(s)
	return s
}

// Options are the settings in force.
func (s *Service) Options() Options { return s.opts }

// List is the inbox page.
func (s *Service) List(ctx context.Context, actor auth.Actor, f Filter) ([]Alert, error) {
	return listAlerts(ctx, s.pool, actor, f)
}

// Summary is the badge's counts.
func (s *Service) Summary(ctx context.Context, actor auth.Actor) (Summary, error) {
	return summarize(ctx, s.pool, actor)
}

// Get is one alert with its history.
func (s *Service) Get(ctx context.Context, actor auth.Actor, id uuid.UUID) (Alert, error) {
	a, err := getAlert(ctx, s.pool, id, &actor, false)
	if err != nil {
		return Alert{}, err
	}
	a.History, err = history(ctx, s.pool, id)
	return a, err
}

// Ack is someone who must act saying they have seen it.
func (s *Service) Ack(ctx context.Context, actor auth.Actor, id uuid.UUID, note string) (Alert, error) {
	return s.change(ctx, actor, id, ActionAck, note)
}

// Resolve closes the alert with a note of what was done.
func (s *Service) Resolve(ctx context.Context, actor auth.Actor, id uuid.UUID, note string) (Alert, error) {
	return s.change(ctx, actor, id, ActionResolve, note)
}

// checkNote names what is wrong with a note: resolving needs one.
func checkNote(action Action, note string) (string, error) {
	note = strings.TrimSpace(note)
	var fe apperr.FieldErrors
	switch {
	case action == ActionResolve && note == "":
		fe.Add("note", "请说明处理情况")
	case utf8.RuneCountInString(note) > 2000:
		fe.Add("note", "说明不能超过 2000 字")
	}
	return note, fe.Err("处理说明有误")
}

// change locks the alert, applies the transition, and writes the row, its
// history line and the audit event in one transaction; the new state is
// pushed to the live stream after the commit.
func (s *Service) change(ctx context.Context, actor auth.Actor, id uuid.UUID, action Action, note string) (Alert, error) {
	note, err := checkNote(action, note)
	if err != nil {
		return Alert{}, err
	}
	err = postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		a, err := getAlert(ctx, tx, id, &actor, true)
		if err != nil {
			return err
		}
		before := a.Status
		if a.Status, err = Lifecycle.Apply(a.Status, action, actor.Role); err != nil {
			return err
		}
		if !mayAct(actor, a) {
			return apperr.Forbidden("只有需处置此预警的单位可以操作")
		}
		now := s.clock.Now().UTC()
		if action == ActionResolve {
			a.ResolveNote = &note
		}
		if err := updateState(ctx, tx, a, now, &actor.UserID); err != nil {
			return err
		}
		if err := addHistory(ctx, tx, a.ID, now, action, actor, note); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "alert." + string(action), SubjectType: "alert",
			SubjectID: a.ID.String(), DivisionCode: a.DivisionCode, Before: map[string]any{"status": before},
			After: map[string]any{"status": a.Status, "note": note}})
	})
	if err != nil {
		return Alert{}, err
	}
	s.publish(ctx, id)
	return s.Get(ctx, actor, id)
}

// Escalate hands every critical alert left open past EscalateAfter (since
// it was raised or last escalated) to the bureau one level up, says so in its
// history, and sends it out again. A province's own alert has nowhere to go.
func (s *Service) Escalate(ctx context.Context) (int, error) {
	now := s.clock.Now().UTC()
	cutoff := now.Add(-s.opts.EscalateAfter)
	var moved []uuid.UUID
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		due, err := dueForEscalation(ctx, tx, cutoff)
		if err != nil {
			return err
		}
		for _, d := range due {
			if _, err := Lifecycle.Apply(StatusOpen, ActionEscalate, auth.RoleSystem); err != nil {
				return err
			}
			if err := escalate(ctx, tx, d, now); err != nil {
				return err
			}
			note := fmt.Sprintf("超过 %s仍未确认，已升级至%s", humanDuration(s.opts.EscalateAfter), d.ToName)
			if err := addHistory(ctx, tx, d.ID, now, ActionEscalate, auth.System, note); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, auth.System.Who(), audit.Event{Action: "alert.escalate", SubjectType: "alert",
				SubjectID: d.ID.String(), DivisionCode: d.Division,
				After: map[string]any{"escalated_to": d.To, "level": d.Level + 1}}); err != nil {
				return err
			}
			moved = append(moved, d.ID)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, id := range moved {
		s.publish(ctx, id)
	}
	return len(moved), nil
}

func humanDuration(d time.Duration) string {
	if d >= time.Hour && d%time.Hour == 0 {
		return fmt.Sprintf("%d 小时", int(d/time.Hour))
	}
	return fmt.Sprintf("%d 分钟", int(d.Round(time.Minute)/time.Minute))
}

// publish puts the alert's current state on the live stream every serve
// replica reads (SSE). Losing it (Redis down) loses no data: a client that
// reconnects reloads its inbox and counts.
func (s *Service) publish(ctx context.Context, id uuid.UUID) {
	if s.rdb == nil {
		return
	}
	ctx = context.WithoutCancel(ctx)
	a, err := getAlert(ctx, s.pool, id, nil, false)
	if err != nil {
		s.logger.Warn("alert publish: read failed", "alert", id.String(), "error", err.Error())
		return
	}
	body, err := json.Marshal(toJSON(a, nil))
	if err != nil {
		return
	}
	if err := s.rdb.XAdd(ctx, &redis.XAddArgs{Stream: s.liveKey(), MaxLen: 10_000, Approx: true,
		Values: []any{messageField, body}}).Err(); err != nil {
		s.logger.Warn("alert publish failed", "alert", id.String(), "error", err.Error())
	}
}

// Raise is for tests and tools that raise an alert outside a use case: it
// writes the outbox row in a transaction of its own.
func (s *Service) Raise(ctx context.Context, sig outbox.Signal) error {
	if sig.At.IsZero() {
		sig.At = s.clock.Now()
	}
	return postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error { return outbox.Add(ctx, tx, sig) })
}

// outboxRetention is how long delivered outbox rows are kept for tracing.
const outboxRetention = 7 * 24 * time.Hour

// PruneOutbox forgets outbox rows delivered more than a week ago.
func (s *Service) PruneOutbox(ctx context.Context) (int64, error) {
	return pruneOutbox(ctx, s.pool, time.Now().Add(-outboxRetention))
}

// ByDedupeKey is the alert a signal made, unscoped (tests and tools).
func (s *Service) ByDedupeKey(ctx context.Context, key string) (Alert, error) {
	a, err := scanAlert(s.pool.QueryRow(ctx, selectAlert+" WHERE a.dedupe_key = $1", key))
	return a, postgres.Translate(err, "alerts: by key")
}
