package seed_test

import (
	"context"
	"huhang/internal/files"
	"strings"
	"testing"
	"time"

	"huhang/internal/orgs"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/pgtest"
	"huhang/internal/seed"
	"huhang/internal/testapp"
)

func TestDemoIsIdempotent(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	svc := orgs.NewService(db.Pool, clock.System{})
	now := time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)
	first, err := seed.Demo(ctx, db.Pool, testapp.MustPII(t), now, files.LocalDir{Root: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if first.UsersCreated != 14 || first.OrgsCreated != 17 || first.PostsCreated != 7 || first.HostsCreated != 6 || first.PlansCreated != 11 ||
		first.StudentsCreated != 16 || first.PlacementsCreated != 11 || first.DutyEvents < 40 ||
		first.SupervisionRecords < 6 || first.ComplaintsCreated != 2 {
		t.Fatalf("first run created nothing: %+v", first)
	}
	snapshot := func() string {
		var s string
		err := db.Pool.QueryRow(ctx, `
			SELECT (SELECT string_agg(id::text || name, ',' ORDER BY id) FROM orgs) ||
			       (SELECT string_agg(id::text || username || password_hash, ',' ORDER BY id) FROM users) ||
			       (SELECT string_agg(id::text, ',' ORDER BY id) FROM posts) ||
			       (SELECT count(*)::text FROM school_hosts) || (SELECT count(*)::text FROM audit_events) ||
			       (SELECT string_agg(id::text || status || version::text || coalesce(filing_no, ''), ',' ORDER BY id) FROM plans) ||
			       (SELECT string_agg(id::text || student_no, ',' ORDER BY id) FROM students) ||
			       (SELECT string_agg(id::text || status, ',' ORDER BY id) FROM placements) ||
			       (SELECT string_agg(id::text, ',' ORDER BY id) FROM duty_rosters) || (SELECT count(*)::text FROM duty_checkins) ||
			       (SELECT string_agg(id::text || status, ',' ORDER BY id) FROM supervision_records) ||
			       (SELECT string_agg(id::text, ',' ORDER BY id) FROM patrols) ||
			       (SELECT string_agg(id::text || status, ',' ORDER BY id) FROM complaints)`).Scan(&s)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := snapshot()
	second, err := seed.Demo(ctx, db.Pool, testapp.MustPII(t), now, files.LocalDir{Root: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if second.UsersCreated != 0 || second.OrgsCreated != 0 || second.PostsCreated != 0 || second.HostsCreated != 0 || second.PlansCreated != 0 ||
		second.ComplaintsCreated != 0 || snapshot() != before {
		t.Fatalf("second run changed data: %+v", second)
	}
	if second.SupervisionRecords != 0 {
		t.Fatalf("second run wrote supervision records: %+v", second)
	}
	// Joint supervision: a countersigned patrol, one awaiting the mentor, a
	// talk, an incident closed and one the school has not acknowledged.
	var sup string
	if err := db.Pool.QueryRow(ctx, `SELECT string_agg(DISTINCT kind || ':' || status, ',' ORDER BY kind || ':' || status)
		FROM supervision_records`).Scan(&sup); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"incident:closed", "incident:reported", "patrol:awaiting_countersign", "patrol:countersigned",
		"talk:awaiting_countersign"} {
		if !strings.Contains(sup, want) {
			t.Errorf("demo supervision records lack %s: %s", want, sup)
		}
	}
	var states []string
	rows, err := db.Pool.Query(ctx, `SELECT DISTINCT status FROM plans ORDER BY status`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var st string
		_ = rows.Scan(&st)
		states = append(states, st)
	}
	if len(states) != 11 {
		t.Fatalf("demo plans must cover all 11 states, got %v", states)
	}
	var placementStates int
	if err := db.Pool.QueryRow(ctx, `SELECT count(DISTINCT status) FROM placements`).Scan(&placementStates); err != nil || placementStates != 8 {
		t.Fatalf("demo placements must cover all 8 states, got %d (%v)", placementStates, err)
	}
	for _, a := range second.Accounts {
		exists, err := svc.UserExists(ctx, a.Username)
		if err != nil || !exists {
			t.Errorf("demo account %s missing", a.Username)
		}
	}
	// 南江县教育局 has a complaint to triage; 通江县教育局 has answered one.
	var waiting, answered string
	if err := db.Pool.QueryRow(ctx, `SELECT
		    (SELECT string_agg(b.name || ':' || c.route_basis, ',') FROM complaints c JOIN orgs b ON b.id = c.bureau_id WHERE c.status = 'received'),
		    (SELECT string_agg(b.name || ':' || c.route_basis, ',') FROM complaints c JOIN orgs b ON b.id = c.bureau_id
		      WHERE c.status = 'resolved' AND c.public_reply <> '')`).Scan(&waiting, &answered); err != nil {
		t.Fatal(err)
	}
	if waiting != "南江县教育局:school" || answered != "通江县教育局:enterprise" {
		t.Fatalf("demo complaints: waiting %q, answered %q", waiting, answered)
	}
	// The duty month shows every doubt signal at least once.
	var signals []string
	if err := db.Pool.QueryRow(ctx, `SELECT array_agg(DISTINCT s ORDER BY s) FROM duty_checkins, unnest(anomalies) s`).Scan(&signals); err != nil {
		t.Fatal(err)
	}
	if strings.Join(signals, ",") != "accuracy_poor,checkout_without_checkin,clock_skew,coords_repeated,night,outside_window,rest_day,speed_impossible" {
		t.Fatalf("demo check-ins raise %v", signals)
	}
}
