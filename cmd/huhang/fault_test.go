//go:build !race

// The race detector would slow the two worker processes (this very test
// binary) several times over; `make test` runs this test in its own non-race
// step and prints its counts.

package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"

	"huhang/internal/alerts/outbox"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/pgtest"
	"huhang/internal/platform/postgres"
)

// A worker process of the fault test is this test binary started again
// with HUHANG_FAULT_WORKER=1: it runs `huhang worker` and nothing else.
func TestMain(m *testing.M) {
	if os.Getenv("HUHANG_FAULT_WORKER") == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
		err := run(ctx, []string{"worker"}, os.Getenv, os.Stdout, os.Stderr)
		stop()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// redisServer is a Redis of the test's own, so restarting it disturbs no
// other test: nothing kept on disk, like the server CI runs.
type redisServer struct {
	t    *testing.T
	port int
	cmd  *exec.Cmd
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func (r *redisServer) start() {
	r.t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		r.t.Fatalf("the fault test needs redis-server on PATH (bash deploy/services.sh installs it): %v", err)
	}
	r.cmd = exec.Command(bin, "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	if err := r.cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	c := redis.NewClient(&redis.Options{Addr: r.addr()})
	defer c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for c.Ping(context.Background()).Err() != nil {
		if time.Now().After(deadline) {
			r.t.Fatal("the test's redis-server did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// crash kills the server the hard way: everything in it is gone.
func (r *redisServer) crash() {
	_ = r.cmd.Process.Kill()
	_ = r.cmd.Wait()
}

func (r *redisServer) addr() string { return "127.0.0.1:" + strconv.Itoa(r.port) }

type workerProc struct {
	cmd *exec.Cmd
	out *syncBuffer
}

func startWorker(t *testing.T, env []string) *workerProc {
	t.Helper()
	w := &workerProc{cmd: exec.Command(os.Args[0], "-test.run=^$"), out: &syncBuffer{}}
	w.cmd.Env = append(os.Environ(), env...)
	w.cmd.Stdout, w.cmd.Stderr = w.out, w.out
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = w.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = w.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = w.cmd.Process.Kill()
		}
	})
	return w
}

// TestAlertsSurviveARedisRestartAndAWorkerKilledMidBatch raises a few
// thousand alerts through the outbox while two worker processes deliver
// them, restarts Redis (losing the stream and the group) in the middle,
// kills one worker while it holds read but unacknowledged messages, and
// checks that every alert is in the inbox exactly once.
func TestAlertsSurviveARedisRestartAndAWorkerKilledMidBatch(t *testing.T) {
	t.Parallel()
	const expected = 3000
	db := pgtest.New(t)
	rs := &redisServer{t: t, port: freePort(t)}
	rs.start()
	t.Cleanup(rs.crash)
	env := []string{"HUHANG_FAULT_WORKER=1", "HUHANG_DATABASE_URL=" + db.URL, "HUHANG_REDIS_URL=redis://" + rs.addr() + "/0",
		"HUHANG_REDIS_PREFIX=fault:", "HUHANG_JWT_KEY=" + strings.Repeat("j", 32), "HUHANG_PII_KEY=" + strings.Repeat("0f", 32),
		"HUHANG_ALERT_CLAIM_IDLE=1s", "HUHANG_ALERT_RESEND_AFTER=5s", "HUHANG_LOG_LEVEL=warn", "HUHANG_METRICS_ADDR="}
	a, b := startWorker(t, env), startWorker(t, env)
	failed := true
	defer func() {
		if failed {
			t.Logf("worker A:\n%s\nworker B:\n%s", a.out.String(), b.out.String())
		}
	}()

	ctx := context.Background()
	// The workers are consuming before the first alert is raised: the group
	// exists once a consumer started (an idle consumer shows nowhere else).
	rc := redis.NewClient(&redis.Options{Addr: rs.addr()})
	defer rc.Close()
	startBy := time.Now().Add(30 * time.Second)
	for {
		if g, err := rc.XInfoGroups(ctx, "fault:alerts").Result(); err == nil && len(g) == 1 {
			break
		}
		if time.Now().After(startBy) {
			t.Fatal("the workers did not start consuming")
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond)
	rules := make([]outbox.Rule, len(outbox.Rules))
	for i, r := range outbox.Rules {
		rules[i] = r.Rule
	}
	day := clock.BusinessDay(time.Now())
	var produced atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // the use cases: 30 transactions of 100 alerts over three seconds
		defer wg.Done()
		for batch := 0; batch < expected/100; batch++ {
			err := postgres.InTx(ctx, db.Pool, func(tx pgx.Tx) error {
				for i := range 100 {
					n := batch*100 + i
					if err := outbox.Add(ctx, tx, outbox.Signal{Rule: rules[n%len(rules)], SubjectType: "placement",
						SubjectID: uuid.New(), Day: day, Title: fmt.Sprintf("故障测试 %d", n), DivisionCode: "511921"}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Error(err)
				return
			}
			produced.Add(100)
			time.Sleep(100 * time.Millisecond)
		}
	}()

	delivered := func() int {
		var n int
		if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM alerts WHERE title LIKE '故障测试 %'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	waitUntil := func(what string, limit time.Duration, cond func() bool) {
		deadline := time.Now().Add(limit)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s (delivered %d of %d)", what, delivered(), expected)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}

	// Redis dies a third of the way in and comes back empty.
	waitUntil("a third produced", 60*time.Second, func() bool { return produced.Load() >= expected/3 })
	rs.crash()
	time.Sleep(300 * time.Millisecond)
	rs.start()

	// Worker A is killed, past the middle, while it holds messages it read
	// but did not acknowledge.
	waitUntil("half delivered", 60*time.Second, func() bool { return delivered() >= expected/2 })
	pidPart := fmt.Sprintf("-%d-", a.cmd.Process.Pid)
	pendingOfA := int64(0)
	waitUntil("worker A mid-batch", 60*time.Second, func() bool {
		p, err := rc.XPending(ctx, "fault:alerts", "inbox").Result()
		if err != nil {
			return false
		}
		for consumer, n := range p.Consumers {
			if strings.Contains(consumer, pidPart) && n > 0 {
				pendingOfA = n
				return true
			}
		}
		return false
	})
	if err := a.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	killedAt := delivered()

	wg.Wait()
	waitUntil("every alert", 120*time.Second, func() bool { return delivered() >= expected })
	time.Sleep(3 * time.Second) // past the resend and claim times: room for a late duplicate to show
	var got, distinct, undelivered int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT (rule, subject_id, business_day)) FROM alerts WHERE title LIKE '故障测试 %'`).
		Scan(&got, &distinct); err != nil {
		t.Fatal(err)
	}
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM alert_outbox WHERE delivered_at IS NULL`).Scan(&undelivered); err != nil {
		t.Fatal(err)
	}
	var resent int
	_ = db.Pool.QueryRow(ctx, `SELECT count(*) FROM alert_outbox WHERE send_count > 1`).Scan(&resent)
	fmt.Printf("alert fault test: expected=%d delivered=%d duplicates=%d (redis restarted at %d produced; worker A killed with %d pending at %d delivered; %d outbox rows sent more than once)\n",
		expected, distinct, got-distinct, expected/3, pendingOfA, killedAt, resent)
	if distinct != expected || got != expected || undelivered != 0 {
		t.Fatalf("expected=%d delivered=%d duplicates=%d undelivered=%d", expected, distinct, got-distinct, undelivered)
	}
	failed = false
}
