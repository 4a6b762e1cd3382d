package supervision_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/platform/apitest"
	"huhang/internal/supervision"
	"huhang/internal/testapp"
)

type record struct {
	ID, Status, Kind, Content string
	PlacementID               string   `json:"placement_id"`
	AuthorSide                string   `json:"author_side"`
	AckDueAt                  *string  `json:"ack_due_at"`
	Overdue                   bool     `json:"overdue"`
	Outcome                   *string  `json:"outcome"`
	DisputeReason             *string  `json:"dispute_reason"`
	HasPhoto                  bool     `json:"has_photo"`
	CountersignedName         *string  `json:"countersigned_by_name"`
	AcknowledgedName          *string  `json:"acknowledged_by_name"`
	Can                       []string `json:"can"`
}

// placementOf is the demo placement of a 南江 student (teacher2 instructs, mentor2 mentors).
func placementOf(t *testing.T, app *testapp.App, student string) string {
	t.Helper()
	var id string
	err := app.DB.Pool.QueryRow(context.Background(), `SELECT pl.id::text FROM placements pl JOIN students st ON st.id = pl.student_id
		WHERE st.name = $1 AND pl.status IN ('active', 'confirmed') ORDER BY pl.created_at DESC LIMIT 1`, student).Scan(&id)
	if err != nil {
		t.Fatalf("placement of %s: %v", student, err)
	}
	return id
}

