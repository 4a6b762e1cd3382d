package inspections

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/ids"
	"huhang/internal/platform/workflow"
	"huhang/internal/rules"
)

// Campaigns (专项检查): a bureau inspects the internships of a division
// subtree over a period (Art 42: 双随机一公开; Art 45: a ledger of
// problems and their rectification).

// CampaignStatus is where a campaign stands.
type CampaignStatus string

const (
	CampaignDraft  CampaignStatus = "draft"
	CampaignOpen   CampaignStatus = "open"
	CampaignClosed CampaignStatus = "closed"
)

var campaignStatusNames = map[CampaignStatus]string{CampaignDraft: "草稿", CampaignOpen: "进行中", CampaignClosed: "已结束"}

// Name is the status in Chinese.
func (s CampaignStatus) Name() string { return campaignStatusNames[s] }

// CampaignAction moves a campaign.
type CampaignAction string

const (
	CampaignOpenAction  CampaignAction = "open"
	CampaignCloseAction CampaignAction = "close"
)

// CampaignLifecycle: a draft is prepared (scope, checklist, the draw), then
// opened, when its checklist is fixed and findings may be recorded, then
// closed, after which the ledger only grows by rectification steps.
var CampaignLifecycle = workflow.Table[CampaignStatus, CampaignAction, auth.Role]{
	Subject:   "专项检查",
	System:    auth.RoleSystem,
	StateName: CampaignStatus.Name,
	RoleName:  auth.RoleName,
	Edges: map[CampaignAction]workflow.Edge[CampaignStatus, auth.Role]{
		CampaignOpenAction:  {From: []CampaignStatus{CampaignDraft}, To: CampaignOpen, By: []auth.Role{auth.RoleBureauAuditor}},
		CampaignCloseAction: {From: []CampaignStatus{CampaignOpen}, To: CampaignClosed, By: []auth.Role{auth.RoleBureauAuditor}},
	},
}

// Method is a way of inspecting.
type Method string

const (
	MethodDocuments     Method = "documents"
	MethodSiteVisit     Method = "site_visit"
	MethodStudentTalk   Method = "student_talk"
	MethodQuestionnaire Method = "questionnaire"
)

// MethodNames are the methods in Chinese.
var MethodNames = map[Method]string{MethodDocuments: "查阅资料", MethodSiteVisit: "实地查看", MethodStudentTalk: "学生访谈",
	MethodQuestionnaire: "问卷调查"}

// ChecklistItem is one thing the inspectors check.
type ChecklistItem struct {
	ID      string // the rule ID, or "D-…" for a document check
	Rule    string // empty for document checks
	Article string
	Text    string
}

// documentChecks are what Art 29 and Art 8–10 require on file at the school,
// beside the rules the platform already enforces at each gate.
var documentChecks = []ChecklistItem{
	{ID: "D-PLAN-FILED", Article: "8", Text: "实习方案经主管教育行政部门备案后方可组织实习"},
	{ID: "D-AGREEMENT", Article: "13", Text: "学校、实习单位、学生三方签订实习协议"},
	{ID: "D-CONSENT", Article: "13", Text: "未满18周岁学生的实习协议经监护人签字同意"},
	{ID: "D-INSURANCE", Article: "35", Text: "为实习学生投保实习责任保险"},
	{ID: "D-SAFETY-TRAINING", Article: "22", Text: "实习前开展安全教育与岗前培训"},
	{ID: "D-INSTRUCTORS", Article: "8", Text: "学校和实习单位分别指派实习指导教师和实习单位指导人员"},
	{ID: "D-PATROL", Article: "19", Text: "指导教师定期巡查、及时处理实习中出现的问题"},
	{ID: "D-ARCHIVE", Article: "29", Text: "实习材料齐全并归档（方案、协议、考核、日志、报告等）"},
	{ID: "D-FEES", Article: "20", Text: "不得向学生收取实习押金、培训费等费用，不得扣押证件"},
}

