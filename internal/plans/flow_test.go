package plans_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/orgs"
	"huhang/internal/plans"
	"huhang/internal/platform/apitest"
	"huhang/internal/platform/apperr"
	"huhang/internal/testapp"
)

type planResp struct {
	ID         string  `json:"id"`
	Status     string  `json:"status"`
	Version    int     `json:"version"`
	FilingNo   *string `json:"filing_no"`
	DaysWait   *int    `json:"days_waiting"`
	ReviewDiv  string  `json:"review_division"`
	PostsCount int     `json:"-"`
}

type world struct {
	app                 *testapp.App
	school, ent, county *apitest.Client
	lathe, inspector    string // post ids at 精工机械
}

func newWorld(t *testing.T) *world {
	app := testapp.New(t)
	w := &world{app: app, school: app.Login("school1"), ent: app.Login("ent1"), county: app.Login("county1")}
	var posts struct {
		Items []struct{ ID, Name string } `json:"items"`
	}
	w.ent.Get("/api/v1/enterprises/" + app.OrgID("巴中经开区精工机械有限公司").String() + "/posts").JSON(&posts)
	for _, p := range posts.Items {
		switch p.Name {
		case "数控车床操作员":
			w.lathe = p.ID
		case "质量检验员":
			w.inspector = p.ID
		}
	}
	if w.lathe == "" || w.inspector == "" {
		t.Fatalf("demo posts missing: %+v", posts)
	}
	return w
}

func (w *world) planBody(overrides map[string]any) map[string]any {
	body := map[string]any{
		"type": "post", "title": "2024级数控技术专业岗位实习方案", "major": "数控技术", "major_category": "装备制造大类",
		"cohort": "2024级", "starts_on": "2026-12-21", "ends_on": "2027-05-20",
		"content":         "在数控车间跟岗操作，完成零件加工与质量检验实训。",
		"safety_measures": "岗前安全培训，配备劳保用品，企业导师全程带教。", "emergency_plan": "设立应急联络人，突发情况 30 分钟内报告学校与教育局。",
		"insurance_arrangement": "学校统一投保实习责任保险。",
		"posts": []map[string]any{
			{"post_id": w.lathe, "planned_count": 6, "pay_fen": 340000},
			{"post_id": w.inspector, "planned_count": 3, "pay_fen": 304000},
		},
		"instructor_ids": []string{w.app.UserID("teacher1").String()},
		"mentor_ids":     []string{w.app.UserID("mentor1").String()},
	}
	for k, v := range overrides {
		body[k] = v
	}
	return body
}

func must(t *testing.T, r *apitest.Response, code int, what string) planResp {
	t.Helper()
	if r.Code != code {
		t.Fatalf("%s: %d, want %d: %s", what, r.Code, code, r.Body)
	}
	var p planResp
	r.JSON(&p)
	return p
}

