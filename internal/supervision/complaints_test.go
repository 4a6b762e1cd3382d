package supervision_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"huhang/internal/auth"
	"huhang/internal/platform/apitest"
	"huhang/internal/platform/workflow/workflowtest"
	"huhang/internal/supervision"
	"huhang/internal/testapp"
)

type receipt struct {
	ID        string `json:"id"`
	Reference string `json:"reference"`
	Code      string `json:"code"`
}

// file posts the public form from a client address of the test's choosing,
// since the limits count per address.
func file(app *testapp.App, ip string, body any) *apitest.Response {
	var raw string
	switch b := body.(type) {
	case string:
		raw = b
	default:
		raw = mustJSON(b)
	}
	req := httptest.NewRequest(http.MethodPost, "/api/v1/complaints", strings.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = ip + ":40000"
	return app.Anonymous().Do(req)
}

func lookup(app *testapp.App, ip, reference, code string) *apitest.Response {
	req := httptest.NewRequest(http.MethodGet, "/api/v1/public/complaints/"+reference+"?code="+code, nil)
	req.RemoteAddr = ip + ":40000"
	return app.Anonymous().Do(req)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func complaintCount(t *testing.T, app *testapp.App) int {
	t.Helper()
	return count(t, app, `SELECT count(*) FROM complaints`)
}

func mustFile(t *testing.T, app *testapp.App, ip string, body any) receipt {
	t.Helper()
	r := file(app, ip, body)
	if r.Code != 201 {
		t.Fatalf("file complaint: %d %s", r.Code, r.Body)
	}
	var rc receipt
	r.JSON(&rc)
	return rc
}

func TestComplaintLifecycleTable(t *testing.T) {
	S := func(s ...supervision.ComplaintStatus) []supervision.ComplaintStatus { return s }
	type move = workflowtest.Move[supervision.ComplaintStatus, supervision.ComplaintAction, auth.Role]
	bureau := auth.RoleBureauAuditor
	var moves []move
	moves = append(moves, move{From: supervision.ComplaintReceived, Action: supervision.ComplaintStart, Role: bureau, To: supervision.ComplaintTriaging})
	for _, from := range S(supervision.ComplaintReceived, supervision.ComplaintTriaging) {
		moves = append(moves,
			move{From: from, Action: supervision.ComplaintResolve, Role: bureau, To: supervision.ComplaintResolved},
			move{From: from, Action: supervision.ComplaintDismiss, Role: bureau, To: supervision.ComplaintDismissed},
			move{From: from, Action: supervision.ComplaintRefer, Role: bureau, To: supervision.ComplaintReferred})
	}
	workflowtest.Exactly(t, supervision.ComplaintLifecycle,
		S(supervision.ComplaintReceived, supervision.ComplaintTriaging, supervision.ComplaintResolved, supervision.ComplaintDismissed,
			supervision.ComplaintReferred),
		append(append([]auth.Role{}, auth.Roles...), auth.RoleSystem), moves)
}

// TestComplaintRouting: the school named decides; else the host enterprise
// the name matches; else the city bureau, and the note says why.
func TestComplaintRouting(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := context.Background()
	nanjiangSchool := app.OrgID("南江县小河职业中学").String()
	cases := []struct {
		name        string
		body        map[string]any
		bureau      string
		basis       string
		note        string
		matchedWith string
	}{
		{"school named", map[string]any{"school_id": nanjiangSchool, "content": "实习单位加班"}, "南江县教育局", "school", "南江县小河职业中学", ""},
		{"school beats enterprise", map[string]any{"school_id": app.OrgID("通江县职业高级中学").String(),
			"enterprise_name": "南江县光雾山旅游服务有限公司", "content": "扣押身份证"}, "通江县教育局", "school", "通江县职业高级中学", "南江县光雾山旅游服务有限公司"},
		{"city-level school", map[string]any{"school_id": app.OrgID("巴中职业技术学院").String(), "content": "收取实习管理费"}, "巴中市教育体育局", "school", "巴中职业技术学院", ""},
		{"enterprise exact", map[string]any{"enterprise_name": "通江县银耳食品有限公司", "content": "夜班"}, "通江县教育局", "enterprise", "通江县银耳食品有限公司", "通江县银耳食品有限公司"},
		{"enterprise partial, spaces dropped", map[string]any{"enterprise_name": " 光雾山 旅游服务 ", "content": "不发工资"}, "南江县教育局", "enterprise", "部分相符", "南江县光雾山旅游服务有限公司"},
		{"enterprise outside the platform's bureaus", map[string]any{"enterprise_name": "成都蓉芯电子科技有限公司", "content": "工时过长"}, "巴中市教育体育局", "default", "没有登记的教育局", "成都蓉芯电子科技有限公司"},
		{"ambiguous enterprise", map[string]any{"enterprise_name": "有限公司", "content": "押金"}, "巴中市教育体育局", "default", "多家", ""},
		{"unknown enterprise", map[string]any{"enterprise_name": "某某不存在的厂", "content": "押金"}, "巴中市教育体育局", "default", "未找到登记企业", ""},
		{"nothing named", map[string]any{"content": "实习太累"}, "巴中市教育体育局", "default", "未指明学校或实习单位", ""},
	}
	for i, tc := range cases {
		rc := mustFile(t, app, fmt.Sprintf("198.51.100.%d", i+1), tc.body)
		var bureau, basis, note, matched string
		err := app.DB.Pool.QueryRow(ctx, `SELECT b.name, c.route_basis, c.route_note, COALESCE(e.name, '') FROM complaints c
			JOIN orgs b ON b.id = c.bureau_id LEFT JOIN orgs e ON e.id = c.enterprise_id WHERE c.id = $1`, rc.ID).Scan(&bureau, &basis, &note, &matched)
		if err != nil {
			t.Fatal(err)
		}
		if bureau != tc.bureau || basis != tc.basis || !strings.Contains(note, tc.note) || matched != tc.matchedWith {
			t.Errorf("%s: routed to %s (%s: %s), enterprise %q; want %s (%s, note with %q), enterprise %q",
				tc.name, bureau, basis, note, matched, tc.bureau, tc.basis, tc.note, tc.matchedWith)
		}
		if !strings.HasPrefix(rc.Reference, "TS-20261128-") || len(rc.Reference) != len("TS-20261128-XXXX") || len(rc.Code) != 14 {
			t.Errorf("%s: reference %q, code %q", tc.name, rc.Reference, rc.Code)
		}
	}
	// Only a hash of the code is kept, and the audit trail names the public.
	var stored, who string
	if err := app.DB.Pool.QueryRow(ctx, `SELECT c.code_hash, a.actor_username || '/' || a.actor_role || '/' || a.client_ip FROM complaints c
		JOIN audit_events a ON a.subject_id = c.id::text AND a.action = 'complaint.file' WHERE c.client_ip = '198.51.100.1'`).Scan(&stored, &who); err != nil {
		t.Fatal(err)
	}
	if len(stored) != 64 || who != "anonymous/public/198.51.100.1" {
		t.Fatalf("stored %q, audited as %q", stored, who)
	}
}

// TestComplaintBadInput: every bad field named, nothing written, and a
// 100 kB body refused before it is read.
func TestComplaintBadInput(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	before := complaintCount(t, app)
	r := file(app, "203.0.113.9", map[string]any{"content": "  ", "contact": strings.Repeat("电", 101),
		"school_id": app.OrgID("南江县光雾山旅游服务有限公司").String()})
	if r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"content"`) || !strings.Contains(r.Body.String(), `"field":"contact"`) {
		t.Fatalf("blank content, long contact: %d %s", r.Code, r.Body)
	}
	// An enterprise's id is not a school's.
	r = file(app, "203.0.113.9", map[string]any{"content": "有问题", "school_id": app.OrgID("南江县光雾山旅游服务有限公司").String()})
	if r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"school_id"`) {
		t.Fatalf("not a school: %d %s", r.Code, r.Body)
	}
	r = file(app, "203.0.113.9", map[string]any{"content": strings.Repeat("长", supervision.MaxComplaintContent+1)})
	if r.Code != 400 || !strings.Contains(r.Body.String(), "不能超过 2000 个字符") {
		t.Fatalf("2001 characters: %d %s", r.Code, r.Body)
	}
	r = file(app, "203.0.113.9", map[string]any{"content": strings.Repeat("x", 100<<10)})
	if r.Code != 413 || r.ErrorCode() != "PAYLOAD_TOO_LARGE" || !strings.Contains(r.Body.String(), "32 KiB") {
		t.Fatalf("100 kB: %d %s", r.Code, r.Body)
	}
	r = file(app, "203.0.113.9", `{"content":"x","extra":1}`)
	if r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"extra"`) {
		t.Fatalf("unknown field: %d %s", r.Code, r.Body)
	}
	if n := complaintCount(t, app); n != before {
		t.Fatalf("bad input wrote %d complaint(s)", n-before)
	}
	// Bad input used none of the address's allowance.
	for i := range 5 {
		if r := file(app, "203.0.113.9", map[string]any{"content": "第" + strconv.Itoa(i) + "件"}); r.Code != 201 {
			t.Fatalf("complaint %d after bad input: %d %s", i+1, r.Code, r.Body)
		}
	}
}

// TestComplaintLimits: five a minute and twenty a day per address; the
// refused one writes nothing and says when to retry.
func TestComplaintLimits(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	body := map[string]any{"content": "实习单位安排夜班"}
	before := complaintCount(t, app)
	for i := 1; i <= 5; i++ {
		if r := file(app, "192.0.2.10", body); r.Code != 201 {
			t.Fatalf("complaint %d of the minute: %d %s", i, r.Code, r.Body)
		}
	}
	r := file(app, "192.0.2.10", body)
	retry, _ := strconv.Atoi(r.Header().Get("Retry-After"))
	if r.Code != 429 || r.ErrorCode() != "RATE_LIMITED" || retry < 1 || retry > 60 || !strings.Contains(r.Body.String(), "每分钟最多提交 5 件") {
		t.Fatalf("6th in a minute: %d Retry-After %q %s", r.Code, r.Header().Get("Retry-After"), r.Body)
	}
	if n := complaintCount(t, app); n != before+5 {
		t.Fatalf("the refused complaint was written: %d new", n-before)
	}
	// Another address is not held up.
	if r := file(app, "192.0.2.11", body); r.Code != 201 {
		t.Fatalf("other address: %d", r.Code)
	}
	// Past the minute, the address files again until twenty in the day.
	for i := 6; i <= 20; i++ {
		if i%5 == 1 {
			app.Clock.Advance(61 * time.Second)
		}
		if r := file(app, "192.0.2.10", body); r.Code != 201 {
			t.Fatalf("complaint %d of the day: %d %s", i, r.Code, r.Body)
		}
	}
	app.Clock.Advance(61 * time.Second)
	r = file(app, "192.0.2.10", body)
	retry, _ = strconv.Atoi(r.Header().Get("Retry-After"))
	if r.Code != 429 || retry < 23*3600 || retry > 24*3600 {
		t.Fatalf("21st in a day: %d Retry-After %q %s", r.Code, r.Header().Get("Retry-After"), r.Body)
	}
	if n := complaintCount(t, app); n != before+21 {
		t.Fatalf("%d written, want 21", n-before)
	}
	app.Clock.Advance(24 * time.Hour)
	if r := file(app, "192.0.2.10", body); r.Code != 201 {
		t.Fatalf("the next day: %d %s", r.Code, r.Body)
	}
}

type publicStatus struct {
	Reference  string  `json:"reference"`
	Status     string  `json:"status"`
	BureauName string  `json:"bureau_name"`
	Reply      *string `json:"reply"`
}

type complaint struct {
	ID            string  `json:"id"`
	Reference     string  `json:"reference"`
	Status        string  `json:"status"`
	BureauName    string  `json:"bureau_name"`
	CanDecide     bool    `json:"can_decide"`
	DaysWaiting   int     `json:"days_waiting"`
	TriageOutcome *string `json:"triage_outcome"`
	PublicReply   *string `json:"public_reply"`
	TriagedBy     string  `json:"triaged_by_name"`
	Awaiting      bool    `json:"awaiting_finding"`
}

// TestComplaintScopeTriageAndStatus: the complainant follows the complaint
// with reference and code; the county it reached decides; the city reads.
func TestComplaintScopeTriageAndStatus(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	rc := mustFile(t, app, "198.51.100.77", map[string]any{"school_id": app.OrgID("南江县小河职业中学").String(),
		"content": "实习单位不给买保险", "contact": "13800000000"})

	// The status with the code; a wrong code and an unknown reference answer alike.
	var st publicStatus
	r := lookup(app, "198.51.100.78", rc.Reference, strings.ToLower(strings.ReplaceAll(rc.Code, "-", "")))
	if r.Code != 200 {
		t.Fatalf("status: %d %s", r.Code, r.Body)
	}
	r.JSON(&st)
	if st.Status != "received" || st.BureauName != "南江县教育局" || st.Reply != nil || strings.Contains(r.Body.String(), "13800000000") {
		t.Fatalf("status: %s", r.Body)
	}
	wrong := lookup(app, "198.51.100.78", rc.Reference, "AAAA-BBBB-CCCC")
	unknown := lookup(app, "198.51.100.78", "TS-20261128-ZZZZ", rc.Code)
	errText := func(r *apitest.Response) string {
		var body struct {
			Error struct{ Code, Message string }
		}
		r.JSON(&body)
		return body.Error.Code + body.Error.Message
	}
	if wrong.Code != 404 || unknown.Code != 404 || errText(wrong) != errText(unknown) {
		t.Fatalf("wrong code %d %s; unknown reference %d %s", wrong.Code, wrong.Body, unknown.Code, unknown.Body)
	}

	county2, county1, city, admin := app.Login("county2"), app.Login("county1"), app.Login("city1"), app.Login("admin")
	inList := func(c *apitest.Client) bool {
		var list struct{ Items []complaint }
		r := c.Get("/api/v1/complaints?limit=200")
		if r.Code != 200 {
			t.Fatalf("list: %d %s", r.Code, r.Body)
		}
		r.JSON(&list)
		for _, x := range list.Items {
			if x.ID == rc.ID {
				return true
			}
		}
		return false
	}
	if !inList(county2) || !inList(city) || !inList(admin) || inList(county1) {
		t.Fatal("the complaint is listed for 南江, the city and the administrator, never for 通江")
	}
	var open struct{ Items []complaint }
	county2.Get("/api/v1/complaints?status=open").JSON(&open)
	for _, x := range open.Items {
		if x.Status != "received" && x.Status != "triaging" {
			t.Fatalf("open filter lists %s", x.Status)
		}
	}
	if r := county2.Get("/api/v1/complaints?status=closed"); r.Code != 400 {
		t.Fatalf("unknown status filter: %d", r.Code)
	}
	if r := county1.Get("/api/v1/complaints/" + rc.ID); r.Code != 404 {
		t.Fatalf("通江 reads 南江's complaint: %d", r.Code)
	}
	if r := app.Login("school2").Get("/api/v1/complaints/" + rc.ID); r.Code != 403 {
		t.Fatalf("the school reads the complaint about it: %d", r.Code)
	}
	var got complaint
	city.Get("/api/v1/complaints/" + rc.ID).JSON(&got)
	if got.CanDecide || got.BureauName != "南江县教育局" {
		t.Fatalf("city view: %+v", got)
	}
	// The city oversees; the county decides.
	triage := map[string]any{"outcome": "resolved", "reply": "已责令学校为该生补办实习责任保险。", "note": "电话核实"}
	if r := city.PostJSON("/api/v1/complaints/"+rc.ID+"/triage", triage); r.Code != 403 || !strings.Contains(r.Body.String(), "南江县教育局") {
		t.Fatalf("city triage: %d %s", r.Code, r.Body)
	}
	if r := county1.PostJSON("/api/v1/complaints/"+rc.ID+"/triage", triage); r.Code != 404 {
		t.Fatalf("通江 triage: %d %s", r.Code, r.Body)
	}
	r = county2.PostJSON("/api/v1/complaints/"+rc.ID+"/triage", map[string]any{"outcome": "ignore", "reply": " "})
	if r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"outcome"`) || !strings.Contains(r.Body.String(), `"field":"reply"`) {
		t.Fatalf("bad triage: %d %s", r.Code, r.Body)
	}

	county2.Get("/api/v1/complaints/" + rc.ID).JSON(&got)
	if !got.CanDecide || got.Status != "received" {
		t.Fatalf("county2 view: %+v", got)
	}
	app.Clock.Advance(49 * time.Hour)
	county2 = app.Login("county2") // the access token has expired meanwhile
	r = county2.PostJSON("/api/v1/complaints/"+rc.ID+"/start", nil)
	r.JSON(&got)
	if r.Code != 200 || got.Status != "triaging" || got.DaysWaiting != 2 {
		t.Fatalf("start: %d %s", r.Code, r.Body)
	}
	lookup(app, "198.51.100.78", rc.Reference, rc.Code).JSON(&st)
	if st.Status != "triaging" || st.Reply != nil {
		t.Fatalf("status while triaging: %+v", st)
	}
	r = county2.PostJSON("/api/v1/complaints/"+rc.ID+"/triage", triage)
	r.JSON(&got)
	if r.Code != 200 || got.Status != "resolved" || got.CanDecide || got.TriageOutcome == nil || *got.TriageOutcome != "resolved" ||
		got.TriagedBy != "张志强" {
		t.Fatalf("triage: %d %s", r.Code, r.Body)
	}
	if r := county2.PostJSON("/api/v1/complaints/"+rc.ID+"/triage", triage); r.Code != 409 {
		t.Fatalf("second decision: %d %s", r.Code, r.Body)
	}
	lookup(app, "198.51.100.78", rc.Reference, rc.Code).JSON(&st)
	if st.Status != "resolved" || st.Reply == nil || *st.Reply != triage["reply"] {
		t.Fatalf("status after triage: %+v", st)
	}
	var actions string
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT string_agg(action, ',' ORDER BY id) FROM audit_events WHERE subject_id = $1`,
		rc.ID).Scan(&actions); err != nil || actions != "complaint.file,complaint.start,complaint.resolve" {
		t.Fatalf("audit: %q %v", actions, err)
	}

	// Referred: to become an inspection finding, which it is waiting for.
	rc2 := mustFile(t, app, "198.51.100.79", map[string]any{"enterprise_name": "南江县光雾山旅游服务有限公司", "content": "强迫夜班"})
	r = county2.PostJSON("/api/v1/complaints/"+rc2.ID+"/triage", map[string]any{"outcome": "inspection", "reply": "已列入专项检查"})
	r.JSON(&got)
	if r.Code != 200 || got.Status != "referred" || !got.Awaiting {
		t.Fatalf("refer: %d %s", r.Code, r.Body)
	}
}

// TestComplaintStatusLookupsAreLimited: guessing codes from one address
// stops at the lookup limit.
func TestComplaintStatusLookupsAreLimited(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	rc := mustFile(t, app, "198.51.100.90", map[string]any{"content": "押金"})
	for i := range supervision.StatusCheckRates[0].Max {
		if r := lookup(app, "198.51.100.91", rc.Reference, fmt.Sprintf("AAAA-BBBB-%04d", i)); r.Code != 404 {
			t.Fatalf("guess %d: %d", i, r.Code)
		}
	}
	r := lookup(app, "198.51.100.91", rc.Reference, rc.Code)
	if r.Code != 429 || r.Header().Get("Retry-After") == "" {
		t.Fatalf("past the lookup limit: %d %s", r.Code, r.Body)
	}
	if r := lookup(app, "198.51.100.92", rc.Reference, rc.Code); r.Code != 200 {
		t.Fatalf("another address: %d", r.Code)
	}
}

// TestComplaintTodos: the complaint is on the to-do list of the bureau it
// reached, not of others (the city included), until decided.
func TestComplaintTodos(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	rc := mustFile(t, app, "198.51.100.120", map[string]any{"enterprise_name": "南江县光雾山旅游服务有限公司", "content": "不发工资"})
	type item struct {
		Kind    string `json:"kind"`
		Title   string `json:"title"`
		Detail  string `json:"detail"`
		Link    string `json:"link"`
		Subject struct {
			ID string `json:"id"`
		} `json:"subject"`
	}
	has := func(username string) *item {
		var list struct{ Items []item }
		r := app.Login(username).Get("/api/v1/todos")
		if r.Code != 200 {
			t.Fatalf("todos of %s: %d", username, r.Code)
		}
		r.JSON(&list)
		for _, it := range list.Items {
			if it.Subject.ID == rc.ID {
				return &it
			}
		}
		return nil
	}
	app.Clock.Advance(3 * 24 * time.Hour)
	it := has("county2")
	if it == nil || it.Kind != "complaint.triage" || !strings.Contains(it.Title, rc.Reference) || !strings.Contains(it.Detail, "已等待 3 天") ||
		it.Link != "/complaints/"+rc.ID {
		t.Fatalf("county2's to-do: %+v", it)
	}
	for _, other := range []string{"county1", "city1", "school2", "admin"} {
		if has(other) != nil {
			t.Fatalf("%s has the complaint among its to-dos", other)
		}
	}
	if r := app.Login("county2").PostJSON("/api/v1/complaints/"+rc.ID+"/triage",
		map[string]any{"outcome": "dismissed", "reply": "经核实，工资已按月发放。"}); r.Code != 200 {
		t.Fatalf("triage: %d %s", r.Code, r.Body)
	}
	if has("county2") != nil {
		t.Fatal("a decided complaint stays on the to-do list")
	}
}

// TestPublicSchools: names for the picker, without signing in.
func TestPublicSchools(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	r := app.Anonymous().Get("/api/v1/public/schools")
	if r.Code != 200 || !strings.Contains(r.Body.String(), "南江县小河职业中学") || strings.Contains(r.Body.String(), "division") {
		t.Fatalf("public schools: %d %s", r.Code, r.Body)
	}
}
