package supervision_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/apitest"
	"huhang/internal/platform/workflow/workflowtest"
	"huhang/internal/students"
	"huhang/internal/supervision"
	"huhang/internal/testapp"
)

var roles = []auth.Role{auth.RolePlatformAdmin, auth.RoleBureauAuditor, auth.RoleSchoolAdmin, auth.RoleTeacher,
	auth.RoleEnterpriseAdmin, auth.RoleEnterpriseMentor, auth.RoleStudent, auth.RoleSystem}

func TestLogLifecycleTable(t *testing.T) {
	type m = workflowtest.Move[supervision.LogStatus, supervision.LogAction, auth.Role]
	workflowtest.Exactly(t, supervision.LogLifecycle, []supervision.LogStatus{supervision.LogSubmitted, supervision.LogReviewed}, roles, []m{
		{From: "submitted", Action: "review_one", Role: auth.RoleTeacher, To: "submitted"},
		{From: "submitted", Action: "review_one", Role: auth.RoleEnterpriseMentor, To: "submitted"},
		{From: "submitted", Action: "review_last", Role: auth.RoleTeacher, To: "reviewed"},
		{From: "submitted", Action: "review_last", Role: auth.RoleEnterpriseMentor, To: "reviewed"},
	})
}

func TestLeaveLifecycleTable(t *testing.T) {
	type m = workflowtest.Move[supervision.LeaveStatus, supervision.LeaveAction, auth.Role]
	states := []supervision.LeaveStatus{"requested", "approved", "rejected", "awaiting_filing", "filed", "returned", "withdrawn"}
	var allowed []m
	for _, r := range []auth.Role{auth.RoleTeacher, auth.RoleEnterpriseMentor} {
		allowed = append(allowed,
			m{From: "requested", Action: "approve_one", Role: r, To: "requested"},
			m{From: "requested", Action: "approve", Role: r, To: "approved"},
			m{From: "requested", Action: "approve_lodging", Role: r, To: "awaiting_filing"},
			m{From: "requested", Action: "reject", Role: r, To: "rejected"},
			m{From: "approved", Action: "return", Role: r, To: "returned"},
			m{From: "filed", Action: "return", Role: r, To: "returned"})
	}
	allowed = append(allowed, m{From: "awaiting_filing", Action: "file", Role: auth.RoleSchoolAdmin, To: "filed"})
	for _, from := range []supervision.LeaveStatus{"requested", "awaiting_filing", "approved", "filed"} {
		allowed = append(allowed, m{From: from, Action: "withdraw", Role: auth.RoleStudent, To: "withdrawn"})
	}
	workflowtest.Exactly(t, supervision.LeaveLifecycle, states, roles, allowed)
}

func TestAssessmentLifecycleTable(t *testing.T) {
	type m = workflowtest.Move[supervision.AssessmentStatus, supervision.AssessmentAction, auth.Role]
	workflowtest.Exactly(t, supervision.AssessmentLifecycle, []supervision.AssessmentStatus{"open", "finalized"}, roles, []m{
		{From: "open", Action: "mentor_part", Role: auth.RoleEnterpriseMentor, To: "open"},
		{From: "open", Action: "instructor_part", Role: auth.RoleTeacher, To: "open"},
		{From: "open", Action: "finalize", Role: auth.RoleTeacher, To: "finalized"},
		{From: "open", Action: "finalize", Role: auth.RoleSchoolAdmin, To: "finalized"},
	})
}

