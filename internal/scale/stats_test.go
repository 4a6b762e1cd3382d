package scale_test

import (
	"context"
	"testing"

	"huhang/internal/alerts"
	"huhang/internal/auth"
	"huhang/internal/duty"
	"huhang/internal/inspections"
	"huhang/internal/platform/geo"
	"huhang/internal/stats"

	"github.com/google/uuid"
)

// duty and supervision tables grow with every day of duty, alerts with the
// province's trouble. The dashboards and the inboxes must never read them
// whole either. findings is not among them: at about one finding per 200
// interns a province's ledger holds a few thousand a year, which
// PostgreSQL rightly reads whole for a bureau's board (measured on the
// 500,000-student province: a sequential scan of 2,500 rows is cheaper than
// two indexes ORed); a school's board reads its own by index all the same.
var dailyTables = []string{"duty_checkins", "duty_rosters", "patrols", "supervision_records", "alerts", "alert_history",
	"pay_records", "placement_documents"}

// TestDashboardsAndInboxesAreIndexServed: the statements of a school's
// summary refresh (what the worker runs after every write of the school)
// and of the overview of the province, a city, a county and a school, and
// the alert inboxes and the rectification board of a county and a school,
// read no large table whole in generic plans.
func TestDashboardsAndInboxesAreIndexServed(t *testing.T) {
	w := newWorld(t, Province)
	ctx := context.Background()
	svc := w.services
	// Everything generated is marked changed: summarise it all once, then
	// record one school's refresh on its own.
	if _, err := svc.Stats.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Pool.Exec(ctx, `INSERT INTO stats_changes (kind, ref) VALUES ('unit', $1), ('enterprise', $2)`,
		w.picks.schoolID.String(), w.picks.entID.String()); err != nil {
		t.Fatal(err)
	}
	byCase := map[string][]query{}
	w.rec.take()
	if res, err := svc.Stats.Refresh(ctx); err != nil || res.Units != 1 || res.Enterprises != 1 {
		t.Fatalf("refresh of one school and one host: %+v, %v", res, err)
	}
	byCase["refresh of one school"] = w.rec.take()

	province, city, county := w.actor(t, "b510000"), w.actor(t, "b511900"), w.actor(t, "b511902")
	school, ent := w.actor(t, w.picks.school), w.actor(t, w.picks.ent)
	for name, c := range map[string]struct {
		actor auth.Actor
		q     stats.Query
	}{
		"overview of the province":        {province, stats.Query{}},
		"overview of a city":              {city, stats.Query{}},
		"overview of a county":            {county, stats.Query{}},
		"overview of a school, as county": {county, stats.Query{SchoolID: &w.picks.schoolID}},
		"overview of its own school":      {school, stats.Query{}},
	} {
		o, err := svc.Stats.Overview(ctx, c.actor, c.q)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if o.RefreshedAt == nil || o.Totals.Placements["active"] == 0 {
			t.Errorf("%s: nothing summarised: %+v", name, o.Totals)
		}
		byCase[name] = w.rec.take()
	}
	for name, a := range map[string]auth.Actor{"alerts as a county": county, "alerts as a school": school, "alerts as a host": ent,
		"alerts as the province": province} {
		if _, err := svc.Alerts.List(ctx, a, alerts.Filter{Status: "active", Limit: 51}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := svc.Alerts.Summary(ctx, a); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		byCase[name] = w.rec.take()
	}
	for name, a := range map[string]auth.Actor{"rectification board of a county": county, "rectification board of a school": school} {
		if _, err := svc.Inspections.Board(ctx, a, inspections.FindingFilter{Limit: 51}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		byCase[name] = w.rec.take()
	}

	// A teacher's check-in as the city's teachers press at 08:00: its reads
	// (the answer to its key, the previous fix, repeated coordinates, the
	// check-in of the day, the calendar, the roster) are index-served too.
	var teacherName string
	var rosterID uuid.UUID
	if err := w.db.Pool.QueryRow(ctx, `SELECT u.username, r.id FROM duty_rosters r JOIN users u ON u.id = r.teacher_id
		WHERE r.status = 'active' AND r.school_id = $1 ORDER BY r.id LIMIT 1`, w.picks.schoolID).Scan(&teacherName, &rosterID); err != nil {
		t.Fatal(err)
	}
	pressed := fixedClock{}.Now()
	if _, err := svc.Duty.CheckIn(ctx, w.actor(t, teacherName), duty.CheckinInput{RosterID: rosterID, Kind: duty.KindOut,
		Lat: 31.8677, Lng: 106.7478, AccuracyM: 15, Datum: geo.WGS84, ClientTime: pressed, SentAt: pressed, Key: "scale-checkin-1"}); err != nil {
		t.Fatalf("check-in: %v", err)
	}
	byCase["a teacher's check-in"] = w.rec.take()

	conn := genericConn(t, w)
	large := append(append([]string{}, largeTables...), dailyTables...)
	for name, statements := range byCase {
		if len(statements) == 0 {
			t.Errorf("%s: no statement recorded", name)
		}
		found, err := seqScansOf(ctx, conn, statements, large)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, f := range found {
			t.Errorf("%s: sequential scan of %s", name, f)
		}
	}
}
