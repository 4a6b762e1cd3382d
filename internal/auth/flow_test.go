package auth_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"huhang/internal/auth"
	"huhang/internal/platform/apitest"
	"huhang/internal/seed"
	"huhang/internal/testapp"
)

type me struct {
	ID           string  `json:"id"`
	Username     string  `json:"username"`
	Role         string  `json:"role"`
	OrgName      *string `json:"org_name"`
	DivisionCode *string `json:"division_code"`
}

func login(c *apitest.Client, username, password string) *apitest.Response {
	return c.PostJSON("/api/v1/auth/login", map[string]string{"username": username, "password": password})
}

func TestLoginAndMe(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.Login("school1")
	var m me
	r := c.Get("/api/v1/auth/me")
	r.JSON(&m)
	if r.Code != 200 || m.Role != "school_admin" || m.OrgName == nil || *m.OrgName != "通江县职业高级中学" || *m.DivisionCode != "511921" {
		t.Fatalf("me: %d %+v", r.Code, m)
	}
	ck := c.Cookies[auth.RefreshCookie]
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/api/v1/auth" {
		t.Fatalf("refresh cookie must be httpOnly, SameSite=Strict, scoped to /api/v1/auth: %+v", ck)
	}
	var n int
	if err := app.DB.Pool.QueryRow(context.Background(),
		`SELECT count(*) FROM audit_events WHERE action = 'auth.login' AND subject_id = $1 AND request_id IS NOT NULL`, m.ID).Scan(&n); err != nil || n != 1 {
		t.Fatalf("login must be audited with its request id: %d %v", n, err)
	}
	if r := app.Anonymous().Get("/api/v1/auth/me"); r.Code != 401 {
		t.Fatalf("anonymous me: %d", r.Code)
	}
}

func TestLogoutBitesOnTheNextRequest(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.Login("teacher1")
	if r := c.Get("/api/v1/auth/me"); r.Code != 200 {
		t.Fatalf("before logout: %d", r.Code)
	}
	if r := c.PostJSON("/api/v1/auth/logout", ``); r.Code != 204 {
		t.Fatalf("logout: %d %s", r.Code, r.Body)
	}
	if r := c.Get("/api/v1/auth/me"); r.Code != 401 {
		t.Fatalf("the old access token must answer 401 right after logout, got %d", r.Code)
	}
	if r := c.PostJSON("/api/v1/auth/refresh", ``); r.Code != 401 {
		t.Fatalf("refresh after logout: %d", r.Code)
	}
}

