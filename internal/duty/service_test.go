package duty_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"huhang/internal/auth"
	"huhang/internal/duty"
	"huhang/internal/platform/apitest"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/geo"
	"huhang/internal/testapp"
)

type site struct{ Lat, Lng float64 }

// world is the 通江 side with a roster of teacher1 at 精工机械 covering
// every day of the coming month around the clock, unless a test makes its own.
type world struct {
	app     *testapp.App
	tj      *testapp.Side
	teacher *apitest.Client
	site    site
	roster  string
}

func newWorld(t testing.TB) *world {
	t.Helper()
	app := testapp.New(t)
	w := &world{app: app, tj: app.Tongjiang(), teacher: app.Login("teacher1")}
	app.Login("admin").Get("/api/v1/enterprises/" + app.OrgID(w.tj.EnterpriseName).String()).JSON(&w.site)
	if w.site.Lat == 0 {
		t.Fatal("the demo host has no position")
	}
	w.roster = w.makeRoster(t, map[string]any{})
	return w
}

func (w *world) makeRoster(t testing.TB, overrides map[string]any) string {
	t.Helper()
	today := w.app.Today()
	body := map[string]any{"teacher_id": w.tj.Teacher, "enterprise_id": w.app.OrgID(w.tj.EnterpriseName).String(),
		"starts_on": today.AddDays(-10).String(), "ends_on": today.AddDays(30).String(), "weekdays": []int{1, 2, 3, 4, 5, 6, 7},
		"window_start": "00:00", "window_end": "23:59"}
	for k, v := range overrides {
		body[k] = v
	}
	r := w.tj.School.PostJSON("/api/v1/duty/rosters", body)
	if r.Code != 201 {
		t.Fatalf("roster: %d %s", r.Code, r.Body)
	}
	var out struct{ ID string }
	r.JSON(&out)
	return out.ID
}

type answer struct {
	ID        string   `json:"id"`
	InFence   bool     `json:"in_fence"`
	DistanceM int      `json:"distance_m"`
	Anomalies []string `json:"anomalies"`
	DelayedS  int      `json:"delayed_s"`
}

