package placements_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/orgs"
	"huhang/internal/placements"
	"huhang/internal/platform/apperr"
	"huhang/internal/seed"
	"huhang/internal/students"
	"huhang/internal/testapp"
)

func service(t *testing.T, app *testapp.App) *placements.Service {
	t.Helper()
	return app.Services.Placements
}

func actorOf(t *testing.T, app *testapp.App, username string) auth.Actor {
	t.Helper()
	c, err := orgs.NewService(app.DB.Pool, app.Clock).CredentialsByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return c.Actor
}

func exec(t *testing.T, app *testapp.App, sql string, args ...any) {
	t.Helper()
	if _, err := app.DB.Pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatal(err)
	}
}

// 周岁 count from the day after the birthday: a student whose 16th birthday
// is the start day is refused, the day after passes.
func TestAge16OnTheBirthday(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	plan := tj.FiledPlan(t, "post", "") // starts today
	today := app.Today()
	born := func(d int) string {
		birth := today.AddDays(d)
		birth.Year -= 16
		return tj.Student(t, map[string]any{"id_number": seed.IDNumber("511921", birth, 300+d+10, false)})
	}
	onBirthday, dayAfter := born(0), born(-1)
	r := tj.School.PostJSON("/api/v1/placements", map[string]any{"plan_id": plan, "student_id": onBirthday, "post_id": tj.Posts[0]})
	if got := strings.Join(violations(t, r), ","); r.Code != 422 || got != "R-AGE16" {
		t.Fatalf("16th birthday on the start day: %d %s", r.Code, r.Body)
	}
	expect(t, tj.School.PostJSON("/api/v1/placements", map[string]any{"plan_id": plan, "student_id": dayAfter, "post_id": tj.Posts[0]}),
		201, "16 since yesterday")
}

