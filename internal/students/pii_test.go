package students_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/apitest"
	"huhang/internal/platform/clock"
	"huhang/internal/seed"
	"huhang/internal/students"
	"huhang/internal/testapp"
)

func TestMasks(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"13912345678": "139****5678", "": "", "1234567": "*******", "12345678": "123*5678"} {
		if got := students.MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"张三": "张*", "欧阳娜娜": "欧阳**", "欧阳娜": "欧阳*", "李小龙": "李**", "王": "*", "": "",
		"欧阳": "欧*", "阿卜杜·热合曼": "阿******"} {
		if got := students.MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWhoSeesContactsWhole pins the policy per role: whole for the student's
// own school and the student, masked for everyone else; the audited view for
// all but enterprises.
func TestWhoSeesContactsWhole(t *testing.T) {
	t.Parallel()
	school, other, user := newID(), newID(), newID()
	st := students.Student{SchoolID: school, UserID: &user}
	cases := []struct {
		actor       auth.Actor
		whole, view bool
	}{
		{auth.Actor{Role: auth.RoleSchoolAdmin, OrgID: &school}, true, true},
		{auth.Actor{Role: auth.RoleSchoolAdmin, OrgID: &other}, false, true},
		{auth.Actor{Role: auth.RoleStudent, UserID: user, OrgID: &school}, true, true},
		{auth.Actor{Role: auth.RoleStudent, UserID: newID(), OrgID: &school}, false, true},
		{auth.Actor{Role: auth.RoleBureauAuditor, DivisionCode: "511921"}, false, true},
		{auth.Actor{Role: auth.RolePlatformAdmin}, false, true},
		{auth.Actor{Role: auth.RoleTeacher, OrgID: &school}, false, true},
		{auth.Actor{Role: auth.RoleEnterpriseAdmin, OrgID: &other}, false, false},
		{auth.Actor{Role: auth.RoleEnterpriseMentor, OrgID: &other}, false, false},
		{auth.System, false, false},
	}
	for _, c := range cases {
		if got := students.SeesContactsWhole(c.actor, st); got != c.whole {
			t.Errorf("%s (org %v): whole %v, want %v", c.actor.Role, c.actor.OrgID, got, c.whole)
		}
		if got := students.MayViewContact(c.actor); got != c.view {
			t.Errorf("%s: may view %v, want %v", c.actor.Role, got, c.view)
		}
	}
}

func newID() uuid.UUID { return uuid.New() }

// badCheck is id with a wrong check character.
func badCheck(id string) string {
	if id[17] == '0' {
		return id[:17] + "1"
	}
	return id[:17] + "0"
}

type contactResp struct {
	ID            string `json:"id"`
	Phone         string `json:"phone"`
	GuardianName  string `json:"guardian_name"`
	GuardianPhone string `json:"guardian_phone"`
	ContactMasked bool   `json:"contact_masked"`
}

type contactList struct {
	Items      []contactResp `json:"items"`
	NextCursor *string       `json:"next_cursor"`
}

func countEvents(t *testing.T, app *testapp.App, action, subject string) int {
	t.Helper()
	var n int
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_events WHERE action = $1
		AND ($2 = '' OR subject_id = $2)`, action, subject).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func findByName(t *testing.T, c *apitest.Client, name string) []contactResp {
	t.Helper()
	r := c.Get("/api/v1/students?q=" + url.QueryEscape(name))
	if r.Code != 200 {
		t.Fatalf("list: %d %s", r.Code, r.Body)
	}
	var l contactList
	r.JSON(&l)
	return l.Items
}

func TestContactsMaskedPerRole(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	school := app.Login("school1")
	var st studentResp
	r := school.PostJSON("/api/v1/students", app.StudentBody(map[string]any{"name": "联系测试生", "phone": "13912345678",
		"guardian_name": "欧阳娜娜", "guardian_phone": "13787654321"}))
	if r.Code != 201 {
		t.Fatalf("create: %d %s", r.Code, r.Body)
	}
	r.JSON(&st)
	whole := contactResp{ID: st.ID, Phone: "13912345678", GuardianName: "欧阳娜娜", GuardianPhone: "13787654321"}
	masked := contactResp{ID: st.ID, Phone: "139****5678", GuardianName: "欧阳**", GuardianPhone: "137****4321", ContactMasked: true}
	if r := school.PostJSON("/api/v1/students/"+st.ID+"/account", map[string]any{"username": "stu-contact", "password": "Yangguang-2026"}); r.Code != 201 {
		t.Fatalf("account: %d %s", r.Code, r.Body)
	}

	one := func(who string, c *apitest.Client, want *contactResp) {
		t.Helper()
		items := findByName(t, c, "联系测试生")
		if want == nil {
			if len(items) != 0 {
				t.Errorf("%s must not list the student: %+v", who, items)
			}
			return
		}
		if len(items) != 1 || items[0] != *want {
			t.Errorf("%s list: %+v, want %+v", who, items, *want)
		}
		var got contactResp
		if r := c.Get("/api/v1/students/" + st.ID); r.Code != 200 {
			t.Errorf("%s detail: %d", who, r.Code)
		} else if r.JSON(&got); got != *want {
			t.Errorf("%s detail: %+v, want %+v", who, got, *want)
		}
	}
	one("the student's school", school, &whole)
	one("the county bureau", app.Login("county1"), &masked)
	one("the platform administrator", app.Login("admin"), &masked)
	one("the student", app.LoginWith("stu-contact", "Yangguang-2026"), &whole)
	one("another school", app.Login("school2"), nil)
	one("another county", app.Login("county2"), nil)
	one("a teacher", app.Login("teacher1"), nil)
	one("an enterprise", app.Login("ent1"), nil)
	one("a mentor", app.Login("mentor1"), nil)
	if n := countEvents(t, app, "student.view_contact", st.ID); n != 0 {
		t.Fatalf("lists and details wrote %d contact views", n)
	}

	// The audited full view: whole, and exactly one event per call.
	county := app.Login("county1")
	r = county.Get("/api/v1/students/" + st.ID + "/contact")
	var c struct{ Phone, GuardianName, GuardianPhone string }
	if r.Code != 200 || r.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("contact view: %d %v", r.Code, r.Header())
	}
	if err := json.Unmarshal(r.Body.Bytes(), &struct {
		Phone         *string `json:"phone"`
		GuardianName  *string `json:"guardian_name"`
		GuardianPhone *string `json:"guardian_phone"`
	}{&c.Phone, &c.GuardianName, &c.GuardianPhone}); err != nil {
		t.Fatal(err)
	}
	if c.Phone != whole.Phone || c.GuardianName != whole.GuardianName || c.GuardianPhone != whole.GuardianPhone {
		t.Fatalf("contact view must be whole: %+v", c)
	}
	if n := countEvents(t, app, "student.view_contact", st.ID); n != 1 {
		t.Fatalf("one view, %d events", n)
	}
	var actor, division string
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT actor_username, division_code FROM audit_events
		WHERE action = 'student.view_contact' AND subject_id = $1`, st.ID).Scan(&actor, &division); err != nil || actor != "county1" || division == "" {
		t.Fatalf("the event names the viewer and the school's division: %q %q %v", actor, division, err)
	}
	county.Get("/api/v1/students/" + st.ID + "/contact")
	if n := countEvents(t, app, "student.view_contact", st.ID); n != 2 {
		t.Fatalf("two views, %d events", n)
	}
	// Out of scope: 404 and nothing written.
	for _, who := range []string{"county2", "school2", "ent1", "mentor1", "teacher1"} {
		if r := app.Login(who).Get("/api/v1/students/" + st.ID + "/contact"); r.Code != 404 {
			t.Errorf("%s contact view: %d", who, r.Code)
		}
	}
	if n := countEvents(t, app, "student.view_contact", st.ID); n != 2 {
		t.Fatalf("refused views wrote events: %d", n)
	}
}

