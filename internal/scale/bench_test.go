package scale_test

import (
	"context"
	"testing"

	"huhang/internal/plans"
	"huhang/internal/stats"
	"huhang/internal/students"
)

// The first page of a county's review queue and a student name search, on a
// generated province with generic plans forced (what PostgreSQL settles on
// for a statement run often). `make bench` runs them; the numbers are
// reported, never asserted.
func BenchmarkListsAtProvinceScale(b *testing.B) {
	w := newWorld(b, Province)
	ctx := context.Background()
	county, school, root := w.actor(b, "b511902"), w.actor(b, w.picks.school), w.actor(b, "root")
	part, whole := w.picks.part, w.picks.whole
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
	if _, err := w.services.Stats.Refresh(ctx); err != nil {
		b.Fatal(err)
	}
	for name, a := range map[string]string{"overview of the province": "b510000", "overview of a city": "b511900"} {
		auditor := w.actor(b, a)
		b.Run(name, func(b *testing.B) {
			run(b, func() (int, error) {
				o, err := w.services.Stats.Overview(ctx, auditor, stats.Query{})
				return len(o.Children) + len(o.Schools), err
			})
		})
	}
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
