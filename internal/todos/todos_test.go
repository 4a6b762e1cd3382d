package todos_test

import (
	"testing"

	"github.com/google/uuid"

	"huhang/internal/platform/clock"
	"huhang/internal/todos"
)

func day(s string) *clock.Date {
	d, err := clock.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return &d
}

func TestSortAndCount(t *testing.T) {
	items := []todos.Item{
		{Title: "c", Severity: todos.Minor, Link: "/students/1"},
		{Title: "b", Severity: todos.Serious, Link: "/plans/2"},
		{Title: "a", Severity: todos.Serious, DueOn: day("2026-12-20"), Link: "/placements/3"},
		{Title: "z", Severity: todos.Serious, DueOn: day("2026-12-01"), Link: "/plans/4"},
		{Title: "y", Severity: todos.Critical, Link: "/plansx"},
	}
	todos.Sort(items)
	var got []string
	for _, it := range items {
		got = append(got, it.Title)
	}
	if want := "y z a b c"; join(got) != want {
		t.Fatalf("order %q, want %q", join(got), want)
	}
	c := todos.Count(items)
	if c != (todos.Counts{Plans: 2, Placements: 1, Students: 1, Total: 5}) {
		t.Fatalf("counts %+v", c)
	}
	_ = uuid.Nil
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}
