package inspections_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"huhang/internal/inspections"
	"huhang/internal/platform/pgtest"
	"huhang/internal/testapp"
)

// ledgerWithFindings opens a campaign and records two findings, one ordered.
func ledgerWithFindings(t *testing.T, app *testapp.App) (campaignJSON, []findingJSON) {
	t.Helper()
	county := app.Login("county1")
	c := newCampaign(t, app, county, true)
	school := app.OrgID(tongjiangSchool).String()
	a := recordOn(t, county, c.ID, map[string]any{"target_kind": "school", "target_id": school, "rule": "R-AGE16",
		"description": "安排未满16周岁学生顶岗", "severity": "critical"})
	b := recordOn(t, county, c.ID, map[string]any{"target_kind": "enterprise", "target_id": app.OrgID(jinggong).String(),
		"checklist_item": "D-FEES", "description": "收取住宿押金, \"每人500元\"", "severity": "serious"})
	must(t, county.PostJSON("/api/v1/findings/"+a.ID+"/rectification", map[string]any{"responsible_org_id": school,
		"responsible_person": "陈晓燕", "measure": "改为认识实习", "deadline": app.Today().AddDays(3).String()}), 200, "order")
	return c, []findingJSON{a, b}
}

func TestExportCarriesTheLedgerAndItsHead(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c, _ := ledgerWithFindings(t, app)
	county := app.Login("county1")
	var v struct {
		Heads map[string]string `json:"heads"`
	}
	must(t, county.Get("/api/v1/ledger/verify?campaign_id="+c.ID), 200, "verify").JSON(&v)
	head := v.Heads[c.ID]

	r := must(t, county.Get("/api/v1/campaigns/"+c.ID+"/ledger.csv"), 200, "csv")
	body := r.Body.Bytes()
	if !bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
		t.Fatal("the CSV lacks the UTF-8 byte order mark Excel needs")
	}
	if !strings.HasSuffix(r.Header().Get("X-Ledger-Head"), ":"+head) {
		t.Fatalf("X-Ledger-Head %q, chain head %s", r.Header().Get("X-Ledger-Head"), head)
	}
	rows, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || !strings.Contains(rows[1][0], head) || strings.Join(rows[2], ",") != strings.Join(inspections.LedgerColumns, ",") {
		t.Fatalf("csv layout: %q", rows)
	}
	first, second := rows[3], rows[4]
	if first[0] != "1" || first[2] != tongjiangSchool || first[5] != "第十六条第（二）项" || first[6] != "严重" ||
		first[7] != "改为认识实习" || first[8] != tongjiangSchool || first[11] != "待整改" || first[10] != app.Today().AddDays(3).String() {
		t.Fatalf("first row: %q", first)
	}
	if second[3] != jinggong || second[4] != "收取住宿押金, \"每人500元\"" || second[5] != "第二十条" || second[11] != "待下达整改" {
		t.Fatalf("second row: %q", second)
	}
	// Past the deadline, the state says overdue.
	app.Clock.Advance(5 * 24 * time.Hour)
	county = app.Login("county1") // the earlier session's token has expired
	later := must(t, county.Get("/api/v1/campaigns/"+c.ID+"/ledger.csv"), 200, "csv later")
	if rows, err = csv.NewReader(bytes.NewReader(later.Body.Bytes()[3:])).ReadAll(); err != nil || rows[3][11] != "待整改（逾期）" {
		t.Fatalf("overdue row: %q", rows[3])
	}

	x := must(t, county.Get("/api/v1/campaigns/"+c.ID+"/ledger.xlsx"), 200, "xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(x.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	sheet, err := f.GetRows("台账")
	if err != nil {
		t.Fatal(err)
	}
	if len(sheet) != 5 || !strings.Contains(sheet[1][0], head) || sheet[2][12] != "销号时间" || sheet[3][4] != "安排未满16周岁学生顶岗" {
		t.Fatalf("xlsx: %q", sheet)
	}
	must(t, app.Login("county2").Get("/api/v1/campaigns/"+c.ID+"/ledger.xlsx"), 404, "another county exports")
}

