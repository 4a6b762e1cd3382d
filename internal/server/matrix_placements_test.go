package server_test

import (
	"encoding/json"

	"github.com/google/uuid"

	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"huhang/internal/platform/apitest"
	"huhang/internal/students"
	"huhang/internal/testapp"
)

// placementSide holds one side's fixtures for the student and placement rows.
type placementSide struct {
	side    *testapp.Side
	plan    string // a filed cognitive plan starting today over both of the host's posts
	student string // a student; on the own side linked to student1
	shared  string // an active placement of that student with teacher1 and mentor1, and an agreement file
}

var tinyPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde")

func newPlacementSide(t *testing.T, app *testapp.App, side *testapp.Side, linkUser string) *placementSide {
	t.Helper()
	ps := &placementSide{side: side, plan: side.FiledPlan(t, "cognitive", ""), student: side.Student(t, nil)}
	if linkUser != "" {
		svc := students.NewService(app.DB.Pool, app.Orgs, testapp.MustPII(t), app.Clock)
		if err := svc.LinkAccount(t.Context(), uuidOf(t, ps.student), app.UserID(linkUser)); err != nil {
			t.Fatal(err)
		}
	}
	ps.shared = side.Placement(t, ps.plan, ps.student, side.Posts[0], "active")
	var f struct{ ID string }
	r := side.School.Upload("/api/v1/files", "file", "协议.png", tinyPNG)
	if r.Code != 201 {
		t.Fatalf("upload: %d %s", r.Code, r.Body)
	}
	r.JSON(&f)
	r = side.School.SendJSON("PUT", "/api/v1/placements/"+ps.shared+"/documents/agreement", map[string]any{
		"signed_on": app.Today().String(), "signers": []string{"school", "enterprise", "student"}, "file_id": f.ID})
	if r.Code != 200 {
		t.Fatalf("attach: %d %s", r.Code, r.Body)
	}
	r = side.Ent.PostJSON("/api/v1/placements/"+ps.shared+"/pay-records", map[string]any{"month": app.Today().String()[:7],
		"amount_fen": 300000, "paid_on": app.Today().String(), "method": "bank_transfer"})
	if r.Code != 201 {
		t.Fatalf("pay: %d %s", r.Code, r.Body)
	}
	return ps
}

// placementFor is a placement of the subject's side in state. Only the one
// role that may act on its own side gets a fresh one; every other caller is
// refused before anything changes, so the shared placement serves.
func (m *matrixCtx) placementFor(state, actor string) string {
	ps := m.fx[m.own]
	if m.role != actor || !m.own {
		return ps.shared
	}
	return ps.side.Placement(m.t, ps.plan, ps.side.Student(m.t, nil), ps.side.Posts[0], state)
}

func (m *matrixCtx) freshStudent(actor string) string {
	ps := m.fx[m.own]
	if m.role != actor || !m.own {
		return ps.student
	}
	return ps.side.Student(m.t, nil)
}