func TestSameAnswerForUnknownUserAndWrongPassword(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	a := login(app.Anonymous(), "nobody-here", "Whatever-123")
	b := login(app.Anonymous(), "school1", "Whatever-123")
	if a.Code != 401 || b.Code != 401 || a.ErrorCode() != "INVALID_CREDENTIALS" || b.ErrorCode() != b.ErrorCode() {
		t.Fatalf("unknown %d %s, wrong %d %s", a.Code, a.Body, b.Code, b.Body)
	}
	var ea, eb struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	a.JSON(&ea)
	b.JSON(&eb)
	if ea.Error != eb.Error {
		t.Fatalf("answers differ: %+v vs %+v", ea.Error, eb.Error)
	}
	if r := login(app.Anonymous(), "", ""); r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"username"`) || !strings.Contains(r.Body.String(), `"field":"password"`) {
		t.Fatalf("empty login must name both fields: %d %s", r.Code, r.Body)
	}
}

func TestRefreshRotatesAndReuseRevokes(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.Login("ent1")
	first := c.Cookies[auth.RefreshCookie].Value

	r := c.PostJSON("/api/v1/auth/refresh", ``)
	if r.Code != 200 {
		t.Fatalf("refresh: %d %s", r.Code, r.Body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	r.JSON(&tok)
	second := c.Cookies[auth.RefreshCookie].Value
	if second == first || tok.AccessToken == "" {
		t.Fatal("refresh must rotate the cookie and issue a token")
	}
	c.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	if r := c.Get("/api/v1/auth/me"); r.Code != 200 {
		t.Fatalf("new access token: %d", r.Code)
	}

	// A thief replays the first refresh token.
	thief := app.Anonymous()
	thief.Cookies[auth.RefreshCookie] = &http.Cookie{Name: auth.RefreshCookie, Value: first}
	if r := thief.PostJSON("/api/v1/auth/refresh", ``); r.Code != 401 {
		t.Fatalf("reused refresh token: %d", r.Code)
	}
	// The whole session is gone: the owner's access and refresh tokens too.
	if r := c.Get("/api/v1/auth/me"); r.Code != 401 {
		t.Fatalf("after reuse the session must be revoked, me answered %d", r.Code)
	}
	if r := c.PostJSON("/api/v1/auth/refresh", ``); r.Code != 401 {
		t.Fatalf("after reuse the current refresh token must fail too: %d", r.Code)
	}
}

func TestAccessTokenExpires(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.Login("mentor1")
	app.Clock.Advance(auth.AccessTTL + time.Second)
	if r := c.Get("/api/v1/auth/me"); r.Code != 401 {
		t.Fatalf("expired access token: %d", r.Code)
	}
	r := c.PostJSON("/api/v1/auth/refresh", ``)
	if r.Code != 200 {
		t.Fatalf("the refresh cookie outlives the access token: %d", r.Code)
	}
}

func retryAfter(t *testing.T, r *apitest.Response) int {
	t.Helper()
	if r.Code != http.StatusTooManyRequests || r.ErrorCode() != "RATE_LIMITED" {
		t.Fatalf("want 429 RATE_LIMITED, got %d %s", r.Code, r.Body)
	}
	wait, err := strconv.Atoi(r.Header().Get("Retry-After"))
	if err != nil {
		t.Fatalf("Retry-After %q", r.Header().Get("Retry-After"))
	}
	return wait
}

// After five failures each attempt waits a delay that doubles: enough to stop
// guessing, never a lock that a stranger can put on someone else's account.
func TestWrongPasswordsGrowADelayNotALock(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	for i := 1; i <= auth.MaxLoginFailures; i++ {
		if r := login(app.Anonymous(), "county1", "Wrong-Password-1"); r.Code != 401 {
			t.Fatalf("failure %d: %d", i, r.Code)
		}
	}
	delay := auth.LoginDelayBase
	for step := range 3 {
		if wait := retryAfter(t, login(app.Anonymous(), "county1", "Wrong-Password-1")); wait != int(delay.Seconds()) {
			t.Fatalf("step %d: Retry-After %d, want %v", step, wait, delay)
		}
		app.Clock.Advance(delay - time.Second)
		retryAfter(t, login(app.Anonymous(), "County1", seed.DemoPassword)) // one second early, whatever the case or password
		app.Clock.Advance(time.Second)
		if r := login(app.Anonymous(), "county1", "Wrong-Password-1"); r.Code != 401 {
			t.Fatalf("step %d: once the delay has passed one more try is checked: %d", step, r.Code)
		}
		delay *= 2
	}
	// However long someone has guessed, the owner never waits more than the cap.
	for range 10 {
		app.Clock.Advance(auth.LoginDelayCap)
		if r := login(app.Anonymous(), "county1", "Wrong-Password-1"); r.Code != 401 {
			t.Fatalf("after the cap: %d", r.Code)
		}
	}
	if wait := retryAfter(t, login(app.Anonymous(), "county1", seed.DemoPassword)); wait != int(auth.LoginDelayCap.Seconds()) {
		t.Fatalf("the delay stops growing at the cap: %d", wait)
	}
	app.Clock.Advance(auth.LoginDelayCap)
	if r := login(app.Anonymous(), "county1", seed.DemoPassword); r.Code != 200 {
		t.Fatalf("the owner gets in once the delay has passed: %d %s", r.Code, r.Body)
	}
}

// 30 wrong passwords at once for one account: counted before hashing, so at
// most five are checked and the rest wait.
func TestParallelGuessesAreCountedBeforeHashing(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	const n = 30
	codes := make(chan *apitest.Response, n)
	var wg sync.WaitGroup
	for range n {
		c := app.Anonymous()
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- login(c, "school1", "Wrong-Password-1")
		}()
	}
	wg.Wait()
	close(codes)
	count := map[int]int{}
	for r := range codes {
		count[r.Code]++
		if r.Code == 429 && r.Header().Get("Retry-After") == "" {
			t.Error("a 429 must say when to retry")
		}
	}
	// A guess let through may still meet a full hashing queue (503) on a
	// loaded machine; it was counted all the same. What matters is that no
	// more than the allowance got past the counter.
	if passed := count[401] + count[503]; passed > auth.MaxLoginFailures || passed+count[429] != n {
		t.Fatalf("want at most %d past the counter (401 or 503) and the rest 429, got %v", auth.MaxLoginFailures, count)
	}
	if r := login(app.Anonymous(), "school1", seed.DemoPassword); r.Code != 429 {
		t.Fatalf("right after the burst even the right password waits: %d", r.Code)
	}
}

func TestOverlongUsernameNeverReachesRedis(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	huge := strings.Repeat("a", 300_000)
	r := login(app.Anonymous(), huge, "Wrong-Password-1")
	if r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"username"`) || !strings.Contains(r.Body.String(), "64") {
		t.Fatalf("300 kB username: %d %.300s", r.Code, r.Body)
	}
	sixtyFour := strings.Repeat("名", auth.MaxUsernameLen)
	if r := login(app.Anonymous(), sixtyFour, "Wrong-Password-1"); r.Code != 401 {
		t.Fatalf("64 characters (even of 3 bytes each) are a username: %d %s", r.Code, r.Body)
	}
	if r := login(app.Anonymous(), sixtyFour+"a", "Wrong-Password-1"); r.Code != 400 {
		t.Fatalf("65 characters are not: %d", r.Code)
	}
	ctx := context.Background()
	keys := 0
	iter := app.Redis.Scan(ctx, 0, app.Redis.Prefix()+"*", 100).Iterator()
	for iter.Next(ctx) {
		keys++
		if len(iter.Val()) > 1024 {
			t.Fatalf("a key of %d bytes: %.80s…", len(iter.Val()), iter.Val())
		}
	}
	if err := iter.Err(); err != nil || keys == 0 {
		t.Fatalf("scan found %d keys: %v (the 64-character attempt must have left its count)", keys, err)
	}
}

