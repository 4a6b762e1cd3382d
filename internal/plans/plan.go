// Package plans owns internship plans: joint drafting with the host
// enterprises, the compliance check, the competent bureau's review, filing
// numbers and the versions a returned plan goes through.
package plans

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
)

// Status is where a plan stands in the filing workflow of domain.md §5.1.
type Status string

const (
	StatusDraft          Status = "draft"
	StatusAwaitingCosign Status = "awaiting_cosign"
	StatusCosigned       Status = "cosigned"
	StatusSubmitted      Status = "submitted"
	StatusReturned       Status = "returned"
	StatusApproved       Status = "approved"
	StatusRejected       Status = "rejected"
	StatusRevoked        Status = "revoked"
	StatusWithdrawn      Status = "withdrawn"
	StatusInProgress     Status = "in_progress"
	StatusCompleted      Status = "completed"
)

var statusNames = map[Status]string{
	StatusDraft: "草稿", StatusAwaitingCosign: "待企业会签", StatusCosigned: "已会签", StatusSubmitted: "待审核",
	StatusReturned: "已退回", StatusApproved: "已备案", StatusRejected: "未通过", StatusRevoked: "已撤销",
	StatusWithdrawn: "已撤回", StatusInProgress: "实施中", StatusCompleted: "已完成",
}

// Name is the status in Chinese, as people see it.
func (s Status) Name() string { return statusNames[s] }

// Filed says whether the plan is on file with its bureau (Art 5): approved
// or under way. Placements may only start under a filed plan.
func (s Status) Filed() bool { return s == StatusApproved || s == StatusInProgress }

// Action names a transition.
type Action string

const (
	ActionRequestCosign Action = "request_cosign"
	ActionCosign        Action = "cosign"
	ActionDecline       Action = "decline"
	ActionSubmit        Action = "submit"
	ActionApprove       Action = "approve"
	ActionReturn        Action = "return"
	ActionReject        Action = "reject"
	ActionRevoke        Action = "revoke"
	ActionWithdraw      Action = "withdraw"
	ActionStart         Action = "start"
	ActionComplete      Action = "complete"
)

// transition is one allowed edge: from which states, to which state, by which role.
type transition struct {
	from []Status
	to   Status
	by   []auth.Role
}

// transitions is the whole workflow as a table. Co-signing moves to cosigned
// only once every host has signed; the service decides that and the edge
// here allows it.
var transitions = map[Action]transition{
	ActionRequestCosign: {from: []Status{StatusDraft, StatusReturned}, to: StatusAwaitingCosign, by: []auth.Role{auth.RoleSchoolAdmin}},
	ActionCosign:        {from: []Status{StatusAwaitingCosign}, to: StatusCosigned, by: []auth.Role{auth.RoleEnterpriseAdmin}},
	ActionDecline:       {from: []Status{StatusAwaitingCosign}, to: StatusReturned, by: []auth.Role{auth.RoleEnterpriseAdmin}},
	ActionSubmit:        {from: []Status{StatusCosigned}, to: StatusSubmitted, by: []auth.Role{auth.RoleSchoolAdmin}},
	ActionApprove:       {from: []Status{StatusSubmitted}, to: StatusApproved, by: []auth.Role{auth.RoleBureauAuditor}},
	ActionReturn:        {from: []Status{StatusSubmitted}, to: StatusReturned, by: []auth.Role{auth.RoleBureauAuditor}},
	ActionReject:        {from: []Status{StatusSubmitted}, to: StatusRejected, by: []auth.Role{auth.RoleBureauAuditor}},
	ActionRevoke:        {from: []Status{StatusApproved, StatusInProgress}, to: StatusRevoked, by: []auth.Role{auth.RoleBureauAuditor}},
	ActionWithdraw: {from: []Status{StatusDraft, StatusAwaitingCosign, StatusCosigned, StatusSubmitted, StatusReturned},
		to: StatusWithdrawn, by: []auth.Role{auth.RoleSchoolAdmin}},
	ActionStart:    {from: []Status{StatusApproved}, to: StatusInProgress},
	ActionComplete: {from: []Status{StatusInProgress}, to: StatusCompleted},
}

