package inspections

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/workflow"
	"huhang/internal/rules"
)

// Findings (问题) and their rectification (整改): a problem found on a
// school, enterprise, plan or placement inside a campaign's scope, the
// order to correct it (责令改正, Art 46), the responsible unit's work, and
// the bureau's verdict.

// TargetKind is what a finding is about.
type TargetKind string

const (
	TargetSchool     TargetKind = "school"
	TargetEnterprise TargetKind = "enterprise"
	TargetPlan       TargetKind = "plan"
	TargetPlacement  TargetKind = "placement"
)

var targetKindNames = map[TargetKind]string{TargetSchool: "学校", TargetEnterprise: "实习单位", TargetPlan: "实习方案",
	TargetPlacement: "实习安排"}

// Severity is how grave a finding is.
type Severity string

const (
	SeverityMinor    Severity = "minor"
	SeveritySerious  Severity = "serious"
	SeverityCritical Severity = "critical"
)

// SeverityNames are the ledger's words: 一般, 较重, 严重.
var SeverityNames = map[Severity]string{SeverityMinor: "一般", SeveritySerious: "较重", SeverityCritical: "严重"}

// FindingStatus is where a finding's rectification stands.
type FindingStatus string

const (
	// FindingRecorded: found, no rectification ordered yet.
	FindingRecorded   FindingStatus = "recorded"
	FindingOpen       FindingStatus = "open"
	FindingRectifying FindingStatus = "rectifying"
	FindingSubmitted  FindingStatus = "submitted"
	FindingVerified   FindingStatus = "verified"
	FindingClosed     FindingStatus = "closed"
)

var findingStatusNames = map[FindingStatus]string{FindingRecorded: "待下达整改", FindingOpen: "待整改", FindingRectifying: "整改中",
	FindingSubmitted: "待验收", FindingVerified: "已验收", FindingClosed: "已销号"}

// Name is the status in Chinese.
func (s FindingStatus) Name() string { return findingStatusNames[s] }

// FindingAction moves a finding.
type FindingAction string

const (
	FindingOrder  FindingAction = "order" // the rectification is set: unit, person, measure, deadline
	FindingStart  FindingAction = "start"
	FindingSubmit FindingAction = "submit"
	FindingVerify FindingAction = "verify"
	FindingReopen FindingAction = "reopen"
	FindingClose  FindingAction = "close"
)

var (
	bureau = []auth.Role{auth.RoleBureauAuditor}
	units  = []auth.Role{auth.RoleSchoolAdmin, auth.RoleEnterpriseAdmin}
)

// FindingLifecycle (domain.md §6): the bureau orders the rectification; the
// responsible school or enterprise starts it and submits evidence, at once
// if it was already put right; the bureau verifies it, or sends it back with
// a reason, and finally closes it (销号). The unit never verifies its own
// work: only the bureau's roles are on those edges.
var FindingLifecycle = workflow.Table[FindingStatus, FindingAction, auth.Role]{
	Subject:   "整改事项",
	System:    auth.RoleSystem,
	StateName: FindingStatus.Name,
	RoleName:  auth.RoleName,
	Edges: map[FindingAction]workflow.Edge[FindingStatus, auth.Role]{
		FindingOrder:  {From: []FindingStatus{FindingRecorded}, To: FindingOpen, By: bureau},
		FindingStart:  {From: []FindingStatus{FindingOpen}, To: FindingRectifying, By: units},
		FindingSubmit: {From: []FindingStatus{FindingOpen, FindingRectifying}, To: FindingSubmitted, By: units},
		FindingVerify: {From: []FindingStatus{FindingSubmitted}, To: FindingVerified, By: bureau},
		FindingReopen: {From: []FindingStatus{FindingSubmitted}, To: FindingRectifying, By: bureau},
		FindingClose:  {From: []FindingStatus{FindingVerified}, To: FindingClosed, By: bureau},
	},
}