func TestGoodLoginClearsTheUsernameButNotTheAddress(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	from := func(username, password, ip string) int {
		body := `{"username":"` + username + `","password":"` + password + `"}`
		req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = ip + ":4000"
		return app.Anonymous().Do(req).Code
	}
	for i := range auth.MaxLoginFailures - 1 {
		if code := from("school2", "Wrong-Password-1", "198.51.100.20"); code != 401 {
			t.Fatalf("failure %d: %d", i, code)
		}
	}
	if code := from("school2", seed.DemoPassword, "198.51.100.21"); code != 200 {
		t.Fatalf("good login: %d", code)
	}
	// Forgiven: five more failures are checked before any delay.
	for i := range auth.MaxLoginFailures {
		if code := from("school2", "Wrong-Password-1", "198.51.100.22"); code != 401 {
			t.Fatalf("after a good login, failure %d: %d", i, code)
		}
	}
	if code := from("school2", "Wrong-Password-1", "198.51.100.22"); code != 429 {
		t.Fatalf("the sixth failure after the good login waits: %d", code)
	}
	// The address keeps its failures through its own good logins, so it
	// cannot probe many names by signing into its own account in between.
	ip := "198.51.100.30"
	for i := range auth.MaxLoginFailuresPerIP - 1 {
		if code := from("probe"+strconv.Itoa(i), "Wrong-Password-1", ip); code != 401 {
			t.Fatalf("probe %d: %d", i, code)
		}
	}
	if code := from("teacher1", seed.DemoPassword, ip); code != 200 {
		t.Fatalf("own login from the probing address: %d", code)
	}
	if code := from("probe-last", "Wrong-Password-1", ip); code != 401 {
		t.Fatalf("the good login itself is not a failure: %d", code)
	}
	if code := from("probe-more", "Wrong-Password-1", ip); code != 429 {
		t.Fatalf("the address's failures stay after its good login: %d", code)
	}
}

func TestThrottlePerClientAddress(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.Anonymous()
	attempt := func(username, hostport string) int {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login",
			strings.NewReader(`{"username":"`+username+`","password":"Wrong-Password-1"}`))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = hostport
		return c.Do(req).Code
	}
	for i := range auth.MaxLoginFailuresPerIP {
		if code := attempt("probe"+strconv.Itoa(i), "198.51.100.7:4000"); code != 401 {
			t.Fatalf("attempt %d: %d", i, code)
		}
	}
	if code := attempt("another-name", "198.51.100.7:4001"); code != 429 {
		t.Fatalf("one address trying many names must be throttled: %d", code)
	}
	if code := attempt("another-name", "198.51.100.8:4000"); code != 401 {
		t.Fatalf("another address is not affected: %d", code)
	}
	// An IPv6 client owns its /64: hopping between its addresses does not help.
	for i := range auth.MaxLoginFailuresPerIP {
		if code := attempt("v6probe"+strconv.Itoa(i), "[2001:db8:1:2::"+strconv.FormatInt(int64(i+1), 16)+"]:4000"); code != 401 {
			t.Fatalf("IPv6 attempt %d: %d", i, code)
		}
	}
	if code := attempt("v6-next", "[2001:db8:1:2:ffff:ffff:ffff:ffff]:4000"); code != 429 {
		t.Fatalf("another address of the same /64 must be throttled: %d", code)
	}
	if code := attempt("v6-next", "[2001:db8:1:3::1]:4000"); code != 401 {
		t.Fatalf("the next /64 is someone else: %d", code)
	}
}

