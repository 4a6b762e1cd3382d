package auth

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/audit"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/ids"
	"huhang/internal/platform/web"
)

// AuditRoutes lets auditors read the trail of one subject: the platform
// administrator everything, a bureau the events of its division subtree.
func AuditRoutes(authed *gin.RouterGroup, pool *pgxpool.Pool) {
	authed.GET("/audit-events", RequireRole(RolePlatformAdmin, RoleBureauAuditor), Answer(http.StatusOK, func(c *gin.Context, actor Actor) (web.ListBody[auditEventJSON], error) {
		var none web.ListBody[auditEventJSON]
		page, err := web.PageFrom(c)
		if err != nil {
			return none, err
		}
		f := audit.ListFilter{SubjectType: strings.TrimSpace(c.Query("subject_type")), SubjectID: strings.TrimSpace(c.Query("subject_id")),
			After: page.After, Limit: page.Fetch()}
		var fe apperr.FieldErrors
		if f.SubjectType == "" {
			fe.Add("subject_type", "请指定对象类型")
		}
		if f.SubjectID == "" {
			fe.Add("subject_id", "请指定对象编号")
		}
		if err := fe.Err("查询条件有误"); err != nil {
			return none, err
		}
		// The scope is set for each role that may read, and nothing else:
		// a bureau account without a valid division reads nothing.
		switch actor.Role {
		case RolePlatformAdmin:
			f.Everything = true
		case RoleBureauAuditor:
			f.DivisionPrefix = ids.DivisionPrefix(actor.DivisionCode)
		}
		entries, err := audit.List(c.Request.Context(), pool, f)
		if err != nil {
			return none, err
		}
		items := make([]auditEventJSON, 0, len(entries))
		for _, e := range entries {
			items = append(items, auditEventJSON{ID: e.ID, At: e.At, ActorID: e.ActorID, ActorUsername: e.ActorUsername,
				ActorRole: e.ActorRole, OrgID: e.OrgID, Action: e.Action, SubjectType: e.SubjectType, SubjectID: e.SubjectID,
				Before: rawJSON(e.Before), After: rawJSON(e.After), ClientIP: e.ClientIP, RequestID: e.RequestID})
		}
		return web.Paged(items, page, func(e auditEventJSON) string { return e.ID.String() }), nil
	}))
}

type auditEventJSON struct {
	ID            uuid.UUID  `json:"id"`
	At            time.Time  `json:"at"`
	ActorID       *uuid.UUID `json:"actor_id"`
	ActorUsername *string    `json:"actor_username"`
	ActorRole     *string    `json:"actor_role"`
	OrgID         *uuid.UUID `json:"org_id"`
	Action        string     `json:"action"`
	SubjectType   string     `json:"subject_type"`
	SubjectID     string     `json:"subject_id"`
	Before        rawJSON    `json:"before"`
	After         rawJSON    `json:"after"`
	ClientIP      *string    `json:"client_ip"`
	RequestID     *string    `json:"request_id"`
}

// rawJSON writes stored JSON as is, and null when there is none.
type rawJSON []byte

func (r rawJSON) MarshalJSON() ([]byte, error) {
	if len(r) == 0 {
		return []byte("null"), nil
	}
	return r, nil
}
