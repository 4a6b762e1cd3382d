package plans_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"huhang/internal/platform/apitest"
	"huhang/internal/testapp"
)

func publicGet(app *testapp.App, ip, path string) *apitest.Response {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = ip + ":40000"
	return app.Anonymous().Do(req)
}

// TestPublicFilingVerification: a filed plan carries a verify_url whose code
// opens its public record; a wrong code, a draft, or an unknown number all
// answer 404 alike, and the route is rate limited per address.
func TestPublicFilingVerification(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	side := app.Tongjiang()
	id := side.FiledPlan(t, "cognitive", app.Today().AddDays(20).String())
	var p struct {
		FilingNo  *string `json:"filing_no"`
		VerifyURL string  `json:"verify_url"`
	}
	side.School.Get("/api/v1/plans/" + id).JSON(&p)
	if p.FilingNo == nil || !strings.HasPrefix(p.VerifyURL, "/verify/"+*p.FilingNo+"?c=") || len(p.VerifyURL) != len("/verify/"+*p.FilingNo+"?c=")+8 {
		t.Fatalf("verify_url %q for filing %v", p.VerifyURL, p.FilingNo)
	}
	code := p.VerifyURL[strings.Index(p.VerifyURL, "?c=")+3:]
	r := publicGet(app, "198.51.100.1", "/api/v1/public/filings/"+*p.FilingNo+"?c="+strings.ToLower(code))
	if r.Code != 200 {
		t.Fatalf("verify: %d %s", r.Code, r.Body)
	}
	var got map[string]any
	r.JSON(&got)
	if got["valid"] != true || got["school_name"] != "通江县职业高级中学" || got["bureau_name"] != "通江县教育局" ||
		got["filing_no"] != *p.FilingNo || got["approved_on"] != app.Today().String() {
		t.Fatalf("public filing: %v", got)
	}
	if hosts, _ := json.Marshal(got["host_names"]); !strings.Contains(string(hosts), side.EnterpriseName) {
		t.Fatalf("hosts: %s", hosts)
	}
	// Nothing about people: only these fields are shown.
	allowed := map[string]bool{"filing_no": true, "status": true, "status_name": true, "valid": true, "title": true, "type": true,
		"school_name": true, "host_names": true, "planned_count": true, "starts_on": true, "ends_on": true, "bureau_name": true, "approved_on": true}
	for k := range got {
		if !allowed[k] {
			t.Errorf("the public record shows %q", k)
		}
	}
	wrong := []byte(code)
	wrong[0] ^= 1
	for what, path := range map[string]string{
		"wrong code":     "/api/v1/public/filings/" + *p.FilingNo + "?c=" + string(wrong),
		"no code":        "/api/v1/public/filings/" + *p.FilingNo,
		"unknown number": strings.Replace(app.Services.Plans.VerifyURL(ptr("511921-2099-9999")), "/verify/", "/api/v1/public/filings/", 1),
	} {
		if r := publicGet(app, "198.51.100.2", path); r.Code != 404 || r.ErrorCode() != "NOT_FOUND" {
			t.Errorf("%s: %d %s", what, r.Code, r.Body)
		}
	}
	var draft struct {
		VerifyURL string `json:"verify_url"`
	}
	var created struct{ ID string }
	r = side.School.PostJSON("/api/v1/plans", map[string]any{"type": "cognitive", "title": "草稿", "major": "专业",
		"major_category": side.Category, "cohort": "2024级", "starts_on": app.Today().AddDays(30).String(),
		"ends_on": app.Today().AddDays(32).String(), "posts": []any{map[string]any{"post_id": side.Posts[0], "planned_count": 1, "pay_fen": 0}}})
	if r.Code != 201 {
		t.Fatalf("draft: %d %s", r.Code, r.Body)
	}
	r.JSON(&created)
	side.School.Get("/api/v1/plans/" + created.ID).JSON(&draft)
	if draft.VerifyURL != "" {
		t.Fatalf("a draft has a verify_url: %q", draft.VerifyURL)
	}
	// 30 a minute from one address, then 429 with Retry-After.
	last := 0
	for range 31 {
		last = publicGet(app, "198.51.100.3", "/api/v1/public/filings/"+*p.FilingNo+"?c="+code).Code
	}
	if last != 429 {
		t.Fatalf("the 31st check in a minute answered %d", last)
	}
}

func ptr(s string) *string { return &s }
