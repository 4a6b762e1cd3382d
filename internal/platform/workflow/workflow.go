// Package workflow is the one shape of every lifecycle in Huhang (plans,
// placements and the ones to come): a table of edges (from which states, by
// which roles, to which state) and Apply, which either moves along an edge or
// says why it may not. Domains declare their table; services persist the new
// state and write the audit row in the same transaction.
package workflow

import (
	"errors"
	"fmt"
	"slices"

	"huhang/internal/platform/apperr"
)

// ErrInvalidTransition is what every refusal wraps, whatever the table:
// errors.Is(err, ErrInvalidTransition) tells a refused move from other
// failures. The error the caller sees is an apperr (Conflict for a wrong
// state, Forbidden for a wrong role) with a Chinese message.
var ErrInvalidTransition = errors.New("workflow: invalid transition")

// Edge is one allowed move. By lists the roles that may take it; an empty By
// means only the system (the worker, or the service following documents and
// dates) takes it.
type Edge[S, R ~string] struct {
	From []S
	To   S
	By   []R
}

// Table is a whole lifecycle.
type Table[S, A, R ~string] struct {
	// Subject names the record in Chinese for messages ("实习方案").
	Subject string
	// System is the role the system acts with (auth.RoleSystem).
	System R
	// StateName and RoleName render states and roles in Chinese.
	StateName func(S) string
	RoleName  func(R) string
	Edges     map[A]Edge[S, R]
}

// Apply returns the state that action by role leads to from current, or an
// error wrapping ErrInvalidTransition that says why not. An action missing
// from the table is a programming error and comes back as internal.
func (t Table[S, A, R]) Apply(current S, action A, role R) (S, error) {
	e, ok := t.Edges[action]
	if !ok {
		return current, apperr.Internal(fmt.Errorf("workflow: %s has no action %q: %w", t.Subject, action, ErrInvalidTransition))
	}
	if len(e.By) == 0 && role != t.System {
		return current, &apperr.Error{Kind: apperr.KindForbidden, Code: "FORBIDDEN",
			Message: "此状态由系统根据材料和日期自动变更", Cause: ErrInvalidTransition}
	}
	if len(e.By) > 0 && !slices.Contains(e.By, role) {
		return current, &apperr.Error{Kind: apperr.KindForbidden, Code: "FORBIDDEN",
			Message: fmt.Sprintf("%s不能执行此操作", t.RoleName(role)), Cause: ErrInvalidTransition}
	}
	if !slices.Contains(e.From, current) {
		return current, &apperr.Error{Kind: apperr.KindConflict, Code: "INVALID_TRANSITION",
			Message: fmt.Sprintf("%s当前状态为“%s”，不能执行此操作", t.Subject, t.StateName(current)), Cause: ErrInvalidTransition}
	}
	return e.To, nil
}

// Can reports whether Apply would succeed, for showing the buttons a user may press.
func (t Table[S, A, R]) Can(current S, action A, role R) bool {
	_, err := t.Apply(current, action, role)
	return err == nil
}
