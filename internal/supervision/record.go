package supervision

import (
	"time"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/workflow"
)

// Kind of a joint record (共管记录).
type Kind string

const (
	KindPatrol     Kind = "patrol"     // a line of a daily patrol (日常巡查), one per student
	KindTalk       Kind = "talk"       // a talk with the student (谈心谈话)
	KindEvaluation Kind = "evaluation" // an evaluation of the student's work (阶段评价)
	KindIncident   Kind = "incident"   // an incident (突发事件), reported at once (Art 23)
)

var kindNames = map[Kind]string{KindPatrol: "日常巡查", KindTalk: "谈心谈话", KindEvaluation: "阶段评价", KindIncident: "突发事件"}

// Name is the kind in Chinese.
func (k Kind) Name() string { return kindNames[k] }

// RecordStatus is where a record stands. Joint records wait for the other
// side's countersign; incidents wait for the school.
type RecordStatus string

const (
	StatusAwaiting      RecordStatus = "awaiting_countersign"
	StatusCountersigned RecordStatus = "countersigned"
	StatusDisputed      RecordStatus = "disputed"
	StatusReported      RecordStatus = "reported"
	StatusAcknowledged  RecordStatus = "acknowledged"
	StatusClosed        RecordStatus = "closed"
)

var recordStatusNames = map[RecordStatus]string{
	StatusAwaiting: "待会签", StatusCountersigned: "已会签", StatusDisputed: "有异议",
	StatusReported: "待学校确认", StatusAcknowledged: "学校已确认", StatusClosed: "已处置完毕",
}

// Name is the status in Chinese.
func (s RecordStatus) Name() string { return recordStatusNames[s] }

// RecordAction is a move of a record.
type RecordAction string

const (
	ActionCountersign RecordAction = "countersign"
	ActionDispute     RecordAction = "dispute"
	ActionAcknowledge RecordAction = "acknowledge"
	ActionClose       RecordAction = "close"
)

// JointLifecycle is a talk, an evaluation or a patrol line: written by one
// side of the placement (Art 22: school and host manage the internship
// together), then countersigned by the other side, or disputed with a
// reason. Which side may act is the service's check (the author never
// countersigns); the table names the roles that stand on a side.
var JointLifecycle = workflow.Table[RecordStatus, RecordAction, auth.Role]{
	Subject:   "共管记录",
	System:    auth.RoleSystem,
	StateName: RecordStatus.Name,
	RoleName:  auth.RoleName,
	Edges: map[RecordAction]workflow.Edge[RecordStatus, auth.Role]{
		ActionCountersign: {From: []RecordStatus{StatusAwaiting}, To: StatusCountersigned,
			By: []auth.Role{auth.RoleTeacher, auth.RoleEnterpriseMentor}},
		ActionDispute: {From: []RecordStatus{StatusAwaiting}, To: StatusDisputed,
			By: []auth.Role{auth.RoleTeacher, auth.RoleEnterpriseMentor}},
	},
}

// IncidentLifecycle is an incident: reported by the instructor, the mentor
// or the student, acknowledged by the school within the time it set, and
// closed with what was done. Art 23 makes the school's instructor report at
// once; the school answering is what turns a report into handling.
var IncidentLifecycle = workflow.Table[RecordStatus, RecordAction, auth.Role]{
	Subject:   "突发事件",
	System:    auth.RoleSystem,
	StateName: RecordStatus.Name,
	RoleName:  auth.RoleName,
	Edges: map[RecordAction]workflow.Edge[RecordStatus, auth.Role]{
		ActionAcknowledge: {From: []RecordStatus{StatusReported}, To: StatusAcknowledged,
			By: []auth.Role{auth.RoleSchoolAdmin, auth.RoleTeacher}},
		ActionClose: {From: []RecordStatus{StatusAcknowledged}, To: StatusClosed,
			By: []auth.Role{auth.RoleSchoolAdmin, auth.RoleTeacher}},
	},
}

// IncidentKinds are the kinds of incident (domain.md §5.3).
var IncidentKinds = map[string]string{"injury": "人身伤害", "missing": "失联", "abuse": "侮辱殴打等侵害", "unpaid": "拖欠报酬",
	"other": "其他"}

// Attendance of a student on a patrol line.
var Attendances = map[string]string{"present": "在岗", "absent": "缺勤", "concern": "需关注"}

