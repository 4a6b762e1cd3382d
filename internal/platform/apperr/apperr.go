// Package apperr is the one error model of Huhang. Domain code returns these
// errors; only platform/web knows how they map to HTTP.
package apperr

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Kind classifies an error by what the caller can do about it.
type Kind int

const (
	KindInternal Kind = iota
	KindInvalid
	KindUnauthenticated
	KindForbidden
	KindNotFound
	KindConflict
	KindRuleViolation
	KindTooLarge
	KindRateLimited
	KindUnavailable
)

// FieldError names one bad input field and says, in Chinese, what is wrong.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Violation is one compliance rule that blocks an action.
type Violation struct {
	Rule    string `json:"rule"`
	Article string `json:"article"`
	Message string `json:"message"`
	Subject string `json:"subject,omitempty"`
}

// Error is an error the client may see: a stable code, a Chinese message and
// optional details. Cause holds internal context that is logged, never sent.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Details any
	// RetryAfterSeconds is set on rate-limit errors so the client knows how long to wait.
	RetryAfterSeconds int
	Cause             error
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Cause)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Cause }

// As returns the *Error inside err, or nil when err carries none.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// KindOf reports the kind of err; anything that is not an *Error is internal.
func KindOf(err error) Kind {
	if e := As(err); e != nil {
		return e.Kind
	}
	return KindInternal
}

// Invalid reports bad input. Pass every bad field at once so the client can
// show all of them beside their inputs.
func Invalid(message string, fields ...FieldError) *Error {
	if message == "" {
		message = "请求参数有误"
	}
	var details any
	if len(fields) > 0 {
		details = fields
	}
	return &Error{Kind: KindInvalid, Code: "INVALID_INPUT", Message: message, Details: details}
}

// InvalidJSON reports a body that is not parseable JSON of the expected shape.
func InvalidJSON(message string, fields ...FieldError) *Error {
	e := Invalid(message, fields...)
	e.Code = "INVALID_JSON"
	return e
}

func Unauthenticated(message string) *Error {
	if message == "" {
		message = "请先登录"
	}
	return &Error{Kind: KindUnauthenticated, Code: "UNAUTHENTICATED", Message: message}
}

func Forbidden(message string) *Error {
	if message == "" {
		message = "无权执行此操作"
	}
	return &Error{Kind: KindForbidden, Code: "FORBIDDEN", Message: message}
}

// NotFound is also the answer for records outside the caller's scope, so that
// existence is never revealed.
func NotFound(message string) *Error {
	if message == "" {
		message = "记录不存在"
	}
	return &Error{Kind: KindNotFound, Code: "NOT_FOUND", Message: message}
}

func Conflict(code, message string) *Error {
	if code == "" {
		code = "CONFLICT"
	}
	return &Error{Kind: KindConflict, Code: code, Message: message}
}

// RuleViolation lists every compliance rule that blocks the action.
func RuleViolation(violations []Violation) *Error {
	return &Error{Kind: KindRuleViolation, Code: "RULE_VIOLATION", Message: "不符合实习管理规定", Details: violations}
}

func TooLarge(message string) *Error {
	if message == "" {
		message = "请求内容过大"
	}
	return &Error{Kind: KindTooLarge, Code: "PAYLOAD_TOO_LARGE", Message: message}
}

func RateLimited(retryAfterSeconds int) *Error {
	return &Error{Kind: KindRateLimited, Code: "RATE_LIMITED",
		Message: fmt.Sprintf("操作过于频繁，请 %d 秒后再试", retryAfterSeconds), RetryAfterSeconds: retryAfterSeconds}
}

func Unavailable(message string) *Error {
	return &Error{Kind: KindUnavailable, Code: "UNAVAILABLE", Message: message}
}

// Internal wraps an unexpected failure; the cause is logged, the client sees a
// generic message.
func Internal(cause error) *Error {
	return &Error{Kind: KindInternal, Code: "INTERNAL", Message: "服务器内部错误，请稍后重试", Cause: cause}
}

// FieldErrors collects every bad field of one request, so validation reports
// all of them at once instead of one per round trip.
type FieldErrors []FieldError

// Add records a problem with field.
func (f *FieldErrors) Add(field, message string) {
	*f = append(*f, FieldError{Field: field, Message: message})
}

// Text checks the length of a text field in characters, not bytes: shorter
// than min asks for it (min is 0 or 1 for optional and required fields),
// longer than max names the limit. label is the field's Chinese name.
func (f *FieldErrors) Text(field, label, value string, min, max int) {
	n := utf8.RuneCountInString(value)
	if n < min {
		f.Add(field, "请填写"+label)
	} else if n > max {
		f.Add(field, fmt.Sprintf("%s不能超过 %d 个字符", label, max))
	}
}

// RequiredText trims a single required text (a reason, a resolution) and
// returns it, or an Invalid error naming field.
func RequiredText(field, label, value string, max int) (string, error) {
	value = strings.TrimSpace(value)
	var fe FieldErrors
	fe.Text(field, label, value, 1, max)
	if len(fe) > 0 {
		return "", Invalid(fe[0].Message, fe...)
	}
	return value, nil
}

// Err is nil when nothing was added, else an Invalid error listing them.
func (f FieldErrors) Err(message string) error {
	if len(f) == 0 {
		return nil
	}
	return Invalid(message, f...)
}

// Has reports whether a problem with field was recorded, so later checks
// that compare fields skip the ones already unreadable.
func (f FieldErrors) Has(field string) bool {
	for _, e := range f {
		if e.Field == field {
			return true
		}
	}
	return false
}
