package worker_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"huhang/internal/platform/clock"
	"huhang/internal/platform/pgtest"
	"huhang/internal/worker"
)

func waitFor(t *testing.T, ch <-chan bool, want bool, within time.Duration) {
	t.Helper()
	select {
	case got := <-ch:
		if got != want {
			t.Fatalf("leadership changed to %v, want %v", got, want)
		}
	case <-time.After(within):
		t.Fatalf("no leadership change to %v within %s", want, within)
	}
}

// TestOneLeaderAtATime runs two workers on one database: only one runs the
// jobs, and when it stops the other takes over.
func TestOneLeaderAtATime(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	var runsA, runsB atomic.Int64
	job := func(n *atomic.Int64) worker.Job {
		return worker.Job{Name: "count", Interval: 50 * time.Millisecond, Run: func(context.Context) error { n.Add(1); return nil }}
	}
	a := worker.New(db.Pool, logger, 50*time.Millisecond, job(&runsA))
	b := worker.New(db.Pool, logger, 50*time.Millisecond, job(&runsB))

	ctxA, stopA := context.WithCancel(context.Background())
	doneA := make(chan struct{})
	go func() { _ = a.Run(ctxA); close(doneA) }()
	waitFor(t, a.Leadership(), true, 5*time.Second)

	ctxB, stopB := context.WithCancel(context.Background())
	defer stopB()
	doneB := make(chan struct{})
	go func() { _ = b.Run(ctxB); close(doneB) }()
	time.Sleep(300 * time.Millisecond)
	if runsB.Load() != 0 {
		t.Fatalf("follower ran its job %d times while another led", runsB.Load())
	}
	if runsA.Load() == 0 {
		t.Fatal("leader never ran its job")
	}

	stopA()
	<-doneA
	waitFor(t, b.Leadership(), true, 5*time.Second)
	deadline := time.Now().Add(2 * time.Second)
	for runsB.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if runsB.Load() == 0 {
		t.Fatal("new leader never ran its job")
	}
	stopB()
	<-doneB
}

func TestMissingCalendarYears(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	cases := map[string][]int{
		"2026-06-01": nil,          // 2026 is loaded by the migration
		"2026-11-14": nil,          // too early to expect next year's notice
		"2026-11-28": {2027},       // the 2027 notice is due
		"2027-03-01": {2027},       // a whole year without its calendar
		"2027-12-01": {2027, 2028}, // both missing
	}
	for day, want := range cases {
		d, _ := clock.ParseDate(day)
		got, err := worker.MissingCalendarYears(context.Background(), db.Pool, d)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Errorf("%s: missing %v, want %v", day, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: missing %v, want %v", day, got, want)
			}
		}
	}
}

func TestStaleUploadsJobRunsTheCleanup(t *testing.T) {
	t.Parallel()
	calls := 0
	boom := errors.New("boom")
	job := worker.StaleUploads(func(context.Context) (int, error) { calls++; return 3, boom }, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := job.Run(context.Background()); !errors.Is(err, boom) || calls != 1 || job.Interval <= 0 {
		t.Fatalf("job: %v, %d calls, interval %s", err, calls, job.Interval)
	}
}
