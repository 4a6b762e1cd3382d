package server_test

import (
	"net/http"
	"sync"
	"time"

	"huhang/internal/platform/apitest"
	"huhang/internal/testapp"
)

// Joint records, patrols and incidents. The subject is the shared active
// placement of each side (own: teacher1, mentor1 and student1 at 精工机械;
// foreign: teacher2 and mentor2 at 光雾山) or a fresh roster of the side.

var (
	recordClientsMu sync.Mutex
	recordClients   = map[*testapp.App]map[string]*apitest.Client{}
)

// as is a signed-in client of a demo account, kept for the whole matrix:
// fixtures write as the side's instructor, mentor and school.
func (m *matrixCtx) as(username string) *apitest.Client {
	recordClientsMu.Lock()
	defer recordClientsMu.Unlock()
	if recordClients[m.app] == nil {
		recordClients[m.app] = map[string]*apitest.Client{}
	}
	c := recordClients[m.app][username]
	if c == nil {
		c = m.app.Login(username)
		recordClients[m.app][username] = c
	}
	return c
}

func (m *matrixCtx) sideUser(kind string) string {
	if m.own {
		return kind + "1"
	}
	return kind + "2"
}

func (m *matrixCtx) must(r *apitest.Response, what string) *apitest.Response {
	if r.Code >= 300 {
		m.t.Fatalf("%s fixture: %d %s", what, r.Code, r.Body)
	}
	return r
}

// record is a fresh record on the side's shared placement: a talk by the
// instructor, or an incident reported by the mentor (acknowledged by the
// school when asked), optionally with a photo.
func (m *matrixCtx) record(kind string, acknowledged, photo bool) string {
	pl := m.fx[m.own].shared
	body := map[string]any{"kind": "talk", "content": "矩阵谈心记录", "occurred_at": m.app.Clock.Now().Add(-time.Hour).Format(time.RFC3339)}
	author := m.as(m.sideUser("teacher"))
	if kind == "incident" {
		author = m.as(m.sideUser("mentor"))
		body["kind"], body["incident_kind"], body["place"], body["action_taken"] = "incident", "injury", "车间", "已送医"
	}
	if photo {
		var f struct{ ID string }
		m.must(author.Upload("/api/v1/files", "file", "现场.png", tinyPNG), "photo").JSON(&f)
		body["photo_file_id"] = f.ID
	}
	var r struct{ ID string }
	m.must(author.PostJSON("/api/v1/placements/"+pl+"/records", body), "record").JSON(&r)
	if acknowledged {
		m.must(m.as(m.sideUser("school")).PostJSON("/api/v1/records/"+r.ID+"/acknowledge", nil), "acknowledge")
	}
	return r.ID
}

// patrol is a fresh roster of the side with today's patrol by its teacher.
func (m *matrixCtx) patrol() (roster, patrol string) {
	roster = m.roster()
	teacher := m.as(m.sideUser("teacher"))
	var interns struct {
		Items []struct {
			PlacementID string `json:"placement_id"`
		}
	}
	m.must(teacher.Get("/api/v1/duty/rosters/"+roster+"/interns"), "interns").JSON(&interns)
	var lines []map[string]any
	for _, in := range interns.Items {
		lines = append(lines, map[string]any{"placement_id": in.PlacementID, "presence": "present"})
	}
	var p struct{ ID string }
	m.must(teacher.PostJSON("/api/v1/duty/rosters/"+roster+"/patrols", map[string]any{"lines": lines}), "patrol").JSON(&p)
	return roster, p.ID
}

// patrolBody is a valid patrol of the roster for its teacher; other callers
// are refused before the body matters.
func (m *matrixCtx) patrolBody(roster string) map[string]any {
	var interns struct {
		Items []struct {
			PlacementID string `json:"placement_id"`
		}
	}
	m.must(m.as(m.sideUser("teacher")).Get("/api/v1/duty/rosters/"+roster+"/interns"), "interns").JSON(&interns)
	lines := []map[string]any{}
	for _, in := range interns.Items {
		lines = append(lines, map[string]any{"placement_id": in.PlacementID, "presence": "present"})
	}
	return map[string]any{"summary": "矩阵巡查", "lines": lines}
}

// recordReaders: whoever sees the placement reads its talks, except the
// student (who sees its incidents only).
var recordReaders = pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{ok, hidden},
	[2]int{hidden, hidden}, [2]int{ok, hidden}, [2]int{ok, hidden})