func TestSessionsListAndRevoke(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	phone := app.Login("school1")
	laptop := app.Login("school1")
	other := app.Login("school2")

	var list struct {
		Items []struct {
			ID      string `json:"id"`
			Current bool   `json:"current"`
		} `json:"items"`
	}
	phone.Get("/api/v1/auth/sessions").JSON(&list)
	if len(list.Items) != 2 {
		t.Fatalf("want 2 sessions, got %+v", list.Items)
	}
	var laptopID string
	for _, s := range list.Items {
		if !s.Current {
			laptopID = s.ID
		}
	}
	var otherList struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	other.Get("/api/v1/auth/sessions").JSON(&otherList)
	if r := phone.Do(httptest.NewRequest(http.MethodDelete, "/api/v1/auth/sessions/"+otherList.Items[0].ID, nil)); r.Code != 404 {
		t.Fatalf("revoking someone else's session: %d", r.Code)
	}
	if r := other.Get("/api/v1/auth/me"); r.Code != 200 {
		t.Fatal("the other user's session must survive")
	}
	if r := phone.Do(httptest.NewRequest(http.MethodDelete, "/api/v1/auth/sessions/"+laptopID, nil)); r.Code != 204 {
		t.Fatalf("revoke own: %d %s", r.Code, r.Body)
	}
	if r := laptop.Get("/api/v1/auth/me"); r.Code != 401 {
		t.Fatalf("revoked session still works: %d", r.Code)
	}
	if r := phone.Get("/api/v1/auth/me"); r.Code != 200 {
		t.Fatal("the revoking session must survive")
	}
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.Login("student1")
	other := app.Login("student1")

	r := c.PostJSON("/api/v1/auth/password", map[string]string{"current_password": "Wrong-one-123", "new_password": "weak"})
	body := r.Body.String()
	if r.Code != 400 || !strings.Contains(body, `"field":"current_password"`) || !strings.Contains(body, `"field":"new_password"`) {
		t.Fatalf("every bad field must be named: %d %s", r.Code, body)
	}
	if r := c.PostJSON("/api/v1/auth/password", map[string]string{"current_password": seed.DemoPassword, "new_password": "Student1-new-pass"}); r.Code != 400 {
		t.Fatalf("a password containing the username must be refused: %d", r.Code)
	}
	if r := c.PostJSON("/api/v1/auth/password", map[string]string{"current_password": seed.DemoPassword, "new_password": "Yang-Xiaoyu-2027"}); r.Code != 204 {
		t.Fatalf("change: %d %s", r.Code, r.Body)
	}
	if r := other.Get("/api/v1/auth/me"); r.Code != 401 {
		t.Fatalf("other sessions must end on a password change: %d", r.Code)
	}
	if r := c.Get("/api/v1/auth/me"); r.Code != 200 {
		t.Fatal("the changing session continues")
	}
	if r := login(app.Anonymous(), "student1", seed.DemoPassword); r.Code != 401 {
		t.Fatal("the old password must stop working")
	}
	app.LoginWith("student1", "Yang-Xiaoyu-2027")
}

// Another site's page cannot sign a visitor in, nor spend their refresh
// cookie: the refused refresh leaves the session as it was.
func TestCrossSiteLoginAndRefreshAreRefused(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.Anonymous()
	c.Header.Set("Origin", "https://evil.example")
	if r := login(c, "school1", seed.DemoPassword); r.Code != 403 || r.ErrorCode() != "CROSS_SITE_REQUEST" {
		t.Fatalf("cross-site login: %d %s", r.Code, r.Body)
	}
	own := app.Login("school1")
	cookie := own.Cookies[auth.RefreshCookie].Value
	req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/refresh", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if r := own.Do(req); r.Code != 403 {
		t.Fatalf("cross-site refresh: %d %s", r.Code, r.Body)
	}
	if own.Cookies[auth.RefreshCookie] == nil || own.Cookies[auth.RefreshCookie].Value != cookie {
		t.Fatal("a refused refresh must not touch the cookie")
	}
	req = httptest.NewRequest(http.MethodPost, "/api/v1/auth/refresh", nil)
	req.Header.Set("Origin", "http://example.com")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if r := own.Do(req); r.Code != 200 {
		t.Fatalf("the site's own refresh still works: %d %s", r.Code, r.Body)
	}
}
