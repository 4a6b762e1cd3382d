// Package supervision is joint school–enterprise supervision (协作共管,
// domain.md §5.3–5.4): records both sides write and countersign, daily
// patrols, incidents, student logs and reports, leave and lodging,
// assessment, complaints and the Art 29 archive check.
package supervision

import (
	"context"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/auth"
	"huhang/internal/files"
	"huhang/internal/placements"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/redisx"
)

// Placements is what supervision needs of the placements below it;
// internal/app wires placements.Service. Get is scoped to the actor and
// answers NotFound outside it.
type Placements interface {
	Get(ctx context.Context, actor auth.Actor, id uuid.UUID) (placements.Placement, error)
}

var _ Placements = (*placements.Service)(nil)

// Service is the supervision use cases.
type Service struct {
	pool       *pgxpool.Pool
	placements Placements
	files      *files.Service // scanned forms and photos attached to records, leave and lodging
	rdb        *redisx.Client // public complaint rate limits; nil in tools that serve no HTTP
	clock      clock.Clock

	rosters       Rosters        // duty rosters, for the daily patrol of a site
	incidentHooks []IncidentHook // run inside the transaction reporting an incident
	// run inside the transaction acknowledging an incident
	incidentAckHooks []IncidentAckHook
}

// NewService builds the supervision service.
func NewService(pool *pgxpool.Pool, placementsSvc Placements, filesSvc *files.Service, rdb *redisx.Client, clk clock.Clock) *Service {
	return &Service{pool: pool, placements: placementsSvc, files: filesSvc, rdb: rdb, clock: clk}
}

// Side is which party of a placement an actor writes for.
type Side string

const (
	SideSchool     Side = "school"     // the placement's school instructor
	SideEnterprise Side = "enterprise" // the placement's enterprise mentor
	SideStudent    Side = "student"    // the placed student
)

// SideOf is how the actor stands to the placement: its instructor, its
// mentor, its student, or none of them ("") — administrators and bureaus
// read but do not write joint records.
func SideOf(actor auth.Actor, p placements.Placement) Side {
	switch {
	case actor.Role == auth.RoleTeacher && p.InstructorID != nil && *p.InstructorID == actor.UserID:
		return SideSchool
	case actor.Role == auth.RoleEnterpriseMentor && p.MentorID != nil && *p.MentorID == actor.UserID:
		return SideEnterprise
	case actor.Role == auth.RoleStudent && p.StudentUserID != nil && *p.StudentUserID == actor.UserID:
		return SideStudent
	}
	return ""
}

// placementAs reads the placement in the actor's scope (404 outside it) and
// requires one of the sides; an actor who sees the placement but stands on
// none of them gets 403.
func (s *Service) placementAs(ctx context.Context, actor auth.Actor, id uuid.UUID, sides ...Side) (placements.Placement, Side, error) {
	p, err := s.placements.Get(ctx, actor, id)
	if err != nil {
		return p, "", err
	}
	side := SideOf(actor, p)
	for _, want := range sides {
		if side == want {
			return p, side, nil
		}
	}
	return p, "", apperr.Forbidden("只有该实习安排的指导教师、企业导师或学生本人可以执行此操作")
}
