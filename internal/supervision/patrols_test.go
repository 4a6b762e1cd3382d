package supervision_test

import (
	"context"
	"strings"
	"testing"

	"huhang/internal/testapp"
)

type patrol struct {
	ID, Status, Day string
	Lines           []record
	CanCountersign  bool `json:"can_countersign"`
}

// teacher2's daily patrol of 光雾山: one form, a line per intern, all
// countersigned at once by the host's mentor; one patrol a day.
func TestDailyPatrolWithCountersign(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	teacher, mentor := app.Login("teacher2"), app.Login("mentor2")
	var roster string
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT id::text FROM duty_rosters WHERE teacher_id = $1`,
		app.UserID("teacher2")).Scan(&roster); err != nil {
		t.Fatal(err)
	}
	var interns struct {
		Day   string
		Items []struct {
			PlacementID string `json:"placement_id"`
			StudentName string `json:"student_name"`
		}
		PatrolID *string `json:"patrol_id"`
	}
	want(t, teacher.Get("/api/v1/duty/rosters/"+roster+"/interns"), 200, "interns").JSON(&interns)
	if len(interns.Items) < 2 || interns.Day != app.Today().String() || interns.PatrolID != nil {
		t.Fatalf("interns on site today: %+v", interns)
	}
	want(t, app.Login("teacher1").Get("/api/v1/duty/rosters/"+roster+"/interns"), 404, "another school's teacher")
	base := "/api/v1/duty/rosters/" + roster + "/patrols"
	before := count(t, app, `SELECT count(*) FROM supervision_records`)

	// Every problem at once: a student left out, an unknown presence, a concern without a word, a day to come.
	r := want(t, teacher.PostJSON(base, map[string]any{"day": app.Today().AddDays(1).String(), "lines": []map[string]any{
		{"placement_id": interns.Items[0].PlacementID, "presence": "sleeping"}}}), 400, "bad patrol")
	for _, f := range []string{`"day"`} {
		if !strings.Contains(r.Body.String(), f) {
			t.Errorf("%s not named: %s", f, r.Body)
		}
	}
	r = want(t, teacher.PostJSON(base, map[string]any{"lines": []map[string]any{
		{"placement_id": interns.Items[0].PlacementID, "presence": "sleeping"},
		{"placement_id": interns.Items[0].PlacementID, "presence": "concern"}}}), 400, "bad lines")
	for _, f := range []string{`"lines[0].presence"`, `"lines[1].placement_id"`, `"lines[1].note"`, `"lines"`} {
		if !strings.Contains(r.Body.String(), f) {
			t.Errorf("%s not named: %s", f, r.Body)
		}
	}
	if !strings.Contains(r.Body.String(), interns.Items[1].StudentName) {
		t.Errorf("the student left out is named: %s", r.Body)
	}
	if count(t, app, `SELECT count(*) FROM supervision_records`) != before || count(t, app, `SELECT count(*) FROM patrols WHERE day = $1`,
		app.Today().Time()) != 0 {
		t.Fatal("a refused patrol wrote something")
	}

	var lines []map[string]any
	for i, in := range interns.Items {
		l := map[string]any{"placement_id": in.PlacementID, "presence": "present"}
		if i == 0 {
			l["presence"], l["note"] = "concern", "手部擦伤未愈，已提醒企业调整岗位。"
		}
		lines = append(lines, l)
	}
	body := map[string]any{"summary": "学生均到岗。", "lines": lines}
	want(t, app.Login("teacher1").PostJSON(base, body), 404, "another school's teacher patrols")
	want(t, app.Login("school2").PostJSON(base, body), 403, "the school patrols")
	var p patrol
	want(t, teacher.PostJSON(base, body), 201, "patrol").JSON(&p)
	if p.Status != "awaiting_countersign" || len(p.Lines) != len(interns.Items) || p.CanCountersign {
		t.Fatalf("new patrol: %+v", p)
	}
	want(t, teacher.PostJSON(base, body), 409, "a second patrol the same day")
	want(t, teacher.PostJSON("/api/v1/records/"+p.Lines[0].ID+"/countersign", nil), 403, "the author countersigns a line")

	if _, ok := feedHas(t, mentor, "patrol.countersign", p.ID); !ok {
		t.Fatal("the mentor's feed lacks the patrol")
	}
	want(t, app.Login("mentor1").Get("/api/v1/patrols/"+p.ID), 404, "another host's mentor reads")
	want(t, app.Login("mentor1").PostJSON("/api/v1/patrols/"+p.ID+"/countersign", nil), 404, "another host's mentor countersigns")
	var awaiting struct{ Items []patrol }
	want(t, mentor.Get("/api/v1/patrols?status=awaiting_countersign"), 200, "awaiting").JSON(&awaiting)
	found := false
	for _, a := range awaiting.Items {
		found = found || (a.ID == p.ID && a.CanCountersign)
	}
	if !found {
		t.Fatalf("the mentor's awaiting patrols lack it: %+v", awaiting.Items)
	}
	// One line disputed alone; the rest countersigned at once.
	want(t, mentor.PostJSON("/api/v1/records/"+p.Lines[0].ID+"/dispute", map[string]string{"reason": "该生当天已调至售票岗，并未受伤。"}), 200, "dispute a line")
	want(t, mentor.PostJSON("/api/v1/patrols/"+p.ID+"/countersign", nil), 200, "countersign").JSON(&p)
	for _, l := range p.Lines[1:] {
		if l.Status != "countersigned" {
			t.Fatalf("line not countersigned: %+v", l)
		}
	}
	if p.Status != "disputed" || p.Lines[0].Status != "disputed" {
		t.Fatalf("patrol with a disputed line: %+v", p)
	}
	want(t, mentor.PostJSON("/api/v1/patrols/"+p.ID+"/countersign", nil), 409, "countersign twice")
	if _, ok := feedHas(t, mentor, "patrol.countersign", p.ID); ok {
		t.Fatal("the countersigned patrol stays in the feed")
	}
	want(t, teacher.Get("/api/v1/duty/rosters/"+roster+"/interns"), 200, "interns").JSON(&interns)
	if interns.PatrolID == nil || *interns.PatrolID != p.ID {
		t.Fatalf("the day's patrol is not named with the interns: %+v", interns.PatrolID)
	}
	var list struct{ Items []patrol }
	want(t, app.Login("county2").Get(base), 200, "county reads").JSON(&list)
	if len(list.Items) < 3 || list.Items[0].ID != p.ID {
		t.Fatalf("roster patrols, newest first, with the demo's: %+v", list.Items)
	}
}