// DefaultChecklist is one item per compliance rule of domain.md §4 (plan
// rules, then placement rules not already named), then the document checks.
func DefaultChecklist() []ChecklistItem {
	var out []ChecklistItem
	seen := map[string]bool{}
	for _, r := range rules.All() {
		out = append(out, ChecklistItem{ID: r.ID, Rule: r.ID, Article: r.Article, Text: r.Title})
		seen[r.ID] = true
	}
	for _, r := range rules.PlacementRules() {
		if !seen[r.ID] {
			out = append(out, ChecklistItem{ID: r.ID, Rule: r.ID, Article: r.Article, Text: r.Title})
			seen[r.ID] = true
		}
	}
	return append(out, documentChecks...)
}

// Campaign is one special inspection.
type Campaign struct {
	ID           uuid.UUID
	BureauID     uuid.UUID
	BureauName   string
	Title        string
	DivisionCode string
	DivisionName string
	SchoolIDs    []uuid.UUID
	StartsOn     clock.Date
	EndsOn       clock.Date
	Methods      []Method
	InspectorIDs []uuid.UUID
	Checklist    []ChecklistItem
	Status       CampaignStatus
	CreatedBy    uuid.UUID
	CreatedAt    time.Time
	UpdatedAt    time.Time
	OpenedAt     *time.Time
	ClosedAt     *time.Time
	// Read with the campaign, for lists and the detail page.
	FindingCount  int
	OverdueCount  int
	Drawn         bool
	InspectorName []string
}

// NewCampaign is what a bureau fills in.
type NewCampaign struct {
	Title        string
	DivisionCode string
	SchoolIDs    []uuid.UUID
	StartsOn     clock.Date
	EndsOn       clock.Date
	Methods      []Method
	InspectorIDs []uuid.UUID
}

const (
	maxTitle      = 128
	maxScopeList  = 500
	maxInspectors = 50
)

// Check trims the input and names every bad field. The division must lie in
// the bureau's own subtree: a county does not inspect its neighbour.
func (in *NewCampaign) Check(actor auth.Actor) error {
	var fe apperr.FieldErrors
	in.Title = strings.TrimSpace(in.Title)
	fe.Text("title", "检查名称", in.Title, 1, maxTitle)
	switch {
	case ids.CheckDivisionCodeFormat(in.DivisionCode) != nil:
		fe.Add("division_code", "请选择检查范围（行政区划）")
	case !InSubtree(actor.DivisionCode, in.DivisionCode):
		fe.Add("division_code", "检查范围须在本局辖区之内")
	}
	// A date that did not parse is zero and already named by the caller.
	if in.StartsOn != (clock.Date{}) && in.EndsOn != (clock.Date{}) && in.EndsOn.Before(in.StartsOn) {
		fe.Add("ends_on", "结束日期不能早于开始日期")
	}
	if len(in.Methods) == 0 {
		fe.Add("methods", "请至少选择一种检查方式")
	}
	for _, m := range in.Methods {
		if _, ok := MethodNames[m]; !ok {
			fe.Add("methods", fmt.Sprintf("检查方式“%s”无效，可选：查阅资料、实地查看、学生访谈、问卷调查", m))
			break
		}
	}
	slices.Sort(in.Methods)
	in.Methods = slices.Compact(in.Methods)
	if len(in.SchoolIDs) > maxScopeList {
		fe.Add("school_ids", fmt.Sprintf("指定学校不能超过 %d 所", maxScopeList))
	}
	if len(in.InspectorIDs) > maxInspectors {
		fe.Add("inspector_ids", fmt.Sprintf("检查人员不能超过 %d 名", maxInspectors))
	}
	in.SchoolIDs = uniqueIDs(in.SchoolIDs)
	in.InspectorIDs = uniqueIDs(in.InspectorIDs)
	return fe.Err("检查信息有误")
}

// InSubtree reports whether division lies in the subtree of the bureau's
// division: GB/T 2260 codes name their ancestors by prefix.
func InSubtree(bureauDivision, division string) bool {
	prefix := ids.DivisionPrefix(bureauDivision)
	return prefix != "" && ids.CheckDivisionCodeFormat(division) == nil && strings.HasPrefix(division, prefix)
}

// uniqueIDs sorts and dedupes; never nil, as the array columns are NOT NULL.
func uniqueIDs(in []uuid.UUID) []uuid.UUID {
	out := append([]uuid.UUID{}, in...)
	slices.SortFunc(out, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
	return slices.Compact(out)
}
