package auth

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"huhang/internal/audit"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/ids"
	"huhang/internal/platform/sqlb"
	"huhang/internal/platform/web"
)

// Role is what a user may do; each role belongs in one kind of organisation.
type Role string

const (
	RolePlatformAdmin    Role = "platform_admin"
	RoleBureauAuditor    Role = "bureau_auditor"
	RoleSchoolAdmin      Role = "school_admin"
	RoleTeacher          Role = "teacher"
	RoleEnterpriseAdmin  Role = "enterprise_admin"
	RoleEnterpriseMentor Role = "enterprise_mentor"
	RoleStudent          Role = "student"
)

// Roles lists every role in a stable order.
var Roles = []Role{RolePlatformAdmin, RoleBureauAuditor, RoleSchoolAdmin, RoleTeacher,
	RoleEnterpriseAdmin, RoleEnterpriseMentor, RoleStudent}

// RoleNames are the roles in Chinese, for messages and the client.
var RoleNames = map[Role]string{
	RolePlatformAdmin:    "平台管理员",
	RoleBureauAuditor:    "教育局审核员",
	RoleSchoolAdmin:      "学校管理员",
	RoleTeacher:          "实习指导教师",
	RoleEnterpriseAdmin:  "企业管理员",
	RoleEnterpriseMentor: "企业导师",
	RoleStudent:          "学生",
}

// RoleSystem is the role the platform itself acts with: the worker, and moves
// that follow documents and dates. No user holds it and no login yields it.
const RoleSystem Role = "system"

// System is the one named actor of every change the platform makes by
// itself, so the audit trail always says "system" for them.
var System = Actor{Username: "system", DisplayName: "系统", Role: RoleSystem}

// RoleName is the role in Chinese, the system included.
func RoleName(r Role) string {
	if r == RoleSystem {
		return "系统"
	}
	return RoleNames[r]
}

// Valid reports whether r is one of the seven roles.
func (r Role) Valid() bool {
	_, ok := RoleNames[r]
	return ok
}

// Actor is the signed-in user a request acts for, as its session recorded it.
type Actor struct {
	UserID       uuid.UUID
	Username     string
	DisplayName  string
	Role         Role
	OrgID        *uuid.UUID
	OrgKind      string
	OrgName      string
	DivisionCode string
	SessionID    string
}

// Who is the actor as the audit trail records it.
func (a Actor) Who() audit.Who {
	if a.Role == RoleSystem {
		return audit.Who{Username: a.Username, Role: string(RoleSystem)}
	}
	id := a.UserID
	return audit.Who{UserID: &id, Username: a.Username, Role: string(a.Role), OrgID: a.OrgID}
}

// InOrg reports whether the actor belongs to the organisation.
func (a Actor) InOrg(id uuid.UUID) bool { return a.OrgID != nil && *a.OrgID == id }

// Is reports whether the actor has one of the roles.
func (a Actor) Is(roles ...Role) bool {
	for _, r := range roles {
		if a.Role == r {
			return true
		}
	}
	return false
}

type actorKey struct{}

// WithActor puts the actor into ctx.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of an authenticated request.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// MustActor is ActorFrom for code behind Authenticate, where a missing actor is a wiring bug.
func MustActor(ctx context.Context) (Actor, error) {
	a, ok := ActorFrom(ctx)
	if !ok {
		return Actor{}, apperr.Unauthenticated("")
	}
	return a, nil
}

// RequireRole answers 403 to any actor without one of the roles. It runs
// after Authenticate, so an anonymous caller has already had its 401.
func RequireRole(roles ...Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		a, ok := ActorFrom(c.Request.Context())
		if !ok {
			web.WriteError(c, apperr.Unauthenticated(""))
			return
		}
		if !a.Is(roles...) {
			web.WriteError(c, apperr.Forbidden(fmt.Sprintf("%s无权执行此操作", RoleNames[a.Role])))
			return
		}
		c.Next()
	}
}