// TestFilingFlow is the flow through the API alone: the school
// drafts, the enterprise co-signs, the county returns with a reason, the
// school fixes and resubmits, the county sees the diff and approves, and the
// school reads the filing number.
func TestFilingFlow(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	p := must(t, w.school.PostJSON("/api/v1/plans", w.planBody(nil)), 201, "create")
	if p.Status != "draft" || p.ReviewDiv != "511921" {
		t.Fatalf("new plan: %+v", p)
	}
	base := "/api/v1/plans/" + p.ID
	var staff struct {
		Instructors []struct {
			DisplayName string `json:"display_name"`
		} `json:"instructors"`
		Mentors []struct {
			DisplayName string `json:"display_name"`
		} `json:"mentors"`
	}
	w.school.Get(base).JSON(&staff)
	if len(staff.Instructors) != 1 || staff.Instructors[0].DisplayName != "赵明" || len(staff.Mentors) != 1 || staff.Mentors[0].DisplayName != "孙师傅" {
		t.Fatalf("instructors and mentors: %+v", staff)
	}
	// The instructor and mentor the plan names may read it; a student may not.
	for user, want := range map[string]int{"teacher1": 200, "mentor1": 200, "student1": 404} {
		if r := w.app.Login(user).Get(base); r.Code != want {
			t.Errorf("%s reading the plan: %d, want %d", user, r.Code, want)
		}
	}

	var check struct {
		Results []struct {
			Rule    string `json:"rule"`
			Effect  string `json:"effect"`
			Passed  bool   `json:"passed"`
			Message string `json:"message"`
		} `json:"results"`
	}
	w.school.PostJSON(base+"/check", ``).JSON(&check)
	rulesSeen := map[string]bool{}
	for _, r := range check.Results {
		rulesSeen[r.Rule] = true
		if !r.Passed && r.Effect != "warn" && r.Effect != "route" {
			t.Errorf("a compliant plan fails %s: %s", r.Rule, r.Message)
		}
	}
	if len(rulesSeen) != 17 {
		t.Errorf("the dry run must show all 17 plan rules, got %d", len(rulesSeen))
	}

	// Co-signing is needed before submission.
	if r := w.school.PostJSON(base+"/submit", `{}`); r.Code != 409 {
		t.Fatalf("submit a draft: %d", r.Code)
	}
	must(t, w.school.PostJSON(base+"/request-cosign", ``), 200, "request cosign")
	if r := w.school.SendJSON("PUT", base, w.planBody(nil)); r.Code != 409 {
		t.Fatalf("editing while awaiting co-sign: %d", r.Code)
	}
	p = must(t, w.ent.PostJSON(base+"/cosign", ``), 200, "cosign")
	if p.Status != "cosigned" {
		t.Fatalf("single host signed: %s", p.Status)
	}
	p = must(t, w.school.PostJSON(base+"/submit", `{}`), 200, "submit")
	if p.Status != "submitted" || p.Version != 1 {
		t.Fatalf("submitted: %+v", p)
	}

	// Only the competent bureau acts; others in scope get 403, out of scope 404.
	if r := w.app.Login("city1").PostJSON(base+"/approve", `{"comment":"同意"}`); r.Code != 403 {
		t.Fatalf("city bureau approving a county plan: %d", r.Code)
	}
	if r := w.app.Login("county2").PostJSON(base+"/approve", `{"comment":"同意"}`); r.Code != 404 {
		t.Fatalf("another county approving: %d", r.Code)
	}
	var queue struct {
		Items []planResp `json:"items"`
	}
	w.county.Get("/api/v1/plans/review-queue").JSON(&queue)
	if len(queue.Items) != 1 || queue.Items[0].ID != p.ID || queue.Items[0].DaysWait == nil {
		t.Fatalf("review queue: %+v", queue.Items)
	}

	p = must(t, w.county.PostJSON(base+"/return", map[string]any{
		"reasons": []map[string]string{{"field": "posts", "message": "质量检验员岗位报酬应高于同岗位工资的 80%"}}}), 200, "return")
	if p.Status != "returned" || p.Version != 2 {
		t.Fatalf("returned: %+v", p)
	}

	fixed := w.planBody(map[string]any{"posts": []map[string]any{
		{"post_id": w.lathe, "planned_count": 8, "pay_fen": 340000},
		{"post_id": w.inspector, "planned_count": 3, "pay_fen": 320000},
	}})
	must(t, w.school.SendJSON("PUT", base, fixed), 200, "edit returned plan")
	must(t, w.school.PostJSON(base+"/request-cosign", ``), 200, "request cosign again")
	must(t, w.ent.PostJSON(base+"/cosign", ``), 200, "cosign again")
	p = must(t, w.school.PostJSON(base+"/submit", `{}`), 200, "resubmit")
	if p.Version != 2 {
		t.Fatalf("resubmission is version 2: %+v", p)
	}

	var diff struct {
		Changes []struct {
			Field, Kind, Label string
		} `json:"changes"`
	}
	r := w.county.Get(base + "/versions/2/diff")
	r.JSON(&diff)
	if r.Code != 200 || len(diff.Changes) != 2 {
		t.Fatalf("diff v2: %d %s", r.Code, r.Body)
	}
	for _, c := range diff.Changes {
		if c.Kind != "changed" || !strings.HasPrefix(c.Field, "posts[") {
			t.Errorf("unexpected change %+v", c)
		}
	}

	p = must(t, w.county.PostJSON(base+"/approve", `{"comment":"材料齐全，同意备案"}`), 200, "approve")
	if p.Status != "approved" || p.FilingNo == nil || *p.FilingNo != "511921-2026-0001" {
		t.Fatalf("approved: %+v", p)
	}
	if r := w.county.PostJSON(base+"/approve", `{}`); r.Code != 409 {
		t.Fatalf("approving twice: %d", r.Code)
	}
	seen := must(t, w.school.Get(base), 200, "school reads the plan")
	if seen.FilingNo == nil || *seen.FilingNo != "511921-2026-0001" {
		t.Fatalf("the school must see its filing number: %+v", seen)
	}
	var versions struct {
		Items []struct {
			Version int     `json:"version"`
			Outcome *string `json:"outcome"`
		} `json:"items"`
	}
	w.school.Get(base + "/versions").JSON(&versions)
	if len(versions.Items) != 2 || *versions.Items[0].Outcome != "returned" || *versions.Items[1].Outcome != "approved" {
		t.Fatalf("versions: %+v", versions.Items)
	}
	var events int
	if err := w.app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_events WHERE subject_type = 'plan' AND subject_id = $1`, p.ID).Scan(&events); err != nil || events < 10 {
		t.Fatalf("every transition must be audited: %d %v", events, err)
	}
}

func TestSubmissionListsEveryViolation(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	body := w.planBody(map[string]any{
		"major_category": "电子与信息大类",    // R-MAJOR (override)
		"ends_on":        "2027-07-30", // R-DURATION (override)
		"posts": []map[string]any{
			{"post_id": w.lathe, "planned_count": 13, "pay_fen": 335999}, // R-QUOTA-POST (override), R-PAY (block)
		},
	})
	p := must(t, w.school.PostJSON("/api/v1/plans", body), 201, "create")
	base := "/api/v1/plans/" + p.ID
	// Requesting co-signature runs the block rules only: R-PAY stops it,
	// the override rules wait for the exemption requests at submission.
	r := w.school.PostJSON(base+"/request-cosign", ``)
	if r.Code != 422 || !strings.Contains(r.Body.String(), `"rule":"R-PAY"`) {
		t.Fatalf("request cosign below Art 18 pay: %d %s", r.Code, r.Body)
	}
	for _, rule := range []string{"R-MAJOR", "R-DURATION", "R-QUOTA-POST"} {
		if strings.Contains(r.Body.String(), rule) {
			t.Errorf("override rule %s must not block the co-sign request: %s", rule, r.Body)
		}
	}
	body["posts"] = []map[string]any{{"post_id": w.lathe, "planned_count": 13, "pay_fen": 336000}}
	must(t, w.school.SendJSON("PUT", base, body), 200, "fix the pay")
	must(t, w.school.PostJSON(base+"/request-cosign", ``), 200, "request cosign")
	must(t, w.ent.PostJSON(base+"/cosign", ``), 200, "cosign")
	r = w.school.PostJSON(base+"/submit", `{}`)
	if r.Code != 422 {
		t.Fatalf("submit: %d %s", r.Code, r.Body)
	}
	for _, rule := range []string{"R-MAJOR", "R-DURATION", "R-QUOTA-POST"} {
		if !strings.Contains(r.Body.String(), `"rule":"`+rule+`"`) {
			t.Errorf("422 lacks %s: %s", rule, r.Body)
		}
	}
	// Exemption requests lift the override rules for their subject, never the block rule.
	latheSubject := "post:" + w.lathe
	requests := func(allowed int) map[string]any {
		return map[string]any{"exemption_requests": []map[string]any{
			{"rule": "R-MAJOR", "subject": latheSubject, "reason": "跨专业认知"}, {"rule": "R-DURATION", "subject": "plan", "reason": "企业生产周期"},
			{"rule": "R-QUOTA-POST", "subject": latheSubject, "allowed_count": allowed, "reason": "订单班"}}}
	}
	r = w.school.PostJSON(base+"/submit", requests(12))
	if r.Code != 422 || strings.Contains(r.Body.String(), "R-MAJOR") || !strings.Contains(r.Body.String(), "R-QUOTA-POST") {
		t.Fatalf("with exemptions only the short quota remains: %d %s", r.Code, r.Body)
	}
	if r := w.school.PostJSON(base+"/submit", map[string]any{"exemption_requests": []map[string]string{{"rule": "R-PAY", "subject": "plan", "reason": "x"}}}); r.Code != 400 {
		t.Fatalf("an exemption for a block rule is bad input: %d", r.Code)
	}
	if r := w.school.PostJSON(base+"/submit", map[string]any{"exemption_requests": []map[string]any{
		{"rule": "R-QUOTA-POST", "subject": latheSubject, "reason": "订单班"}}}); r.Code != 400 || !strings.Contains(r.Body.String(), "allowed_count") {
		t.Fatalf("a quota exemption without its number is bad input: %d %s", r.Code, r.Body)
	}
	if got := must(t, w.school.Get(base), 200, "read"); got.Status != "cosigned" || got.Version != 1 {
		t.Fatalf("refused submissions must leave the plan as it was: %+v", got)
	}

	// The override rules go to the auditor with the school's reasons.
	// 13 interns on a post of 60 staff: an exemption allowing 12 does not cover them.
	if r := w.school.PostJSON(base+"/submit", requests(12)); r.Code != 422 || !strings.Contains(r.Body.String(), "R-QUOTA-POST") {
		t.Fatalf("an exemption for one intern fewer than planned: %d %s", r.Code, r.Body)
	}
	// An exemption for a post outside the plan names nothing it could cover.
	other := requests(13)
	other["exemption_requests"].([]map[string]any)[2]["subject"] = "post:" + w.inspector
	if r := w.school.PostJSON(base+"/submit", other); r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"exemption_requests[2].subject"`) {
		t.Fatalf("an exemption for another post: %d %s", r.Code, r.Body)
	}
	must(t, w.school.PostJSON(base+"/submit", requests(13)), 200, "submit with exemptions")
	var requested struct {
		Exemptions []struct {
			Rule, Subject, Reason, Decision string
			AllowedCount                    *int `json:"allowed_count"`
		} `json:"exemption_requests"`
	}
	w.county.Get(base).JSON(&requested)
	if len(requested.Exemptions) != 3 || requested.Exemptions[0].Reason == "" || requested.Exemptions[0].Decision != "pending" {
		t.Fatalf("the auditor must see the school's exemption requests and reasons: %+v", requested)
	}
	for _, e := range requested.Exemptions {
		if e.Rule == "R-QUOTA-POST" && (e.Subject != latheSubject || e.AllowedCount == nil || *e.AllowedCount != 13) {
			t.Fatalf("the quota exemption is per post with its number: %+v", e)
		}
	}
	grant := func(rules ...string) map[string]any {
		var g []map[string]string
		for _, r := range rules {
			subject := latheSubject
			if r == "R-DURATION" {
				subject = "plan"
			}
			g = append(g, map[string]string{"rule": r, "subject": subject})
		}
		return map[string]any{"exemptions": g}
	}
	if r := w.county.PostJSON(base+"/approve", grant("R-MAJOR", "R-DURATION")); r.Code != 422 || !strings.Contains(r.Body.String(), "R-QUOTA-POST") {
		t.Fatalf("approving without granting every needed exemption: %d %s", r.Code, r.Body)
	}
	if r := w.county.PostJSON(base+"/approve", grant("R-HOURS")); r.Code != 400 {
		t.Fatalf("granting an exemption nobody asked for: %d", r.Code)
	}
	p = must(t, w.county.PostJSON(base+"/approve", grant("R-MAJOR", "R-DURATION", "R-QUOTA-POST")), 200, "approve with exemptions")
	if p.FilingNo == nil {
		t.Fatal("no filing number")
	}
	w.school.Get(base).JSON(&requested)
	for _, e := range requested.Exemptions {
		if e.Decision != "granted" {
			t.Errorf("decision of %s: %s", e.Rule, e.Decision)
		}
	}
}

