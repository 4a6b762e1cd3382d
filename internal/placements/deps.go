package placements

import (
	"context"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/files"
	"huhang/internal/orgs"
	"huhang/internal/plans"
	"huhang/internal/platform/postgres"
	"huhang/internal/students"
)

// What placements need of the domains below them, declared here by the
// consumer (architecture.md §3.3) so the service depends on these few
// methods, not on whole services; internal/app wires the real ones. Every
// method taking a db reads inside the caller's transaction when given one,
// applies no scoping (the placement service scopes), and answers apperr
// kinds (NotFound for a missing record).

// Orgs reads the hosts, posts and people a placement names.
type Orgs interface {
	EnterprisesByID(ctx context.Context, db postgres.DBTX, ids []uuid.UUID) (map[uuid.UUID]orgs.Enterprise, error)
	PostsByID(ctx context.Context, db postgres.DBTX, ids []uuid.UUID) (map[uuid.UUID]orgs.Post, error)
	UsersByID(ctx context.Context, db postgres.DBTX, ids []uuid.UUID) (map[uuid.UUID]orgs.User, error)
}

// Plans reads the plan a placement belongs to: ByID unscoped inside a
// transaction, Get scoped to the actor (404 outside it).
type Plans interface {
	ByID(ctx context.Context, db postgres.DBTX, id uuid.UUID) (plans.Plan, error)
	Get(ctx context.Context, actor auth.Actor, id uuid.UUID) (plans.Plan, error)
}

// Students reads the students placed.
type Students interface {
	ByID(ctx context.Context, db postgres.DBTX, ids []uuid.UUID) (map[uuid.UUID]students.Student, error)
}

// Files reads, marks and serves the evidence attached to documents.
type Files interface {
	ByID(ctx context.Context, db postgres.DBTX, id uuid.UUID) (files.File, error)
	MarkAttached(ctx context.Context, db postgres.DBTX, id uuid.UUID) error
	Serve(c *gin.Context, f files.File) error
}

var (
	_ Orgs     = (*orgs.Service)(nil)
	_ Plans    = (*plans.Service)(nil)
	_ Students = (*students.Service)(nil)
	_ Files    = (*files.Service)(nil)
)