// Involved says, per kind of actor, when a record concerns the actor: one
// SQL predicate over the row being filtered for each kind, in the fmt verbs
// of sqlb.Where.Add. An empty predicate means "never".
//
// Each is written so that an index serves it in a generic plan: plain
// equalities, ranges and "col IN (SELECT … WHERE indexed = %s)", never
// "$1 = ANY(ARRAY[…])" or "EXISTS (… unnest …)", which PostgreSQL can only
// evaluate row by row over the whole table.
type Involved struct {
	// Division: the record concerns a division whose code lies in [%[1]s, %[2]s)
	// (the bureau's subtree as a prefix range, see sqlb.PrefixRange).
	Division string
	// School and Enterprise: the record concerns organisation %[1]s, the
	// administrator's own school or enterprise.
	School     string
	Enterprise string
	// Teacher, Mentor and Student: the record concerns user %[1]s.
	Teacher string
	Mentor  string
	Student string
}

// Scope is the one scoping rule of Huhang, added to w for the actor:
//   - the platform administrator sees everything;
//   - a bureau sees records concerning a division in its subtree;
//   - school and enterprise administrators see records concerning their organisation;
//   - teachers, mentors and students see records concerning themselves.
//
// It fails closed: an actor without the division or organisation its role
// needs, or a record kind that does not concern its role, sees nothing.
func (a Actor) Scope(w *sqlb.Where, inv Involved) {
	switch a.Role {
	case RolePlatformAdmin:
		return
	case RoleBureauAuditor:
		lo, hi, ok := sqlb.PrefixRange(ids.DivisionPrefix(a.DivisionCode))
		if inv.Division == "" || !ok {
			w.False()
			return
		}
		w.Add(inv.Division, lo, hi)
		return
	case RoleSchoolAdmin, RoleEnterpriseAdmin:
		pred := inv.School
		if a.Role == RoleEnterpriseAdmin {
			pred = inv.Enterprise
		}
		if pred == "" || a.OrgID == nil {
			w.False()
			return
		}
		w.Add(pred, *a.OrgID)
		return
	case RoleTeacher, RoleEnterpriseMentor, RoleStudent:
		pred := map[Role]string{RoleTeacher: inv.Teacher, RoleEnterpriseMentor: inv.Mentor, RoleStudent: inv.Student}[a.Role]
		if pred == "" || a.UserID == uuid.Nil {
			w.False()
			return
		}
		w.Add(pred, a.UserID)
		return
	}
	w.False()
}

// ScopeSQL is Scope as a standalone predicate whose arguments are numbered
// from firstArg, for queries that number their own arguments.
func (a Actor) ScopeSQL(inv Involved, firstArg int) (string, []any) {
	w := sqlb.With(make([]any, firstArg-1)...)
	a.Scope(w, inv)
	return w.String(), w.Args()[firstArg-1:]
}

// ScopedWhere extends a WHERE clause over args with the actor's scope; a nil
// actor (a higher domain reading on behalf of a caller it already scoped)
// leaves it as it is.
func ScopedWhere(actor *Actor, inv Involved, where string, args []any) (string, []any) {
	if actor == nil {
		return where, args
	}
	w := sqlb.With(args...)
	w.Add(where)
	actor.Scope(w, inv)
	return w.String(), w.Args()
}

// Answer adapts a handler that needs the actor and answers JSON with status:
// the recurring shape of read routes.
func Answer[Res any](status int, fn func(c *gin.Context, a Actor) (Res, error)) gin.HandlerFunc {
	return web.Handle(func(c *gin.Context) error {
		a, err := MustActor(c.Request.Context())
		if err != nil {
			return err
		}
		res, err := fn(c, a)
		if err != nil {
			return err
		}
		c.JSON(status, res)
		return nil
	})
}

// BindAnswer is Answer for routes with a JSON body, bound strictly first.
func BindAnswer[Req, Res any](status int, fn func(c *gin.Context, a Actor, req Req) (Res, error)) gin.HandlerFunc {
	return Answer(status, func(c *gin.Context, a Actor) (Res, error) {
		var req Req
		if err := web.BindJSON(c, &req); err != nil {
			var zero Res
			return zero, err
		}
		return fn(c, a, req)
	})
}

// NoContent adapts a state change that answers 204 without a body.
func NoContent(fn func(c *gin.Context, a Actor) error) gin.HandlerFunc {
	return web.Handle(func(c *gin.Context) error {
		a, err := MustActor(c.Request.Context())
		if err != nil {
			return err
		}
		if err := fn(c, a); err != nil {
			return err
		}
		c.Status(http.StatusNoContent)
		return nil
	})
}
