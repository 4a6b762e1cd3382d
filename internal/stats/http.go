package stats

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"huhang/internal/auth"
	"huhang/internal/platform/web"
)

type handlers struct{ svc *Service }

// Routes mounts the dashboards for bureau auditors and school administrators.
func Routes(authed *gin.RouterGroup, svc *Service) {
	h := handlers{svc}
	readers := auth.RequireRole(auth.RoleBureauAuditor, auth.RoleSchoolAdmin)
	authed.GET("/stats/overview", readers, auth.Answer(http.StatusOK, h.overview))
	authed.GET("/stats/overview.xlsx", readers, web.Handle(h.export))
}

// query reads ?division= and ?school=.
func query(c *gin.Context) (Query, error) { return ParseQuery(c.Query("division"), c.Query("school")) }

func (h handlers) overview(c *gin.Context, a auth.Actor) (Overview, error) {
	q, err := query(c)
	if err != nil {
		return Overview{}, err
	}
	return h.svc.Overview(c.Request.Context(), a, q)
}

func (h handlers) export(c *gin.Context) error {
	a, err := auth.MustActor(c.Request.Context())
	if err != nil {
		return err
	}
	q, err := query(c)
	if err != nil {
		return err
	}
	o, err := h.svc.Overview(c.Request.Context(), a, q)
	if err != nil {
		return err
	}
	name := "数据看板-" + o.Scope.Name + "-" + o.AsOf + ".xlsx"
	c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Header("Content-Disposition", "attachment; filename=\"overview.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	c.Status(http.StatusOK)
	return WriteXLSX(c.Writer, o)
}
