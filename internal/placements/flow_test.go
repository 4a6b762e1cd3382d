package placements_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"huhang/internal/platform/apitest"
	"huhang/internal/seed"
	"huhang/internal/testapp"
)

type placementResp struct {
	ID              string  `json:"id"`
	Status          string  `json:"status"`
	Blocking        int     `json:"blocking"`
	StartsOn        string  `json:"starts_on"`
	EndsOn          string  `json:"ends_on"`
	TransferredFrom *string `json:"transferred_from"`
	TransferredTo   *string `json:"transferred_to"`
	Gates           []struct {
		Rule   string `json:"rule"`
		Passed bool   `json:"passed"`
	} `json:"gates"`
}

func expect(t *testing.T, r *apitest.Response, code int, what string) placementResp {
	t.Helper()
	if r.Code != code {
		t.Fatalf("%s: got %d, want %d: %s", what, r.Code, code, r.Body)
	}
	var p placementResp
	if code < 300 {
		r.JSON(&p)
	}
	return p
}

func failedGates(p placementResp) string {
	var out []string
	for _, g := range p.Gates {
		if !g.Passed {
			out = append(out, g.Rule)
		}
	}
	return strings.Join(out, ",")
}

var scanPDF = []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// upload stores a scan as the client and returns its file id.
func upload(t *testing.T, c *apitest.Client) string {
	t.Helper()
	r := c.Upload("/api/v1/files", "file", "扫描件.pdf", scanPDF)
	if r.Code != 201 {
		t.Fatalf("upload: %d %s", r.Code, r.Body)
	}
	var f struct{ ID string }
	r.JSON(&f)
	return f.ID
}

func violations(t *testing.T, r *apitest.Response) []string {
	t.Helper()
	var body struct {
		Error struct {
			Details []struct {
				Rule string `json:"rule"`
			} `json:"details"`
		} `json:"error"`
	}
	r.JSON(&body)
	var out []string
	for _, d := range body.Error.Details {
		out = append(out, d.Rule)
	}
	return out
}

