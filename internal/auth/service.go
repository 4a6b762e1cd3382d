package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/audit"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/redisx"
)

// Credentials is what login needs to know about a user.
type Credentials struct {
	Actor
	PasswordHash string
	Disabled     bool
}

// Users is implemented by the orgs service and wired in server; auth sits
// below orgs and must not import it.
type Users interface {
	// CredentialsByUsername answers NotFound for an unknown username.
	CredentialsByUsername(ctx context.Context, username string) (Credentials, error)
	// CredentialsByID answers NotFound for an unknown id.
	CredentialsByID(ctx context.Context, id uuid.UUID) (Credentials, error)
	// SetPasswordHash stores a new hash and audits it in one transaction.
	SetPasswordHash(ctx context.Context, who audit.Who, userID uuid.UUID, hash string) error
}

// Service signs users in and out and answers who a request acts for.
type Service struct {
	pool      *pgxpool.Pool
	users     Users
	keys      *Keyring
	sessions  *sessionStore
	throttle  *throttle
	clock     clock.Clock
	dummyHash string
	// hashSlots bounds the argon2id hashes running at once: each takes
	// argonMemoryKiB (19 MiB), so a burst of logins must queue, not exhaust
	// memory. hashWait is how long a login queues before it is turned away.
	hashSlots chan struct{}
	hashWait  time.Duration
}

// HashQueueWait is how long a password check waits for a free hashing slot
// before the server answers 503 with Retry-After.
const HashQueueWait = 2 * time.Second

// NewService wires the auth service.
func NewService(pool *pgxpool.Pool, rdb *redisx.Client, users Users, keys *Keyring, clk clock.Clock) (*Service, error) {
	dummy, err := dummyHash()
	if err != nil {
		return nil, err
	}
	return &Service{pool: pool, users: users, keys: keys, sessions: &sessionStore{rdb: rdb},
		throttle: &throttle{rdb: rdb}, clock: clk, dummyHash: dummy,
		// One hash per core keeps every core busy; more would only queue inside the CPU.
		hashSlots: make(chan struct{}, runtime.GOMAXPROCS(0)), hashWait: HashQueueWait}, nil
}

// dummyHash is what unknown usernames are checked against, so they cost the
// same time as a wrong password and reveal nothing. One per process is
// enough: it matches no password anyone can know.
var dummyHash = sync.OnceValues(func() (string, error) { return HashPassword(randomToken(16)) })

func serverBusy() *apperr.Error {
	return &apperr.Error{Kind: apperr.KindUnavailable, Code: "UNAVAILABLE",
		Message: "登录请求过多，服务器繁忙，请稍后重试", RetryAfterSeconds: 1}
}

// withHashSlot runs fn (which hashes a password) once a slot is free. A
// caller that waited hashWait in vain, or whose request ended, gets 503.
func (s *Service) withHashSlot(ctx context.Context, fn func()) error {
	timer := time.NewTimer(s.hashWait)
	defer timer.Stop()
	select {
	case s.hashSlots <- struct{}{}:
	case <-timer.C:
		return serverBusy()
	case <-ctx.Done():
		return serverBusy()
	}
	defer func() { <-s.hashSlots }()
	fn()
	return nil
}

// CheckUsername refuses a username no account can have before it costs a
// Redis key or a query: 300 kB of name must not become 300 kB of key.
func CheckUsername(username string) *apperr.FieldError {
	if utf8.RuneCountInString(username) > MaxUsernameLen {
		return &apperr.FieldError{Field: "username", Message: fmt.Sprintf("用户名不能超过 %d 个字符", MaxUsernameLen)}
	}
	return nil
}

// Token is the answer to a login or refresh.
type Token struct {
	AccessToken string
	ExpiresIn   int
	Actor       Actor
	// Refresh is the new refresh token for the cookie.
	Refresh string
}

var errBadCredentials = &apperr.Error{Kind: apperr.KindUnauthenticated, Code: "INVALID_CREDENTIALS", Message: "用户名或密码错误"}

func sessionEnded() *apperr.Error {
	return &apperr.Error{Kind: apperr.KindUnauthenticated, Code: "SESSION_ENDED", Message: "登录已失效，请重新登录"}
}