func TestCombineAndGrade(t *testing.T) {
	i := func(v int) *int { return &v }
	mentor := supervision.Part{ProcessScore: i(80), ResultScore: i(90)}
	instructor := supervision.Part{ProcessScore: i(70), ResultScore: i(80)}
	p, r, f := supervision.Combine(mentor, instructor, 50, 50)
	if p != 75 || r != 85 || f != 80 || supervision.Grade(f) != "good" {
		t.Fatalf("50/50: %d %d %d", p, r, f)
	}
	// More weight on the mentor's result and on the process.
	p, r, f = supervision.Combine(mentor, instructor, 80, 80)
	if p != 75 || r != 88 || f != 78 {
		t.Fatalf("80/80: %d %d %d", p, r, f)
	}
	for score, want := range map[int]string{100: "excellent", 90: "excellent", 89: "good", 75: "good", 74: "pass", 60: "pass", 59: "fail", 0: "fail"} {
		if got := supervision.Grade(score); got != want {
			t.Errorf("grade %d: %s, want %s", score, got, want)
		}
	}
}

// fixture is a 通江 placement of a student linked to student1, active from
// today (the test clock's Saturday) with teacher1 and mentor1.
type fixture struct {
	app                          *testapp.App
	side                         *testapp.Side
	plan, placement              string
	student, teacher, mentor     *apitest.Client
	school, otherSchool, county2 *apitest.Client
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	app := testapp.New(t)
	side := app.Tongjiang()
	f := &fixture{app: app, side: side, plan: side.FiledPlan(t, "cognitive", "")}
	st := side.Student(t, nil)
	svc := students.NewService(app.DB.Pool, app.Orgs, testapp.MustPII(t), app.Clock)
	if err := svc.LinkAccount(context.Background(), uuid.MustParse(st), app.UserID("student1")); err != nil {
		t.Fatal(err)
	}
	f.placement = side.Placement(t, f.plan, st, side.Posts[0], "active")
	f.login()
	return f
}

// login signs everyone in again, as a moved clock outlives the tokens.
func (f *fixture) login() {
	f.student, f.teacher, f.mentor = f.app.Login("student1"), f.app.Login("teacher1"), f.app.Login("mentor1")
	f.school, f.otherSchool, f.county2 = f.app.Login("school1"), f.app.Login("school2"), f.app.Login("county2")
}

// count is how many rows of table belong to the fixture's placement (the
// demo data has its own on the 南江 side).
func (f *fixture) count(t *testing.T, table string) int {
	t.Helper()
	where := map[string]string{
		"student_logs":        "placement_id = $1",
		"leaves":              "placement_id = $1",
		"assessments":         "placement_id = $1",
		"student_log_reviews": "log_id IN (SELECT id FROM student_logs WHERE placement_id = $1)",
	}[table]
	var n int
	if err := f.app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM `+table+` WHERE `+where, f.placement).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func must(t *testing.T, r *apitest.Response, code int, what string) {
	t.Helper()
	if r.Code != code {
		t.Fatalf("%s: %d %s", what, r.Code, r.Body)
	}
}

type todo struct {
	Kind    string
	Subject struct{ ID string }
}

func hasTodo(t *testing.T, c *apitest.Client, kind, subject string) bool {
	t.Helper()
	var feed struct{ Items []todo }
	r := c.Get("/api/v1/todos")
	must(t, r, 200, "todos")
	r.JSON(&feed)
	for _, it := range feed.Items {
		if it.Kind == kind && it.Subject.ID == subject {
			return true
		}
	}
	return false
}

type logBody struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"`
	PeriodStart string `json:"period_start"`
	Status      string `json:"status"`
	Reviews     []struct {
		Side  string `json:"side"`
		Score int    `json:"score"`
	} `json:"reviews"`
}