func TestBadPlanInput(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	foreignPost := func() string {
		var posts struct {
			Items []struct{ ID string } `json:"items"`
		}
		w.app.Login("ent2").Get("/api/v1/enterprises/" + w.app.OrgID("南江县光雾山旅游服务有限公司").String() + "/posts").JSON(&posts)
		return posts.Items[0].ID
	}()
	r := w.school.PostJSON("/api/v1/plans", w.planBody(map[string]any{
		"type": "internship", "title": "", "starts_on": "2027-01-10", "ends_on": "2027-01-09",
		"posts": []map[string]any{
			{"post_id": w.lathe, "planned_count": -1, "pay_fen": -5},
			{"post_id": foreignPost, "planned_count": 1, "pay_fen": 100},
			{"post_id": uuid.NewString(), "planned_count": 1, "pay_fen": 100},
		},
		"special_arrangements": []map[string]string{{"covers": "night", "post_id": w.inspector, "reason": "x"}},
		"instructor_ids":       []string{w.app.UserID("mentor1").String()},
		"mentor_ids":           []string{w.app.UserID("teacher1").String()},
	}))
	if r.Code != 400 {
		t.Fatalf("bad plan: %d %s", r.Code, r.Body)
	}
	for _, field := range []string{"type", "title", "ends_on", "posts[0].planned_count", "posts[0].pay_fen", "posts[1].post_id",
		"posts[2].post_id", "special_arrangements[0].post_id", "instructor_ids[0]", "mentor_ids[0]"} {
		if !strings.Contains(r.Body.String(), `"field":"`+field+`"`) {
			t.Errorf("field %s not named: %s", field, r.Body)
		}
	}
	var n int
	if err := w.app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM plans WHERE school_id = $1`,
		w.app.OrgID("通江县职业高级中学")).Scan(&n); err != nil || n != 0 {
		t.Fatalf("nothing may be written: %d plans", n)
	}
	// A start date in the past is refused at submission.
	p := must(t, w.school.PostJSON("/api/v1/plans", w.planBody(map[string]any{"type": "cognitive", "starts_on": "2026-11-20", "ends_on": "2026-11-30"})), 201, "create")
	base := "/api/v1/plans/" + p.ID
	must(t, w.school.PostJSON(base+"/request-cosign", ``), 200, "request cosign")
	must(t, w.ent.PostJSON(base+"/cosign", ``), 200, "cosign")
	if r := w.school.PostJSON(base+"/submit", `{}`); r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"starts_on"`) {
		t.Fatalf("past start: %d %s", r.Code, r.Body)
	}
	if r := w.app.Login("county2").Get(base); r.Code != 404 {
		t.Fatalf("another county reading: %d", r.Code)
	}
	if r := w.app.Login("ent2").PostJSON(base+"/decline", `{"reason":"x"}`); r.Code != 404 {
		t.Fatalf("a foreign enterprise declining: %d", r.Code)
	}
}

