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
	all, err := audit.List(ctx, db.Pool, audit.ListFilter{SubjectType: "org", SubjectID: "s1", Limit: 10})
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
	if again, _ := audit.List(ctx, db.Pool, audit.ListFilter{SubjectType: "org", SubjectID: "s1", Limit: 10}); len(again) != 2 {
		t.Fatalf("rolled back event persisted: %d", len(again))
	}
	for _, stmt := range []string{`UPDATE audit_events SET action = 'x'`, `DELETE FROM audit_events`} {
		if _, err := db.Pool.Exec(ctx, stmt); err == nil {
			t.Errorf("%s succeeded on the append-only table", stmt)
		}
	}
}
