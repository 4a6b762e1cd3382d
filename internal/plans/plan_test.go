package plans

import (
	"testing"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/workflow/workflowtest"
)

// TestWorkflowExactly tries every state × action × role: exactly the moves
// of domain.md §5.1 succeed, so an edge added or lost by accident fails.
func TestWorkflowExactly(t *testing.T) {
	states := []Status{StatusDraft, StatusAwaitingCosign, StatusCosigned, StatusSubmitted, StatusReturned, StatusApproved,
		StatusRejected, StatusRevoked, StatusWithdrawn, StatusInProgress, StatusCompleted}
	roles := []auth.Role{auth.RolePlatformAdmin, auth.RoleBureauAuditor, auth.RoleSchoolAdmin, auth.RoleTeacher,
		auth.RoleEnterpriseAdmin, auth.RoleEnterpriseMentor, auth.RoleStudent, auth.RoleSystem}
	type move = workflowtest.Move[Status, Action, auth.Role]
	school, ent, bureau := auth.RoleSchoolAdmin, auth.RoleEnterpriseAdmin, auth.RoleBureauAuditor
	allowed := []move{
		{From: StatusDraft, Action: ActionRequestCosign, Role: school, To: StatusAwaitingCosign},
		{From: StatusReturned, Action: ActionRequestCosign, Role: school, To: StatusAwaitingCosign},
		{From: StatusAwaitingCosign, Action: ActionCosign, Role: ent, To: StatusCosigned},
		{From: StatusAwaitingCosign, Action: ActionDecline, Role: ent, To: StatusReturned},
		{From: StatusCosigned, Action: ActionSubmit, Role: school, To: StatusSubmitted},
		{From: StatusSubmitted, Action: ActionApprove, Role: bureau, To: StatusApproved},
		{From: StatusSubmitted, Action: ActionReturn, Role: bureau, To: StatusReturned},
		{From: StatusSubmitted, Action: ActionReject, Role: bureau, To: StatusRejected},
		{From: StatusApproved, Action: ActionRevoke, Role: bureau, To: StatusRevoked},
		{From: StatusInProgress, Action: ActionRevoke, Role: bureau, To: StatusRevoked},
		{From: StatusApproved, Action: ActionStart, Role: auth.RoleSystem, To: StatusInProgress},
		{From: StatusInProgress, Action: ActionComplete, Role: auth.RoleSystem, To: StatusCompleted},
	}
	for _, from := range []Status{StatusDraft, StatusAwaitingCosign, StatusCosigned, StatusSubmitted, StatusReturned} {
		allowed = append(allowed, move{From: from, Action: ActionWithdraw, Role: school, To: StatusWithdrawn})
	}
	workflowtest.Exactly(t, Table, states, roles, allowed)
}

func TestTransitionTable(t *testing.T) {
	cases := []struct {
		from   Status
		action Action
		role   auth.Role
		to     Status // "" means refused
		kind   apperr.Kind
	}{
		{StatusDraft, ActionRequestCosign, auth.RoleSchoolAdmin, StatusAwaitingCosign, 0},
		{StatusReturned, ActionRequestCosign, auth.RoleSchoolAdmin, StatusAwaitingCosign, 0},
		{StatusSubmitted, ActionRequestCosign, auth.RoleSchoolAdmin, "", apperr.KindConflict},
		{StatusAwaitingCosign, ActionCosign, auth.RoleEnterpriseAdmin, StatusCosigned, 0},
		{StatusAwaitingCosign, ActionCosign, auth.RoleSchoolAdmin, "", apperr.KindForbidden},
		{StatusAwaitingCosign, ActionDecline, auth.RoleEnterpriseAdmin, StatusReturned, 0},
		{StatusCosigned, ActionSubmit, auth.RoleSchoolAdmin, StatusSubmitted, 0},
		{StatusDraft, ActionSubmit, auth.RoleSchoolAdmin, "", apperr.KindConflict},
		{StatusSubmitted, ActionApprove, auth.RoleBureauAuditor, StatusApproved, 0},
		{StatusSubmitted, ActionApprove, auth.RoleSchoolAdmin, "", apperr.KindForbidden},
		{StatusApproved, ActionApprove, auth.RoleBureauAuditor, "", apperr.KindConflict},
		{StatusSubmitted, ActionReturn, auth.RoleBureauAuditor, StatusReturned, 0},
		{StatusSubmitted, ActionReject, auth.RoleBureauAuditor, StatusRejected, 0},
		{StatusApproved, ActionRevoke, auth.RoleBureauAuditor, StatusRevoked, 0},
		{StatusSubmitted, ActionRevoke, auth.RoleBureauAuditor, "", apperr.KindConflict},
		{StatusSubmitted, ActionWithdraw, auth.RoleSchoolAdmin, StatusWithdrawn, 0},
		{StatusApproved, ActionWithdraw, auth.RoleSchoolAdmin, "", apperr.KindConflict},
		{StatusRejected, ActionWithdraw, auth.RoleSchoolAdmin, "", apperr.KindConflict},
		{StatusApproved, ActionStart, auth.RoleSystem, StatusInProgress, 0},
		{StatusInProgress, ActionComplete, auth.RoleSystem, StatusCompleted, 0},
		{StatusApproved, ActionStart, auth.RoleBureauAuditor, "", apperr.KindForbidden},
		{StatusApproved, ActionStart, "", "", apperr.KindForbidden},
	}
	for _, tc := range cases {
		p := &Plan{Status: tc.from}
		err := p.Apply(tc.action, tc.role)
		if tc.to == "" {
			if err == nil || apperr.KindOf(err) != tc.kind || p.Status != tc.from {
				t.Errorf("%s --%s by %s--> must be refused as %v and leave the state; got %v, %s", tc.from, tc.action, tc.role, tc.kind, err, p.Status)
			}
			continue
		}
		if err != nil || p.Status != tc.to {
			t.Errorf("%s --%s by %s--> want %s, got %s (%v)", tc.from, tc.action, tc.role, tc.to, p.Status, err)
		}
	}
	for _, s := range []Status{StatusDraft, StatusReturned} {
		if !s.Editable() {
			t.Errorf("%s must be editable", s)
		}
	}
	for _, s := range []Status{StatusAwaitingCosign, StatusCosigned, StatusSubmitted, StatusApproved} {
		if s.Editable() {
			t.Errorf("%s must not be editable", s)
		}
	}
}