// R-CONSENT: a 19-year-old post intern needs the signed form too; a
// student's own upload never completes the gate; the school's confirmation does.
func TestConsentStudentUploadSchoolConfirms(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	today := app.Today()
	birth := today.AddDays(-19*365 - 30)
	student := tj.Student(t, map[string]any{"id_number": seed.IDNumber("511921", birth, 401, false)})
	if err := students.NewService(app.DB.Pool, app.Orgs, testapp.MustPII(t), app.Clock).LinkAccount(context.Background(),
		uuid.MustParse(student), app.UserID("student1")); err != nil {
		t.Fatal(err)
	}
	id := tj.Placement(t, tj.FiledPlan(t, "post", ""), student, tj.Posts[0], "ready")
	base := "/api/v1/placements/" + id
	var st struct{ Name string }
	tj.School.Get("/api/v1/students/" + student).JSON(&st)

	stu := app.Login("student1")
	form := map[string]any{"student_name": st.Name, "guardian_name": "父亲", "signed_on": today.String()}
	if r := stu.SendJSON("PUT", base+"/documents/consent", form); r.Code != 400 || !strings.Contains(r.Body.String(), "file_id") {
		t.Fatalf("a student's upload needs the scan: %d %s", r.Code, r.Body)
	}
	form["file_id"] = upload(t, stu)
	p := expect(t, stu.SendJSON("PUT", base+"/documents/consent", form), 200, "the student uploads the signed form")
	if p.Status != "confirmed" || failedGates(p) != "R-CONSENT" {
		t.Fatalf("the student's upload alone never completes R-CONSENT: %+v %s", p, failedGates(p))
	}
	if r := stu.PostJSON(base+"/consent/confirm", nil); r.Code != 403 {
		t.Fatalf("a student cannot confirm: %d", r.Code)
	}
	if r := stu.SendJSON("PUT", base+"/documents/agreement", map[string]any{"signed_on": today.String(),
		"signers": []string{"school", "enterprise", "student"}}); r.Code != 403 {
		t.Fatalf("a student attaches only the consent form: %d", r.Code)
	}
	if r := tj.Ent.PostJSON(base+"/consent/confirm", nil); r.Code != 403 {
		t.Fatalf("the host cannot confirm: %d", r.Code)
	}
	p = expect(t, tj.School.PostJSON(base+"/consent/confirm", nil), 200, "the school confirms")
	if p.Status != "ready" || p.Blocking != 0 {
		t.Fatalf("confirmed consent: %+v", p)
	}
	expect(t, tj.School.PostJSON(base+"/consent/confirm", nil), 409, "confirm twice")
	var who string
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT actor_role FROM audit_events
		WHERE subject_id = $1 AND action = 'placement.ready' ORDER BY at DESC LIMIT 1`, id).Scan(&who); err != nil || who != "system" {
		t.Fatalf("readiness is the system's move: %q %v", who, err)
	}
	// A replacement by the student clears the confirmation again.
	form["file_id"] = upload(t, stu)
	if p = expect(t, stu.SendJSON("PUT", base+"/documents/consent", form), 200, "replace"); p.Status != "confirmed" {
		t.Fatalf("a new upload needs a new confirmation: %+v", p)
	}
}

// Cognitive internships only warn about consent.
func TestConsentWarnsForCognitive(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	id := tj.Placement(t, tj.FiledPlan(t, "cognitive", ""), tj.Student(t, nil), tj.Posts[0], "ready")
	exec(t, app, `DELETE FROM placement_documents WHERE placement_id = $1 AND kind = 'consent'`, id)
	p := expect(t, tj.School.PostJSON("/api/v1/placements/"+id+"/activate", nil), 200, "a cognitive internship without consent starts")
	if p.Status != "active" || failedGates(p) != "R-CONSENT" || p.Blocking != 0 {
		t.Fatalf("the warning shows and does not block: %+v", p)
	}
}

// R-PAY on the monthly record: 80 % of the post's wage OR the lowest-grade wage.
func TestPayLowestGradeStandard(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	id := tj.Placement(t, tj.FiledPlan(t, "post", ""), tj.Student(t, nil), tj.Posts[0], "active")
	ent := app.OrgID(tj.EnterpriseName)
	// 数控车床操作员 earns 4200 元, 80 % is 3360 元; the host's lowest grade is 3000 元.
	exec(t, app, `UPDATE enterprises SET lowest_grade_wage_fen = 300000 WHERE org_id = $1`, ent)
	month := app.Today().String()[:7]
	base := "/api/v1/placements/" + id + "/pay-records"
	var rec struct {
		Compliant   bool  `json:"compliant"`
		RequiredFen int64 `json:"required_fen"`
		Violation   *struct {
			Message string `json:"message"`
		} `json:"violation"`
	}
	r := tj.Ent.PostJSON(base, map[string]any{"month": month, "amount_fen": 300000, "paid_on": app.Today().String(), "method": "bank_transfer"})
	r.JSON(&rec)
	if r.Code != 201 || !rec.Compliant || rec.RequiredFen != 300000 || rec.Violation != nil {
		t.Fatalf("pay meeting only the lowest-grade wage passes: %d %s", r.Code, r.Body)
	}
	var msg string
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT message FROM pay_records WHERE placement_id = $1`, id).Scan(&msg); err != nil ||
		!strings.Contains(msg, "适用标准：本单位最低档工资标准") || !strings.Contains(msg, "3360.00 元") || !strings.Contains(msg, "3000.00 元") {
		t.Fatalf("the stored verdict names the standard and both figures: %q %v", msg, err)
	}
	r = tj.Ent.SendJSON("PUT", base+"/"+month, map[string]any{"amount_fen": 299999, "paid_on": app.Today().String(), "method": "bank_transfer"})
	rec.Violation = nil
	r.JSON(&rec)
	if r.Code != 200 || rec.Compliant || rec.Violation == nil || !strings.Contains(rec.Violation.Message, "3360.00 元") ||
		!strings.Contains(rec.Violation.Message, "3000.00 元") || !strings.Contains(rec.Violation.Message, "补足差额 0.01 元") {
		t.Fatalf("pay meeting neither is recorded, not refused, with both figures: %d %s", r.Code, r.Body)
	}
}

