package placements_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"huhang/internal/platform/apitest"
	"huhang/internal/seed"
	"huhang/internal/testapp"
)

func TestWorkerStartsReadyAndCompletesEndedPlacements(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	future := app.Today().AddDays(3).String()
	plan := tj.FiledPlan(t, "post", future)
	id := tj.Placement(t, plan, tj.Student(t, nil), tj.Posts[0], "ready")
	if r := tj.School.PostJSON("/api/v1/placements/"+id+"/activate", nil); r.Code != 409 || r.ErrorCode() != "NOT_STARTED" {
		t.Fatalf("activation before the start day: %d %s", r.Code, r.Body)
	}
	svc := app.Services.Placements
	status := func() string {
		var p placementResp // a fresh login: the clock moves past the access token's life
		app.Login("school1").Get("/api/v1/placements/" + id).JSON(&p)
		return p.Status
	}
	if a, c, err := svc.RunLifecycle(context.Background()); err != nil || a+c != 0 || status() != "ready" {
		t.Fatalf("nothing is due yet: %d %d %v %s", a, c, err, status())
	}
	app.Clock.Advance(3 * 24 * time.Hour)
	if a, _, err := svc.RunLifecycle(context.Background()); err != nil || a != 1 || status() != "active" {
		t.Fatalf("start day: %d %v %s", a, err, status())
	}
	app.Clock.Advance(62 * 24 * time.Hour)
	if _, c, err := svc.RunLifecycle(context.Background()); err != nil || c != 1 || status() != "completed" {
		t.Fatalf("after the end day: %d %v %s", c, err, status())
	}
}

func TestDocumentFiles(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	id := tj.Placement(t, tj.FiledPlan(t, "post", ""), tj.Student(t, nil), tj.Posts[0], "confirmed")
	pdf := []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
	r := tj.School.Upload("/api/v1/files", "file", "协议.png", pdf) // the name lies; the content decides
	var f struct {
		ID, Name    string
		ContentType string `json:"content_type"`
	}
	r.JSON(&f)
	if r.Code != 201 || f.ContentType != "application/pdf" || f.Name != "协议.pdf" {
		t.Fatalf("PDF named .png: %d %s", r.Code, r.Body)
	}
	if r := tj.School.Upload("/api/v1/files", "file", "协议.pdf", []byte("<html><script>alert(1)</script>")); r.Code != 400 {
		t.Fatalf("HTML named .pdf: %d", r.Code)
	}
	if r := tj.School.Upload("/api/v1/files", "file", "big.pdf", append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), 11<<20)...)); r.Code != 413 {
		t.Fatalf("11 MiB file: %d", r.Code)
	}
	agreement := map[string]any{"signed_on": app.Today().String(), "signers": []string{"school", "enterprise", "student"}}
	agreement["file_id"] = uuid.NewString()
	if r := tj.School.SendJSON("PUT", "/api/v1/placements/"+id+"/documents/agreement", agreement); r.Code != 400 {
		t.Fatalf("unknown file: %d", r.Code)
	}
	var foreign struct{ ID string }
	app.Login("school2").Upload("/api/v1/files", "file", "x.pdf", pdf).JSON(&foreign)
	agreement["file_id"] = foreign.ID
	if r := tj.School.SendJSON("PUT", "/api/v1/placements/"+id+"/documents/agreement", agreement); r.Code != 400 {
		t.Fatalf("another school's upload: %d", r.Code)
	}
	agreement["file_id"] = f.ID
	if r := tj.School.SendJSON("PUT", "/api/v1/placements/"+id+"/documents/agreement", agreement); r.Code != 200 {
		t.Fatalf("attach: %d %s", r.Code, r.Body)
	}
	r = tj.Ent.Get("/api/v1/placements/" + id + "/documents/agreement/file")
	if r.Code != 200 || r.Header().Get("Content-Type") != "application/pdf" || !bytes.Equal(r.Body.Bytes(), pdf) {
		t.Fatalf("the host downloads the agreement: %d %s", r.Code, r.Header())
	}
	if r := app.Login("ent2").Get("/api/v1/placements/" + id + "/documents/agreement/file"); r.Code != 404 {
		t.Fatalf("another enterprise: %d", r.Code)
	}
	if r := tj.School.SendJSON("PUT", "/api/v1/placements/"+id+"/documents/agreement", map[string]any{"signed_on": "2026-02-30",
		"signers": []string{"school", "boss"}, "extra": 1}); r.Code != 400 || !strings.Contains(r.Body.String(), "extra") {
		t.Fatalf("unknown field named: %d %s", r.Code, r.Body)
	}
	if r := tj.School.SendJSON("PUT", "/api/v1/placements/"+id+"/documents/insurance", map[string]any{"insurer": "x", "policy_no": "y",
		"covers_from": "2026-12-01", "covers_to": "2026-11-01", "payer": "student"}); r.Code != 400 ||
		!strings.Contains(r.Body.String(), "covers_to") || !strings.Contains(r.Body.String(), "第三十五条") {
		t.Fatalf("insurance paid by the student, ending before it starts: %d %s", r.Code, r.Body)
	}
}