func TestDeclineReturnsThePlan(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	p := must(t, w.school.PostJSON("/api/v1/plans", w.planBody(nil)), 201, "create")
	base := "/api/v1/plans/" + p.ID
	must(t, w.school.PostJSON(base+"/request-cosign", ``), 200, "request cosign")
	if r := w.ent.PostJSON(base+"/decline", `{"reason":""}`); r.Code != 400 {
		t.Fatalf("decline without reason: %d", r.Code)
	}
	p = must(t, w.ent.PostJSON(base+"/decline", `{"reason":"质检岗位人数需调整"}`), 200, "decline")
	if p.Status != "returned" || p.Version != 1 {
		t.Fatalf("declined: %+v", p)
	}
	must(t, w.school.PostJSON(base+"/request-cosign", ``), 200, "request cosign again")
	p = must(t, w.ent.PostJSON(base+"/cosign", ``), 200, "cosign after decline")
	if p.Status != "cosigned" {
		t.Fatalf("a new round of signing starts clean: %+v", p)
	}
}

// TestConcurrentApprovalsAreGapless approves 50 plans of one county at the
// same time: the filing numbers must be exactly 0001…0050.
func TestConcurrentApprovalsAreGapless(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	const n = 50
	ids := make([]string, n)
	for i := range n {
		p := must(t, w.school.PostJSON("/api/v1/plans", w.planBody(map[string]any{"type": "cognitive",
			"title": fmt.Sprintf("认识实习第 %d 批", i+1), "starts_on": "2026-12-21", "ends_on": "2026-12-25"})), 201, "create")
		base := "/api/v1/plans/" + p.ID
		must(t, w.school.PostJSON(base+"/request-cosign", ``), 200, "request cosign")
		must(t, w.ent.PostJSON(base+"/cosign", ``), 200, "cosign")
		must(t, w.school.PostJSON(base+"/submit", `{}`), 200, "submit")
		ids[i] = p.ID
	}
	numbers := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := apitest.New(t, w.app.Handler)
			c.Header = w.county.Header
			req := httptest.NewRequest("POST", "/api/v1/plans/"+ids[i]+"/approve", strings.NewReader(`{"comment":"同意"}`))
			req.Header.Set("Content-Type", "application/json")
			r := c.Do(req)
			var p planResp
			r.JSON(&p)
			if r.Code != 200 || p.FilingNo == nil {
				t.Errorf("approve %d: %d %s", i, r.Code, r.Body)
				return
			}
			numbers[i] = *p.FilingNo
		}()
	}
	wg.Wait()
	sort.Strings(numbers)
	for i, no := range numbers {
		if want := fmt.Sprintf("511921-2026-%04d", i+1); no != want {
			t.Fatalf("filing numbers not gapless and unique: position %d is %q, want %q (all: %v)", i, no, want, numbers)
		}
	}
}

