// Package web is the Gin glue of Huhang: the handler adapter, the error JSON
// of api.md, strict JSON binding, request ids, logging, recovery, body limits
// and the HTTP server's lifecycle.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"huhang/internal/platform/apperr"
	"huhang/internal/platform/postgres"
)

// statusOf is the only table in Huhang that maps error kinds to HTTP.
var statusOf = map[apperr.Kind]int{
	apperr.KindInvalid:         http.StatusBadRequest,
	apperr.KindUnauthenticated: http.StatusUnauthorized,
	apperr.KindForbidden:       http.StatusForbidden,
	apperr.KindNotFound:        http.StatusNotFound,
	apperr.KindConflict:        http.StatusConflict,
	apperr.KindTooLarge:        http.StatusRequestEntityTooLarge,
	apperr.KindRuleViolation:   http.StatusUnprocessableEntity,
	apperr.KindRateLimited:     http.StatusTooManyRequests,
	apperr.KindUnavailable:     http.StatusServiceUnavailable,
	apperr.KindInternal:        http.StatusInternalServerError,
}

// ErrorBody is the JSON shape of every error answer.
type ErrorBody struct {
	Error ErrorPayload `json:"error"`
}

type ErrorPayload struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	Details   any    `json:"details,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// Handler is a Gin handler that returns its error instead of writing it, so
// every failure goes through one writer.
type Handler func(c *gin.Context) error

// Handle adapts a Handler to Gin.
func Handle(h Handler) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			WriteError(c, err)
		}
	}
}

// WriteError answers with the error JSON. Internal causes are logged with the
// request id and never sent: the client gets the id to quote to support.
func WriteError(c *gin.Context, err error) {
	err = unreachableDatabase(err)
	status, payload := PayloadOf(c, err)
	if e := apperr.As(err); e != nil && e.RetryAfterSeconds > 0 {
		c.Header("Retry-After", strconv.Itoa(e.RetryAfterSeconds))
	}
	c.AbortWithStatusJSON(status, ErrorBody{Error: payload})
}

// StatusClientClosedRequest is what the access log records when the caller
// hung up before the answer was ready (nginx's 499): a phone leaving a page
// aborts its requests, which is no fault of the server and must not page
// anyone as a 500.
const StatusClientClosedRequest = 499

// PayloadOf is the status and error JSON for err, logging internal causes;
// bulk operations use it to answer each item as its own request would.
func PayloadOf(c *gin.Context, err error) (int, ErrorPayload) {
	if errors.Is(err, context.Canceled) && c.Request.Context().Err() != nil {
		slog.DebugContext(c.Request.Context(), "client went away", "error", err.Error())
		return StatusClientClosedRequest, ErrorPayload{Code: "CLIENT_CLOSED_REQUEST", Message: "请求已取消",
			RequestID: RequestID(c.Request.Context())}
	}
	e := apperr.As(unreachableDatabase(err))
	if e == nil {
		e = apperr.Internal(err)
	}
	status, ok := statusOf[e.Kind]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status >= http.StatusInternalServerError {
		slog.ErrorContext(c.Request.Context(), "request failed", "error", err.Error(), "code", e.Code)
	}
	return status, ErrorPayload{Code: e.Code, Message: e.Message, Details: e.Details, RequestID: RequestID(c.Request.Context())}
}

// unreachableDatabase turns a driver error that reached the HTTP layer
// without postgres.Translate into the same 503 Translate gives, so a
// database restart is never reported as a server fault.
func unreachableDatabase(err error) error {
	if u := postgres.AsUnavailable(err); u != nil {
		return u
	}
	return err
}
