package todos_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"huhang/internal/platform/apitest"
	"huhang/internal/platform/clock"
	"huhang/internal/seed"
	"huhang/internal/testapp"
)

// Each provider's items name a subject; these tests show every kind appear
// for the one who must act and disappear once the act is done. 通江's
// accounts start with empty feeds (the demo's waiting work is 南江's).

type todoItem struct {
	Kind, Title, Link, Severity string
	Subject                     struct{ Type, ID string }
}

func items(t *testing.T, c *apitest.Client) []todoItem {
	t.Helper()
	r := c.Get("/api/v1/todos")
	if r.Code != 200 {
		t.Fatalf("todos: %d %s", r.Code, r.Body)
	}
	var f struct{ Items []todoItem }
	r.JSON(&f)
	return f.Items
}

// find is the item of kind about subject, if the feed has it.
func find(t *testing.T, c *apitest.Client, kind, subject string) (todoItem, bool) {
	t.Helper()
	for _, it := range items(t, c) {
		if it.Kind == kind && it.Subject.ID == subject {
			return it, true
		}
	}
	return todoItem{}, false
}

func present(t *testing.T, c *apitest.Client, who, kind, subject string) todoItem {
	t.Helper()
	it, ok := find(t, c, kind, subject)
	if !ok {
		t.Fatalf("%s: no %s item for %s in %+v", who, kind, subject, items(t, c))
	}
	return it
}

func gone(t *testing.T, c *apitest.Client, who, kind, subject string) {
	t.Helper()
	if it, ok := find(t, c, kind, subject); ok {
		t.Fatalf("%s: %s item stays after it was done: %+v", who, kind, it)
	}
}

func ok(t *testing.T, r *apitest.Response, what string) *apitest.Response {
	t.Helper()
	if r.Code >= 300 {
		t.Fatalf("%s: %d %s", what, r.Code, r.Body)
	}
	return r
}

func TestPlanProviderFollowsTheFiling(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	var lines []map[string]any
	for _, p := range tj.Posts {
		lines = append(lines, map[string]any{"post_id": p, "planned_count": 1, "pay_fen": 400000})
	}
	start := app.Today().AddDays(40)
	var p struct{ ID string }
	ok(t, tj.School.PostJSON("/api/v1/plans", map[string]any{"type": "post", "title": "待办测试方案", "major": "数控技术",
		"major_category": tj.Category, "cohort": "2024级", "starts_on": start.String(), "ends_on": start.AddDays(60).String(),
		"content": "内容", "safety_measures": "措施", "emergency_plan": "预案", "insurance_arrangement": "学校投保", "posts": lines}), "create").JSON(&p)
	base := "/api/v1/plans/" + p.ID
	city := app.Login("city1")

	it := present(t, tj.School, "school", "plan.request_cosign", p.ID)
	if it.Link != "/plans/"+p.ID || it.Severity != "minor" {
		t.Fatalf("a draft far from its start is a minor item linking to the plan: %+v", it)
	}
	ok(t, tj.School.PostJSON(base+"/request-cosign", nil), "request cosign")
	gone(t, tj.School, "school", "plan.request_cosign", p.ID)

	present(t, tj.Ent, "host", "plan.cosign", p.ID)
	ok(t, tj.Ent.PostJSON(base+"/cosign", nil), "cosign")
	gone(t, tj.Ent, "host", "plan.cosign", p.ID)

	present(t, tj.School, "school", "plan.submit", p.ID)
	ok(t, tj.School.PostJSON(base+"/submit", map[string]any{}), "submit")
	gone(t, tj.School, "school", "plan.submit", p.ID)

	present(t, tj.County, "county", "plan.review", p.ID)
	ok(t, tj.County.PostJSON(base+"/return", map[string]any{"reasons": []map[string]string{{"field": "safety_measures", "message": "请补充岗位安全培训内容"}}}), "return")
	gone(t, tj.County, "county", "plan.review", p.ID)

	present(t, tj.School, "school", "plan.returned", p.ID)
	ok(t, tj.School.PostJSON(base+"/request-cosign", nil), "request cosign again")
	gone(t, tj.School, "school", "plan.returned", p.ID)
	ok(t, tj.Ent.PostJSON(base+"/cosign", nil), "cosign again")
	ok(t, tj.School.PostJSON(base+"/submit", map[string]any{}), "submit again")

	// The city is told only once its county has let the plan wait a week,
	// and the county's own item grows more urgent meanwhile.
	gone(t, city, "city", "plan.review_overdue", p.ID)
	app.Clock.Advance(7 * 24 * time.Hour)
	city, tj.County = app.Login("city1"), app.Login("county1") // the tokens expired meanwhile
	present(t, city, "city", "plan.review_overdue", p.ID)
	if it := present(t, tj.County, "county", "plan.review", p.ID); it.Severity != "serious" {
		t.Fatalf("a week's wait is serious: %+v", it)
	}
	ok(t, tj.County.PostJSON(base+"/approve", map[string]any{"comment": "同意"}), "approve")
	gone(t, tj.County, "county", "plan.review", p.ID)
	gone(t, city, "city", "plan.review_overdue", p.ID)
}

