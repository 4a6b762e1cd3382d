package placements_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	"huhang/internal/testapp"
)

type payMonthsResp struct {
	Month string `json:"month"`
	Items []struct {
		PlacementID   string   `json:"placement_id"`
		StudentName   string   `json:"student_name"`
		RequiredFen   int64    `json:"required_fen"`
		Recordable    bool     `json:"recordable"`
		MissingMonths []string `json:"missing_months"`
		Record        *struct {
			AmountFen int64 `json:"amount_fen"`
			Compliant bool  `json:"compliant"`
		} `json:"record"`
	} `json:"items"`
	MissingTotal int `json:"missing_total"`
}

type payBulkResp struct {
	Items []struct {
		PlacementID string  `json:"placement_id"`
		OK          bool    `json:"ok"`
		Outcome     *string `json:"outcome"`
		Record      *struct {
			Compliant bool `json:"compliant"`
			Violation *struct {
				Rule string `json:"rule"`
			} `json:"violation"`
		} `json:"record"`
		Error *struct {
			Code    string `json:"code"`
			Details []struct {
				Field string `json:"field"`
			} `json:"details"`
		} `json:"error"`
	} `json:"items"`
	Created, Corrected, Failed, Flagged int
}

// The clock starts on 2026-11-28; placements backdated to 2026-09-15 owe
// September (a part month) and October; November is under way, not missing.
func TestPaySheetRecordsAMonthForEveryIntern(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj, nj := app.Tongjiang(), app.Nanjiang()
	plan := tj.FiledPlan(t, "post", "")
	var ids []string
	for range 3 {
		ids = append(ids, tj.Placement(t, plan, tj.Student(t, nil), tj.Posts[0], "active"))
	}
	foreign := nj.Placement(t, nj.FiledPlan(t, "post", ""), nj.Student(t, nil), nj.Posts[0], "active")
	for _, id := range append(slices.Clone(ids), foreign) {
		exec(t, app, `UPDATE placements SET starts_on = '2026-09-15' WHERE id = $1`, id)
	}
	sheet := func(month string) map[string]int {
		t.Helper()
		r := tj.Ent.Get("/api/v1/placements/pay-months?month=" + month)
		if r.Code != 200 {
			t.Fatalf("pay months: %d %s", r.Code, r.Body)
		}
		var s payMonthsResp
		r.JSON(&s)
		at := map[string]int{}
		for i, it := range s.Items {
			if it.PlacementID == foreign {
				t.Fatalf("another host's intern is on the sheet")
			}
			at[it.PlacementID] = i
		}
		return at
	}
	var s payMonthsResp
	at := sheet("2026-10")
	tj.Ent.Get("/api/v1/placements/pay-months?month=2026-10").JSON(&s)
	for _, id := range ids {
		it := s.Items[at[id]]
		// 数控车床操作员 earns 4200 元; Art 18's 80 % is 3360 元.
		if !it.Recordable || it.Record != nil || it.RequiredFen != 336000 || !slices.Equal(it.MissingMonths, []string{"2026-09", "2026-10"}) {
			t.Fatalf("before recording: %+v", it)
		}
	}

	today := app.Today().String()
	line := func(id string, amount int64) map[string]any {
		return map[string]any{"placement_id": id, "amount_fen": amount, "paid_on": today, "method": "bank_transfer"}
	}
	r := tj.Ent.PostJSON("/api/v1/placements/pay-records/bulk", map[string]any{"month": "2026-10", "items": []any{
		line(ids[0], 360000), line(ids[1], 335999), line(ids[2], 336000), line(foreign, 360000)}})
	var res payBulkResp
	r.JSON(&res)
	if r.Code != 200 || res.Created != 3 || res.Failed != 1 || res.Flagged != 1 {
		t.Fatalf("bulk: %d %s", r.Code, r.Body)
	}
	// One fen under the standard is recorded and flagged, never refused; the standard itself passes.
	if !res.Items[0].Record.Compliant || res.Items[1].Record.Compliant || res.Items[1].Record.Violation.Rule != "R-PAY" ||
		!res.Items[2].Record.Compliant || *res.Items[1].Outcome != "created" {
		t.Fatalf("verdicts: %s", r.Body)
	}
	if res.Items[3].OK || res.Items[3].Error.Code != "NOT_FOUND" {
		t.Fatalf("a foreign placement is refused on its line as 404: %s", r.Body)
	}
	var n int
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM pay_records WHERE placement_id = $1`, foreign).Scan(&n); err != nil || n != 0 {
		t.Fatalf("nothing written for the foreign line: %d %v", n, err)
	}
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_events WHERE action = 'placement.pay_record'
		AND subject_id = ANY($1)`, ids).Scan(&n); err != nil || n != 3 {
		t.Fatalf("one audit event per recorded line: %d %v", n, err)
	}

	at = sheet("2026-10")
	tj.Ent.Get("/api/v1/placements/pay-months?month=2026-10").JSON(&s)
	for i, id := range ids {
		it := s.Items[at[id]]
		if it.Record == nil || it.Record.Compliant != (i != 1) || !slices.Equal(it.MissingMonths, []string{"2026-09"}) {
			t.Fatalf("after recording October: %+v", it)
		}
	}

	// Again for October: a correction; a bad line fails alone, naming its fields.
	bad := line(ids[2], -1)
	bad["method"] = "coupon"
	r = tj.Ent.PostJSON("/api/v1/placements/pay-records/bulk", map[string]any{"month": "2026-10", "items": []any{line(ids[1], 336000), bad,
		line(ids[0], 1), line(uuid.NewString(), 1)}})
	res = payBulkResp{}
	r.JSON(&res)
	if r.Code != 200 || res.Corrected != 2 || res.Failed != 2 || *res.Items[0].Outcome != "corrected" || !res.Items[0].Record.Compliant ||
		len(res.Items[1].Error.Details) != 2 || res.Items[3].Error.Code != "NOT_FOUND" {
		t.Fatalf("corrections: %d %s", r.Code, r.Body)
	}
	var amount int64
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT amount_fen FROM pay_records WHERE placement_id = $1`, ids[2]).Scan(&amount); err != nil || amount != 336000 {
		t.Fatalf("the refused line left its record as it was: %d %v", amount, err)
	}

	// September recorded for everyone empties the missing list.
	r = tj.Ent.PostJSON("/api/v1/placements/pay-records/bulk", map[string]any{"month": "2026-09", "items": []any{
		line(ids[0], 360000), line(ids[1], 360000), line(ids[2], 360000)}})
	if r.Code != 200 {
		t.Fatalf("september: %d %s", r.Code, r.Body)
	}
	at = sheet("2026-11")
	tj.Ent.Get("/api/v1/placements/pay-months?month=2026-11").JSON(&s)
	for _, id := range ids {
		if it := s.Items[at[id]]; len(it.MissingMonths) != 0 || !it.Recordable || it.Record != nil {
			t.Fatalf("nothing missing once every finished month is on file: %+v", it)
		}
	}
	tj.Ent.Get("/api/v1/placements/pay-months?month=2026-08").JSON(&s)
	if it := s.Items[at[ids[0]]]; it.Recordable {
		t.Fatalf("a month before the start cannot be recorded: %+v", it)
	}
}

func TestPaySheetRefusals(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	id := tj.Placement(t, tj.FiledPlan(t, "post", ""), tj.Student(t, nil), tj.Posts[0], "active")
	item := []any{map[string]any{"placement_id": id, "amount_fen": 360000, "paid_on": app.Today().String(), "method": "cash"}}
	for _, tc := range []struct {
		name string
		code int
		body map[string]any
	}{
		{"bad month", 400, map[string]any{"month": "2026-13", "items": item}},
		{"no items", 400, map[string]any{"month": "2026-11", "items": []any{}}},
		{"too many items", 400, map[string]any{"month": "2026-11", "items": make([]any, 501)}},
	} {
		if r := tj.Ent.PostJSON("/api/v1/placements/pay-records/bulk", tc.body); r.Code != tc.code {
			t.Fatalf("%s: %d %s", tc.name, r.Code, r.Body)
		}
	}
	// 500 lines is the limit itself: accepted, each line answered.
	many := make([]any, 500)
	for i := range many {
		many[i] = map[string]any{"placement_id": uuid.NewString(), "amount_fen": 1, "paid_on": app.Today().String(), "method": "cash"}
	}
	if r := tj.Ent.PostJSON("/api/v1/placements/pay-records/bulk", map[string]any{"month": "2026-11", "items": many}); r.Code != 200 {
		t.Fatalf("500 lines: %d", r.Code)
	}
	if r := tj.Ent.Get("/api/v1/placements/pay-months?month=11-2026"); r.Code != 400 {
		t.Fatalf("bad month on the sheet: %d", r.Code)
	}
	if r := tj.School.Get("/api/v1/placements/pay-months"); r.Code != 403 {
		t.Fatalf("the school has no pay sheet: %d", r.Code)
	}
	dup := []any{item[0], item[0]}
	r := tj.Ent.PostJSON("/api/v1/placements/pay-records/bulk", map[string]any{"month": "2026-11", "items": dup})
	var res payBulkResp
	r.JSON(&res)
	if r.Code != 200 || res.Created != 1 || res.Failed != 1 || res.Items[1].Error.Details[0].Field != "placement_id" {
		t.Fatalf("a placement twice in one sheet: %d %s", r.Code, r.Body)
	}
}
