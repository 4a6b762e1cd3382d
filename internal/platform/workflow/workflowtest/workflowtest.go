// Package workflowtest checks a lifecycle table exhaustively: every
// combination of state, action and role is tried, and exactly the listed
// moves may succeed, so an edge added or lost by accident fails a test.
package workflowtest

import (
	"errors"
	"testing"

	"huhang/internal/platform/workflow"
)

// Move is one allowed (from, action, role) → to.
type Move[S, A, R ~string] struct {
	From   S
	Action A
	Role   R
	To     S
}

// Exactly fails t unless table allows exactly the moves in allowed among all
// states × actions of the table × roles (pass the system role in roles too).
func Exactly[S, A, R ~string](t testing.TB, table workflow.Table[S, A, R], states []S, roles []R, allowed []Move[S, A, R]) {
	t.Helper()
	want := make(map[Move[S, A, R]]bool, len(allowed))
	for _, m := range allowed {
		want[Move[S, A, R]{From: m.From, Action: m.Action, Role: m.Role}] = true
		if got, err := table.Apply(m.From, m.Action, m.Role); err != nil || got != m.To {
			t.Errorf("%s: %s --%s by %s--> want %s, got %s (%v)", table.Subject, m.From, m.Action, m.Role, m.To, got, err)
		}
	}
	for action := range table.Edges {
		for _, s := range states {
			for _, r := range roles {
				if want[Move[S, A, R]{From: s, Action: action, Role: r}] {
					continue
				}
				got, err := table.Apply(s, action, r)
				if err == nil {
					t.Errorf("%s: %s --%s by %s--> %s is allowed but not listed", table.Subject, s, action, r, got)
				} else if !errors.Is(err, workflow.ErrInvalidTransition) {
					t.Errorf("%s: %s --%s by %s: refusal does not wrap ErrInvalidTransition: %v", table.Subject, s, action, r, err)
				}
			}
		}
	}
}