func TestApprovedPlansStartAndComplete(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	p := must(t, w.school.PostJSON("/api/v1/plans", w.planBody(map[string]any{"type": "cognitive",
		"starts_on": "2026-12-21", "ends_on": "2026-12-23"})), 201, "create")
	base := "/api/v1/plans/" + p.ID
	must(t, w.school.PostJSON(base+"/request-cosign", ``), 200, "request cosign")
	must(t, w.ent.PostJSON(base+"/cosign", ``), 200, "cosign")
	must(t, w.school.PostJSON(base+"/submit", `{}`), 200, "submit")
	must(t, w.county.PostJSON(base+"/approve", `{}`), 200, "approve")
	svc := plans.NewService(w.app.DB.Pool, orgs.NewService(w.app.DB.Pool, w.app.Clock), w.app.Clock)
	step := func(days int, wantStarted, wantCompleted int, status string) {
		t.Helper()
		w.app.Clock.Advance(time.Duration(days) * 24 * time.Hour)
		started, completed, err := svc.StartAndComplete(context.Background())
		if err != nil || started != wantStarted || completed != wantCompleted {
			t.Fatalf("after %d days: started %d completed %d (%v)", days, started, completed, err)
		}
		var got string
		if err := w.app.DB.Pool.QueryRow(context.Background(), `SELECT status FROM plans WHERE id = $1`, p.ID).Scan(&got); err != nil || got != status {
			t.Fatalf("status %s, want %s (%v)", got, status, err)
		}
	}
	step(22, 0, 0, "approved")   // 2026-12-20 in Shanghai: the day before the start
	step(1, 1, 0, "in_progress") // start day
	step(2, 0, 0, "in_progress") // the last day still runs
	step(1, 0, 1, "completed")   // the day after the end
	var who []string
	rows, err := w.app.DB.Pool.Query(context.Background(), `SELECT actor_username || ':' || COALESCE(actor_role, '') FROM audit_events
		WHERE subject_id = $1 AND action IN ('plan.start', 'plan.complete') ORDER BY at`, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		who = append(who, s)
	}
	if strings.Join(who, ",") != "system:system,system:system" {
		t.Fatalf("the worker's moves are audited as the system actor: %v", who)
	}
}

// host registers an enterprise (by division or region code), lists it for
// 通江县职业高级中学 and declares one post of 8 hours' work (9 with a break).
func (w *world) host(t *testing.T, name, credit, division, region string) (enterpriseID, postID string) {
	t.Helper()
	body := map[string]any{"name": name, "credit_code": credit, "division_code": division, "region_code": region,
		"address": "境外或省外", "lat": 22.54, "lng": 113.93, "datum": "wgs84", "fence_radius_m": 300, "headcount": 2000}
	r := w.school.PostJSON("/api/v1/enterprises", body)
	if r.Code != 201 {
		t.Fatalf("register %s: %d %s", name, r.Code, r.Body)
	}
	var e struct {
		ID         string  `json:"id"`
		RegionCode *string `json:"region_code"`
	}
	r.JSON(&e)
	if region != "" && (e.RegionCode == nil || *e.RegionCode != region) {
		t.Fatalf("region code not kept: %s", r.Body)
	}
	school := w.app.OrgID("通江县职业高级中学").String()
	if r := w.school.PostJSON("/api/v1/schools/"+school+"/hosts", map[string]string{"enterprise_id": e.ID,
		"assessed_on": "2026-11-02", "report": "实地考察，条件符合", "approved_on": "2026-11-10"}); r.Code != 201 {
		t.Fatalf("host list: %d %s", r.Code, r.Body)
	}
	var post struct{ ID string }
	r = w.school.PostJSON("/api/v1/enterprises/"+e.ID+"/posts", map[string]any{"name": "智能产线操作员", "major_category": "装备制造大类",
		"headcount": 100, "hours_per_day": 8, "hours_per_week": 40, "shift_start": "08:30", "shift_end": "17:30", "break_minutes": 60,
		"labour_grade": 2, "wage_fen": 500000})
	if r.Code != 201 {
		t.Fatalf("post: %d %s", r.Code, r.Body)
	}
	r.JSON(&post)
	return e.ID, post.ID
}

// cosignAsNewAdmin gives a new host an administrator and co-signs with it.
func (w *world) cosignAsNewAdmin(t *testing.T, base, enterpriseID, username string) {
	t.Helper()
	if r := w.app.Login("admin").PostJSON("/api/v1/users", map[string]string{"username": username, "password": "Far-Away-Host-2026",
		"role": "enterprise_admin", "org_id": enterpriseID}); r.Code != 201 {
		t.Fatalf("host admin: %d %s", r.Code, r.Body)
	}
	must(t, w.app.LoginWith(username, "Far-Away-Host-2026").PostJSON(base+"/cosign", ``), 200, "cosign")
}

