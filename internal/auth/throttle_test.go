package auth

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"huhang/internal/audit"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/redistest"
)

func TestClientKeyGroupsIPv6By64(t *testing.T) {
	cases := map[string]string{
		"198.51.100.7":                  "198.51.100.7",
		"::ffff:198.51.100.7":           "198.51.100.7",
		"2001:db8:1:2::a":               "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff:1:2:3":       "2001:db8:1:2::/64",
		"2001:db8:1:3::a":               "2001:db8:1:3::/64",
		"fe80::1%eth0":                  "fe80::/64",
		"not an address, left as it is": "not an address, left as it is",
	}
	for in, want := range cases {
		if got := clientKey(in); got != want {
			t.Errorf("clientKey(%q) = %q, want %q", in, got, want)
		}
	}
}

type noUsers struct{}

func (noUsers) CredentialsByUsername(context.Context, string) (Credentials, error) {
	return Credentials{}, apperr.NotFound("no such user")
}
func (noUsers) CredentialsByID(context.Context, uuid.UUID) (Credentials, error) {
	return Credentials{}, apperr.NotFound("no such user")
}
func (noUsers) SetPasswordHash(context.Context, audit.Who, uuid.UUID, string) error { return nil }

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// While every hashing slot is busy a login waits briefly, then answers 503
// with Retry-After; the attempt it never checked does not count.
func TestBusyHashingAnswers503AndCountsNothing(t *testing.T) {
	t.Parallel()
	rdb := redistest.New(t)
	keys, err := NewKeyring([]byte("throttle-test-key-0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	svc, err := NewService(nil, rdb, noUsers{}, keys, fixedClock{time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if cap(svc.hashSlots) < 1 {
		t.Fatal("at least one hashing slot")
	}
	svc.hashWait = 50 * time.Millisecond
	for range cap(svc.hashSlots) {
		svc.hashSlots <- struct{}{}
	}
	for i := range MaxLoginFailures + 2 {
		start := time.Now()
		_, err := svc.Login(context.Background(), "admin", "Wrong-Password-1", "198.51.100.9", "test")
		e := apperr.As(err)
		if e == nil || e.Kind != apperr.KindUnavailable || e.RetryAfterSeconds < 1 {
			t.Fatalf("attempt %d: want 503 with Retry-After, got %v", i, err)
		}
		if waited := time.Since(start); waited < svc.hashWait {
			t.Fatalf("attempt %d answered after %v, before waiting its turn", i, waited)
		}
	}
	svc.hashWait = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := svc.Login(ctx, "admin", "Wrong-Password-1", "198.51.100.9", "test"); apperr.KindOf(err) != apperr.KindUnavailable {
		t.Fatalf("a request that ended stops waiting: %v", err)
	}
	if waited := time.Since(start); waited > 10*time.Second {
		t.Fatalf("the ended request waited %v", waited)
	}
	for range cap(svc.hashSlots) {
		<-svc.hashSlots
	}
	// Nothing was checked above, so all five checks are still there.
	for i := range MaxLoginFailures {
		_, err := svc.Login(context.Background(), "admin", "Wrong-Password-1", "198.51.100.9", "test")
		if !errors.Is(err, errBadCredentials) {
			t.Fatalf("check %d after the queue cleared: %v", i, err)
		}
	}
	_, err = svc.Login(context.Background(), "admin", "Wrong-Password-1", "198.51.100.9", "test")
	if apperr.KindOf(err) != apperr.KindRateLimited {
		t.Fatalf("the sixth waits: %v", err)
	}
}
