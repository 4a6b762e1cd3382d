package web

import (
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"huhang/internal/platform/apperr"
)

// ContentSecurityPolicy is sent with every answer. No inline script and no
// eval anywhere: a script that slips into the page through data cannot run.
// Styles too come only from our files: Vue and Vant set styles at run time
// through the CSSOM (element.style), which CSP does not govern, and the
// built client was walked in Chromium without a violation (e2e/security.spec.ts).
// Vant's icon font is a data: URL inside its CSS; blob: serves the downloads
// the client builds from API answers.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// SecurityHeaders sets the browser protections on every answer, API, static
// file, error and 404 alike, before anything else can write. hsts is for
// production only, where the site is served over HTTPS: sent over plain HTTP
// on a laptop it would pin localhost to HTTPS in the browser for a year.
func SecurityHeaders(hsts bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		c.Next()
	}
}

// RequireContentType refuses a request that has a body in any other media
// type than its route takes: application/json, unless bodyTypes names another
// for the route pattern (multipart/form-data for uploads). A form on another
// site can post text/plain or a form encoding without asking the browser's
// permission, but never application/json; refusing those closes that door.
// Unknown routes are left to answer 404.
func RequireContentType(bodyTypes map[string]string) gin.HandlerFunc {
	return func(c *gin.Context) {
		route := c.FullPath()
		if route == "" || !hasBody(c.Request) {
			c.Next()
			return
		}
		want := "application/json"
		if t, ok := bodyTypes[route]; ok {
			want = t
		}
		got, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
		if err != nil || got != want {
			c.AbortWithStatusJSON(http.StatusUnsupportedMediaType, ErrorBody{Error: ErrorPayload{
				Code:      "UNSUPPORTED_MEDIA_TYPE",
				Message:   "请求内容类型应为 " + want + "（请设置 Content-Type 请求头）",
				RequestID: RequestID(c.Request.Context()),
			}})
			return
		}
		c.Next()
	}
}

// hasBody is true when the request says it carries one: a length above zero
// or a body of unknown length (chunked).
func hasBody(r *http.Request) bool {
	return r.ContentLength > 0 || (r.ContentLength < 0 && r.Body != nil && r.Body != http.NoBody)
}

// SameOrigin refuses a request a browser sent on behalf of another site: a
// Sec-Fetch-Site of cross-site or same-site, or an Origin whose host is not
// the host the request was sent to. Clients without these headers (scripts,
// old browsers) pass; such browsers are still held back by the JSON
// Content-Type and the SameSite=Strict cookie. Behind a proxy the Host header
// must be passed through unchanged.
func SameOrigin() gin.HandlerFunc {
	return func(c *gin.Context) {
		if site := c.GetHeader("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
			WriteError(c, crossSite())
			return
		}
		if origin := c.GetHeader("Origin"); origin != "" {
			u, err := url.Parse(origin)
			if err != nil || u.Host == "" || !strings.EqualFold(u.Host, c.Request.Host) {
				WriteError(c, crossSite())
				return
			}
		}
		c.Next()
	}
}

func crossSite() *apperr.Error {
	return &apperr.Error{Kind: apperr.KindForbidden, Code: "CROSS_SITE_REQUEST",
		Message: "拒绝来自其他网站的请求，请直接打开本平台页面登录"}
}