// TestCrossProvinceConsentAndFiling: a host outside Sichuan (Art 24 ¶2) is
// reviewed by the school's own bureau, which consents (the city may not do
// it for a county school), approves, and records the provincial filing.
func TestCrossProvinceConsentAndFiling(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	eid, pid := w.host(t, "深圳市鹏城智能制造有限公司", "91440300MA5F00001A", "440300", "")
	p := must(t, w.school.PostJSON("/api/v1/plans", w.planBody(map[string]any{"posts": []map[string]any{
		{"post_id": pid, "planned_count": 5, "pay_fen": 420000}}, "mentor_ids": []string{}})), 201, "create")
	if p.ReviewDiv != "511921" {
		t.Fatalf("the school's own bureau reviews a cross-province plan: %s", p.ReviewDiv)
	}
	base := "/api/v1/plans/" + p.ID
	// The bureau does not see a school's unsent draft at all.
	if r := w.county.PostJSON(base+"/cross-province/consent", `{}`); r.Code != 404 {
		t.Fatalf("consent to a draft: %d %s", r.Code, r.Body)
	}
	must(t, w.school.PostJSON(base+"/request-cosign", ``), 200, "request cosign")
	w.cosignAsNewAdmin(t, base, eid, "pengcheng")
	must(t, w.school.PostJSON(base+"/submit", `{}`), 200, "submit")

	if r := w.county.PostJSON(base+"/approve", `{}`); r.Code != 422 || !strings.Contains(r.Body.String(), "R-CROSSPROV") {
		t.Fatalf("approving before the consent: %d %s", r.Code, r.Body)
	}
	city := w.app.Login("city1")
	if r := city.PostJSON(base+"/cross-province/consent", `{"comment":"同意"}`); r.Code != 403 {
		t.Fatalf("the city is not the county school's competent bureau: %d %s", r.Code, r.Body)
	}
	if r := w.county.PostJSON(base+"/cross-province/filing", `{"filed_on":"2026-11-28","reference":"川教备〔2026〕88号"}`); r.Code != 409 {
		t.Fatalf("filing before consent: %d %s", r.Code, r.Body)
	}
	var got struct {
		CrossBorder   string `json:"cross_border"`
		CrossProvince *struct {
			ConsentedAt *string `json:"consented_at"`
			FiledOn     *string `json:"provincial_filed_on"`
			Reference   *string `json:"provincial_filing_ref"`
			Complete    bool    `json:"complete"`
		} `json:"cross_province"`
	}
	r := w.county.PostJSON(base+"/cross-province/consent", `{"comment":"同意赴深圳岗位实习"}`)
	if r.Code != 200 {
		t.Fatalf("consent: %d %s", r.Code, r.Body)
	}
	r.JSON(&got)
	if got.CrossBorder != "province" || got.CrossProvince == nil || got.CrossProvince.ConsentedAt == nil || got.CrossProvince.Complete {
		t.Fatalf("after consent: %s", r.Body)
	}
	if r := w.county.PostJSON(base+"/cross-province/consent", `{}`); r.Code != 409 {
		t.Fatalf("consenting twice: %d", r.Code)
	}
	must(t, w.county.PostJSON(base+"/approve", `{"comment":"同意"}`), 200, "approve")
	// A placement under the plan waits for the provincial filing (Art 24 ¶2).
	tj := w.app.Tongjiang()
	student := tj.Student(t, nil)
	r = w.school.PostJSON("/api/v1/placements", map[string]any{"plan_id": p.ID, "student_id": student, "post_id": pid})
	if r.Code != 201 {
		t.Fatalf("propose: %d %s", r.Code, r.Body)
	}
	var placement struct {
		ID    string `json:"id"`
		Gates []struct {
			Rule   string `json:"rule"`
			Passed bool   `json:"passed"`
		} `json:"gates"`
	}
	r.JSON(&placement)
	gate := func() bool {
		t.Helper()
		w.school.Get("/api/v1/placements/" + placement.ID).JSON(&placement)
		for _, g := range placement.Gates {
			if g.Rule == "R-CROSSPROV" {
				return g.Passed
			}
		}
		t.Fatalf("no R-CROSSPROV gate: %+v", placement.Gates)
		return false
	}
	if gate() {
		t.Fatal("a placement may not activate before the provincial filing is on record")
	}
	if r := w.county.PostJSON(base+"/cross-province/filing", `{"filed_on":"2026-13-01","reference":""}`); r.Code != 400 ||
		!strings.Contains(r.Body.String(), `"field":"filed_on"`) || !strings.Contains(r.Body.String(), `"field":"reference"`) {
		t.Fatalf("bad filing: %d %s", r.Code, r.Body)
	}
	if r := city.PostJSON(base+"/cross-province/filing", `{"filed_on":"2026-11-28","reference":"x"}`); r.Code != 403 {
		t.Fatalf("the city recording the filing: %d", r.Code)
	}
	r = w.county.PostJSON(base+"/cross-province/filing", `{"filed_on":"2026-11-28","reference":"川教备〔2026〕88号"}`)
	if r.Code != 200 {
		t.Fatalf("filing: %d %s", r.Code, r.Body)
	}
	r.JSON(&got)
	if !got.CrossProvince.Complete || *got.CrossProvince.FiledOn != "2026-11-28" || *got.CrossProvince.Reference != "川教备〔2026〕88号" {
		t.Fatalf("after filing: %s", r.Body)
	}
	if !gate() {
		t.Fatal("after the provincial filing the cross-province gate passes")
	}
	var events int
	if err := w.app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_events WHERE subject_id = $1
		AND action IN ('plan.crossprov_consent', 'plan.provincial_filing') AND actor_username = 'county1'`, p.ID).Scan(&events); err != nil || events != 2 {
		t.Fatalf("consent and filing must be audited: %d %v", events, err)
	}
	svc := plans.NewService(w.app.DB.Pool, orgs.NewService(w.app.DB.Pool, w.app.Clock), w.app.Clock)
	plan, err := svc.ByID(context.Background(), nil, uuid.MustParse(p.ID))
	if err != nil || !plan.CrossBorderFacts().Record.Complete() {
		t.Fatalf("placements read the record from the plan: %+v %v", plan.CrossBorderFacts(), err)
	}
}

// TestQuotaExemptionAtConfirm: an Art 11 exemption granted for one post
// with a number lets the host confirm that many interns there, not one more.
func TestQuotaExemptionAtConfirm(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	host := w.app.OrgID("巴中经开区精工机械有限公司").String()
	r := w.ent.PostJSON("/api/v1/enterprises/"+host+"/posts", map[string]any{"name": "小批量装配工", "major_category": "装备制造大类",
		"headcount": 5, "hours_per_day": 8, "hours_per_week": 40, "shift_start": "08:30", "shift_end": "17:30", "break_minutes": 60,
		"labour_grade": 1, "wage_fen": 400000})
	var post struct{ ID string }
	if r.Code != 201 {
		t.Fatalf("post: %d %s", r.Code, r.Body)
	}
	r.JSON(&post)
	p := must(t, w.school.PostJSON("/api/v1/plans", w.planBody(map[string]any{"posts": []map[string]any{
		{"post_id": post.ID, "planned_count": 2, "pay_fen": 320000}}})), 201, "create")
	base := "/api/v1/plans/" + p.ID
	must(t, w.school.PostJSON(base+"/request-cosign", ``), 200, "request cosign")
	must(t, w.ent.PostJSON(base+"/cosign", ``), 200, "cosign")
	subject := "post:" + post.ID
	must(t, w.school.PostJSON(base+"/submit", map[string]any{"exemption_requests": []map[string]any{
		{"rule": "R-QUOTA-POST", "subject": subject, "allowed_count": 2, "reason": "小批量订单，企业师傅一对一带教"}}}), 200, "submit")
	must(t, w.county.PostJSON(base+"/approve", map[string]any{"exemptions": []map[string]string{{"rule": "R-QUOTA-POST", "subject": subject}}}),
		200, "approve")
	tj := w.app.Tongjiang()
	var ids []string
	for range 3 {
		var pl struct{ ID string }
		r := w.school.PostJSON("/api/v1/placements", map[string]any{"plan_id": p.ID, "student_id": tj.Student(t, nil), "post_id": post.ID})
		if r.Code != 201 {
			t.Fatalf("propose: %d %s", r.Code, r.Body)
		}
		r.JSON(&pl)
		ids = append(ids, pl.ID)
	}
	for i, id := range ids {
		r := w.ent.PostJSON("/api/v1/placements/"+id+"/confirm", ``)
		switch {
		case i < 2 && r.Code != 200:
			t.Fatalf("intern %d within the exemption: %d %s", i+1, r.Code, r.Body)
		case i == 2 && (r.Code != 422 || !strings.Contains(r.Body.String(), "R-QUOTA-POST")):
			t.Fatalf("one intern over the exempted number: %d %s", r.Code, r.Body)
		}
	}
}

// TestAbroadNeedsAnOnSiteInstructor: a host in Hong Kong (Art 25) is
// registered by region code; without an instructor on site for the whole
// period the plan is refused, with one it goes on to the consent steps.
func TestAbroadNeedsAnOnSiteInstructor(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	if r := w.school.PostJSON("/api/v1/enterprises", map[string]any{"name": "两码并填", "credit_code": "91440300MA5F00002Y",
		"division_code": "440300", "region_code": "HK", "address": "x", "lat": 22.3, "lng": 114.1, "datum": "wgs84",
		"fence_radius_m": 300, "headcount": 10}); r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"region_code"`) {
		t.Fatalf("division and region together: %d %s", r.Code, r.Body)
	}
	eid, pid := w.host(t, "香港维港物流有限公司", "91810000MA5F0000K1", "", "HK")
	teacher := w.app.UserID("teacher1").String()
	p := must(t, w.school.PostJSON("/api/v1/plans", w.planBody(map[string]any{"posts": []map[string]any{
		{"post_id": pid, "planned_count": 5, "pay_fen": 420000}}, "mentor_ids": []string{}})), 201, "create")
	base := "/api/v1/plans/" + p.ID
	// R-ABROAD blocks: the host is not even asked to co-sign.
	if r := w.school.PostJSON(base+"/request-cosign", ``); r.Code != 422 || !strings.Contains(r.Body.String(), "R-ABROAD") {
		t.Fatalf("abroad without an on-site instructor: %d %s", r.Code, r.Body)
	}
	must(t, w.school.PostJSON(base+"/withdraw", ``), 200, "withdraw")
	if r := w.school.PostJSON("/api/v1/plans", w.planBody(map[string]any{"on_site_instructor_ids": []string{w.app.UserID("mentor1").String()}})); r.Code != 400 ||
		!strings.Contains(r.Body.String(), `"field":"on_site_instructor_ids[0]"`) {
		t.Fatalf("an on-site instructor who is not the plan's instructor: %d %s", r.Code, r.Body)
	}
	p = must(t, w.school.PostJSON("/api/v1/plans", w.planBody(map[string]any{"posts": []map[string]any{
		{"post_id": pid, "planned_count": 5, "pay_fen": 420000}}, "mentor_ids": []string{}, "on_site_instructor_ids": []string{teacher}})), 201, "create")
	base = "/api/v1/plans/" + p.ID
	must(t, w.school.PostJSON(base+"/request-cosign", ``), 200, "request cosign")
	w.cosignAsNewAdmin(t, base, eid, "weigang")
	must(t, w.school.PostJSON(base+"/submit", `{}`), 200, "submit with an on-site instructor")
	r := w.county.PostJSON(base+"/cross-province/consent", `{"comment":"同意赴港实习"}`)
	if r.Code != 200 || !strings.Contains(r.Body.String(), `"cross_border":"abroad"`) || !strings.Contains(r.Body.String(), `"on_site":true`) {
		t.Fatalf("consent abroad: %d %s", r.Code, r.Body)
	}
}

