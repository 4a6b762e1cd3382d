package scale_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/plans"
	"huhang/internal/platform/clock"
	province "huhang/internal/seed/scale"
)

// Province is what the tests run at: 60,000 students in 120 schools over
// Sichuan's 183 counties, about 1,700 enterprises, 2,000 plans and 48,000
// placements; large enough that a sequential scan is never the cheap
// choice, small enough to generate in seconds on a shared machine. Three
// days of duty are enough: no list here reads check-ins.
var Province = province.Options{Students: 60000, Days: 3, Seed: 1, Today: clock.Date{Year: 2026, Month: time.November, Day: 27}}

// generate fills a freshly migrated database with the province generator
// that `huhang seed scale` runs.
func generate(tb testing.TB, pool *pgxpool.Pool, o province.Options) {
	tb.Helper()
	var log bytes.Buffer
	r, err := province.Generate(context.Background(), pool, o, &log)
	if err != nil {
		tb.Fatalf("generate: %v\n%s", err, log.String())
	}
	tb.Logf("generated %d enterprises, %d students, %d plans, %d placements, %d rows in all in %s", r.Rows("enterprises"),
		r.Rows("students"), r.Rows("plans"), r.Rows("placements"), r.Total(), r.Elapsed.Round(time.Millisecond))
}

// picks are the actors and subjects the lists ask about, chosen by what the
// generated province holds: the first school (always in 巴州区, 511902),
// one of its instructors, a host with interns of the school and the
// interns' mentor there, a student of the school with an account and a
// placement.
type picks struct {
	school, teacher, ent, mentor, student string
	schoolID, entID                       uuid.UUID
	// part is two characters of a name of the school; whole the name of
	// another student of the county; class one of the school's classes;
	// major the start of a major planned in Bazhong.
	part, whole, class, major string
	// queueHead is the oldest plan in the county's review queue.
	queueHead plans.QueueKey
}

func pick(tb testing.TB, pool *pgxpool.Pool) picks {
	tb.Helper()
	var p picks
	ctx := context.Background()
	for _, q := range []struct {
		sql  string
		args func() []any
		dst  []any
	}{
		{`SELECT u.username, o.id FROM users u JOIN orgs o ON o.id = u.org_id WHERE o.kind = 'school' AND o.division_code = '511902'
			AND u.role = 'school_admin' AND EXISTS (SELECT 1 FROM plans p WHERE p.school_id = o.id AND p.status = 'submitted')
			ORDER BY length(u.username), u.username LIMIT 1`, nil, []any{&p.school, &p.schoolID}},
		{`SELECT t.username, e.username, m.username, pl.enterprise_id FROM placements pl
			JOIN users t ON t.id = pl.instructor_id JOIN users m ON m.id = pl.mentor_id
			JOIN users e ON e.org_id = pl.enterprise_id AND e.role = 'enterprise_admin'
			WHERE pl.school_id = $1 AND pl.status = 'active' ORDER BY pl.id LIMIT 1`,
			func() []any { return []any{p.schoolID} }, []any{&p.teacher, &p.ent, &p.mentor, &p.entID}},
		{`SELECT u.username FROM students st JOIN users u ON u.id = st.user_id
			WHERE st.school_id = $1 AND EXISTS (SELECT 1 FROM placements pl WHERE pl.student_id = st.id) ORDER BY st.id LIMIT 1`,
			func() []any { return []any{p.schoolID} }, []any{&p.student}},
		{`SELECT left(name, 2) FROM students WHERE school_id = $1 ORDER BY id LIMIT 1`,
			func() []any { return []any{p.schoolID} }, []any{&p.part}},
		{`SELECT st.name FROM students st JOIN orgs o ON o.id = st.school_id WHERE o.division_code = '511902'
			ORDER BY st.student_no DESC LIMIT 1`, nil, []any{&p.whole}},
		{`SELECT class_name FROM students WHERE school_id = $1 ORDER BY student_no DESC LIMIT 1`,
			func() []any { return []any{p.schoolID} }, []any{&p.class}},
		{`SELECT submitted_at, id FROM plans WHERE review_division = '511902' AND status = 'submitted' ORDER BY submitted_at, id LIMIT 1`,
			nil, []any{&p.queueHead.SubmittedAt, &p.queueHead.ID}},
		{`SELECT left(major, 2) FROM plans WHERE review_division LIKE '5119%' ORDER BY id LIMIT 1`, nil, []any{&p.major}},
	} {
		var args []any
		if q.args != nil {
			args = q.args()
		}
		if err := pool.QueryRow(ctx, q.sql, args...).Scan(q.dst...); err != nil {
			tb.Fatalf("the generated province lacks what the lists ask about: %v\n%s", err, q.sql)
		}
	}
	return p
}