// Finding is one problem with its rectification.
type Finding struct {
	ID            uuid.UUID
	CampaignID    uuid.UUID
	CampaignTitle string
	BureauID      uuid.UUID
	BureauName    string // the campaign's bureau, which issues the order to correct
	// BasisText is the checklist item's (or rule's) words as the campaign
	// fixed them.
	BasisText      string
	Seq            int
	TargetKind     TargetKind
	TargetID       uuid.UUID
	TargetName     string
	SchoolID       *uuid.UUID
	SchoolName     string
	EnterpriseID   *uuid.UUID
	EntName        string
	DivisionCode   string
	Rule           *string
	ChecklistItem  *string
	Article        string
	Description    string
	Severity       Severity
	Evidence       []uuid.UUID
	ComplaintID    *uuid.UUID
	DiscoveredBy   uuid.UUID
	DiscovererName string
	DiscoveredOn   clock.Date
	Status         FindingStatus
	Rectification
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Rectification is the order and what became of it.
type Rectification struct {
	OrderNo            *string
	ResponsibleOrgID   *uuid.UUID
	ResponsibleOrgName string
	ResponsiblePerson  *string
	Measure            *string
	Deadline           *clock.Date
	SubmissionNote     *string
	SubmissionEvidence []uuid.UUID
	ReopenReason       *string
	ReopenCount        int
	OrderedAt          *time.Time
	SubmittedAt        *time.Time
	VerifiedAt         *time.Time
	ClosedAt           *time.Time
}

// Overdue: past the deadline (by the business day in Shanghai) and not
// closed (domain.md §6). A verified item not yet closed still counts: the
// ledger is not settled until 销号.
func (f Finding) Overdue(today clock.Date) bool {
	return f.Deadline != nil && f.Status != FindingClosed && f.Deadline.Before(today)
}

// NewFinding is what an inspector records.
type NewFinding struct {
	TargetKind    TargetKind
	TargetID      uuid.UUID
	Rule          string
	ChecklistItem string
	Description   string
	Severity      Severity
	Evidence      []uuid.UUID
	ComplaintID   *uuid.UUID
}

const (
	maxDescription = 2000
	maxEvidence    = 9
	maxMeasure     = 1000
	maxPerson      = 64
	maxNote        = 1000
)

// Check trims the input and names every bad field; the rule or checklist
// item must be one the campaign's checklist knows, and gives the article.
func (in *NewFinding) Check(checklist []ChecklistItem) (article string, err error) {
	var fe apperr.FieldErrors
	if _, ok := targetKindNames[in.TargetKind]; !ok {
		fe.Add("target_kind", "检查对象类型须为 school、enterprise、plan 或 placement")
	}
	if in.TargetID == uuid.Nil {
		fe.Add("target_id", "请选择检查对象")
	}
	in.Description = strings.TrimSpace(in.Description)
	fe.Text("description", "问题描述", in.Description, 1, maxDescription)
	if _, ok := SeverityNames[in.Severity]; !ok {
		fe.Add("severity", "严重程度须为 minor（一般）、serious（较重）或 critical（严重）")
	}
	if len(in.Evidence) > maxEvidence {
		fe.Add("evidence", fmt.Sprintf("证据材料不能超过 %d 份", maxEvidence))
	}
	in.Evidence = uniqueIDs(in.Evidence)
	in.Rule, in.ChecklistItem = strings.TrimSpace(in.Rule), strings.TrimSpace(in.ChecklistItem)
	if in.Rule != "" {
		if r, ok := rules.Lookup(in.Rule); ok {
			article = r.Article
		} else if r, ok := rules.LookupPlacement(in.Rule); ok {
			article = r.Article
		} else {
			fe.Add("rule", fmt.Sprintf("规则“%s”不存在", in.Rule))
		}
	}
	if in.ChecklistItem != "" {
		found := false
		for _, it := range checklist {
			if it.ID == in.ChecklistItem {
				found = true
				if article == "" {
					article = it.Article
				}
			}
		}
		if !found {
			fe.Add("checklist_item", fmt.Sprintf("检查项“%s”不在本次检查的清单中", in.ChecklistItem))
		}
	}
	return article, fe.Err("问题记录有误")
}

// Order is the rectification a bureau orders.
type Order struct {
	ResponsibleOrgID  uuid.UUID
	ResponsiblePerson string
	Measure           string
	Deadline          clock.Date
}

// Check names every bad field. A deadline may not lie before the day the
// problem was found, nor in the past: an order already overdue when issued
// cannot be complied with. A zero deadline is one that did not parse.
func (o *Order) Check(f Finding, today clock.Date) error {
	var fe apperr.FieldErrors
	if o.ResponsibleOrgID == uuid.Nil {
		fe.Add("responsible_org_id", "请选择责任单位")
	}
	o.ResponsiblePerson, o.Measure = strings.TrimSpace(o.ResponsiblePerson), strings.TrimSpace(o.Measure)
	fe.Text("responsible_person", "责任人", o.ResponsiblePerson, 1, maxPerson)
	fe.Text("measure", "整改措施", o.Measure, 1, maxMeasure)
	switch {
	case o.Deadline == (clock.Date{}):
		fe.Add("deadline", "整改时限须为 YYYY-MM-DD 格式的有效日期")
	case o.Deadline.Before(f.DiscoveredOn):
		fe.Add("deadline", fmt.Sprintf("整改时限不能早于发现问题的日期（%s）", f.DiscoveredOn))
	case o.Deadline.Before(today):
		fe.Add("deadline", fmt.Sprintf("整改时限不能早于今天（%s）", today))
	}
	return fe.Err("整改要求有误")
}

// Submission is what the responsible unit hands in.
type Submission struct {
	Note     string
	Evidence []uuid.UUID
}

// Check names every bad field: a submission says what was done.
func (s *Submission) Check() error {
	var fe apperr.FieldErrors
	s.Note = strings.TrimSpace(s.Note)
	fe.Text("note", "整改情况说明", s.Note, 1, maxNote)
	if len(s.Evidence) > maxEvidence {
		fe.Add("evidence", fmt.Sprintf("整改材料不能超过 %d 份", maxEvidence))
	}
	s.Evidence = uniqueIDs(s.Evidence)
	return fe.Err("整改材料有误")
}
