package webui

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func serve(h http.Handler, method, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}

func TestBuiltClient(t *testing.T) {
	h := NewFromFS(fstest.MapFS{
		"index.html":          {Data: []byte("<html>shell</html>")},
		"assets/app-1a2b.js":  {Data: []byte("console.log(1)")},
		"favicon.svg":         {Data: []byte("<svg/>")},
		"assets/nested/x.css": {Data: []byte("body{}")},
	})
	if !h.Built() {
		t.Fatal("index.html present: built")
	}
	cases := []struct {
		target, cache, body string
		status              int
	}{
		{"/", "no-cache", "shell", 200},
		{"/plans/123", "no-cache", "shell", 200}, // client route → SPA fallback
		{"/assets/app-1a2b.js", "immutable", "console.log(1)", 200},
		{"/assets/nested/x.css", "immutable", "body{}", 200},
		{"/assets/gone-9999.js", "", "", 404},
		{"/favicon.svg", "max-age=3600", "<svg/>", 200},
		{"/../../etc/passwd", "no-cache", "shell", 200}, // cleaned, never escapes the folder
	}
	for _, tc := range cases {
		rec := serve(h, http.MethodGet, tc.target)
		if rec.Code != tc.status {
			t.Errorf("%s: status %d, want %d", tc.target, rec.Code, tc.status)
		}
		if !strings.Contains(rec.Header().Get("Cache-Control"), tc.cache) {
			t.Errorf("%s: Cache-Control %q, want it to contain %q", tc.target, rec.Header().Get("Cache-Control"), tc.cache)
		}
		if tc.body != "" && !strings.Contains(rec.Body.String(), tc.body) {
			t.Errorf("%s: body %q", tc.target, rec.Body.String())
		}
	}
	if ct := serve(h, http.MethodGet, "/assets/app-1a2b.js").Header().Get("Content-Type"); !strings.Contains(ct, "javascript") {
		t.Errorf("js served as %q", ct)
	}
}

func TestWithoutBuildExplainsHowToBuild(t *testing.T) {
	h := NewFromFS(fstest.MapFS{".gitignore": {Data: []byte("*")}})
	if h.Built() {
		t.Fatal("no index.html: not built")
	}
	rec := serve(h, http.MethodGet, "/anything")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "make web") || rec.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("got %d %q %q", rec.Code, rec.Header().Get("Cache-Control"), rec.Body.String())
	}
	// The CSP allows no inline style or script, so the page must need neither.
	if body := rec.Body.String(); strings.Contains(body, "style") || strings.Contains(body, "<script") {
		t.Fatalf("the page carries inline style or script that the CSP blocks: %s", body)
	}
}
