package audit_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/audit"
	"huhang/internal/platform/pgtest"
	"huhang/internal/platform/postgres"
)

func TestRecordListAndAppendOnly(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := audit.WithRequest(context.Background(), "203.0.113.9", "req-12345678")
	uid := uuid.Must(uuid.NewV7())
	who := audit.Who{UserID: &uid, Username: "county1", Role: "bureau_auditor"}
	for _, division := range []string{"511921", "511922"} {
		err := postgres.InTx(ctx, db.Pool, func(tx pgx.Tx) error {
			return audit.Record(ctx, tx, who, audit.Event{Action: "org.create", SubjectType: "org", SubjectID: "s1",
				DivisionCode: division, Before: nil, After: map[string]string{"name": "学校"}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	all, err := audit.List(ctx, db.Pool, audit.ListFilter{SubjectType: "org", SubjectID: "s1", Everything: true, Limit: 10})
	if err != nil || len(all) != 2 {
		t.Fatalf("list all: %d %v", len(all), err)
	}
	if *all[0].ClientIP != "203.0.113.9" || *all[0].RequestID != "req-12345678" || string(all[0].After) != `{"name": "学校"}` || all[0].Before != nil {
		t.Fatalf("stored event: %+v after=%s", all[0], all[0].After)
	}
	scoped, err := audit.List(ctx, db.Pool, audit.ListFilter{SubjectType: "org", SubjectID: "s1", DivisionPrefix: "511921", Limit: 10})
	if err != nil || len(scoped) != 1 {
		t.Fatalf("a bureau sees its subtree only: %d %v", len(scoped), err)
	}
	// A rolled-back change leaves no event.
	_ = postgres.InTx(ctx, db.Pool, func(tx pgx.Tx) error {
		_ = audit.Record(ctx, tx, who, audit.Event{Action: "org.create", SubjectType: "org", SubjectID: "s1"})
		return context.Canceled
	})
	if again, _ := audit.List(ctx, db.Pool, audit.ListFilter{SubjectType: "org", SubjectID: "s1", Everything: true, Limit: 10}); len(again) != 2 {
		t.Fatalf("rolled back event persisted: %d", len(again))
	}
	for _, stmt := range []string{`UPDATE audit_events SET action = 'x'`, `DELETE FROM audit_events`} {
		if _, err := db.Pool.Exec(ctx, stmt); err == nil {
			t.Errorf("%s succeeded on the append-only table", stmt)
		}
	}
}

// A list whose scope is empty reads nothing: neither "everything" nor a
// division was given, which is what a forgotten scope or a bureau account
// without a division looks like. Events without a division are the
// platform's alone.
func TestListFailsClosedWithoutScope(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	for _, division := range []string{"511921", "511922", ""} {
		err := postgres.InTx(ctx, db.Pool, func(tx pgx.Tx) error {
			return audit.Record(ctx, tx, audit.Who{Username: "system", Role: "system"},
				audit.Event{Action: "plan.submit", SubjectType: "plan", SubjectID: "p1", DivisionCode: division})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	count := func(f audit.ListFilter) int {
		t.Helper()
		f.SubjectType, f.SubjectID, f.Limit = "plan", "p1", 10
		list, err := audit.List(ctx, db.Pool, f)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	for name, c := range map[string]struct {
		f    audit.ListFilter
		want int
	}{
		"no scope at all":       {audit.ListFilter{}, 0},
		"empty division prefix": {audit.ListFilter{DivisionPrefix: ""}, 0},
		"county":                {audit.ListFilter{DivisionPrefix: "511921"}, 1},
		"city subtree":          {audit.ListFilter{DivisionPrefix: "5119"}, 2},
		"another city":          {audit.ListFilter{DivisionPrefix: "5118"}, 0},
		"platform (everything)": {audit.ListFilter{Everything: true}, 3},
		"everything wins":       {audit.ListFilter{Everything: true, DivisionPrefix: "511921"}, 3},
	} {
		if got := count(c.f); got != c.want {
			t.Errorf("%s: %d events, want %d", name, got, c.want)
		}
	}
}
