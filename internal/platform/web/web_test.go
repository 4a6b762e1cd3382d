package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"huhang/internal/platform/apperr"
)

func TestStatusOfEveryKind(t *testing.T) {
	gin.SetMode(gin.TestMode)
	cases := []struct {
		err    error
		status int
		code   string
	}{
		{apperr.Invalid("", apperr.FieldError{Field: "x", Message: "y"}), 400, "INVALID_INPUT"},
		{apperr.InvalidJSON("bad"), 400, "INVALID_JSON"},
		{apperr.Unauthenticated(""), 401, "UNAUTHENTICATED"},
		{apperr.Forbidden(""), 403, "FORBIDDEN"},
		{apperr.NotFound(""), 404, "NOT_FOUND"},
		{apperr.Conflict("WRONG_STATE", "状态不允许"), 409, "WRONG_STATE"},
		{apperr.TooLarge(""), 413, "PAYLOAD_TOO_LARGE"},
		{apperr.RuleViolation([]apperr.Violation{{Rule: "R-AGE16", Article: "16", Message: "未满16岁"}}), 422, "RULE_VIOLATION"},
		{apperr.RateLimited(42), 429, "RATE_LIMITED"},
		{apperr.Unavailable("down"), 503, "UNAVAILABLE"},
		{errors.New("driver exploded at 10.0.0.3"), 500, "INTERNAL"},
	}
	for _, tc := range cases {
		rec := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(rec)
		c.Request = httptest.NewRequest(http.MethodGet, "/", nil).WithContext(WithRequestID(context.Background(), "rid-12345678"))
		WriteError(c, tc.err)
		var body ErrorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatal(err)
		}
		if rec.Code != tc.status || body.Error.Code != tc.code || body.Error.RequestID != "rid-12345678" || body.Error.Message == "" {
			t.Errorf("%v: got %d %+v", tc.err, rec.Code, body)
		}
		if strings.Contains(rec.Body.String(), "10.0.0.3") {
			t.Errorf("internal text leaked: %s", rec.Body)
		}
		if tc.status == 429 && rec.Header().Get("Retry-After") != "42" {
			t.Errorf("429 without Retry-After")
		}
	}
}

func TestClientGoneIsNotAServerFault(t *testing.T) {
	gin.SetMode(gin.TestMode)
	var logged bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(NewLogger(&logged, slog.LevelInfo))
	for _, tc := range []struct {
		name       string
		cancelled  bool
		wantStatus int
	}{
		// The phone left the page: the store's query saw the request's context end.
		{"caller hung up", true, StatusClientClosedRequest},
		// A cancellation of the server's own making is still a fault.
		{"caller still there", false, http.StatusInternalServerError},
	} {
		logged.Reset()
		ctx, cancel := context.WithCancel(context.Background())
		if tc.cancelled {
			cancel()
		}
		rec := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(rec)
		c.Request = httptest.NewRequest(http.MethodGet, "/", nil).WithContext(ctx)
		WriteError(c, fmt.Errorf("todos: figures: %w", context.Canceled))
		cancel()
		if rec.Code != tc.wantStatus {
			t.Errorf("%s: status %d, want %d", tc.name, rec.Code, tc.wantStatus)
		}
		if got := strings.Contains(logged.String(), `"level":"ERROR"`); got != !tc.cancelled {
			t.Errorf("%s: logged as an error: %v (%s)", tc.name, got, logged.String())
		}
	}
}

func TestDecodeStrict(t *testing.T) {
	type item struct {
		ID  string `json:"id"`
		Fen int64  `json:"fen"`
	}
	type input struct {
		Name   string    `json:"name"`
		Ok     bool      `json:"ok"`
		Items  []item    `json:"items"`
		Nested *item     `json:"nested"`
		Tags   []string  `json:"tags"`
		Ref    uuid.UUID `json:"ref"`
	}
	cases := []struct {
		body   string
		code   string
		fields []string
	}{
		{`{"name":"a","ok":true,"items":[{"id":"x","fen":1}],"nested":{"id":"n"},"tags":["t"]}`, "", nil},
		{`{"nested":null,"items":null}`, "", nil},
		{`[]`, "INVALID_JSON", nil},
		{`"text"`, "INVALID_JSON", nil},
		{`null`, "INVALID_JSON", nil},
		{`{"name":1,"ok":"yes"}`, "INVALID_INPUT", []string{"name", "ok"}},
		{`{"nested":{"fen":1.5,"what":0}}`, "INVALID_INPUT", []string{"nested.fen", "nested.what"}},
		{`{"items":{"id":"x"}}`, "INVALID_INPUT", []string{"items"}},
		{`{"tags":[1,"b",2]}`, "INVALID_INPUT", []string{"tags[0]", "tags[2]"}},
		{`{"name":"a"}{`, "INVALID_JSON", nil},
		{`{"ref":"not-a-uuid"}`, "INVALID_INPUT", []string{"ref"}},
		{`{"ref":"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"}`, "", nil},
	}
	for _, tc := range cases {
		var in input
		err := DecodeStrict([]byte(tc.body), &in)
		if tc.code == "" {
			if err != nil {
				t.Errorf("%s: unexpected %v", tc.body, err)
			}
			continue
		}
		e := apperr.As(err)
		if e == nil || e.Code != tc.code {
			t.Errorf("%s: want %s, got %v", tc.body, tc.code, err)
			continue
		}
		var named []string
		if fields, ok := e.Details.([]apperr.FieldError); ok {
			for _, f := range fields {
				named = append(named, f.Field)
			}
		}
		if strings.Join(named, ",") != strings.Join(tc.fields, ",") {
			t.Errorf("%s: named %v, want %v", tc.body, named, tc.fields)
		}
	}
}

func TestLoggerAddsRequestID(t *testing.T) {
	var buf bytes.Buffer
	logger := NewLogger(&buf, slog.LevelInfo).With("component", "test")
	logger.InfoContext(WithRequestID(context.Background(), "abc-12345678"), "hello")
	logger.Info("no request")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if !strings.Contains(lines[0], `"request_id":"abc-12345678"`) || !strings.Contains(lines[0], `"component":"test"`) {
		t.Fatalf("line lacks request id: %s", lines[0])
	}
	if strings.Contains(lines[1], "request_id") {
		t.Fatalf("no id, no field: %s", lines[1])
	}
}
