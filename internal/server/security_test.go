package server_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gin-gonic/gin"

	"huhang/internal/auth"
	"huhang/internal/platform/apitest"
	"huhang/internal/server"
	"huhang/internal/webui"
)

var builtClient = fstest.MapFS{
	"index.html":         {Data: []byte(`<!doctype html><title>护航</title><script type="module" src="/assets/app-1a2b.js"></script>`)},
	"assets/app-1a2b.js": {Data: []byte(`console.log(1)`)},
}

// Every answer carries the browser protections: API, static files, errors,
// unknown paths, and an answer a handler wrote after a panic.
func TestSecurityHeadersOnEveryAnswer(t *testing.T) {
	t.Parallel()
	for _, production := range []bool{false, true} {
		c := newClient(t, server.Deps{WebUI: webui.NewFromFS(builtClient), HSTS: production,
			Routes: func(api *gin.RouterGroup) {
				api.GET("/test/panic", func(*gin.Context) { panic("boom") })
			}})
		c.AllowUndocumented("/api/v1/test/")
		for _, tc := range []struct {
			method, path string
			status       int
		}{
			{"GET", "/healthz", 200},
			{"GET", "/api/v1/openapi.json", 200},
			{"GET", "/api/v1/auth/me", 401},
			{"GET", "/api/v1/no-such-route", 404},
			{"POST", "/api/v1/no-such-route", 404},
			{"GET", "/api/v1/test/panic", 500},
			{"GET", "/", 200},
			{"GET", "/plans/123", 200},
			{"GET", "/assets/app-1a2b.js", 200},
			{"GET", "/assets/gone-9z9z.js", 404},
			{"HEAD", "/", 200},
		} {
			r := c.Do(httptest.NewRequest(tc.method, tc.path, nil))
			h := r.Header()
			if r.Code != tc.status {
				t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, r.Code, tc.status)
			}
			csp := h.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'self'", "script-src 'self';", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'"} {
				if !strings.Contains(csp+";", want) {
					t.Errorf("%s %s: CSP %q lacks %q", tc.method, tc.path, csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-eval") || !strings.Contains(csp, "script-src 'self';") {
				t.Errorf("%s %s: scripts must not run inline or from eval: %q", tc.method, tc.path, csp)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" {
				t.Errorf("%s %s: nosniff %q, referrer %q", tc.method, tc.path, h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"))
			}
			if hsts := h.Get("Strict-Transport-Security"); (hsts != "") != production || (production && !strings.Contains(hsts, "max-age=31536000")) {
				t.Errorf("%s %s: HSTS %q in production=%v", tc.method, tc.path, hsts, production)
			}
		}
	}
}

func send(c *apitest.Client, path, contentType, body string, header ...string) *apitest.Response {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.Do(req)
}

// A page on another site can post a form (urlencoded, multipart, text/plain)
// anywhere without the browser asking first, but never application/json.
func TestBodiesMustBeJSON(t *testing.T) {
	t.Parallel()
	c := newClient(t, server.Deps{})
	login := `{"username":"nobody","password":"Wrong-Password-1"}`
	for _, ct := range []string{"", "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", "json"} {
		r := send(c, "/api/v1/auth/login", ct, login)
		if r.Code != http.StatusUnsupportedMediaType || r.ErrorCode() != "UNSUPPORTED_MEDIA_TYPE" || !strings.Contains(r.Body.String(), "application/json") {
			t.Errorf("login as %q: %d %s", ct, r.Code, r.Body)
		}
	}
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "Application/JSON"} {
		if r := send(c, "/api/v1/auth/login", ct, login); r.Code != 401 {
			t.Errorf("login as %q: %d %s", ct, r.Code, r.Body)
		}
	}
	// Other JSON routes too (refused before authentication is even asked).
	if r := send(c, "/api/v1/plans", "text/plain", `{}`); r.Code != http.StatusUnsupportedMediaType {
		t.Errorf("plans as text: %d", r.Code)
	}
	// Uploads stay multipart, and only multipart.
	if r := send(c, "/api/v1/files", "application/json", `{}`); r.Code != http.StatusUnsupportedMediaType || !strings.Contains(r.Body.String(), "multipart/form-data") {
		t.Errorf("upload as JSON: %d %s", r.Code, r.Body)
	}
	m := apitest.MultipartBody("file", "a.pdf", []byte("%PDF-1.7\n"))
	if r := send(c, "/api/v1/files", m.ContentType, m.Body.String()); r.Code != 401 {
		t.Errorf("a multipart upload passes to authentication: %d %s", r.Code, r.Body)
	}
	// Without a body nothing needs a type (refresh, logout, bodiless actions).
	if r := send(c, "/api/v1/auth/refresh", "", ""); r.Code != 401 {
		t.Errorf("bodiless refresh: %d %s", r.Code, r.Body)
	}
	// An unknown route stays 404 whatever it was sent.
	if r := send(c, "/api/v1/no-such-route", "text/plain", "x"); r.Code != 404 {
		t.Errorf("unknown route: %d", r.Code)
	}
}

