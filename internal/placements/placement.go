// Package placements owns placements (实习安排): one student on one post of
// a filed plan, from the school's proposal through the enterprise's
// confirmation, the documents and gates of domain.md §4, activation, and the
// end (completed, terminated, transferred); with monthly pay records and
// reports of fees or withheld IDs.
package placements

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/rules"
)

// Status is where a placement stands (domain.md §5.2).
type Status string

const (
	StatusProposed    Status = "proposed"
	StatusConfirmed   Status = "confirmed"
	StatusDeclined    Status = "declined"
	StatusReady       Status = "ready"
	StatusActive      Status = "active"
	StatusCompleted   Status = "completed"
	StatusTerminated  Status = "terminated"
	StatusTransferred Status = "transferred"
)

var statusNames = map[Status]string{
	StatusProposed: "待企业确认", StatusConfirmed: "已确认", StatusDeclined: "企业已拒绝", StatusReady: "待上岗",
	StatusActive: "实习中", StatusCompleted: "已完成", StatusTerminated: "已终止", StatusTransferred: "已转岗",
}

// Name is the status in Chinese.
func (s Status) Name() string { return statusNames[s] }

// Open says whether the placement still holds the student's place in its plan.
func (s Status) Open() bool {
	return s == StatusProposed || s == StatusConfirmed || s == StatusReady || s == StatusActive
}

// Action names a transition.
type Action string

const (
	ActionConfirm   Action = "confirm"
	ActionDecline   Action = "decline"
	ActionReady     Action = "ready"
	ActionUnready   Action = "unready"
	ActionActivate  Action = "activate"
	ActionComplete  Action = "complete"
	ActionTerminate Action = "terminate"
	ActionTransfer  Action = "transfer"
)

// transition is one allowed edge; by is empty for the system's own moves
// (readiness follows the documents; completion follows the calendar).
type transition struct {
	from []Status
	to   Status
	by   []auth.Role
}

// transitions is the whole lifecycle as a table. Activation also runs on the
// start day by the worker, which acts without a role.
var transitions = map[Action]transition{
	ActionConfirm:  {from: []Status{StatusProposed}, to: StatusConfirmed, by: []auth.Role{auth.RoleEnterpriseAdmin}},
	ActionDecline:  {from: []Status{StatusProposed}, to: StatusDeclined, by: []auth.Role{auth.RoleEnterpriseAdmin}},
	ActionReady:    {from: []Status{StatusConfirmed}, to: StatusReady},
	ActionUnready:  {from: []Status{StatusReady}, to: StatusConfirmed},
	ActionActivate: {from: []Status{StatusConfirmed, StatusReady}, to: StatusActive, by: []auth.Role{auth.RoleSchoolAdmin, ""}},
	ActionComplete: {from: []Status{StatusActive}, to: StatusCompleted},
	ActionTerminate: {from: []Status{StatusProposed, StatusConfirmed, StatusReady, StatusActive}, to: StatusTerminated,
		by: []auth.Role{auth.RoleSchoolAdmin}},
	ActionTransfer: {from: []Status{StatusActive}, to: StatusTransferred, by: []auth.Role{auth.RoleSchoolAdmin}},
}

// Apply moves the placement along one edge, or says why it may not. role is
// empty for the system.
func (p *Placement) Apply(action Action, role auth.Role) error {
	t, ok := transitions[action]
	if !ok {
		return fmt.Errorf("placements: unknown action %q", action)
	}
	if len(t.by) > 0 && !slices.Contains(t.by, role) {
		return apperr.Forbidden(fmt.Sprintf("%s不能执行此操作", auth.RoleNames[role]))
	}
	if len(t.by) == 0 && role != "" {
		return apperr.Forbidden("此状态由系统根据材料和日期自动变更")
	}
	if !slices.Contains(t.from, p.Status) {
		return &apperr.Error{Kind: apperr.KindConflict, Code: "INVALID_TRANSITION",
			Message: fmt.Sprintf("实习安排当前状态为“%s”，不能执行此操作", p.Status.Name())}
	}
	p.Status = t.to
	return nil
}

// Document kinds a placement needs (domain.md §3).
const (
	DocAgreement = "agreement"
	DocConsent   = "consent"
	DocTraining  = "training"
	DocInsurance = "insurance"
)

// DocumentKinds in checklist order.
var DocumentKinds = []string{DocAgreement, DocConsent, DocTraining, DocInsurance}

var documentNames = map[string]string{DocAgreement: "三方协议", DocConsent: "知情同意书", DocTraining: "安全培训记录", DocInsurance: "实习责任保险"}

// Placement is one student on one post under one plan.
type Placement struct {
	ID                                uuid.UUID
	PlanID                            uuid.UUID
	PlanType                          rules.PlanType
	PlanTitle                         string
	PlanStatus                        string
	PlanCrossBorder                   rules.CrossBorderFacts // R-CROSSPROV, R-ABROAD at activation
	FilingNo                          *string
	SchoolID                          uuid.UUID
	SchoolName                        string
	SchoolDivision                    string
	StudentID                         uuid.UUID
	StudentName                       string
	StudentNo                         string
	ClassName                         string
	StudentFemale                     bool
	StudentBirth                      clock.Date
	StudentEnrol                      clock.Date
	StudentUserID                     *uuid.UUID
	EnterpriseID                      uuid.UUID
	EnterpriseName                    string
	PostID                            uuid.UUID
	PostName                          string
	Status                            Status
	StartsOn                          clock.Date
	EndsOn                            clock.Date
	InstructorID                      *uuid.UUID
	InstructorName                    *string
	MentorID                          *uuid.UUID
	MentorName                        *string
	DeclineReason                     *string
	EndReason                         *string
	TransferredFrom, TransferredTo    *uuid.UUID
	ConfirmedAt, ActivatedAt, EndedAt *time.Time
	CreatedAt, UpdatedAt              time.Time

	Documents  []Document
	PayRecords []PayRecord
	FeeReports []FeeReport
}

// Document is one document on file; Data holds the kind's fields in their
// stored (JSON) form.
type Document struct {
	Kind          string
	Data          json.RawMessage
	FileID        *uuid.UUID
	UpdatedAt     time.Time
	UpdatedByName string
}

// PayRecord is one month's pay with its R-PAY verdict as recorded.
type PayRecord struct {
	ID             uuid.UUID
	Month          string // YYYY-MM
	AmountFen      int64
	PaidOn         clock.Date
	Method         string
	RequiredFen    int64
	Compliant      bool
	Message        string // R-PAY's verdict in Chinese, as recorded
	RecordedByName string
	CreatedAt      time.Time
	CorrectedAt    *time.Time
}

// FeeReport is a report of a fee, deposit or withheld ID (Art 20).
type FeeReport struct {
	ID             uuid.UUID
	Kind           string
	Description    string
	AmountFen      *int64
	ReportedByName string
	CreatedAt      time.Time
	ResolvedAt     *time.Time
	Resolution     *string
}

func (p *Placement) document(kind string) *Document {
	for i := range p.Documents {
		if p.Documents[i].Kind == kind {
			return &p.Documents[i]
		}
	}
	return nil
}