func TestLogWrittenAndReviewedByBothSides(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	base := "/api/v1/placements/" + f.placement + "/logs"
	if !hasTodo(t, f.student, "student_log.write", f.placement) {
		t.Fatal("student1 is not asked for this week's log")
	}
	// Bad input names every field and writes nothing.
	r := f.student.PostJSON(base, map[string]any{"kind": "diary", "period_start": "2026-12-25", "content": ""})
	must(t, r, 400, "bad log")
	for _, field := range []string{`"kind"`, `"period_start"`, `"content"`} {
		if !strings.Contains(r.Body.String(), field) {
			t.Errorf("bad log does not name %s: %s", field, r.Body)
		}
	}
	if n := f.count(t, "student_logs"); n != 0 {
		t.Fatalf("a refused log was written: %d", n)
	}
	// Only the student writes; the other school's student does not see the placement.
	must(t, f.teacher.PostJSON(base, map[string]any{"content": "x"}), 403, "teacher writes a log")
	must(t, f.app.Login("student2").PostJSON(base, map[string]any{"content": "x"}), 404, "foreign student writes")

	var l logBody
	r = f.student.PostJSON(base, map[string]any{"content": "本周学习数控车床的操作规程，在师傅指导下完成了三件零件的粗加工。"})
	must(t, r, 201, "write log")
	r.JSON(&l)
	// The demo default is weekly: the period is the Monday of the test's week.
	if l.Kind != "weekly" || l.PeriodStart != "2026-11-23" || l.Status != "submitted" {
		t.Fatalf("log: %+v", l)
	}
	must(t, f.student.PostJSON(base, map[string]any{"content": "再写一次"}), 409, "second log of the week")
	if hasTodo(t, f.student, "student_log.write", f.placement) {
		t.Fatal("the week's log is written but still asked for")
	}
	var list struct {
		Items        []logBody `json:"items"`
		LogFrequency string    `json:"log_frequency"`
	}
	f.school.Get(base).JSON(&list)
	if list.LogFrequency != "weekly" || len(list.Items) != 1 {
		t.Fatalf("list: %+v", list)
	}
	must(t, f.county2.Get(base), 404, "another county reads the logs")

	review := "/api/v1/logs/" + l.ID + "/review"
	if !hasTodo(t, f.teacher, "student_log.review", l.ID) || !hasTodo(t, f.mentor, "student_log.review", l.ID) {
		t.Fatal("the log is not on both reviewers' lists")
	}
	r = f.teacher.PostJSON(review, map[string]any{"comment": "", "score": 150})
	must(t, r, 400, "bad review")
	if !strings.Contains(r.Body.String(), `"comment"`) || !strings.Contains(r.Body.String(), `"score"`) || f.count(t, "student_log_reviews") != 0 {
		t.Fatalf("bad review: %s", r.Body)
	}
	must(t, f.app.Login("teacher2").PostJSON(review, map[string]any{"comment": "好", "score": 90}), 404, "another school's teacher reviews")
	must(t, f.school.PostJSON(review, map[string]any{"comment": "好", "score": 90}), 403, "the school administrator reviews")

	r = f.teacher.PostJSON(review, map[string]any{"comment": "操作规范，注意记录加工参数。", "score": 88})
	must(t, r, 200, "teacher reviews")
	r.JSON(&l)
	if l.Status != "submitted" || len(l.Reviews) != 1 {
		t.Fatalf("after one review: %+v", l)
	}
	must(t, f.teacher.PostJSON(review, map[string]any{"comment": "再评", "score": 90}), 409, "teacher reviews twice")
	if hasTodo(t, f.teacher, "student_log.review", l.ID) || !hasTodo(t, f.mentor, "student_log.review", l.ID) {
		t.Fatal("after the teacher's review only the mentor should be asked")
	}
	r = f.mentor.PostJSON(review, map[string]any{"comment": "动手能力强。", "score": 92})
	must(t, r, 200, "mentor reviews")
	r.JSON(&l)
	if l.Status != "reviewed" || len(l.Reviews) != 2 {
		t.Fatalf("after both reviews: %+v", l)
	}
	if hasTodo(t, f.mentor, "student_log.review", l.ID) {
		t.Fatal("the mentor is still asked after reviewing")
	}
	// The report is one per placement.
	r = f.student.PostJSON(base, map[string]any{"kind": "report", "content": "实习报告：……"})
	must(t, r, 201, "report")
	r.JSON(&l)
	if l.Kind != "report" {
		t.Fatalf("report: %+v", l)
	}
	must(t, f.student.PostJSON(base, map[string]any{"kind": "report", "content": "第二份"}), 409, "second report")
	var audits int
	if err := f.app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_events WHERE action LIKE 'student_log.%' AND subject_id IN
		(SELECT id::text FROM student_logs WHERE placement_id = $1)`, f.placement).Scan(&audits); err != nil || audits != 4 {
		t.Fatalf("audit events: %d %v", audits, err)
	}
}

type leaveBody struct {
	ID          string `json:"id"`
	Status      string `json:"status"`
	NeedsMentor bool   `json:"needs_mentor"`
	Permitted   bool   `json:"permitted"`
}

func at(d time.Time, hhmm string) string {
	t, _ := time.Parse("15:04", hhmm)
	return time.Date(d.Year(), d.Month(), d.Day(), t.Hour(), t.Minute(), 0, 0, time.FixedZone("CST", 8*3600)).Format(time.RFC3339)
}

func TestLeaveApprovedByBothAndClosed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	base := "/api/v1/placements/" + f.placement + "/leaves"
	monday := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	// Ends before it starts: refused by rule, naming ends_at; nothing written.
	r := f.student.PostJSON(base, map[string]any{"kind": "leave", "starts_at": at(monday, "14:00"), "ends_at": at(monday, "09:00"), "reason": "看病"})
	must(t, r, 422, "leave ending before it starts")
	if !strings.Contains(r.Body.String(), `"subject":"ends_at"`) || !strings.Contains(r.Body.String(), "R-LEAVE-PERIOD") {
		t.Fatalf("422 does not name ends_at: %s", r.Body)
	}
	r = f.student.PostJSON(base, map[string]any{"kind": "holiday", "starts_at": "tomorrow", "ends_at": at(monday, "09:00"), "reason": ""})
	must(t, r, 400, "bad leave")
	for _, field := range []string{`"kind"`, `"starts_at"`, `"reason"`} {
		if !strings.Contains(r.Body.String(), field) {
			t.Errorf("bad leave does not name %s: %s", field, r.Body)
		}
	}
	if n := f.count(t, "leaves"); n != 0 {
		t.Fatalf("a refused leave was written: %d", n)
	}
	must(t, f.app.Login("student2").PostJSON(base, map[string]any{"kind": "leave", "starts_at": at(monday, "09:00"),
		"ends_at": at(monday, "17:00"), "reason": "看病"}), 404, "foreign student asks")

	// A working day: the instructor and the mentor approve.
	var l leaveBody
	r = f.student.PostJSON(base, map[string]any{"kind": "leave", "starts_at": at(monday, "08:30"), "ends_at": at(monday, "17:30"), "reason": "到县医院复查"})
	must(t, r, 201, "ask")
	r.JSON(&l)
	if l.Status != "requested" || !l.NeedsMentor || l.Permitted {
		t.Fatalf("asked: %+v", l)
	}
	leave := "/api/v1/leaves/" + l.ID
	if !hasTodo(t, f.teacher, "leave.approve", l.ID) || !hasTodo(t, f.mentor, "leave.approve", l.ID) {
		t.Fatal("leave missing from the approvers' lists")
	}
	must(t, f.teacher.PostJSON(leave+"/return", nil), 409, "return before approval")
	must(t, f.app.Login("teacher2").PostJSON(leave+"/approve", nil), 404, "another school's teacher approves")
	must(t, f.student.PostJSON(leave+"/approve", nil), 403, "the student approves")
	r = f.teacher.PostJSON(leave+"/approve", nil)
	must(t, r, 200, "teacher approves")
	r.JSON(&l)
	if l.Status != "requested" || l.Permitted {
		t.Fatalf("after the teacher alone: %+v", l)
	}
	must(t, f.teacher.PostJSON(leave+"/approve", nil), 409, "teacher approves twice")
	if hasTodo(t, f.teacher, "leave.approve", l.ID) {
		t.Fatal("the teacher is still asked")
	}
	r = f.mentor.PostJSON(leave+"/approve", nil)
	must(t, r, 200, "mentor approves")
	r.JSON(&l)
	if l.Status != "approved" || !l.Permitted || hasTodo(t, f.mentor, "leave.approve", l.ID) {
		t.Fatalf("after both: %+v", l)
	}
	must(t, f.teacher.PostJSON(leave+"/reject", map[string]any{"reason": "晚了"}), 409, "reject an approved leave")
	r = f.teacher.PostJSON(leave+"/return", nil)
	must(t, r, 200, "return")
	r.JSON(&l)
	if l.Status != "returned" {
		t.Fatalf("returned: %+v", l)
	}
	must(t, f.teacher.PostJSON(leave+"/return", nil), 409, "return twice")
	must(t, f.county2.Get(leave), 404, "another county reads the leave")
	must(t, f.app.Login("county1").Get(leave), 200, "the county reads the leave")

	// A Sunday takes no working day: the instructor alone decides, and may refuse with a reason.
	sunday := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	r = f.app.Login("student1").PostJSON("/api/v1/leaves", map[string]any{"placement_id": f.placement, "kind": "leave",
		"starts_at": at(sunday, "09:00"), "ends_at": at(sunday, "18:00"), "reason": "回家"})
	must(t, r, 201, "ask for Sunday")
	r.JSON(&l)
	if l.NeedsMentor {
		t.Fatalf("a Sunday needs the mentor: %+v", l)
	}
	leave = "/api/v1/leaves/" + l.ID
	if hasTodo(t, f.mentor, "leave.approve", l.ID) {
		t.Fatal("the mentor is asked about a Sunday")
	}
	must(t, f.mentor.PostJSON(leave+"/approve", nil), 403, "mentor approves a Sunday")
	must(t, f.teacher.PostJSON(leave+"/reject", map[string]any{"reason": ""}), 400, "reject without a reason")
	r = f.teacher.PostJSON(leave+"/reject", map[string]any{"reason": "周日有安全培训"})
	must(t, r, 200, "reject")
	r.JSON(&l)
	if l.Status != "rejected" || l.Permitted {
		t.Fatalf("rejected: %+v", l)
	}
	var list struct{ Items []leaveBody }
	f.mentor.Get(base).JSON(&list)
	if len(list.Items) != 2 {
		t.Fatalf("list: %+v", list)
	}
}

func TestStudentWithdrawsLeaveUntilItBegins(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	base := "/api/v1/placements/" + f.placement + "/leaves"
	monday := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	ask := func() (string, leaveBody) {
		var l leaveBody
		r := f.student.PostJSON(base, map[string]any{"kind": "leave", "starts_at": at(monday, "08:30"), "ends_at": at(monday, "17:30"), "reason": "家中有事"})
		must(t, r, 201, "ask")
		r.JSON(&l)
		return "/api/v1/leaves/" + l.ID, l
	}

	// An undecided request: only the student takes it back, and the
	// approvers' to-dos go with it.
	leave, l := ask()
	must(t, f.teacher.PostJSON(leave+"/withdraw", nil), 403, "the teacher withdraws")
	must(t, f.app.Login("student2").PostJSON(leave+"/withdraw", nil), 404, "another student withdraws")
	r := f.student.PostJSON(leave+"/withdraw", nil)
	must(t, r, 200, "withdraw")
	r.JSON(&l)
	if l.Status != "withdrawn" || l.Permitted {
		t.Fatalf("withdrawn: %+v", l)
	}
	if hasTodo(t, f.teacher, "leave.approve", l.ID) || hasTodo(t, f.mentor, "leave.approve", l.ID) {
		t.Fatal("a withdrawn leave is still to approve")
	}
	must(t, f.student.PostJSON(leave+"/withdraw", nil), 409, "withdraw twice")
	must(t, f.teacher.PostJSON(leave+"/approve", nil), 409, "approve a withdrawn leave")
	var events int
	if err := f.app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_events WHERE action = 'leave.withdraw' AND subject_id = $1`,
		l.ID).Scan(&events); err != nil || events != 1 {
		t.Fatalf("withdrawal audited %d times (%v)", events, err)
	}

	// A permission may be given back before it is used, not once it has begun.
	leave, l = ask()
	must(t, f.teacher.PostJSON(leave+"/approve", nil), 200, "teacher approves")
	must(t, f.mentor.PostJSON(leave+"/approve", nil), 200, "mentor approves")
	f.app.Clock.Advance(monday.Add(30*time.Minute + time.Second).Sub(f.app.Clock.Now()))
	f.login()
	r = f.student.PostJSON(leave+"/withdraw", nil)
	must(t, r, 409, "withdraw a leave under way")
	if !strings.Contains(r.Body.String(), "LEAVE_STARTED") {
		t.Fatalf("409 does not say why: %s", r.Body)
	}
	f.student.Get(leave).JSON(&l)
	if l.Status != "approved" {
		t.Fatalf("a refused withdrawal changed the leave: %+v", l)
	}
}