// Login checks the password and opens a session. An unknown user and a
// wrong password get the same answer after the same work. The attempt is
// counted before the password is hashed, so a burst of parallel guesses gets
// at most MaxLoginFailures checks, and the rest 429.
func (s *Service) Login(ctx context.Context, username, password, clientIP, userAgent string) (Token, error) {
	if fe := CheckUsername(username); fe != nil {
		return Token{}, apperr.Invalid("用户名过长", *fe)
	}
	wait, err := s.throttle.admit(ctx, username, clientIP, s.clock.Now())
	if err != nil {
		return Token{}, err
	}
	if wait > 0 {
		return Token{}, apperr.RateLimited(retrySeconds(wait))
	}
	creds, err := s.users.CredentialsByUsername(ctx, username)
	found := err == nil
	if err != nil && apperr.KindOf(err) != apperr.KindNotFound {
		return Token{}, errors.Join(err, s.throttle.refund(context.WithoutCancel(ctx), username, clientIP, false, s.clock.Now()))
	}
	hash := s.dummyHash
	if found {
		hash = creds.PasswordHash
	}
	var ok bool
	var verr error
	if err := s.withHashSlot(ctx, func() { ok, verr = VerifyPassword(hash, password) }); err != nil {
		// Nothing was checked: the attempt must not count against the user.
		return Token{}, errors.Join(err, s.throttle.refund(context.WithoutCancel(ctx), username, clientIP, false, s.clock.Now()))
	}
	if verr != nil {
		return Token{}, apperr.Internal(verr)
	}
	if !found || !ok || creds.Disabled {
		return Token{}, errBadCredentials
	}
	if err := s.throttle.refund(ctx, username, clientIP, true, s.clock.Now()); err != nil {
		return Token{}, err
	}
	now := s.clock.Now()
	sess, refresh, err := s.sessions.create(ctx, creds.Actor, clientIP, userAgent, now)
	if err != nil {
		return Token{}, err
	}
	if err := s.audit(ctx, sess.Actor, "auth.login", map[string]any{"session_id": sess.ID, "client_ip": clientIP}); err != nil {
		return Token{}, err
	}
	return s.issue(sess.Actor, refresh, now)
}

func (s *Service) issue(a Actor, refresh string, now time.Time) (Token, error) {
	access, err := s.keys.Issue(a.UserID, a.SessionID, now)
	if err != nil {
		return Token{}, apperr.Internal(err)
	}
	return Token{AccessToken: access, ExpiresIn: int(AccessTTL.Seconds()), Actor: a, Refresh: refresh}, nil
}

// Refresh rotates the refresh token. Presenting one that was already rotated
// means it was copied: the whole session ends.
func (s *Service) Refresh(ctx context.Context, refresh string) (Token, error) {
	now := s.clock.Now()
	sid, next, result, err := s.sessions.rotate(ctx, refresh, now)
	if err != nil {
		return Token{}, err
	}
	switch result {
	case rotationReused:
		slog.WarnContext(ctx, "refresh token reused; session revoked", "session_id", sid)
		return Token{}, sessionEnded()
	case rotationRefused:
		return Token{}, sessionEnded()
	}
	sess, err := s.sessions.get(ctx, sid)
	if err != nil {
		return Token{}, sessionEnded()
	}
	if now.Sub(sess.CreatedAt) > SessionMaxAge {
		_, _ = s.sessions.delete(ctx, sess.Actor.UserID, sid)
		return Token{}, sessionEnded()
	}
	creds, err := s.users.CredentialsByID(ctx, sess.Actor.UserID)
	if err != nil || creds.Disabled {
		_, _ = s.sessions.delete(ctx, sess.Actor.UserID, sid)
		return Token{}, sessionEnded()
	}
	return s.issue(sess.Actor, next, now)
}

