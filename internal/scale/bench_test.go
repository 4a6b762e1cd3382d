package scale_test

import (
	"context"
	"testing"

	"huhang/internal/plans"
	"huhang/internal/students"
)

// The first page of a county's review queue and a student name search, on a
// generated province with generic plans forced (what PostgreSQL settles on
// for a statement run often). `make bench` runs them; the numbers are
// reported, never asserted.
func BenchmarkListsAtProvinceScale(b *testing.B) {
	w := newWorld(b, Province)
	ctx := context.Background()
	county, school, root := w.actor(b, "b511902"), w.actor(b, "sa363"), w.actor(b, "root")
	var part, whole string
	if err := w.db.Pool.QueryRow(ctx, `SELECT left(st.name, 2) FROM students st JOIN users u ON u.org_id = st.school_id
		WHERE u.username = 'sa363' ORDER BY st.id LIMIT 1`).Scan(&part); err != nil {
		b.Fatal(err)
	}
	if err := w.db.Pool.QueryRow(ctx, `SELECT name FROM students WHERE student_no = 'S0001564'`).Scan(&whole); err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, fn func() (int, error)) {
		b.ReportAllocs()
		for b.Loop() {
			if n, err := fn(); err != nil || n == 0 {
				b.Fatalf("%d rows, %v", n, err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/query")
	}
	b.Run("review queue first page", func(b *testing.B) {
		run(b, func() (int, error) {
			l, err := w.plans.Queue(ctx, county, plans.PlanFilter{Limit: 51})
			return len(l), err
		})
	})
	b.Run("student name search in a school", func(b *testing.B) {
		run(b, func() (int, error) {
			l, err := w.students.List(ctx, school, students.Filter{Query: part, Limit: 51})
			return len(l), err
		})
	})
	b.Run("student name search in a county", func(b *testing.B) {
		run(b, func() (int, error) {
			l, err := w.students.List(ctx, county, students.Filter{Query: whole, Limit: 51})
			return len(l), err
		})
	})
	b.Run("student name search across the platform", func(b *testing.B) {
		run(b, func() (int, error) {
			l, err := w.students.List(ctx, root, students.Filter{Query: whole, Limit: 51})
			return len(l), err
		})
	})
}
