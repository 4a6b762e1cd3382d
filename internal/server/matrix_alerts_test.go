package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/google/uuid"

	"huhang/internal/alerts/outbox"
)

// alert raises and delivers an incident-style alert on the side's school
// and host, in the side's county.
func (m *matrixCtx) alert() string {
	ctx := context.Background()
	_, school, division := m.sideUsers()
	ent := m.actor(map[bool]string{true: "ent1", false: "ent2"}[m.own])
	sig := outbox.Signal{Rule: outbox.Incident, SubjectType: "incident", SubjectID: uuid.New(), Day: m.app.Today(),
		Title: "矩阵预警", SchoolID: school.OrgID, EnterpriseID: ent.OrgID, DivisionCode: division}
	svc := m.app.Services.Alerts
	if err := svc.Raise(ctx, sig); err != nil {
		m.t.Fatal(err)
	}
	if _, err := svc.Drain(ctx); err != nil {
		m.t.Fatal(err)
	}
	list, err := svc.ByDedupeKey(ctx, sig.DedupeKey())
	if err != nil {
		m.t.Fatal(err)
	}
	return list.ID.String()
}

func alertPath(suffix string) func(m *matrixCtx) string {
	return func(m *matrixCtx) string { return "/api/v1/alerts/" + m.alert() + suffix }
}

// alertReaders: the administrator, the bureau over its subtree, the school
// and the host concerned.
var alertReaders = pairs([2]int{unauth, unauth}, [2]int{ok, ok}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{hidden, hidden},
	[2]int{hidden, hidden}, [2]int{ok, hidden}, [2]int{hidden, hidden})

// alertActors: the organisations that must act; the administrator watches.
var alertActors = pairs([2]int{unauth, unauth}, [2]int{denied, denied}, [2]int{ok, hidden}, [2]int{ok, hidden}, [2]int{denied, denied},
	[2]int{denied, denied}, [2]int{ok, hidden}, [2]int{denied, denied})

// streamFor asks for the live stream and hangs up after a moment: the
// answer's status is what the matrix checks.
func streamFor(m *matrixCtx) *http.Request {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	m.t.Cleanup(cancel)
	return httptest.NewRequest(http.MethodGet, "/api/v1/alerts/stream", nil).WithContext(ctx)
}

var alertRoutes = []route{
	{method: "GET", path: "/api/v1/alerts", request: get(fixed("/api/v1/alerts?status=open")), want: same(unauth, ok, ok, ok, ok, ok, ok, ok)},
	{method: "GET", path: "/api/v1/alerts/summary", request: get(fixed("/api/v1/alerts/summary")), want: same(unauth, ok, ok, ok, ok, ok, ok, ok)},
	{method: "GET", path: "/api/v1/alerts/stream", request: streamFor, want: same(unauth, ok, ok, ok, ok, ok, ok, ok)},
	{method: "GET", path: "/api/v1/alerts/:id", request: get(alertPath("")), want: alertReaders},
	{method: "POST", path: "/api/v1/alerts/:id/ack", request: post(alertPath("/ack"), fixed(`{"note":"已知悉"}`)), want: alertActors},
	{method: "POST", path: "/api/v1/alerts/:id/resolve", request: post(alertPath("/resolve"), fixed(`{"note":"已处理"}`)), want: alertActors},
}

func init() { matrix = append(matrix, alertRoutes...) }
