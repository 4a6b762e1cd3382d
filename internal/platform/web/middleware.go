package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"time"

	"github.com/gin-gonic/gin"

	"huhang/internal/platform/apperr"
)

// DefaultBodyLimit bounds request bodies unless a route sets its own (uploads).
const DefaultBodyLimit int64 = 1 << 20

const RequestIDHeader = "X-Request-ID"

type ctxKey int

const requestIDKey ctxKey = iota

// validRequestID accepts an id from a proxy only if it is short and plain, so
// a client cannot inject text into our logs.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// RequestID reads the id that RequestIDMiddleware put into ctx.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// WithRequestID returns ctx carrying id; used by the middleware and by
// background jobs that want their log lines correlated.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// NewRequestID makes a random 128-bit id.
func NewRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// RequestIDMiddleware gives every request an id, answers it in X-Request-ID
// and puts it in the request context, where the log handler finds it.
func RequestIDMiddleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader(RequestIDHeader)
		if !validRequestID.MatchString(id) {
			id = NewRequestID()
		}
		c.Header(RequestIDHeader, id)
		c.Request = c.Request.WithContext(WithRequestID(c.Request.Context(), id))
		c.Next()
	}
}

// AccessLog writes one JSON line per request. Paths are logged by route
// pattern too, so ids in URLs do not explode log cardinality.
func AccessLog(logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		status := c.Writer.Status()
		level := slog.LevelInfo
		if status >= http.StatusInternalServerError {
			level = slog.LevelError
		}
		logger.Log(c.Request.Context(), level, "http request",
			"method", c.Request.Method,
			"path", c.Request.URL.Path,
			"route", c.FullPath(),
			"status", status,
			"duration_ms", float64(time.Since(start).Microseconds())/1000,
			"bytes", c.Writer.Size(),
			"client_ip", c.ClientIP(),
		)
	}
}

// Recovery turns a panic into a 500 with the request id. The stack goes to
// the log, never to the client.
func Recovery(logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				logger.ErrorContext(c.Request.Context(), "panic in handler",
					"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				WriteError(c, apperr.Internal(fmt.Errorf("panic: %v", p)))
			}
		}()
		c.Next()
	}
}

// BodyLimit refuses bodies over limit bytes with 413: at once when the
// Content-Length says so, or when a streamed body passes the limit.
func BodyLimit(limit int64) gin.HandlerFunc { return BodyLimitFor(limit, nil) }

// BodyLimitFor is BodyLimit with larger limits for the routes that take
// uploads, keyed by route pattern (c.FullPath()), so one small default keeps
// protecting every JSON route.
func BodyLimitFor(limit int64, perRoute map[string]int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		limit := limit
		if l, ok := perRoute[c.FullPath()]; ok {
			limit = l
		}
		if c.Request.ContentLength > limit {
			WriteError(c, tooLarge(limit))
			return
		}
		if c.Request.Body != nil {
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		}
		c.Next()
	}
}

func tooLarge(limit int64) *apperr.Error {
	return apperr.TooLarge(fmt.Sprintf("请求内容过大，上限为 %s", humanBytes(limit)))
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}
