package inspections_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/inspections"
	"huhang/internal/platform/apitest"
	"huhang/internal/platform/workflow/workflowtest"
	"huhang/internal/supervision"
	"huhang/internal/testapp"
)

const (
	tongjiang       = "511921"
	tongjiangSchool = "通江县职业高级中学"
	nanjiangSchool  = "南江县小河职业中学"
	jinggong        = "巴中经开区精工机械有限公司"
)

type campaignJSON struct {
	ID           string `json:"id"`
	Status       string `json:"status"`
	FindingCount int    `json:"finding_count"`
	OverdueCount int    `json:"overdue_count"`
	Drawn        bool   `json:"drawn"`
	CanManage    bool   `json:"can_manage"`
	CanRecord    bool   `json:"can_record"`
	Checklist    []struct {
		ID, Rule, Article, Text string
	} `json:"checklist"`
	InspectorIDs []string `json:"inspector_ids"`
}

type findingJSON struct {
	ID                 string   `json:"id"`
	Seq                int      `json:"seq"`
	Status             string   `json:"status"`
	Overdue            bool     `json:"overdue"`
	Article            string   `json:"article"`
	SchoolID           *string  `json:"school_id"`
	EnterpriseID       *string  `json:"enterprise_id"`
	TargetName         string   `json:"target_name"`
	OrderNo            *string  `json:"order_no"`
	Deadline           *string  `json:"deadline"`
	ResponsibleOrgName string   `json:"responsible_org_name"`
	ReopenReason       *string  `json:"reopen_reason"`
	ReopenCount        int      `json:"reopen_count"`
	ComplaintID        *string  `json:"complaint_id"`
	Actions            []string `json:"actions"`
}

func must(t *testing.T, r *apitest.Response, code int, what string) *apitest.Response {
	t.Helper()
	if r.Code != code {
		t.Fatalf("%s: want %d, got %d %s", what, code, r.Code, r.Body)
	}
	return r
}

// newCampaign creates and opens a campaign of county1 over 通江.
func newCampaign(t *testing.T, app *testapp.App, county *apitest.Client, open bool) campaignJSON {
	t.Helper()
	today := app.Today()
	var c campaignJSON
	must(t, county.PostJSON("/api/v1/campaigns", map[string]any{"title": "2026年冬季实习专项检查", "division_code": tongjiang,
		"starts_on": today.String(), "ends_on": today.AddDays(30).String(), "methods": []string{"documents", "site_visit"}}),
		201, "create campaign").JSON(&c)
	if open {
		must(t, county.PostJSON("/api/v1/campaigns/"+c.ID+"/open", nil), 200, "open").JSON(&c)
	}
	return c
}

func recordOn(t *testing.T, county *apitest.Client, campaign string, body map[string]any) findingJSON {
	t.Helper()
	var f findingJSON
	must(t, county.PostJSON("/api/v1/campaigns/"+campaign+"/findings", body), 201, "record finding").JSON(&f)
	return f
}

