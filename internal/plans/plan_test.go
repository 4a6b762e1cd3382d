package plans

import (
	"testing"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
)

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
		{StatusApproved, ActionStart, "", StatusInProgress, 0},
		{StatusInProgress, ActionComplete, "", StatusCompleted, 0},
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
