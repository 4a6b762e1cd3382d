package orgs_test

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"huhang/internal/platform/apitest"
	"huhang/internal/platform/geo"
	"huhang/internal/testapp"
)

type list struct {
	Items []struct {
		ID           string `json:"id"`
		Name         string `json:"name"`
		Kind         string `json:"kind"`
		DivisionCode string `json:"division_code"`
	} `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

func names(c *apitest.Client, path string) map[string]bool {
	var l list
	c.Get(path).JSON(&l)
	out := map[string]bool{}
	for _, it := range l.Items {
		out[it.Name] = true
	}
	return out
}

func fields(r *apitest.Response) map[string]string {
	var body struct {
		Error struct {
			Details []struct{ Field, Message string } `json:"details"`
		} `json:"error"`
	}
	_ = json.Unmarshal(r.Body.Bytes(), &body)
	out := map[string]string{}
	for _, d := range body.Error.Details {
		out[d.Field] += d.Message
	}
	return out
}

// TestCountyAuditorSeesOnlyItsCounty is the identity issue's scope promise:
// 511921 sees nothing of the other counties, the city sees all five.
func TestCountyAuditorSeesOnlyItsCounty(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	county := app.Login("county1")
	city := app.Login("city1")

	foreign := map[string]string{
		"/api/v1/orgs/" + app.OrgID("南江县小河职业中学").String():               "school in 511922",
		"/api/v1/orgs/" + app.OrgID("巴中职业技术学院").String():                "city-level school",
		"/api/v1/enterprises/" + app.OrgID("南江县光雾山旅游服务有限公司").String():   "enterprise hosted only by a 511922 school",
		"/api/v1/enterprises/" + app.OrgID("四川秦巴汽车零部件有限公司").String():    "enterprise in 511903 hosted by the city school",
		"/api/v1/users/" + app.UserID("school2").String():               "user of a 511922 school",
		"/api/v1/users/" + app.UserID("county2").String():               "auditor of 511922",
		"/api/v1/schools/" + app.OrgID("南江县小河职业中学").String() + "/hosts": "host list of a 511922 school",
	}
	for path, what := range foreign {
		if r := county.Get(path); r.Code != 404 {
			t.Errorf("county1 reading %s: %d, want 404", what, r.Code)
		}
		if r := city.Get(path); r.Code != 200 {
			t.Errorf("city1 reading %s: %d, want 200", what, r.Code)
		}
	}
	own := []string{
		"/api/v1/orgs/" + app.OrgID("通江县职业高级中学").String(),
		// Located in Chengdu, but hosts 通江 interns: the county must see it.
		"/api/v1/enterprises/" + app.OrgID("成都蓉芯电子科技有限公司").String(),
		"/api/v1/users/" + app.UserID("student1").String(),
	}
	for _, path := range own {
		if r := county.Get(path); r.Code != 200 {
			t.Errorf("county1 reading its own %s: %d", path, r.Code)
		}
	}

	schools := names(county, "/api/v1/orgs?kind=school")
	if len(schools) != 1 || !schools["通江县职业高级中学"] {
		t.Errorf("county1 lists schools %v", schools)
	}
	citySchools := names(city, "/api/v1/orgs?kind=school")
	if len(citySchools) != 4 {
		t.Errorf("city1 must list all four schools, got %v", citySchools)
	}
	var bureaus list
	city.Get("/api/v1/orgs?kind=bureau").JSON(&bureaus)
	divisions := map[string]bool{}
	for _, b := range bureaus.Items {
		divisions[b.DivisionCode] = true
	}
	for _, d := range []string{"511900", "511902", "511903", "511921", "511922", "511923"} {
		if !divisions[d] {
			t.Errorf("city1 does not see the bureau of %s", d)
		}
	}
	if got := names(county, "/api/v1/orgs?division=511922"); len(got) != 0 {
		t.Errorf("filtering by a foreign division must not widen the scope: %v", got)
	}
	var users list
	county.Get("/api/v1/users").JSON(&users)
	for _, u := range users.Items {
		if u.Name == "school2" {
			t.Error("county1 lists a 511922 user")
		}
	}
}

func TestPagination(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	admin := app.Login("admin")
	seen := map[string]bool{}
	path := "/api/v1/orgs?limit=4"
	pages := 0
	for {
		var l list
		r := admin.Get(path)
		r.JSON(&l)
		pages++
		for _, it := range l.Items {
			if seen[it.ID] {
				t.Fatalf("%s listed twice", it.Name)
			}
			seen[it.ID] = true
		}
		if l.NextCursor == nil {
			break
		}
		path = "/api/v1/orgs?limit=4&cursor=" + *l.NextCursor
	}
	if len(seen) != 17 || pages != 5 {
		t.Fatalf("want 17 organisations over 5 pages, got %d over %d", len(seen), pages)
	}
	if r := admin.Get("/api/v1/orgs?limit=0&cursor=nope"); r.Code != 400 || len(fields(r)) != 2 {
		t.Fatalf("bad paging must name limit and cursor: %d %s", r.Code, r.Body)
	}
}

func TestEnterpriseRegistration(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	school := app.Login("school1")

	// GCJ-02 from a map picker is stored as WGS-84.
	gcjLat, gcjLng := 31.9118, 107.2459
	r := school.PostJSON("/api/v1/enterprises", map[string]any{
		"name": "通江县青峪猕猴桃专业合作社", "credit_code": "93511921ma62qy0084", "division_code": "511921",
		"industry": "农业", "address": "通江县青峪镇", "lat": gcjLat, "lng": gcjLng, "datum": "gcj02",
		"fence_radius_m": 300, "headcount": 60,
		"safety_violations": []map[string]string{{"occurred_on": "2024-05-06", "summary": "未按规定配备劳动防护用品"}},
	})
	if r.Code != 201 {
		t.Fatalf("register: %d %s", r.Code, r.Body)
	}
	var e struct {
		ID               string  `json:"id"`
		CreditCode       string  `json:"credit_code"`
		Lat              float64 `json:"lat"`
		Lng              float64 `json:"lng"`
		SafetyViolations []struct {
			OccurredOn string `json:"occurred_on"`
		} `json:"safety_violations"`
	}
	r.JSON(&e)
	lng := e.Lng
	if e.CreditCode != "93511921MA62QY0084" {
		t.Errorf("credit code must be stored upper-case, got %s", e.CreditCode)
	}
	wantLat, wantLng, _ := geo.ToWGS84(gcjLat, gcjLng, geo.GCJ02)
	if math.Abs(e.Lat-wantLat) > 1e-9 || math.Abs(lng-wantLng) > 1e-9 || geo.DistanceMeters(gcjLat, gcjLng, e.Lat, lng) < 100 {
		t.Errorf("stored %f,%f; want WGS-84 %f,%f", e.Lat, lng, wantLat, wantLng)
	}
	if len(e.SafetyViolations) != 1 || e.SafetyViolations[0].OccurredOn != "2024-05-06" {
		t.Errorf("violations: %+v", e.SafetyViolations)
	}
	// The registering school sees it before it is on the host list.
	if r := school.Get("/api/v1/enterprises/" + e.ID); r.Code != 200 {
		t.Errorf("registering school must see its enterprise: %d", r.Code)
	}

	// Registering the same code again answers 409 with the existing id, from any school.
	other := app.Login("admin")
	r = other.PostJSON("/api/v1/enterprises", map[string]any{
		"name": "别的名字", "credit_code": "93511921MA62QY0084", "division_code": "511921", "address": "x",
		"lat": 31.9, "lng": 107.2, "datum": "wgs84", "fence_radius_m": 300, "headcount": 1})
	var conflict struct {
		Error struct {
			Code    string `json:"code"`
			Details []struct {
				ExistingID string `json:"existing_id"`
			} `json:"details"`
		} `json:"error"`
	}
	r.JSON(&conflict)
	if r.Code != 409 || conflict.Error.Code != "CREDIT_CODE_EXISTS" || conflict.Error.Details[0].ExistingID != e.ID {
		t.Fatalf("duplicate credit code: %d %s", r.Code, r.Body)
	}
}

func TestBadInputNamesEveryField(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	admin := app.Login("admin")
	school := app.Login("school1")
	ent := app.Login("ent1")
	count := func(table string) int {
		var n int
		if err := app.DB.Pool.QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := map[string]int{}
	for _, table := range []string{"orgs", "enterprises", "users", "posts", "school_hosts", "audit_events"} {
		before[table] = count(table)
	}

	cases := []struct {
		name   string
		client *apitest.Client
		path   string
		body   string
		want   []string
	}{
		{"enterprise", school, "/api/v1/enterprises",
			`{"name":"","credit_code":"91511921MA62YE003N","division_code":"991921","address":"","lat":91,"lng":-181,"datum":"baidu",
			  "fence_radius_m":10,"headcount":-1,"safety_violations":[{"occurred_on":"2027-01-01","summary":""}]}`,
			[]string{"name", "credit_code", "division_code", "address", "lat", "lng", "datum", "fence_radius_m", "headcount",
				"safety_violations[0].occurred_on", "safety_violations[0].summary"}},
		{"enterprise missing numbers", school, "/api/v1/enterprises",
			`{"name":"某企业","credit_code":"91511921MA62YE003M","division_code":"511921","address":"通江","datum":"wgs84"}`,
			[]string{"lat", "lng", "fence_radius_m", "headcount"}},
		{"enterprise one over every cap", school, "/api/v1/enterprises",
			`{"name":"某企业","credit_code":"91511921MA62YE003M","division_code":"511921","address":"通江","lat":31.9,"lng":107.2,
			  "datum":"wgs84","fence_radius_m":300,"headcount":100001,"lowest_grade_wage_fen":100000001}`,
			[]string{"headcount", "lowest_grade_wage_fen"}},
		{"enterprise with both a division and a region", school, "/api/v1/enterprises",
			`{"name":"某企业","credit_code":"91511921MA62YE003M","division_code":"511921","region_code":"HK","address":"通江","lat":31.9,"lng":107.2,
			  "datum":"wgs84","fence_radius_m":300,"headcount":10,"lowest_grade_wage_fen":0}`,
			[]string{"region_code", "lowest_grade_wage_fen"}},
		{"enterprise abroad with a bad region", school, "/api/v1/enterprises",
			`{"name":"某企业","credit_code":"91511921MA62YE003M","region_code":"CN","address":"x","lat":31.9,"lng":107.2,
			  "datum":"wgs84","fence_radius_m":300,"headcount":10}`,
			[]string{"region_code"}},
		{"post one over every cap, break longer than the shift", ent, "/api/v1/enterprises/" + app.OrgID("巴中经开区精工机械有限公司").String() + "/posts",
			`{"name":"超限岗位","major_category":"装备制造大类","headcount":100001,"hours_per_day":8,"hours_per_week":40,"shift_start":"08:00",
			  "shift_end":"09:00","break_minutes":60,"labour_grade":1,"wage_fen":100000001}`,
			[]string{"headcount", "break_minutes", "wage_fen"}},
		{"org with unknown division and weak kind", admin, "/api/v1/orgs",
			`{"kind":"hospital","name":"","division_code":"511999"}`, []string{"kind", "name", "division_code"}},
		{"bureau outside the division table", admin, "/api/v1/orgs",
			`{"kind":"bureau","name":"某局","division_code":"110101"}`, []string{"division_code"}},
		{"user: role does not fit the organisation, weak password, bad phone", admin, "/api/v1/users",
			`{"username":"Ab","password":"short","role":"teacher","org_id":"` + app.OrgID("通江县教育局").String() + `","phone":"12345"}`,
			[]string{"username", "password", "org_id", "phone"}},
		{"post", ent, "/api/v1/enterprises/" + app.OrgID("巴中经开区精工机械有限公司").String() + "/posts",
			`{"name":"","major_category":"","headcount":0,"hours_per_day":25,"hours_per_week":0,"shift_start":"8:30",
			  "shift_end":"24:00","labour_grade":5,"high_risk":["heights","lava"],"wage_fen":-1}`,
			[]string{"name", "major_category", "headcount", "hours_per_day", "hours_per_week", "shift_start", "shift_end",
				"labour_grade", "high_risk[1]", "wage_fen"}},
		{"post with a category outside the 2021 catalogue", ent, "/api/v1/enterprises/" + app.OrgID("巴中经开区精工机械有限公司").String() + "/posts",
			`{"name":"钳工","major_category":"机械大类","headcount":10,"hours_per_day":8,"hours_per_week":40,"shift_start":"08:00",
			  "shift_end":"17:00","labour_grade":1,"wage_fen":400000}`,
			[]string{"major_category"}},
		{"host", school, "/api/v1/schools/" + app.OrgID("通江县职业高级中学").String() + "/hosts",
			`{"enterprise_id":"` + app.OrgID("通江县教育局").String() + `","assessed_on":"2026-12-01","report":"","approved_on":"2026-02-30"}`,
			[]string{"enterprise_id", "assessed_on", "report", "approved_on"}},
	}
	for _, tc := range cases {
		r := tc.client.PostJSON(tc.path, tc.body)
		got := fields(r)
		if r.Code != 400 {
			t.Errorf("%s: %d %s", tc.name, r.Code, r.Body)
			continue
		}
		for _, f := range tc.want {
			if got[f] == "" {
				t.Errorf("%s: field %s not named; got %v", tc.name, f, got)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: named %d fields %v, want %d", tc.name, len(got), got, len(tc.want))
		}
		for f, msg := range got {
			if !strings.ContainsFunc(msg, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
				t.Errorf("%s: message for %s is not Chinese: %q", tc.name, f, msg)
			}
		}
	}
	if r := admin.PostJSON("/api/v1/users", `{"username":"school1","password":"Another-Pass-2026","role":"platform_admin"}`); r.Code != 409 || fields(r)["username"] == "" {
		t.Errorf("duplicate username: %d %s", r.Code, r.Body)
	}
	for table, n := range before {
		if got := count(table); got != n {
			t.Errorf("refused requests wrote to %s: %d rows, was %d", table, got, n)
		}
	}
}

// TestCapsExactlyAtTheLimit: 100,000 staff and 1,000,000 yuan are accepted;
// the lowest-grade wage and the break come back as stored.
func TestCapsExactlyAtTheLimit(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	school := app.Login("school1")
	r := school.PostJSON("/api/v1/enterprises", `{"name":"上限企业","credit_code":"91511921MA62YE003M","division_code":"511921","address":"通江",
		"lat":31.9,"lng":107.2,"datum":"wgs84","fence_radius_m":300,"headcount":100000,"lowest_grade_wage_fen":100000000}`)
	if r.Code == 409 { // the demo already holds this code: use a fresh one
		r = school.PostJSON("/api/v1/enterprises", `{"name":"上限企业","credit_code":"91440300MA5F0000HU","division_code":"440300","address":"深圳",
			"lat":22.5,"lng":113.9,"datum":"wgs84","fence_radius_m":300,"headcount":100000,"lowest_grade_wage_fen":100000000}`)
	}
	var e struct {
		ID                 string `json:"id"`
		Headcount          int    `json:"headcount"`
		LowestGradeWageFen *int64 `json:"lowest_grade_wage_fen"`
	}
	if r.Code != 201 {
		t.Fatalf("at the caps: %d %s", r.Code, r.Body)
	}
	r.JSON(&e)
	if e.Headcount != 100000 || e.LowestGradeWageFen == nil || *e.LowestGradeWageFen != 100000000 {
		t.Fatalf("stored: %s", r.Body)
	}
	r = school.PostJSON("/api/v1/enterprises/"+e.ID+"/posts", `{"name":"上限岗位","major_category":"装备制造大类","headcount":100000,
		"hours_per_day":8,"hours_per_week":40,"shift_start":"08:00","shift_end":"17:00","break_minutes":60,"labour_grade":1,"wage_fen":100000000}`)
	if r.Code != 201 || !strings.Contains(r.Body.String(), `"break_minutes":60`) {
		t.Fatalf("post at the caps: %d %s", r.Code, r.Body)
	}
}

func TestWhoMayCreateWhichAccount(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	school := app.Login("school1")
	ent := app.Login("ent1")
	own := app.OrgID("通江县职业高级中学").String()
	cases := []struct {
		client *apitest.Client
		role   string
		org    string
		want   int
	}{
		{school, "teacher", own, 201},
		{school, "student", own, 201},
		{school, "school_admin", own, 403},
		{school, "enterprise_mentor", app.OrgID("巴中经开区精工机械有限公司").String(), 404},
		{ent, "enterprise_mentor", app.OrgID("巴中经开区精工机械有限公司").String(), 201},
		{ent, "enterprise_admin", app.OrgID("巴中经开区精工机械有限公司").String(), 403},
		{ent, "enterprise_mentor", app.OrgID("南江县光雾山旅游服务有限公司").String(), 404},
	}
	for i, tc := range cases {
		body := map[string]string{"username": "acct" + string(rune('a'+i)) + "x", "password": "Account-Pass-2026", "role": tc.role, "org_id": tc.org}
		if r := tc.client.PostJSON("/api/v1/users", body); r.Code != tc.want {
			t.Errorf("%d: %s creating %s: %d, want %d: %s", i, tc.client.Header.Get("X-Who"), tc.role, r.Code, tc.want, r.Body)
		}
	}
}

// TestSchoolSeesMentorsOfItsHosts: a school names the mentors of its hosts in
// its plans, so it may list them, and no one else's.
func TestSchoolSeesMentorsOfItsHosts(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	var users struct {
		Items []struct {
			Username string `json:"username"`
		} `json:"items"`
	}
	app.Login("school1").Get("/api/v1/users?role=enterprise_mentor").JSON(&users)
	if len(users.Items) != 1 || users.Items[0].Username != "mentor1" {
		t.Fatalf("school1 must see mentor1 of its host 精工机械 and nobody else: %+v", users.Items)
	}
	app.Login("school2").Get("/api/v1/users?role=enterprise_mentor").JSON(&users)
	if len(users.Items) != 1 || users.Items[0].Username != "mentor2" {
		t.Fatalf("school2 lists only mentor2 of its host 光雾山, not mentor1 of 精工机械: %+v", users.Items)
	}
	if r := app.Login("school1").Get("/api/v1/users/" + app.UserID("ent1").String()); r.Code != 404 {
		t.Fatalf("only mentors are shared with host schools, not enterprise administrators: %d", r.Code)
	}
}
