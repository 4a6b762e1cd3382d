package alerts_test

import (
	"testing"

	"huhang/internal/alerts"
	"huhang/internal/auth"
	"huhang/internal/platform/workflow/workflowtest"
)

func TestLifecycleAllowsExactly(t *testing.T) {
	t.Parallel()
	type move = workflowtest.Move[alerts.Status, alerts.Action, auth.Role]
	roles := []auth.Role{auth.RolePlatformAdmin, auth.RoleBureauAuditor, auth.RoleSchoolAdmin, auth.RoleTeacher, auth.RoleStudent,
		auth.RoleEnterpriseAdmin, auth.RoleEnterpriseMentor, auth.RoleSystem}
	var moves []move
	for _, r := range []auth.Role{auth.RoleBureauAuditor, auth.RoleSchoolAdmin, auth.RoleEnterpriseAdmin} {
		moves = append(moves,
			move{From: alerts.StatusOpen, Action: alerts.ActionAck, Role: r, To: alerts.StatusAcknowledged},
			move{From: alerts.StatusOpen, Action: alerts.ActionResolve, Role: r, To: alerts.StatusResolved},
			move{From: alerts.StatusAcknowledged, Action: alerts.ActionResolve, Role: r, To: alerts.StatusResolved})
	}
	moves = append(moves, move{From: alerts.StatusOpen, Action: alerts.ActionEscalate, Role: auth.RoleSystem, To: alerts.StatusOpen})
	workflowtest.Exactly(t, alerts.Lifecycle, []alerts.Status{alerts.StatusOpen, alerts.StatusAcknowledged, alerts.StatusResolved}, roles, moves)
}
