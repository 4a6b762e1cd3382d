package supervision

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/workflow/workflowtest"
)

var allRoles = append([]auth.Role{auth.RoleSystem}, auth.Roles...)

var allStatuses = []RecordStatus{StatusAwaiting, StatusCountersigned, StatusDisputed, StatusReported, StatusAcknowledged, StatusClosed}

type move = workflowtest.Move[RecordStatus, RecordAction, auth.Role]

// Joint records: only an instructor or a mentor answers, and only once.
func TestJointLifecycle(t *testing.T) {
	workflowtest.Exactly(t, JointLifecycle, allStatuses, allRoles, []move{
		{From: StatusAwaiting, Action: ActionCountersign, Role: auth.RoleTeacher, To: StatusCountersigned},
		{From: StatusAwaiting, Action: ActionCountersign, Role: auth.RoleEnterpriseMentor, To: StatusCountersigned},
		{From: StatusAwaiting, Action: ActionDispute, Role: auth.RoleTeacher, To: StatusDisputed},
		{From: StatusAwaiting, Action: ActionDispute, Role: auth.RoleEnterpriseMentor, To: StatusDisputed},
	})
}

// Incidents: the school acknowledges, then closes; nobody closes an
// incident the school never took up, and nothing reopens a closed one.
func TestIncidentLifecycle(t *testing.T) {
	workflowtest.Exactly(t, IncidentLifecycle, allStatuses, allRoles, []move{
		{From: StatusReported, Action: ActionAcknowledge, Role: auth.RoleSchoolAdmin, To: StatusAcknowledged},
		{From: StatusReported, Action: ActionAcknowledge, Role: auth.RoleTeacher, To: StatusAcknowledged},
		{From: StatusAcknowledged, Action: ActionClose, Role: auth.RoleSchoolAdmin, To: StatusClosed},
		{From: StatusAcknowledged, Action: ActionClose, Role: auth.RoleTeacher, To: StatusClosed},
	})
}

// Who answers a record beyond the role: the other side of the placement,
// never the author; for a patrol line any mentor of the host.
func TestWhoAnswersARecord(t *testing.T) {
	teacher, mentor, other, host, school := uuid.New(), uuid.New(), uuid.New(), uuid.New(), uuid.New()
	base := Record{InstructorID: &teacher, MentorID: &mentor, EnterpriseID: host, SchoolID: school, Status: StatusAwaiting}
	asTeacher := auth.Actor{UserID: teacher, Role: auth.RoleTeacher, OrgID: &school}
	asMentor := auth.Actor{UserID: mentor, Role: auth.RoleEnterpriseMentor, OrgID: &host}
	asHostMentor := auth.Actor{UserID: other, Role: auth.RoleEnterpriseMentor, OrgID: &host}

	bySchool := base
	bySchool.Kind, bySchool.AuthorID, bySchool.AuthorSide = KindTalk, teacher, SideSchool
	if bySchool.mayAnswer(asTeacher) == "" || bySchool.mayAnswer(asMentor) != "" || bySchool.mayAnswer(asHostMentor) == "" {
		t.Fatal("a talk by the instructor is the placement's mentor's to countersign, and not its author's")
	}
	line := bySchool
	line.Kind, line.PatrolID = KindPatrol, &uuid.UUID{}
	if line.mayAnswer(asHostMentor) != "" {
		t.Fatal("a patrol line is any host mentor's to countersign")
	}
	byHost := base
	byHost.Kind, byHost.AuthorID, byHost.AuthorSide = KindEvaluation, mentor, SideEnterprise
	if byHost.mayAnswer(asTeacher) != "" || byHost.mayAnswer(asMentor) == "" {
		t.Fatal("an evaluation by the mentor is the instructor's to countersign")
	}
	if got := byHost.Can(asTeacher); len(got) != 2 {
		t.Fatalf("the instructor may countersign or dispute: %v", got)
	}

	due := time.Now().Add(-time.Minute)
	inc := base
	inc.Kind, inc.Status, inc.AuthorID, inc.AuthorSide, inc.AckDueAt = KindIncident, StatusReported, teacher, SideSchool, &due
	if inc.mayHandle(asTeacher) == "" {
		t.Fatal("an instructor does not acknowledge their own report")
	}
	if inc.mayHandle(auth.Actor{Role: auth.RoleSchoolAdmin, OrgID: &school}) != "" {
		t.Fatal("the school acknowledges")
	}
	if inc.mayHandle(auth.Actor{Role: auth.RoleSchoolAdmin, OrgID: &host}) == "" {
		t.Fatal("another organisation's administrator does not")
	}
	if !inc.Overdue(time.Now()) || !inc.Open() {
		t.Fatal("a reported incident past its time is overdue and open")
	}
}