// Money caps at the limit and one over, named per field, never 500.
func TestAmountCaps(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	id := tj.Placement(t, tj.FiledPlan(t, "post", ""), tj.Student(t, nil), tj.Posts[0], "active")
	base := "/api/v1/placements/" + id
	pay := func(amount any) int {
		return tj.Ent.PostJSON(base+"/pay-records", map[string]any{"month": app.Today().String()[:7], "amount_fen": amount,
			"paid_on": app.Today().String(), "method": "bank_transfer"}).Code
	}
	if c := pay(100_000_001); c != 400 {
		t.Fatalf("one fen over 1,000,000 yuan: %d", c)
	}
	if r := tj.Ent.PostJSON(base+"/pay-records", map[string]any{"month": app.Today().String()[:7], "amount_fen": "9223372036854775808",
		"paid_on": app.Today().String(), "method": "bank_transfer"}); r.Code != 400 {
		t.Fatalf("an amount beyond int64: %d %s", r.Code, r.Body)
	}
	if r := tj.Ent.SendJSON("POST", base+"/pay-records", `{"month":"`+app.Today().String()[:7]+`","amount_fen":92233720368547758080,"paid_on":"`+
		app.Today().String()+`","method":"cash"}`); r.Code != 400 {
		t.Fatalf("a number beyond int64: %d %s", r.Code, r.Body)
	}
	if c := pay(100_000_000); c != 201 {
		t.Fatalf("exactly 1,000,000 yuan: %d", c)
	}
	fee := func(amount int64) *placementsResp {
		r := tj.School.PostJSON(base+"/fee-reports", map[string]any{"kind": "guarantee", "description": "要求家长提供担保", "amount_fen": amount})
		return &placementsResp{r.Code, r.Body.String()}
	}
	if f := fee(100_000_001); f.code != 400 || !strings.Contains(f.body, "amount_fen") {
		t.Fatalf("a fee one fen over the cap: %d %s", f.code, f.body)
	}
	if f := fee(100_000_000); f.code != 201 {
		t.Fatalf("a fee at the cap: %d %s", f.code, f.body)
	}
	items := make([]map[string]string, placements.MaxBulk+1)
	for i := range items {
		items[i] = map[string]string{"student_id": uuid.NewString(), "post_id": tj.Posts[0]}
	}
	if r := tj.School.PostJSON("/api/v1/placements/bulk", map[string]any{"plan_id": uuid.NewString(), "items": items}); r.Code != 400 ||
		!strings.Contains(r.Body.String(), "items") {
		t.Fatalf("a bulk request one over the limit: %d", r.Code)
	}
}

type placementsResp struct {
	code int
	body string
}

