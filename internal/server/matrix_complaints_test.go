package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/google/uuid"

	"huhang/internal/supervision"
)

// complaint files a complaint naming the subject's school: 通江's reaches
// county1 (own), 南江's county2 (foreign). It goes in through the service,
// past the per-address limits, which TestComplaintLimits covers.
func (m *matrixCtx) complaint() supervision.Receipt {
	school, err := uuid.Parse(m.pick(m.s.schoolOwn, m.s.schoolForeign))
	if err != nil {
		m.t.Fatal(err)
	}
	r, err := m.app.Services.Supervision.ReceiveComplaint(context.Background(), "", supervision.NewComplaint{SchoolID: &school,
		Content: "矩阵测试投诉：实习单位安排夜班"})
	if err != nil {
		m.t.Fatalf("complaint fixture: %v", err)
	}
	return r
}

// fromAddress gives each public request an address of its own, so the
// matrix's many requests stay under the per-address limits.
func fromAddress(m *matrixCtx, req *http.Request) *http.Request {
	n := m.seq.Add(1)
	req.RemoteAddr = fmt.Sprintf("198.18.%d.%d:40000", n/250, n%250+1)
	return req
}

// complaintReaders: bureaus over their subtree and the platform administrator.
var complaintReaders = pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{ok, hidden}, [2]int{denied, denied}, [2]int{denied, denied},
	[2]int{denied, denied}, [2]int{denied, denied}, [2]int{denied, denied})

var complaintRoutes = []route{
	// Anyone may complain, signed in or not, about any school.
	{method: "POST", path: "/api/v1/complaints", request: func(m *matrixCtx) *http.Request {
		return fromAddress(m, jsonReq("POST", "/api/v1/complaints", map[string]any{"school_id": m.pick(m.s.schoolOwn, m.s.schoolForeign),
			"content": "矩阵测试投诉"}))
	}, want: same(created, created, created, created, created, created, created, created)},
	{method: "GET", path: "/api/v1/public/complaints/:reference", request: func(m *matrixCtx) *http.Request {
		r := m.complaint()
		return fromAddress(m, httptest.NewRequest(http.MethodGet, "/api/v1/public/complaints/"+r.Reference+"?code="+r.Code, nil))
	}, want: same(ok, ok, ok, ok, ok, ok, ok, ok)},
	{method: "GET", path: "/api/v1/public/schools", request: get(fixed("/api/v1/public/schools")), want: same(ok, ok, ok, ok, ok, ok, ok, ok)},
	{method: "GET", path: "/api/v1/complaints", request: get(fixed("/api/v1/complaints")),
		want: same(unauth, ok, ok, denied, denied, denied, denied, denied)},
	{method: "GET", path: "/api/v1/complaints/:id", request: get(func(m *matrixCtx) string {
		return "/api/v1/complaints/" + m.complaint().ID.String()
	}), want: complaintReaders},
	// Only the bureau a complaint reached decides it; the administrator reads.
	{method: "POST", path: "/api/v1/complaints/:id/start", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/complaints/"+m.complaint().ID.String()+"/start", ``)
	}, want: onlyRole(2, ok)},
	{method: "POST", path: "/api/v1/complaints/:id/triage", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/complaints/"+m.complaint().ID.String()+"/triage", map[string]any{"outcome": "resolved",
			"reply": "已核实并处理"})
	}, want: onlyRole(2, ok)},
}

func init() { matrix = append(matrix, complaintRoutes...) }