func count(t *testing.T, app *testapp.App, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := app.DB.Pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func want(t *testing.T, r *apitest.Response, code int, what string) *apitest.Response {
	t.Helper()
	if r.Code != code {
		t.Fatalf("%s: got %d, want %d: %s", what, r.Code, code, r.Body)
	}
	return r
}

func feedHas(t *testing.T, c *apitest.Client, kind, subject string) (string, bool) {
	t.Helper()
	var f struct {
		Items []struct {
			Kind, Severity, Title, Detail string
			Subject                       struct{ ID string }
		}
	}
	want(t, c.Get("/api/v1/todos"), 200, "todos").JSON(&f)
	for _, it := range f.Items {
		if it.Kind == kind && it.Subject.ID == subject {
			return it.Severity, true
		}
	}
	return "", false
}

func talkBody(content string) map[string]any {
	return map[string]any{"kind": "talk", "content": content, "occurred_at": testapp.Start.Add(-time.Hour).Format(time.RFC3339)}
}

// A talk by the instructor: the author cannot countersign it, outsiders do
// not see the placement, the mentor countersigns once; the mentor's
// evaluation is the instructor's to countersign or dispute. Each answer
// shows in the right feed and leaves it once done.
func TestJointRecordCountersignAndDispute(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	teacher, mentor := app.Login("teacher2"), app.Login("mentor2")
	pl := placementOf(t, app, "张浩宇")
	base := "/api/v1/placements/" + pl + "/records"

	var talk record
	want(t, teacher.PostJSON(base, talkBody("与学生谈心：工作适应良好。")), 201, "talk").JSON(&talk)
	if talk.Status != "awaiting_countersign" || talk.AuthorSide != "school" || len(talk.Can) != 0 {
		t.Fatalf("new talk: %+v", talk)
	}
	r := want(t, teacher.PostJSON("/api/v1/records/"+talk.ID+"/countersign", nil), 403, "author countersigns")
	if !strings.Contains(r.Body.String(), "本人") {
		t.Fatalf("the refusal says why: %s", r.Body)
	}
	// Not assigned to the placement: 404 for the other county's instructor and mentor, and for its records.
	for _, who := range []string{"teacher1", "mentor1"} {
		c := app.Login(who)
		want(t, c.PostJSON(base, talkBody("外人记录")), 404, who+" writes on a foreign placement")
		want(t, c.Get(base), 404, who+" lists a foreign placement's records")
		want(t, c.PostJSON("/api/v1/records/"+talk.ID+"/countersign", nil), 404, who+" countersigns a foreign record")
	}
	// The school reads but does not write joint records.
	want(t, app.Login("school2").PostJSON(base, talkBody("学校记录")), 403, "school admin writes")
	want(t, app.Login("county1").Get("/api/v1/records/"+talk.ID), 404, "another county reads")
	want(t, app.Login("county2").Get("/api/v1/records/"+talk.ID), 200, "the competent county reads")

	if _, ok := feedHas(t, mentor, "record.countersign", talk.ID); !ok {
		t.Fatal("the mentor's feed lacks the talk to countersign")
	}
	var signed record
	want(t, mentor.PostJSON("/api/v1/records/"+talk.ID+"/countersign", nil), 200, "mentor countersigns").JSON(&signed)
	if signed.Status != "countersigned" || signed.CountersignedName == nil || *signed.CountersignedName != "郑师傅" {
		t.Fatalf("countersigned: %+v", signed)
	}
	want(t, mentor.PostJSON("/api/v1/records/"+talk.ID+"/countersign", nil), 409, "second countersign")
	want(t, mentor.PostJSON("/api/v1/records/"+talk.ID+"/dispute", map[string]string{"reason": "晚了"}), 409, "dispute after countersign")
	if _, ok := feedHas(t, mentor, "record.countersign", talk.ID); ok {
		t.Fatal("the countersigned talk stays in the mentor's feed")
	}

	var eval record
	want(t, mentor.PostJSON(base, map[string]any{"kind": "evaluation", "content": "阶段评价：表现良好。",
		"occurred_at": testapp.Start.Format(time.RFC3339)}), 201, "evaluation").JSON(&eval)
	if eval.AuthorSide != "enterprise" {
		t.Fatalf("evaluation side: %+v", eval)
	}
	if _, ok := feedHas(t, teacher, "record.countersign", eval.ID); !ok {
		t.Fatal("the instructor's feed lacks the evaluation to countersign")
	}
	var got record
	want(t, teacher.Get("/api/v1/records/"+eval.ID), 200, "get").JSON(&got)
	if strings.Join(got.Can, ",") != "countersign,dispute" {
		t.Fatalf("the instructor may countersign or dispute: %v", got.Can)
	}
	r = want(t, teacher.PostJSON("/api/v1/records/"+eval.ID+"/dispute", map[string]string{"reason": "  "}), 400, "dispute without reason")
	if !strings.Contains(r.Body.String(), `"reason"`) {
		t.Fatalf("the reason is named: %s", r.Body)
	}
	want(t, teacher.PostJSON("/api/v1/records/"+eval.ID+"/dispute", map[string]string{"reason": "评价与巡查所见不符，学生本周两次迟到。"}), 200, "dispute").JSON(&got)
	if got.Status != "disputed" || got.DisputeReason == nil {
		t.Fatalf("disputed: %+v", got)
	}
	want(t, mentor.PostJSON("/api/v1/records/"+eval.ID+"/countersign", nil), 409, "countersign after dispute")
	if _, ok := feedHas(t, teacher, "record.countersign", eval.ID); ok {
		t.Fatal("the disputed evaluation stays in the instructor's feed")
	}
	if n := count(t, app, `SELECT count(*) FROM audit_events WHERE subject_id = $1 AND action LIKE 'supervision_record.%'`, eval.ID); n != 2 {
		t.Fatalf("audit events of the evaluation: %d, want create and dispute", n)
	}
}

// Bad input names every field and writes nothing.
func TestBadRecordNamesFieldsAndWritesNothing(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	teacher := app.Login("teacher2")
	pl := placementOf(t, app, "张浩宇")
	before := count(t, app, `SELECT count(*) FROM supervision_records`)
	audits := count(t, app, `SELECT count(*) FROM audit_events WHERE action NOT LIKE 'file.%'`)
	r := want(t, teacher.PostJSON("/api/v1/placements/"+pl+"/records", map[string]any{"kind": "gossip", "content": "",
		"occurred_at": testapp.Start.Add(48 * time.Hour).Format(time.RFC3339)}), 400, "bad record")
	for _, f := range []string{`"kind"`, `"content"`, `"occurred_at"`} {
		if !strings.Contains(r.Body.String(), f) {
			t.Errorf("%s not named: %s", f, r.Body)
		}
	}
	r = want(t, teacher.PostJSON("/api/v1/placements/"+pl+"/records", map[string]any{"kind": "incident", "content": "学生受伤",
		"occurred_at": "yesterday", "incident_kind": "fire", "place": "", "action_taken": ""}), 400, "bad incident")
	for _, f := range []string{`"occurred_at"`, `"incident_kind"`, `"place"`, `"action_taken"`} {
		if !strings.Contains(r.Body.String(), f) {
			t.Errorf("%s not named: %s", f, r.Body)
		}
	}
	// A photo over 5 MB (the upload itself allows 10 MB for scans) is refused by name.
	big := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, supervision.MaxPhotoBytes+1)...)
	var f struct{ ID string }
	want(t, teacher.Upload("/api/v1/files", "file", "现场.png", big), 201, "upload").JSON(&f)
	body := talkBody("现场照片")
	body["photo_file_id"] = f.ID
	r = want(t, teacher.PostJSON("/api/v1/placements/"+pl+"/records", body), 400, "oversize photo")
	if !strings.Contains(r.Body.String(), `"photo_file_id"`) || !strings.Contains(r.Body.String(), "5 MB") {
		t.Fatalf("the photo is named with its limit: %s", r.Body)
	}
	if count(t, app, `SELECT count(*) FROM supervision_records`) != before ||
		count(t, app, `SELECT count(*) FROM audit_events WHERE action NOT LIKE 'file.%'`) != audits {
		t.Fatal("a refused record wrote something")
	}
	// A small photo attaches and is served to those who see the record.
	tiny := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde")
	want(t, teacher.Upload("/api/v1/files", "file", "现场.png", tiny), 201, "upload").JSON(&f)
	body["photo_file_id"] = f.ID
	var rec record
	want(t, teacher.PostJSON("/api/v1/placements/"+pl+"/records", body), 201, "with photo").JSON(&rec)
	if !rec.HasPhoto {
		t.Fatalf("photo not attached: %+v", rec)
	}
	want(t, app.Login("mentor2").Get("/api/v1/records/"+rec.ID+"/photo"), 200, "photo")
	want(t, app.Login("mentor1").Get("/api/v1/records/"+rec.ID+"/photo"), 404, "foreign photo")
}

