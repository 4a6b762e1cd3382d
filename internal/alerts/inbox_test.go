package alerts_test

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"huhang/internal/alerts"
	"huhang/internal/alerts/outbox"
	"huhang/internal/app"
	"huhang/internal/files"
	"huhang/internal/platform/apitest"
	"huhang/internal/server"
	"huhang/internal/testapp"
)

type alertJSON struct {
	ID              string   `json:"id"`
	Rule            string   `json:"rule"`
	Severity        string   `json:"severity"`
	Status          string   `json:"status"`
	Title           string   `json:"title"`
	EscalationLevel int      `json:"escalation_level"`
	EscalatedToName *string  `json:"escalated_to_name"`
	Actions         []string `json:"actions"`
	History         []struct {
		Action, Note string
	} `json:"history"`
}

type listJSON struct {
	Items      []alertJSON `json:"items"`
	NextCursor *string     `json:"next_cursor"`
}

func raise(t *testing.T, app *testapp.App, sigs ...outbox.Signal) []string {
	t.Helper()
	ctx := context.Background()
	ids := make([]string, len(sigs))
	for _, s := range sigs {
		if err := app.Services.Alerts.Raise(ctx, s); err != nil {
			t.Fatal(err)
		}
		app.Clock.Advance(time.Second)
	}
	if _, err := app.Services.Alerts.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	for i, s := range sigs {
		a, err := app.Services.Alerts.ByDedupeKey(ctx, s.DedupeKey())
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = a.ID.String()
	}
	return ids
}

func listOf(t *testing.T, c *apitest.Client, query string) []alertJSON {
	t.Helper()
	var l listJSON
	must(t, c.Get("/api/v1/alerts"+query), "list").JSON(&l)
	return l.Items
}

func has(items []alertJSON, id string) bool {
	for _, a := range items {
		if a.ID == id {
			return true
		}
	}
	return false
}

