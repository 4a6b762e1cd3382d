package auth

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"huhang/internal/platform/apperr"
	"huhang/internal/platform/redisx"
)

// Rate is one limit: at most Max attempts within any span of Per.
type Rate struct {
	Max int
	Per time.Duration
}

// allowScript keeps one sorted set of attempt times per rate (a sliding
// log): a fixed window would let a client send Max at the end of one
// window and Max again at the start of the next. It counts the attempt in
// every set only when all of them have room, so a refused attempt uses up
// nothing: a client refused by the minute limit keeps its day's allowance.
// It answers 0, or the milliseconds until every set has room again.
// KEYS: one set per rate. ARGV: now (ms), a unique member, then max and
// span (ms) of each rate in KEYS order.
var allowScript = redis.NewScript(`
local now = tonumber(ARGV[1])
local wait = 0
for i, key in ipairs(KEYS) do
  local max, per = tonumber(ARGV[2*i+1]), tonumber(ARGV[2*i+2])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - per)
  local n = redis.call('ZCARD', key)
  if n >= max then
    -- room comes back when the attempt that makes the count max falls out
    local at = redis.call('ZRANGE', key, n - max, n - max, 'WITHSCORES')
    local w = tonumber(at[2]) + per - now
    if w < 1 then w = 1 end
    if w > wait then wait = w end
  end
end
if wait > 0 then
  return wait
end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[2])
  redis.call('PEXPIRE', key, tonumber(ARGV[2*i+2]))
end
return 0
`)

// Allow counts one attempt of key (say "complaint:203.0.113.7") against
// every rate at once, or, when any rate is used up, counts nothing and
// answers how long the caller must wait. now comes from the caller's clock,
// so tests can step past a window instead of sleeping through it. Every
// replica shares the counts through Redis.
func Allow(ctx context.Context, rdb *redisx.Client, key string, now time.Time, rates ...Rate) (time.Duration, error) {
	if rdb == nil {
		return 0, fmt.Errorf("auth: rate limit %s without Redis", key)
	}
	// The hash tag keeps all of one key's sets in one slot of a Redis
	// Cluster, which a script touching several keys needs.
	keys := make([]string, len(rates))
	args := make([]any, 0, 2+2*len(rates))
	var b [8]byte
	_, _ = rand.Read(b[:])
	args = append(args, now.UnixMilli(), strconv.FormatInt(now.UnixNano(), 36)+"-"+hex.EncodeToString(b[:]))
	for i, r := range rates {
		keys[i] = rdb.Key("rate", "{"+key+"}", strconv.FormatInt(r.Per.Milliseconds(), 10))
		args = append(args, r.Max, r.Per.Milliseconds())
	}
	ms, err := allowScript.Run(ctx, rdb, keys, args...).Int64()
	if err != nil {
		return 0, fmt.Errorf("auth: rate limit %s: %w", key, err)
	}
	return time.Duration(ms) * time.Millisecond, nil
}

// RetryAfter is a wait in whole seconds for Retry-After, rounded up so a
// client that waits as told is admitted.
func RetryAfter(d time.Duration) int { return retrySeconds(d) }

// ClientKey is the address a per-client limit applies to: the IPv4 address,
// or an IPv6 client's whole /64, which it usually owns.
func ClientKey(clientIP string) string { return clientKey(clientIP) }

// Limit counts one attempt of key against rates and answers the error a use
// case returns: nil while allowed; 429 with Retry-After and the message
// (a format with one %d, the seconds to wait) once over; 503 with busy when
// Redis cannot count, because an unprotected public route must refuse.
func Limit(ctx context.Context, rdb *redisx.Client, key string, now time.Time, busy, message string, rates ...Rate) error {
	wait, err := Allow(ctx, rdb, key, now, rates...)
	if err != nil {
		e := apperr.Unavailable(busy)
		e.Cause = fmt.Errorf("auth: count %s: %w", key, err)
		return e
	}
	if wait == 0 {
		return nil
	}
	secs := RetryAfter(wait)
	e := apperr.RateLimited(secs)
	e.Message = fmt.Sprintf(message, secs)
	return e
}
