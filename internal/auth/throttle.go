package auth

import (
	"context"
	"fmt"
	"math"
	"net/netip"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"huhang/internal/platform/redisx"
)

const (
	// MaxLoginFailures wrong passwords for one username are checked at once;
	// after them each further attempt waits LoginDelayBase, doubling per
	// failure up to LoginDelayCap. A delay rather than a lock: whoever guesses
	// at `admin` can keep its owner waiting at most LoginDelayCap per try,
	// never for a whole window, and a good login clears the count.
	MaxLoginFailures = 5
	LoginDelayBase   = 5 * time.Second
	LoginDelayCap    = 5 * time.Minute
	// LoginFailureWindow of quiet forgets a username's failures.
	LoginFailureWindow = 10 * time.Minute

	// MaxLoginFailuresPerIP within LoginIPWindow stop one client address (an
	// IPv6 client's whole /64) from trying more, whatever names it tries. It
	// is higher than the per-name limit because a school's lab or a company
	// sits behind one NAT address.
	MaxLoginFailuresPerIP = 20
	LoginIPWindow         = 10 * time.Minute

	// MaxUsernameLen bounds a username before it reaches Redis or the database.
	MaxUsernameLen = 64
)

// throttle counts login attempts per username and per client address in
// Redis, so every replica sees the same counts. An attempt is counted before
// its password is hashed, atomically in one script, so a burst of parallel
// guesses cannot slip past the limit while the first ones are still hashing;
// a good login (or one never checked) gives its count back.
type throttle struct {
	rdb *redisx.Client
}

// Both keys carry the hash tag {login} so the one script may touch them on
// Redis Cluster; login traffic is small enough for one slot.
func (t *throttle) userKey(username string) string {
	return t.rdb.Key("{login}", "user", strings.ToLower(username))
}

func (t *throttle) ipKey(clientIP string) string {
	return t.rdb.Key("{login}", "ip", clientKey(clientIP))
}

// clientKey is the address a limit applies to. An IPv6 client usually owns a
// whole /64 and could otherwise rotate through 2^64 addresses.
func clientKey(clientIP string) string {
	addr, err := netip.ParseAddr(clientIP)
	if err != nil {
		return clientIP
	}
	addr = addr.Unmap()
	if addr.Is4() {
		return addr.String()
	}
	p, _ := addr.WithZone("").Prefix(64)
	return p.String()
}

// admitScript answers 0 when the attempt may be checked (and counts it), or
// the milliseconds to wait. KEYS: user hash {n, next}, ip counter. ARGV: now
// (ms), free attempts, base delay, delay cap, quiet window, ip limit, ip window.
var admitScript = redis.NewScript(`
local now = tonumber(ARGV[1])
local free, base, cap = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local quiet, ipLimit, ipWindow = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])

local ipCount = tonumber(redis.call('GET', KEYS[2]) or '0')
if ipCount >= ipLimit then
  local ttl = redis.call('PTTL', KEYS[2])
  if ttl < 0 then
    ttl = ipWindow
    redis.call('PEXPIRE', KEYS[2], ipWindow)
  end
  return ttl
end

local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
local nextAt = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
if now < nextAt then
  return nextAt - now
end
n = n + 1
local delay = 0
if n >= free then
  delay = cap
  if n - free < 40 then
    delay = math.min(cap, base * 2 ^ (n - free))
  end
end
redis.call('HSET', KEYS[1], 'n', n, 'next', string.format('%d', now + delay))
redis.call('PEXPIRE', KEYS[1], string.format('%d', delay + quiet))
if redis.call('INCR', KEYS[2]) == 1 then
  redis.call('PEXPIRE', KEYS[2], ipWindow)
end
return 0
`)

// admit counts one attempt, or says how long the caller must wait.
func (t *throttle) admit(ctx context.Context, username, clientIP string, now time.Time) (time.Duration, error) {
	ms, err := admitScript.Run(ctx, t.rdb, []string{t.userKey(username), t.ipKey(clientIP)},
		now.UnixMilli(), MaxLoginFailures, LoginDelayBase.Milliseconds(), LoginDelayCap.Milliseconds(),
		LoginFailureWindow.Milliseconds(), MaxLoginFailuresPerIP, LoginIPWindow.Milliseconds()).Int64()
	if err != nil {
		return 0, fmt.Errorf("auth: throttle: %w", err)
	}
	return time.Duration(ms) * time.Millisecond, nil
}

// refundScript gives back an attempt that was not a failure. ARGV[1] "ok":
// the password was right, so the username's failures are forgiven; the
// address keeps its earlier failures, so one client cannot probe many names
// by logging into its own in between. ARGV[1] "unchecked": the server never
// checked the password (too busy), so the attempt counts for nothing.
var refundScript = redis.NewScript(`
if ARGV[1] == 'ok' then
  redis.call('DEL', KEYS[1])
else
  local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
  if n > 0 then
    redis.call('HSET', KEYS[1], 'n', n - 1, 'next', ARGV[2])
  end
end
local ip = tonumber(redis.call('GET', KEYS[2]) or '0')
if ip > 0 then
  redis.call('DECR', KEYS[2])
end
return 0
`)

func (t *throttle) refund(ctx context.Context, username, clientIP string, checked bool, now time.Time) error {
	mode := "unchecked"
	if checked {
		mode = "ok"
	}
	err := refundScript.Run(ctx, t.rdb, []string{t.userKey(username), t.ipKey(clientIP)}, mode, now.UnixMilli()).Err()
	if err != nil {
		return fmt.Errorf("auth: throttle refund: %w", err)
	}
	return nil
}

// retrySeconds rounds a wait up, so a client that waits as told is admitted.
func retrySeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}