func TestInboxScopeOrderAndLifecycle(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := context.Background()
	// The demo's own alerts first, so the lists below hold only these.
	if _, err := app.Services.Alerts.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB.Pool.Exec(ctx, `UPDATE alerts SET status = 'resolved', acknowledged_at = now(), resolved_at = now(), resolve_note = '测试前清理'`); err != nil {
		t.Fatal(err)
	}
	minor, serious, critical := signal(app, outbox.CheckinAnomaly), signal(app, outbox.PayMissing), signal(app, outbox.Incident)
	foreign := signal(app, outbox.Incident)
	nj, njEnt := app.OrgID("南江县小河职业中学"), app.OrgID("南江县光雾山旅游服务有限公司")
	foreign.SchoolID, foreign.EnterpriseID, foreign.DivisionCode = &nj, &njEnt, "511922"
	ids := raise(t, app, minor, serious, critical, foreign)
	school, county, teacher := app.Login("school1"), app.Login("county1"), app.Login("teacher1")

	got := listOf(t, school, "?status=open")
	if len(got) != 3 || got[0].ID != ids[2] || got[1].ID != ids[1] || got[2].ID != ids[0] {
		t.Fatalf("school1's inbox, most severe first: %+v", got)
	}
	if has(listOf(t, county, "?status=open"), ids[3]) || !has(listOf(t, app.Login("county2"), "?status=open"), ids[3]) {
		t.Fatal("a county sees only its subtree's alerts")
	}
	if len(listOf(t, teacher, "")) != 0 {
		t.Fatal("a teacher has no inbox")
	}
	if got := listOf(t, school, "?severity=critical"); len(got) != 1 || got[0].ID != ids[2] {
		t.Fatalf("severity filter: %+v", got)
	}
	if got := listOf(t, school, "?rule=A-PAY-MISSING"); len(got) != 1 || got[0].ID != ids[1] {
		t.Fatalf("rule filter: %+v", got)
	}
	var page listJSON
	school.Get("/api/v1/alerts?status=open&limit=2").JSON(&page)
	if len(page.Items) != 2 || page.NextCursor == nil {
		t.Fatalf("first page: %+v", page)
	}
	if rest := listOf(t, school, "?status=open&limit=2&cursor="+*page.NextCursor); len(rest) != 1 || rest[0].ID != ids[0] {
		t.Fatalf("second page: %+v", rest)
	}
	r := school.Get("/api/v1/alerts?status=closed&severity=huge&rule=A-NOPE&cursor=x")
	for _, field := range []string{"status", "severity", "rule", "cursor"} {
		if r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"`+field+`"`) {
			t.Fatalf("bad filters must name %s: %d %s", field, r.Code, r.Body)
		}
	}

	// Resolving needs a note; nothing changes without one.
	base := "/api/v1/alerts/" + ids[2]
	if r := school.PostJSON(base+"/resolve", map[string]any{"note": "  "}); r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"note"`) {
		t.Fatalf("resolve without a note: %d %s", r.Code, r.Body)
	}
	var a alertJSON
	must(t, school.Get(base), "get").JSON(&a)
	if a.Status != "open" || len(a.Actions) != 2 {
		t.Fatalf("after a refused resolve: %+v", a)
	}
	must(t, school.PostJSON(base+"/ack", nil), "ack").JSON(&a)
	if a.Status != "acknowledged" {
		t.Fatalf("ack: %+v", a)
	}
	if r := school.PostJSON(base+"/ack", nil); r.Code != 409 {
		t.Fatalf("a second ack: %d", r.Code)
	}
	if r := app.Login("school2").PostJSON(base+"/ack", nil); r.Code != 404 {
		t.Fatalf("another school's ack: %d", r.Code)
	}
	must(t, app.Login("ent1").PostJSON(base+"/resolve", map[string]any{"note": "已安排复查"}), "resolve by the host").JSON(&a)
	must(t, school.Get(base), "get").JSON(&a)
	if a.Status != "resolved" || len(a.History) != 3 || a.History[2].Note != "已安排复查" || len(a.Actions) != 0 {
		t.Fatalf("resolved: %+v", a)
	}
	sumOf := func(c *apitest.Client) map[string]int {
		var m map[string]int
		must(t, c.Get("/api/v1/alerts/summary"), "summary").JSON(&m)
		return m
	}
	if sum := sumOf(school); sum["open"] != 2 || sum["open_critical"] != 0 || sum["to_act"] != 2 || sum["acknowledged"] != 0 {
		t.Fatalf("school1's summary: %+v", sum)
	}
	// The city sees the county's alerts but acts on none until one is escalated to it.
	if sum := sumOf(app.Login("city1")); sum["open"] < 2 || sum["to_act"] != 0 {
		t.Fatalf("city1's summary: %+v", sum)
	}
	if sum := sumOf(teacher); sum["open"] != 0 || sum["to_act"] != 0 {
		t.Fatalf("teacher1's summary: %+v", sum)
	}
	// The open ones are school1's to-dos.
	var todos struct{ Items []struct{ Kind, Link string } }
	school.Get("/api/v1/todos").JSON(&todos)
	found := 0
	for _, it := range todos.Items {
		if it.Link == "/alerts/"+ids[0] || it.Link == "/alerts/"+ids[1] {
			found++
		}
	}
	if found != 2 {
		t.Fatalf("alerts in the to-dos: %d of 2", found)
	}
}

func TestUnacknowledgedCriticalAlertsEscalate(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := context.Background()
	if _, err := app.Services.Alerts.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB.Pool.Exec(ctx, `UPDATE alerts SET status = 'resolved', acknowledged_at = now(), resolved_at = now(), resolve_note = '测试前清理'`); err != nil {
		t.Fatal(err)
	}
	critical, acked, serious := signal(app, outbox.Incident), signal(app, outbox.NotFiled), signal(app, outbox.Fees)
	ids := raise(t, app, critical, acked, serious)
	must(t, app.Login("school1").PostJSON("/api/v1/alerts/"+ids[1]+"/ack", nil), "ack")
	svc := app.Services.Alerts
	if n, err := svc.Escalate(ctx); err != nil || n != 0 {
		t.Fatalf("nothing is due yet: %d %v", n, err)
	}
	city := app.Login("city1")
	if r := city.PostJSON("/api/v1/alerts/"+ids[0]+"/ack", nil); r.Code != 403 {
		t.Fatalf("the city acts only once escalated: %d", r.Code)
	}
	app.Clock.Advance(svc.Options().EscalateAfter + time.Minute)
	if n, err := svc.Escalate(ctx); err != nil || n != 1 {
		t.Fatalf("one critical alert is due: %d %v", n, err)
	}
	if n, _ := svc.Escalate(ctx); n != 0 {
		t.Fatalf("escalated again at once: %d", n)
	}
	city = app.Login("city1") // the clock moved past the first token's life
	var sum map[string]int
	must(t, city.Get("/api/v1/alerts/summary"), "city summary").JSON(&sum)
	if sum["to_act"] != 1 {
		t.Fatalf("the city must act on the escalated alert: %+v", sum)
	}
	var a alertJSON
	must(t, city.Get("/api/v1/alerts/"+ids[0]), "city reads").JSON(&a)
	if a.EscalationLevel != 1 || a.EscalatedToName == nil || *a.EscalatedToName != "巴中市教育体育局" {
		t.Fatalf("escalated: %+v", a)
	}
	last := a.History[len(a.History)-1]
	if last.Action != "escalate" || !strings.Contains(last.Note, "已升级至巴中市教育体育局") {
		t.Fatalf("history: %+v", a.History)
	}
	must(t, city.PostJSON("/api/v1/alerts/"+ids[0]+"/ack", map[string]any{"note": "市局已督办"}), "the city acknowledges")
	for _, id := range ids[1:] {
		must(t, city.Get("/api/v1/alerts/"+id), "read").JSON(&a)
		if a.EscalationLevel != 0 {
			t.Fatalf("%s (%s) escalated", a.Rule, a.Status)
		}
	}
}

