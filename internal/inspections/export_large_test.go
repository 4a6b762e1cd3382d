//go:build !race

// The race detector multiplies memory use several times over, so the peak
// measured under it says nothing about production; `make test` runs this
// file in its own step without -race.

package inspections_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"huhang/internal/inspections"
	"huhang/internal/testapp"
)

// countingWriter discards what it is given and counts it.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// peakHeap samples the heap in use while fn runs and returns the highest.
func peakHeap(fn func()) (peak uint64) {
	runtime.GC()
	var (
		stop atomic.Bool
		wg   sync.WaitGroup
	)
	wg.Go(func() {
		var ms runtime.MemStats
		for !stop.Load() {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse+ms.StackInuse)
			time.Sleep(2 * time.Millisecond)
		}
	})
	fn()
	stop.Store(true)
	wg.Wait()
	return peak
}

const exportMemoryTarget = 150 << 20

// TestExportHundredThousandFindings exports a campaign of 100,000 findings
// in both formats and prints the time and the peak heap of each; the peak
// must stay under 150 MB (issue 13) whatever the row count.
func TestExportHundredThousandFindings(t *testing.T) {
	app := testapp.New(t)
	county := app.Login("county1")
	c := newCampaign(t, app, county, true)
	ctx := context.Background()
	const n = 100_000
	// Written straight into the table: the point is the export, and the
	// ledger rows the service would add are not read by it.
	_, err := app.DB.Pool.Exec(ctx, `INSERT INTO findings (id, campaign_id, seq, target_kind, target_id, target_name, school_id,
		division_code, article, description, severity, discovered_by, discovered_on, status, order_no, responsible_org_id,
		responsible_person, measure, deadline, created_at, updated_at)
		SELECT gen_random_uuid(), $1, g, 'school', $2, '通江县职业高级中学', $2, '511921', '16(2)',
			'第 ' || g || ' 号问题：实习学生未签订三方协议，未购买实习责任保险，巡查记录缺失，需要逐项整改并提交佐证材料',
			(ARRAY['minor', 'serious', 'critical'])[1 + g % 3], $3, current_date, 'open', 'ZGT-' || g, $2, '陈晓燕',
			'补签协议、补办保险、补齐巡查记录', current_date + 30, now(), now()
		FROM generate_series(1, $4::int) g`, uuid.MustParse(c.ID), app.OrgID(tongjiangSchool), app.UserID("county1"), n)
	if err != nil {
		t.Fatal(err)
	}
	actor, err := app.Services.Orgs.CredentialsByUsername(ctx, "county1")
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []inspections.Format{inspections.FormatXLSX, inspections.FormatCSV} {
		e, err := app.Services.Inspections.ExportLedger(ctx, actor.Actor, uuid.MustParse(c.ID), format)
		if err != nil {
			t.Fatal(err)
		}
		var out countingWriter
		start := time.Now()
		var writeErr error
		peak := peakHeap(func() { writeErr = e.Write(ctx, &out) })
		took := time.Since(start)
		if writeErr != nil {
			t.Fatal(writeErr)
		}
		t.Logf("export %s of %d findings: %.1f s, %.1f MB written, peak heap %.1f MB (target < 150 MB)",
			format, n, took.Seconds(), float64(out.n)/(1<<20), float64(peak)/(1<<20))
		if peak >= exportMemoryTarget {
			t.Errorf("export %s peaked at %.1f MB of heap, over the 150 MB target", format, float64(peak)/(1<<20))
		}
	}
	// And what was written is the whole ledger: every row, in order.
	e, _ := app.Services.Inspections.ExportLedger(ctx, actor.Actor, uuid.MustParse(c.ID), inspections.FormatCSV)
	var buf bytes.Buffer
	if err := e.Write(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(buf.Bytes()[3:]))
	rows := 0
	var last []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows, last = rows+1, rec
	}
	if rows != n+3 || last[0] != "100000" {
		t.Fatalf("csv has %d lines, last %q", rows, last)
	}
	e, _ = app.Services.Inspections.ExportLedger(ctx, actor.Actor, uuid.MustParse(c.ID), inspections.FormatXLSX)
	buf.Reset()
	if err := e.Write(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	it, err := f.Rows("台账")
	if err != nil {
		t.Fatal(err)
	}
	rows = 0
	for it.Next() {
		rows++
		if rows == n+3 {
			if cols, _ := it.Columns(); cols[0] != "100000" {
				t.Fatalf("last xlsx row %q", cols)
			}
		}
	}
	if rows != n+3 {
		t.Fatalf("xlsx has %d rows, want %d", rows, n+3)
	}
}