func TestLifecycleFromProposalToActive(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	plan := tj.FiledPlan(t, "post", "")
	student := tj.Student(t, nil)

	p := expect(t, tj.School.PostJSON("/api/v1/placements", map[string]any{"plan_id": plan, "student_id": student, "post_id": tj.Posts[0]}),
		201, "propose")
	if p.Status != "proposed" || p.StartsOn != app.Today().String() {
		t.Fatalf("proposal: %+v", p)
	}
	base := "/api/v1/placements/" + p.ID
	expect(t, tj.School.PostJSON(base+"/activate", nil), 409, "activate before the enterprise confirms")
	p = expect(t, tj.Ent.PostJSON(base+"/confirm", nil), 200, "confirm")
	if p.Status != "confirmed" || p.Blocking != 5 {
		t.Fatalf("confirmed placement must show five missing gates: %+v", p)
	}
	// Nothing becomes active straight from confirmed (domain.md §5.2): the
	// checklist names every unmet gate and activation waits for ready.
	if r := tj.School.PostJSON(base+"/activate", nil); r.Code != 409 || r.ErrorCode() != "INVALID_TRANSITION" {
		t.Fatalf("activation from confirmed: %d %s", r.Code, r.Body)
	}
	if got := failedGates(p); got != "R-AGREEMENT,R-CONSENT,R-INSURANCE,R-TRAINING,R-MENTORS" {
		t.Fatalf("the checklist must list every unmet gate: %s", got)
	}
	expect(t, tj.School.PostJSON(base+"/terminate", map[string]any{"reason": "x"}), 409, "terminate before the start")
	expect(t, tj.School.SendJSON("PUT", base+"/documents/agreement",
		map[string]any{"signed_on": app.Today().String(), "signers": []string{"school", "enterprise", "student"}}), 200, "agreement")
	var st struct {
		Name string `json:"name"`
	}
	tj.School.Get("/api/v1/students/" + student).JSON(&st)
	expect(t, tj.School.SendJSON("PUT", base+"/documents/consent",
		map[string]any{"student_name": st.Name, "guardian_name": "家长", "signed_on": app.Today().String(), "file_id": upload(t, tj.School)}),
		200, "consent")
	expect(t, tj.School.SendJSON("PUT", base+"/documents/training", map[string]any{"trained_on": app.Today().String(), "passed": true}), 200, "training")
	r := tj.Ent.SendJSON("PUT", base+"/documents/insurance", map[string]any{"insurer": "人保", "policy_no": "P1",
		"covers_from": p.StartsOn, "covers_to": app.Today().AddDays(10).String(), "payer": "enterprise"})
	p = expect(t, r, 200, "insurance by the enterprise")
	if p.Status != "confirmed" {
		t.Fatalf("short insurance must keep the placement confirmed: %+v", p)
	}
	expect(t, tj.Ent.SendJSON("PUT", base+"/documents/consent", map[string]any{"student_name": "x", "guardian_name": "y",
		"signed_on": app.Today().String()}), 403, "an enterprise may record only insurance")
	expect(t, tj.Ent.SendJSON("PUT", base+"/documents/insurance", map[string]any{"insurer": "人保", "policy_no": "P1",
		"covers_from": p.StartsOn, "covers_to": p.EndsOn, "payer": "enterprise"}), 200, "insurance")
	expect(t, tj.Ent.SendJSON("PUT", base+"/mentors", map[string]any{"instructor_id": tj.Teacher}), 403, "the enterprise may not pick the instructor")
	p = expect(t, tj.School.SendJSON("PUT", base+"/mentors", map[string]any{"instructor_id": tj.Teacher, "mentor_id": tj.Mentor}), 200, "mentors")
	if p.Status != "ready" || p.Blocking != 0 {
		t.Fatalf("with every gate met the placement is ready: %+v", p)
	}
	p = expect(t, tj.School.PostJSON(base+"/activate", nil), 200, "activate")
	if p.Status != "active" {
		t.Fatalf("activate: %+v", p)
	}

	// A second post placement of the same student cannot become active.
	other := tj.FiledPlan(t, "post", "")
	second := tj.Placement(t, other, student, tj.Posts[1], "ready")
	expect(t, tj.School.PostJSON("/api/v1/placements/"+second+"/activate", nil), 409, "second active post placement")
	var n int
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_events WHERE subject_id = $1`, p.ID).Scan(&n); err != nil || n < 9 {
		t.Fatalf("every change must be audited: %d events (%v)", n, err)
	}
}

func TestProposalGates(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	plan := tj.FiledPlan(t, "post", "")
	today := app.Today()
	young := tj.Student(t, map[string]any{"id_number": seed.IDNumber("511921", today.AddDays(-15*365), 222, true),
		"enrolled_on": fmt.Sprintf("%d-09-01", today.Year)})
	r := tj.School.PostJSON("/api/v1/placements", map[string]any{"plan_id": plan, "student_id": young, "post_id": tj.Posts[0]})
	if got := strings.Join(violations(t, r), ","); r.Code != 422 || got != "R-AGE16,R-FIRSTYEAR" {
		t.Fatalf("a 15-year-old first-year student: %d %s", r.Code, got)
	}
	nj := app.Nanjiang()
	foreign := nj.Student(t, nil)
	r = tj.School.PostJSON("/api/v1/placements", map[string]any{"plan_id": plan, "student_id": foreign, "post_id": nj.Posts[0]})
	if r.Code != 400 || !strings.Contains(r.Body.String(), "student_id") || !strings.Contains(r.Body.String(), "post_id") {
		t.Fatalf("another school's student and a post outside the plan: %d %s", r.Code, r.Body)
	}
	draft := tj.School.PostJSON("/api/v1/plans", map[string]any{"type": "post", "title": "草稿", "major": "m", "major_category": tj.Category,
		"cohort": "2024级", "starts_on": today.AddDays(30).String(), "ends_on": today.AddDays(60).String(),
		"posts": []map[string]any{{"post_id": tj.Posts[0], "planned_count": 1, "pay_fen": 400000}}})
	var d struct{ ID string }
	draft.JSON(&d)
	ok := tj.Student(t, nil)
	if r := tj.School.PostJSON("/api/v1/placements", map[string]any{"plan_id": d.ID, "student_id": ok, "post_id": tj.Posts[0]}); r.Code != 409 {
		t.Fatalf("a draft plan takes no placements: %d %s", r.Code, r.Body)
	}
	expect(t, tj.School.PostJSON("/api/v1/placements", map[string]any{"plan_id": plan, "student_id": ok, "post_id": tj.Posts[0]}), 201, "first")
	expect(t, tj.School.PostJSON("/api/v1/placements", map[string]any{"plan_id": plan, "student_id": ok, "post_id": tj.Posts[1]}), 409, "twice in one plan")
}

func TestTransferKeepsBothPlacements(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	plan := tj.FiledPlan(t, "post", "")
	id := tj.Placement(t, plan, tj.Student(t, nil), tj.Posts[0], "active")
	expect(t, tj.School.PostJSON("/api/v1/placements/"+id+"/transfer", map[string]any{"post_id": tj.Posts[0], "reason": "换岗"}), 400, "same post")
	next := expect(t, tj.School.PostJSON("/api/v1/placements/"+id+"/transfer", map[string]any{"post_id": tj.Posts[1], "reason": "换岗"}), 201, "transfer")
	old := expect(t, tj.School.Get("/api/v1/placements/"+id), 200, "old")
	if next.Status != "proposed" || next.TransferredFrom == nil || *next.TransferredFrom != id || old.Status != "transferred" ||
		old.TransferredTo == nil || *old.TransferredTo != next.ID {
		t.Fatalf("transfer: old %+v new %+v", old, next)
	}
}

func TestPayRecordsAndFees(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	plan := tj.FiledPlan(t, "post", "")
	id := tj.Placement(t, plan, tj.Student(t, nil), tj.Posts[0], "active")
	base := "/api/v1/placements/" + id
	month := app.Today().String()[:7]
	pay := func(amount int64, method string) *apitest.Response {
		return tj.Ent.PostJSON(base+"/pay-records", map[string]any{"month": month, "amount_fen": amount, "paid_on": app.Today().String(), "method": method})
	}
	// 数控车床操作员 earns 4200 元: 80 % is 3360 元.
	var rec struct {
		Compliant   bool  `json:"compliant"`
		RequiredFen int64 `json:"required_fen"`
		Violation   *struct {
			Rule string `json:"rule"`
		} `json:"violation"`
	}
	r := pay(335999, "bank_transfer")
	if r.Code != 201 {
		t.Fatalf("pay: %d %s", r.Code, r.Body)
	}
	r.JSON(&rec)
	if rec.Compliant || rec.RequiredFen != 336000 || rec.Violation == nil || rec.Violation.Rule != "R-PAY" {
		t.Fatalf("one fen under 80%% is recorded as a violation: %+v", rec)
	}
	if r := pay(336000, "bank_transfer"); r.Code != 409 {
		t.Fatalf("a month is recorded once: %d", r.Code)
	}
	if r := tj.Ent.PostJSON(base+"/pay-records", map[string]any{"month": "2026-13", "amount_fen": -1, "paid_on": "x", "method": "coupon"}); r.Code != 400 ||
		strings.Count(r.Body.String(), `"field"`) != 4 {
		t.Fatalf("every bad pay field is named: %d %s", r.Code, r.Body)
	}

	// An open fee report blocks activation until it is resolved.
	other := tj.Placement(t, tj.FiledPlan(t, "post", ""), tj.Student(t, nil), tj.Posts[0], "ready")
	var fee struct{ ID string }
	r = tj.School.PostJSON("/api/v1/placements/"+other+"/fee-reports", map[string]any{"kind": "withheld_id", "description": "企业扣押学生身份证"})
	if r.Code != 201 {
		t.Fatalf("fee report: %d %s", r.Code, r.Body)
	}
	r.JSON(&fee)
	p := expect(t, tj.School.Get("/api/v1/placements/"+other), 200, "after the report")
	if p.Status != "confirmed" {
		t.Fatalf("a withheld ID takes the placement out of ready: %+v", p)
	}
	if r := tj.School.PostJSON("/api/v1/placements/"+other+"/activate", nil); r.Code != 409 || failedGates(p) != "R-FEES" {
		t.Fatalf("activation must wait, the checklist naming R-FEES: %d %s", r.Code, failedGates(p))
	}
	expect(t, tj.County.PostJSON("/api/v1/placements/"+other+"/fee-reports/"+fee.ID+"/resolve", map[string]any{"resolution": "已归还身份证"}), 200, "resolve")
	expect(t, tj.County.PostJSON("/api/v1/placements/"+other+"/fee-reports/"+fee.ID+"/resolve", map[string]any{"resolution": "again"}), 409, "resolve twice")
	expect(t, tj.School.PostJSON("/api/v1/placements/"+other+"/activate", nil), 200, "activate after resolution")
}

func TestConcurrentActivationsLeaveOneActive(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	student := tj.Student(t, nil)
	var ids []string
	for range 4 {
		ids = append(ids, tj.Placement(t, tj.FiledPlan(t, "post", ""), student, tj.Posts[0], "ready"))
	}
	codes := make([]int, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() { codes[i] = app.Login("school1").PostJSON("/api/v1/placements/"+id+"/activate", nil).Code })
	}
	wg.Wait()
	okCount := 0
	for _, c := range codes {
		switch c {
		case 200:
			okCount++
		case 409:
		default:
			t.Fatalf("unexpected answer %d (%v)", c, codes)
		}
	}
	var active int
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM placements WHERE student_id = $1 AND status = 'active'`, student).Scan(&active); err != nil {
		t.Fatal(err)
	}
	if okCount != 1 || active != 1 {
		t.Fatalf("exactly one activation may win: %v, %d active", codes, active)
	}
	// The database refuses a second active post placement even past the service.
	_, err := app.DB.Pool.Exec(context.Background(), `UPDATE placements SET status = 'active' WHERE student_id = $1 AND status = 'ready'`, student)
	if err == nil || !strings.Contains(err.Error(), "placements_one_active_post_idx") {
		t.Fatalf("the unique index must refuse a second active placement: %v", err)
	}
}
