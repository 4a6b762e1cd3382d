package alerts_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"huhang/internal/alerts/outbox"
	"huhang/internal/platform/apitest"
	"huhang/internal/testapp"
)

// Each rule of domain.md §7 fires when its condition holds and stays silent
// when it does not: the event rules through the use case that causes them,
// the time-driven ones through the leader's scan at a fake clock.

// raised delivers what is pending and counts the alerts of the rule on the
// subject.
func raised(t *testing.T, app *testapp.App, rule outbox.Rule, subject string) int {
	t.Helper()
	ctx := context.Background()
	if _, err := app.Services.Alerts.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := app.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM alerts WHERE rule = $1 AND subject_id = $2`, string(rule), subject).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func scan(t *testing.T, app *testapp.App, rule outbox.Rule) {
	t.Helper()
	if _, err := app.Services.Alerts.ScanRule(context.Background(), rule); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, r *apitest.Response, what string) *apitest.Response {
	t.Helper()
	if r.Code >= 300 {
		t.Fatalf("%s: %d %s", what, r.Code, r.Body)
	}
	return r
}

func exec(t *testing.T, app *testapp.App, sql string, args ...any) {
	t.Helper()
	if _, err := app.DB.Pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatal(err)
	}
}

// active makes an active post placement on the 通江 side.
func active(t *testing.T, app *testapp.App, tj *testapp.Side) string {
	t.Helper()
	return tj.Placement(t, tj.FiledPlan(t, "post", ""), tj.Student(t, nil), tj.Posts[0], "active")
}

func id(t *testing.T, r *apitest.Response) string {
	t.Helper()
	var out struct{ ID string }
	r.JSON(&out)
	return out.ID
}

func TestEventRules(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	placement := active(t, app, tj)
	base := "/api/v1/placements/" + placement

	t.Run("A-INCIDENT", func(t *testing.T) {
		teacher := app.Login("teacher1")
		talk := id(t, must(t, teacher.PostJSON(base+"/records", map[string]any{"kind": "talk", "content": "谈心谈话",
			"occurred_at": app.Clock.Now().Format(time.RFC3339)}), "talk"))
		if n := raised(t, app, outbox.Incident, talk); n != 0 {
			t.Fatalf("a talk raised %d incident alerts", n)
		}
		incident := id(t, must(t, teacher.PostJSON(base+"/records", map[string]any{"kind": "incident", "content": "搬运时扭伤手腕",
			"occurred_at": app.Clock.Now().Format(time.RFC3339), "incident_kind": "injury", "place": "车间", "action_taken": "已送医"}), "incident"))
		if n := raised(t, app, outbox.Incident, incident); n != 1 {
			t.Fatalf("an incident raised %d alerts, want 1", n)
		}
		// The school confirming the incident on its record acknowledges the alert too.
		alertStatus := `SELECT status FROM alerts WHERE rule = 'A-INCIDENT' AND subject_id = $1`
		var status string
		if err := app.DB.Pool.QueryRow(context.Background(), alertStatus, incident).Scan(&status); err != nil || status != "open" {
			t.Fatalf("before: %q %v", status, err)
		}
		must(t, tj.School.PostJSON("/api/v1/records/"+incident+"/acknowledge", nil), "acknowledge the incident")
		if err := app.DB.Pool.QueryRow(context.Background(), alertStatus, incident).Scan(&status); err != nil || status != "acknowledged" {
			t.Fatalf("after the school confirmed the incident: %q %v", status, err)
		}
		if n := count(t, app, `SELECT count(*) FROM alert_history h JOIN alerts a ON a.id = h.alert_id
			WHERE a.subject_id = $1 AND h.action = 'ack' AND h.note = '学校已在突发事件记录中确认'`, incident); n != 1 {
			t.Fatalf("%d ack lines in the alert's history", n)
		}
	})
	t.Run("A-FEES", func(t *testing.T) {
		var before int
		_ = app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM alerts WHERE rule = 'A-FEES'`).Scan(&before)
		// A refused report (no description) raises nothing.
		if r := tj.School.PostJSON(base+"/fee-reports", map[string]any{"kind": "deposit", "description": ""}); r.Code != 400 {
			t.Fatalf("empty report: %d", r.Code)
		}
		report := id(t, must(t, tj.School.PostJSON(base+"/fee-reports", map[string]any{"kind": "deposit", "description": "收取押金 500 元",
			"amount_fen": 50000}), "fee report"))
		if n := raised(t, app, outbox.Fees, report); n != 1 {
			t.Fatalf("a fee report raised %d alerts", n)
		}
		var after int
		_ = app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM alerts WHERE rule = 'A-FEES'`).Scan(&after)
		if after != before+1 {
			t.Fatalf("A-FEES %d → %d: the refused report raised one too", before, after)
		}
	})
	t.Run("A-PAY-LOW", func(t *testing.T) {
		month := app.Today().String()[:7]
		must(t, tj.Ent.PostJSON(base+"/pay-records", map[string]any{"month": month, "amount_fen": 500000000 / 100,
			"paid_on": app.Today().String(), "method": "bank_transfer"}), "pay in full")
		if n := raised(t, app, outbox.PayLow, placement); n != 0 {
			t.Fatalf("pay in full raised %d", n)
		}
		must(t, tj.Ent.SendJSON("PUT", base+"/pay-records/"+month, map[string]any{"amount_fen": 100,
			"paid_on": app.Today().String(), "method": "bank_transfer"}), "pay corrected down")
		if n := raised(t, app, outbox.PayLow, placement); n != 1 {
			t.Fatalf("a month paid 1 yuan raised %d", n)
		}
	})
	t.Run("A-COMPLAINT", func(t *testing.T) {
		complain := func(content string) *apitest.Response {
			req := httptest.NewRequest(http.MethodPost, "/api/v1/complaints", strings.NewReader(
				fmt.Sprintf(`{"school_id":"%s","content":%q}`, app.OrgID("通江县职业高级中学"), content)))
			req.Header.Set("Content-Type", "application/json")
			req.RemoteAddr = "203.0.113.9:40000"
			return app.Anonymous().Do(req)
		}
		all := `SELECT count(*) FROM alerts WHERE rule = 'A-COMPLAINT'`
		raised(t, app, outbox.Complaint, uuid.NewString())
		before := count(t, app, all)
		if r := complain(""); r.Code != 400 {
			t.Fatalf("an empty complaint: %d", r.Code)
		}
		if raised(t, app, outbox.Complaint, uuid.NewString()); count(t, app, all) != before {
			t.Fatal("a refused complaint raised an alert")
		}
		r := must(t, complain("实习单位扣押身份证"), "complaint")
		var rec struct{ ID string }
		r.JSON(&rec)
		if n := raised(t, app, outbox.Complaint, rec.ID); n != 1 {
			t.Fatalf("a complaint raised %d", n)
		}
		// Only the bureau is told, not the school complained about.
		school := app.Login("school1")
		var list struct{ Items []struct{ Rule string } }
		school.Get("/api/v1/alerts?rule=A-COMPLAINT").JSON(&list)
		if len(list.Items) != 0 {
			t.Fatalf("the school sees %d complaint alerts", len(list.Items))
		}
		app.Login("county1").Get("/api/v1/alerts?rule=A-COMPLAINT").JSON(&list)
		if len(list.Items) == 0 {
			t.Fatal("the competent bureau does not see the complaint alert")
		}
	})
}

func TestQuotaRule(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	plan := tj.FiledPlan(t, "post", "")
	first := tj.Placement(t, plan, tj.Student(t, nil), tj.Posts[0], "confirmed")
	if n := raised(t, app, outbox.Quota, first); n != 0 {
		t.Fatalf("a confirmation within the quota raised %d", n)
	}
	// Shrink the post to one seat and let the bureau's exemption allow five
	// interns on it: the next confirmation passes the quota and is watched.
	exec(t, app, `UPDATE posts SET headcount = 1 WHERE id = $1`, tj.Posts[0])
	exec(t, app, `INSERT INTO plan_exemptions (plan_id, version, rule, subject, allowed_count, reason, decision, decided_at)
		SELECT $1, max(version), 'R-QUOTA-POST', 'post:' || $2, 5, '订单班', 'granted', now() FROM plan_versions WHERE plan_id = $1`,
		plan, tj.Posts[0])
	second := tj.Placement(t, plan, tj.Student(t, nil), tj.Posts[0], "confirmed")
	if n := raised(t, app, outbox.Quota, second); n != 1 {
		t.Fatalf("a confirmation over an exempted quota raised %d", n)
	}
}

func TestCheckinRules(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	var site struct{ Lat, Lng float64 }
	app.Login("admin").Get("/api/v1/enterprises/" + app.OrgID(tj.EnterpriseName).String()).JSON(&site)
	roster := id(t, must(t, tj.School.PostJSON("/api/v1/duty/rosters", map[string]any{"teacher_id": tj.Teacher,
		"enterprise_id": app.OrgID(tj.EnterpriseName).String(), "starts_on": app.Today().AddDays(-1).String(),
		"ends_on": app.Today().AddDays(30).String(), "weekdays": []int{1, 2, 3, 4, 5, 6, 7}, "window_start": "00:00", "window_end": "23:59"}), "roster"))
	checkin := func(key string, accuracy float64) {
		now := app.Clock.Now().Format(time.RFC3339)
		body := fmt.Sprintf(`{"roster_id":"%s","kind":"in","lat":%f,"lng":%f,"accuracy_m":%f,"datum":"wgs84","client_time":"%s","sent_at":"%s"}`,
			roster, site.Lat+0.00001*float64(len(key)), site.Lng, accuracy, now, now)
		req := httptest.NewRequest("POST", "/api/v1/duty/checkins", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", key)
		// Signed in at the moment of the check-in: the clock jumps days.
		must(t, app.Login("teacher1").Do(req), "checkin")
	}
	// Monday 10:00, a good fix: nothing to doubt.
	app.Clock.Advance(48 * time.Hour)
	checkin("monday-good", 10)
	if n := raised(t, app, outbox.CheckinAnomaly, roster) + raised(t, app, outbox.RestDayWork, roster); n != 0 {
		t.Fatalf("a clean check-in raised %d", n)
	}
	// Monday, a fix of ±300 m: doubtful, once per day however often.
	checkin("monday-poor", 300)
	checkin("monday-poor-again", 300)
	if n := raised(t, app, outbox.CheckinAnomaly, roster); n != 1 {
		t.Fatalf("poor accuracy raised %d, want 1", n)
	}
	// Saturday: the interns' rest day without a filed arrangement.
	app.Clock.Advance(5 * 24 * time.Hour)
	checkin("saturday-rest", 10)
	if n := raised(t, app, outbox.RestDayWork, roster); n != 1 {
		t.Fatalf("a rest-day check-in raised %d", n)
	}
}

func TestScannedRulesFireAndStaySilent(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	ctx := context.Background()

	t.Run("A-NOT-FILED", func(t *testing.T) {
		// A placement under a plan still in draft whose start date has come.
		var draft struct{ ID string }
		must(t, tj.School.PostJSON("/api/v1/plans", map[string]any{"type": "post", "title": "未备案方案", "major": "专业",
			"major_category": tj.Category, "cohort": "2023级", "starts_on": app.Today().AddDays(3).String(),
			"ends_on": app.Today().AddDays(60).String(), "content": "内容", "safety_measures": "措施", "emergency_plan": "预案",
			"insurance_arrangement": "学校投保", "posts": []map[string]any{{"post_id": tj.Posts[0], "planned_count": 1, "pay_fen": 400000}}}),
			"draft").JSON(&draft)
		filed := tj.Placement(t, tj.FiledPlan(t, "post", ""), tj.Student(t, nil), tj.Posts[0], "proposed")
		student := tj.Student(t, nil)
		pl := uuid.New()
		exec(t, app, `INSERT INTO placements (id, plan_id, plan_type, school_id, student_id, post_id, enterprise_id, status, starts_on, ends_on)
			SELECT $1, p.id, 'post', p.school_id, $3, $4, (SELECT enterprise_id FROM posts WHERE id = $4), 'proposed', $5, $6
			FROM plans p WHERE p.id = $2`, pl, draft.ID, student, tj.Posts[0], app.Today().AddDays(3).SQL(), app.Today().AddDays(60).SQL())
		scan(t, app, outbox.NotFiled)
		if n := raised(t, app, outbox.NotFiled, pl.String()); n != 0 {
			t.Fatalf("three days before its start: %d", n)
		}
		app.Clock.Advance(3 * 24 * time.Hour)
		defer app.Clock.Advance(-3 * 24 * time.Hour)
		scan(t, app, outbox.NotFiled)
		if n := raised(t, app, outbox.NotFiled, pl.String()); n != 1 {
			t.Fatalf("on its start date under a draft plan: %d", n)
		}
		if n := raised(t, app, outbox.NotFiled, filed); n != 0 {
			t.Fatalf("a placement under an approved plan: %d", n)
		}
		// Scanning again the same day, or the next, adds nothing while unresolved.
		scan(t, app, outbox.NotFiled)
		app.Clock.Advance(24 * time.Hour)
		scan(t, app, outbox.NotFiled)
		app.Clock.Advance(-24 * time.Hour)
		if n := raised(t, app, outbox.NotFiled, pl.String()); n != 1 {
			t.Fatalf("rescans made %d alerts", n)
		}
	})

	placement := active(t, app, tj)
	t.Run("A-INSURANCE", func(t *testing.T) {
		scan(t, app, outbox.Insurance)
		if n := raised(t, app, outbox.Insurance, placement); n != 0 {
			t.Fatalf("a policy covering the placement: %d", n)
		}
		exec(t, app, `UPDATE placement_documents SET data = jsonb_set(data, '{covers_to}', to_jsonb($2::text))
			WHERE placement_id = $1 AND kind = 'insurance'`, placement, app.Today().AddDays(5).String())
		scan(t, app, outbox.Insurance)
		if n := raised(t, app, outbox.Insurance, placement); n != 1 {
			t.Fatalf("a policy ending in 5 days, before the placement: %d", n)
		}
	})
	t.Run("A-PATROL-GAP", func(t *testing.T) {
		scan(t, app, outbox.PatrolGap)
		if n := raised(t, app, outbox.PatrolGap, placement); n != 0 {
			t.Fatalf("activated today: %d", n)
		}
		app.Clock.Advance(4 * 24 * time.Hour)
		defer app.Clock.Advance(-4 * 24 * time.Hour)
		scan(t, app, outbox.PatrolGap)
		if n := raised(t, app, outbox.PatrolGap, placement); n != 1 {
			t.Fatalf("four days without a record: %d", n)
		}
	})
	t.Run("A-PAY-MISSING", func(t *testing.T) {
		scan(t, app, outbox.PayMissing)
		if n := raised(t, app, outbox.PayMissing, placement); n != 0 {
			t.Fatalf("the first month is not finished: %d", n)
		}
		app.Clock.Advance(10 * 24 * time.Hour) // into December: November is finished
		defer app.Clock.Advance(-10 * 24 * time.Hour)
		scan(t, app, outbox.PayMissing)
		if n := raised(t, app, outbox.PayMissing, placement); n != 1 {
			t.Fatalf("November unpaid: %d", n)
		}
	})
	t.Run("A-DUTY-MISSED", func(t *testing.T) {
		roster := id(t, must(t, tj.School.PostJSON("/api/v1/duty/rosters", map[string]any{"teacher_id": tj.Teacher,
			"enterprise_id": app.OrgID(tj.EnterpriseName).String(), "starts_on": app.Today().String(),
			"ends_on": app.Today().AddDays(30).String(), "weekdays": []int{1, 2, 3, 4, 5, 6, 7}, "window_start": "08:00", "window_end": "09:00"}), "roster"))
		// Today's window ended before the roster existed.
		scan(t, app, outbox.DutyMissed)
		if n := raised(t, app, outbox.DutyMissed, roster); n != 0 {
			t.Fatalf("a window that ended before the roster: %d", n)
		}
		app.Clock.Advance(23 * time.Hour) // tomorrow 09:00 Shanghai: the window has not ended
		scan(t, app, outbox.DutyMissed)
		if n := raised(t, app, outbox.DutyMissed, roster); n != 0 {
			t.Fatalf("before the window ended: %d", n)
		}
		app.Clock.Advance(time.Hour)
		defer app.Clock.Advance(-24 * time.Hour)
		scan(t, app, outbox.DutyMissed)
		if n := raised(t, app, outbox.DutyMissed, roster); n != 1 {
			t.Fatalf("a window ended without a check-in: %d", n)
		}
	})
	t.Run("A-INCIDENT-UNACKED", func(t *testing.T) {
		incident := id(t, must(t, app.Login("teacher1").PostJSON("/api/v1/placements/"+placement+"/records", map[string]any{
			"kind": "incident", "content": "学生失联两小时", "occurred_at": app.Clock.Now().Format(time.RFC3339),
			"incident_kind": "missing", "place": "宿舍", "action_taken": "已报警"}), "incident"))
		scan(t, app, outbox.IncidentUnacked)
		if n := raised(t, app, outbox.IncidentUnacked, incident); n != 0 {
			t.Fatalf("within the school's time: %d", n)
		}
		app.Clock.Advance(3 * time.Hour) // the demo school allows 2 hours
		defer app.Clock.Advance(-3 * time.Hour)
		scan(t, app, outbox.IncidentUnacked)
		if n := raised(t, app, outbox.IncidentUnacked, incident); n != 1 {
			t.Fatalf("past the school's time: %d", n)
		}
	})
	t.Run("A-RECTIFY-OVERDUE", func(t *testing.T) {
		var overdue, due []string
		rows, err := app.DB.Pool.Query(ctx, `SELECT id::text, deadline < $1 FROM findings WHERE status NOT IN ('recorded', 'closed')`, app.Today().SQL())
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id string
			var late bool
			if err := rows.Scan(&id, &late); err != nil {
				t.Fatal(err)
			}
			if late {
				overdue = append(overdue, id)
			} else {
				due = append(due, id)
			}
		}
		if len(overdue) == 0 || len(due) == 0 {
			t.Fatalf("the demo needs findings both overdue and not: %d, %d", len(overdue), len(due))
		}
		scan(t, app, outbox.RectifyOverdue)
		for _, f := range overdue {
			if n := raised(t, app, outbox.RectifyOverdue, f); n != 1 {
				t.Fatalf("overdue finding %s: %d", f, n)
			}
		}
		for _, f := range due {
			if n := raised(t, app, outbox.RectifyOverdue, f); n != 0 {
				t.Fatalf("finding %s within its deadline: %d", f, n)
			}
		}
	})
}