func jsonReq(method, path string, body any) *http.Request {
	var raw string
	switch b := body.(type) {
	case string:
		raw = b
	default:
		raw = mustJSON(b)
	}
	req := httptest.NewRequest(method, path, strings.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	return req
}

func uploadReq(path, name string, data []byte) *http.Request {
	c := apitest.MultipartBody("file", name, data)
	req := httptest.NewRequest(http.MethodPost, path, c.Body)
	req.Header.Set("Content-Type", c.ContentType)
	return req
}

// placementRead: every party of a placement reads it on its own side; bureaus
// their subtree; the platform administrator everything.
var placementRead = pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{ok, hidden},
	[2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{ok, hidden})

var everyone = same(unauth, ok, ok, ok, ok, ok, ok, ok)

var placementRoutes = []route{
	{method: "POST", path: "/api/v1/students", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/students", m.app.StudentBody(nil))
	}, want: same(unauth, denied, denied, created, denied, denied, denied, denied)},
	{method: "GET", path: "/api/v1/students", request: get(fixed("/api/v1/students?q=测试")), want: everyone},
	{method: "POST", path: "/api/v1/students/import", request: func(m *matrixCtx) *http.Request {
		b := m.app.StudentBody(nil)
		csv := fmt.Sprintf("学号,姓名,身份证号,专业,专业大类,入学日期,班级\n%s,%s,%s,%s,%s,%s,%s\n", b["student_no"], b["name"], b["id_number"],
			b["major"], b["major_category"], b["enrolled_on"], b["class_name"])
		return uploadReq("/api/v1/students/import", "roster.csv", []byte(csv))
	}, want: same(unauth, denied, denied, ok, denied, denied, denied, denied)},
	{method: "GET", path: "/api/v1/students/import-template", request: get(fixed("/api/v1/students/import-template?format=csv")),
		want: same(unauth, denied, denied, ok, denied, denied, denied, denied)},
	{method: "GET", path: "/api/v1/students/:id", request: get(func(m *matrixCtx) string {
		return "/api/v1/students/" + m.fx[m.own].student
	}), want: pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{hidden, hidden},
		[2]int{ok, hidden}, [2]int{hidden, hidden}, [2]int{hidden, hidden})},
	{method: "POST", path: "/api/v1/students/search", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/students/search", map[string]any{"id_number": m.app.StudentBody(nil)["id_number"]})
	}, want: everyone},
	// Scoping hides the record first; only an enterprise that could see a
	// student would meet the service's 403.
	{method: "GET", path: "/api/v1/students/:id/contact", request: get(func(m *matrixCtx) string {
		return "/api/v1/students/" + m.fx[m.own].student + "/contact"
	}), want: pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{hidden, hidden},
		[2]int{ok, hidden}, [2]int{hidden, hidden}, [2]int{hidden, hidden})},
	{method: "PUT", path: "/api/v1/students/:id", request: func(m *matrixCtx) *http.Request {
		return jsonReq("PUT", "/api/v1/students/"+m.freshStudent("school1"), m.app.StudentBody(nil))
	}, want: onlyRole(3, ok)},
	{method: "POST", path: "/api/v1/students/:id/account", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/students/"+m.freshStudent("school1")+"/account",
			map[string]string{"username": m.unique("stu"), "password": "Matrix-Pass-2026"})
	}, want: onlyRole(3, created)},
	{method: "POST", path: "/api/v1/files", request: func(m *matrixCtx) *http.Request {
		return uploadReq("/api/v1/files", "scan.png", tinyPNG)
	}, want: same(unauth, denied, created, created, created, created, created, created)},
	{method: "POST", path: "/api/v1/placements", request: func(m *matrixCtx) *http.Request {
		ps := m.fx[m.own]
		return jsonReq("POST", "/api/v1/placements", map[string]string{"plan_id": ps.plan, "student_id": m.freshStudent("school1"),
			"post_id": ps.side.Posts[1]})
	}, want: onlyRole(3, created)},
	{method: "POST", path: "/api/v1/placements/bulk", request: func(m *matrixCtx) *http.Request {
		ps := m.fx[m.own]
		return jsonReq("POST", "/api/v1/placements/bulk", map[string]any{"plan_id": ps.plan,
			"items": []map[string]string{{"student_id": m.freshStudent("school1"), "post_id": ps.side.Posts[1]}}})
	}, want: onlyRole(3, ok)},
	{method: "POST", path: "/api/v1/placements/bulk-answer", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/placements/bulk-answer", map[string]any{"decision": "confirm",
			"ids": []string{m.placementFor("proposed", "ent1")}})
	}, want: same(unauth, denied, denied, denied, denied, denied, ok, denied)},
	{method: "GET", path: "/api/v1/placements", request: get(fixed("/api/v1/placements")), want: everyone},
	{method: "GET", path: "/api/v1/placements/:id", request: get(func(m *matrixCtx) string {
		return "/api/v1/placements/" + m.fx[m.own].shared
	}), want: placementRead},
	{method: "POST", path: "/api/v1/placements/:id/confirm", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/placements/"+m.placementFor("proposed", "ent1")+"/confirm", "")
	}, want: onlyRole(6, ok)},
	{method: "POST", path: "/api/v1/placements/:id/decline", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/placements/"+m.placementFor("proposed", "ent1")+"/decline", `{"reason":"岗位已满"}`)
	}, want: onlyRole(6, ok)},
	{method: "PUT", path: "/api/v1/placements/:id/documents/:kind", request: func(m *matrixCtx) *http.Request {
		ps := m.fx[m.own]
		today := m.app.Today()
		return jsonReq("PUT", "/api/v1/placements/"+ps.shared+"/documents/insurance", map[string]string{"insurer": "人保",
			"policy_no": "M-1", "covers_from": today.String(), "covers_to": today.AddDays(90).String(), "payer": "enterprise"})
	}, want: pairs([2]int{unauth, unauth}, [2]int{denied, denied}, [2]int{denied, denied}, [2]int{ok, hidden}, [2]int{denied, denied},
		[2]int{denied, hidden}, [2]int{ok, hidden}, [2]int{denied, denied})},
	{method: "GET", path: "/api/v1/placements/:id/documents/:kind/file", request: get(func(m *matrixCtx) string {
		return "/api/v1/placements/" + m.fx[m.own].shared + "/documents/agreement/file"
	}), want: placementRead},
	{method: "PUT", path: "/api/v1/placements/:id/mentors", request: func(m *matrixCtx) *http.Request {
		ps := m.fx[m.own]
		return jsonReq("PUT", "/api/v1/placements/"+ps.shared+"/mentors", map[string]string{"mentor_id": ps.side.Mentor})
	}, want: pairs([2]int{unauth, unauth}, [2]int{denied, denied}, [2]int{denied, denied}, [2]int{ok, hidden}, [2]int{denied, denied},
		[2]int{denied, denied}, [2]int{ok, hidden}, [2]int{denied, denied})},
	{method: "POST", path: "/api/v1/placements/:id/activate", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/placements/"+m.placementFor("ready", "school1")+"/activate", "")
	}, want: onlyRole(3, ok)},
	{method: "POST", path: "/api/v1/placements/:id/terminate", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/placements/"+m.placementFor("active", "school1")+"/terminate", `{"reason":"学生退学"}`)
	}, want: onlyRole(3, ok)},
	{method: "POST", path: "/api/v1/placements/:id/withdraw", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/placements/"+m.placementFor("proposed", "school1")+"/withdraw", `{"reason":"安排有误"}`)
	}, want: onlyRole(3, ok)},
	{method: "POST", path: "/api/v1/placements/:id/consent/confirm", request: func(m *matrixCtx) *http.Request {
		// A fresh confirmed placement whose student uploaded the scan; others
		// are refused before the state matters.
		id := m.placementFor("confirmed", "school1")
		if m.role == "school1" && m.own {
			ps := m.fx[m.own]
			var f struct{ ID string }
			ps.side.School.Upload("/api/v1/files", "file", "知情同意书.png", tinyPNG).JSON(&f)
			var p struct {
				StudentName string `json:"student_name"`
			}
			ps.side.School.Get("/api/v1/placements/" + id).JSON(&p)
			r := ps.side.School.SendJSON("PUT", "/api/v1/placements/"+id+"/documents/consent", map[string]any{
				"student_name": p.StudentName, "guardian_name": "家长", "signed_on": m.app.Today().String(), "file_id": f.ID})
			if r.Code != 200 {
				m.t.Fatalf("consent: %d %s", r.Code, r.Body)
			}
			// Recording by the school confirms; clear it so the route has something to confirm.
			if _, err := m.app.DB.Pool.Exec(m.t.Context(), `UPDATE placement_documents SET confirmed_at = NULL, confirmed_by = NULL
				WHERE placement_id = $1`, id); err != nil {
				m.t.Fatal(err)
			}
		}
		return jsonReq("POST", "/api/v1/placements/"+id+"/consent/confirm", "")
	}, want: onlyRole(3, ok)},
	{method: "POST", path: "/api/v1/placements/:id/transfer", request: func(m *matrixCtx) *http.Request {
		ps := m.fx[m.own]
		return jsonReq("POST", "/api/v1/placements/"+m.placementFor("active", "school1")+"/transfer",
			map[string]string{"post_id": ps.side.Posts[1], "reason": "换岗"})
	}, want: onlyRole(3, created)},
	{method: "POST", path: "/api/v1/placements/:id/pay-records", request: func(m *matrixCtx) *http.Request {
		today := m.app.Today()
		return jsonReq("POST", "/api/v1/placements/"+m.placementFor("active", "ent1")+"/pay-records", map[string]any{
			"month": today.String()[:7], "amount_fen": 300000, "paid_on": today.String(), "method": "bank_transfer"})
	}, want: onlyRole(6, created)},
	{method: "PUT", path: "/api/v1/placements/:id/pay-records/:month", request: func(m *matrixCtx) *http.Request {
		// Each side's shared placement has this month recorded (newPlacementSide).
		today := m.app.Today()
		return jsonReq("PUT", "/api/v1/placements/"+m.fx[m.own].shared+"/pay-records/"+today.String()[:7], map[string]any{
			"amount_fen": 350000, "paid_on": today.String(), "method": "bank_transfer"})
	}, want: onlyRole(6, ok)},
	{method: "GET", path: "/api/v1/placements/pay-months", request: get(fixed("/api/v1/placements/pay-months?month=2026-11")),
		want: same(unauth, denied, denied, denied, denied, denied, ok, denied)},
	{method: "POST", path: "/api/v1/placements/pay-records/bulk", request: func(m *matrixCtx) *http.Request {
		// A foreign placement answers 404 on its line, inside a 200 sheet.
		today := m.app.Today()
		return jsonReq("POST", "/api/v1/placements/pay-records/bulk", map[string]any{"month": today.String()[:7],
			"items": []map[string]any{{"placement_id": m.fx[m.own].shared, "amount_fen": 360000, "paid_on": today.String(), "method": "bank_transfer"}}})
	}, want: same(unauth, denied, denied, denied, denied, denied, ok, denied)},
	{method: "POST", path: "/api/v1/placements/:id/fee-reports", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/placements/"+m.fx[m.own].shared+"/fee-reports", map[string]string{"kind": "fee", "description": "收取管理费"})
	}, want: pairs([2]int{unauth, unauth}, [2]int{denied, denied}, [2]int{created, hidden}, [2]int{created, hidden}, [2]int{created, hidden},
		[2]int{created, hidden}, [2]int{denied, denied}, [2]int{denied, denied})},
	{method: "POST", path: "/api/v1/placements/:id/fee-reports/:report_id/resolve", request: func(m *matrixCtx) *http.Request {
		ps := m.fx[m.own]
		var rep struct{ ID string }
		ps.side.School.PostJSON("/api/v1/placements/"+ps.shared+"/fee-reports", map[string]string{"kind": "deposit", "description": "押金"}).JSON(&rep)
		return jsonReq("POST", "/api/v1/placements/"+ps.shared+"/fee-reports/"+rep.ID+"/resolve", `{"resolution":"已退还"}`)
	}, want: pairs([2]int{unauth, unauth}, [2]int{denied, denied}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{denied, denied},
		[2]int{denied, denied}, [2]int{denied, denied}, [2]int{denied, denied})},
}

func init() { matrix = append(matrix, placementRoutes...) }

func mustJSON(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(raw)
}

func uuidOf(t *testing.T, s string) uuid.UUID {
	t.Helper()
	id, err := uuid.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