// Two countersigns at once: one wins, the other is told it is done.
func TestConcurrentCountersignOneWins(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	pl := placementOf(t, app, "张浩宇")
	var talk record
	want(t, app.Login("teacher2").PostJSON("/api/v1/placements/"+pl+"/records", talkBody("谈心")), 201, "talk").JSON(&talk)
	clients := []*apitest.Client{app.Login("mentor2"), app.Login("mentor2")}
	codes := make([]int, 2)
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = c.PostJSON("/api/v1/records/"+talk.ID+"/countersign", nil).Code
		}()
	}
	wg.Wait()
	if !(codes[0] == 200 && codes[1] == 409) && !(codes[0] == 409 && codes[1] == 200) {
		t.Fatalf("concurrent countersigns answered %v, want one 200 and one 409", codes)
	}
	if n := count(t, app, `SELECT count(*) FROM audit_events WHERE subject_id = $1 AND action = 'supervision_record.countersign'`, talk.ID); n != 1 {
		t.Fatalf("countersign audited %d times", n)
	}
}

// An incident a student reports: it marks the placement, reaches the
// school, the instructor and the competent county (critical once past the
// school's time), not the other county; the city sees it in its list. The
// school acknowledges and closes it with what was done.
func TestIncidentReachesSchoolAndBureau(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	student, school, county, teacher := app.Login("student2"), app.Login("school2"), app.Login("county2"), app.Login("teacher2")
	pl := placementOf(t, app, "李思琪")
	var list struct {
		Items         []record
		OpenIncidents int `json:"open_incidents"`
	}
	want(t, student.Get("/api/v1/placements/"+pl+"/records"), 200, "student list").JSON(&list)
	open := list.OpenIncidents
	want(t, student.PostJSON("/api/v1/placements/"+pl+"/records", talkBody("学生谈心")), 403, "a student writes a talk")

	var inc record
	want(t, student.PostJSON("/api/v1/placements/"+pl+"/records", map[string]any{"kind": "incident", "incident_kind": "abuse",
		"content": "带班组长当众辱骂并推搡学生。", "place": "游客中心", "occurred_at": testapp.Start.Add(-10 * time.Minute).Format(time.RFC3339)}),
		201, "student reports").JSON(&inc)
	if inc.Status != "reported" || inc.AuthorSide != "student" || inc.AckDueAt == nil || inc.Overdue {
		t.Fatalf("reported: %+v", inc)
	}
	due, _ := time.Parse(time.RFC3339, *inc.AckDueAt)
	if !due.Equal(testapp.Start.Add(2 * time.Hour)) {
		t.Fatalf("acknowledgement due %s, want the default two hours", due)
	}
	want(t, teacher.Get("/api/v1/placements/"+pl+"/records"), 200, "list").JSON(&list)
	if list.OpenIncidents != open+1 {
		t.Fatalf("the placement is not marked: %d open, was %d", list.OpenIncidents, open)
	}
	for who, c := range map[string]*apitest.Client{"school2": school, "teacher2": teacher} {
		if sev, ok := feedHas(t, c, "incident.acknowledge", inc.ID); !ok || sev != "serious" {
			t.Fatalf("%s: incident to acknowledge %v %s", who, ok, sev)
		}
	}
	if sev, ok := feedHas(t, county, "incident.unacknowledged", inc.ID); !ok || sev != "serious" {
		t.Fatalf("county2: unacknowledged incident %v %s", ok, sev)
	}
	if _, ok := feedHas(t, app.Login("county1"), "incident.unacknowledged", inc.ID); ok {
		t.Fatal("county1 is told of 南江's incident")
	}
	incidents := func(c *apitest.Client) string {
		var l struct{ Items []record }
		want(t, c.Get("/api/v1/incidents?status=open"), 200, "incidents").JSON(&l)
		var ids []string
		for _, r := range l.Items {
			ids = append(ids, r.ID)
		}
		return strings.Join(ids, ",")
	}
	if !strings.Contains(incidents(app.Login("city1")), inc.ID) || strings.Contains(incidents(app.Login("county1")), inc.ID) ||
		!strings.Contains(incidents(county), inc.ID) || !strings.Contains(incidents(school), inc.ID) {
		t.Fatal("incident lists are not scoped to the school and its bureaus")
	}
	want(t, app.Login("school1").Get("/api/v1/records/"+inc.ID), 404, "another school reads")

	app.Clock.Advance(3 * time.Hour)
	// Access tokens last 15 minutes: sign in again after the clock moved.
	student, school, county, teacher = app.Login("student2"), app.Login("school2"), app.Login("county2"), app.Login("teacher2")
	if sev, _ := feedHas(t, county, "incident.unacknowledged", inc.ID); sev != "critical" {
		t.Fatalf("overdue incident for the county: %q, want critical", sev)
	}
	if sev, _ := feedHas(t, school, "incident.acknowledge", inc.ID); sev != "critical" {
		t.Fatalf("overdue incident for the school: %q, want critical", sev)
	}
	want(t, school.PostJSON("/api/v1/records/"+inc.ID+"/close", map[string]string{"outcome": "已处理"}), 409, "close before acknowledge")
	want(t, student.PostJSON("/api/v1/records/"+inc.ID+"/acknowledge", nil), 403, "the student acknowledges")
	want(t, app.Login("mentor2").PostJSON("/api/v1/records/"+inc.ID+"/acknowledge", nil), 403, "the mentor acknowledges")
	want(t, teacher.PostJSON("/api/v1/records/"+inc.ID+"/acknowledge", nil), 200, "instructor acknowledges").JSON(&inc)
	if inc.Status != "acknowledged" || inc.AcknowledgedName == nil || *inc.AcknowledgedName != "钱志远" {
		t.Fatalf("acknowledged: %+v", inc)
	}
	want(t, school.PostJSON("/api/v1/records/"+inc.ID+"/acknowledge", nil), 409, "acknowledged twice")
	for who, c := range map[string]*apitest.Client{"school2": school, "teacher2": teacher, "county2": county} {
		for _, kind := range []string{"incident.acknowledge", "incident.unacknowledged"} {
			if _, ok := feedHas(t, c, kind, inc.ID); ok {
				t.Fatalf("%s: the acknowledged incident stays in the feed", who)
			}
		}
	}
	want(t, school.PostJSON("/api/v1/records/"+inc.ID+"/close", map[string]string{"outcome": ""}), 400, "close without outcome")
	want(t, school.PostJSON("/api/v1/records/"+inc.ID+"/close", map[string]string{"outcome": "已约谈企业，调离该组长，学生情绪稳定。"}), 200, "close").JSON(&inc)
	if inc.Status != "closed" || inc.Outcome == nil {
		t.Fatalf("closed: %+v", inc)
	}
	want(t, teacher.Get("/api/v1/placements/"+pl+"/records"), 200, "list").JSON(&list)
	if list.OpenIncidents != open {
		t.Fatalf("a closed incident still marks the placement: %d", list.OpenIncidents)
	}
}