// answerByMentor: a talk by the instructor is the mentor's to answer; the
// instructor is its author (403), outsiders do not see it (404).
var answerByMentor = pairs([2]int{unauth, unauth}, [2]int{denied, denied}, [2]int{denied, denied}, [2]int{denied, denied},
	[2]int{denied, hidden}, [2]int{denied, denied}, [2]int{denied, denied}, [2]int{ok, hidden})

// handleBySchool: the school and the placement's instructor handle an incident.
var handleBySchool = pairs([2]int{unauth, unauth}, [2]int{denied, denied}, [2]int{denied, denied}, [2]int{ok, hidden},
	[2]int{ok, hidden}, [2]int{denied, denied}, [2]int{denied, denied}, [2]int{denied, denied})

var recordRoutes = []route{
	{method: "POST", path: "/api/v1/placements/:id/records", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/placements/"+m.fx[m.own].shared+"/records", map[string]any{"kind": "talk",
			"content": "矩阵谈心", "occurred_at": m.app.Clock.Now().Format(time.RFC3339)})
	}, want: pairs([2]int{unauth, unauth}, [2]int{denied, denied}, [2]int{denied, denied}, [2]int{denied, denied},
		[2]int{created, hidden}, [2]int{denied, hidden}, [2]int{denied, denied}, [2]int{created, hidden})},
	{method: "GET", path: "/api/v1/placements/:id/records", request: get(func(m *matrixCtx) string {
		return "/api/v1/placements/" + m.fx[m.own].shared + "/records"
	}), want: pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{ok, hidden},
		[2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{ok, hidden})},
	{method: "GET", path: "/api/v1/records/:id", request: get(func(m *matrixCtx) string {
		return "/api/v1/records/" + m.record("talk", false, false)
	}), want: recordReaders},
	{method: "GET", path: "/api/v1/records/:id/photo", request: get(func(m *matrixCtx) string {
		return "/api/v1/records/" + m.record("talk", false, true) + "/photo"
	}), want: recordReaders},
	{method: "POST", path: "/api/v1/records/:id/countersign", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/records/"+m.record("talk", false, false)+"/countersign", nil)
	}, want: answerByMentor},
	{method: "POST", path: "/api/v1/records/:id/dispute", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/records/"+m.record("talk", false, false)+"/dispute", map[string]string{"reason": "与事实不符"})
	}, want: answerByMentor},
	{method: "POST", path: "/api/v1/records/:id/acknowledge", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/records/"+m.record("incident", false, false)+"/acknowledge", nil)
	}, want: handleBySchool},
	{method: "POST", path: "/api/v1/records/:id/close", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/records/"+m.record("incident", true, false)+"/close", map[string]string{"outcome": "已处置"})
	}, want: handleBySchool},
	{method: "GET", path: "/api/v1/incidents", request: get(fixed("/api/v1/incidents")),
		want: same(unauth, ok, ok, ok, ok, denied, denied, denied)},
	{method: "GET", path: "/api/v1/duty/rosters/:id/interns", request: get(func(m *matrixCtx) string {
		return "/api/v1/duty/rosters/" + m.roster() + "/interns"
	}), want: dutyReaders},
	{method: "POST", path: "/api/v1/duty/rosters/:id/patrols", request: func(m *matrixCtx) *http.Request {
		roster := m.roster()
		return jsonReq("POST", "/api/v1/duty/rosters/"+roster+"/patrols", m.patrolBody(roster))
	}, want: onlyRole(4, created)},
	{method: "GET", path: "/api/v1/duty/rosters/:id/patrols", request: get(func(m *matrixCtx) string {
		roster, _ := m.patrol()
		return "/api/v1/duty/rosters/" + roster + "/patrols"
	}), want: dutyReaders},
	{method: "GET", path: "/api/v1/patrols", request: get(fixed("/api/v1/patrols?status=awaiting_countersign")),
		want: same(unauth, ok, ok, ok, ok, denied, ok, ok)},
	{method: "GET", path: "/api/v1/patrols/:id", request: get(func(m *matrixCtx) string {
		_, p := m.patrol()
		return "/api/v1/patrols/" + p
	}), want: pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{ok, hidden},
		[2]int{denied, denied}, [2]int{ok, hidden}, [2]int{ok, hidden})},
	{method: "POST", path: "/api/v1/patrols/:id/countersign", request: func(m *matrixCtx) *http.Request {
		_, p := m.patrol()
		return jsonReq("POST", "/api/v1/patrols/"+p+"/countersign", nil)
	}, want: onlyRole(7, ok)},
}

func init() { matrix = append(matrix, recordRoutes...) }
