package server_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// Fixtures of student logs and leave on the subject side's shared
// placement (teacher1 and mentor1 with student1; teacher2 and mentor2 on
// the 南江 side), written straight into the tables: the service allows one
// log per period and the matrix needs a fresh record for every request.
var supSeq atomic.Int64

func (m *matrixCtx) supLog() string {
	id := uuid.Must(uuid.NewV7())
	day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(supSeq.Add(1)))
	if _, err := m.app.DB.Pool.Exec(context.Background(), `INSERT INTO student_logs (id, placement_id, kind, period_start, content, status,
		created_at, updated_at) VALUES ($1, $2, 'daily', $3, '矩阵日志', 'submitted', now(), now())`, id, m.fx[m.own].shared, day); err != nil {
		m.t.Fatalf("log fixture: %v", err)
	}
	return id.String()
}

func (m *matrixCtx) supLeave(kind, status string) string {
	id := uuid.Must(uuid.NewV7())
	ctx := context.Background()
	var file *uuid.UUID
	var address *string
	if kind == "lodging" {
		creds, err := m.app.Services.Orgs.CredentialsByUsername(ctx, "admin")
		if err != nil {
			m.t.Fatal(err)
		}
		f, err := m.app.Services.Files.Store(ctx, creds.Actor, "监护人签字.pdf", []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"))
		if err != nil {
			m.t.Fatal(err)
		}
		a := "矩阵路 1 号"
		file, address = &f.ID, &a
	}
	starts := time.Date(2026, 11, 30, 1, 0, 0, 0, time.UTC)
	if _, err := m.app.DB.Pool.Exec(ctx, `INSERT INTO leaves (id, placement_id, kind, status, starts_at, ends_at, reason, lodging_address,
		guardian_file_id, needs_mentor, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, '矩阵请假', $7, $8, $9, now(), now())`,
		id, m.fx[m.own].shared, kind, status, starts, starts.Add(8*time.Hour), address, file, kind == "leave"); err != nil {
		m.t.Fatalf("leave fixture: %v", err)
	}
	return id.String()
}

// reviewerPair: the placement's instructor and mentor act on their own
// side's record; a foreign record is not found; every other role is refused.
var reviewerPair = pairs([2]int{unauth, unauth}, [2]int{denied, denied}, [2]int{denied, denied}, [2]int{denied, denied},
	[2]int{ok, hidden}, [2]int{denied, denied}, [2]int{denied, denied}, [2]int{ok, hidden})

// archiveRead: the school and bureaus over it; never teachers, hosts or students.
var archiveRead = pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{denied, denied},
	[2]int{denied, denied}, [2]int{denied, denied}, [2]int{denied, denied})

func (m *matrixCtx) sharedPath(suffix string) string {
	return "/api/v1/placements/" + m.fx[m.own].shared + suffix
}

var mondayLeave = map[string]any{"kind": "leave", "starts_at": "2026-11-30T09:00:00+08:00", "ends_at": "2026-11-30T17:00:00+08:00", "reason": "看病"}

var studentSupRoutes = []route{
	{method: "POST", path: "/api/v1/placements/:id/logs", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", m.sharedPath("/logs"), map[string]any{"content": "矩阵周志"})
	}, want: onlyRole(5, created)},
	{method: "GET", path: "/api/v1/placements/:id/logs", request: get(func(m *matrixCtx) string { return m.sharedPath("/logs") }),
		want: placementRead},
	{method: "POST", path: "/api/v1/logs/:id/review", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/logs/"+m.supLog()+"/review", map[string]any{"comment": "认真", "score": 90})
	}, want: reviewerPair},
	{method: "POST", path: "/api/v1/placements/:id/leaves", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", m.sharedPath("/leaves"), mondayLeave)
	}, want: onlyRole(5, created)},
	{method: "POST", path: "/api/v1/leaves", request: func(m *matrixCtx) *http.Request {
		body := map[string]any{"placement_id": m.fx[m.own].shared}
		for k, v := range mondayLeave {
			body[k] = v
		}
		return jsonReq("POST", "/api/v1/leaves", body)
	}, want: onlyRole(5, created)},
	{method: "GET", path: "/api/v1/placements/:id/leaves", request: get(func(m *matrixCtx) string { return m.sharedPath("/leaves") }),
		want: placementRead},
	{method: "GET", path: "/api/v1/leaves/:id", request: get(func(m *matrixCtx) string { return "/api/v1/leaves/" + m.supLeave("leave", "requested") }),
		want: placementRead},
	{method: "POST", path: "/api/v1/leaves/:id/approve", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/leaves/"+m.supLeave("leave", "requested")+"/approve", ``)
	}, want: reviewerPair},
	{method: "POST", path: "/api/v1/leaves/:id/reject", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/leaves/"+m.supLeave("leave", "requested")+"/reject", map[string]any{"reason": "与考核冲突"})
	}, want: reviewerPair},
	{method: "POST", path: "/api/v1/leaves/:id/return", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/leaves/"+m.supLeave("leave", "approved")+"/return", ``)
	}, want: reviewerPair},
	{method: "POST", path: "/api/v1/leaves/:id/withdraw", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/leaves/"+m.supLeave("leave", "requested")+"/withdraw", ``)
	}, want: onlyRole(5, ok)},
	{method: "POST", path: "/api/v1/leaves/:id/file", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", "/api/v1/leaves/"+m.supLeave("lodging", "awaiting_filing")+"/file", ``)
	}, want: onlyRole(3, ok)},
	{method: "GET", path: "/api/v1/placements/:id/assessment", request: get(func(m *matrixCtx) string { return m.sharedPath("/assessment") }),
		want: placementRead},
	{method: "PUT", path: "/api/v1/placements/:id/assessment/mentor", request: func(m *matrixCtx) *http.Request {
		return jsonReq("PUT", m.sharedPath("/assessment/mentor"), map[string]any{"process_score": 80, "result_score": 85, "comment": "良好"})
	}, want: onlyRole(7, ok)},
	{method: "PUT", path: "/api/v1/placements/:id/assessment/instructor", request: func(m *matrixCtx) *http.Request {
		return jsonReq("PUT", m.sharedPath("/assessment/instructor"), map[string]any{"process_score": 80, "result_score": 85, "comment": "良好"})
	}, want: onlyRole(4, ok)},
	// The shared placement runs on: the school and the instructor pass every
	// role and scope check and are told by rule that it has not ended (422).
	{method: "POST", path: "/api/v1/placements/:id/assessment/finalize", request: func(m *matrixCtx) *http.Request {
		return jsonReq("POST", m.sharedPath("/assessment/finalize"), ``)
	}, want: pairs([2]int{unauth, unauth}, [2]int{denied, denied}, [2]int{denied, denied}, [2]int{422, hidden},
		[2]int{422, hidden}, [2]int{denied, denied}, [2]int{denied, denied}, [2]int{denied, denied})},
	{method: "GET", path: "/api/v1/plans/:id/archive", request: get(func(m *matrixCtx) string {
		return "/api/v1/plans/" + m.fx[m.own].plan + "/archive"
	}), want: archiveRead},
}

func init() { matrix = append(matrix, studentSupRoutes...) }