// TestLedgerVerifyRouteNamesTheTamperedRow: a finding's ledger row is
// rewritten behind the application's back; the route names that row.
func TestLedgerVerifyRouteNamesTheTamperedRow(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c, findings := ledgerWithFindings(t, app)
	county := app.Login("county1")
	ctx := context.Background()
	var seq int
	if err := app.DB.Pool.QueryRow(ctx, `SELECT seq FROM ledger_entries WHERE subject_id = $1 AND kind = 'finding.record'`,
		uuid.MustParse(findings[1].ID)).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	super := pgtest.Superuser(t, app.DB)
	if _, err := super.Exec(ctx, `SET session_replication_role = replica`); err != nil {
		t.Fatal(err)
	}
	// The enterprise's finding is softened from serious to minor.
	if _, err := super.Exec(ctx, `UPDATE ledger_entries SET content = replace(content, '"serious"', '"minor"')
		WHERE ledger_id = $1 AND seq = $2`, uuid.MustParse(c.ID), seq); err != nil {
		t.Fatal(err)
	}
	var v struct {
		OK          bool `json:"ok"`
		FirstBroken *struct {
			LedgerID string `json:"ledger_id"`
			Seq      int    `json:"seq"`
			Reason   string `json:"reason"`
		} `json:"first_broken"`
	}
	must(t, county.Get("/api/v1/ledger/verify"), 200, "verify").JSON(&v)
	if v.OK || v.FirstBroken == nil || v.FirstBroken.Seq != seq || v.FirstBroken.LedgerID != c.ID || v.FirstBroken.Reason == "" {
		t.Fatalf("verify after tampering with row %d: %+v %+v", seq, v, v.FirstBroken)
	}
}

func TestDrawListIsReproducibleAndFair(t *testing.T) {
	var list []inspections.Candidate
	for i := range 30 {
		list = append(list, inspections.Candidate{ID: uuid.NewSHA1(uuid.NameSpaceOID, []byte{byte(i)}), Name: string(rune('A' + i))})
	}
	reversed := make([]inspections.Candidate, len(list))
	for i, c := range list {
		reversed[len(list)-1-i] = c
	}
	a := inspections.DrawList("seed-1", "targets", list, 5)
	b := inspections.DrawList("seed-1", "targets", reversed, 5)
	if len(a) != 5 || hex.EncodeToString(idsOf(a)) != hex.EncodeToString(idsOf(b)) {
		t.Fatalf("the same seed over the same list in another order must draw the same: %v / %v", a, b)
	}
	seen := map[uuid.UUID]bool{}
	for _, c := range a {
		if seen[c.ID] {
			t.Fatal("a candidate drawn twice")
		}
		seen[c.ID] = true
	}
	if hex.EncodeToString(idsOf(inspections.DrawList("seed-2", "targets", list, 5))) == hex.EncodeToString(idsOf(a)) {
		t.Fatal("another seed drew the very same five of thirty")
	}
	if got := inspections.DrawList("seed-1", "targets", list[:3], 5); len(got) != 3 {
		t.Fatalf("drawing more than there are gives them all: %d", len(got))
	}
	// Over many seeds each candidate is drawn about equally often: 3000
	// draws of 1 from 30 give 100 each; a fair draw stays within 55–145.
	counts := map[uuid.UUID]int{}
	for i := range 3000 {
		counts[inspections.DrawList(uuid.NewSHA1(uuid.NameSpaceURL, []byte{byte(i), byte(i >> 8)}).String(), "targets", list, 1)[0].ID]++
	}
	for id, n := range counts {
		if n < 55 || n > 145 {
			t.Fatalf("candidate %s drawn %d times of 3000", id, n)
		}
	}
	if len(counts) != 30 {
		t.Fatalf("only %d of 30 candidates were ever drawn", len(counts))
	}
}

func idsOf(list []inspections.Candidate) []byte {
	var out []byte
	for _, c := range list {
		out = append(out, c.ID[:]...)
	}
	return out
}