// TestPlanLimits: a plan lasts at most 3 years; counts and money are capped;
// each bad field is named, never a 500.
func TestPlanLimits(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	r := w.school.PostJSON("/api/v1/plans", w.planBody(map[string]any{"type": "cognitive", "starts_on": "2026-12-21", "ends_on": "2029-12-21",
		"posts": []map[string]any{{"post_id": w.lathe, "planned_count": 100001, "pay_fen": 100000001}}}))
	if r.Code != 400 {
		t.Fatalf("over every limit: %d %s", r.Code, r.Body)
	}
	for _, f := range []string{"ends_on", "posts[0].planned_count", "posts[0].pay_fen"} {
		if !strings.Contains(r.Body.String(), `"field":"`+f+`"`) {
			t.Errorf("%s not named: %s", f, r.Body)
		}
	}
	must(t, w.school.PostJSON("/api/v1/plans", w.planBody(map[string]any{"type": "cognitive", "starts_on": "2026-12-21", "ends_on": "2029-12-20",
		"posts": []map[string]any{{"post_id": w.lathe, "planned_count": 100000, "pay_fen": 100000000}}})), 201, "exactly at every limit")
}

// TestEmptyPlanTextCannotBeSubmitted: content, safety measures, emergency
// plan and insurance arrangement are required for filing (Art 8, 13).
func TestEmptyPlanTextCannotBeSubmitted(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	p := must(t, w.school.PostJSON("/api/v1/plans", w.planBody(map[string]any{"type": "cognitive", "content": " ", "safety_measures": "",
		"emergency_plan": "", "insurance_arrangement": "\n"})), 201, "a draft may be incomplete")
	base := "/api/v1/plans/" + p.ID
	// Not even the enterprise is asked to sign a plan without them.
	r := w.school.PostJSON(base+"/request-cosign", ``)
	if r.Code != 422 {
		t.Fatalf("empty plan text: %d %s", r.Code, r.Body)
	}
	for _, label := range []string{"实习内容", "安全保障措施", "应急预案", "保险安排"} {
		if !strings.Contains(r.Body.String(), `"rule":"`+plans.RuleText+`"`) || !strings.Contains(r.Body.String(), "未填写"+label) {
			t.Errorf("%s not named: %s", label, r.Body)
		}
	}
	if got := must(t, w.school.Get(base), 200, "read"); got.Status != "draft" {
		t.Fatalf("nothing may change: %+v", got)
	}
}

