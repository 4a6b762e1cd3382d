// Package placements owns placements (实习安排): one student on one post of
// a filed plan, from the school's proposal through the enterprise's
// confirmation, the documents and gates of domain.md §4, activation, and the
// end (completed, terminated, transferred); with monthly pay records and
// reports of fees or withheld IDs.
package placements

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/workflow"
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
	StatusWithdrawn   Status = "withdrawn"
)

// Statuses lists every status, in lifecycle order.
var Statuses = []Status{StatusProposed, StatusConfirmed, StatusDeclined, StatusReady, StatusActive, StatusCompleted,
	StatusTerminated, StatusTransferred, StatusWithdrawn}

var statusNames = map[Status]string{
	StatusProposed: "待企业确认", StatusConfirmed: "已确认", StatusDeclined: "企业已拒绝", StatusReady: "待上岗",
	StatusActive: "实习中", StatusCompleted: "已完成", StatusTerminated: "已终止", StatusTransferred: "已转岗",
	StatusWithdrawn: "学校已撤回",
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
	ActionWithdraw  Action = "withdraw"
)

// Lifecycle is the placement's whole lifecycle (domain.md §5.2). Readiness
// follows the documents and completion the calendar, so only the system
// takes those edges; activation is the school's on or after the start day,
// or the worker's on the start day. Nothing becomes active straight from
// confirmed: every gate must have passed (ready) first. Terminate ends what
// started; before the start the school withdraws instead (a wrong student or
// post was proposed), an edge §5.2 does not draw but needs, so that a
// placement that never began is not recorded as an internship cut short.
var Lifecycle = workflow.Table[Status, Action, auth.Role]{
	Subject:   "实习安排",
	System:    auth.RoleSystem,
	StateName: Status.Name,
	RoleName:  auth.RoleName,
	Edges: map[Action]workflow.Edge[Status, auth.Role]{
		ActionConfirm:   {From: []Status{StatusProposed}, To: StatusConfirmed, By: []auth.Role{auth.RoleEnterpriseAdmin}},
		ActionDecline:   {From: []Status{StatusProposed}, To: StatusDeclined, By: []auth.Role{auth.RoleEnterpriseAdmin}},
		ActionReady:     {From: []Status{StatusConfirmed}, To: StatusReady},
		ActionUnready:   {From: []Status{StatusReady}, To: StatusConfirmed},
		ActionActivate:  {From: []Status{StatusReady}, To: StatusActive, By: []auth.Role{auth.RoleSchoolAdmin, auth.RoleSystem}},
		ActionComplete:  {From: []Status{StatusActive}, To: StatusCompleted},
		ActionTerminate: {From: []Status{StatusActive}, To: StatusTerminated, By: []auth.Role{auth.RoleSchoolAdmin}},
		ActionTransfer:  {From: []Status{StatusActive}, To: StatusTransferred, By: []auth.Role{auth.RoleSchoolAdmin}},
		ActionWithdraw: {From: []Status{StatusProposed, StatusConfirmed, StatusReady}, To: StatusWithdrawn,
			By: []auth.Role{auth.RoleSchoolAdmin}},
	},
}

// Apply moves the placement along one edge of Lifecycle, or says why it may not.
func (p *Placement) Apply(action Action, role auth.Role) error {
	to, err := Lifecycle.Apply(p.Status, action, role)
	if err != nil {
		return err
	}
	p.Status = to
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
	// ConfirmedAt is when the school confirmed the document (the consent
	// form); nil while unconfirmed.
	ConfirmedAt     *time.Time
	ConfirmedByName *string
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

// FeeReport is a report of a fee, deposit, guarantee or withheld ID (Art 20).
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
