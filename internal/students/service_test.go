package students_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"huhang/internal/platform/clock"
	"huhang/internal/seed"
	"huhang/internal/testapp"
)

type studentResp struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	IDNumber     string  `json:"id_number"`
	IDNumberFull bool    `json:"id_number_full"`
	Gender       string  `json:"gender"`
	BirthDate    *string `json:"birth_date"`
	HasAccount   bool    `json:"has_account"`
}

func TestCreateDerivesAndSealsTheIDNumber(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	school := app.Login("school1")
	birth := clock.Date{Year: 2008, Month: time.March, Day: 15}
	id := seed.IDNumber("511921", birth, 222, true)
	body := app.StudentBody(map[string]any{"id_number": strings.ToLower(id)})
	r := school.PostJSON("/api/v1/students", body)
	if r.Code != 201 {
		t.Fatalf("create: %d %s", r.Code, r.Body)
	}
	var st studentResp
	r.JSON(&st)
	if st.Gender != "female" || st.BirthDate != nil || st.IDNumber != id[:4]+"**********"+id[14:] || st.IDNumberFull {
		t.Fatalf("derived gender, and no birth date beside a masked number: %+v", st)
	}

	// No column of the table holds the number or its birth-date part.
	rows, err := app.DB.Pool.Query(context.Background(), `SELECT t::text FROM students t`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var row string
		if err := rows.Scan(&row); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(row, id) || strings.Contains(row, id[6:14]+id[14:17]) || strings.Contains(strings.ToUpper(row), id[:17]) {
			t.Fatalf("plaintext ID number in the students table: %s", row)
		}
	}

	// The bureau sees it masked; the school's full view is audited.
	var county studentResp
	app.Login("county1").Get("/api/v1/students/" + st.ID).JSON(&county)
	if county.IDNumber != id[:4]+"**********"+id[14:] || county.IDNumberFull {
		t.Fatalf("bureau view must be masked: %+v", county)
	}
	var views int
	if err := app.DB.Pool.QueryRow(context.Background(),
		`SELECT count(*) FROM audit_events WHERE action = 'student.view_id_number' AND subject_id = $1`, st.ID).Scan(&views); err != nil || views != 0 {
		t.Fatalf("the creation answer is not a view: %d (%v)", views, err)
	}
	var full studentResp
	school.Get("/api/v1/students/" + st.ID).JSON(&full)
	if full.IDNumber != id || !full.IDNumberFull || full.BirthDate == nil || *full.BirthDate != "2008-03-15" {
		t.Fatalf("the school sees the full number on request: %+v", full)
	}
	if err := app.DB.Pool.QueryRow(context.Background(),
		`SELECT count(*) FROM audit_events WHERE action = 'student.view_id_number' AND subject_id = $1`, st.ID).Scan(&views); err != nil || views != 1 {
		t.Fatalf("a full view must be audited once: %d (%v)", views, err)
	}
	var list struct {
		Items []studentResp `json:"items"`
	}
	school.PostJSON("/api/v1/students/search", map[string]string{"id_number": id}).JSON(&list)
	if len(list.Items) != 1 || list.Items[0].ID != st.ID || list.Items[0].IDNumberFull {
		t.Fatalf("exact lookup by ID number through the keyed hash, masked in lists: %+v", list)
	}
	if r := app.Login("school2").Get("/api/v1/students/" + st.ID); r.Code != 404 {
		t.Fatalf("another school must not see the student: %d", r.Code)
	}

	// Duplicates name their field.
	r = school.PostJSON("/api/v1/students", app.StudentBody(map[string]any{"id_number": id}))
	if r.Code != 409 || r.ErrorCode() != "ID_NUMBER_EXISTS" {
		t.Fatalf("same ID number twice: %d %s", r.Code, r.Body)
	}
	r = school.PostJSON("/api/v1/students", app.StudentBody(map[string]any{"student_no": body["student_no"]}))
	if r.Code != 409 || r.ErrorCode() != "STUDENT_NO_EXISTS" {
		t.Fatalf("same student number twice: %d %s", r.Code, r.Body)
	}
}