// checkin posts a check-in now by the app clock at the given offset (metres
// north of the site); fields in extra replace the body's.
func (w *world) checkin(c *apitest.Client, key string, extra map[string]any) *apitest.Response {
	now := w.app.Clock.Now().Format(time.RFC3339)
	body := map[string]any{"roster_id": w.roster, "kind": "in", "lat": w.site.Lat + 0.00001, "lng": w.site.Lng - 0.00002,
		"accuracy_m": 12, "datum": "wgs84", "client_time": now, "sent_at": now}
	for k, v := range extra {
		if v == nil {
			delete(body, k)
			continue
		}
		body[k] = v
	}
	req := httptest.NewRequest("POST", "/api/v1/duty/checkins", strings.NewReader(mustJSON(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "huhang-test-phone")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	return c.Do(req)
}

// rows counts the check-ins of the world's roster (the demo has its own).
func (w *world) rows(t *testing.T) int {
	t.Helper()
	var n int
	if err := w.app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM duty_checkins WHERE roster_id = $1`, w.roster).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func decode(t *testing.T, r *apitest.Response) answer {
	t.Helper()
	if r.Code != 201 {
		t.Fatalf("checkin: %d %s", r.Code, r.Body)
	}
	var a answer
	r.JSON(&a)
	return a
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestCheckinInAndOutOfTheFence(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	a := decode(t, w.checkin(w.teacher, "key-in-fence-1", nil))
	if !a.InFence || a.DistanceM > 5 {
		t.Fatalf("a check-in at the gate is in the fence: %+v", a)
	}
	// The demo clock starts on a Saturday: the rest day is a doubt, never a refusal.
	if !has(a.Anomalies, "rest_day") || has(a.Anomalies, "accuracy_poor") {
		t.Fatalf("signals: %v", a.Anomalies)
	}
	// 3 km north, a minute later by car would be 180 km/h.
	w.app.Clock.Advance(time.Minute)
	far := decode(t, w.checkin(w.teacher, "key-far-away-1", map[string]any{"lat": w.site.Lat + 0.027, "accuracy_m": 500}))
	if far.InFence || far.DistanceM < 2900 || far.DistanceM > 3100 {
		t.Fatalf("3 km away is out of the fence: %+v", far)
	}
	if !has(far.Anomalies, "speed_impossible") || !has(far.Anomalies, "accuracy_poor") {
		t.Fatalf("a 3 km jump in a minute with ±500 m is doubtful twice: %v", far.Anomalies)
	}
	// GCJ-02 of the site (AMap, WeChat) converts back into the fence: the
	// offset there is about 500 m, more than the fence and accuracy allow.
	w.app.Clock.Advance(time.Hour)
	w.teacher = w.app.Login("teacher1") // the token expired meanwhile
	gcjLat, gcjLng := geo.WGS84ToGCJ02(w.site.Lat, w.site.Lng)
	g := decode(t, w.checkin(w.teacher, "key-gcj02-0001", map[string]any{"lat": gcjLat, "lng": gcjLng, "datum": "gcj02"}))
	if !g.InFence || g.DistanceM > 5 {
		t.Fatalf("a GCJ-02 position of the site lands on it: %+v", g)
	}
	raw := decode(t, w.checkin(w.teacher, "key-gcj02-raw1", map[string]any{"lat": gcjLat, "lng": gcjLng, "datum": "wgs84"}))
	if raw.DistanceM < 200 {
		t.Fatalf("the same numbers taken as WGS-84 are hundreds of metres off: %+v", raw)
	}
	// The row keeps what the server saw.
	var ip, agent string
	var received time.Time
	if err := w.app.DB.Pool.QueryRow(context.Background(), `SELECT client_ip, user_agent, received_at FROM duty_checkins WHERE id = $1`,
		a.ID).Scan(&ip, &agent, &received); err != nil || ip == "" || agent != "huhang-test-phone" || !received.Equal(testapp.Start) {
		t.Fatalf("server facts: %q %q %v %v", ip, agent, received, err)
	}
}

func TestIdempotentRetriesAnswerTheSameBytes(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	first := w.checkin(w.teacher, "retry-key-0001", nil)
	decode(t, first)
	again := w.checkin(w.teacher, "retry-key-0001", nil)
	if again.Code != 201 || !bytes.Equal(first.Body.Bytes(), again.Body.Bytes()) {
		t.Fatalf("a retry gets the first answer byte for byte: %d\n%s\n%s", again.Code, first.Body, again.Body)
	}
	// A phone retrying after a lost answer sends the same check-in later.
	later := w.app.Clock.Now().Add(40 * time.Second).Format(time.RFC3339)
	if r := w.checkin(w.teacher, "retry-key-0001", map[string]any{"sent_at": later}); r.Code != 201 || !bytes.Equal(first.Body.Bytes(), r.Body.Bytes()) {
		t.Fatalf("a retry sent later gets the first answer: %d\n%s\n%s", r.Code, first.Body, r.Body)
	}
	if r := w.checkin(w.teacher, "retry-key-0001", map[string]any{"kind": "out"}); r.Code != 422 || r.ErrorCode() != "IDEMPOTENCY_MISMATCH" {
		t.Fatalf("the key of another check-in: %d %s", r.Code, r.Body)
	}

	// Twenty racing requests with one key: one row, twenty identical answers.
	const n = 20
	bodies := make([][]byte, n)
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := w.checkin(w.teacher, "race-key-0001", map[string]any{"kind": "out"})
			codes[i], bodies[i] = r.Code, r.Body.Bytes()
		}()
	}
	wg.Wait()
	for i := range n {
		if codes[i] != 201 || !bytes.Equal(bodies[i], bodies[0]) {
			t.Fatalf("answer %d differs: %d %s vs %s", i, codes[i], bodies[i], bodies[0])
		}
	}
	if got := w.rows(t); got != 2 {
		t.Fatalf("two keys, two rows; got %d", got)
	}
	var audits int
	w.app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_events WHERE action LIKE 'duty_checkin.%' AND subject_id = $1`,
		w.roster).Scan(&audits)
	if audits != 2 {
		t.Fatalf("one audit event per stored check-in, got %d", audits)
	}
	// The same key of another teacher is that teacher's own.
	w2 := w.app.Login("teacher2")
	if r := w.checkin(w2, "race-key-0001", nil); r.Code != 404 {
		t.Fatalf("teacher2 has no duty on teacher1's roster: %d %s", r.Code, r.Body)
	}
}

func TestBadCheckinsNameEveryFieldAndWriteNothing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	fields := func(r *apitest.Response) string {
		var body struct {
			Error struct {
				Details []struct{ Field string }
			}
		}
		r.JSON(&body)
		var f []string
		for _, d := range body.Error.Details {
			f = append(f, d.Field)
		}
		return strings.Join(f, ",")
	}
	cases := []struct {
		name  string
		key   string
		extra map[string]any
		want  string
	}{
		{"out of range", "bad-key-0001", map[string]any{"lat": 91, "lng": 181}, "lat,lng"},
		{"a string and an unknown datum", "bad-key-0002", map[string]any{"lat": "31.8", "datum": "mars"}, "lat"},
		{"unknown datum", "bad-key-0003", map[string]any{"datum": "mars", "kind": "lunch"}, "kind,datum"},
		{"no key", "", nil, "Idempotency-Key"},
		{"short key", "abc", nil, "Idempotency-Key"},
		{"no position", "bad-key-0004", map[string]any{"lat": nil, "lng": nil, "accuracy_m": -1}, "lat,lng,accuracy_m"},
		{"another year", "bad-key-0005", map[string]any{"client_time": "2025-11-28T10:00:00+08:00", "sent_at": "2025-11-28T10:00:00+08:00"}, "sent_at"},
		{"sent before pressed", "bad-key-0006", map[string]any{"client_time": "2026-11-28T10:00:00+08:00", "sent_at": "2026-11-28T09:00:00+08:00"}, "sent_at"},
		{"queued for weeks", "bad-key-0007", map[string]any{"client_time": "2026-11-01T10:00:00+08:00", "sent_at": "2026-11-28T10:00:00+08:00"}, "client_time"},
		{"no time", "bad-key-0008", map[string]any{"client_time": "yesterday", "sent_at": nil}, "client_time"},
		{"long note", "bad-key-0009", map[string]any{"note": strings.Repeat("长", 501)}, "note"},
	}
	for _, c := range cases {
		r := w.checkin(w.teacher, c.key, c.extra)
		if r.Code != 400 || !strings.Contains(fields(r), c.want) {
			t.Errorf("%s: %d fields %q, want %q: %s", c.name, r.Code, fields(r), c.want, r.Body)
		}
	}
	if r := w.checkin(w.teacher, "bad-key-0010", map[string]any{"roster_id": "01a2424b-0000-7000-8000-000000000000"}); r.Code != 404 {
		t.Errorf("an unknown roster: %d", r.Code)
	}
	if n := w.rows(t); n != 0 {
		t.Fatalf("bad input wrote %d rows", n)
	}
	// A check-out without a check-in is taken and flagged.
	a := decode(t, w.checkin(w.teacher, "out-first-0001", map[string]any{"kind": "out"}))
	if !has(a.Anomalies, "checkout_without_checkin") {
		t.Fatalf("flagged: %v", a.Anomalies)
	}
	if a := decode(t, w.checkin(w.teacher, "in-then-out-01", map[string]any{"kind": "in", "lat": w.site.Lat + 0.00003})); has(a.Anomalies, "checkout_without_checkin") {
		t.Fatalf("a check-in is not a check-out: %v", a.Anomalies)
	}
	if a := decode(t, w.checkin(w.teacher, "in-then-out-02", map[string]any{"kind": "out", "lat": w.site.Lat + 0.00004})); has(a.Anomalies, "checkout_without_checkin") {
		t.Fatalf("a check-out after a check-in is clean of that signal: %v", a.Anomalies)
	}
	// A cancelled roster takes no more check-ins.
	if r := w.tj.School.PostJSON("/api/v1/duty/rosters/"+w.roster+"/cancel", map[string]string{"reason": "教师调岗"}); r.Code != 200 {
		t.Fatalf("cancel: %d %s", r.Code, r.Body)
	}
	if r := w.tj.School.PostJSON("/api/v1/duty/rosters/"+w.roster+"/cancel", map[string]string{"reason": "再次"}); r.Code != 409 {
		t.Fatalf("cancel twice: %d", r.Code)
	}
	if r := w.checkin(w.teacher, "after-cancel-1", nil); r.Code != 409 {
		t.Fatalf("check-in on a cancelled roster: %d %s", r.Code, r.Body)
	}
}

