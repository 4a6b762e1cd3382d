package alerts_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"huhang/internal/alerts"
	"huhang/internal/alerts/outbox"
	"huhang/internal/platform/redistest"
	"huhang/internal/platform/redisx"
	"huhang/internal/testapp"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// signal is an alert for 通江's school and host, with a fresh subject.
func signal(app *testapp.App, rule outbox.Rule) outbox.Signal {
	school, ent := app.OrgID("通江县职业高级中学"), app.OrgID("巴中经开区精工机械有限公司")
	return outbox.Signal{Rule: rule, SubjectType: "placement", SubjectID: uuid.New(), Day: app.Today(), Title: "测试预警 " + string(rule),
		SchoolID: &school, EnterpriseID: &ent, DivisionCode: "511921"}
}

func count(t *testing.T, app *testapp.App, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := app.DB.Pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// pipeline is a second alerts service on the app's database and Redis
// prefix: another worker process, with its own consumer name and timings.
func pipeline(app *testapp.App, rdb *redisx.Client, name string, opts alerts.Options) *alerts.Service {
	opts.Consumer = name
	return alerts.NewService(app.DB.Pool, rdb, app.Clock, quiet, opts)
}

func TestOneAlertHoweverOftenRaisedOrDelivered(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := context.Background()
	svc := app.Services.Alerts
	sig := signal(app, outbox.Incident)
	for range 2 {
		if err := svc.Raise(ctx, sig); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	byKey := `SELECT count(*) FROM alerts WHERE rule = $1 AND subject_id = $2 AND business_day = $3`
	if n := count(t, app, byKey, string(sig.Rule), sig.SubjectID, sig.Day.SQL()); n != 1 {
		t.Fatalf("raised twice the same day: %d alerts", n)
	}
	if n := count(t, app, `SELECT count(*) FROM alert_outbox WHERE delivered_at IS NULL`); n != 0 {
		t.Fatalf("%d outbox rows undelivered", n)
	}
	// Redis lost both messages after they were marked sent: the relay sends
	// them again, and the second delivery changes nothing.
	if _, err := app.DB.Pool.Exec(ctx, `UPDATE alert_outbox SET sent_at = now() - interval '1 hour', delivered_at = NULL WHERE dedupe_key = $1`,
		sig.DedupeKey()); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(t, app, byKey, string(sig.Rule), sig.SubjectID, sig.Day.SQL()); n != 1 {
		t.Fatalf("delivered again: %d alerts", n)
	}
	if n := count(t, app, `SELECT send_count FROM alert_outbox WHERE dedupe_key = $1 LIMIT 1`, sig.DedupeKey()); n != 2 {
		t.Fatalf("the row was sent %d times, want 2", n)
	}
	a, err := svc.ByDedupeKey(ctx, sig.DedupeKey())
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, app, `SELECT count(*) FROM alert_history WHERE alert_id = $1 AND action = 'raise'`, a.ID); n != 1 {
		t.Fatalf("%d raise lines in the history", n)
	}
	if n := count(t, app, `SELECT count(*) FROM audit_events WHERE action = 'alert.raise' AND subject_id = $1`, a.ID.String()); n != 1 {
		t.Fatalf("%d audit events", n)
	}
	// The next business day the same condition is a new alert.
	sig.Day = sig.Day.AddDays(1)
	if err := svc.Raise(ctx, sig); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(t, app, `SELECT count(*) FROM alerts WHERE subject_id = $1`, sig.SubjectID); n != 2 {
		t.Fatalf("two days: %d alerts", n)
	}
}

func TestRelayMarksNothingSentWhenRedisFails(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := context.Background()
	broken := redistest.New(t)
	_ = broken.Close()
	down := pipeline(app, broken, "down", alerts.Options{})
	before := count(t, app, `SELECT count(*) FROM alert_outbox WHERE sent_at IS NULL`)
	sig := signal(app, outbox.Fees)
	if err := down.Raise(ctx, sig); err != nil {
		t.Fatal(err)
	}
	if _, err := down.RelayOnce(ctx); err == nil {
		t.Fatal("a relay without Redis reported success")
	}
	if n := count(t, app, `SELECT count(*) FROM alert_outbox WHERE sent_at IS NULL`); n != before+1 {
		t.Fatalf("unsent rows %d → %d: a failed XADD marked rows sent", before, n)
	}
	if _, err := app.Services.Alerts.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Services.Alerts.ByDedupeKey(ctx, sig.DedupeKey()); err != nil {
		t.Fatalf("the row kept in the outbox was not delivered later: %v", err)
	}
}

// waitFor polls until cond holds or ten seconds pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestMessagesOfADeadConsumerAreClaimed(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := context.Background()
	stream := app.Redis.Key("alerts")
	if err := app.Redis.XGroupCreateMkStream(ctx, stream, "inbox", "0").Err(); err != nil {
		t.Fatal(err)
	}
	var sigs []outbox.Signal
	for range 5 {
		s := signal(app, outbox.PayLow)
		sigs = append(sigs, s)
		if err := app.Services.Alerts.Raise(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	for {
		n, err := app.Services.Alerts.RelayOnce(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	// A worker reads everything and dies before acknowledging.
	read, err := app.Redis.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "inbox", Consumer: "dead", Streams: []string{stream, ">"},
		Count: 10_000, Block: -1}).Result()
	if err != nil || len(read) == 0 {
		t.Fatalf("dead consumer's read: %v", err)
	}
	alive := pipeline(app, app.Redis, "alive", alerts.Options{ClaimIdle: 100 * time.Millisecond})
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { _ = alive.Consume(runCtx); close(done) }()
	defer func() { stop(); <-done }()
	waitFor(t, "the claimed alerts", func() bool {
		for _, s := range sigs {
			if _, err := alive.ByDedupeKey(ctx, s.DedupeKey()); err != nil {
				return false
			}
		}
		return true
	})
	waitFor(t, "the dead consumer's pending list to empty", func() bool {
		p, err := app.Redis.XPending(ctx, stream, "inbox").Result()
		return err == nil && p.Consumers["dead"] == 0
	})
}

func TestAStreamLostInARedisRestartIsSentAgain(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := context.Background()
	w := pipeline(app, app.Redis, "worker", alerts.Options{ResendAfter: 200 * time.Millisecond, PollEvery: 20 * time.Millisecond})
	sig := signal(app, outbox.Incident)
	if err := w.Raise(ctx, sig); err != nil {
		t.Fatal(err)
	}
	for {
		n, err := w.RelayOnce(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	// Redis comes back empty: no stream, no group.
	if err := app.Redis.Del(ctx, app.Redis.Key("alerts")).Err(); err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{}, 2)
	go func() { _ = w.Relay(runCtx); done <- struct{}{} }()
	go func() { _ = w.Consume(runCtx); done <- struct{}{} }()
	defer func() { stop(); <-done; <-done }()
	waitFor(t, "the resent alert", func() bool {
		_, err := w.ByDedupeKey(ctx, sig.DedupeKey())
		return err == nil
	})
}
