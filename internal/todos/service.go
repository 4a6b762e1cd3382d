package todos

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/auth"
	"huhang/internal/platform/clock"
)

// Service answers the feed and the workspace figures.
type Service struct {
	pool  *pgxpool.Pool
	clock clock.Clock
	feed  Feed
}

// NewService builds the service; providers are registered afterwards by internal/app.
func NewService(pool *pgxpool.Pool, clk clock.Clock) *Service {
	return &Service{pool: pool, clock: clk}
}

// Register adds the providers of the domains.
func (s *Service) Register(p ...Provider) { s.feed.Register(p...) }

// Todos is what the actor must act on now, most urgent first.
func (s *Service) Todos(ctx context.Context, actor auth.Actor) (List, error) {
	return s.feed.List(ctx, actor)
}

// Figure is one number of a workspace.
type Figure struct {
	Key, Label string
	Value      int
	Hint, Link string
}

// Row is one line of a breakdown.
type Row struct {
	Name       string
	Value      int
	Hint, Link string
}

// Breakdown spreads one figure over the units below the actor.
type Breakdown struct {
	Title string
	Rows  []Row
}

// Workspace is the figures of the actor's world.
type Workspace struct {
	Figures   []Figure
	Breakdown *Breakdown
}