var tinyPDF = []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

func TestLodgingNeedsGuardianFormAndFiling(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	base := "/api/v1/placements/" + f.placement + "/leaves"
	from, to := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC)
	r := f.student.PostJSON(base, map[string]any{"kind": "lodging", "starts_at": at(from, "18:00"), "ends_at": at(to, "08:00"), "reason": "随姑妈居住"})
	must(t, r, 400, "lodging without form")
	if !strings.Contains(r.Body.String(), `"guardian_file_id"`) || !strings.Contains(r.Body.String(), `"lodging_address"`) || f.count(t, "leaves") != 0 {
		t.Fatalf("lodging without form: %s", r.Body)
	}
	// Someone else's upload is not the student's to attach.
	var other struct{ ID string }
	f.school.Upload("/api/v1/files", "file", "x.pdf", tinyPDF).JSON(&other)
	r = f.student.PostJSON(base, map[string]any{"kind": "lodging", "starts_at": at(from, "18:00"), "ends_at": at(to, "08:00"),
		"reason": "随姑妈居住", "lodging_address": "巴中市巴州区江北大道 9 号", "guardian_file_id": other.ID})
	must(t, r, 400, "lodging with another's file")

	var scan struct{ ID string }
	r = f.student.Upload("/api/v1/files", "file", "监护人签字.pdf", tinyPDF)
	must(t, r, 201, "upload")
	r.JSON(&scan)
	var l leaveBody
	r = f.student.PostJSON(base, map[string]any{"kind": "lodging", "starts_at": at(from, "18:00"), "ends_at": at(to, "08:00"),
		"reason": "随姑妈居住", "lodging_address": "巴中市巴州区江北大道 9 号", "guardian_file_id": scan.ID})
	must(t, r, 201, "lodging")
	r.JSON(&l)
	if l.NeedsMentor {
		t.Fatal("lodging asks the mentor")
	}
	leave := "/api/v1/leaves/" + l.ID
	must(t, f.school.PostJSON(leave+"/file", nil), 409, "filing before approval")
	r = f.teacher.PostJSON(leave+"/approve", nil)
	must(t, r, 200, "approve lodging")
	r.JSON(&l)
	if l.Status != "awaiting_filing" || l.Permitted {
		t.Fatalf("approved lodging counts before filing: %+v", l)
	}
	if !hasTodo(t, f.school, "lodging.file", l.ID) || hasTodo(t, f.otherSchool, "lodging.file", l.ID) {
		t.Fatal("lodging to file is not (only) on school1's list")
	}
	must(t, f.otherSchool.PostJSON(leave+"/file", nil), 404, "another school files")
	must(t, f.teacher.PostJSON(leave+"/file", nil), 403, "the teacher files")
	r = f.school.PostJSON(leave+"/file", nil)
	must(t, r, 200, "file")
	r.JSON(&l)
	if l.Status != "filed" || !l.Permitted || hasTodo(t, f.school, "lodging.file", l.ID) {
		t.Fatalf("filed: %+v", l)
	}
	var attached bool
	if err := f.app.DB.Pool.QueryRow(context.Background(), `SELECT attached_at IS NOT NULL FROM files WHERE id = $1`, scan.ID).Scan(&attached); err != nil || !attached {
		t.Fatalf("the guardian's form is not marked attached: %v", err)
	}
	r = f.mentor.PostJSON(leave+"/return", nil)
	must(t, r, 200, "back in the dormitory")
}

