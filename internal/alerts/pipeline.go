package alerts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"

	"huhang/internal/alerts/outbox"
	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/platform/postgres"
)

// The stream of raised alerts and its consumer group: every worker process
// is one consumer of the group, so each message goes to one of them.
const (
	streamName = "alerts"
	groupName  = "inbox"
	liveName   = "alerts:live"
	// messageField holds the outbox message in a stream entry.
	messageField = "m"
)

func (s *Service) streamKey() string { return s.rdb.Key(streamName) }
func (s *Service) liveKey() string   { return s.rdb.Key(liveName) }

// message is an outbox row on its way: the payload stays the raw JSON the
// use case wrote.
type message struct {
	OutboxID int64           `json:"outbox_id"`
	Signal   json.RawMessage `json:"signal"`
	RaisedAt time.Time       `json:"raised_at"`
}

// RelayOnce moves one batch of outbox rows to the stream. The rows stay
// locked while XADD runs and are marked sent only after it succeeded, in the
// same transaction: a crash or a Redis error in between leaves them unsent,
// so they are sent again, never lost (a second copy is harmless, see deliver).
func (s *Service) RelayOnce(ctx context.Context) (int, error) {
	n := 0
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := time.Now().UTC()
		rows, err := claimOutbox(ctx, tx, s.opts.Batch, now.Add(-s.opts.ResendAfter))
		if err != nil || len(rows) == 0 {
			return err
		}
		pipe := s.rdb.Pipeline()
		ids := make([]int64, len(rows))
		for i, r := range rows {
			body, err := json.Marshal(message{OutboxID: r.ID, Signal: r.Payload, RaisedAt: r.CreatedAt.UTC()})
			if err != nil {
				return fmt.Errorf("alerts: relay marshal: %w", err)
			}
			// MAXLEN ~ bounds the stream; an entry trimmed before it was read
			// is still undelivered in the outbox and will be sent again.
			pipe.XAdd(ctx, &redis.XAddArgs{Stream: s.streamKey(), MaxLen: s.opts.StreamMaxLen, Approx: true,
				Values: []any{messageField, body}})
			ids[i] = r.ID
		}
		if _, err := pipe.Exec(ctx); err != nil {
			return fmt.Errorf("alerts: relay xadd: %w", err)
		}
		n = len(rows)
		return markSent(ctx, tx, ids, time.Now().UTC())
	})
	return n, err
}

// Relay runs RelayOnce until ctx ends: at once again after a full batch,
// after PollEvery when the outbox is empty, after a growing pause while
// Redis or PostgreSQL fails.
func (s *Service) Relay(ctx context.Context) error {
	pause := newBackoff()
	for ctx.Err() == nil {
		n, err := s.RelayOnce(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			s.logger.Warn("alert relay failed", "error", err.Error())
			sleep(ctx, pause.next())
		case n == s.opts.Batch:
			pause.reset()
		default:
			pause.reset()
			sleep(ctx, s.opts.PollEvery)
		}
	}
	return nil
}

// ensureGroup creates the consumer group (and the stream) when missing: at
// start, and after a Redis restart emptied everything. It reads from the
// beginning, so what the relay sent again after the restart is all read.
func (s *Service) ensureGroup(ctx context.Context) error {
	err := s.rdb.XGroupCreateMkStream(ctx, s.streamKey(), groupName, "0").Err()
	if err != nil && !strings.HasPrefix(err.Error(), "BUSYGROUP") {
		return fmt.Errorf("alerts: create group: %w", err)
	}
	return nil
}

// Consume reads the stream as consumer s.opts.Consumer until ctx ends, and
// now and then takes over what a dead consumer read but never acknowledged
// (XAUTOCLAIM after ClaimIdle).
func (s *Service) Consume(ctx context.Context) error {
	pause := newBackoff()
	grouped := false
	var lastClaim time.Time
	for ctx.Err() == nil {
		if !grouped {
			if err := s.ensureGroup(ctx); err != nil {
				s.logger.Warn("alert consumer cannot reach the stream", "error", err.Error())
				sleep(ctx, pause.next())
				continue
			}
			grouped = true
		}
		if time.Since(lastClaim) >= s.opts.ClaimIdle/2 {
			lastClaim = time.Now()
			if err := s.claimAbandoned(ctx); err != nil {
				grouped = !isNoGroup(err)
				s.logger.Warn("alert claim failed", "error", err.Error())
				sleep(ctx, pause.next())
				continue
			}
		}
		streams, err := s.rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: groupName, Consumer: s.opts.Consumer,
			Streams: []string{s.streamKey(), ">"}, Count: int64(s.opts.Batch), Block: time.Second}).Result()
		switch {
		case errors.Is(err, redis.Nil):
			pause.reset()
			continue
		case err != nil:
			if ctx.Err() != nil {
				return nil
			}
			grouped = !isNoGroup(err)
			s.logger.Warn("alert consumer read failed", "error", err.Error())
			sleep(ctx, pause.next())
			continue
		}
		pause.reset()
		for _, st := range streams {
			if err := s.handle(ctx, st.Messages); err != nil && ctx.Err() == nil {
				s.logger.Warn("alert delivery failed; the message stays pending", "error", err.Error())
				sleep(ctx, pause.next())
			}
		}
	}
	return nil
}

func isNoGroup(err error) bool { return err != nil && strings.HasPrefix(err.Error(), "NOGROUP") }