// TestRoleChecksInTheService: the service refuses, whatever route calls it,
// a plan drafted or edited by anyone but the owning school's administrator,
// and a host-list edit by anyone but that administrator.
func TestRoleChecksInTheService(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	orgsSvc := orgs.NewService(w.app.DB.Pool, w.app.Clock)
	svc := plans.NewService(w.app.DB.Pool, orgsSvc, w.app.Clock)
	actor := func(username string) auth.Actor {
		c, err := orgsSvc.CredentialsByUsername(ctx, username)
		if err != nil {
			t.Fatal(err)
		}
		return c.Actor
	}
	planned, pay := 1, int64(340000)
	in := plans.Input{Fields: plans.Fields{Type: "cognitive", Title: "角色检查", Major: "数控技术", MajorCategory: "装备制造大类",
		Cohort: "2024级", StartsOn: "2026-12-21", EndsOn: "2026-12-23"},
		Posts:       []plans.PostLine{{PostID: uuid.MustParse(w.lathe), PlannedCount: &planned, PayFen: &pay}},
		Instructors: []uuid.UUID{w.app.UserID("teacher1")}}
	for _, u := range []string{"teacher1", "student1", "ent1", "county1"} {
		if _, err := svc.Create(ctx, actor(u), in); apperr.KindOf(err) != apperr.KindForbidden {
			t.Errorf("%s drafting a plan: %v", u, err)
		}
	}
	p, err := svc.Create(ctx, actor("school1"), in)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"teacher1", "school2"} {
		if _, err := svc.Update(ctx, actor(u), p.ID, in); err == nil {
			t.Errorf("%s editing the plan of 通江", u)
		}
	}
	if _, err := svc.Update(ctx, actor("teacher1"), p.ID, in); apperr.KindOf(err) != apperr.KindForbidden {
		t.Errorf("a teacher of the school editing: %v", err)
	}
	teacher := actor("teacher1")
	school := w.app.OrgID("通江县职业高级中学")
	if _, err := orgsSvc.AddHost(ctx, &teacher, school, orgs.NewHost{EnterpriseID: w.app.OrgID("南江县光雾山旅游服务有限公司"),
		AssessedOn: "2026-11-01", Report: "考察", ApprovedOn: "2026-11-02"}); apperr.KindOf(err) != apperr.KindForbidden {
		t.Errorf("a teacher editing the host list: %v", err)
	}
}
