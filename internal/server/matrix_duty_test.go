package server_test

import (
	"net/http"
	"time"

	"huhang/internal/platform/clock"
)

// roster makes a roster of the subject's side: teacher1 at 精工机械 by
// school1 (own) or teacher2 at 光雾山 by school2 (foreign), covering today.
func (m *matrixCtx) roster() string {
	teacher := "teacher1"
	if !m.own {
		teacher = "teacher2"
	}
	today := m.app.Today()
	var r struct{ ID string }
	resp := m.plans[m.own].school.PostJSON("/api/v1/duty/rosters", map[string]any{
		"teacher_id": m.app.UserID(teacher), "enterprise_id": m.pick(m.s.enterpriseOwn, m.s.enterpriseForeign),
		"starts_on": today.String(), "ends_on": today.AddDays(30).String(), "weekdays": []int{1, 2, 3, 4, 5, 6, 7},
		"window_start": "00:00", "window_end": "23:59"})
	if resp.Code != 201 {
		m.t.Fatalf("roster fixture: %d %s", resp.Code, resp.Body)
	}
	resp.JSON(&r)
	return r.ID
}

// dutyReaders: the platform administrator, bureaus over their subtree, the
// school and the rostered teacher; never hosts or students.
var dutyReaders = pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{ok, hidden},
	[2]int{denied, denied}, [2]int{denied, denied}, [2]int{denied, denied})

var dutyRoutes = []route{
	// Foreign: school1 naming 南江's teacher and host is told both are not its own.
	{method: "POST", path: "/api/v1/duty/rosters", request: func(m *matrixCtx) *http.Request {
		teacher := m.pick(m.app.UserID("teacher1"), m.app.UserID("teacher2"))
		return jsonReq("POST", "/api/v1/duty/rosters", map[string]any{"teacher_id": teacher,
			"enterprise_id": m.pick(m.s.enterpriseOwn, m.s.enterpriseForeign), "starts_on": m.app.Today().String(),
			"ends_on": m.app.Today().AddDays(7).String(), "weekdays": []int{1, 2, 3, 4, 5}, "window_start": "08:00", "window_end": "17:00"})
	}, want: pairs([2]int{unauth, unauth}, [2]int{denied, denied}, [2]int{denied, denied}, [2]int{created, bad}, [2]int{denied, denied},
		[2]int{denied, denied}, [2]int{denied, denied}, [2]int{denied, denied})},
	{method: "GET", path: "/api/v1/duty/rosters", request: get(fixed("/api/v1/duty/rosters")),
		want: same(unauth, ok, ok, ok, ok, denied, denied, denied)},
	{method: "GET", path: "/api/v1/duty/rosters/:id", request: get(func(m *matrixCtx) string { return "/api/v1/duty/rosters/" + m.roster() }),
		want: dutyReaders},
	{method: "POST", path: "/api/v1/duty/rosters/:id/cancel", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/duty/rosters/"+m.roster()+"/cancel", map[string]string{"reason": "教师调岗"})
	}, want: onlyRole(3, ok)},
	{method: "GET", path: "/api/v1/duty/today", request: get(fixed("/api/v1/duty/today")),
		want: same(unauth, denied, denied, denied, ok, denied, denied, denied)},
	{method: "POST", path: "/api/v1/duty/checkins", request: func(m *matrixCtx) *http.Request {
		now := m.app.Clock.Now().Format(time.RFC3339)
		req := jsonReq("POST", "/api/v1/duty/checkins", map[string]any{"roster_id": m.roster(), "kind": "in", "lat": 31.85,
			"lng": 106.75, "accuracy_m": 20, "datum": "wgs84", "client_time": now, "sent_at": now})
		req.Header.Set("Idempotency-Key", m.unique("matrix-key-"))
		return req
	}, want: onlyRole(4, created)},
	{method: "GET", path: "/api/v1/duty/checkins", request: get(func(m *matrixCtx) string {
		return "/api/v1/duty/checkins?roster_id=" + m.roster()
	}), want: dutyReaders},
	{method: "GET", path: "/api/v1/duty/coverage", request: get(func(m *matrixCtx) string {
		return "/api/v1/duty/coverage?from=" + m.app.Today().AddDays(-7).String() + "&to=" + clock.BusinessDay(m.app.Clock.Now()).String()
	}), want: same(unauth, ok, ok, ok, denied, denied, denied, denied)},
}

func init() { matrix = append(matrix, dutyRoutes...) }