// Record is one joint record with what it is shown and judged with: the
// placement's school, host, student and its two mentors.
type Record struct {
	ID                 uuid.UUID
	PlacementID        uuid.UUID
	Kind               Kind
	Status             RecordStatus
	AuthorID           uuid.UUID
	AuthorName         string
	AuthorSide         Side
	Content            string
	OccurredAt         time.Time
	PatrolID           *uuid.UUID
	Attendance         *string
	CountersignedBy    *uuid.UUID
	CountersignedName  *string
	CountersignedAt    *time.Time
	DisputeReason      *string
	IncidentKind       *string
	Place              *string
	ActionTaken        *string
	AckDueAt           *time.Time
	AcknowledgedBy     *uuid.UUID
	AcknowledgedName   *string
	AcknowledgedAt     *time.Time
	Outcome            *string
	ClosedAt           *time.Time
	PhotoFileID        *uuid.UUID
	CreatedAt          time.Time
	UpdatedAt          time.Time
	SchoolID           uuid.UUID
	SchoolName         string
	SchoolDivision     string
	EnterpriseID       uuid.UUID
	EnterpriseName     string
	InstructorID       *uuid.UUID
	MentorID           *uuid.UUID
	StudentName        string
	StudentUserID      *uuid.UUID
	PlacementStatus    string
	PlacementPostName  string
	PlacementStudentNo string
}

// Lifecycle is the table the record moves along.
func (r Record) Lifecycle() workflow.Table[RecordStatus, RecordAction, auth.Role] {
	if r.Kind == KindIncident {
		return IncidentLifecycle
	}
	return JointLifecycle
}

// Overdue reports whether an incident still waits for the school past the
// time the school set itself.
func (r Record) Overdue(now time.Time) bool {
	return r.Kind == KindIncident && r.Status == StatusReported && r.AckDueAt != nil && now.After(*r.AckDueAt)
}

// Open reports whether an incident is still being handled: it marks the placement.
func (r Record) Open() bool {
	return r.Kind == KindIncident && (r.Status == StatusReported || r.Status == StatusAcknowledged)
}

// sideOf is how the actor stands to the record's placement.
func (r Record) sideOf(actor auth.Actor) Side {
	switch {
	case actor.Role == auth.RoleTeacher && r.InstructorID != nil && *r.InstructorID == actor.UserID:
		return SideSchool
	case actor.Role == auth.RoleEnterpriseMentor && r.MentorID != nil && *r.MentorID == actor.UserID:
		return SideEnterprise
	case actor.Role == auth.RoleStudent && r.StudentUserID != nil && *r.StudentUserID == actor.UserID:
		return SideStudent
	}
	return ""
}

// countersignSide is the side that may countersign or dispute the record:
// the other side of its author. A patrol line written by the roster's
// teacher is the host's to countersign, whichever of its mentors does it.
func (r Record) countersignSide() Side {
	if r.AuthorSide == SideEnterprise {
		return SideSchool
	}
	return SideEnterprise
}

// mayAnswer says whether the actor may countersign or dispute, and if not
// why, in Chinese; "" means yes. The state is the table's to judge.
func (r Record) mayAnswer(actor auth.Actor) string {
	if actor.UserID == r.AuthorID {
		return "记录由您本人填写，须由另一方会签，本人不能会签或提出异议"
	}
	want := r.countersignSide()
	side := r.sideOf(actor)
	if want == SideEnterprise && side != SideEnterprise && r.PatrolID != nil &&
		actor.Role == auth.RoleEnterpriseMentor && actor.InOrg(r.EnterpriseID) {
		side = SideEnterprise // any mentor of the host answers for a patrol of the site
	}
	if side != want {
		if want == SideSchool {
			return "只有该实习安排的指导教师可以会签企业导师填写的记录"
		}
		return "只有该实习安排的企业导师可以会签指导教师填写的记录"
	}
	return ""
}

// mayHandle says whether the actor may acknowledge or close the incident on
// the school's behalf, "" meaning yes: the school's administrator, or the
// placement's instructor unless the instructor reported it (then the school
// itself must take it up).
func (r Record) mayHandle(actor auth.Actor) string {
	switch {
	case actor.Role == auth.RoleSchoolAdmin && actor.InOrg(r.SchoolID):
		return ""
	case actor.Role == auth.RoleTeacher && r.sideOf(actor) == SideSchool:
		if actor.UserID == r.AuthorID {
			return "事件由您本人报告，须由学校管理员确认"
		}
		return ""
	}
	return "只有学校管理员或该实习安排的指导教师可以处理突发事件"
}

// Can lists the actions the actor may take now, for the client's buttons.
func (r Record) Can(actor auth.Actor) []string {
	out := []string{}
	for _, a := range []RecordAction{ActionCountersign, ActionDispute, ActionAcknowledge, ActionClose} {
		if _, ok := r.Lifecycle().Edges[a]; !ok || !r.Lifecycle().Can(r.Status, a, actor.Role) {
			continue
		}
		why := r.mayAnswer(actor)
		if r.Kind == KindIncident {
			why = r.mayHandle(actor)
		}
		if why == "" {
			out = append(out, string(a))
		}
	}
	return out
}
