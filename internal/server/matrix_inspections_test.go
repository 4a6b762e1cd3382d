package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/inspections"
)

// The inspection fixtures are made through the services as the 通江 (own)
// or 南江 (foreign) bureau and school, one per request.

func (m *matrixCtx) actor(username string) auth.Actor {
	creds, err := m.app.Services.Orgs.CredentialsByUsername(context.Background(), username)
	if err != nil {
		m.t.Fatal(err)
	}
	return creds.Actor
}

func (m *matrixCtx) sideUsers() (bureau, school auth.Actor, division string) {
	if m.own {
		return m.actor("county1"), m.actor("school1"), "511921"
	}
	return m.actor("county2"), m.actor("school2"), "511922"
}

// campaign makes a campaign of the side's bureau: draft, open, drawn (open
// with its draw) or closed.
func (m *matrixCtx) campaign(state string) string {
	ctx := context.Background()
	bureau, _, division := m.sideUsers()
	svc := m.app.Services.Inspections
	today := m.app.Today()
	c, err := svc.CreateCampaign(ctx, bureau, inspections.NewCampaign{Title: "矩阵专项检查", DivisionCode: division, StartsOn: today,
		EndsOn: today.AddDays(30), Methods: []inspections.Method{inspections.MethodDocuments}})
	if err == nil && state != "draft" {
		_, err = svc.OpenCampaign(ctx, bureau, c.ID)
	}
	if err == nil && state == "drawn" {
		_, err = svc.DrawCampaign(ctx, bureau, c.ID, inspections.DrawRequest{Targets: 1, Inspectors: 1})
	}
	if err == nil && state == "closed" {
		_, err = svc.CloseCampaign(ctx, bureau, c.ID)
	}
	if err != nil {
		m.t.Fatalf("campaign fixture %s: %v", state, err)
	}
	return c.ID.String()
}

// finding makes a finding on the side's school with one evidence file, as
// far as state: recorded, open, submitted or verified.
func (m *matrixCtx) finding(state string) inspections.Finding {
	ctx := context.Background()
	bureau, school, _ := m.sideUsers()
	svc := m.app.Services.Inspections
	campaign := uuid.MustParse(m.campaign("open"))
	photo, err := m.app.Services.Files.Store(ctx, bureau, "现场照片.png", pngBytes)
	if err != nil {
		m.t.Fatal(err)
	}
	f, err := svc.RecordFinding(ctx, bureau, campaign, inspections.NewFinding{TargetKind: inspections.TargetSchool, TargetID: *school.OrgID,
		Description: "矩阵测试问题", Severity: inspections.SeverityMinor, Evidence: []uuid.UUID{photo.ID}})
	today := m.app.Today()
	if err == nil && state != "recorded" {
		f, err = svc.OrderRectification(ctx, bureau, f.ID, inspections.Order{ResponsibleOrgID: *school.OrgID, ResponsiblePerson: "负责人",
			Measure: "整改", Deadline: today.AddDays(10)})
	}
	if err == nil && (state == "submitted" || state == "verified") {
		f, err = svc.SubmitRectification(ctx, school, f.ID, inspections.Submission{Note: "已整改"})
	}
	if err == nil && state == "verified" {
		f, err = svc.VerifyRectification(ctx, bureau, f.ID)
	}
	if err != nil {
		m.t.Fatalf("finding fixture %s: %v", state, err)
	}
	return f
}

// pngBytes is the smallest PNG the upload check accepts as an image.
var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

func campaignPath(state, suffix string) func(m *matrixCtx) string {
	return func(m *matrixCtx) string { return "/api/v1/campaigns/" + m.campaign(state) + suffix }
}

func findingPath(state, suffix string) func(m *matrixCtx) string {
	return func(m *matrixCtx) string { return "/api/v1/findings/" + m.finding(state).ID.String() + suffix }
}

// inspectionReaders: the platform administrator everywhere, a bureau over
// its subtree, nobody else.
var inspectionReaders = pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{ok, hidden}, [2]int{denied, denied}, [2]int{denied, denied},
	[2]int{denied, denied}, [2]int{denied, denied}, [2]int{denied, denied})

// findingReaders adds the responsible school; the enterprise the finding
// does not concern does not see it.
var findingReaders = pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{denied, denied},
	[2]int{denied, denied}, [2]int{hidden, hidden}, [2]int{denied, denied})

// responsibleUnit: the school the rectification was ordered to acts.
var responsibleUnit = pairs([2]int{unauth, unauth}, [2]int{denied, denied}, [2]int{denied, denied}, [2]int{ok, hidden}, [2]int{denied, denied},
	[2]int{denied, denied}, [2]int{hidden, hidden}, [2]int{denied, denied})

