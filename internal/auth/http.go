package auth

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"huhang/internal/platform/apperr"
	"huhang/internal/platform/web"
)

// RefreshCookie carries the refresh token; httpOnly so scripts never see it,
// SameSite=Strict so no other site can make the browser send it, and scoped
// to the auth routes so it travels nowhere else.
const (
	RefreshCookie     = "huhang_refresh"
	refreshCookiePath = "/api/v1/auth"
)

// Authenticate lets a request through only with a valid bearer token of a
// live session, and puts its Actor into the request context.
func Authenticate(svc *Service) gin.HandlerFunc {
	return func(c *gin.Context) {
		header := c.GetHeader("Authorization")
		token, ok := strings.CutPrefix(header, "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			web.WriteError(c, apperr.Unauthenticated("请先登录"))
			return
		}
		actor, err := svc.Authenticate(c.Request.Context(), strings.TrimSpace(token))
		if err != nil {
			web.WriteError(c, err)
			return
		}
		c.Request = c.Request.WithContext(WithActor(c.Request.Context(), actor))
		c.Next()
	}
}

// Handlers serves the identity routes.
type Handlers struct {
	svc          *Service
	secureCookie bool
}

// Routes mounts the auth routes: login and refresh on the public group, the
// rest behind Authenticate.
func Routes(public, authed *gin.RouterGroup, svc *Service, secureCookie bool) {
	h := &Handlers{svc: svc, secureCookie: secureCookie}
	// Only the pages of this site may sign in or renew a session: another
	// site's page could otherwise log a visitor into an account it controls.
	public.POST("/auth/login", web.SameOrigin(), web.Handle(h.login))
	public.POST("/auth/refresh", web.SameOrigin(), web.Handle(h.refresh))
	authed.POST("/auth/logout", NoContent(h.logout))
	authed.GET("/auth/me", Answer(http.StatusOK, func(_ *gin.Context, a Actor) (MeResponse, error) { return Me(a), nil }))
	authed.GET("/auth/sessions", Answer(http.StatusOK, h.sessions))
	authed.DELETE("/auth/sessions/:id", NoContent(func(c *gin.Context, a Actor) error {
		return h.svc.Revoke(c.Request.Context(), a, c.Param("id"))
	}))
	authed.POST("/auth/password", NoContent(h.changePassword))
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// MeResponse is the signed-in user as the client shows it.
type MeResponse struct {
	ID           string  `json:"id"`
	Username     string  `json:"username"`
	DisplayName  string  `json:"display_name"`
	Role         Role    `json:"role"`
	RoleName     string  `json:"role_name"`
	OrgID        *string `json:"org_id"`
	OrgKind      *string `json:"org_kind"`
	OrgName      *string `json:"org_name"`
	DivisionCode *string `json:"division_code"`
}

type tokenResponse struct {
	AccessToken string     `json:"access_token"`
	TokenType   string     `json:"token_type"`
	ExpiresIn   int        `json:"expires_in"`
	User        MeResponse `json:"user"`
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Me renders an actor.
func Me(a Actor) MeResponse {
	var orgID *string
	if a.OrgID != nil {
		orgID = optional(a.OrgID.String())
	}
	return MeResponse{ID: a.UserID.String(), Username: a.Username, DisplayName: a.DisplayName, Role: a.Role,
		RoleName: RoleNames[a.Role], OrgID: orgID, OrgKind: optional(a.OrgKind), OrgName: optional(a.OrgName),
		DivisionCode: optional(a.DivisionCode)}
}

func (h *Handlers) login(c *gin.Context) error {
	var req loginRequest
	if err := web.BindJSON(c, &req); err != nil {
		return err
	}
	var problems []apperr.FieldError
	username := strings.TrimSpace(req.Username)
	if username == "" {
		problems = append(problems, apperr.FieldError{Field: "username", Message: "请输入用户名"})
	} else if fe := CheckUsername(username); fe != nil {
		problems = append(problems, *fe)
	}
	if req.Password == "" {
		problems = append(problems, apperr.FieldError{Field: "password", Message: "请输入密码"})
	}
	if len(problems) > 0 {
		return apperr.Invalid("请正确填写用户名和密码", problems...)
	}
	tok, err := h.svc.Login(c.Request.Context(), username, req.Password, c.ClientIP(), c.Request.UserAgent())
	if err != nil {
		return err
	}
	h.answerToken(c, tok)
	return nil
}

func (h *Handlers) refresh(c *gin.Context) error {
	cookie, err := c.Cookie(RefreshCookie)
	if err != nil || cookie == "" {
		return apperr.Unauthenticated("请先登录")
	}
	tok, err := h.svc.Refresh(c.Request.Context(), cookie)
	if err != nil {
		h.clearCookie(c)
		return err
	}
	h.answerToken(c, tok)
	return nil
}

func (h *Handlers) answerToken(c *gin.Context, tok Token) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: RefreshCookie, Value: tok.Refresh, Path: refreshCookiePath,
		MaxAge: int(SessionIdleTTL / time.Second), HttpOnly: true, Secure: h.secureCookie, SameSite: http.SameSiteStrictMode,
	})
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, tokenResponse{AccessToken: tok.AccessToken, TokenType: "Bearer", ExpiresIn: tok.ExpiresIn, User: Me(tok.Actor)})
}

func (h *Handlers) clearCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{Name: RefreshCookie, Value: "", Path: refreshCookiePath, MaxAge: -1,
		HttpOnly: true, Secure: h.secureCookie, SameSite: http.SameSiteStrictMode})
}

func (h *Handlers) logout(c *gin.Context, a Actor) error {
	if err := h.svc.Logout(c.Request.Context(), a); err != nil {
		return err
	}
	h.clearCookie(c)
	return nil
}

type sessionResponse struct {
	ID         string    `json:"id"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ClientIP   string    `json:"client_ip"`
	UserAgent  string    `json:"user_agent"`
	Current    bool      `json:"current"`
}

func (h *Handlers) sessions(c *gin.Context, a Actor) (web.ListBody[sessionResponse], error) {
	list, err := h.svc.Sessions(c.Request.Context(), a)
	items := make([]sessionResponse, 0, len(list))
	for _, s := range list {
		items = append(items, sessionResponse(s))
	}
	return web.ListBody[sessionResponse]{Items: items}, err
}

type passwordRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

func (h *Handlers) changePassword(c *gin.Context, a Actor) error {
	var req passwordRequest
	if err := web.BindJSON(c, &req); err != nil {
		return err
	}
	return h.svc.ChangePassword(c.Request.Context(), a, req.CurrentPassword, req.NewPassword)
}