func TestBadStudentNamesEveryField(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	today := app.Today()
	minor := seed.IDNumber("511921", today.AddDays(-16*365), 301, false)
	r := app.Login("school1").PostJSON("/api/v1/students", app.StudentBody(map[string]any{
		"id_number": minor, "guardian_name": "", "guardian_phone": "", "phone": "12345", "enrolled_on": "2026-02-31", "name": "",
	}))
	for _, field := range []string{"guardian_name", "guardian_phone", "phone", "enrolled_on", "name"} {
		if r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"`+field+`"`) {
			t.Fatalf("%s must be named: %d %s", field, r.Code, r.Body)
		}
	}
	for _, bad := range []struct{ id, why string }{
		{"511921200802310016", "31 February"},
		{seed.IDNumber("511921", today.AddDays(400), 100, false), "born next year"},
		{minor[:17] + map[bool]string{true: "1", false: "2"}[minor[17] == '2'], "wrong checksum"},
	} {
		r := app.Login("school1").PostJSON("/api/v1/students", app.StudentBody(map[string]any{"id_number": bad.id}))
		if r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"id_number"`) {
			t.Fatalf("%s: %d %s", bad.why, r.Code, r.Body)
		}
	}
}

func TestStudentAccount(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	school := app.Login("school1")
	var st studentResp
	school.PostJSON("/api/v1/students", app.StudentBody(nil)).JSON(&st)
	path := "/api/v1/students/" + st.ID + "/account"
	if r := school.PostJSON(path, map[string]any{"username": "stu-a", "password": "Short1"}); r.Code != 400 {
		t.Fatalf("weak password: %d", r.Code)
	}
	if r := school.PostJSON(path, map[string]any{"username": "stu-a", "password": "Yangguang-2026"}); r.Code != 201 {
		t.Fatalf("account: %d %s", r.Code, r.Body)
	}
	if r := school.PostJSON(path, map[string]any{"username": "stu-b", "password": "Yangguang-2026"}); r.Code != 409 {
		t.Fatalf("second account: %d", r.Code)
	}
	var own studentResp
	app.LoginWith("stu-a", "Yangguang-2026").Get("/api/v1/students/" + st.ID).JSON(&own)
	if own.ID != st.ID || own.IDNumberFull {
		t.Fatalf("the student sees their own record, masked: %+v", own)
	}
}

// rosterCSV builds a roster file; rows are student no, name, ID, enrolled.
func rosterCSV(rows [][4]string) []byte {
	var b strings.Builder
	b.WriteString("学号,姓名,身份证号,专业,专业大类,入学日期,班级,手机号,监护人姓名,监护人手机号\r\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%s,%s,%s,数控技术,装备制造大类,%s,数控1班,13800000000,家长,13900000000\r\n", r[0], r[1], r[2], r[3])
	}
	return []byte(b.String())
}

