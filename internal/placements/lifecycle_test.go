package placements_test

import (
	"slices"
	"testing"

	"huhang/internal/auth"
	"huhang/internal/placements"
	"huhang/internal/platform/workflow/workflowtest"
)

// The whole lifecycle, edge by edge: anything added or lost by accident fails.
func TestLifecycleTable(t *testing.T) {
	type move = workflowtest.Move[placements.Status, placements.Action, auth.Role]
	const (
		school, ent, sys = auth.RoleSchoolAdmin, auth.RoleEnterpriseAdmin, auth.RoleSystem
	)
	allowed := []move{
		{From: placements.StatusProposed, Action: placements.ActionConfirm, Role: ent, To: placements.StatusConfirmed},
		{From: placements.StatusProposed, Action: placements.ActionDecline, Role: ent, To: placements.StatusDeclined},
		{From: placements.StatusConfirmed, Action: placements.ActionReady, Role: sys, To: placements.StatusReady},
		{From: placements.StatusReady, Action: placements.ActionUnready, Role: sys, To: placements.StatusConfirmed},
		// Activation only from ready: never straight from confirmed.
		{From: placements.StatusReady, Action: placements.ActionActivate, Role: school, To: placements.StatusActive},
		{From: placements.StatusReady, Action: placements.ActionActivate, Role: sys, To: placements.StatusActive},
		{From: placements.StatusActive, Action: placements.ActionComplete, Role: sys, To: placements.StatusCompleted},
		// Termination and transfer only once active.
		{From: placements.StatusActive, Action: placements.ActionTerminate, Role: school, To: placements.StatusTerminated},
		{From: placements.StatusActive, Action: placements.ActionTransfer, Role: school, To: placements.StatusTransferred},
		// Before the start the school withdraws instead.
		{From: placements.StatusProposed, Action: placements.ActionWithdraw, Role: school, To: placements.StatusWithdrawn},
		{From: placements.StatusConfirmed, Action: placements.ActionWithdraw, Role: school, To: placements.StatusWithdrawn},
		{From: placements.StatusReady, Action: placements.ActionWithdraw, Role: school, To: placements.StatusWithdrawn},
	}
	roles := append(slices.Clone(auth.Roles), sys, "")
	workflowtest.Exactly(t, placements.Lifecycle, placements.Statuses, roles, allowed)
	for _, s := range placements.Statuses {
		if s.Name() == "" {
			t.Errorf("status %s has no Chinese name", s)
		}
	}
}