func count(t *testing.T, app *testapp.App, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := app.DB.Pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLifecycleTables(t *testing.T) {
	roles := append(append([]auth.Role{}, auth.Roles...), auth.RoleSystem)
	type cmove = workflowtest.Move[inspections.CampaignStatus, inspections.CampaignAction, auth.Role]
	workflowtest.Exactly(t, inspections.CampaignLifecycle,
		[]inspections.CampaignStatus{inspections.CampaignDraft, inspections.CampaignOpen, inspections.CampaignClosed}, roles, []cmove{
			{From: inspections.CampaignDraft, Action: inspections.CampaignOpenAction, Role: auth.RoleBureauAuditor, To: inspections.CampaignOpen},
			{From: inspections.CampaignOpen, Action: inspections.CampaignCloseAction, Role: auth.RoleBureauAuditor, To: inspections.CampaignClosed},
		})
	type fmove = workflowtest.Move[inspections.FindingStatus, inspections.FindingAction, auth.Role]
	bureau, school, ent := auth.RoleBureauAuditor, auth.RoleSchoolAdmin, auth.RoleEnterpriseAdmin
	moves := []fmove{
		{From: inspections.FindingRecorded, Action: inspections.FindingOrder, Role: bureau, To: inspections.FindingOpen},
		{From: inspections.FindingSubmitted, Action: inspections.FindingVerify, Role: bureau, To: inspections.FindingVerified},
		{From: inspections.FindingSubmitted, Action: inspections.FindingReopen, Role: bureau, To: inspections.FindingRectifying},
		{From: inspections.FindingVerified, Action: inspections.FindingClose, Role: bureau, To: inspections.FindingClosed},
	}
	for _, unit := range []auth.Role{school, ent} {
		moves = append(moves,
			fmove{From: inspections.FindingOpen, Action: inspections.FindingStart, Role: unit, To: inspections.FindingRectifying},
			fmove{From: inspections.FindingOpen, Action: inspections.FindingSubmit, Role: unit, To: inspections.FindingSubmitted},
			fmove{From: inspections.FindingRectifying, Action: inspections.FindingSubmit, Role: unit, To: inspections.FindingSubmitted})
	}
	workflowtest.Exactly(t, inspections.FindingLifecycle, []inspections.FindingStatus{inspections.FindingRecorded, inspections.FindingOpen,
		inspections.FindingRectifying, inspections.FindingSubmitted, inspections.FindingVerified, inspections.FindingClosed}, roles, moves)
}

// TestInspectionFlow walks a campaign from draft to a closed rectification:
// each step by the party the rules give it, each refused to the others, the
// ledger growing by one row per step and verifying at the end.
func TestInspectionFlow(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	county, city, county2 := app.Login("county1"), app.Login("city1"), app.Login("county2")
	school, ent := app.Login("school1"), app.Login("ent1")
	c := newCampaign(t, app, county, false)
	if c.Status != "draft" || !c.CanManage || c.CanRecord || len(c.Checklist) < 20 {
		t.Fatalf("a new campaign is a draft its bureau manages, with the default checklist: %+v", c)
	}
	// The default checklist names each rule with its article.
	found := map[string]string{}
	for _, it := range c.Checklist {
		found[it.ID] = it.Article
	}
	if found["R-AGE16"] == "" || found["D-ARCHIVE"] != "29" {
		t.Fatalf("checklist lacks R-AGE16 or the Art 29 archive check: %v", found)
	}
	// A finding in a draft is refused; the city reads but does not manage.
	schoolID := app.OrgID(tongjiangSchool).String()
	base := "/api/v1/campaigns/" + c.ID
	must(t, county.PostJSON(base+"/findings", map[string]any{"target_kind": "school", "target_id": schoolID,
		"description": "未见实习巡查记录", "severity": "serious"}), 409, "finding in a draft")
	var seen campaignJSON
	must(t, city.Get(base), 200, "city reads the county's campaign").JSON(&seen)
	if seen.CanManage {
		t.Fatal("the city must not manage the county's campaign")
	}
	must(t, city.PostJSON(base+"/open", nil), 403, "city opens the county's campaign")
	must(t, county2.Get(base), 404, "a neighbouring county")
	must(t, school.Get("/api/v1/campaigns"), 403, "a school lists campaigns")
	must(t, county.PostJSON(base+"/open", nil), 200, "open")
	must(t, county.PostJSON(base+"/open", nil), 409, "open twice")

	// The draw: reproducible from what it publishes, and made once.
	var d struct {
		Seed             string `json:"seed"`
		TargetCandidates []struct {
			ID   uuid.UUID `json:"id"`
			Name string    `json:"name"`
		} `json:"target_candidates"`
		InspectorCandidates []struct {
			ID   uuid.UUID `json:"id"`
			Name string    `json:"name"`
		} `json:"inspector_candidates"`
		Targets, Inspectors []struct {
			ID   uuid.UUID `json:"id"`
			Name string    `json:"name"`
		}
	}
	must(t, county.PostJSON(base+"/draw", map[string]any{"target_kind": "school", "targets": 1, "inspectors": 1, "seed": "20261205-双色球"}),
		201, "draw")
	must(t, city.Get(base+"/draw"), 200, "the city reads the draw").JSON(&d)
	if d.Seed != "20261205-双色球" || len(d.Targets) != 1 || len(d.Inspectors) != 1 || len(d.TargetCandidates) == 0 {
		t.Fatalf("draw: %+v", d)
	}
	for _, tc := range d.TargetCandidates {
		if tc.ID.String() == app.OrgID(nanjiangSchool).String() {
			t.Fatal("a school outside the scope is a candidate")
		}
	}
	var tcs, ics []inspections.Candidate
	for _, x := range d.TargetCandidates {
		tcs = append(tcs, inspections.Candidate{ID: x.ID, Name: x.Name})
	}
	for _, x := range d.InspectorCandidates {
		ics = append(ics, inspections.Candidate{ID: x.ID, Name: x.Name})
	}
	if again := inspections.DrawList(d.Seed, "targets", tcs, 1); again[0].ID != d.Targets[0].ID {
		t.Fatalf("recomputing the published draw gives %v, published %v", again, d.Targets)
	}
	if again := inspections.DrawList(d.Seed, "inspectors", ics, 1); again[0].ID != d.Inspectors[0].ID {
		t.Fatalf("recomputing the inspectors gives %v, published %v", again, d.Inspectors)
	}
	must(t, county.PostJSON(base+"/draw", map[string]any{"targets": 1, "inspectors": 1}), 409, "a second draw")

	// A finding on the school, citing a rule: the article comes from the rule.
	f := recordOn(t, county, c.ID, map[string]any{"target_kind": "school", "target_id": schoolID, "rule": "R-AGE16",
		"description": "一名未满16周岁学生被安排岗位实习", "severity": "critical"})
	if f.Seq != 1 || f.Status != "recorded" || f.Article != "16(2)" || f.SchoolID == nil || *f.SchoolID != schoolID {
		t.Fatalf("finding: %+v", f)
	}
	must(t, school.Get("/api/v1/findings/"+f.ID), 404, "the school before any order")
	fbase := "/api/v1/findings/" + f.ID
	today := app.Today()
	order := map[string]any{"responsible_org_id": schoolID, "responsible_person": "陈晓燕", "measure": "立即终止该生岗位实习并改为认识实习",
		"deadline": today.AddDays(10).String()}
	must(t, city.PostJSON(fbase+"/rectification", order), 403, "the city orders in the county's campaign")
	var ordered findingJSON
	must(t, county.PostJSON(fbase+"/rectification", order), 200, "order").JSON(&ordered)
	if ordered.Status != "open" || ordered.OrderNo == nil || ordered.ResponsibleOrgName != tongjiangSchool {
		t.Fatalf("ordered: %+v", ordered)
	}
	// The school sees its item, on its board and in its to-dos; the
	// enterprise does not.
	var board struct{ Items []findingJSON }
	must(t, school.Get("/api/v1/rectifications"), 200, "school board").JSON(&board)
	// The demo's items are there too: overdue ones first.
	var mine *findingJSON
	for i, it := range board.Items {
		if it.ID == f.ID {
			mine = &board.Items[i]
		}
	}
	if mine == nil || !containsAll(mine.Actions, "start", "submit") || len(board.Items) < 2 || !board.Items[0].Overdue {
		t.Fatalf("the school's board: %+v", board.Items)
	}
	must(t, ent.Get(fbase), 404, "the enterprise reads the school's item")
	if !hasTodo(t, school, "rectification.due", f.ID) {
		t.Fatal("the school has no to-do for its rectification")
	}
	must(t, ent.PostJSON(fbase+"/submit", map[string]any{"note": "x"}), 404, "the enterprise submits")
	must(t, school.PostJSON(fbase+"/verify", nil), 403, "the responsible unit verifies itself")
	must(t, school.PostJSON(fbase+"/submit", map[string]any{"note": ""}), 400, "an empty submission")
	must(t, school.PostJSON(fbase+"/submit", map[string]any{"note": "已终止该生岗位实习"}), 200, "submit")
	if !hasTodo(t, county, "rectification.verify", f.ID) {
		t.Fatal("the bureau has no to-do to verify the submission")
	}
	must(t, county.PostJSON(fbase+"/reopen", map[string]any{"reason": ""}), 400, "reopen without a reason")
	var reopened findingJSON
	must(t, county.PostJSON(fbase+"/reopen", map[string]any{"reason": "未提供终止协议"}), 200, "reopen").JSON(&reopened)
	if reopened.Status != "rectifying" || reopened.ReopenCount != 1 || reopened.ReopenReason == nil {
		t.Fatalf("reopened: %+v", reopened)
	}
	must(t, county.PostJSON(fbase+"/verify", nil), 409, "verify what is not submitted")
	must(t, school.PostJSON(fbase+"/submit", map[string]any{"note": "补充终止协议"}), 200, "submit again")
	must(t, county.PostJSON(fbase+"/close", nil), 409, "close before verifying")
	must(t, county.PostJSON(fbase+"/verify", nil), 200, "verify")
	var closed findingJSON
	must(t, county.PostJSON(fbase+"/close", nil), 200, "close").JSON(&closed)
	if closed.Status != "closed" || len(closed.Actions) != 0 {
		t.Fatalf("closed: %+v", closed)
	}
	// create, open, draw, record, order, submit, reopen, submit, verify, close.
	var v struct {
		OK          bool              `json:"ok"`
		RowsChecked int               `json:"rows_checked"`
		Heads       map[string]string `json:"heads"`
	}
	must(t, county.Get("/api/v1/ledger/verify?campaign_id="+c.ID), 200, "verify ledger").JSON(&v)
	if !v.OK || v.RowsChecked != 10 || v.Heads[c.ID] == "" {
		t.Fatalf("ledger: %+v", v)
	}
	must(t, county2.Get("/api/v1/ledger/verify?campaign_id="+c.ID), 404, "another county verifies this ledger")
	must(t, school.Get("/api/v1/ledger/verify"), 403, "a school verifies ledgers")
	if n := count(t, app, `SELECT count(*) FROM audit_events WHERE subject_id = $1`, f.ID); n != 7 {
		t.Fatalf("audit events of the finding: %d, want 7", n)
	}
	must(t, county.PostJSON(base+"/close", nil), 200, "close the campaign")
	must(t, county.PostJSON(base+"/findings", map[string]any{"target_kind": "school", "target_id": schoolID,
		"description": "x", "severity": "minor"}), 409, "a finding after closing")
}

func containsAll(list []string, want ...string) bool {
	for _, w := range want {
		ok := false
		for _, x := range list {
			ok = ok || x == w
		}
		if !ok {
			return false
		}
	}
	return true
}

func hasTodo(t *testing.T, c *apitest.Client, kind, id string) bool {
	t.Helper()
	var list struct {
		Items []struct {
			Kind    string `json:"kind"`
			Subject struct {
				ID string `json:"id"`
			} `json:"subject"`
			Severity string `json:"severity"`
		} `json:"items"`
	}
	must(t, c.Get("/api/v1/todos"), 200, "todos").JSON(&list)
	for _, it := range list.Items {
		if it.Kind == kind && it.Subject.ID == id {
			return true
		}
	}
	return false
}

// TestBadInputWritesNothing: each bad request is a clear 4xx naming the
// field, and neither a finding nor a ledger row appears.
func TestBadInputWritesNothing(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	county := app.Login("county1")
	c := newCampaign(t, app, county, true)
	before := count(t, app, `SELECT count(*) FROM ledger_entries`)
	fields := func(r *apitest.Response) string {
		var body struct {
			Error struct {
				Details []struct{ Field, Message string } `json:"details"`
			} `json:"error"`
		}
		r.JSON(&body)
		var out []string
		for _, d := range body.Error.Details {
			out = append(out, d.Field)
		}
		return strings.Join(out, ",")
	}
	base := "/api/v1/campaigns/" + c.ID + "/findings"
	// Outside the scope: 南江's school in a 通江 campaign.
	r := must(t, county.PostJSON(base, map[string]any{"target_kind": "school", "target_id": app.OrgID(nanjiangSchool).String(),
		"description": "x", "severity": "minor"}), 400, "target outside the scope")
	if fields(r) != "target_id" {
		t.Fatalf("outside the scope names %q", fields(r))
	}
	r = must(t, county.PostJSON(base, map[string]any{"target_kind": "factory", "target_id": uuid.Nil.String(), "description": "",
		"severity": "grave", "rule": "R-NONE"}), 400, "every field wrong")
	if got := fields(r); got != "target_kind,target_id,description,severity,rule" {
		t.Fatalf("every bad field named: %q", got)
	}
	// A campaign over a neighbour's county.
	r = must(t, county.PostJSON("/api/v1/campaigns", map[string]any{"title": "越界", "division_code": "511922",
		"starts_on": "2026-12-10", "ends_on": "2026-12-01", "methods": []string{"x"}}), 400, "campaign outside the subtree")
	if got := fields(r); got != "division_code,ends_on,methods" {
		t.Fatalf("bad campaign names %q", got)
	}
	f := recordOn(t, county, c.ID, map[string]any{"target_kind": "enterprise", "target_id": app.OrgID(jinggong).String(),
		"checklist_item": "D-FEES", "description": "向学生收取住宿押金", "severity": "serious"})
	if f.Article != "20" || f.EnterpriseID == nil {
		t.Fatalf("enterprise finding: %+v", f)
	}
	mid := count(t, app, `SELECT count(*) FROM ledger_entries`)
	today := app.Today()
	fbase := "/api/v1/findings/" + f.ID
	r = must(t, county.PostJSON(fbase+"/rectification", map[string]any{"responsible_org_id": app.OrgID(tongjiangSchool).String(),
		"responsible_person": "", "measure": "退还押金", "deadline": today.AddDays(-1).String()}), 400, "deadline before the finding")
	if got := fields(r); got != "responsible_person,deadline,responsible_org_id" && got != "responsible_person,deadline" {
		t.Fatalf("bad order names %q", got)
	}
	r = must(t, county.PostJSON(fbase+"/rectification", map[string]any{"responsible_org_id": app.OrgID(tongjiangSchool).String(),
		"responsible_person": "周建华", "measure": "退还押金", "deadline": today.AddDays(5).String()}), 400, "a unit the finding does not concern")
	if fields(r) != "responsible_org_id" {
		t.Fatalf("wrong unit names %q", fields(r))
	}
	must(t, county.PostJSON(fbase+"/verify", nil), 409, "verify a recorded finding")
	if n := count(t, app, `SELECT count(*) FROM ledger_entries`); n != mid || mid != before+1 {
		t.Fatalf("ledger rows %d → %d → %d: refusals must write nothing", before, mid, n)
	}
	if n := count(t, app, `SELECT count(*) FROM findings WHERE id = $1 AND status <> 'recorded'`, uuid.MustParse(f.ID)); n != 0 {
		t.Fatal("a refused order changed the finding")
	}
}

// TestComplaintBecomesFinding: a complaint the bureau referred to
// inspection is recorded as a finding, linked both ways, once.
func TestComplaintBecomesFinding(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	county := app.Login("county1")
	c := newCampaign(t, app, county, true)
	school := app.OrgID(tongjiangSchool)
	ctx := context.Background()
	file := func() string {
		r, err := app.Services.Supervision.ReceiveComplaint(ctx, "", supervisionComplaint(school))
		if err != nil {
			t.Fatal(err)
		}
		return r.ID.String()
	}
	referred, open := file(), file()
	must(t, county.PostJSON("/api/v1/complaints/"+referred+"/triage", map[string]any{"outcome": "inspection", "reply": "已转专项检查"}),
		200, "refer")
	if !hasTodo(t, county, "complaint.finding", referred) {
		t.Fatal("a referred complaint without a finding is not in the bureau's to-dos")
	}
	body := func(complaint string) map[string]any {
		return map[string]any{"target_kind": "school", "target_id": school.String(), "description": "学生反映被安排夜班",
			"severity": "serious", "complaint_id": complaint}
	}
	must(t, county.PostJSON("/api/v1/campaigns/"+c.ID+"/findings", body(open)), 409, "a complaint not referred")
	f := recordOn(t, county, c.ID, body(referred))
	if f.ComplaintID == nil || *f.ComplaintID != referred {
		t.Fatalf("finding does not name its complaint: %+v", f)
	}
	var cj struct {
		FindingID *string `json:"finding_id"`
	}
	must(t, county.Get("/api/v1/complaints/"+referred), 200, "complaint").JSON(&cj)
	if cj.FindingID == nil || *cj.FindingID != f.ID {
		t.Fatalf("the complaint does not name its finding: %+v", cj)
	}
	must(t, county.PostJSON("/api/v1/campaigns/"+c.ID+"/findings", body(referred)), 409, "the same complaint twice")
	if hasTodo(t, county, "complaint.finding", referred) {
		t.Fatal("the to-do stays after the finding was recorded")
	}
	if n := count(t, app, `SELECT count(*) FROM findings WHERE campaign_id = $1`, uuid.MustParse(c.ID)); n != 1 {
		t.Fatalf("refused findings were written: %d", n)
	}
}

func supervisionComplaint(school uuid.UUID) supervision.NewComplaint {
	return supervision.NewComplaint{SchoolID: &school, Content: "学生反映实习单位安排夜班，且未签订协议"}
}