var inspectionRoutes = []route{
	{method: "POST", path: "/api/v1/campaigns", request: post(fixed("/api/v1/campaigns"), func(m *matrixCtx) string {
		division := map[bool]string{true: "511921", false: "511922"}[m.own]
		return `{"title":"矩阵检查","division_code":"` + division + `","starts_on":"2026-12-10","ends_on":"2026-12-30","methods":["documents"]}`
	}), want: pairs([2]int{unauth, unauth}, [2]int{denied, denied}, [2]int{created, bad}, [2]int{denied, denied}, [2]int{denied, denied},
		[2]int{denied, denied}, [2]int{denied, denied}, [2]int{denied, denied})},
	{method: "GET", path: "/api/v1/campaigns", request: get(fixed("/api/v1/campaigns")),
		want: same(unauth, ok, ok, denied, denied, denied, denied, denied)},
	{method: "GET", path: "/api/v1/campaigns/:id", request: get(campaignPath("draft", "")), want: inspectionReaders},
	{method: "POST", path: "/api/v1/campaigns/:id/open", request: post(campaignPath("draft", "/open"), fixed("")), want: onlyRole(2, ok)},
	{method: "POST", path: "/api/v1/campaigns/:id/close", request: post(campaignPath("open", "/close"), fixed("")), want: onlyRole(2, ok)},
	{method: "POST", path: "/api/v1/campaigns/:id/draw", request: post(campaignPath("open", "/draw"), func(*matrixCtx) string {
		return `{"targets":1,"inspectors":1}`
	}), want: onlyRole(2, created)},
	{method: "GET", path: "/api/v1/campaigns/:id/draw", request: get(campaignPath("drawn", "/draw")), want: inspectionReaders},
	{method: "POST", path: "/api/v1/campaigns/:id/findings", request: post(campaignPath("open", "/findings"), func(m *matrixCtx) string {
		return `{"target_kind":"school","target_id":"` + m.pick(m.s.schoolOwn, m.s.schoolForeign) + `","description":"矩阵","severity":"minor"}`
	}), want: onlyRole(2, created)},
	{method: "GET", path: "/api/v1/campaigns/:id/findings", request: get(campaignPath("open", "/findings")), want: inspectionReaders},
	{method: "GET", path: "/api/v1/campaigns/:id/ledger.xlsx", request: get(campaignPath("open", "/ledger.xlsx")), want: inspectionReaders},
	{method: "GET", path: "/api/v1/campaigns/:id/ledger.csv", request: get(campaignPath("open", "/ledger.csv")), want: inspectionReaders},
	{method: "GET", path: "/api/v1/ledger/verify", request: get(fixed("/api/v1/ledger/verify")),
		want: same(unauth, ok, ok, denied, denied, denied, denied, denied)},
	{method: "GET", path: "/api/v1/rectifications", request: get(fixed("/api/v1/rectifications")),
		want: same(unauth, ok, ok, ok, denied, denied, ok, denied)},
	{method: "GET", path: "/api/v1/findings/:id", request: get(findingPath("open", "")), want: findingReaders},
	{method: "GET", path: "/api/v1/findings/:id/files/:file_id", request: get(func(m *matrixCtx) string {
		f := m.finding("open")
		return "/api/v1/findings/" + f.ID.String() + "/files/" + f.Evidence[0].String()
	}), want: findingReaders},
	{method: "POST", path: "/api/v1/findings/:id/rectification", request: post(findingPath("recorded", "/rectification"), func(m *matrixCtx) string {
		return `{"responsible_org_id":"` + m.pick(m.s.schoolOwn, m.s.schoolForeign) + `","responsible_person":"负责人","measure":"整改",
			"deadline":"` + m.app.Today().AddDays(7).String() + `"}`
	}), want: onlyRole(2, ok)},
	{method: "POST", path: "/api/v1/findings/:id/start", request: post(findingPath("open", "/start"), fixed("")), want: responsibleUnit},
	{method: "POST", path: "/api/v1/findings/:id/submit", request: post(findingPath("open", "/submit"), func(*matrixCtx) string {
		return `{"note":"已整改"}`
	}), want: responsibleUnit},
	{method: "POST", path: "/api/v1/findings/:id/verify", request: post(findingPath("submitted", "/verify"), fixed("")), want: onlyRole(2, ok)},
	{method: "POST", path: "/api/v1/findings/:id/reopen", request: post(findingPath("submitted", "/reopen"), func(*matrixCtx) string {
		return `{"reason":"材料不全"}`
	}), want: onlyRole(2, ok)},
	{method: "POST", path: "/api/v1/findings/:id/close", request: post(findingPath("verified", "/close"), fixed("")), want: onlyRole(2, ok)},
	// Anyone may verify a filing with the code printed on the form.
	{method: "GET", path: "/api/v1/public/filings/:filing_no", request: func(m *matrixCtx) *http.Request {
		id := uuid.MustParse(m.plan("approved"))
		p, err := m.app.Services.Plans.Get(context.Background(), m.actor(map[bool]string{true: "county1", false: "county2"}[m.own]), id)
		if err != nil {
			m.t.Fatal(err)
		}
		url := m.app.Services.Plans.VerifyURL(p.FilingNo)
		return fromAddress(m, httptest.NewRequest(http.MethodGet, "/api/v1/public/filings/"+strings.TrimPrefix(url, "/verify/"), nil))
	}, want: same(ok, ok, ok, ok, ok, ok, ok, ok)},
}

func init() { matrix = append(matrix, inspectionRoutes...) }
