package web

import (
	"bufio"
	"compress/gzip"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
)

// CompressMinBytes is the smallest JSON body that is gzipped. Below about a
// kilobyte the gzip framing and the CPU cost outweigh the bytes saved, and
// most answers (one record, an error) are that small.
const CompressMinBytes = 1024

// PreferredEncoding picks, among offered (in the server's order of
// preference), the content coding the Accept-Encoding header value accepts
// with the highest q; ties go to the earlier offer. "" means identity: no
// offer is acceptable, or the header is absent (RFC 9110 §12.5.3 lets a
// server send identity to a client that names no coding).
func PreferredEncoding(header string, offered ...string) string {
	if strings.TrimSpace(header) == "" {
		return ""
	}
	q := map[string]float64{}
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		weight := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0 // a malformed weight is no consent to a coding
				}
				weight = f
			}
		}
		q[name] = weight
	}
	best, bestQ := "", 0.0
	for _, enc := range offered {
		w, ok := q[enc]
		if !ok {
			if enc == "gzip" {
				// "x-gzip" is the same coding under its old name.
				w, ok = q["x-gzip"]
			}
			if !ok {
				w = q["*"]
			}
		}
		if w > bestQ {
			best, bestQ = enc, w
		}
	}
	return best
}

// compressible reports whether a response of this Content-Type is a JSON
// document: the only kind this middleware compresses. Streams
// (text/event-stream), downloads (already-compressed PDFs and images) and
// the web client (precompressed at build time) keep their own handling.
func compressible(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return w
}}

// CompressJSON gzips JSON answers larger than CompressMinBytes for clients
// that accept gzip, errors included. The body is held back until it passes
// the threshold or the handler ends, so small answers go out untouched and
// with their exact length. HEAD requests and bodiless statuses pass through.
func CompressJSON() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Method == http.MethodHead {
			c.Next()
			return
		}
		orig := c.Writer
		w := &compressWriter{ResponseWriter: orig, gzipOK: PreferredEncoding(c.Request.Header.Get("Accept-Encoding"), "gzip") == "gzip"}
		c.Writer = w
		completed := false
		defer func() {
			// A panic leaves the body unfinished: Recovery answers on the
			// original writer, and a half-held body is dropped rather than
			// glued in front of the error.
			w.finish(completed)
			c.Writer = orig
		}()
		c.Next()
		completed = true
	}
}

type compressWriter struct {
	gin.ResponseWriter
	gzipOK  bool
	buf     []byte
	decided bool
	gz      *gzip.Writer
}

func (w *compressWriter) Write(p []byte) (int, error) {
	if w.decided {
		if w.gz != nil {
			return w.gz.Write(p)
		}
		return w.ResponseWriter.Write(p)
	}
	w.buf = append(w.buf, p...)
	if len(w.buf) > CompressMinBytes {
		if err := w.decide(true); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

func (w *compressWriter) WriteString(s string) (int, error) { return w.Write([]byte(s)) }

// decide commits to an encoding and sends what is held. large is whether
// the body is over the threshold.
func (w *compressWriter) decide(large bool) error {
	w.decided = true
	h := w.Header()
	status := w.Status()
	json := compressible(h.Get("Content-Type"))
	if large && json {
		// Another client with another Accept-Encoding gets other bytes.
		h.Add("Vary", "Accept-Encoding")
	}
	if large && json && w.gzipOK && h.Get("Content-Encoding") == "" &&
		status != http.StatusNoContent && status != http.StatusNotModified && status >= 200 {
		h.Set("Content-Encoding", "gzip")
		h.Del("Content-Length")
		gz := gzipWriters.Get().(*gzip.Writer)
		gz.Reset(w.ResponseWriter)
		w.gz = gz
		_, err := gz.Write(w.buf)
		w.buf = nil
		return err
	}
	var err error
	if len(w.buf) > 0 {
		_, err = w.ResponseWriter.Write(w.buf)
	}
	w.buf = nil
	return err
}

func (w *compressWriter) finish(completed bool) {
	if !w.decided {
		if !completed {
			w.buf = nil
			w.decided = true
			return
		}
		_ = w.decide(false)
	}
	if w.gz != nil {
		_ = w.gz.Close()
		w.gz.Reset(nil)
		gzipWriters.Put(w.gz)
		w.gz = nil
	}
}

// Flush sends what is held: a handler that flushes wants its bytes on the
// wire now, so a body still under the threshold goes out as it is.
func (w *compressWriter) Flush() {
	if !w.decided {
		_ = w.decide(false)
	}
	if w.gz != nil {
		_ = w.gz.Flush()
	}
	w.ResponseWriter.Flush()
}

func (w *compressWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return w.ResponseWriter.Hijack()
}

// Unwrap lets http.ResponseController reach the connection (deadlines).
func (w *compressWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
