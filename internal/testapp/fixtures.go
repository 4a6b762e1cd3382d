package testapp

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"huhang/internal/platform/apitest"
	"huhang/internal/platform/clock"
	"huhang/internal/seed"
)

// Side is one county's school, host enterprise and bureau, logged in: 通江
// (school1, ent1, county1) or 南江 (school2, ent2, county2).
type Side struct {
	app                 *App
	School, Ent, County *apitest.Client
	EnterpriseName      string
	Category            string
	Teacher, Mentor     string // user ids of the side's instructor and mentor
	schoolUser          string
	Posts               []string
}

// Tongjiang is the 通江 side of the demo data.
func (a *App) Tongjiang() *Side {
	return a.side("school1", "ent1", "county1", "巴中经开区精工机械有限公司", "装备制造大类", "teacher1", "mentor1")
}

// Nanjiang is the 南江 side of the demo data.
func (a *App) Nanjiang() *Side {
	return a.side("school2", "ent2", "county2", "南江县光雾山旅游服务有限公司", "旅游大类", "teacher2", "mentor2")
}

func (a *App) side(school, ent, county, enterprise, category, teacher, mentor string) *Side {
	s := &Side{app: a, School: a.Login(school), Ent: a.Login(ent), County: a.Login(county), EnterpriseName: enterprise,
		Category: category, Teacher: a.UserID(teacher).String(), Mentor: a.UserID(mentor).String(), schoolUser: school}
	var posts struct {
		Items []struct{ ID string } `json:"items"`
	}
	s.Ent.Get("/api/v1/enterprises/" + a.OrgID(enterprise).String() + "/posts").JSON(&posts)
	for _, p := range posts.Items {
		s.Posts = append(s.Posts, p.ID)
	}
	return s
}

var studentSeq atomic.Int64

// StudentBody is a valid new student aged about 18, enrolled three years
// ago, with a fresh student number; overrides replace fields.
func (a *App) StudentBody(overrides map[string]any) map[string]any {
	n := studentSeq.Add(1)
	today := clock.BusinessDay(a.Clock.Now())
	birth := today.AddDays(-18*365 - int(n%300))
	body := map[string]any{
		"student_no": fmt.Sprintf("T%07d", n), "name": fmt.Sprintf("测试学生%d", n),
		"id_number": seed.IDNumber("511921", birth, int(n%900)+100, n%2 == 0), "major": "数控技术", "major_category": "装备制造大类",
		"enrolled_on": fmt.Sprintf("%d-09-01", today.Year-3), "class_name": "测试1班", "phone": "13800000000",
		"guardian_name": "家长", "guardian_phone": "13900000000",
	}
	for k, v := range overrides {
		body[k] = v
	}
	return body
}

func (s *Side) must(t testing.TB, r *apitest.Response, what string) {
	t.Helper()
	if r.Code >= 300 {
		t.Fatalf("%s: %d %s", what, r.Code, r.Body)
	}
}

// Student creates a student of the side's school and returns its id.
func (s *Side) Student(t testing.TB, overrides map[string]any) string {
	t.Helper()
	var st struct{ ID string }
	r := s.School.PostJSON("/api/v1/students", s.app.StudentBody(overrides))
	s.must(t, r, "create student")
	r.JSON(&st)
	return st.ID
}

// FiledPlan drafts, co-signs, submits and approves a plan over all the
// host's posts, starting on startsOn ("" = today) and lasting 60 days.
func (s *Side) FiledPlan(t testing.TB, kind, startsOn string) string {
	t.Helper()
	today := clock.BusinessDay(s.app.Clock.Now())
	start := today
	if startsOn != "" {
		var err error
		if start, err = clock.ParseDate(startsOn); err != nil {
			t.Fatal(err)
		}
	}
	var lines []map[string]any
	for _, p := range s.Posts {
		lines = append(lines, map[string]any{"post_id": p, "planned_count": 1, "pay_fen": 400000})
	}
	var p struct{ ID string }
	r := s.School.PostJSON("/api/v1/plans", map[string]any{"type": kind, "title": "测试方案", "major": "专业", "major_category": s.Category,
		"cohort": "2023级", "starts_on": start.String(), "ends_on": start.AddDays(60).String(), "content": "内容",
		"safety_measures": "措施", "emergency_plan": "预案", "insurance_arrangement": "学校投保", "posts": lines})
	s.must(t, r, "create plan")
	r.JSON(&p)
	base := "/api/v1/plans/" + p.ID
	s.must(t, s.School.PostJSON(base+"/request-cosign", nil), "request cosign")
	s.must(t, s.Ent.PostJSON(base+"/cosign", nil), "cosign")
	s.must(t, s.School.PostJSON(base+"/submit", map[string]any{}), "submit")
	s.must(t, s.County.PostJSON(base+"/approve", map[string]any{"comment": "同意"}), "approve")
	return p.ID
}

// Placement takes a new placement of the student on the post as far as
// state: proposed, confirmed, ready (mentors and every document on file) or
// active.
func (s *Side) Placement(t testing.TB, planID, studentID, postID, state string) string {
	t.Helper()
	var p struct {
		ID, StartsOn, EndsOn, Status, StudentName string
	}
	r := s.School.PostJSON("/api/v1/placements", map[string]any{"plan_id": planID, "student_id": studentID, "post_id": postID})
	s.must(t, r, "propose")
	r.JSON(&p)
	if state == "proposed" {
		return p.ID
	}
	base := "/api/v1/placements/" + p.ID
	s.must(t, s.Ent.PostJSON(base+"/confirm", nil), "confirm")
	if state == "confirmed" {
		return p.ID
	}
	var full struct {
		StartsOn    string `json:"starts_on"`
		EndsOn      string `json:"ends_on"`
		StudentName string `json:"student_name"`
	}
	s.School.Get(base).JSON(&full)
	today := clock.BusinessDay(s.app.Clock.Now()).String()
	s.must(t, s.School.SendJSON("PUT", base+"/mentors", map[string]any{"instructor_id": s.Teacher, "mentor_id": s.Mentor}), "mentors")
	// R-CONSENT needs the scan of the signed form; the school recording it confirms it.
	// Stored through the files service, not POST /files: a test or benchmark
	// preparing dozens of placements would pass the per-user upload limit,
	// which its own test covers.
	ctx := context.Background()
	creds, err := s.app.Services.Orgs.CredentialsByUsername(ctx, s.schoolUser)
	if err != nil {
		t.Fatal(err)
	}
	scan, err := s.app.Services.Files.Store(ctx, creds.Actor, "知情同意书.pdf", []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"))
	if err != nil {
		t.Fatal(err)
	}
	for kind, body := range map[string]any{
		"agreement": map[string]any{"signed_on": today, "signers": []string{"school", "enterprise", "student"}},
		"consent":   map[string]any{"student_name": full.StudentName, "guardian_name": "家长", "signed_on": today, "file_id": scan.ID},
		"training":  map[string]any{"trained_on": today, "passed": true},
		"insurance": map[string]any{"insurer": "保险公司", "policy_no": "P-" + p.ID[:8], "covers_from": full.StartsOn,
			"covers_to": full.EndsOn, "payer": "school"},
	} {
		s.must(t, s.School.SendJSON("PUT", base+"/documents/"+kind, body), "document "+kind)
	}
	if state == "ready" {
		return p.ID
	}
	s.must(t, s.School.PostJSON(base+"/activate", nil), "activate")
	return p.ID
}

// Today is the app clock's business day.
func (a *App) Today() clock.Date { return clock.BusinessDay(a.Clock.Now()) }