func TestSignalsFromTheStore(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	// Repeated coordinates: teacher2 reports exactly teacher1's position.
	spot := map[string]any{"lat": 31.851234, "lng": 106.749876}
	first := decode(t, w.checkin(w.teacher, "coords-0001", spot))
	if has(first.Anomalies, "coords_repeated") {
		t.Fatalf("the first report of a position is not a repeat: %v", first.Anomalies)
	}
	same := decode(t, w.checkin(w.teacher, "coords-0002", spot))
	if has(same.Anomalies, "coords_repeated") {
		t.Fatalf("the same teacher standing still on the same day is not flagged: %v", same.Anomalies)
	}
	w.app.Clock.Advance(24 * time.Hour)
	w.teacher = w.app.Login("teacher1")
	next := decode(t, w.checkin(w.teacher, "coords-0003", spot))
	if !has(next.Anomalies, "coords_repeated") {
		t.Fatalf("the same coordinates on another day: %v", next.Anomalies)
	}
	// Skew: the phone says 10 minutes earlier than the server.
	skewed := w.app.Clock.Now().Add(-10 * time.Minute).Format(time.RFC3339)
	a := decode(t, w.checkin(w.teacher, "skew-0001", map[string]any{"client_time": skewed, "sent_at": skewed, "lat": w.site.Lat + 0.0001}))
	if !has(a.Anomalies, "clock_skew") || a.DelayedS != 0 {
		t.Fatalf("a phone 10 minutes slow: %+v", a)
	}
	// Offline: pressed at 10:00 by the phone, sent 40 minutes later by the
	// phone; the phone's clock is right, so no skew, and the act counts at
	// the server's arrival time minus the 40 minutes.
	sent := w.app.Clock.Now()
	pressed := sent.Add(-40 * time.Minute)
	o := decode(t, w.checkin(w.teacher, "offline-0001", map[string]any{"client_time": pressed.Format(time.RFC3339),
		"sent_at": sent.Format(time.RFC3339), "lat": w.site.Lat + 0.0002}))
	if has(o.Anomalies, "clock_skew") || o.DelayedS != 2400 {
		t.Fatalf("an offline check-in sent later: %+v", o)
	}
	// Night and outside the window: a roster of 08:00–17:30, checked at 23:00.
	w.tj = w.app.Tongjiang()
	w.roster = w.makeRoster(t, map[string]any{"window_start": "08:00", "window_end": "17:30"})
	for clockHour(w.app) != 23 {
		w.app.Clock.Advance(time.Hour)
	}
	w.teacher = w.app.Login("teacher1")
	n := decode(t, w.checkin(w.teacher, "night-0001", map[string]any{"lat": w.site.Lat + 0.0003}))
	if !has(n.Anomalies, "night") || !has(n.Anomalies, "outside_window") {
		t.Fatalf("23:00: %v", n.Anomalies)
	}
	for clockHour(w.app) != 10 {
		w.app.Clock.Advance(time.Hour)
	}
	w.teacher = w.app.Login("teacher1")
	d := decode(t, w.checkin(w.teacher, "day-0001", map[string]any{"lat": w.site.Lat + 0.0004}))
	if has(d.Anomalies, "night") || has(d.Anomalies, "outside_window") {
		t.Fatalf("10:00: %v", d.Anomalies)
	}
}

