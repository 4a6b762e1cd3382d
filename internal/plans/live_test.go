package plans_test

import (
	"context"
	"strings"
	"testing"
)

type checkResp struct {
	Results []struct {
		Rule    string `json:"rule"`
		Effect  string `json:"effect"`
		Passed  bool   `json:"passed"`
		Subject string `json:"subject"`
		Message string `json:"message"`
	} `json:"results"`
}

func (w *world) rowCounts(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"plans", "plan_posts", "plan_staff", "plan_versions", "plan_cosigns", "audit_events"} {
		var n int
		if err := w.app.DB.Pool.QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

// TestCheckUnsavedPlan: the plan form checks as the school types, on the
// body it would create, and nothing is written, not even an audit row.
// R-PAY is checked on both sides of Art 18's 80 %: the lathe's wage is
// 4200.00 yuan, so 3360.00 passes and 3359.99 fails.
func TestCheckUnsavedPlan(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	before := w.rowCounts(t)
	payResult := func(fen int) (passed bool, found bool) {
		t.Helper()
		r := w.school.PostJSON("/api/v1/plans/check", w.planBody(map[string]any{"posts": []map[string]any{
			{"post_id": w.lathe, "planned_count": 6, "pay_fen": fen}}}))
		if r.Code != 200 {
			t.Fatalf("check: %d %s", r.Code, r.Body)
		}
		var c checkResp
		r.JSON(&c)
		for _, res := range c.Results {
			if res.Rule == "R-PAY" && res.Subject == "post:"+w.lathe {
				return res.Passed, true
			}
		}
		return false, false
	}
	if passed, found := payResult(335999); !found || passed {
		t.Fatalf("3359.99 yuan must fail R-PAY: found %v passed %v", found, passed)
	}
	if passed, found := payResult(336000); !found || !passed {
		t.Fatalf("3360.00 yuan must pass R-PAY: found %v passed %v", found, passed)
	}
	// Bad input is named, as for create.
	r := w.school.PostJSON("/api/v1/plans/check", w.planBody(map[string]any{"major_category": "装备制造", "title": ""}))
	if r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"major_category"`) || !strings.Contains(r.Body.String(), `"field":"title"`) {
		t.Fatalf("bad body: %d %s", r.Code, r.Body)
	}
	if after := w.rowCounts(t); len(after) != len(before) || func() bool {
		for k, v := range before {
			if after[k] != v {
				return true
			}
		}
		return false
	}() {
		t.Fatalf("a check wrote rows: before %v after %v", before, after)
	}
	if r := w.ent.PostJSON("/api/v1/plans/check", w.planBody(nil)); r.Code != 403 {
		t.Fatalf("an enterprise checking a school's draft: %d", r.Code)
	}
}

// TestRequestCosignRefusesAnIllegalPlan: pay below Art 18 and empty safety
// sections stop the request with every rule named and leave the draft as it
// was; a legal plan goes to its host.
func TestRequestCosignRefusesAnIllegalPlan(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	p := must(t, w.school.PostJSON("/api/v1/plans", w.planBody(map[string]any{"safety_measures": "", "emergency_plan": " ",
		"posts": []map[string]any{{"post_id": w.lathe, "planned_count": 6, "pay_fen": 335999}}})), 201, "create")
	base := "/api/v1/plans/" + p.ID
	before := w.rowCounts(t)
	r := w.school.PostJSON(base+"/request-cosign", ``)
	if r.Code != 422 {
		t.Fatalf("illegal plan: %d %s", r.Code, r.Body)
	}
	var refusal struct {
		Error struct {
			Code    string `json:"code"`
			Details []struct{ Rule, Article, Message, Subject string }
		} `json:"error"`
	}
	r.JSON(&refusal)
	got := map[string]int{}
	for _, d := range refusal.Error.Details {
		got[d.Rule]++
	}
	if refusal.Error.Code != "RULE_VIOLATION" || got["R-PAY"] != 1 || got["R-PLAN-TEXT"] != 2 || len(refusal.Error.Details) != 3 {
		t.Fatalf("every violation, and only those: %+v", refusal.Error)
	}
	if !strings.Contains(r.Body.String(), "未填写安全保障措施") || !strings.Contains(r.Body.String(), "未填写应急预案") {
		t.Fatalf("the missing sections must be named: %s", r.Body)
	}
	if after := w.rowCounts(t); after["audit_events"] != before["audit_events"] || after["plan_cosigns"] != before["plan_cosigns"] {
		t.Fatalf("a refused request wrote: %v → %v", before, after)
	}
	if got := must(t, w.school.Get(base), 200, "read"); got.Status != "draft" {
		t.Fatalf("the refused plan stays a draft: %+v", got)
	}
	must(t, w.school.SendJSON("PUT", base, w.planBody(nil)), 200, "fix")
	if got := must(t, w.school.PostJSON(base+"/request-cosign", ``), 200, "legal plan"); got.Status != "awaiting_cosign" {
		t.Fatalf("legal plan: %+v", got)
	}
}

// TestBureauSeesPlansFromFirstSubmission: a county auditor never sees a
// school's unsent draft, in any state before the first submission, and
// sees the plan for good once it was submitted.
func TestBureauSeesPlansFromFirstSubmission(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	listed := func(id string) bool {
		var list struct {
			Items []struct{ ID string } `json:"items"`
		}
		w.county.Get("/api/v1/plans?limit=200").JSON(&list)
		for _, p := range list.Items {
			if p.ID == id {
				return true
			}
		}
		return false
	}
	hiddenFromBureau := func(id, state string) {
		t.Helper()
		if r := w.county.Get("/api/v1/plans/" + id); r.Code != 404 {
			t.Fatalf("%s plan read by the county: %d", state, r.Code)
		}
		if listed(id) {
			t.Fatalf("%s plan listed for the county", state)
		}
	}
	p := must(t, w.school.PostJSON("/api/v1/plans", w.planBody(nil)), 201, "create")
	base := "/api/v1/plans/" + p.ID
	hiddenFromBureau(p.ID, "draft")
	must(t, w.school.PostJSON(base+"/request-cosign", ``), 200, "request cosign")
	hiddenFromBureau(p.ID, "awaiting_cosign")
	must(t, w.ent.PostJSON(base+"/cosign", ``), 200, "cosign")
	hiddenFromBureau(p.ID, "cosigned")
	// The school and the host still see it.
	must(t, w.ent.Get(base), 200, "host reads")

	withdrawn := must(t, w.school.PostJSON("/api/v1/plans", w.planBody(nil)), 201, "create")
	must(t, w.school.PostJSON("/api/v1/plans/"+withdrawn.ID+"/withdraw", ``), 200, "withdraw before submission")
	hiddenFromBureau(withdrawn.ID, "withdrawn before submission")

	must(t, w.school.PostJSON(base+"/submit", `{}`), 200, "submit")
	if r := w.county.Get(base); r.Code != 200 || !listed(p.ID) {
		t.Fatalf("a submitted plan must be the bureau's to see: %d listed %v", r.Code, listed(p.ID))
	}
	must(t, w.county.PostJSON(base+"/return", `{"reasons":[{"field":"title","message":"请修改"}]}`), 200, "return")
	must(t, w.school.PostJSON(base+"/withdraw", ``), 200, "withdraw after submission")
	if r := w.county.Get(base); r.Code != 200 || !listed(p.ID) {
		t.Fatalf("once submitted, the plan stays visible to the bureau: %d", r.Code)
	}
}

// TestMajorCategoriesAndSuggestions: the 19 categories are the only values
// a plan accepts; the school's forms are offered what it already used.
func TestMajorCategoriesAndSuggestions(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	var cats struct{ Items []string }
	w.ent.Get("/api/v1/major-categories").JSON(&cats)
	if len(cats.Items) != 19 || cats.Items[0] != "农林牧渔大类" {
		t.Fatalf("categories: %v", cats.Items)
	}
	for _, bad := range []string{"装备制造", "装备制造类", "Equipment"} {
		r := w.school.PostJSON("/api/v1/plans", w.planBody(map[string]any{"major_category": bad}))
		if r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"major_category"`) {
			t.Fatalf("%q accepted: %d %s", bad, r.Code, r.Body)
		}
	}
	must(t, w.school.PostJSON("/api/v1/plans", w.planBody(map[string]any{"major": "机电技术应用", "cohort": "2023级"})), 201, "older")
	must(t, w.school.PostJSON("/api/v1/plans", w.planBody(map[string]any{"major": "数控技术", "cohort": "2025级"})), 201, "newer")
	var s struct{ Majors, Cohorts []string }
	w.school.Get("/api/v1/plans/suggestions").JSON(&s)
	if len(s.Majors) < 2 || s.Majors[0] != "数控技术" || len(s.Cohorts) < 2 || s.Cohorts[0] != "2025级" {
		t.Fatalf("most recent first: %+v", s)
	}
	seen := map[string]bool{}
	for _, m := range append(append([]string{}, s.Majors...), s.Cohorts...) {
		if seen[m] {
			t.Fatalf("duplicate suggestion %q: %+v", m, s)
		}
		seen[m] = true
	}
	if !seen["机电技术应用"] || !seen["2023级"] {
		t.Fatalf("older values missing: %+v", s)
	}
}
