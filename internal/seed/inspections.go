package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/auth"
	"huhang/internal/files"
	"huhang/internal/inspections"
	"huhang/internal/orgs"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/pii"
	"huhang/internal/supervision"
)

const (
	demoCampaignClosed = "2026年秋季学期职业学校学生实习专项排查"
	demoCampaignOpen   = "2026年冬季实习安全与权益保障专项检查"
	demoCampaignDraft  = "2027年春季学期实习备案情况专项检查"
)

// demoFinding is one problem of the closed campaign and how far its
// rectification got; days are counted back from now.
type demoFinding struct {
	target      inspections.TargetKind
	rule, item  string
	description string
	severity    inspections.Severity
	measure     string
	deadline    int // days from the order, which is 30 days ago
	reach       inspections.FindingStatus
}

var demoFindings = []demoFinding{
	{inspections.TargetSchool, "", "D-PATROL", "10月份实习巡查记录缺失3周，指导教师未按规定到岗巡查", inspections.SeveritySerious,
		"补齐巡查记录，制定指导教师巡查排班并每周报送", 10, inspections.FindingClosed},
	{inspections.TargetEnterprise, "", "D-FEES", "向实习学生收取工装押金每人300元", inspections.SeverityCritical,
		"全额退还押金并提交退款凭证", 7, inspections.FindingVerified},
	{inspections.TargetSchool, "", "D-ARCHIVE", "部分学生实习考核表、实习报告未归档", inspections.SeverityMinor,
		"补齐实习档案材料并按第二十九条归档", 40, inspections.FindingSubmitted},
	{inspections.TargetEnterprise, "R-NIGHT", "", "实习学生被安排22:00以后的夜班", inspections.SeverityCritical,
		"立即停止安排夜班，调整排班表", 15, inspections.FindingRectifying},
	{inspections.TargetSchool, "", "D-SAFETY-TRAINING", "岗前安全培训记录不全，12名学生无培训签到", inspections.SeveritySerious,
		"组织补训并留存签到与考核记录", 20, inspections.FindingOpen},
	{inspections.TargetEnterprise, "", "D-INSTRUCTORS", "实习单位未明确指导人员", inspections.SeverityMinor, "", 0, inspections.FindingRecorded},
}

// demoComplaintDismissed is outside the rules' reach, so the bureau says so.
const demoComplaintDismissed = "听说通江有职校学生在外地打暑假工，工资不高，希望教育局管一管。"

// demoComplaintReferred becomes a finding of the open campaign.
const demoComplaintReferred = "我是通江县职业高级中学的学生家长。孩子在精工机械实习，单位扣着孩子的身份证说实习结束才还，请教育局查一查。"