func TestPlacementProviderFollowsThePlacement(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	teacher, mentor := app.Login("teacher1"), app.Login("mentor1")
	plan := tj.FiledPlan(t, "post", "")

	// The host confirms a proposal.
	student := tj.Student(t, nil)
	if err := app.Services.Students.LinkAccount(context.Background(), uuid.MustParse(student), app.UserID("student1")); err != nil {
		t.Fatal(err)
	}
	id := tj.Placement(t, plan, student, tj.Posts[0], "proposed")
	base := "/api/v1/placements/" + id
	present(t, tj.Ent, "host", "placement.confirm", id)
	ok(t, tj.Ent.PostJSON(base+"/confirm", nil), "confirm")
	gone(t, tj.Ent, "host", "placement.confirm", id)

	// Confirmed, it misses every gate on its start day: critical for the
	// school, a follow-up for the instructor once assigned, an arrival for the
	// mentor, the consent form for the student.
	it := present(t, tj.School, "school", "placement.gates", id)
	if it.Severity != "critical" {
		t.Fatalf("gates missing on the start day are critical: %+v", it)
	}
	ok(t, tj.School.SendJSON("PUT", base+"/mentors", map[string]any{"instructor_id": tj.Teacher, "mentor_id": tj.Mentor}), "mentors")
	present(t, teacher, "instructor", "placement.follow_up", id)
	present(t, mentor, "mentor", "placement.arrival", id)
	stu := app.Login("student1")
	present(t, stu, "student", "placement.consent", id)

	var full struct {
		StartsOn    string `json:"starts_on"`
		EndsOn      string `json:"ends_on"`
		StudentName string `json:"student_name"`
	}
	tj.School.Get(base).JSON(&full)
	var scan struct{ ID string }
	ok(t, stu.Upload("/api/v1/files", "file", "知情同意书.pdf", []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")), "upload").JSON(&scan)
	today := app.Today().String()
	ok(t, stu.SendJSON("PUT", base+"/documents/consent", map[string]any{"student_name": full.StudentName, "guardian_name": "家长",
		"signed_on": today, "file_id": scan.ID}), "student's consent")
	gone(t, stu, "student", "placement.consent", id)
	// The school still has to confirm that scan and supply the rest.
	present(t, tj.School, "school", "placement.gates", id)
	ok(t, tj.School.PostJSON(base+"/consent/confirm", nil), "confirm consent")
	for kind, body := range map[string]any{
		"agreement": map[string]any{"signed_on": today, "signers": []string{"school", "enterprise", "student"}},
		"training":  map[string]any{"trained_on": today, "passed": true},
		"insurance": map[string]any{"insurer": "保险公司", "policy_no": "P-" + id[:8], "covers_from": full.StartsOn,
			"covers_to": full.EndsOn, "payer": "school"},
	} {
		ok(t, tj.School.SendJSON("PUT", base+"/documents/"+kind, body), kind)
	}
	gone(t, tj.School, "school", "placement.gates", id)
	gone(t, teacher, "instructor", "placement.follow_up", id)
	present(t, mentor, "mentor", "placement.arrival", id)
	ok(t, tj.School.PostJSON(base+"/activate", nil), "activate")
	gone(t, mentor, "mentor", "placement.arrival", id)

	// A finished month without pay on record is the host's to enter.
	gone(t, tj.Ent, "host", "placement.pay", id)
	month := app.Today().String()[:7]
	for app.Today().String()[:7] == month {
		app.Clock.Advance(24 * time.Hour)
	}
	tj = app.Tongjiang() // the tokens expired meanwhile
	stu = app.Login("student1")
	if it := present(t, tj.Ent, "host", "placement.pay", id); !strings.Contains(it.Title, full.StudentName) {
		t.Fatalf("the pay item names the intern: %+v", it)
	}
	ok(t, tj.Ent.PostJSON(base+"/pay-records", map[string]any{"month": month, "amount_fen": 400000,
		"paid_on": app.Today().String(), "method": "bank_transfer"}), "pay")
	gone(t, tj.Ent, "host", "placement.pay", id)

	// An open fee report is for the school and its competent bureau to settle.
	var fee struct{ ID string }
	ok(t, stu.PostJSON(base+"/fee-reports", map[string]any{"kind": "deposit", "description": "企业收取押金500元"}), "fee report").JSON(&fee)
	// Its item is about the placement, where the report is read and resolved.
	present(t, tj.School, "school", "placement.fee", id)
	present(t, tj.County, "county", "placement.fee", id)
	gone(t, app.Login("county2"), "another county", "placement.fee", id)
	ok(t, tj.County.PostJSON(base+"/fee-reports/"+fee.ID+"/resolve", map[string]any{"resolution": "押金已退还"}), "resolve")
	gone(t, tj.School, "school", "placement.fee", id)
	gone(t, tj.County, "county", "placement.fee", id)
}

func TestStudentProviderAsksForAMinorsGuardian(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	birth := app.Today().AddDays(-17 * 365)
	idNumber := seed.IDNumber("511921", birth, 402, true)
	id := tj.Student(t, map[string]any{"id_number": idNumber})
	gone(t, tj.School, "school", "student.guardian", id)
	// A roster entered before guardians were required: the guardian's phone is missing.
	if _, err := app.DB.Pool.Exec(context.Background(), `UPDATE students SET guardian_phone = '' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	it := present(t, tj.School, "school", "student.guardian", id)
	if it.Link != "/students/"+id {
		t.Fatalf("the item links to the student: %+v", it)
	}
	gone(t, app.Login("school2"), "another school", "student.guardian", id)
	var st map[string]any
	tj.School.Get("/api/v1/students/" + id).JSON(&st)
	update := app.StudentBody(map[string]any{"id_number": idNumber, "student_no": st["student_no"], "name": st["name"],
		"guardian_phone": "13911112222"})
	ok(t, tj.School.SendJSON("PUT", "/api/v1/students/"+id, update), "complete the guardian")
	gone(t, tj.School, "school", "student.guardian", id)
}

func TestOrgAndCalendarProvidersForTheAdministrator(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	admin := app.Login("admin")
	var org struct{ ID string }
	ok(t, admin.PostJSON("/api/v1/orgs", map[string]any{"kind": "school", "name": "巴中市恩阳区职业中学", "division_code": "511903"}),
		"create school").JSON(&org)
	present(t, admin, "admin", "org.no_users", org.ID)
	ok(t, admin.PostJSON("/api/v1/users", map[string]any{"username": "enyang_admin", "password": "Account-Pass-2026",
		"role": "school_admin", "org_id": org.ID}), "create user")
	gone(t, admin, "admin", "org.no_users", org.ID)

	// From mid-November next year's holidays are due.
	year := app.Today().Year + 1
	subject := uuid.NewSHA1(uuid.NameSpaceOID, []byte("calendar-"+strconv.Itoa(year))).String()
	present(t, admin, "admin", "calendar.missing", subject)
	gone(t, app.Login("school1"), "school", "calendar.missing", subject)
	newYear := clock.Date{Year: year, Month: time.January, Day: 1}
	if err := clock.SaveOverrides(context.Background(), app.DB.Pool, []clock.Override{{Day: newYear, Kind: clock.Holiday, Name: "元旦"}}); err != nil {
		t.Fatal(err)
	}
	gone(t, admin, "admin", "calendar.missing", subject)
}