// Editable says whether the school may change the plan's content.
func (s Status) Editable() bool { return s == StatusDraft || s == StatusReturned }

// Fields are the texts and dates a school writes in a plan. One definition
// serves the working copy, the input, the frozen snapshot and the API, which
// all speak the same field names; the tags are the snapshot's stored format.
type Fields struct {
	Type                 string `json:"type"`
	Title                string `json:"title"`
	Major                string `json:"major"`
	MajorCategory        string `json:"major_category"`
	Cohort               string `json:"cohort"`
	StartsOn             string `json:"starts_on"`
	EndsOn               string `json:"ends_on"`
	Content              string `json:"content"`
	SafetyMeasures       string `json:"safety_measures"`
	EmergencyPlan        string `json:"emergency_plan"`
	InsuranceArrangement string `json:"insurance_arrangement"`
}

// Plan is an internship plan with its current working content.
type Plan struct {
	ID             uuid.UUID
	SchoolID       uuid.UUID
	SchoolName     string
	SchoolDivision string
	Status         Status
	Version        int
	Fields
	ReviewDivision string
	FilingNo       *string
	ApprovedAt     *time.Time
	SubmittedAt    *time.Time // latest submission, for the review queue
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Posts          []PlanPost
	Special        []SpecialArrangement
	Instructors    []Staff
	Mentors        []Staff
	Cosigns        []Cosign
	// Exemptions are the school's requests for the current version, with the auditor's decisions.
	Exemptions []Exemption
}

// PlanPost is a post of a host enterprise with the interns planned on it.
type PlanPost struct {
	PostID         uuid.UUID `json:"post_id"`
	PostName       string    `json:"post_name"`
	EnterpriseID   uuid.UUID `json:"enterprise_id"`
	EnterpriseName string    `json:"enterprise_name"`
	PlannedCount   int       `json:"planned_count"`
	PayFen         int64     `json:"pay_fen"`
}

// Staff is a school instructor or an enterprise mentor the plan names.
type Staff struct {
	UserID      uuid.UUID `json:"user_id"`
	DisplayName string    `json:"display_name"`
	OrgName     string    `json:"org_name"`
}

// SpecialArrangement records an Art 17 exception the plan asks to file.
type SpecialArrangement struct {
	Covers string    `json:"covers"`
	PostID uuid.UUID `json:"post_id"`
	Reason string    `json:"reason"`
}

// Cosign is a host's answer for the current version.
type Cosign struct {
	EnterpriseID   uuid.UUID `json:"enterprise_id"`
	EnterpriseName string    `json:"enterprise_name"`
	Decision       string    `json:"decision"`
	Reason         *string   `json:"reason"`
	DecidedAt      time.Time `json:"decided_at"`
}

// HostIDs lists each host enterprise once, in the order of the posts.
func (p *Plan) HostIDs() []uuid.UUID {
	seen := map[uuid.UUID]bool{}
	var out []uuid.UUID
	for _, pp := range p.Posts {
		if !seen[pp.EnterpriseID] {
			seen[pp.EnterpriseID] = true
			out = append(out, pp.EnterpriseID)
		}
	}
	return out
}

// Apply moves the plan along one edge of the workflow, checking the current
// state and the actor's role. It changes only Status; the service persists
// and audits.
func (p *Plan) Apply(action Action, role auth.Role) error {
	t, ok := transitions[action]
	if !ok {
		return apperr.Internal(fmt.Errorf("plans: unknown action %s", action))
	}
	if len(t.by) > 0 {
		allowed := false
		for _, r := range t.by {
			if r == role {
				allowed = true
			}
		}
		if !allowed {
			return apperr.Forbidden(fmt.Sprintf("%s不能执行此操作", auth.RoleNames[role]))
		}
	}
	for _, from := range t.from {
		if p.Status == from {
			p.Status = t.to
			return nil
		}
	}
	return &apperr.Error{Kind: apperr.KindConflict, Code: "INVALID_TRANSITION",
		Message: fmt.Sprintf("方案当前状态为“%s”，不能执行此操作", statusNames[p.Status])}
}
