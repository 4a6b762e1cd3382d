package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"huhang/internal/platform/redisx"
)

const (
	// MaxLoginFailures within LoginFailureWindow lock further attempts until the window passes.
	MaxLoginFailures   = 5
	LoginFailureWindow = 10 * time.Minute
)

// throttle counts failed logins per username and per client IP in Redis, so
// every replica sees the same counts.
type throttle struct {
	rdb *redisx.Client
}

func (t *throttle) keys(username, clientIP string) []string {
	return []string{
		t.rdb.Key("login_fail", "user", strings.ToLower(username)),
		t.rdb.Key("login_fail", "ip", clientIP),
	}
}

// blocked returns how long the caller must wait, or 0.
func (t *throttle) blocked(ctx context.Context, username, clientIP string) (time.Duration, error) {
	var wait time.Duration
	for _, key := range t.keys(username, clientIP) {
		n, err := t.rdb.Get(ctx, key).Int()
		if err != nil && !errors.Is(err, redis.Nil) {
			return 0, fmt.Errorf("auth: throttle: %w", err)
		}
		if n >= MaxLoginFailures {
			ttl, err := t.rdb.TTL(ctx, key).Result()
			if err != nil {
				return 0, fmt.Errorf("auth: throttle ttl: %w", err)
			}
			if ttl > wait {
				wait = ttl
			}
		}
	}
	return wait, nil
}

// fail counts one failure; the window starts at the first failure.
func (t *throttle) fail(ctx context.Context, username, clientIP string) error {
	pipe := t.rdb.TxPipeline()
	for _, key := range t.keys(username, clientIP) {
		pipe.Incr(ctx, key)
		pipe.ExpireNX(ctx, key, LoginFailureWindow)
	}
	_, err := pipe.Exec(ctx)
	return err
}

// succeed forgives the username's failures; the IP's stay, so one address
// cannot probe many accounts by logging into its own in between.
func (t *throttle) succeed(ctx context.Context, username string) error {
	return t.rdb.Del(ctx, t.rdb.Key("login_fail", "user", strings.ToLower(username))).Err()
}