// Inspections gives 通江县教育局 a closed campaign whose findings stand in
// every rectification state (some overdue), an open campaign with its draw
// and a finding from a referred complaint (and a dismissed complaint), and
// a draft. It does nothing once the closed campaign exists.
func Inspections(ctx context.Context, pool *pgxpool.Pool, orgsSvc *orgs.Service, keys *pii.Keyring, store files.Storage, now time.Time) (int, error) {
	var exists bool
	if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM campaigns WHERE title = $1)`, demoCampaignClosed).Scan(&exists); err != nil {
		return 0, fmt.Errorf("seed: inspections: %w", err)
	}
	if exists {
		return 0, nil
	}
	actor := func(username string) auth.Actor {
		c, err := orgsSvc.CredentialsByUsername(ctx, username)
		if err != nil {
			panic(fmt.Sprintf("seed: demo account %s: %v", username, err)) // created just before by Demo
		}
		return c.Actor
	}
	county, school, ent, city := actor("county1"), actor("school1"), actor("ent1"), actor("city1")
	// Each step runs on a clock set back to when it happened.
	at := func(days int) *inspections.Service {
		return newServices(pool, keys, store, now.Add(-time.Duration(days)*24*time.Hour)).Inspections
	}
	day := func(days int) clock.Date { return clock.BusinessDay(now.Add(-time.Duration(days) * 24 * time.Hour)) }
	enterprise := *ent.OrgID
	n := 0

	closed, err := at(45).CreateCampaign(ctx, county, inspections.NewCampaign{Title: demoCampaignClosed, DivisionCode: "511921",
		StartsOn: day(44), EndsOn: day(10), InspectorIDs: []uuid.UUID{county.UserID},
		Methods: []inspections.Method{inspections.MethodDocuments, inspections.MethodSiteVisit, inspections.MethodStudentTalk}})
	if err != nil {
		return n, fmt.Errorf("seed: campaign: %w", err)
	}
	if _, err := at(44).OpenCampaign(ctx, county, closed.ID); err != nil {
		return n, err
	}
	if _, err := at(44).DrawCampaign(ctx, county, closed.ID, inspections.DrawRequest{TargetKind: inspections.TargetSchool, Targets: 1,
		Inspectors: 1, Seed: "2026-10-22 福彩3D 第2026288期 开奖号码 4 7 1"}); err != nil {
		return n, err
	}
	for _, d := range demoFindings {
		target, unit := *school.OrgID, *school.OrgID
		if d.target == inspections.TargetEnterprise {
			target, unit = enterprise, enterprise
		}
		f, err := at(32).RecordFinding(ctx, county, closed.ID, inspections.NewFinding{TargetKind: d.target, TargetID: target, Rule: d.rule,
			ChecklistItem: d.item, Description: d.description, Severity: d.severity})
		if err != nil {
			return n, fmt.Errorf("seed: finding %q: %w", d.description, err)
		}
		n++
		if err := demoRectify(ctx, at, day, county, map[uuid.UUID]auth.Actor{*school.OrgID: school, enterprise: ent}[unit], f.ID, unit, d); err != nil {
			return n, fmt.Errorf("seed: rectify %q: %w", d.description, err)
		}
	}
	if _, err := at(10).CloseCampaign(ctx, county, closed.ID); err != nil {
		return n, err
	}

	// The open campaign, with a finding from a complaint the bureau referred.
	sup := func(days int) *supervision.Service {
		return newServices(pool, keys, store, now.Add(-time.Duration(days)*24*time.Hour)).Supervision
	}
	open, err := at(6).CreateCampaign(ctx, county, inspections.NewCampaign{Title: demoCampaignOpen, DivisionCode: "511921",
		StartsOn: day(5), EndsOn: day(-25), Methods: []inspections.Method{inspections.MethodSiteVisit, inspections.MethodQuestionnaire}})
	if err != nil {
		return n, err
	}
	if _, err := at(5).OpenCampaign(ctx, county, open.ID); err != nil {
		return n, err
	}
	schoolID := *school.OrgID
	dismissed, err := sup(4).ReceiveComplaint(ctx, "", supervision.NewComplaint{SchoolID: &schoolID, Content: demoComplaintDismissed})
	if err != nil {
		return n, err
	}
	if _, err := sup(3).TriageComplaint(ctx, county, dismissed.ID, supervision.Triage{Outcome: supervision.OutcomeDismissed,
		Reply: "您反映的是学生假期自行务工，不属于学校组织的实习，不在《职业学校学生实习管理规定》的管理范围内。如发现用工违法，可向人力资源社会保障部门反映。"}); err != nil {
		return n, err
	}
	referred, err := sup(4).ReceiveComplaint(ctx, "", supervision.NewComplaint{SchoolID: &schoolID, EnterpriseName: "精工机械",
		Content: demoComplaintReferred, Contact: "李先生（家长）"})
	if err != nil {
		return n, err
	}
	if _, err := sup(3).TriageComplaint(ctx, county, referred.ID, supervision.Triage{Outcome: supervision.OutcomeInspection,
		Reply: "已转入冬季实习专项检查，检查组将到实习单位现场核查。"}); err != nil {
		return n, err
	}
	if _, err := at(2).RecordFinding(ctx, county, open.ID, inspections.NewFinding{TargetKind: inspections.TargetEnterprise,
		TargetID: enterprise, ChecklistItem: "D-FEES", Description: "经现场核查，实习单位扣押2名实习学生身份证", ComplaintID: &referred.ID,
		Severity: inspections.SeverityCritical}); err != nil {
		return n, err
	}
	n++
	// A draft the city is preparing for next term.
	if _, err := at(1).CreateCampaign(ctx, city, inspections.NewCampaign{Title: demoCampaignDraft, DivisionCode: "511900",
		StartsOn: day(-60), EndsOn: day(-90), Methods: []inspections.Method{inspections.MethodDocuments}}); err != nil {
		return n, err
	}
	return n, nil
}

// demoRectify takes a finding of the closed campaign as far as d.reach,
// each step a few days after the previous, the order 30 days ago.
func demoRectify(ctx context.Context, at func(int) *inspections.Service, day func(int) clock.Date, county, unit auth.Actor,
	id, unitOrg uuid.UUID, d demoFinding) error {
	if d.reach == inspections.FindingRecorded {
		return nil
	}
	if _, err := at(30).OrderRectification(ctx, county, id, inspections.Order{ResponsibleOrgID: unitOrg,
		ResponsiblePerson: unit.DisplayName, Measure: d.measure, Deadline: day(30 - d.deadline)}); err != nil {
		return err
	}
	steps := []struct {
		reach inspections.FindingStatus
		days  int
		run   func(*inspections.Service) error
	}{
		{inspections.FindingRectifying, 28, func(s *inspections.Service) error { _, err := s.StartRectification(ctx, unit, id); return err }},
		{inspections.FindingSubmitted, 20, func(s *inspections.Service) error {
			_, err := s.SubmitRectification(ctx, unit, id, inspections.Submission{Note: "已按要求整改，附整改说明。"})
			return err
		}},
		{inspections.FindingVerified, 15, func(s *inspections.Service) error { _, err := s.VerifyRectification(ctx, county, id); return err }},
		{inspections.FindingClosed, 12, func(s *inspections.Service) error { _, err := s.CloseRectification(ctx, county, id); return err }},
	}
	order := map[inspections.FindingStatus]int{inspections.FindingOpen: 0, inspections.FindingRectifying: 1, inspections.FindingSubmitted: 2,
		inspections.FindingVerified: 3, inspections.FindingClosed: 4}
	for _, st := range steps {
		if order[st.reach] > order[d.reach] {
			break
		}
		if err := st.run(at(st.days)); err != nil {
			return err
		}
	}
	return nil
}
