package inspections_test

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"huhang/internal/inspections"
	"huhang/internal/platform/pgtest"
	"huhang/internal/platform/postgres"
)

var t0 = time.Date(2026, 12, 1, 9, 30, 0, 123456789, time.FixedZone("CST", 8*3600))

func appendN(t *testing.T, db *pgtest.DB, ledger uuid.UUID, n int) []inspections.Appended {
	t.Helper()
	var out []inspections.Appended
	for i := range n {
		err := postgres.InTx(context.Background(), db.Pool, func(tx pgx.Tx) error {
			a, err := inspections.AppendLedger(context.Background(), tx, inspections.Entry{LedgerID: ledger, Kind: "finding.record",
				SubjectType: "finding", SubjectID: uuid.New(), Data: map[string]any{"description": fmt.Sprintf("问题 %d：未购买实习责任保险", i+1),
					"severity": "serious", "article": "第三十五条"}}, t0.Add(time.Duration(i)*time.Minute))
			out = append(out, a)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestLedgerChainsRowsAndVerifies(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	a, b := uuid.New(), uuid.New()
	rowsA := appendN(t, db, a, 3)
	rowsB := appendN(t, db, b, 2)
	for i, r := range rowsA {
		if r.Seq != i+1 {
			t.Fatalf("ledger a row %d has seq %d", i, r.Seq)
		}
	}
	if rowsB[0].Seq != 1 {
		t.Fatalf("a second ledger continues the first one's sequence: %+v", rowsB[0])
	}
	// Each row holds the previous row's hash; the first the genesis hash.
	var prev [][]byte
	rows, err := db.Pool.Query(context.Background(), `SELECT prev_hash FROM ledger_entries WHERE ledger_id = $1 ORDER BY seq`, a)
	if err != nil {
		t.Fatal(err)
	}
	prev, err = pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil {
		t.Fatal(err)
	}
	if hex.EncodeToString(prev[0]) != hex.EncodeToString(inspections.GenesisHash) ||
		hex.EncodeToString(prev[1]) != hex.EncodeToString(rowsA[0].Hash) || hex.EncodeToString(prev[2]) != hex.EncodeToString(rowsA[1].Hash) {
		t.Fatalf("chain links: %x", prev)
	}

	v, err := inspections.VerifyLedgers(context.Background(), db.Pool)
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK || v.RowsChecked != 5 || v.FirstBroken != nil {
		t.Fatalf("intact ledgers: %+v", v)
	}
	if v.Heads[a] != hex.EncodeToString(rowsA[2].Hash) || v.Heads[b] != hex.EncodeToString(rowsB[1].Hash) {
		t.Fatalf("heads: %v", v.Heads)
	}
	if v, err = inspections.VerifyLedgers(context.Background(), db.Pool, b); err != nil || v.RowsChecked != 2 {
		t.Fatalf("one ledger: %+v %v", v, err)
	}
}

// The database itself refuses to rewrite history: the application's role
// has no UPDATE, DELETE or TRUNCATE on the table, and even a superuser, who
// passes every privilege check, meets the trigger.
func TestLedgerRefusesUpdateAndDelete(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ledger := uuid.New()
	appendN(t, db, ledger, 2)
	ctx := context.Background()
	for _, sql := range []string{
		`UPDATE ledger_entries SET content = '{}' WHERE seq = 1`,
		`DELETE FROM ledger_entries WHERE seq = 2`,
		`TRUNCATE ledger_entries`,
	} {
		_, err := db.Pool.Exec(ctx, sql)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "42501" {
			t.Errorf("as the application: %s answered %v, want permission denied", sql, err)
		}
	}
	super := pgtest.Superuser(t, db)
	for _, sql := range []string{
		`UPDATE ledger_entries SET content = '{}' WHERE seq = 1`,
		`DELETE FROM ledger_entries WHERE seq = 2`,
		`TRUNCATE ledger_entries`,
	} {
		_, err := super.Exec(ctx, sql)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "2F003" {
			t.Errorf("as a superuser: %s answered %v, want the trigger's refusal", sql, err)
		}
	}
	var n int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM ledger_entries`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("rows after the refusals: %d (%v)", n, err)
	}
}

// An intruder with the server's keys turns the trigger off and rewrites a
// row, or removes one: the verifier names exactly that row (or, for a removed
// row, the one after the gap), and the rows before it still check.
func TestLedgerVerifyNamesTheTamperedRow(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		tamper  string
		wantSeq int
	}{
		{"content rewritten", `UPDATE ledger_entries SET content = replace(content, '未购买', '已购买') WHERE ledger_id = $1 AND seq = 4`, 4},
		{"column differs from the hashed content", `UPDATE ledger_entries SET subject_id = gen_random_uuid() WHERE ledger_id = $1 AND seq = 3`, 3},
		{"time moved", `UPDATE ledger_entries SET recorded_at = recorded_at - interval '1 day' WHERE ledger_id = $1 AND seq = 5`, 5},
		{"row removed", `DELETE FROM ledger_entries WHERE ledger_id = $1 AND seq = 2`, 3},
		{"previous hash replaced", `UPDATE ledger_entries SET prev_hash = hash WHERE ledger_id = $1 AND seq = 6`, 6},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db := pgtest.New(t)
			ledger, other := uuid.New(), uuid.New()
			appendN(t, db, other, 2)
			appendN(t, db, ledger, 6)
			super := pgtest.Superuser(t, db)
			ctx := context.Background()
			// session_replication_role = replica is how a superuser silences
			// ordinary triggers: the one way left to rewrite the table.
			if _, err := super.Exec(ctx, `SET session_replication_role = replica`); err != nil {
				t.Fatal(err)
			}
			tag, err := super.Exec(ctx, tc.tamper, ledger)
			if err != nil || tag.RowsAffected() != 1 {
				t.Fatalf("tamper: %v (%d rows)", err, tag.RowsAffected())
			}
			v, err := inspections.VerifyLedgers(ctx, db.Pool)
			if err != nil {
				t.Fatal(err)
			}
			if v.OK || v.FirstBroken == nil || v.FirstBroken.LedgerID != ledger || v.FirstBroken.Seq != tc.wantSeq || v.FirstBroken.Reason == "" {
				t.Fatalf("verify: %+v %+v, want ledger %s row %d", v, v.FirstBroken, ledger, tc.wantSeq)
			}
			var id int64
			if err := db.Pool.QueryRow(ctx, `SELECT id FROM ledger_entries WHERE ledger_id = $1 AND seq = $2`, ledger, tc.wantSeq).Scan(&id); err != nil ||
				id != v.FirstBroken.RowID {
				t.Fatalf("named row id %d, the row is %d (%v)", v.FirstBroken.RowID, id, err)
			}
		})
	}
}

// Twenty use cases appending to one ledger at once queue on its lock: one
// unbroken chain of twenty rows, no fork, no duplicate sequence number.
func TestLedgerConcurrentAppendsKeepOneChain(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ledger := uuid.New()
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- postgres.InTx(context.Background(), db.Pool, func(tx pgx.Tx) error {
				_, err := inspections.AppendLedger(context.Background(), tx, inspections.Entry{LedgerID: ledger, Kind: "rectification.submit",
					SubjectType: "finding", SubjectID: uuid.New(), Data: map[string]any{"n": i}}, t0)
				return err
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	v, err := inspections.VerifyLedgers(context.Background(), db.Pool, ledger)
	if err != nil || !v.OK || v.RowsChecked != 20 {
		t.Fatalf("after 20 concurrent appends: %+v %v", v, err)
	}
}