func TestAssessmentCannotRestOnAttendanceAlone(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	base := "/api/v1/placements/" + f.placement + "/assessment"
	part := map[string]any{"process_score": 80, "result_score": 90, "comment": "完成岗位任务，操作规范。"}
	must(t, f.teacher.SendJSON("PUT", base+"/mentor", part), 403, "teacher writes the mentor's part")
	must(t, f.app.Login("mentor2").SendJSON("PUT", base+"/mentor", part), 404, "another host's mentor writes")
	r := f.mentor.SendJSON("PUT", base+"/mentor", map[string]any{"process_score": 120, "comment": ""})
	must(t, r, 400, "bad part")
	for _, field := range []string{`"process_score"`, `"result_score"`, `"comment"`} {
		if !strings.Contains(r.Body.String(), field) {
			t.Errorf("bad part does not name %s: %s", field, r.Body)
		}
	}
	if f.count(t, "assessments") != 0 {
		t.Fatal("a refused part was written")
	}
	must(t, f.mentor.SendJSON("PUT", base+"/mentor", part), 200, "mentor's part")
	must(t, f.teacher.SendJSON("PUT", base+"/instructor", map[string]any{"process_score": 70, "result_score": 80, "comment": "按时提交日志。"}), 200, "instructor's part")

	// Attendance on file (a patrol line by the other part of this package) is not enough.
	if _, err := f.app.DB.Pool.Exec(context.Background(), `INSERT INTO supervision_records (id, placement_id, kind, status, author_id, author_side,
		content, occurred_at, created_at, updated_at) VALUES ($1, $2, 'patrol', 'awaiting_countersign', $3, 'school', '在岗', now(), now(), now())`,
		uuid.Must(uuid.NewV7()), f.placement, f.app.UserID("teacher1")); err != nil {
		t.Fatal(err)
	}
	// Before the end, and with nothing beyond attendance: refused, every rule named, nothing written.
	r = f.teacher.PostJSON(base+"/finalize", nil)
	must(t, r, 422, "finalize early")
	if !strings.Contains(r.Body.String(), "R-ASSESS-ENDED") || !strings.Contains(r.Body.String(), "R-ASSESS-ATTENDANCE") {
		t.Fatalf("early finalize: %s", r.Body)
	}
	// A log written and reviewed in the first week.
	var l logBody
	f.student.PostJSON("/api/v1/placements/"+f.placement+"/logs", map[string]any{"content": "第一周日志"}).JSON(&l)
	// The last day of the placement comes.
	f.app.Clock.Advance(60 * 24 * time.Hour)
	f.login()
	r = f.teacher.PostJSON(base+"/finalize", nil)
	must(t, r, 422, "finalize on attendance alone")
	if strings.Contains(r.Body.String(), "R-ASSESS-ENDED") || !strings.Contains(r.Body.String(), "R-ASSESS-ATTENDANCE") {
		t.Fatalf("attendance alone: %s", r.Body)
	}
	var status string
	if err := f.app.DB.Pool.QueryRow(context.Background(), `SELECT status FROM assessments WHERE placement_id = $1`, f.placement).Scan(&status); err != nil || status != "open" {
		t.Fatalf("a refused finalisation changed the assessment: %s %v", status, err)
	}
	must(t, f.mentor.PostJSON("/api/v1/logs/"+l.ID+"/review", map[string]any{"comment": "认真", "score": 85}), 200, "review")
	must(t, f.mentor.PostJSON(base+"/finalize", nil), 403, "the mentor finalizes")
	must(t, f.otherSchool.PostJSON(base+"/finalize", nil), 404, "another school finalizes")
	var a struct {
		Status       string  `json:"status"`
		ProcessScore *int    `json:"process_score"`
		ResultScore  *int    `json:"result_score"`
		FinalScore   *int    `json:"final_score"`
		Grade        *string `json:"grade"`
		Evidence     struct {
			PatrolPresent    int  `json:"patrol_present"`
			BeyondAttendance bool `json:"beyond_attendance"`
		} `json:"evidence"`
	}
	r = f.school.PostJSON(base+"/finalize", nil)
	must(t, r, 200, "finalize")
	r.JSON(&a)
	if a.Status != "finalized" || *a.ProcessScore != 75 || *a.ResultScore != 85 || *a.FinalScore != 80 || *a.Grade != "good" || !a.Evidence.BeyondAttendance {
		t.Fatalf("finalized: %+v", a)
	}
	must(t, f.mentor.SendJSON("PUT", base+"/mentor", part), 409, "a part after finalisation")
	must(t, f.teacher.PostJSON(base+"/finalize", nil), 409, "finalize twice")
	f.student.Get(base).JSON(&a)
	if *a.Grade != "good" {
		t.Fatalf("the student reads: %+v", a)
	}
}