func countStudents(t *testing.T, app *testapp.App) int {
	var n int
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM students`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportIsAllOrNothing(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	school := app.Login("school1")
	today := app.Today()
	enrolled := fmt.Sprintf("%d-09-01", today.Year-2)
	id := func(seq int) string { return seed.IDNumber("511921", today.AddDays(-18*365-seq), 100+seq, seq%2 == 0) }
	var existing studentResp
	school.PostJSON("/api/v1/students", app.StudentBody(map[string]any{"student_no": "S900", "id_number": id(90)})).JSON(&existing)
	before := countStudents(t, app)

	bad := rosterCSV([][4]string{
		{"S001", "甲", id(1), enrolled},
		{"S002", "乙", id(2)[:17] + map[bool]string{true: "1", false: "2"}[id(2)[17] == '2'], enrolled}, // wrong checksum
		{"S003", "丙", "511921200802310016", enrolled},                                                  // 31 February
		{"S004", "丁", seed.IDNumber("511921", today.AddDays(300), 101, false), enrolled},               // born next year
		{"S001", "戊", id(5), enrolled},                                                                 // number repeated in the file
		{"S900", "己", id(6), enrolled},                                                                 // number of another student
		{"S007", "庚", id(90), "2024/13/01"},                                                            // ID of S900, bad date
	})
	r := school.Upload("/api/v1/students/import", "file", "roster.csv", bad)
	if r.Code != 400 {
		t.Fatalf("bad roster: %d %s", r.Code, r.Body)
	}
	var body struct {
		Error struct {
			Details []struct {
				Row    int    `json:"row"`
				Column string `json:"column"`
				Field  string `json:"field"`
			} `json:"details"`
		} `json:"error"`
	}
	r.JSON(&body)
	got := map[string]bool{}
	for _, d := range body.Error.Details {
		got[fmt.Sprintf("%d %s", d.Row, d.Column)] = true
	}
	for _, want := range []string{"3 身份证号", "4 身份证号", "5 身份证号", "6 学号", "7 学号", "8 身份证号", "8 入学日期"} {
		if !got[want] {
			t.Errorf("row/column %s not reported: %+v", want, body.Error.Details)
		}
	}
	if len(body.Error.Details) != 7 {
		t.Errorf("exactly the bad cells are reported: %+v", body.Error.Details)
	}
	if countStudents(t, app) != before {
		t.Fatal("a refused import wrote students")
	}

	// A good file saved by Excel in GBK: two new, one update of S900.
	good := rosterCSV([][4]string{{"S001", "甲", id(1), enrolled}, {"S002", "乙", id(2), "2024/9/1"}, {"S900", "改名", id(90), enrolled}})
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(good)
	if err != nil {
		t.Fatal(err)
	}
	r = school.Upload("/api/v1/students/import", "file", "名单.csv", gbk)
	var res struct{ Created, Updated int }
	r.JSON(&res)
	if r.Code != 200 || res.Created != 2 || res.Updated != 1 {
		t.Fatalf("good GBK roster: %d %s", r.Code, r.Body)
	}
	var renamed studentResp
	school.Get("/api/v1/students/" + existing.ID).JSON(&renamed)
	if renamed.Name != "改名" {
		t.Fatalf("S900 must be updated in place: %+v", renamed)
	}

	for name, data := range map[string][]byte{
		"not a spreadsheet": []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		"zip, not xlsx":     zipOf(t, "hello.txt", []byte("hi")),
	} {
		if r := school.Upload("/api/v1/students/import", "file", "roster.xlsx", data); r.Code != 400 {
			t.Errorf("%s: %d %s", name, r.Code, r.Body)
		}
	}
	huge := bytes.Repeat([]byte("a"), 50<<20)
	if r := school.Upload("/api/v1/students/import", "file", "big.csv", huge); r.Code != 413 {
		t.Errorf("50 MB upload: %d", r.Code)
	}
	if countStudents(t, app) != before+2 {
		t.Fatal("refused uploads must write nothing")
	}
}

// TestImportTenThousandRows imports a 10,000-row .xlsx in one request and
// reports the peak heap while it runs.
func TestImportTenThousandRows(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	today := app.Today()
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	header := []any{"学号", "姓名", "身份证号", "专业", "专业大类", "入学日期", "班级", "手机号", "监护人姓名", "监护人手机号"}
	if err := sw.SetRow("A1", header); err != nil {
		t.Fatal(err)
	}
	const n = 10000
	for i := range n {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		birth := today.AddDays(-17*365 - i/1000)
		row := []any{fmt.Sprintf("B%06d", i), fmt.Sprintf("学生%d", i), seed.IDNumber("511921", birth, i%1000, i%2 == 0),
			"数控技术", "装备制造大类", fmt.Sprintf("%d-09-01", today.Year-2), fmt.Sprintf("数控%d班", i%40), "13800000000", "家长", "13900000000"}
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}

	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	wg.Go(func() {
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	})
	started := time.Now()
	r := app.Login("school1").Upload("/api/v1/students/import", "file", "roster.xlsx", buf.Bytes())
	elapsed := time.Since(started)
	close(stop)
	wg.Wait()
	var res struct{ Created, Updated int }
	r.JSON(&res)
	if r.Code != 200 || res.Created != n {
		t.Fatalf("10,000 rows: %d %.300s", r.Code, r.Body)
	}
	t.Logf("imported %d rows (%.1f MiB .xlsx) in %s; peak heap in use %.1f MiB (%.1f MiB before; the whole test process, other parallel tests included)",
		n, float64(buf.Len())/(1<<20), elapsed.Round(time.Millisecond), float64(peak.Load())/(1<<20), float64(base.HeapInuse)/(1<<20))
	// A generous bound that still catches loading the file many times over.
	if peak.Load() > 1<<30 {
		t.Fatalf("peak heap %d MiB exceeds 1 GiB", peak.Load()>>20)
	}
	if countStudents(t, app) < n {
		t.Fatal("rows missing")
	}
}
