package auth_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"huhang/internal/auth"
	"huhang/internal/platform/redistest"
)

func TestAllowSlidesEachRateAndCountsOnlyAdmitted(t *testing.T) {
	t.Parallel()
	rdb := redistest.New(t)
	ctx := context.Background()
	rates := []auth.Rate{{Max: 2, Per: time.Minute}, {Max: 3, Per: time.Hour}}
	t0 := time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC)
	allow := func(at time.Time) time.Duration {
		t.Helper()
		wait, err := auth.Allow(ctx, rdb, "k:1", at, rates...)
		if err != nil {
			t.Fatal(err)
		}
		return wait
	}
	if allow(t0) != 0 || allow(t0.Add(10*time.Second)) != 0 {
		t.Fatal("the first two attempts within a minute are admitted")
	}
	// The third within the minute waits until the first leaves it, 50 s on.
	if w := allow(t0.Add(10 * time.Second)); w != 50*time.Second {
		t.Fatalf("third in a minute: wait %v, want 50s", w)
	}
	// Refused attempts used nothing: after the minute one more is admitted,
	// and only then is the hour's allowance of three spent.
	if w := allow(t0.Add(61 * time.Second)); w != 0 {
		t.Fatalf("after the minute: wait %v", w)
	}
	if w := allow(t0.Add(2 * time.Minute)); w != time.Hour-2*time.Minute {
		t.Fatalf("fourth in the hour: wait %v, want 58m", w)
	}
	if w := allow(t0.Add(time.Hour + time.Second)); w != 0 {
		t.Fatalf("an hour later: wait %v", w)
	}
	// Another key has its own counts.
	if w, err := auth.Allow(ctx, rdb, "k:2", t0.Add(10*time.Second), rates...); err != nil || w != 0 {
		t.Fatalf("other key: %v %v", w, err)
	}
}

// TestAllowHoldsUnderParallelAttempts: the check and the count are one step.
func TestAllowHoldsUnderParallelAttempts(t *testing.T) {
	t.Parallel()
	rdb := redistest.New(t)
	now := time.Now()
	var admitted atomic.Int64
	var wg sync.WaitGroup
	for range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wait, err := auth.Allow(context.Background(), rdb, "burst", now, auth.Rate{Max: 7, Per: time.Minute})
			if err != nil {
				t.Error(err)
			}
			if wait == 0 {
				admitted.Add(1)
			}
		}()
	}
	wg.Wait()
	if admitted.Load() != 7 {
		t.Fatalf("%d admitted, want 7", admitted.Load())
	}
}