// Login and refresh refuse what a browser sent on behalf of another site.
func TestLoginAndRefreshRefuseCrossSite(t *testing.T) {
	t.Parallel()
	c := newClient(t, server.Deps{})
	login := `{"username":"nobody","password":"Wrong-Password-1"}`
	for _, path := range []string{"/api/v1/auth/login", "/api/v1/auth/refresh"} {
		for _, h := range [][]string{
			{"Origin", "https://evil.example"},
			{"Origin", "http://example.com.evil.example"},
			{"Origin", "null"},
			{"Sec-Fetch-Site", "cross-site"},
			{"Sec-Fetch-Site", "same-site"},
			{"Origin", "http://example.com", "Sec-Fetch-Site", "cross-site"},
		} {
			r := send(c, path, "application/json", login, h...)
			if r.Code != http.StatusForbidden || r.ErrorCode() != "CROSS_SITE_REQUEST" {
				t.Errorf("%s with %v: %d %s", path, h, r.Code, r.Body)
			}
		}
		// httptest's requests go to example.com: its own pages pass.
		for _, h := range [][]string{
			{"Origin", "http://example.com", "Sec-Fetch-Site", "same-origin"},
			{"Origin", "https://EXAMPLE.com"},
			{"Sec-Fetch-Site", "none"},
			{},
		} {
			if r := send(c, path, "application/json", login, h...); r.Code != 401 {
				t.Errorf("%s with %v: %d %s", path, h, r.Code, r.Body)
			}
		}
	}
}

// Behind a load balancer the per-address login limit must see the client,
// which only a trusted proxy may name; anyone else's X-Forwarded-For is noise.
func TestTrustedProxiesNameTheClient(t *testing.T) {
	t.Parallel()
	c := newClient(t, server.Deps{TrustedProxies: []string{"10.0.0.0/8"}})
	n := 0
	attempt := func(peer, forwardedFor string) int {
		n++
		req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login",
			strings.NewReader(`{"username":"probe`+strconv.Itoa(n)+`","password":"Wrong-Password-1"}`))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = peer + ":40000"
		if forwardedFor != "" {
			req.Header.Set("X-Forwarded-For", forwardedFor)
		}
		return c.Do(req).Code
	}
	// Through the balancer: the client it names is limited, whatever the
	// client itself wrote in front of it, and its neighbours are not.
	for i := range auth.MaxLoginFailuresPerIP {
		if code := attempt("10.1.2.3", "203.0.113."+strconv.Itoa(i)+", 198.51.100.7"); code != 401 {
			t.Fatalf("attempt %d: %d", i, code)
		}
	}
	if code := attempt("10.9.9.9", "198.51.100.7"); code != 429 {
		t.Fatalf("the forwarded client must be limited on any balancer: %d", code)
	}
	if code := attempt("10.1.2.3", "198.51.100.8"); code != 401 {
		t.Fatalf("another client behind the balancer is not: %d", code)
	}
	// Not a trusted proxy: its X-Forwarded-For is ignored, the peer is the client.
	for i := range auth.MaxLoginFailuresPerIP {
		if code := attempt("192.0.2.50", "198.51.100."+strconv.Itoa(100+i)); code != 401 {
			t.Fatalf("direct attempt %d: %d", i, code)
		}
	}
	if code := attempt("192.0.2.50", "198.51.100.200"); code != 429 {
		t.Fatalf("a client cannot rename itself with X-Forwarded-For: %d", code)
	}
}
