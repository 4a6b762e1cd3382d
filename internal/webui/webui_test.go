package webui

import (
	"net/http"
	"net/http/httptest"
	"strconv"
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

func serveWith(h http.Handler, method, target, acceptEncoding string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestPrecompressedAssetsByAcceptEncoding(t *testing.T) {
	h := NewFromFS(fstest.MapFS{
		"index.html":            {Data: []byte("<html>shell</html>")},
		"index.html.br":         {Data: []byte("BR-shell")},
		"index.html.gz":         {Data: []byte("GZ-shell")},
		"assets/app-1a2b.js":    {Data: []byte("console.log('plain')")},
		"assets/app-1a2b.js.br": {Data: []byte("BR-js")},
		"assets/app-1a2b.js.gz": {Data: []byte("GZ-js!")},
		"assets/st-9f9f.css":    {Data: []byte("body{}")},
		"assets/st-9f9f.css.gz": {Data: []byte("GZ-css")}, // no brotli variant of this one
		"assets/logo-3c3c.png":  {Data: []byte("\x89PNG")},
	})
	cases := []struct {
		target, ae, enc, body, ctype string
	}{
		{"/assets/app-1a2b.js", "gzip, deflate, br", "br", "BR-js", "javascript"},
		{"/assets/app-1a2b.js", "gzip", "gzip", "GZ-js!", "javascript"},
		{"/assets/app-1a2b.js", "br;q=0, gzip", "gzip", "GZ-js!", "javascript"},
		{"/assets/app-1a2b.js", "br;q=0.2, gzip;q=0.9", "gzip", "GZ-js!", "javascript"},
		{"/assets/app-1a2b.js", "gzip;q=0, br;q=0", "", "console.log('plain')", "javascript"},
		{"/assets/app-1a2b.js", "", "", "console.log('plain')", "javascript"},
		{"/assets/app-1a2b.js", "identity", "", "console.log('plain')", "javascript"},
		{"/assets/st-9f9f.css", "br, gzip", "gzip", "GZ-css", "text/css"},
		{"/assets/st-9f9f.css", "br", "", "body{}", "text/css"},
		{"/", "br, gzip", "br", "BR-shell", "text/html"},
		{"/plans/7", "gzip", "gzip", "GZ-shell", "text/html"},
		{"/plans/7", "", "", "<html>shell</html>", "text/html"},
	}
	for _, tc := range cases {
		rec := serveWith(h, http.MethodGet, tc.target, tc.ae)
		name := tc.target + " [" + tc.ae + "]"
		if rec.Code != 200 {
			t.Errorf("%s: status %d", name, rec.Code)
			continue
		}
		if got := rec.Header().Get("Content-Encoding"); got != tc.enc {
			t.Errorf("%s: Content-Encoding %q, want %q", name, got, tc.enc)
		}
		if rec.Body.String() != tc.body {
			t.Errorf("%s: body %q, want %q", name, rec.Body.String(), tc.body)
		}
		if got := rec.Header().Get("Content-Length"); got != strconv.Itoa(len(tc.body)) {
			t.Errorf("%s: Content-Length %q, want %d", name, got, len(tc.body))
		}
		if ct := rec.Header().Get("Content-Type"); !strings.Contains(ct, tc.ctype) {
			t.Errorf("%s: Content-Type %q, want %q", name, ct, tc.ctype)
		}
		if !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: no Vary: Accept-Encoding", name)
		}
	}
	// Caching is unchanged by the encoding.
	if cc := serveWith(h, http.MethodGet, "/assets/app-1a2b.js", "br").Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("brotli asset Cache-Control %q", cc)
	}
	if cc := serveWith(h, http.MethodGet, "/", "br").Header().Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("brotli shell Cache-Control %q", cc)
	}
	// HEAD tells the length of what GET would send, and sends nothing.
	rec := serveWith(h, http.MethodHead, "/assets/app-1a2b.js", "br")
	if rec.Body.Len() != 0 || rec.Header().Get("Content-Encoding") != "br" || rec.Header().Get("Content-Length") != "5" {
		t.Errorf("HEAD: %v %q", rec.Header(), rec.Body.String())
	}
	// A file without variants is sent as it is, with no Vary to split caches.
	rec = serveWith(h, http.MethodGet, "/assets/logo-3c3c.png", "br, gzip")
	if rec.Header().Get("Content-Encoding") != "" || rec.Header().Get("Vary") != "" || !strings.Contains(rec.Header().Get("Content-Type"), "image/png") {
		t.Errorf("png: %v", rec.Header())
	}
}

// The service worker and the manifest keep their names across builds: a
// cached copy would pin phones to an old client, so both are revalidated on
// every use, precompressed or not, while icons may be cached for an hour.
func TestServiceWorkerAndManifestAreNeverCached(t *testing.T) {
	h := NewFromFS(fstest.MapFS{
		"index.html":              {Data: []byte("<html>shell</html>")},
		"sw.js":                   {Data: []byte("self.addEventListener('fetch', () => {})")},
		"sw.js.br":                {Data: []byte("BR-sw")},
		"manifest.webmanifest":    {Data: []byte(`{"name":"huhang"}`)},
		"manifest.webmanifest.gz": {Data: []byte("GZ-manifest")},
		"icons/icon-192.png":      {Data: []byte("\x89PNG")},
	})
	cases := []struct{ target, ae, cache, ctype, body string }{
		{"/sw.js", "", "no-cache", "javascript", "self.addEventListener"},
		{"/sw.js", "br", "no-cache", "javascript", "BR-sw"},
		{"/manifest.webmanifest", "", "no-cache", "application/manifest+json", `{"name":"huhang"}`},
		{"/manifest.webmanifest", "gzip", "no-cache", "application/manifest+json", "GZ-manifest"},
		{"/icons/icon-192.png", "", "public, max-age=3600", "image/png", "\x89PNG"},
	}
	for _, tc := range cases {
		rec := serveWith(h, http.MethodGet, tc.target, tc.ae)
		name := tc.target + " [" + tc.ae + "]"
		if rec.Code != http.StatusOK {
			t.Errorf("%s: status %d", name, rec.Code)
			continue
		}
		if got := rec.Header().Get("Cache-Control"); got != tc.cache {
			t.Errorf("%s: Cache-Control %q, want %q", name, got, tc.cache)
		}
		if got := rec.Header().Get("Content-Type"); !strings.Contains(got, tc.ctype) {
			t.Errorf("%s: Content-Type %q, want %q", name, got, tc.ctype)
		}
		if !strings.Contains(rec.Body.String(), tc.body) {
			t.Errorf("%s: body %q, want %q", name, rec.Body.String(), tc.body)
		}
	}
}