// R-FEES at any time: a guarantee reported on an active placement stays
// open on it, and the competent bureau sees it.
func TestGuaranteeOnActivePlacementStaysOpen(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	id := tj.Placement(t, tj.FiledPlan(t, "post", ""), tj.Student(t, nil), tj.Posts[0], "active")
	base := "/api/v1/placements/" + id
	expect(t, tj.School.PostJSON(base+"/fee-reports", map[string]any{"kind": "guarantee", "description": "企业要求家长签署担保书"}),
		201, "guarantee")
	if r := tj.School.PostJSON(base+"/fee-reports", map[string]any{"kind": "bribe", "description": "x"}); r.Code != 400 {
		t.Fatalf("unknown kind: %d", r.Code)
	}
	var seen struct {
		Status     string `json:"status"`
		FeeReports []struct {
			Kind       string  `json:"kind"`
			ResolvedAt *string `json:"resolved_at"`
		} `json:"fee_reports"`
		Gates []struct {
			Rule    string `json:"rule"`
			Passed  bool   `json:"passed"`
			Message string `json:"message"`
		} `json:"gates"`
	}
	r := tj.County.Get(base)
	r.JSON(&seen)
	if r.Code != 200 || seen.Status != "active" || len(seen.FeeReports) != 1 || seen.FeeReports[0].Kind != "guarantee" {
		t.Fatalf("the competent bureau sees the open report: %d %s", r.Code, r.Body)
	}
	for _, g := range seen.Gates {
		if g.Rule == "R-FEES" && (g.Passed || !strings.Contains(g.Message, "担保")) {
			t.Fatalf("R-FEES stays failed on the active placement: %+v", g)
		}
	}
	if r := app.Login("county2").Get(base); r.Code != 404 {
		t.Fatalf("another county: %d", r.Code)
	}
	// The plan's list, as the competent bureau reads it, carries the open report; another county's is empty.
	var list struct {
		Items []struct {
			ID         string `json:"id"`
			FeeReports []struct {
				Kind       string  `json:"kind"`
				ResolvedAt *string `json:"resolved_at"`
			} `json:"fee_reports"`
		} `json:"items"`
	}
	var planID struct {
		PlanID string `json:"plan_id"`
	}
	tj.School.Get(base).JSON(&planID)
	r = tj.County.Get("/api/v1/placements?plan_id=" + planID.PlanID)
	r.JSON(&list)
	if r.Code != 200 || len(list.Items) != 1 || len(list.Items[0].FeeReports) != 1 || list.Items[0].FeeReports[0].ResolvedAt != nil {
		t.Fatalf("the bureau's list of the plan: %d %s", r.Code, r.Body)
	}
	list.Items = nil
	r = app.Login("county2").Get("/api/v1/placements?plan_id=" + planID.PlanID)
	r.JSON(&list)
	if r.Code != 200 || len(list.Items) != 0 {
		t.Fatalf("another county's list: %d %s", r.Code, r.Body)
	}
	if r := tj.Ent.PostJSON(base+"/fee-reports", map[string]any{"kind": "fee", "description": "x"}); r.Code != 403 {
		t.Fatalf("the host does not report on itself: %d", r.Code)
	}
}

// Withdraw before the start; terminate only once active.
func TestWithdrawBeforeTheStart(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	plan := tj.FiledPlan(t, "post", "")
	student := tj.Student(t, nil)
	id := tj.Placement(t, plan, student, tj.Posts[0], "confirmed")
	base := "/api/v1/placements/" + id
	expect(t, tj.School.PostJSON(base+"/terminate", map[string]any{"reason": "安排有误"}), 409, "terminate before the start")
	expect(t, tj.School.PostJSON(base+"/withdraw", map[string]any{"reason": ""}), 400, "withdraw without a reason")
	expect(t, tj.Ent.PostJSON(base+"/withdraw", map[string]any{"reason": "x"}), 403, "the host cannot withdraw")
	p := expect(t, tj.School.PostJSON(base+"/withdraw", map[string]any{"reason": "安排有误，改派其他学生"}), 200, "withdraw")
	if p.Status != "withdrawn" {
		t.Fatalf("withdraw: %+v", p)
	}
	// The student's place in the plan is free again.
	expect(t, tj.School.PostJSON("/api/v1/placements", map[string]any{"plan_id": plan, "student_id": student, "post_id": tj.Posts[1]}),
		201, "propose again")
	active := tj.Placement(t, tj.FiledPlan(t, "post", ""), tj.Student(t, nil), tj.Posts[0], "active")
	expect(t, tj.School.PostJSON("/api/v1/placements/"+active+"/withdraw", map[string]any{"reason": "x"}), 409, "withdraw once active")
	expect(t, tj.School.PostJSON("/api/v1/placements/"+active+"/terminate", map[string]any{"reason": "学生退学"}), 200, "terminate once active")
}

