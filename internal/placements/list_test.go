package placements_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/placements"
	"huhang/internal/platform/ids"
	"huhang/internal/testapp"
)

// A bureau's list spans the schools of its division: page after page, with or
// without a status, it gives exactly the placements of the division's
// schools in id order, as one query over the raw table does.
func TestBureauListPagesAcrossSchoolsInIDOrder(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	plan := tj.FiledPlan(t, "cognitive", "")
	for i := range 7 {
		tj.Placement(t, plan, tj.Student(t, nil), tj.Posts[i%2], []string{"proposed", "active"}[i%2])
	}
	ctx := context.Background()
	svc := app.Services.Placements
	for _, c := range []struct {
		username string
		status   placements.Status
	}{
		{"city1", ""},
		{"city1", "active"},
		{"county1", ""},
		{"county1", "proposed"},
	} {
		actor := actorOf(t, app, c.username)
		prefix := ids.DivisionPrefix(actor.DivisionCode)
		var got []uuid.UUID
		var after *uuid.UUID
		for pages := 0; ; pages++ {
			page, err := svc.List(ctx, actor, placements.Filter{Status: c.status, After: after, Limit: 3})
			if err != nil {
				t.Fatalf("%s %q page %d: %v", c.username, c.status, pages, err)
			}
			if len(page) == 0 {
				break
			}
			for _, p := range page {
				got = append(got, p.ID)
			}
			after = &page[len(page)-1].ID
		}
		rows, err := app.DB.Pool.Query(ctx, `SELECT pl.id FROM placements pl JOIN orgs o ON o.id = pl.school_id
			WHERE o.division_code LIKE $1 || '%' AND ($2 = '' OR pl.status = $2) ORDER BY pl.id`, prefix, string(c.status))
		if err != nil {
			t.Fatal(err)
		}
		want, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
		if err != nil {
			t.Fatal(err)
		}
		if len(want) <= 3 {
			t.Fatalf("%s %q: %d placements do not span pages", c.username, c.status, len(want))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s %q: listed %d placements %v, the table has %d %v", c.username, c.status, len(got), got, len(want), want)
		}
	}
}
