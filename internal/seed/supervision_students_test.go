package seed_test

import (
	"context"
	"testing"
	"time"

	"huhang/internal/files"
	"huhang/internal/platform/pgtest"
	"huhang/internal/seed"
	"huhang/internal/testapp"
)

func TestDemoStudentLogsAndLeave(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)
	first, err := seed.Demo(ctx, db.Pool, testapp.MustPII(t), now, files.LocalDir{Root: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if first.StudentLogs != 3 {
		t.Fatalf("logs created: %d", first.StudentLogs)
	}
	state := func() string {
		var s string
		if err := db.Pool.QueryRow(ctx, `SELECT
			(SELECT string_agg(l.status || ':' || (SELECT count(*) FROM student_log_reviews r WHERE r.log_id = l.id), ',' ORDER BY l.period_start) FROM student_logs l) || '|' ||
			(SELECT string_agg(kind || ':' || status || ':' || needs_mentor, ',' ORDER BY starts_at) FROM leaves) || '|' ||
			(SELECT count(*) FROM users WHERE username = 'student3')::text`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	// Two weeks reviewed by both sides, last week's awaiting review; a leave
	// approved and returned, one pending with the mentor's say (a working
	// day), a lodging awaiting the school's filing.
	want := "reviewed:2,reviewed:2,submitted:0|leave:returned:true,lodging:awaiting_filing:false,leave:requested:true|1"
	if got := state(); got != want {
		t.Fatalf("demo supervision:\n got %s\nwant %s", got, want)
	}
	second, err := seed.Demo(ctx, db.Pool, testapp.MustPII(t), now, files.LocalDir{Root: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if second.StudentLogs != 0 || state() != want {
		t.Fatalf("second run changed the supervision demo: %+v %s", second.StudentLogs, state())
	}
}