// Authenticate turns a bearer token into the actor of its live session.
func (s *Service) Authenticate(ctx context.Context, bearer string) (Actor, error) {
	now := s.clock.Now()
	v, err := s.keys.Parse(bearer, now)
	if err != nil {
		return Actor{}, apperr.Unauthenticated("登录凭证无效或已过期，请重新登录")
	}
	sess, err := s.sessions.get(ctx, v.SessionID)
	if errors.Is(err, errNoSession) || (err == nil && sess.Actor.UserID != v.UserID) {
		return Actor{}, sessionEnded()
	}
	if err != nil {
		return Actor{}, apperr.Unavailable("会话服务暂不可用，请稍后重试")
	}
	s.sessions.touch(ctx, sess, now)
	return sess.Actor, nil
}

// Logout ends the actor's session at once.
func (s *Service) Logout(ctx context.Context, a Actor) error {
	if _, err := s.sessions.delete(ctx, a.UserID, a.SessionID); err != nil {
		return err
	}
	return s.audit(ctx, a, "auth.logout", map[string]any{"session_id": a.SessionID})
}

// SessionInfo describes one of the actor's sessions.
type SessionInfo struct {
	ID         string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ClientIP   string
	UserAgent  string
	Current    bool
}

// Sessions lists the actor's own live sessions.
func (s *Service) Sessions(ctx context.Context, a Actor) ([]SessionInfo, error) {
	list, err := s.sessions.list(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	out := make([]SessionInfo, 0, len(list))
	for _, sess := range list {
		out = append(out, SessionInfo{ID: sess.ID, CreatedAt: sess.CreatedAt, LastSeenAt: sess.LastSeenAt,
			ClientIP: sess.ClientIP, UserAgent: sess.UserAgent, Current: sess.ID == a.SessionID})
	}
	return out, nil
}

// Revoke ends one of the actor's own sessions; anyone else's is NotFound.
func (s *Service) Revoke(ctx context.Context, a Actor, sid string) error {
	sess, err := s.sessions.get(ctx, sid)
	if errors.Is(err, errNoSession) || (err == nil && sess.Actor.UserID != a.UserID) {
		return apperr.NotFound("会话不存在")
	}
	if err != nil {
		return err
	}
	if _, err := s.sessions.delete(ctx, a.UserID, sid); err != nil {
		return err
	}
	return s.audit(ctx, a, "auth.session_revoke", map[string]any{"session_id": sid})
}

// ChangePassword checks the current password and the policy, stores the new
// hash and ends every other session of the user.
func (s *Service) ChangePassword(ctx context.Context, a Actor, current, next string) error {
	creds, err := s.users.CredentialsByID(ctx, a.UserID)
	if err != nil {
		return err
	}
	var problems []apperr.FieldError
	var ok bool
	var verr error
	if err := s.withHashSlot(ctx, func() { ok, verr = VerifyPassword(creds.PasswordHash, current) }); err != nil {
		return err
	}
	if verr != nil {
		return apperr.Internal(verr)
	} else if !ok {
		problems = append(problems, apperr.FieldError{Field: "current_password", Message: "当前密码不正确"})
	}
	for _, p := range PasswordProblems(a.Username, next) {
		problems = append(problems, apperr.FieldError{Field: "new_password", Message: p})
	}
	if current != "" && current == next {
		problems = append(problems, apperr.FieldError{Field: "new_password", Message: "新密码不能与当前密码相同"})
	}
	if len(problems) > 0 {
		return apperr.Invalid("密码修改失败", problems...)
	}
	var hash string
	var herr error
	if err := s.withHashSlot(ctx, func() { hash, herr = HashPassword(next) }); err != nil {
		return err
	}
	if herr != nil {
		return apperr.Internal(herr)
	}
	if err := s.users.SetPasswordHash(ctx, a.Who(), a.UserID, hash); err != nil {
		return err
	}
	others, err := s.sessions.list(ctx, a.UserID)
	if err != nil {
		return err
	}
	for _, sess := range others {
		if sess.ID != a.SessionID {
			if _, err := s.sessions.delete(ctx, a.UserID, sess.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Service) audit(ctx context.Context, a Actor, action string, after any) error {
	return postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		return audit.Record(ctx, tx, a.Who(), audit.Event{
			Action: action, SubjectType: "user", SubjectID: a.UserID.String(),
			DivisionCode: a.DivisionCode, After: after,
		})
	})
}
