package server_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"

	"huhang/internal/platform/apitest"
	"huhang/internal/seed"
	"huhang/internal/testapp"
)

// The authorisation matrix: every route of the server, each role, against a
// subject inside the role's own scope (the 通江 side of the demo data) and
// one outside it (the 南江 side). A route missing from this table fails the
// test, so every new route must say who may use it.

// matrixRoles are the demo accounts, one per role; "" is anonymous.
var matrixRoles = []string{"", "admin", "county1", "school1", "teacher1", "student1", "ent1", "mentor1"}

// expect lists the status per role in matrixRoles order, for own and foreign subjects.
type expect [8][2]int

// same builds an expectation where own and foreign answer alike.
func same(codes ...int) expect {
	var e expect
	for i, c := range codes {
		e[i] = [2]int{c, c}
	}
	return e
}

// pairs builds an expectation from own/foreign pairs.
func pairs(p ...[2]int) expect {
	var e expect
	copy(e[:], p)
	return e
}

type subjects struct {
	schoolOwn, schoolForeign         uuid.UUID
	enterpriseOwn, enterpriseForeign uuid.UUID
	userOwn, userForeign             uuid.UUID
	hostCandidate                    uuid.UUID
}

// planSide holds the clients that move a plan of one side through its workflow.
type planSide struct {
	school, ent, county *apitest.Client
	postID, category    string
	diffPlan            string // a plan with two submitted versions
}

type matrixCtx struct {
	app    *testapp.App
	plans  map[bool]*planSide
	s      subjects
	role   string
	own    bool
	client *apitest.Client
	seq    *atomic.Int64
	t      *testing.T
	fx     map[bool]*placementSide
}

func (m *matrixCtx) pick(own, foreign uuid.UUID) string {
	if m.own {
		return own.String()
	}
	return foreign.String()
}

// plan makes a fresh plan of the own or foreign side in the given state.
func (m *matrixCtx) plan(state string) string {
	side := m.plans[m.own]
	return makePlan(m.app, side, state)
}

func makePlan(app *testapp.App, side *planSide, state string) string {
	body := fmt.Sprintf(`{"type":"cognitive","title":"矩阵认识实习","major":"专业","major_category":"%s","cohort":"2024级",
		"starts_on":"2026-12-21","ends_on":"2026-12-23","content":"参观车间","safety_measures":"全程带队","emergency_plan":"应急联络",
		"insurance_arrangement":"学校投保","posts":[{"post_id":"%s","planned_count":1,"pay_fen":0}]}`, side.category, side.postID)
	var p struct {
		ID string `json:"id"`
	}
	step := func(c *apitest.Client, method, path, body string) {
		r := c.SendJSON(method, path, body)
		if r.Code >= 300 {
			panic(fmt.Sprintf("plan fixture %s %s: %d %s", method, path, r.Code, r.Body))
		}
	}
	side.school.PostJSON("/api/v1/plans", body).JSON(&p)
	base := "/api/v1/plans/" + p.ID
	steps := []struct {
		state  string
		client *apitest.Client
		path   string
		body   string
	}{
		{"awaiting_cosign", side.school, base + "/request-cosign", ``},
		{"cosigned", side.ent, base + "/cosign", ``},
		{"submitted", side.school, base + "/submit", `{}`},
		{"approved", side.county, base + "/approve", `{}`},
	}
	target := state
	if state == "two_versions" {
		target = "submitted"
	}
	for _, st := range steps {
		if target == "draft" {
			break
		}
		step(st.client, "POST", st.path, st.body)
		if st.state == target {
			break
		}
	}
	if state == "two_versions" {
		step(side.county, "POST", base+"/return", `{"reasons":[{"field":"title","message":"请修改名称"}]}`)
		step(side.school, "PUT", base, strings.Replace(body, "矩阵认识实习", "矩阵认识实习（修改）", 1))
		step(side.school, "POST", base+"/request-cosign", ``)
		step(side.ent, "POST", base+"/cosign", ``)
		step(side.school, "POST", base+"/submit", `{}`)
	}
	return p.ID
}

func (m *matrixCtx) unique(prefix string) string {
	return fmt.Sprintf("%s%d", prefix, m.seq.Add(1))
}

type route struct {
	method, path string // as gin registers it
	// fresh asks for a client of its own: logout ends the session in use,
	// login would leave a cookie in the anonymous client.
	fresh   bool
	request func(m *matrixCtx) *http.Request
	want    expect
}