func clockHour(app *testapp.App) int {
	h, _, _ := app.Clock.Now().In(clock.Location()).Clock()
	return h
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprint(err))
	}
	return string(b)
}

// advanceTo moves the clock forward to the next hh:00 in Shanghai on the
// given date and signs the world in again (tokens expire meanwhile).
func (w *world) advanceTo(t *testing.T, day string, hour int) {
	t.Helper()
	d, err := clock.ParseDate(day)
	if err != nil {
		t.Fatal(err)
	}
	target := d.Time().Add(time.Duration(hour) * time.Hour)
	if target.Before(w.app.Clock.Now()) {
		t.Fatalf("the clock only moves forward: %v", target)
	}
	w.app.Clock.Advance(target.Sub(w.app.Clock.Now()))
	w.tj, w.teacher = w.app.Tongjiang(), w.app.Login("teacher1")
}

type coverage struct {
	Rows []struct {
		RosterID string `json:"roster_id"`
		Days     []struct {
			Day, Status string
			Interns     int
			Checkins    []struct{ Anomalies []string }
		}
	}
	Totals map[string]int
}

func TestCoverageAndTodosFollowTheDays(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	// Two interns start on Saturday 28 November.
	plan := w.tj.FiledPlan(t, "post", "")
	for i := range 2 {
		w.tj.Placement(t, plan, w.tj.Student(t, nil), w.tj.Posts[i%len(w.tj.Posts)], "active")
	}
	w.advanceTo(t, "2026-11-30", 10) // Monday: a clean check-in
	decode(t, w.checkin(w.teacher, "monday-in-001", nil))
	w.advanceTo(t, "2026-12-01", 10) // Tuesday: a poor fix
	decode(t, w.checkin(w.teacher, "tuesday-in-01", map[string]any{"accuracy_m": 500, "lat": w.site.Lat + 0.0001}))
	w.advanceTo(t, "2026-12-03", 9) // Wednesday missed; Thursday morning

	// todo: the feed has an item of kind about the world's roster.
	todo := func(c *apitest.Client, kind string) bool {
		var f struct {
			Items []struct {
				Kind    string
				Subject struct{ ID string }
			}
		}
		c.Get("/api/v1/todos").JSON(&f)
		for _, it := range f.Items {
			if it.Kind == kind && it.Subject.ID == w.roster {
				return true
			}
		}
		return false
	}
	if !todo(w.teacher, "duty.checkin") {
		t.Fatal("Thursday's check-in is due for teacher1")
	}
	if !todo(w.tj.School, "duty.missed") || !todo(w.tj.School, "duty.doubtful") {
		t.Fatal("the school is told of Wednesday's miss and Tuesday's doubt")
	}

	var cov coverage
	r := w.tj.School.Get("/api/v1/duty/coverage?from=2026-11-28&to=2026-12-03")
	if r.Code != 200 {
		t.Fatalf("coverage: %d %s", r.Code, r.Body)
	}
	r.JSON(&cov)
	got := map[string]string{}
	for _, row := range cov.Rows {
		if row.RosterID != w.roster {
			continue
		}
		for _, d := range row.Days {
			got[d.Day] = d.Status
			if d.Interns != 2 {
				t.Errorf("%s: %d interns, want 2", d.Day, d.Interns)
			}
			if d.Status == "doubtful" && (len(d.Checkins) != 1 || !has(d.Checkins[0].Anomalies, "accuracy_poor")) {
				t.Errorf("the doubtful day shows its check-in and signal: %+v", d.Checkins)
			}
		}
	}
	want := map[string]string{"2026-11-30": "covered", "2026-12-01": "doubtful", "2026-12-02": "missed", "2026-12-03": "pending"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("coverage %v, want %v (the weekend owes no duty)", got, want)
	}
	counted := map[string]int{}
	for _, row := range cov.Rows {
		for _, d := range row.Days {
			counted[d.Status]++
		}
	}
	if fmt.Sprint(counted) != fmt.Sprint(cov.Totals) || cov.Totals["covered"] < 1 {
		t.Fatalf("totals %v add up the days %v", cov.Totals, counted)
	}
	// The competent bureau sees it, the other county does not.
	var county coverage
	w.tj.County.Get("/api/v1/duty/coverage?from=2026-11-28&to=2026-12-03").JSON(&county)
	var other coverage
	w.app.Login("county2").Get("/api/v1/duty/coverage?from=2026-11-28&to=2026-12-03").JSON(&other)
	if len(county.Rows) == 0 || county.Totals["missed"] != cov.Totals["missed"] {
		t.Fatalf("county1's coverage: %+v", county)
	}
	for _, row := range other.Rows {
		if row.RosterID == w.roster {
			t.Fatal("county2 sees 通江's roster")
		}
	}
	// A county narrows to one school; a school outside its subtree stays empty.
	var one, foreign coverage
	w.tj.County.Get("/api/v1/duty/coverage?from=2026-11-28&to=2026-12-03&school_id=" + w.app.OrgID("通江县职业高级中学").String()).JSON(&one)
	w.tj.County.Get("/api/v1/duty/coverage?from=2026-11-28&to=2026-12-03&school_id=" + w.app.OrgID("南江县小河职业中学").String()).JSON(&foreign)
	if len(one.Rows) != len(county.Rows) || len(foreign.Rows) != 0 {
		t.Fatalf("school filter: %d of %d rows, %d foreign", len(one.Rows), len(county.Rows), len(foreign.Rows))
	}
	// The worker's A-DUTY-MISSED scan reads the same coverage as the system, over every school.
	rows, _, err := w.app.Services.Duty.Coverage(context.Background(), auth.System, duty.CoverageFilter{From: clock.Date{Year: 2026, Month: 11, Day: 28},
		To: clock.Date{Year: 2026, Month: 12, Day: 3}})
	schools := map[string]bool{}
	missedHere := 0
	for _, row := range rows {
		schools[row.Roster.SchoolName] = true
		for _, d := range row.Days {
			if row.Roster.ID.String() == w.roster && d.Status == duty.DayMissed {
				missedHere++
			}
		}
	}
	if err != nil || !schools["通江县职业高级中学"] || !schools["南江县小河职业中学"] || missedHere != 1 {
		t.Fatalf("system coverage: %v schools %v, %d missed on the roster", err, schools, missedHere)
	}
	if r := w.tj.School.Get("/api/v1/duty/coverage?from=2026-12-03&to=2026-11-28"); r.Code != 400 {
		t.Fatalf("a reversed range: %d", r.Code)
	}
	if r := w.tj.School.Get("/api/v1/duty/coverage?from=2026-01-01&to=2026-12-03"); r.Code != 400 {
		t.Fatalf("a range over 62 days: %d", r.Code)
	}

	// Today's duty shows the interns; checking in clears the teacher's item.
	var today struct {
		Date  string
		Items []struct {
			Roster  struct{ ID string }
			Interns int
			Status  string
		}
	}
	w.teacher.Get("/api/v1/duty/today").JSON(&today)
	found := false
	for _, it := range today.Items {
		if it.Roster.ID == w.roster {
			found = it.Interns == 2 && it.Status == "pending"
		}
	}
	if today.Date != "2026-12-03" || !found {
		t.Fatalf("today: %+v", today)
	}
	decode(t, w.checkin(w.teacher, "thursday-in-1", map[string]any{"lat": w.site.Lat + 0.0002}))
	if todo(w.teacher, "duty.checkin") {
		t.Fatal("the check-in clears the teacher's item")
	}
	// The interns leave; the school cancels the roster that afternoon. A
	// week later nothing is owed after the cancellation and last week's
	// misses have aged out of the school's weekly review.
	if r := w.tj.School.PostJSON("/api/v1/duty/rosters/"+w.roster+"/cancel", map[string]string{"reason": "实习单位停产"}); r.Code != 200 {
		t.Fatalf("cancel: %d %s", r.Code, r.Body)
	}
	w.advanceTo(t, "2026-12-10", 9)
	if todo(w.tj.School, "duty.missed") || todo(w.tj.School, "duty.doubtful") {
		t.Fatal("last week's misses are no longer to-dos")
	}
}