// Host facts can change after the plan's approval: re-checked at proposal.
func TestHostFactsRecheckedAtProposal(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	plan := tj.FiledPlan(t, "post", "")
	ent := app.OrgID(tj.EnterpriseName)
	propose := func() []string {
		r := tj.School.PostJSON("/api/v1/placements", map[string]any{"plan_id": plan, "student_id": tj.Student(t, nil), "post_id": tj.Posts[0]})
		if r.Code != 422 {
			t.Fatalf("want 422: %d %s", r.Code, r.Body)
		}
		return violations(t, r)
	}
	exec(t, app, `UPDATE enterprises SET intermediary = true WHERE org_id = $1`, ent)
	if got := strings.Join(propose(), ","); got != "R-INTERMEDIARY" {
		t.Fatalf("an intermediary: %s", got)
	}
	exec(t, app, `UPDATE enterprises SET intermediary = false WHERE org_id = $1`, ent)
	exec(t, app, `INSERT INTO enterprise_safety_violations (id, enterprise_id, occurred_on, summary) VALUES (gen_random_uuid(), $1, $2, '机械伤害事故')`,
		ent, app.Today().AddDays(-3).String())
	exec(t, app, `UPDATE posts SET labour_grade = 3 WHERE id = $1`, tj.Posts[0])
	if got := strings.Join(propose(), ","); got != "R-LABOUR3,R-SAFETY3Y" {
		t.Fatalf("a violation and a grade III post: %s", got)
	}
}

// Role checks live in the service, whatever the route lets through.
func TestServiceRoleChecks(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	id := uuid.MustParse(tj.Placement(t, tj.FiledPlan(t, "post", ""), tj.Student(t, nil), tj.Posts[0], "active"))
	svc := service(t, app)
	ctx := context.Background()
	amount := int64(400000)
	pay := placements.PayInput{Month: app.Today().String()[:7], AmountFen: &amount, PaidOn: app.Today().String(), Method: "bank_transfer"}
	mentor, teacher, ent := actorOf(t, app, "mentor1"), actorOf(t, app, "teacher1"), actorOf(t, app, "ent1")
	forbidden := func(what string, err error) {
		t.Helper()
		if apperr.KindOf(err) != apperr.KindForbidden {
			t.Errorf("%s: want forbidden, got %v", what, err)
		}
	}
	_, err := svc.RecordPay(ctx, mentor, id, pay)
	forbidden("a mentor of the host records pay", err)
	_, err = svc.RecordPay(ctx, teacher, id, pay)
	if k := apperr.KindOf(err); k != apperr.KindForbidden && k != apperr.KindNotFound {
		t.Errorf("a teacher records pay: %v", err)
	}
	_, err = svc.ReportFee(ctx, mentor, id, placements.FeeInput{Kind: "fee", Description: "x"})
	forbidden("a mentor reports a fee", err)
	_, err = svc.ReportFee(ctx, ent, id, placements.FeeInput{Kind: "fee", Description: "x"})
	forbidden("the host reports a fee", err)
	_, err = svc.ReportFee(ctx, actorOf(t, app, "admin"), id, placements.FeeInput{Kind: "fee", Description: "x"})
	forbidden("the platform admin reports a fee", err)
	_, err = svc.PutDocumentJSON(ctx, teacher, id, placements.DocTraining, map[string]any{"trained_on": app.Today().String(), "passed": true})
	forbidden("a teacher attaches a training record", err)
	_, err = svc.PutDocumentJSON(ctx, ent, id, placements.DocAgreement, map[string]any{"signed_on": app.Today().String(),
		"signers": []string{"school", "enterprise", "student"}})
	forbidden("the host attaches the agreement", err)
	today := app.Today()
	if _, err := svc.PutDocumentJSON(ctx, ent, id, placements.DocInsurance, map[string]any{"insurer": "人保", "policy_no": "P9",
		"covers_from": today.String(), "covers_to": today.AddDays(400).String(), "payer": "enterprise"}); err != nil {
		t.Errorf("the host attaches its insurance policy (Art 35): %v", err)
	}
	if _, err := svc.RecordPay(ctx, ent, id, pay); err != nil {
		t.Errorf("the host's enterprise admin records pay: %v", err)
	}
	if _, err := svc.ConfirmConsent(ctx, teacher, id); apperr.KindOf(err) != apperr.KindForbidden {
		t.Errorf("a teacher confirms consent: %v", err)
	}
	// The worker acts as the one system actor.
	var n int
	if err := app.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_events WHERE subject_id = $1 AND action = 'placement.ready'
		AND actor_username = 'system'`, id.String()).Scan(&n); err != nil || n != 1 {
		t.Errorf("readiness audited as the system: %d %v", n, err)
	}
}
