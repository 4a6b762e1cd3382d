// Package apitest drives the HTTP handler in tests and checks every response
// against the OpenAPI document, so a route that drifts from its contract
// fails the test that exercised it.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"huhang/internal/apidoc"
)

var (
	loadOnce sync.Once
	doc      *openapi3.T
	router   routers.Router
	loadErr  error
)

// Document loads and validates the embedded OpenAPI document once.
func Document() (*openapi3.T, routers.Router, error) {
	loadOnce.Do(func() {
		// An event stream is text the test reads itself; the document only
		// says that it is one.
		openapi3filter.RegisterBodyDecoder("text/event-stream", openapi3filter.PlainBodyDecoder)
		loader := openapi3.NewLoader()
		doc, loadErr = loader.LoadFromData(apidoc.OpenAPI)
		if loadErr != nil {
			return
		}
		if loadErr = doc.Validate(context.Background()); loadErr != nil {
			return
		}
		router, loadErr = gorillamux.NewRouter(doc)
	})
	return doc, router, loadErr
}

// Client sends requests to a handler and checks each answer against the document.
type Client struct {
	t            testing.TB
	handler      http.Handler
	undocumented []string
	// Header is added to every request (for example Authorization).
	Header http.Header
	// Cookies are remembered from Set-Cookie answers and sent back, as a browser would.
	Cookies map[string]*http.Cookie
}

// New wraps handler. The test fails if the document itself is invalid.
func New(t testing.TB, handler http.Handler) *Client {
	t.Helper()
	if _, _, err := Document(); err != nil {
		t.Fatalf("apitest: OpenAPI document is invalid: %v", err)
	}
	return &Client{t: t, handler: handler, Header: http.Header{}, Cookies: map[string]*http.Cookie{}}
}

// AllowUndocumented lets test-only routes under prefix through; their error
// answers are still checked against the Error schema.
func (c *Client) AllowUndocumented(prefix string) { c.undocumented = append(c.undocumented, prefix) }

// Response is a recorded answer.
type Response struct {
	*httptest.ResponseRecorder
	t testing.TB
}

// JSON decodes the body into v or fails the test.
func (r *Response) JSON(v any) {
	r.t.Helper()
	if err := json.Unmarshal(r.Body.Bytes(), v); err != nil {
		r.t.Fatalf("apitest: body is not JSON (%v): %s", err, r.Body.String())
	}
}

// ErrorCode returns error.code of an error answer.
func (r *Response) ErrorCode() string {
	var body struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(r.Body.Bytes(), &body)
	return body.Error.Code
}

// Do sends req and checks the answer against the contract.
func (c *Client) Do(req *http.Request) *Response {
	c.t.Helper()
	for k, vs := range c.Header {
		if req.Header.Get(k) == "" {
			req.Header[k] = vs
		}
	}
	for _, ck := range c.Cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	rec := httptest.NewRecorder()
	c.handler.ServeHTTP(rec, req)
	req.Body = io.NopCloser(bytes.NewReader(reqBody))
	c.check(req, rec)
	for _, ck := range rec.Result().Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.Cookies, ck.Name)
		} else {
			c.Cookies[ck.Name] = ck
		}
	}
	return &Response{ResponseRecorder: rec, t: c.t}
}

// Get, PostJSON and Request are shorthands for Do.
func (c *Client) Get(path string) *Response {
	c.t.Helper()
	return c.Do(httptest.NewRequest(http.MethodGet, path, nil))
}

func (c *Client) PostJSON(path string, body any) *Response {
	c.t.Helper()
	return c.SendJSON(http.MethodPost, path, body)
}

// SendJSON sends body (a string, bytes, or a value to marshal) with method.
func (c *Client) SendJSON(method, path string, body any) *Response {
	c.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case string:
		raw = []byte(b)
	case []byte:
		raw = b
	default:
		var err error
		if raw, err = json.Marshal(body); err != nil {
			c.t.Fatalf("apitest: marshal: %v", err)
		}
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	return c.Do(req)
}

// Multipart is a request body with one file field.
type Multipart struct {
	Body        *bytes.Buffer
	ContentType string
}

// MultipartBody encodes one file as a browser's file input sends it.
func MultipartBody(field, filename string, data []byte) Multipart {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile(field, filename)
	if err == nil {
		_, err = part.Write(data)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		panic("apitest: multipart: " + err.Error()) // writing to memory cannot fail
	}
	return Multipart{Body: &body, ContentType: w.FormDataContentType()}
}

// Upload posts one file as multipart form field.
func (c *Client) Upload(path, field, filename string, data []byte) *Response {
	c.t.Helper()
	m := MultipartBody(field, filename, data)
	req := httptest.NewRequest(http.MethodPost, path, m.Body)
	req.Header.Set("Content-Type", m.ContentType)
	return c.Do(req)
}

func (c *Client) check(req *http.Request, rec *httptest.ResponseRecorder) {
	c.t.Helper()
	doc, router, _ := Document()
	route, params, err := router.FindRoute(req)
	if err != nil {
		c.checkUndocumented(doc, req, rec)
		return
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status: rec.Code,
		Header: rec.Header(),
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
		},
	}
	input.SetBodyBytes(rec.Body.Bytes())
	if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
		c.t.Errorf("apitest: %s %s → %d breaks the OpenAPI contract: %v\nbody: %s",
			req.Method, req.URL.Path, rec.Code, err, truncate(rec.Body.String()))
	}
}

// checkUndocumented accepts an unknown route only when it answered with a
// contract-shaped error (404 for unknown paths) or was allowed by the test.
func (c *Client) checkUndocumented(doc *openapi3.T, req *http.Request, rec *httptest.ResponseRecorder) {
	c.t.Helper()
	allowed := false
	for _, prefix := range c.undocumented {
		if strings.HasPrefix(req.URL.Path, prefix) {
			allowed = true
		}
	}
	isAPI := strings.HasPrefix(req.URL.Path, "/api/")
	if !allowed && isAPI && rec.Code != http.StatusNotFound {
		c.t.Errorf("apitest: %s %s answered %d but is not in the OpenAPI document", req.Method, req.URL.Path, rec.Code)
		return
	}
	if rec.Code >= 400 && (isAPI || allowed) {
		c.checkErrorBody(doc, req, rec)
	}
}

func (c *Client) checkErrorBody(doc *openapi3.T, req *http.Request, rec *httptest.ResponseRecorder) {
	c.t.Helper()
	if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		c.t.Errorf("apitest: %s %s → %d is not JSON (%s): %s", req.Method, req.URL.Path, rec.Code,
			rec.Header().Get("Content-Type"), truncate(rec.Body.String()))
		return
	}
	var body any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		c.t.Errorf("apitest: %s %s → %d: invalid JSON: %v", req.Method, req.URL.Path, rec.Code, err)
		return
	}
	schema := doc.Components.Schemas["Error"].Value
	if err := schema.VisitJSON(body, openapi3.MultiErrors()); err != nil {
		c.t.Errorf("apitest: %s %s → %d does not match the Error schema: %v\nbody: %s",
			req.Method, req.URL.Path, rec.Code, err, truncate(rec.Body.String()))
	}
}

func truncate(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}
