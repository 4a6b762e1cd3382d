// Package todos is the one feed of what a signed-in user must act on now
// (architecture.md §5), and the figures of each role's workspace.
//
// The feed knows no domain: each domain contributes a Provider from its own
// package, and internal/app registers them, so the dependency points from
// the domains to this package and never back.
package todos

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/clock"
)

// Severity orders the feed: a critical item is a rule broken or a deadline
// passed, a serious one blocks someone else, a minor one is routine.
type Severity string

const (
	Critical Severity = "critical"
	Serious  Severity = "serious"
	Minor    Severity = "minor"
)

func (s Severity) rank() int {
	switch s {
	case Critical:
		return 0
	case Serious:
		return 1
	}
	return 2
}

// Subject is the record an item is about.
type Subject struct {
	Type string
	ID   uuid.UUID
}

// Item is one thing the caller must do.
type Item struct {
	// Kind is stable and machine-readable ("plan.cosign"), for the client's icons and for tests.
	Kind string
	// Title is the one line the user reads, in Chinese, naming the record.
	Title string
	// Detail is an optional second line.
	Detail   string
	Subject  Subject
	DueOn    *clock.Date
	Severity Severity
	// Link is the client route where the user acts ("/plans/<id>").
	Link string
}

// Provider contributes the items of one domain. It must scope what it
// returns to the actor exactly as that domain's lists do, and return nothing
// (not an error) for roles it has nothing for.
type Provider interface {
	Todos(ctx context.Context, actor auth.Actor) ([]Item, error)
}

// ProviderFunc adapts a function to Provider.
type ProviderFunc func(ctx context.Context, actor auth.Actor) ([]Item, error)

// Todos calls f.
func (f ProviderFunc) Todos(ctx context.Context, actor auth.Actor) ([]Item, error) {
	return f(ctx, actor)
}

// Counts are the items per area of the client, shown as tab badges.
type Counts struct {
	Plans, Placements, Students, Total int
}

// List is the merged feed.
type List struct {
	Items  []Item
	Counts Counts
}

// Feed runs every registered provider and merges what they say.
type Feed struct {
	providers []Provider
}

// Register adds providers; internal/app calls it once while wiring.
func (f *Feed) Register(p ...Provider) { f.providers = append(f.providers, p...) }

// List runs the providers concurrently (each is one or two indexed queries,
// so the feed costs the slowest, not the sum), then sorts and counts.
func (f *Feed) List(ctx context.Context, actor auth.Actor) (List, error) {
	results := make([][]Item, len(f.providers))
	errs := make([]error, len(f.providers))
	var wg sync.WaitGroup
	for i, p := range f.providers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = p.Todos(ctx, actor)
		}()
	}
	wg.Wait()
	var items []Item
	for i, err := range errs {
		if err != nil {
			return List{}, fmt.Errorf("todos: provider %d: %w", i, err)
		}
		items = append(items, results[i]...)
	}
	Sort(items)
	return List{Items: items, Counts: Count(items)}, nil
}

// Sort puts the most urgent first: severity, then the earliest due date
// (items without one after those with one), then the title, so the order is
// stable from one load to the next.
func Sort(items []Item) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.Severity.rank() != b.Severity.rank() {
			return a.Severity.rank() < b.Severity.rank()
		}
		switch {
		case a.DueOn != nil && b.DueOn == nil:
			return true
		case a.DueOn == nil && b.DueOn != nil:
			return false
		case a.DueOn != nil && b.DueOn != nil && *a.DueOn != *b.DueOn:
			return a.DueOn.Before(*b.DueOn)
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.Link < b.Link
	})
}

// Count groups items by the area their link leads to.
func Count(items []Item) Counts {
	c := Counts{Total: len(items)}
	for _, it := range items {
		switch {
		case under(it.Link, "/plans"):
			c.Plans++
		case under(it.Link, "/placements"):
			c.Placements++
		case under(it.Link, "/students"):
			c.Students++
		}
	}
	return c
}

func under(link, area string) bool {
	if !strings.HasPrefix(link, area) {
		return false
	}
	rest := link[len(area):]
	return rest == "" || rest[0] == '/' || rest[0] == '?'
}

// Quote puts a record's name in Chinese quotation marks for a title.
func Quote(name string) string { return "“" + name + "”" }