// claimAbandoned takes over messages pending longer than ClaimIdle with
// another consumer (one that died between reading and acknowledging) and
// delivers them.
func (s *Service) claimAbandoned(ctx context.Context) error {
	start := "0-0"
	for range 100 {
		msgs, next, err := s.rdb.XAutoClaim(ctx, &redis.XAutoClaimArgs{Stream: s.streamKey(), Group: groupName,
			Consumer: s.opts.Consumer, MinIdle: s.opts.ClaimIdle, Start: start, Count: int64(s.opts.Batch)}).Result()
		if err != nil {
			return fmt.Errorf("alerts: xautoclaim: %w", err)
		}
		if len(msgs) > 0 {
			s.metrics.claimed.Add(float64(len(msgs)))
			if err := s.handle(ctx, msgs); err != nil {
				return err
			}
		}
		if next == "0-0" || next == "" {
			return nil
		}
		start = next
	}
	return nil
}

// handle delivers each message and acknowledges it once its alert is
// committed. A message that cannot be read is acknowledged and logged: it
// would fail the same way forever. A database failure stops the batch; the
// unacknowledged rest is read again or claimed later.
func (s *Service) handle(ctx context.Context, msgs []redis.XMessage) error {
	acks := make([]string, 0, len(msgs))
	defer func() {
		if len(acks) > 0 {
			// Not acknowledging only means delivering again, which is harmless.
			_ = s.rdb.XAck(context.WithoutCancel(ctx), s.streamKey(), groupName, acks...).Err()
		}
	}()
	for _, msg := range msgs {
		raw, _ := msg.Values[messageField].(string)
		var m message
		var p outbox.Payload
		if err := json.Unmarshal([]byte(raw), &m); err != nil || json.Unmarshal(m.Signal, &p) != nil {
			s.logger.Error("alert message unreadable; dropped", "stream_id", msg.ID)
			acks = append(acks, msg.ID)
			continue
		}
		sig, err := p.Signal()
		if err != nil {
			s.logger.Error("alert message invalid; dropped", "stream_id", msg.ID, "error", err.Error())
			acks = append(acks, msg.ID)
			continue
		}
		if err := s.deliver(ctx, m.OutboxID, sig, m.RaisedAt); err != nil {
			return err
		}
		acks = append(acks, msg.ID)
	}
	return nil
}

// deliver writes the alert unless its dedupe key already has one, and marks
// the outbox row delivered, in one transaction: a message delivered twice
// (sent again by the relay, or claimed from a consumer that died after
// committing) finds the key taken and changes nothing.
func (s *Service) deliver(ctx context.Context, outboxID int64, sig outbox.Signal, raisedAt time.Time) error {
	info, _ := outbox.Info(sig.Rule)
	a := Alert{ID: uuid.Must(uuid.NewV7()), DedupeKey: sig.DedupeKey(), Rule: sig.Rule, Severity: info.Severity,
		SubjectType: sig.SubjectType, SubjectID: sig.SubjectID, Day: sig.Day, Title: sig.Title, Detail: sig.Detail, Link: sig.Link,
		SchoolID: sig.SchoolID, EnterpriseID: sig.EnterpriseID, BureauID: sig.BureauID, DivisionCode: sig.DivisionCode,
		Status: StatusOpen, RaisedAt: raisedAt}
	var inserted bool
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := time.Now().UTC()
		var err error
		if inserted, err = insertAlert(ctx, tx, a, now); err != nil {
			return err
		}
		if inserted {
			if err := addHistory(ctx, tx, a.ID, now, "raise", auth.System, ""); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, auth.System.Who(), audit.Event{Action: "alert.raise", SubjectType: "alert",
				SubjectID: a.ID.String(), DivisionCode: a.DivisionCode,
				After: map[string]any{"rule": a.Rule, "subject_type": a.SubjectType, "subject_id": a.SubjectID, "day": a.Day.String()}}); err != nil {
				return err
			}
		}
		if outboxID > 0 {
			return markDelivered(ctx, tx, outboxID, now)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if inserted {
		s.metrics.raised.WithLabelValues(string(a.Rule)).Inc()
		s.publish(ctx, a.ID)
	}
	return nil
}

// backoff grows a pause from 100 ms to 5 s while something keeps failing.
type backoff struct{ d time.Duration }

func newBackoff() *backoff { return &backoff{} }

func (b *backoff) next() time.Duration {
	switch {
	case b.d == 0:
		b.d = 100 * time.Millisecond
	case b.d < 5*time.Second:
		b.d *= 2
	}
	return b.d
}

func (b *backoff) reset() { b.d = 0 }

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// Drain relays and delivers until the outbox and the stream are empty, as
// this process's consumer, through the same steps as the running loops. The
// seed, tools and tests use it where no worker runs.
func (s *Service) Drain(ctx context.Context) (int, error) {
	if err := s.ensureGroup(ctx); err != nil {
		return 0, err
	}
	total := 0
	for {
		sent, err := s.RelayOnce(ctx)
		if err != nil {
			return total, err
		}
		streams, err := s.rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: groupName, Consumer: s.opts.Consumer,
			Streams: []string{s.streamKey(), ">"}, Count: int64(s.opts.Batch), Block: -1}).Result()
		if err != nil && !errors.Is(err, redis.Nil) {
			return total, fmt.Errorf("alerts: drain read: %w", err)
		}
		read := 0
		for _, st := range streams {
			read += len(st.Messages)
			if err := s.handle(ctx, st.Messages); err != nil {
				return total, err
			}
		}
		total += read
		if sent == 0 && read == 0 {
			return total, nil
		}
	}
}
