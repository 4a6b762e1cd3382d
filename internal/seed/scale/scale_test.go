package scale_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"huhang/internal/alerts"
	"huhang/internal/alerts/outbox"
	"huhang/internal/auth"
	"huhang/internal/inspections"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/pgtest"
	"huhang/internal/seed/scale"
)

// A Friday, so the week before it holds five duty days.
var today = clock.Date{Year: 2026, Month: time.November, Day: 27}

func small(seed uint64) scale.Options {
	return scale.Options{Students: 3000, Days: 7, Seed: seed, Today: today}
}

func generate(t *testing.T, o scale.Options) (*pgtest.DB, scale.Report) {
	t.Helper()
	db := pgtest.New(t)
	var log bytes.Buffer
	r, err := scale.Generate(context.Background(), db.Pool, o, &log)
	if err != nil {
		t.Fatalf("generate: %v\n%s", err, log.String())
	}
	t.Logf("generated in %s:\n%s", r.Elapsed.Round(time.Millisecond), log.String())
	return db, r
}

func count(t *testing.T, db *pgtest.DB, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.Pool.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestGenerateSmallProvince(t *testing.T) {
	t.Parallel()
	db, r := generate(t, small(1))
	ctx := context.Background()
	// Every table the report names holds exactly what it says was written
	// (divisions: the migrations' rows beside the generated ones).
	for _, tr := range r.Tables {
		q := "SELECT count(*) FROM " + tr.Table
		if tr.Table == "divisions" {
			q += " WHERE name LIKE '%（生成）'"
		}
		if got := count(t, db, q); got != tr.Rows || got == 0 {
			t.Errorf("%s: %d rows, report says %d", tr.Table, got, tr.Rows)
		}
	}
	for _, table := range []string{"orgs", "enterprises", "posts", "school_hosts", "users", "students", "plans", "plan_posts",
		"plan_staff", "plan_versions", "placements", "duty_rosters", "duty_checkins", "patrols", "supervision_records",
		"campaigns", "findings", "ledger_entries", "alerts", "audit_events"} {
		if r.Rows(table) == 0 {
			t.Errorf("nothing written to %s", table)
		}
	}
	// The sizes asked for, and those that follow from them.
	if n := r.Rows("students"); n != 3000 {
		t.Errorf("%d students, want 3000", n)
	}
	if n := count(t, db, `SELECT count(*) FROM divisions WHERE level = 'county' AND code LIKE '51%'`); n < 175 || n > 190 {
		t.Errorf("%d counties in Sichuan, want about 180", n)
	}
	if n := count(t, db, `SELECT count(*) FROM divisions d WHERE code LIKE '51%' AND NOT EXISTS
		(SELECT 1 FROM orgs o JOIN users u ON u.org_id = o.id AND u.username = 'b' || d.code AND u.role = 'bureau_auditor'
		 WHERE o.kind = 'bureau' AND o.division_code = d.code)`); n != 0 {
		t.Errorf("%d divisions of Sichuan without their bureau and its auditor", n)
	}
	if n := count(t, db, `SELECT count(*) FROM divisions WHERE code IN ('511902', '511903', '511921', '511922', '511923') AND name NOT LIKE '%（生成）'`); n != 5 {
		t.Errorf("Bazhong's real counties: %d of 5", n)
	}
	for what, q := range map[string]string{
		"schools (one per 500 students)":    `SELECT count(*) BETWEEN 5 AND 7 FROM orgs WHERE kind = 'school'`,
		"enterprises (one per 40 students)": `SELECT count(*) BETWEEN 55 AND 100 FROM orgs WHERE kind = 'enterprise'`,
		"teachers (one per 20 students)":    `SELECT count(*) BETWEEN 150 AND 160 FROM users WHERE role = 'teacher'`,
		"student accounts (one in ten)":     `SELECT count(*) = 300 FROM students WHERE user_id IS NOT NULL`,
		"most placements active":            `SELECT count(*) FILTER (WHERE status = 'active') > 0.6 * count(*) FROM placements`,
		"most students placed once":         `SELECT count(DISTINCT student_id) > 2000 AND count(*) = count(DISTINCT student_id) FROM placements`,
		"plans under review":                `SELECT count(*) > 0 FROM plans WHERE status = 'submitted' AND submitted_at > now() - interval '1 year'`,
		"mixed placement states":            `SELECT count(DISTINCT status) >= 5 FROM placements`,
		"mixed finding states":              `SELECT count(DISTINCT status) >= 4 FROM findings`,
		"mixed alert states":                `SELECT count(DISTINCT status) = 3 FROM alerts`,
		"one platform administrator":        `SELECT count(*) = 1 FROM users WHERE role = 'platform_admin' AND username = 'root'`,
		"quotas mostly kept (Art 11)": `SELECT count(*) FILTER (WHERE interns * 10 > e.headcount) <= count(*) / 10
			FROM (SELECT enterprise_id, count(*) AS interns FROM placements WHERE status IN ('proposed', 'confirmed', 'ready', 'active')
			      GROUP BY enterprise_id) x JOIN enterprises e ON e.org_id = x.enterprise_id`,
	} {
		var ok bool
		if err := db.Pool.QueryRow(ctx, q).Scan(&ok); err != nil || !ok {
			t.Errorf("%s: %v %v", what, ok, err)
		}
	}
	// Check-ins fall on duty days (Monday to Friday, not official holidays)
	// inside their roster's period and window, counted for the Shanghai day
	// they happened on, and patrols on days the teacher was there.
	if n := count(t, db, `SELECT count(*) FROM duty_checkins c JOIN duty_rosters r ON r.id = c.roster_id
		WHERE c.teacher_id <> r.teacher_id OR c.duty_day NOT BETWEEN r.starts_on AND r.ends_on
		   OR c.duty_day <> (c.occurred_at AT TIME ZONE 'Asia/Shanghai')::date
		   OR NOT (EXTRACT(isodow FROM c.duty_day)::int = ANY (r.weekdays))
		   OR (c.occurred_at AT TIME ZONE 'Asia/Shanghai')::time NOT BETWEEN r.window_start AND r.window_end
		   OR EXISTS (SELECT 1 FROM calendar_days k WHERE k.day = c.duty_day AND k.kind = 'holiday')
		   OR NOT c.in_fence OR c.duty_day > $1 OR c.duty_day < $1::date - 6`, today.SQL()); n != 0 {
		t.Errorf("%d check-ins off their roster's duty days or window", n)
	}
	if n := count(t, db, `SELECT count(*) FROM patrols p WHERE NOT EXISTS
		(SELECT 1 FROM duty_checkins c WHERE c.roster_id = p.roster_id AND c.duty_day = p.day AND c.kind = 'in')`); n != 0 {
		t.Errorf("%d patrols on days without a check-in", n)
	}
	// About nine duty days in ten have a check-in.
	var share float64
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE kind = 'in')::float / (SELECT count(*) * 5 FROM duty_rosters)
		FROM duty_checkins`).Scan(&share); err != nil || share < 0.8 || share > 0.97 {
		t.Errorf("check-in share of duty days %.2f (%v)", share, err)
	}
	// The inspections' ledger is a sound hash chain.
	v, err := inspections.VerifyLedgers(ctx, db.Pool)
	if err != nil || !v.OK || v.RowsChecked != int(r.Rows("ledger_entries")) {
		t.Errorf("ledger: %+v %v", v, err)
	}
	// Anyone may sign in with the published password: a bureau, a teacher, a student.
	for _, username := range []string{"b511902", "t1_1", "root"} {
		var hash string
		if err := db.Pool.QueryRow(ctx, `SELECT password_hash FROM users WHERE username = $1`, username).Scan(&hash); err != nil {
			t.Fatalf("%s: %v", username, err)
		}
		if ok, err := auth.VerifyPassword(hash, scale.Password); err != nil || !ok {
			t.Errorf("%s cannot sign in with %s: %v", username, scale.Password, err)
		}
	}
	// A worker started on the province finds the standing conditions the
	// inbox already holds, and raises nothing new for them.
	svc := alerts.NewService(db.Pool, nil, clock.Fixed(today.Time().Add(20*time.Hour)), slog.New(slog.DiscardHandler), alerts.Options{})
	for _, rule := range []outbox.Rule{outbox.Insurance, outbox.PayMissing, outbox.NotFiled, outbox.RectifyOverdue, outbox.IncidentUnacked} {
		if n, err := svc.ScanRule(ctx, rule); err != nil || n != 0 {
			t.Errorf("scan %s raised %d new alerts (%v)", rule, n, err)
		}
	}
	if n := count(t, db, `SELECT count(DISTINCT rule) FROM alerts`); n < 4 {
		t.Errorf("alerts of only %d rules", n)
	}
	// A second run refuses to add a province to a province.
	if _, err := scale.Generate(ctx, db.Pool, small(1), nil); !errors.Is(err, scale.ErrNotEmpty) {
		t.Fatalf("second run: %v", err)
	}
}

// fingerprints is one digest per table of every column of every row.
func fingerprints(t *testing.T, db *pgtest.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, table := range []string{"divisions", "orgs", "enterprises", "posts", "users", "students", "plans", "plan_versions",
		"placements", "duty_rosters", "duty_checkins", "patrols", "supervision_records", "findings", "ledger_entries", "alerts",
		"alert_history", "audit_events"} {
		var sum string
		if err := db.Pool.QueryRow(context.Background(),
			`SELECT md5(string_agg(x::text, E'\n' ORDER BY x::text)) FROM `+table+` x`).Scan(&sum); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		out[table] = sum
	}
	return out
}

func TestGenerateIsDeterministic(t *testing.T) {
	t.Parallel()
	dbA, _ := generate(t, small(1))
	dbB, _ := generate(t, small(1))
	dbC, _ := generate(t, small(2))
	a, b, c := fingerprints(t, dbA), fingerprints(t, dbB), fingerprints(t, dbC)
	for table, sum := range a {
		if b[table] != sum {
			t.Errorf("%s differs between two runs of one seed", table)
		}
		// The generated counties are the same whatever the seed.
		if c[table] == sum && table != "divisions" {
			t.Errorf("%s is the same for another seed", table)
		}
	}
}