// sse reads events off a live stream.
type sse struct {
	resp   *http.Response
	events chan map[string]string
}

func openStream(t *testing.T, url, token, lastID string) *sse {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url+"/api/v1/alerts/stream", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("stream: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s := &sse{resp: resp, events: make(chan map[string]string, 100)}
	t.Cleanup(func() { _ = resp.Body.Close() })
	go func() {
		defer close(s.events)
		sc := bufio.NewScanner(resp.Body)
		ev := map[string]string{}
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if len(ev) > 0 {
					s.events <- ev
					ev = map[string]string{}
				}
			case strings.HasPrefix(line, ":"):
				s.events <- map[string]string{"comment": line}
			default:
				k, v, _ := strings.Cut(line, ": ")
				ev[k] = v
			}
		}
	}()
	return s
}

// next waits up to two seconds (a second in production, with room for a
// CI machine running other tests) for the next alert event whose data
// contains want, skipping others; ok is false when none came.
func (s *sse) next(want string) (map[string]string, bool) {
	timeout := time.After(2 * time.Second)
	for {
		select {
		case ev, open := <-s.events:
			if !open {
				return nil, false
			}
			if ev["event"] == "alert" && strings.Contains(ev["data"], want) {
				return ev, true
			}
			if ev["event"] == "end" {
				return ev, false
			}
		case <-timeout:
			return nil, false
		}
	}
}

func token(t *testing.T, c *apitest.Client) string {
	return strings.TrimPrefix(c.Header.Get("Authorization"), "Bearer ")
}