func TestBulkAnswersEachItem(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	plan := tj.FiledPlan(t, "post", "")
	today := app.Today()
	good, young := tj.Student(t, nil), tj.Student(t, map[string]any{"id_number": seed.IDNumber("511921", today.AddDays(-15*365), 221, false)})
	r := tj.School.PostJSON("/api/v1/placements/bulk", map[string]any{"plan_id": plan, "items": []map[string]string{
		{"student_id": good, "post_id": tj.Posts[0]}, {"student_id": young, "post_id": tj.Posts[0]}, {"student_id": good, "post_id": tj.Posts[1]}}})
	var res struct {
		Items []struct {
			OK        bool `json:"ok"`
			Placement *struct {
				ID string `json:"id"`
			} `json:"placement"`
			Error *struct {
				Code    string `json:"code"`
				Details []struct {
					Rule string `json:"rule"`
				} `json:"details"`
			} `json:"error"`
		} `json:"items"`
		Succeeded, Failed int
	}
	r.JSON(&res)
	if r.Code != 200 || res.Succeeded != 1 || res.Failed != 2 || !res.Items[0].OK || res.Items[1].Error.Details[0].Rule != "R-AGE16" ||
		res.Items[2].Error.Code != "PLACEMENT_EXISTS" {
		t.Fatalf("bulk propose: %d %s", r.Code, r.Body)
	}
	if r := tj.Ent.PostJSON("/api/v1/placements/bulk-answer", map[string]any{"decision": "decline", "ids": []string{res.Items[0].Placement.ID}}); r.Code != 400 {
		t.Fatalf("declining needs a reason: %d", r.Code)
	}
	r = tj.Ent.PostJSON("/api/v1/placements/bulk-answer", map[string]any{"decision": "confirm", "ids": []string{res.Items[0].Placement.ID, uuid.NewString()}})
	res.Items = nil
	r.JSON(&res)
	if r.Code != 200 || res.Succeeded != 1 || res.Items[1].Error.Code != "NOT_FOUND" {
		t.Fatalf("bulk confirm: %d %s", r.Code, r.Body)
	}
}

func TestPayCorrection(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	id := tj.Placement(t, tj.FiledPlan(t, "post", ""), tj.Student(t, nil), tj.Posts[0], "active")
	base := "/api/v1/placements/" + id + "/pay-records"
	month := app.Today().String()[:7]
	correct := func(amount int64) *apitest.Response {
		return tj.Ent.SendJSON("PUT", base+"/"+month, map[string]any{"amount_fen": amount, "paid_on": app.Today().String(), "method": "bank_transfer"})
	}
	if r := correct(400000); r.Code != 404 {
		t.Fatalf("nothing to correct yet: %d", r.Code)
	}
	if r := tj.Ent.PostJSON(base, map[string]any{"month": month, "amount_fen": 120000, "paid_on": app.Today().String(), "method": "in_kind"}); r.Code != 201 {
		t.Fatalf("record: %d %s", r.Code, r.Body)
	}
	r := correct(400000)
	var rec struct {
		Compliant   bool    `json:"compliant"`
		AmountFen   int64   `json:"amount_fen"`
		CorrectedAt *string `json:"corrected_at"`
	}
	r.JSON(&rec)
	if r.Code != 200 || !rec.Compliant || rec.AmountFen != 400000 || rec.CorrectedAt == nil {
		t.Fatalf("correction: %d %s", r.Code, r.Body)
	}
	var before string
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT after->'before'->>'method' FROM audit_events
		WHERE action = 'placement.pay_correct' AND subject_id = $1`, id).Scan(&before); err != nil || before != "in_kind" {
		t.Fatalf("the audit trail keeps what the record said before: %q %v", before, err)
	}
	if r := tj.School.SendJSON("PUT", base+"/"+month, map[string]any{"amount_fen": 1, "paid_on": app.Today().String(), "method": "cash"}); r.Code != 403 {
		t.Fatalf("only the enterprise corrects pay: %d", r.Code)
	}
}
