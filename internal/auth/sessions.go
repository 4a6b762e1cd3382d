package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"huhang/internal/platform/redisx"
)

const (
	// SessionIdleTTL: a session unused (not refreshed) this long ends.
	SessionIdleTTL = 7 * 24 * time.Hour
	// SessionMaxAge: no session outlives this, however active.
	SessionMaxAge = 30 * 24 * time.Hour
)

// sessionStore keeps sessions in Redis. A session is a hash
// session:{sid}; the hashes of refresh secrets already used sit in
// session:{sid}:used, so presenting one again is recognised as theft. The
// braces make both keys land on one Redis Cluster slot for the Lua script.
type sessionStore struct {
	rdb *redisx.Client
}

type session struct {
	ID          string
	Actor       Actor
	CreatedAt   time.Time
	LastSeenAt  time.Time
	ClientIP    string
	UserAgent   string
	refreshHash string
}

func (s *sessionStore) key(sid string) string     { return s.rdb.Key("session", "{"+sid+"}") }
func (s *sessionStore) usedKey(sid string) string { return s.rdb.Key("session", "{"+sid+"}", "used") }
func (s *sessionStore) userKey(uid uuid.UUID) string {
	return s.rdb.Key("user_sessions", uid.String())
}

func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// create stores a new session and returns its refresh token "sid.secret".
func (s *sessionStore) create(ctx context.Context, a Actor, clientIP, userAgent string, now time.Time) (session, string, error) {
	sid := randomToken(18)
	secret := randomToken(32)
	a.SessionID = sid
	orgID := ""
	if a.OrgID != nil {
		orgID = a.OrgID.String()
	}
	fields := map[string]any{
		"user_id": a.UserID.String(), "username": a.Username, "display_name": a.DisplayName,
		"role": string(a.Role), "org_id": orgID, "org_kind": a.OrgKind, "org_name": a.OrgName,
		"division_code": a.DivisionCode, "created_at": now.Format(time.RFC3339Nano),
		"last_seen_at": now.Format(time.RFC3339Nano), "client_ip": clientIP, "user_agent": truncate(userAgent, 256),
		"refresh": hashSecret(secret),
	}
	pipe := s.rdb.TxPipeline()
	pipe.HSet(ctx, s.key(sid), fields)
	pipe.Expire(ctx, s.key(sid), SessionIdleTTL)
	pipe.SAdd(ctx, s.userKey(a.UserID), sid)
	pipe.Expire(ctx, s.userKey(a.UserID), SessionMaxAge)
	if _, err := pipe.Exec(ctx); err != nil {
		return session{}, "", fmt.Errorf("auth: create session: %w", err)
	}
	return session{ID: sid, Actor: a, CreatedAt: now, LastSeenAt: now, ClientIP: clientIP, UserAgent: userAgent}, sid + "." + secret, nil
}

var errNoSession = errors.New("auth: no such session")

// get loads a live session.
func (s *sessionStore) get(ctx context.Context, sid string) (session, error) {
	m, err := s.rdb.HGetAll(ctx, s.key(sid)).Result()
	if err != nil {
		return session{}, fmt.Errorf("auth: load session: %w", err)
	}
	if len(m) == 0 || m["user_id"] == "" {
		return session{}, errNoSession
	}
	uid, err := uuid.Parse(m["user_id"])
	if err != nil {
		return session{}, errNoSession
	}
	a := Actor{UserID: uid, Username: m["username"], DisplayName: m["display_name"], Role: Role(m["role"]),
		OrgKind: m["org_kind"], OrgName: m["org_name"], DivisionCode: m["division_code"], SessionID: sid}
	if m["org_id"] != "" {
		if id, err := uuid.Parse(m["org_id"]); err == nil {
			a.OrgID = &id
		}
	}
	created, _ := time.Parse(time.RFC3339Nano, m["created_at"])
	seen, _ := time.Parse(time.RFC3339Nano, m["last_seen_at"])
	return session{ID: sid, Actor: a, CreatedAt: created, LastSeenAt: seen, ClientIP: m["client_ip"],
		UserAgent: m["user_agent"], refreshHash: m["refresh"]}, nil
}

// touch records activity at most once a minute, to keep writes off the hot path.
func (s *sessionStore) touch(ctx context.Context, sess session, now time.Time) {
	if now.Sub(sess.LastSeenAt) < time.Minute {
		return
	}
	s.rdb.HSet(ctx, s.key(sess.ID), "last_seen_at", now.Format(time.RFC3339Nano))
}

// rotateScript swaps the refresh secret atomically: the current secret rotates,
// a used one revokes the session (someone replayed a stolen token), anything
// else is refused without side effects.
var rotateScript = redis.NewScript(`
local current = redis.call('HGET', KEYS[1], 'refresh')
if not current then return 'missing' end
if current == ARGV[1] then
  redis.call('HSET', KEYS[1], 'refresh', ARGV[2], 'last_seen_at', ARGV[4])
  redis.call('SADD', KEYS[2], ARGV[1])
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  redis.call('EXPIRE', KEYS[2], ARGV[3])
  return 'ok'
end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then
  redis.call('DEL', KEYS[1], KEYS[2])
  return 'reused'
end
return 'mismatch'
`)

type rotation int

const (
	rotated rotation = iota
	rotationReused
	rotationRefused
)

// rotate exchanges refresh token "sid.secret" for a new one.
func (s *sessionStore) rotate(ctx context.Context, token string, now time.Time) (string, string, rotation, error) {
	sid, secret, ok := strings.Cut(token, ".")
	if !ok || sid == "" || secret == "" {
		return "", "", rotationRefused, nil
	}
	next := randomToken(32)
	res, err := rotateScript.Run(ctx, s.rdb, []string{s.key(sid), s.usedKey(sid)},
		hashSecret(secret), hashSecret(next), int(SessionIdleTTL.Seconds()), now.Format(time.RFC3339Nano)).Text()
	if err != nil {
		return "", "", rotationRefused, fmt.Errorf("auth: rotate: %w", err)
	}
	switch res {
	case "ok":
		return sid, sid + "." + next, rotated, nil
	case "reused":
		return sid, "", rotationReused, nil
	}
	return sid, "", rotationRefused, nil
}

func (s *sessionStore) delete(ctx context.Context, uid uuid.UUID, sid string) (bool, error) {
	pipe := s.rdb.TxPipeline()
	del := pipe.Del(ctx, s.key(sid), s.usedKey(sid))
	pipe.SRem(ctx, s.userKey(uid), sid)
	if _, err := pipe.Exec(ctx); err != nil {
		return false, fmt.Errorf("auth: delete session: %w", err)
	}
	return del.Val() > 0, nil
}

// list returns the user's live sessions, newest first, forgetting expired ones.
func (s *sessionStore) list(ctx context.Context, uid uuid.UUID) ([]session, error) {
	sids, err := s.rdb.SMembers(ctx, s.userKey(uid)).Result()
	if err != nil {
		return nil, fmt.Errorf("auth: list sessions: %w", err)
	}
	out := make([]session, 0, len(sids))
	for _, sid := range sids {
		sess, err := s.get(ctx, sid)
		if errors.Is(err, errNoSession) {
			s.rdb.SRem(ctx, s.userKey(uid), sid)
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, sess)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