func TestPlatformAdminListIsAuditedOncePerRequest(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	admin := app.Login("admin")
	schoolID := app.OrgID("通江县职业高级中学")
	before := countEvents(t, app, "student.list", "")
	r := admin.Get("/api/v1/students?limit=3&class=" + url.QueryEscape("测试1班") + "&q=" + url.QueryEscape("学生") + "&school_id=" + schoolID.String())
	if r.Code != 200 {
		t.Fatalf("list: %d %s", r.Code, r.Body)
	}
	r = admin.Get("/api/v1/students?limit=5")
	var page contactList
	r.JSON(&page)
	if r.Code != 200 || len(page.Items) != 5 {
		t.Fatalf("second list: %d %d", r.Code, len(page.Items))
	}
	if n := countEvents(t, app, "student.list", "") - before; n != 2 {
		t.Fatalf("two list requests, %d events", n)
	}
	var after []byte
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT after FROM audit_events WHERE action = 'student.list'
		ORDER BY id LIMIT 1`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	var filter map[string]any
	if err := json.Unmarshal(after, &filter); err != nil {
		t.Fatal(err)
	}
	if filter["q"] != "学生" || filter["class"] != "测试1班" || filter["school_id"] != schoolID.String() {
		t.Fatalf("the event names the filter: %s", after)
	}
	// Other roles' lists are scoped to their own organisation or subtree and not audited.
	app.Login("school1").Get("/api/v1/students")
	app.Login("county1").Get("/api/v1/students")
	if n := countEvents(t, app, "student.list", "") - before; n != 2 {
		t.Fatalf("only the platform administrator's lists are audited: %d", n)
	}
}

func TestIDNumberSearchUsesPOST(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	school := app.Login("school1")
	id := seed.IDNumber("511921", clock.Date{Year: 2007, Month: time.May, Day: 9}, 517, false)
	var st studentResp
	school.PostJSON("/api/v1/students", app.StudentBody(map[string]any{"id_number": id})).JSON(&st)

	for _, q := range []string{id, strings.ToLower(id), id[:6] + " " + id[6:], badCheck(id), "123456789012345"} {
		r := school.Get("/api/v1/students?q=" + url.QueryEscape(q))
		if r.Code != 400 || r.ErrorCode() != "ID_NUMBER_IN_QUERY" || !strings.Contains(r.Body.String(), `"field":"q"`) ||
			!strings.Contains(r.Body.String(), "POST /api/v1/students/search") {
			t.Errorf("GET with ID number %q: %d %s", q, r.Code, r.Body)
		}
	}
	// Student numbers and names of other lengths still search.
	for _, q := range []string{"T00", "1234567890123456", "测试"} {
		if r := school.Get("/api/v1/students?q=" + url.QueryEscape(q)); r.Code != 200 {
			t.Errorf("GET q=%s: %d %s", q, r.Code, r.Body)
		}
	}

	search := func(c *apitest.Client, body any) (int, contactList) {
		r := c.PostJSON("/api/v1/students/search", body)
		var l contactList
		if r.Code == 200 {
			r.JSON(&l)
		}
		return r.Code, l
	}
	if code, l := search(school, map[string]string{"id_number": strings.ToLower(id)}); code != 200 || len(l.Items) != 1 || l.Items[0].ID != st.ID {
		t.Fatalf("POST search by the whole number: %d %+v", code, l)
	}
	if code, l := search(app.Login("county1"), map[string]string{"id_number": id}); code != 200 || len(l.Items) != 1 || !l.Items[0].ContactMasked {
		t.Fatalf("the county finds it, masked: %d %+v", code, l)
	}
	if code, l := search(app.Login("school2"), map[string]string{"id_number": id}); code != 200 || len(l.Items) != 0 {
		t.Fatalf("another school finds nothing: %d %+v", code, l)
	}
	before := countEvents(t, app, "student.list", "")
	if code, l := search(app.Login("admin"), map[string]string{"id_number": id}); code != 200 || len(l.Items) != 1 {
		t.Fatalf("admin search: %d %+v", code, l)
	}
	if n := countEvents(t, app, "student.list", "") - before; n != 1 {
		t.Fatalf("an admin search is audited once: %d", n)
	}
	var after string
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT after::text FROM audit_events WHERE action = 'student.list'
		ORDER BY id DESC LIMIT 1`).Scan(&after); err != nil || strings.Contains(after, id) || !strings.Contains(after, id[14:]) {
		t.Fatalf("the audit names the masked number, never the whole one: %s %v", after, err)
	}
	for _, body := range []any{map[string]string{"id_number": badCheck(id)}, map[string]string{"id_number": ""}, map[string]any{}} {
		r := school.PostJSON("/api/v1/students/search", body)
		if r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"id_number"`) {
			t.Errorf("bad search %v: %d %s", body, r.Code, r.Body)
		}
	}
}