func TestLiveStreamAcrossReplicasInScope(t *testing.T) {
	t.Parallel()
	a := testapp.New(t)
	ctx := context.Background()
	if _, err := a.Services.Alerts.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	// A second replica on the same database and Redis, with a quick heartbeat.
	svc2, err := app.Build(app.Deps{Pool: a.DB.Pool, Redis: a.Redis, Keys: a.Keys, PII: testapp.MustPII(t),
		Storage: files.LocalDir{Root: t.TempDir()}, Clock: a.Clock, Logger: quiet,
		Alerts: alerts.Options{Heartbeat: 150 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	h2, err := server.New(server.Deps{Pool: a.DB.Pool, Redis: a.Redis, Services: svc2, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	replica := httptest.NewServer(h2)
	defer replica.Close()
	school := a.Login("school1")
	stream := openStream(t, replica.URL, token(t, school), "")

	mine, other := signal(a, outbox.Incident), signal(a, outbox.Incident)
	nj := a.OrgID("南江县小河职业中学")
	other.SchoolID, other.EnterpriseID, other.DivisionCode = &nj, nil, "511922"
	ids := raise(t, a, other, mine) // delivered by the first replica's service
	ev, ok := stream.next(ids[1])
	if !ok {
		t.Fatal("school1 did not get its alert from the other replica in time")
	}
	var pushed alertJSON
	if err := json.Unmarshal([]byte(ev["data"]), &pushed); err != nil || len(pushed.Actions) != 2 {
		t.Fatalf("pushed alert: %v %+v", err, pushed)
	}
	// The other school's alert came first on the stream but was not sent.
	for {
		select {
		case e := <-stream.events:
			if strings.Contains(e["data"], ids[0]) {
				t.Fatal("school1 was sent another school's alert")
			}
			continue
		default:
		}
		break
	}
	// A heartbeat keeps the connection open.
	if _, ok := func() (map[string]string, bool) {
		timeout := time.After(3 * time.Second)
		for {
			select {
			case e := <-stream.events:
				if e["comment"] != "" {
					return e, true
				}
			case <-timeout:
				return nil, false
			}
		}
	}(); !ok {
		t.Fatal("no heartbeat within three seconds (sent every 150 ms)")
	}
	// Hung up; what happened meanwhile is sent on resume from Last-Event-ID.
	_ = stream.resp.Body.Close()
	missed := raise(t, a, signal(a, outbox.Fees))
	resumed := openStream(t, replica.URL, token(t, school), ev["id"])
	if _, ok := resumed.next(missed[0]); !ok {
		t.Fatal("the alert raised while away was not replayed")
	}
	// Signing out ends the stream at the next heartbeat.
	must(t, school.PostJSON("/api/v1/auth/logout", nil), "logout")
	deadline := time.After(3 * time.Second)
	for {
		select {
		case e, open := <-resumed.events:
			if !open || e["event"] == "end" {
				return
			}
			continue
		case <-deadline:
			t.Fatal("the stream outlived the session")
		}
	}
}

func TestWebhookIsSignedAndRetried(t *testing.T) {
	t.Parallel()
	a := testapp.New(t)
	ctx := context.Background()
	if _, err := a.Services.Alerts.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.Pool.Exec(ctx, `UPDATE alerts SET notify_due_at = NULL`); err != nil {
		t.Fatal(err)
	}
	secret := []byte("0123456789abcdef-webhook")
	var mu sync.Mutex
	var bodies [][]byte
	var headers []http.Header
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		bodies, headers = append(bodies, body), append(headers, r.Header.Clone())
		if len(bodies) == 1 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer receiver.Close()
	w := pipeline(a, a.Redis, "webhook", alerts.Options{Notifier: alerts.Webhook{URL: receiver.URL, Secret: secret},
		RetryBase: 50 * time.Millisecond})
	reg := prometheus.NewRegistry()
	if err := w.Register(reg); err != nil {
		t.Fatal(err)
	}
	sig := signal(a, outbox.Incident)
	if err := w.Raise(ctx, sig); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := w.NotifyOnce(ctx); err != nil || n != 1 {
		t.Fatalf("first attempt: %d %v", n, err)
	}
	if n, _ := w.NotifyOnce(ctx); n != 0 {
		t.Fatalf("retried before its pause: %d", n)
	}
	time.Sleep(60 * time.Millisecond)
	if n, err := w.NotifyOnce(ctx); err != nil || n != 1 {
		t.Fatalf("second attempt: %d %v", n, err)
	}
	if n, _ := w.NotifyOnce(ctx); n != 0 {
		t.Fatalf("notified again after success: %d", n)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 2 {
		t.Fatalf("%d requests", len(bodies))
	}
	var got alerts.WebhookBody
	if err := json.Unmarshal(bodies[1], &got); err != nil || got.Event != "alert.raised" || got.Alert.Rule != outbox.Incident {
		t.Fatalf("body: %v %s", err, bodies[1])
	}
	// The receiver's check: HMAC-SHA256 over "<t>." + body with the shared secret.
	header := headers[1].Get("X-Huhang-Signature")
	ts, mac, _ := strings.Cut(strings.TrimPrefix(header, "t="), ",v1=")
	h := hmac.New(sha256.New, secret)
	h.Write([]byte(ts + "."))
	h.Write(bodies[1])
	if !hmac.Equal([]byte(mac), []byte(hex.EncodeToString(h.Sum(nil)))) {
		t.Fatalf("signature %q does not verify", header)
	}
	if !strings.HasPrefix(headers[1].Get("X-Huhang-Delivery"), got.Alert.ID.String()+":alert.raised") {
		t.Fatalf("delivery id: %q", headers[1].Get("X-Huhang-Delivery"))
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range families {
		seen[f.GetName()] = true
		if f.GetName() == "huhang_alert_webhook_failures_total" {
			if v := f.GetMetric()[0].GetCounter().GetValue(); v != 1 {
				t.Errorf("webhook failures counted %v, want 1", v)
			}
		}
	}
	for _, name := range []string{"huhang_alert_outbox_backlog", "huhang_alert_stream_lag", "huhang_alerts_raised_total",
		"huhang_alert_webhook_failures_total"} {
		if !seen[name] {
			t.Errorf("metric %s missing", name)
		}
	}
}