func TestArchiveNamesTheMissingItems(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	path := "/api/v1/plans/" + f.plan + "/archive"
	type archive struct {
		Complete   bool `json:"complete"`
		Placements []struct {
			PlacementID string `json:"placement_id"`
			Items       []struct {
				Item    string `json:"item"`
				Present bool   `json:"present"`
			} `json:"items"`
			Missing []string `json:"missing"`
		} `json:"placements"`
	}
	read := func() map[string]bool {
		var a archive
		r := f.school.Get(path)
		must(t, r, 200, "archive")
		r.JSON(&a)
		if len(a.Placements) != 1 || a.Placements[0].PlacementID != f.placement || a.Complete {
			t.Fatalf("archive: %+v", a)
		}
		out := map[string]bool{}
		for _, it := range a.Placements[0].Items {
			out[it.Item] = it.Present
		}
		return out
	}
	got := read()
	for item, want := range map[string]bool{"plan": true, "agreement": true, "consent": true, "insurance": true,
		"logs": false, "report": false, "assessment": false, "patrol_records": false} {
		if got[item] != want {
			t.Errorf("%s: present %v, want %v", item, got[item], want)
		}
	}
	logs := "/api/v1/placements/" + f.placement + "/logs"
	must(t, f.student.PostJSON(logs, map[string]any{"content": "日志"}), 201, "log")
	must(t, f.student.PostJSON(logs, map[string]any{"kind": "report", "content": "报告"}), 201, "report")
	if _, err := f.app.DB.Pool.Exec(context.Background(), `INSERT INTO supervision_records (id, placement_id, kind, status, author_id, author_side,
		content, occurred_at, created_at, updated_at) VALUES ($1, $2, 'patrol', 'countersigned', $3, 'school', '在岗', now(), now(), now())`,
		uuid.Must(uuid.NewV7()), f.placement, f.app.UserID("teacher1")); err != nil {
		t.Fatal(err)
	}
	got = read()
	if !got["logs"] || !got["report"] || !got["patrol_records"] || got["assessment"] {
		t.Fatalf("after logs, report and a patrol: %v", got)
	}
	must(t, f.app.Login("county1").Get(path), 200, "the county reads")
	must(t, f.county2.Get(path), 404, "another county reads")
	must(t, f.otherSchool.Get(path), 404, "another school reads")
	must(t, f.teacher.Get(path), 403, "a teacher reads")
}
