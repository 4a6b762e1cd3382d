// Package plans owns internship plans: joint drafting with the host
// enterprises, the compliance check, the competent bureau's review, filing
// numbers and the versions a returned plan goes through.
package plans

import (
	"time"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/workflow"
	"huhang/internal/rules"
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

// Table is the whole filing workflow of domain.md §5.1. Co-signing moves to
// cosigned only once every host has signed; the service decides that and the
// edge here allows it. Start and complete follow the calendar: only the
// system (the worker) takes them.
var Table = workflow.Table[Status, Action, auth.Role]{
	Subject:   "实习方案",
	System:    auth.RoleSystem,
	StateName: Status.Name,
	RoleName:  auth.RoleName,
	Edges: map[Action]workflow.Edge[Status, auth.Role]{
		ActionRequestCosign: {From: []Status{StatusDraft, StatusReturned}, To: StatusAwaitingCosign, By: []auth.Role{auth.RoleSchoolAdmin}},
		ActionCosign:        {From: []Status{StatusAwaitingCosign}, To: StatusCosigned, By: []auth.Role{auth.RoleEnterpriseAdmin}},
		ActionDecline:       {From: []Status{StatusAwaitingCosign}, To: StatusReturned, By: []auth.Role{auth.RoleEnterpriseAdmin}},
		ActionSubmit:        {From: []Status{StatusCosigned}, To: StatusSubmitted, By: []auth.Role{auth.RoleSchoolAdmin}},
		ActionApprove:       {From: []Status{StatusSubmitted}, To: StatusApproved, By: []auth.Role{auth.RoleBureauAuditor}},
		ActionReturn:        {From: []Status{StatusSubmitted}, To: StatusReturned, By: []auth.Role{auth.RoleBureauAuditor}},
		ActionReject:        {From: []Status{StatusSubmitted}, To: StatusRejected, By: []auth.Role{auth.RoleBureauAuditor}},
		ActionRevoke:        {From: []Status{StatusApproved, StatusInProgress}, To: StatusRevoked, By: []auth.Role{auth.RoleBureauAuditor}},
		ActionWithdraw: {From: []Status{StatusDraft, StatusAwaitingCosign, StatusCosigned, StatusSubmitted, StatusReturned},
			To: StatusWithdrawn, By: []auth.Role{auth.RoleSchoolAdmin}},
		ActionStart:    {From: []Status{StatusApproved}, To: StatusInProgress},
		ActionComplete: {From: []Status{StatusInProgress}, To: StatusCompleted},
	},
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
	// CrossBorder says whether a host is outside the school's province or
	// abroad (Art 24 ¶2, 25); derived from the hosts whenever the plan is drafted.
	CrossBorder rules.CrossBorder
	CrossProv   CrossProvRecord
}

// CrossProvRecord is what the school's own competent bureau recorded for a
// cross-province or abroad plan: its consent, then the provincial filing.
type CrossProvRecord struct {
	ConsentedAt    *time.Time
	ConsentedBy    *uuid.UUID
	ConsentComment string
	FiledOn        *string // YYYY-MM-DD
	FilingRef      *string
	RecordedAt     *time.Time
	RecordedBy     *uuid.UUID
}

// Rules is the record as the rules read it.
func (r CrossProvRecord) Rules() rules.CrossProvinceRecord {
	out := rules.CrossProvinceRecord{Consented: r.ConsentedAt != nil}
	if r.FiledOn != nil && r.FilingRef != nil {
		if d, err := clock.ParseDate(*r.FiledOn); err == nil {
			out.FiledOn, out.Reference = &d, *r.FilingRef
		}
	}
	return out
}

// OnSiteInstructor says a school instructor accompanies the students on
// site for the whole period (Art 25).
func (p *Plan) OnSiteInstructor() bool {
	for _, st := range p.Instructors {
		if st.OnSite {
			return true
		}
	}
	return false
}

// CrossBorderFacts is what a placement's activation gate needs from its plan
// (R-CROSSPROV, R-ABROAD).
func (p *Plan) CrossBorderFacts() rules.CrossBorderFacts {
	return rules.CrossBorderFacts{Kind: p.CrossBorder, Record: p.CrossProv.Rules(), OnSiteInstructor: p.OnSiteInstructor()}
}

// GrantedExemptions are the exemptions the auditor granted for the version
// under review or filed, per host or post with their numbers.
func (p *Plan) GrantedExemptions() []rules.Exemption {
	var out []rules.Exemption
	for _, e := range p.Exemptions {
		if e.Decision == "granted" {
			out = append(out, e.Rules())
		}
	}
	return out
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
	// OnSite marks a school instructor who accompanies the students on site
	// for the whole period (Art 25, required abroad).
	OnSite bool `json:"on_site"`
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
	to, err := Table.Apply(p.Status, action, role)
	if err != nil {
		return err
	}
	p.Status = to
	return nil
}