func TestRosterInputIsCheckedWhole(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	r := w.tj.School.PostJSON("/api/v1/duty/rosters", map[string]any{"teacher_id": w.app.UserID("teacher2").String(),
		"enterprise_id": w.app.OrgID("南江县光雾山旅游服务有限公司").String(), "starts_on": "2026-12-10", "ends_on": "2026-12-01",
		"weekdays": []int{0, 8}, "window_start": "18:00", "window_end": "08:00"})
	var body struct {
		Error struct{ Details []struct{ Field string } }
	}
	r.JSON(&body)
	var fields []string
	for _, d := range body.Error.Details {
		fields = append(fields, d.Field)
	}
	if r.Code != 400 || strings.Join(fields, ",") != "ends_on,weekdays,window_end,teacher_id,enterprise_id" {
		t.Fatalf("every bad field named: %d %v", r.Code, fields)
	}
	var n int
	w.app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM duty_rosters WHERE created_at > $1`, testapp.Start.Add(-time.Second)).Scan(&n)
	if n != 1 {
		t.Fatalf("nothing written: %d rosters", n)
	}
	// The teacher sees their own roster, not another's.
	var list struct{ Items []struct{ ID string } }
	w.teacher.Get("/api/v1/duty/rosters").JSON(&list)
	mine := false
	for _, it := range list.Items {
		mine = mine || it.ID == w.roster
	}
	if !mine {
		t.Fatalf("teacher1's rosters: %+v", list)
	}
	w.app.Login("teacher2").Get("/api/v1/duty/rosters").JSON(&list)
	for _, it := range list.Items {
		if it.ID == w.roster {
			t.Fatal("teacher2 sees teacher1's roster")
		}
	}
}
