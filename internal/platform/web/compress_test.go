package web

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"huhang/internal/platform/apperr"
)

func TestPreferredEncoding(t *testing.T) {
	cases := []struct{ header, want string }{
		{"", ""},
		{"gzip, deflate, br", "br"},
		{"gzip", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"br;q=0.5, gzip;q=0.8", "gzip"},
		{"br;q=0.8, gzip;q=0.8", "br"}, // a tie goes to the server's preference
		{"gzip;q=0, br;q=0", ""},
		{"*", "br"},
		{"*;q=0", ""},
		{"br;q=0, *", "gzip"},
		{"identity", ""},
		{"x-gzip", "gzip"},
		{"GZIP", "gzip"},
		{"br;q=banana", ""}, // a malformed weight accepts nothing
	}
	for _, tc := range cases {
		if got := PreferredEncoding(tc.header, "br", "gzip"); got != tc.want {
			t.Errorf("Accept-Encoding %q: got %q, want %q", tc.header, got, tc.want)
		}
	}
}

func compressEngine() *gin.Engine {
	gin.SetMode(gin.TestMode)
	e := gin.New()
	e.Use(CompressJSON())
	// A JSON string of n bytes on the wire: n-2 characters between the quotes.
	e.GET("/json/:n", func(c *gin.Context) {
		n, _ := strconv.Atoi(c.Param("n"))
		c.Data(http.StatusOK, "application/json; charset=utf-8", []byte(`"`+strings.Repeat("a", n-2)+`"`))
	})
	e.HEAD("/json/:n", func(c *gin.Context) {
		c.Header("Content-Type", "application/json")
		c.Status(http.StatusOK)
	})
	e.GET("/error", func(c *gin.Context) {
		WriteError(c, apperr.Invalid(strings.Repeat("字段有误", 200)))
	})
	e.GET("/not-modified", func(c *gin.Context) {
		c.Header("Content-Type", "application/json")
		c.Status(http.StatusNotModified)
	})
	e.GET("/stream", func(c *gin.Context) {
		c.Header("Content-Type", "text/event-stream")
		for i := 0; i < 100; i++ {
			_, _ = c.Writer.WriteString("data: " + strings.Repeat("x", 40) + "\n\n")
			c.Writer.Flush()
		}
	})
	e.GET("/pdf", func(c *gin.Context) {
		c.Data(http.StatusOK, "application/pdf", make([]byte, 4096))
	})
	return e
}

func get(e http.Handler, method, target, acceptEncoding string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

func gunzip(t *testing.T, body []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("broken gzip: %v", err)
	}
	return string(out)
}

func TestCompressJSONAboveOneKilobyte(t *testing.T) {
	e := compressEngine()

	// Exactly at the threshold: sent as it is.
	rec := get(e, http.MethodGet, "/json/1024", "gzip, br")
	if rec.Header().Get("Content-Encoding") != "" || rec.Body.Len() != 1024 {
		t.Fatalf("1024 bytes: encoding %q, %d bytes", rec.Header().Get("Content-Encoding"), rec.Body.Len())
	}

	// One byte over: gzipped, and the body round-trips.
	rec = get(e, http.MethodGet, "/json/1025", "gzip, br")
	if rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("1025 bytes not gzipped: %v", rec.Header())
	}
	if !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
		t.Fatalf("no Vary: %v", rec.Header())
	}
	if rec.Header().Get("Content-Length") != "" {
		t.Fatalf("a Content-Length of the plain body survived: %v", rec.Header())
	}
	if got := gunzip(t, rec.Body.Bytes()); len(got) != 1025 || got[0] != '"' {
		t.Fatalf("round trip: %d bytes", len(got))
	}
	if rec.Body.Len() >= 1025 {
		t.Fatalf("gzip made %d bytes of 1025", rec.Body.Len())
	}
	if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("Content-Type changed: %q", rec.Header().Get("Content-Type"))
	}

	// A large body written in many pieces.
	rec = get(e, http.MethodGet, "/json/200000", "gzip")
	if rec.Header().Get("Content-Encoding") != "gzip" || len(gunzip(t, rec.Body.Bytes())) != 200000 {
		t.Fatalf("200 kB: %v", rec.Header())
	}
}

func TestCompressJSONOnlyWhenAccepted(t *testing.T) {
	e := compressEngine()
	for _, ae := range []string{"", "identity", "br", "gzip;q=0", "*;q=0"} {
		rec := get(e, http.MethodGet, "/json/5000", ae)
		if rec.Header().Get("Content-Encoding") != "" || rec.Body.Len() != 5000 {
			t.Errorf("Accept-Encoding %q: encoding %q, %d bytes", ae, rec.Header().Get("Content-Encoding"), rec.Body.Len())
		}
		// Caches must still know another client could get gzip.
		if !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
			t.Errorf("Accept-Encoding %q: no Vary", ae)
		}
	}
	if rec := get(e, http.MethodGet, "/json/5000", "*"); rec.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("* accepts gzip: %v", rec.Header())
	}
}

func TestCompressJSONErrorsToo(t *testing.T) {
	rec := get(compressEngine(), http.MethodGet, "/error", "gzip")
	if rec.Code != http.StatusBadRequest || rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("large error: %d %v", rec.Code, rec.Header())
	}
	if !strings.Contains(gunzip(t, rec.Body.Bytes()), "INVALID_INPUT") {
		t.Fatal("error body lost")
	}
}

func TestCompressJSONLeavesOthersAlone(t *testing.T) {
	e := compressEngine()
	rec := get(e, http.MethodHead, "/json/5000", "gzip")
	if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "" || rec.Body.Len() != 0 {
		t.Errorf("HEAD: %d %v %d", rec.Code, rec.Header(), rec.Body.Len())
	}
	rec = get(e, http.MethodGet, "/not-modified", "gzip")
	if rec.Code != http.StatusNotModified || rec.Header().Get("Content-Encoding") != "" || rec.Body.Len() != 0 {
		t.Errorf("304: %d %v %d", rec.Code, rec.Header(), rec.Body.Len())
	}
	rec = get(e, http.MethodGet, "/stream", "gzip")
	if rec.Header().Get("Content-Encoding") != "" || !strings.HasPrefix(rec.Body.String(), "data: ") || !rec.Flushed {
		t.Errorf("stream: %v flushed=%v", rec.Header(), rec.Flushed)
	}
	rec = get(e, http.MethodGet, "/pdf", "gzip")
	if rec.Header().Get("Content-Encoding") != "" || rec.Body.Len() != 4096 {
		t.Errorf("pdf: %v %d", rec.Header(), rec.Body.Len())
	}
}

// A stream behind the middleware can still lift the server's write timeout
// (http.ResponseController reaches the connection through Unwrap).
func TestCompressJSONKeepsTheConnectionReachable(t *testing.T) {
	gin.SetMode(gin.TestMode)
	engine := gin.New()
	engine.Use(CompressJSON())
	var deadlineErr error
	engine.GET("/stream", func(c *gin.Context) {
		deadlineErr = http.NewResponseController(c.Writer).SetWriteDeadline(time.Time{})
		c.Status(http.StatusOK)
	})
	srv := httptest.NewServer(engine)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/stream")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if deadlineErr != nil {
		t.Fatalf("SetWriteDeadline through the middleware: %v", deadlineErr)
	}
}