// The hook for A-INCIDENT runs inside the reporting transaction: it sees
// the new row, and when it fails nothing of the report is left.
func TestIncidentHookRunsInTheReportingTransaction(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	pl := placementOf(t, app, "张浩宇")
	fail := true
	var seen []uuid.UUID
	app.Services.Supervision.OnIncident(func(ctx context.Context, tx pgx.Tx, in supervision.Record) error {
		var status string
		if err := tx.QueryRow(ctx, `SELECT status FROM supervision_records WHERE id = $1`, in.ID).Scan(&status); err != nil {
			return err
		}
		seen = append(seen, in.ID)
		if fail {
			return errors.New("alerts: outbox unavailable")
		}
		return nil
	})
	body := map[string]any{"kind": "incident", "incident_kind": "missing", "content": "学生下班后未返回宿舍，电话无人接听。",
		"place": "员工宿舍", "action_taken": "已联系家长并报告学校。", "occurred_at": testapp.Start.Format(time.RFC3339)}
	before := count(t, app, `SELECT count(*) FROM supervision_records`)
	audits := count(t, app, `SELECT count(*) FROM audit_events WHERE action = 'incident.report'`)
	// Through the service: a failing hook is a 500, which the API document does not promise.
	creds, err := app.Orgs.CredentialsByUsername(t.Context(), "teacher2")
	if err != nil {
		t.Fatal(err)
	}
	_, err = app.Services.Supervision.CreateRecord(t.Context(), creds.Actor, uuid.MustParse(pl), supervision.NewRecord{
		Kind: supervision.KindIncident, IncidentKind: "missing", Content: "学生下班后未返回宿舍，电话无人接听。", Place: "员工宿舍",
		ActionTaken: "已联系家长并报告学校。", OccurredAt: testapp.Start}, nil)
	if err == nil || !strings.Contains(err.Error(), "outbox unavailable") {
		t.Fatalf("the hook's failure is the report's: %v", err)
	}
	if len(seen) != 1 || count(t, app, `SELECT count(*) FROM supervision_records`) != before ||
		count(t, app, `SELECT count(*) FROM audit_events WHERE action = 'incident.report'`) != audits {
		t.Fatalf("a failed hook left the report behind (hook ran %d times)", len(seen))
	}
	fail = false
	var inc record
	want(t, app.Login("mentor2").PostJSON("/api/v1/placements/"+pl+"/records", body), 201, "report").JSON(&inc)
	if len(seen) != 2 || seen[1].String() != inc.ID {
		t.Fatalf("the hook saw %v, want the new incident %s", seen, inc.ID)
	}
	// A talk is not an incident: no hook.
	want(t, app.Login("teacher2").PostJSON("/api/v1/placements/"+pl+"/records", talkBody("谈心")), 201, "talk")
	if len(seen) != 2 {
		t.Fatal("the incident hook ran for a talk")
	}
}
