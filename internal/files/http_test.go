package files

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
)

type memory map[string][]byte

func (m memory) Put(_ context.Context, key string, data []byte) error { m[key] = data; return nil }
func (m memory) Open(_ context.Context, key string) (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(m[key])), nil
}
func (m memory) Delete(_ context.Context, key string) error { delete(m, key); return nil }

// An upload is the users' content: a browser must save it, never render it
// in our origin, and a sandbox holds whatever it would run anyway.
func TestDownloadsAreSandboxedAttachments(t *testing.T) {
	gin.SetMode(gin.TestMode)
	data := []byte("%PDF-1.7\n<script>app.alert(1)</script>")
	svc := NewService(nil, memory{"k": data}, nil, nil)
	rec := httptest.NewRecorder()
	c, _ := gin.CreateTestContext(rec)
	c.Request = httptest.NewRequest("GET", "/api/v1/placements/x/documents/agreement/file", nil)
	if err := svc.Serve(c, File{ContentType: "application/pdf", Size: int64(len(data)), storageKey: "k"}); err != nil {
		t.Fatal(err)
	}
	h := rec.Header()
	if got := h.Get("Content-Disposition"); got != `attachment; filename="document.pdf"` {
		t.Errorf("Content-Disposition %q", got)
	}
	if got := h.Get("Content-Security-Policy"); got != "sandbox" {
		t.Errorf("Content-Security-Policy %q", got)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Content-Type") != "application/pdf" || !bytes.Equal(rec.Body.Bytes(), data) {
		t.Errorf("headers %v, body %q", h, rec.Body.Bytes())
	}
}