func get(path func(m *matrixCtx) string) func(m *matrixCtx) *http.Request {
	return func(m *matrixCtx) *http.Request { return httptest.NewRequest(http.MethodGet, path(m), nil) }
}

func post(path func(m *matrixCtx) string, body func(m *matrixCtx) string) func(m *matrixCtx) *http.Request {
	return func(m *matrixCtx) *http.Request {
		req := httptest.NewRequest(http.MethodPost, path(m), strings.NewReader(body(m)))
		req.Header.Set("Content-Type", "application/json")
		return req
	}
}

func fixed(s string) func(*matrixCtx) string { return func(*matrixCtx) string { return s } }

const (
	ok      = 200
	created = 201
	gone    = 204
	bad     = 400
	unauth  = 401
	denied  = 403
	hidden  = 404
)

var matrix = []route{
	{method: "GET", path: "/healthz", request: get(fixed("/healthz")), want: same(ok, ok, ok, ok, ok, ok, ok, ok)},
	{method: "GET", path: "/readyz", request: get(fixed("/readyz")), want: same(ok, ok, ok, ok, ok, ok, ok, ok)},
	{method: "GET", path: "/metrics", request: get(fixed("/metrics")), want: same(unauth, ok, denied, denied, denied, denied, denied, denied)},
	{method: "GET", path: "/api/v1/openapi.json", request: get(fixed("/api/v1/openapi.json")), want: same(ok, ok, ok, ok, ok, ok, ok, ok)},
	{method: "POST", path: "/api/v1/auth/login", fresh: true,
		request: post(fixed("/api/v1/auth/login"), func(m *matrixCtx) string {
			return `{"username":"admin","password":"` + seed.DemoPassword + `"}`
		}),
		want: same(ok, ok, ok, ok, ok, ok, ok, ok)},
	{method: "POST", path: "/api/v1/auth/refresh", request: post(fixed("/api/v1/auth/refresh"), fixed(``)),
		want: same(unauth, ok, ok, ok, ok, ok, ok, ok)},
	{method: "POST", path: "/api/v1/auth/logout", fresh: true, request: post(fixed("/api/v1/auth/logout"), fixed(``)),
		want: same(unauth, gone, gone, gone, gone, gone, gone, gone)},
	// Each role gets only its own items; the scoping itself is tested in internal/todos.
	{method: "GET", path: "/api/v1/todos", request: get(fixed("/api/v1/todos")), want: same(unauth, ok, ok, ok, ok, ok, ok, ok)},
	{method: "GET", path: "/api/v1/workspace", request: get(fixed("/api/v1/workspace")), want: same(unauth, ok, ok, ok, ok, ok, ok, ok)},
	{method: "GET", path: "/api/v1/auth/me", request: get(fixed("/api/v1/auth/me")), want: same(unauth, ok, ok, ok, ok, ok, ok, ok)},
	{method: "GET", path: "/api/v1/auth/sessions", request: get(fixed("/api/v1/auth/sessions")), want: same(unauth, ok, ok, ok, ok, ok, ok, ok)},
	{method: "DELETE", path: "/api/v1/auth/sessions/:id", request: func(m *matrixCtx) *http.Request {
		// Own: a second session of the same user; foreign: a session of another user.
		username := m.role
		if !m.own || username == "" {
			username = "school2"
		}
		other := m.app.Login(username)
		var list struct {
			Items []struct {
				ID      string `json:"id"`
				Current bool   `json:"current"`
			} `json:"items"`
		}
		other.Get("/api/v1/auth/sessions").JSON(&list)
		sid := ""
		for _, s := range list.Items {
			if s.Current {
				sid = s.ID
			}
		}
		return httptest.NewRequest(http.MethodDelete, "/api/v1/auth/sessions/"+sid, nil)
	}, want: pairs([2]int{unauth, unauth}, [2]int{gone, hidden}, [2]int{gone, hidden}, [2]int{gone, hidden},
		[2]int{gone, hidden}, [2]int{gone, hidden}, [2]int{gone, hidden}, [2]int{gone, hidden})},
	{method: "POST", path: "/api/v1/auth/password",
		request: post(fixed("/api/v1/auth/password"), fixed(`{"current_password":"not-the-password","new_password":"Another-Pass-2026"}`)),
		want:    same(unauth, bad, bad, bad, bad, bad, bad, bad)},
	{method: "GET", path: "/api/v1/divisions", request: get(fixed("/api/v1/divisions?parent=511900")), want: same(unauth, ok, ok, ok, ok, ok, ok, ok)},
	{method: "POST", path: "/api/v1/orgs", request: post(fixed("/api/v1/orgs"), func(m *matrixCtx) string {
		division := "511921"
		if !m.own {
			division = "511922"
		}
		return fmt.Sprintf(`{"kind":"school","name":"%s","division_code":"%s"}`, m.unique("矩阵测试学校"), division)
	}), want: same(unauth, created, denied, denied, denied, denied, denied, denied)},
	{method: "GET", path: "/api/v1/orgs", request: get(fixed("/api/v1/orgs?kind=school")), want: same(unauth, ok, ok, ok, ok, ok, ok, ok)},
	{method: "GET", path: "/api/v1/orgs/:id", request: get(func(m *matrixCtx) string {
		return "/api/v1/orgs/" + m.pick(m.s.schoolOwn, m.s.schoolForeign)
	}), want: pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{ok, hidden},
		[2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{hidden, hidden})},
	{method: "POST", path: "/api/v1/enterprises", request: post(fixed("/api/v1/enterprises"), func(m *matrixCtx) string {
		return fmt.Sprintf(`{"name":"%s","credit_code":"%s","division_code":"511921","address":"通江县","lat":31.9,"lng":107.2,
			"datum":"gcj02","fence_radius_m":300,"headcount":100}`, m.unique("矩阵测试企业"), nextCreditCode(m))
	}), want: same(unauth, created, denied, created, denied, denied, denied, denied)},
	{method: "GET", path: "/api/v1/enterprises", request: get(fixed("/api/v1/enterprises")), want: same(unauth, ok, ok, ok, ok, ok, ok, ok)},
	{method: "GET", path: "/api/v1/enterprises/:id", request: get(func(m *matrixCtx) string {
		return "/api/v1/enterprises/" + m.pick(m.s.enterpriseOwn, m.s.enterpriseForeign)
	}), want: pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{hidden, hidden},
		[2]int{hidden, hidden}, [2]int{ok, hidden}, [2]int{ok, hidden})},
	{method: "POST", path: "/api/v1/enterprises/:id/posts", request: post(func(m *matrixCtx) string {
		return "/api/v1/enterprises/" + m.pick(m.s.enterpriseOwn, m.s.enterpriseForeign) + "/posts"
	}, func(m *matrixCtx) string {
		return fmt.Sprintf(`{"name":"%s","major_category":"装备制造大类","headcount":10,"hours_per_day":8,"hours_per_week":40,
			"shift_start":"08:30","shift_end":"17:30","labour_grade":2,"wage_fen":400000}`, m.unique("矩阵岗位"))
	}), want: pairs([2]int{unauth, unauth}, [2]int{denied, denied}, [2]int{denied, denied}, [2]int{created, hidden},
		[2]int{denied, denied}, [2]int{denied, denied}, [2]int{created, hidden}, [2]int{denied, denied})},
	{method: "GET", path: "/api/v1/enterprises/:id/posts", request: get(func(m *matrixCtx) string {
		return "/api/v1/enterprises/" + m.pick(m.s.enterpriseOwn, m.s.enterpriseForeign) + "/posts"
	}), want: pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{hidden, hidden},
		[2]int{hidden, hidden}, [2]int{ok, hidden}, [2]int{ok, hidden})},
	{method: "POST", path: "/api/v1/schools/:id/hosts", request: post(func(m *matrixCtx) string {
		return "/api/v1/schools/" + m.pick(m.s.schoolOwn, m.s.schoolForeign) + "/hosts"
	}, func(m *matrixCtx) string {
		return fmt.Sprintf(`{"enterprise_id":"%s","assessed_on":"2026-10-09","report":"实地评估合格","approved_on":"2026-10-20"}`, m.s.hostCandidate)
	}), want: pairs([2]int{unauth, unauth}, [2]int{denied, denied}, [2]int{denied, denied}, [2]int{created, hidden},
		[2]int{denied, denied}, [2]int{denied, denied}, [2]int{denied, denied}, [2]int{denied, denied})},
	{method: "GET", path: "/api/v1/schools/:id/hosts", request: get(func(m *matrixCtx) string {
		return "/api/v1/schools/" + m.pick(m.s.schoolOwn, m.s.schoolForeign) + "/hosts"
	}), want: pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{ok, hidden},
		[2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{hidden, hidden})},
	{method: "POST", path: "/api/v1/users", request: post(fixed("/api/v1/users"), func(m *matrixCtx) string {
		// Each role asks for the account it would create in its own organisation,
		// and the same in a foreign one.
		role, org := "teacher", m.pick(m.s.schoolOwn, m.s.schoolForeign)
		if m.role == "ent1" || m.role == "mentor1" {
			role, org = "enterprise_mentor", m.pick(m.s.enterpriseOwn, m.s.enterpriseForeign)
		}
		return fmt.Sprintf(`{"username":"%s","password":"Matrix-Pass-2026","role":"%s","org_id":"%s"}`, m.unique("matrix"), role, org)
	}), want: pairs([2]int{unauth, unauth}, [2]int{created, created}, [2]int{denied, denied}, [2]int{created, hidden},
		[2]int{denied, denied}, [2]int{denied, denied}, [2]int{created, hidden}, [2]int{denied, denied})},
	{method: "GET", path: "/api/v1/users", request: get(fixed("/api/v1/users")), want: same(unauth, ok, ok, ok, denied, denied, ok, denied)},
	{method: "GET", path: "/api/v1/users/:id", request: get(func(m *matrixCtx) string {
		return "/api/v1/users/" + m.pick(m.s.userOwn, m.s.userForeign)
	}), want: pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{ok, hidden},
		[2]int{hidden, hidden}, [2]int{hidden, hidden}, [2]int{hidden, hidden})},
	{method: "GET", path: "/api/v1/audit-events", request: get(func(m *matrixCtx) string {
		return "/api/v1/audit-events?subject_type=user&subject_id=" + m.pick(m.s.userOwn, m.s.userForeign)
	}), want: same(unauth, ok, ok, denied, denied, denied, denied, denied)},
	{method: "GET", path: "/api/v1/rules", request: get(fixed("/api/v1/rules")), want: same(unauth, ok, ok, ok, ok, ok, ok, ok)},
	{method: "GET", path: "/api/v1/plans", request: get(fixed("/api/v1/plans")), want: same(unauth, ok, ok, ok, ok, ok, ok, ok)},
	{method: "GET", path: "/api/v1/plans/review-queue", request: get(fixed("/api/v1/plans/review-queue")),
		want: same(unauth, denied, ok, denied, denied, denied, denied, denied)},
	{method: "POST", path: "/api/v1/plans", request: func(m *matrixCtx) *http.Request {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/plans", strings.NewReader(fmt.Sprintf(`{"type":"cognitive","title":"t","major":"m",
			"major_category":"%s","cohort":"2024级","starts_on":"2026-12-21","ends_on":"2026-12-22","posts":[{"post_id":"%s","planned_count":1,"pay_fen":0}]}`,
			m.plans[true].category, m.plans[true].postID)))
		req.Header.Set("Content-Type", "application/json")
		return req
	}, want: same(unauth, denied, denied, created, denied, denied, denied, denied)},
	{method: "GET", path: "/api/v1/plans/:id", request: planGet("draft", ""), want: draftRead},
	{method: "GET", path: "/api/v1/plans/:id", request: planGet("submitted", ""), want: planRead},
	{method: "POST", path: "/api/v1/plans/check", request: post(fixed("/api/v1/plans/check"), func(m *matrixCtx) string {
		return fmt.Sprintf(`{"type":"cognitive","title":"t","major":"m","major_category":"%s","cohort":"2024级","starts_on":"2026-12-21",
			"ends_on":"2026-12-22","posts":[{"post_id":"%s","planned_count":1,"pay_fen":0}]}`, m.plans[true].category, m.plans[true].postID)
	}), want: same(unauth, denied, denied, ok, denied, denied, denied, denied)},
	{method: "GET", path: "/api/v1/plans/suggestions", request: get(fixed("/api/v1/plans/suggestions")),
		want: same(unauth, denied, denied, ok, denied, denied, denied, denied)},
	{method: "GET", path: "/api/v1/major-categories", request: get(fixed("/api/v1/major-categories")), want: same(unauth, ok, ok, ok, ok, ok, ok, ok)},
	{method: "PUT", path: "/api/v1/plans/:id", request: func(m *matrixCtx) *http.Request {
		id := m.plan("draft")
		req := httptest.NewRequest(http.MethodPut, "/api/v1/plans/"+id, strings.NewReader(fmt.Sprintf(`{"type":"cognitive","title":"改","major":"m",
			"major_category":"%s","cohort":"2024级","starts_on":"2026-12-21","ends_on":"2026-12-22","posts":[{"post_id":"%s","planned_count":2,"pay_fen":0}]}`,
			m.plans[m.own].category, m.plans[m.own].postID)))
		req.Header.Set("Content-Type", "application/json")
		return req
	}, want: onlyRole(3, ok)},
	{method: "POST", path: "/api/v1/plans/:id/check", request: planPost("draft", "/check", ``),
		want: pairs([2]int{unauth, unauth}, [2]int{denied, denied}, [2]int{hidden, hidden}, [2]int{ok, hidden}, [2]int{denied, denied},
			[2]int{denied, denied}, [2]int{ok, hidden}, [2]int{denied, denied})},
	{method: "POST", path: "/api/v1/plans/:id/request-cosign", request: planPost("draft", "/request-cosign", ``), want: onlyRole(3, ok)},
	{method: "POST", path: "/api/v1/plans/:id/cosign", request: planPost("awaiting_cosign", "/cosign", ``), want: onlyRole(6, ok)},
	{method: "POST", path: "/api/v1/plans/:id/decline", request: planPost("awaiting_cosign", "/decline", `{"reason":"岗位调整"}`), want: onlyRole(6, ok)},
	{method: "POST", path: "/api/v1/plans/:id/submit", request: planPost("cosigned", "/submit", `{}`), want: onlyRole(3, ok)},
	{method: "POST", path: "/api/v1/plans/:id/approve", request: planPost("submitted", "/approve", `{"comment":"同意"}`), want: onlyRole(2, ok)},
	// The matrix's plans have local hosts: the school's own bureau passes every
	// role and scope check and is then told there is nothing to consent to
	// (409); the city may see a county school's plan but is not its competent
	// bureau (TestCrossProvinceConsentAndFiling proves that with a real one).
	{method: "POST", path: "/api/v1/plans/:id/cross-province/consent", request: planPost("submitted", "/cross-province/consent", `{"comment":"同意"}`),
		want: onlyRole(2, 409)},
	{method: "POST", path: "/api/v1/plans/:id/cross-province/filing", request: planPost("approved", "/cross-province/filing",
		`{"filed_on":"2026-11-20","reference":"川教备〔2026〕1号"}`), want: onlyRole(2, 409)},
	{method: "POST", path: "/api/v1/plans/:id/return", request: planPost("submitted", "/return", `{"reasons":[{"field":"title","message":"改"}]}`), want: onlyRole(2, ok)},
	{method: "POST", path: "/api/v1/plans/:id/reject", request: planPost("submitted", "/reject", `{"reason":"不符合要求"}`), want: onlyRole(2, ok)},
	{method: "POST", path: "/api/v1/plans/:id/revoke", request: planPost("approved", "/revoke", `{"reason":"发现问题"}`), want: onlyRole(2, ok)},
	{method: "POST", path: "/api/v1/plans/:id/withdraw", request: planPost("draft", "/withdraw", ``), want: onlyRole(3, ok)},
	{method: "GET", path: "/api/v1/plans/:id/versions", request: planGet("submitted", "/versions"), want: planRead},
	{method: "GET", path: "/api/v1/plans/:id/versions/:n/diff", request: func(m *matrixCtx) *http.Request {
		return httptest.NewRequest(http.MethodGet, "/api/v1/plans/"+m.plans[m.own].diffPlan+"/versions/2/diff", nil)
	}, want: planRead},
}

// planRead: who may read a plan of their own side, and nobody reads the other side's.
var planRead = pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{hidden, hidden},
	[2]int{hidden, hidden}, [2]int{ok, hidden}, [2]int{hidden, hidden})

// draftRead: a school's unsent draft is not the bureau's to see, its own
// bureau's (county1) included; the school and the host read it.
var draftRead = pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{hidden, hidden}, [2]int{ok, hidden}, [2]int{hidden, hidden},
	[2]int{hidden, hidden}, [2]int{ok, hidden}, [2]int{hidden, hidden})

// onlyRole: the role at index i acts on its own side's plan and gets 404 on
// the other side's; every other role is refused by role, anonymous by login.
func onlyRole(i, code int) expect {
	e := same(unauth, denied, denied, denied, denied, denied, denied, denied)
	e[i] = [2]int{code, hidden}
	return e
}

func planGet(state, suffix string) func(m *matrixCtx) *http.Request {
	return func(m *matrixCtx) *http.Request {
		return httptest.NewRequest(http.MethodGet, "/api/v1/plans/"+m.plan(state)+suffix, nil)
	}
}

func planPost(state, suffix, body string) func(m *matrixCtx) *http.Request {
	return func(m *matrixCtx) *http.Request {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/plans/"+m.plan(state)+suffix, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		return req
	}
}

var creditSeq atomic.Int64

// nextCreditCode makes a valid, unused unified social credit code.
func nextCreditCode(m *matrixCtx) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	base := fmt.Sprintf("91511921MA6%06d", creditSeq.Add(1))
	sum := 0
	for i, ch := range base {
		sum += strings.IndexRune(alphabet, ch) * weights[i]
	}
	return base + string(alphabet[(31-sum%31)%31])
}

func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	s := subjects{
		schoolOwn: app.OrgID("通江县职业高级中学"), schoolForeign: app.OrgID("南江县小河职业中学"),
		enterpriseOwn: app.OrgID("巴中经开区精工机械有限公司"), enterpriseForeign: app.OrgID("南江县光雾山旅游服务有限公司"),
		userOwn: app.UserID("teacher1"), userForeign: app.UserID("school2"),
		hostCandidate: app.OrgID("四川秦巴汽车零部件有限公司"),
	}

	listed := map[string]bool{}
	for _, r := range matrix {
		listed[r.method+" "+r.path] = true
	}
	var missing []string
	for _, r := range app.Handler.Routes() {
		if !listed[r.Method+" "+r.Path] {
			missing = append(missing, r.Method+" "+r.Path)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("routes missing from the authorisation matrix: %v", missing)
	}

	clients := map[string]*apitest.Client{"": app.Anonymous()}
	for _, role := range matrixRoles[1:] {
		clients[role] = app.Login(role)
	}
	postOf := func(c *apitest.Client, enterprise string) string {
		var posts struct {
			Items []struct{ ID string } `json:"items"`
		}
		c.Get("/api/v1/enterprises/" + app.OrgID(enterprise).String() + "/posts").JSON(&posts)
		return posts.Items[0].ID
	}
	plans := map[bool]*planSide{
		true:  {school: app.Login("school1"), ent: app.Login("ent1"), county: app.Login("county1")},
		false: {school: app.Login("school2"), ent: app.Login("ent2"), county: app.Login("county2")},
	}
	plans[true].postID, plans[true].category = postOf(plans[true].ent, "巴中经开区精工机械有限公司"), "装备制造大类"
	plans[false].postID, plans[false].category = postOf(plans[false].ent, "南江县光雾山旅游服务有限公司"), "旅游大类"
	for _, side := range plans {
		side.diffPlan = makePlan(app, side, "two_versions")
	}
	fx := map[bool]*placementSide{
		true:  newPlacementSide(t, app, app.Tongjiang(), "student1"),
		false: newPlacementSide(t, app, app.Nanjiang(), ""),
	}
	var seq atomic.Int64
	for _, r := range matrix {
		for i, role := range matrixRoles {
			for side, own := range []bool{true, false} {
				client := clients[role]
				if r.fresh {
					client = app.Anonymous()
					if role != "" {
						client = app.Login(role)
					}
				}
				m := &matrixCtx{app: app, plans: plans, s: s, role: role, own: own, client: client, seq: &seq, t: t, fx: fx}
				resp := client.Do(r.request(m))
				if want := r.want[i][side]; resp.Code != want {
					who := role
					if who == "" {
						who = "anonymous"
					}
					scope := map[bool]string{true: "own", false: "foreign"}[own]
					t.Errorf("%s %s as %s (%s subject): got %d, want %d: %s", r.method, r.path, who, scope, resp.Code, want,
						truncate(resp.Body.String()))
				}
			}
		}
	}
}

func truncate(s string) string {
	if len(s) > 300 {
		return s[:300]
	}
	return s
}
