package students

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	textunicode "golang.org/x/text/encoding/unicode"

	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
)

const rosterTestHeader = "学号,姓名,身份证号,专业,专业大类,入学日期,班级,手机号,监护人姓名,监护人手机号"

var rosterTestZhang = RosterRow{
	StudentNo: "20240001", Name: "张三", IDNumber: "51192120080101123X", Major: "数控技术应用",
	MajorCategory: "装备制造大类", EnrolledOn: "2024-09-01", ClassName: "2024级数控1班",
	Phone: "13800138000", GuardianName: "张建国", GuardianPhone: "13900139000",
}

// rosterTestFileError checks that err is the whole-file Invalid error and that
// its messages, taken together, mention every one of want.
func rosterTestFileError(t *testing.T, err error, want ...string) []apperr.FieldError {
	t.Helper()
	e := apperr.As(err)
	if e == nil || e.Kind != apperr.KindInvalid {
		t.Fatalf("want an Invalid *apperr.Error, got %#v", err)
	}
	fields, ok := e.Details.([]apperr.FieldError)
	if !ok || len(fields) == 0 {
		t.Fatalf("want field errors, got %#v", e.Details)
	}
	all := e.Message
	for _, f := range fields {
		if f.Field != "file" {
			t.Errorf("field = %q, want file", f.Field)
		}
		all += "\n" + f.Message
	}
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("error %q does not mention %q", all, w)
		}
	}
	return fields
}

func rosterTestRead(t *testing.T, data []byte) []RosterRow {
	t.Helper()
	rows, err := ReadRoster(data)
	if err != nil {
		t.Fatalf("ReadRoster: %v", err)
	}
	return rosterTestNoLines(rows)
}

var rosterTestLines []int

// rosterTestNoLines strips Line so rows compare with literals; the lines are
// kept in rosterTestLines for the test to check on their own.
func rosterTestNoLines(rows []RosterRow) []RosterRow {
	rosterTestLines = rosterTestLines[:0]
	out := make([]RosterRow, len(rows))
	for i, r := range rows {
		rosterTestLines = append(rosterTestLines, r.Line)
		r.Line = 0
		out[i] = r
	}
	return out
}

func rosterTestCSV() string {
	return rosterTestHeader + "\r\n" +
		"20240001,张三,51192120080101123X,数控技术应用,装备制造大类,2024-09-01,2024级数控1班,13800138000,张建国,13900139000\r\n" +
		"\r\n" +
		" 20240002 ,\u3000李四\u00a0,\t511921200802021234,\"数控技术应用\",装备制造大类,2024/9/1,2024级数控1班,,,\r\n" +
		",,,,,,,,,\r\n" +
		"20240003,\"王\n五\",511921200803031234,\"数控,技术\",装备制造大类,20240901,2024级数控1班,,,\r\n" +
		"20240004,赵六,511921200804041234,机电,装备制造大类,2024年9月1日,2024级机电1班\r\n"
}

func TestReadRosterCSVUTF8(t *testing.T) {
	want := []RosterRow{
		rosterTestZhang,
		{StudentNo: "20240002", Name: "李四", IDNumber: "511921200802021234", Major: "数控技术应用",
			MajorCategory: "装备制造大类", EnrolledOn: "2024/9/1", ClassName: "2024级数控1班"},
		{StudentNo: "20240003", Name: "王\n五", IDNumber: "511921200803031234", Major: "数控,技术",
			MajorCategory: "装备制造大类", EnrolledOn: "20240901", ClassName: "2024级数控1班"},
		{StudentNo: "20240004", Name: "赵六", IDNumber: "511921200804041234", Major: "机电",
			MajorCategory: "装备制造大类", EnrolledOn: "2024年9月1日", ClassName: "2024级机电1班"},
	}
	// Excel counts the blank line as row 3 and the quoted line break as
	// part of row 6.
	wantLines := []int{2, 4, 6, 7}
	for name, data := range map[string][]byte{
		"no BOM": []byte(rosterTestCSV()),
		"BOM":    append([]byte{0xEF, 0xBB, 0xBF}, rosterTestCSV()...),
		"LF":     []byte(strings.ReplaceAll(rosterTestCSV(), "\r\n", "\n")),
	} {
		t.Run(name, func(t *testing.T) {
			got := rosterTestRead(t, data)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("rows:\n got %+v\nwant %+v", got, want)
			}
			if !reflect.DeepEqual(rosterTestLines, wantLines) {
				t.Errorf("lines = %v, want %v", rosterTestLines, wantLines)
			}
		})
	}
}

func TestReadRosterCSVGBK(t *testing.T) {
	// GBK has no NBSP; the full-width space is kept.
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(strings.ReplaceAll(rosterTestCSV(), "\u00a0", " "))
	if err != nil {
		t.Fatal(err)
	}
	got := rosterTestRead(t, []byte(gbk))
	if len(got) != 4 || got[0] != rosterTestZhang || got[3].Name != "赵六" {
		t.Fatalf("GBK rows = %+v", got)
	}
}

func TestReadRosterUTF16Tab(t *testing.T) {
	text := strings.ReplaceAll(rosterTestHeader, ",", "\t") + "\r\n" +
		"20240001\t张三\t51192120080101123X\t数控技术应用\t装备制造大类\t2024-09-01\t2024级数控1班\t13800138000\t张建国\t13900139000\r\n"
	for _, order := range []textunicode.Endianness{textunicode.LittleEndian, textunicode.BigEndian} {
		data, err := textunicode.UTF16(order, textunicode.UseBOM).NewEncoder().Bytes([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		if order == textunicode.LittleEndian && !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) {
			t.Fatalf("encoder wrote no BOM: % x", data[:4])
		}
		got := rosterTestRead(t, data)
		if len(got) != 1 || got[0] != rosterTestZhang {
			t.Fatalf("rows = %+v", got)
		}
	}
}

func TestReadRosterCSVSeparators(t *testing.T) {
	line := "20240001,张三,51192120080101123X,数控技术应用,装备制造大类,2024-09-01,2024级数控1班,13800138000,张建国,13900139000"
	for name, sep := range map[string]string{"semicolon": ";", "tab": "\t"} {
		t.Run(name, func(t *testing.T) {
			data := strings.ReplaceAll(rosterTestHeader+"\n"+line+"\n", ",", sep)
			got := rosterTestRead(t, []byte(data))
			if len(got) != 1 || got[0] != rosterTestZhang {
				t.Fatalf("rows = %+v", got)
			}
		})
	}
}

func TestReadRosterHeaderMatching(t *testing.T) {
	// Aliases, full-width letters and spaces, required-marks, unknown
	// columns in between, and a title row above the header.
	data := "2024级学生名单,,,,,,,,,\n" +
		"序号,＊学号,姓　名,身份证号码,专业名称,专业大类（必填）,入学日期,班级名称,联系电话,家长姓名,备注,家长手机号\n" +
		"1,20240001,张三,51192120080101123X,数控技术应用,装备制造大类,2024-09-01,2024级数控1班,13800138000,张建国,走读,13900139000\n" +
		"2,,,,,,,,,,,\n" +
		"3,,,,,,,,,,有备注无学生,\n"
	got := rosterTestRead(t, []byte(data))
	if len(got) != 1 || got[0] != rosterTestZhang {
		t.Fatalf("rows = %+v", got)
	}
	if rosterTestLines[0] != 3 {
		t.Errorf("line = %d, want 3", rosterTestLines[0])
	}
}

func TestReadRosterJSONFieldHeaders(t *testing.T) {
	data := "student_no,name,id_number,major,major_category,enrolled_on,class_name\n" +
		"20240001,张三,51192120080101123X,数控技术应用,装备制造大类,2024-09-01,2024级数控1班\n"
	got := rosterTestRead(t, []byte(data))
	if len(got) != 1 || got[0].IDNumber != "51192120080101123X" || got[0].Phone != "" {
		t.Fatalf("rows = %+v", got)
	}
}

// rosterTestWorkbook writes an xlsx through excelize, the way a school's
// Excel would store typed values, numbers and dates.
func rosterTestWorkbook(t testing.TB, build func(f *excelize.File, sheet string) error) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := build(f, "Sheet1"); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadRosterXLSX(t *testing.T) {
	sept1 := time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC)
	data := rosterTestWorkbook(t, func(f *excelize.File, s string) error {
		short, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // the locale's short date
		if err != nil {
			return err
		}
		mdy := "m/d/yy"
		usDate, err := f.NewStyle(&excelize.Style{CustomNumFmt: &mdy})
		if err != nil {
			return err
		}
		cn := `yyyy"年"m"月"d"日"`
		cnDate, err := f.NewStyle(&excelize.Style{CustomNumFmt: &cn})
		if err != nil {
			return err
		}
		ym := `yyyy"年"m"月"`
		monthOnly, err := f.NewStyle(&excelize.Style{CustomNumFmt: &ym})
		if err != nil {
			return err
		}
		rows := map[int][]any{
			2: {"  ", nil, "\u3000"}, // looks empty in Excel
			3: {"序号", "学号", "姓名", "身份证号码", "专业名称", "专业大类", "入学日期", "班级名称", "联系电话", "家长姓名", "备注", "家长手机号"},
			4: {1, "20240001", "张三", "51192120080101123X", "数控技术应用", "装备制造大类", sept1, "2024级数控1班", 13800138000, "张建国", "", "13900139000"},
			5: {2},
			7: {3, 20240002, " 李四 ", nil, "数控技术应用", "装备制造大类", sept1, "2024级数控1班"},
			8: {4, "20240003", "王五", "511921200803031234", "数控技术应用", "装备制造大类", sept1, "2024级数控1班"},
			9: {5, "20240004", "赵六", "511921200804041234", "数控技术应用", "装备制造大类", "2024/9/1", "2024级数控1班"},
			// A date shown only as year and month still carries its day.
			12: {6, "20240005", "孙七", "511921200805051234", "数控技术应用", "装备制造大类", sept1, "2024级数控1班"},
		}
		for r, vals := range rows {
			if err := f.SetSheetRow(s, fmt.Sprintf("A%d", r), &vals); err != nil {
				return err
			}
		}
		// Excel keeps 17 significant digits of an ID typed as a number.
		if err := f.SetCellDefault(s, "D7", "5.1192120080101101E+17"); err != nil {
			return err
		}
		for cell, style := range map[string]int{"G4": short, "G7": usDate, "G8": cnDate, "G12": monthOnly} {
			if err := f.SetCellStyle(s, cell, cell, style); err != nil {
				return err
			}
		}
		// A second sheet must not be read.
		if _, err := f.NewSheet("其他"); err != nil {
			return err
		}
		return f.SetSheetRow("其他", "A1", &[]any{"学号", "姓名"})
	})
	rows, err := ReadRoster(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 {
		t.Fatalf("got %d rows: %+v", len(rows), rows)
	}
	want0 := rosterTestZhang
	want0.Line = 4
	if rows[0] != want0 {
		t.Errorf("row 0:\n got %+v\nwant %+v", rows[0], want0)
	}
	wantLines := []int{4, 7, 8, 9, 12}
	for i, r := range rows {
		if r.Line != wantLines[i] {
			t.Errorf("row %d line = %d, want %d", i, r.Line, wantLines[i])
		}
		d, ok := ParseRosterDate(r.EnrolledOn)
		if !ok || d != (clock.Date{Year: 2024, Month: time.September, Day: 1}) {
			t.Errorf("line %d: enrolled_on %q parses to %v, %v", r.Line, r.EnrolledOn, d, ok)
		}
	}
	li := rows[1]
	if li.StudentNo != "20240002" || li.Name != "李四" {
		t.Errorf("numeric student number or padded name: %+v", li)
	}
	if !LooksLikeScientific(li.IDNumber) {
		t.Errorf("ID typed as a number arrived as %q, want scientific notation", li.IDNumber)
	}
	if rows[2].EnrolledOn != "2024年9月1日" || rows[3].EnrolledOn != "2024/9/1" {
		t.Errorf("formatted dates: %q, %q", rows[2].EnrolledOn, rows[3].EnrolledOn)
	}
}

func TestReadRosterXLSXDate1904(t *testing.T) {
	data := rosterTestWorkbook(t, func(f *excelize.File, s string) error {
		on := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &on}); err != nil {
			return err
		}
		mdy := "m/d/yy"
		usDate, err := f.NewStyle(&excelize.Style{CustomNumFmt: &mdy})
		if err != nil {
			return err
		}
		if err := f.SetSheetRow(s, "A1", &[]any{"学号", "姓名", "身份证号", "专业", "专业大类", "入学日期", "班级"}); err != nil {
			return err
		}
		// 44074 days after 1904-01-01 is 2024-09-01.
		if err := f.SetSheetRow(s, "A2", &[]any{"1", "张三", "51192120080101123X", "数控", "装备制造大类", 44074, "1班"}); err != nil {
			return err
		}
		return f.SetCellStyle(s, "F2", "F2", usDate)
	})
	rows, err := ReadRoster(data)
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := ParseRosterDate(rows[0].EnrolledOn); !ok || d.String() != "2024-09-01" {
		t.Fatalf("enrolled_on %q → %v %v", rows[0].EnrolledOn, d, ok)
	}
}

func TestReadRosterBadFiles(t *testing.T) {
	notXLSX := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("word/document.xml")
		io.WriteString(w, "<w:document/>")
		zw.Close()
		return buf.Bytes()
	}()
	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	cases := map[string]struct {
		data []byte
		want []string
	}{
		"xls":            {append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), []string{".xls", ".xlsx", ".csv"}},
		"random":         {random, []string{".xlsx", ".csv"}},
		"png":            {append([]byte("\x89PNG\r\n\x1a\n"), random[:200]...), []string{"无法识别"}},
		"zip not xlsx":   {notXLSX, []string{"不是有效的 Excel"}},
		"truncated xlsx": {rosterTestTemplate(t)[:300], []string{"不是有效的 Excel"}},
		"empty":          {nil, []string{"为空"}},
		"spaces":         {[]byte(" \r\n\t\n"), []string{"为空"}},
		"BOM only":       {[]byte{0xEF, 0xBB, 0xBF}, []string{"为空"}},
		"blank lines":    {[]byte("\ufeff,,,\r\n\r\n,,\r\n"), []string{"为空"}},
		"header only":    {[]byte(rosterTestHeader + "\r\n,,,,,,,,,\r\n"), []string{"没有学生数据", "模板"}},
		"bad quotes":     {[]byte(rosterTestHeader + "\n1,\"张三\"x\"\n2,\"李四"), nil},
		"too big":        {make([]byte, 10<<20+1), []string{"10 MB"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			rows, err := ReadRoster(tc.data)
			if name == "bad quotes" {
				// LazyQuotes keeps such a file readable; what matters is no panic
				// and either rows or a file error.
				if err != nil {
					rosterTestFileError(t, err)
				} else if len(rows) == 0 {
					t.Fatal("no rows and no error")
				}
				return
			}
			if rows != nil {
				t.Errorf("rows = %+v", rows)
			}
			rosterTestFileError(t, err, tc.want...)
		})
	}
}

func TestReadRosterMissingHeaders(t *testing.T) {
	_, err := ReadRoster([]byte("姓名,手机号,备注\n张三,13800138000,\n"))
	fields := rosterTestFileError(t, err, "学号", "身份证号", "专业", "专业大类", "入学日期", "班级")
	if len(fields) != 6 {
		t.Errorf("want one error per missing header, got %+v", fields)
	}

	_, err = ReadRoster([]byte("foo,bar\n1,2\n"))
	fields = rosterTestFileError(t, err, "表头", "学号", "姓名", "班级")
	if len(fields) != 7 {
		t.Errorf("want all seven required headers named, got %+v", fields)
	}
}

func TestReadRosterDuplicateHeaders(t *testing.T) {
	data := rosterTestHeader + ",联系电话,学号\n" +
		"20240001,张三,51192120080101123X,数控技术应用,装备制造大类,2024-09-01,2024级数控1班,13800138000,张建国,13900139000,1,2\n"
	fields := rosterTestFileError(t, func() error { _, err := ReadRoster([]byte(data)); return err }(), "手机号", "联系电话", "学号")
	if len(fields) != 2 {
		t.Errorf("want two duplicate errors, got %+v", fields)
	}
}

func TestReadRosterRowLimit(t *testing.T) {
	build := func(n int) []byte {
		var b bytes.Buffer
		b.WriteString(rosterTestHeader + "\n")
		for i := range n {
			fmt.Fprintf(&b, "%d,学生%d,51192120080101123X,数控,装备制造大类,2024-09-01,1班\n", 20240000+i, i)
		}
		return b.Bytes()
	}
	rows, err := ReadRoster(build(MaxRosterRows))
	if err != nil || len(rows) != MaxRosterRows {
		t.Fatalf("%d rows: got %d rows, %v", MaxRosterRows, len(rows), err)
	}
	if last := rows[len(rows)-1].Line; last != MaxRosterRows+1 {
		t.Errorf("last line = %d", last)
	}
	_, err = ReadRoster(build(MaxRosterRows + 1))
	rosterTestFileError(t, err, "20000")
}

// rosterTestSheetZip writes a minimal xlsx by hand, so that the one sheet can
// be far larger than any spreadsheet program would produce.
func rosterTestSheetZip(t testing.TB, sheet func(w io.Writer)) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	small := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
	}
	for name, body := range small {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	sheet(w)
	io.WriteString(w, `</worksheet>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rosterTestRepeat writes about size bytes of s over and over.
func rosterTestRepeat(w io.Writer, s string, size int) {
	chunk := []byte(strings.Repeat(s, (1<<16)/len(s)+1))
	for n := 0; n < size; n += len(chunk) {
		w.Write(chunk)
	}
}

func TestReadRosterZipBomb(t *testing.T) {
	data := rosterTestSheetZip(t, func(w io.Writer) {
		io.WriteString(w, "<sheetData>")
		rosterTestRepeat(w, "<row/>", 80<<20)
		io.WriteString(w, "</sheetData>")
	})
	if len(data) > 1<<20 {
		t.Fatalf("bomb is %d bytes compressed", len(data))
	}
	// Refusing must not involve inflating anything.
	start := time.Now()
	_, err := ReadRoster(data)
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("took %v", d)
	}
	rosterTestFileError(t, err, "解压后超过 64 MB")
}

func TestReadRosterRowFlood(t *testing.T) {
	// Below the unzip limit, but more rows than any Excel sheet can have.
	_, err := ReadRoster(rosterTestSheetZip(t, func(w io.Writer) {
		io.WriteString(w, "<sheetData>")
		rosterTestRepeat(w, "<row/>", 8<<20)
		io.WriteString(w, "</sheetData>")
	}))
	rosterTestFileError(t, err, "不是有效的 Excel")
}

func TestReadRosterLargeSheetTempFile(t *testing.T) {
	// A sheet past the in-memory limit is spilled by excelize to a temporary
	// file, which must be gone once the roster has been read.
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	data := rosterTestSheetZip(t, func(w io.Writer) {
		io.WriteString(w, `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>学号</t></is></c><c r="B1" t="inlineStr"><is><t>姓名</t></is></c>`+
			`<c r="C1" t="inlineStr"><is><t>身份证号</t></is></c><c r="D1" t="inlineStr"><is><t>专业</t></is></c><c r="E1" t="inlineStr"><is><t>专业大类</t></is></c>`+
			`<c r="F1" t="inlineStr"><is><t>入学日期</t></is></c><c r="G1" t="inlineStr"><is><t>班级</t></is></c></row>`+
			`<row r="2"><c r="A2"><v>20240001</v></c><c r="B2" t="inlineStr"><is><t>张三</t></is></c><c r="C2" t="inlineStr"><is><t>51192120080101123X</t></is></c>`+
			`<c r="D2" t="inlineStr"><is><t>数控</t></is></c><c r="E2" t="inlineStr"><is><t>装备制造大类</t></is></c><c r="F2"><v>45536</v></c>`+
			`<c r="G2" t="inlineStr"><is><t>1班</t></is></c></row></sheetData><!--`)
		rosterTestRepeat(w, "padding ", 17<<20)
		io.WriteString(w, "-->")
	})
	rows, err := ReadRoster(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].StudentNo != "20240001" || rows[0].EnrolledOn != "45536" || rows[0].Line != 2 {
		t.Fatalf("rows = %+v", rows)
	}
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestParseRosterDate(t *testing.T) {
	sept1 := clock.Date{Year: 2024, Month: time.September, Day: 1}
	for in, want := range map[string]clock.Date{
		"2024-09-01":   sept1,
		"2024-9-1":     sept1,
		"2024/9/1":     sept1,
		"2024/09/01":   sept1,
		"2024.9.1":     sept1,
		"2024年9月1日":    sept1,
		"2024年09月01日":  sept1,
		"2024年9月1":     sept1,
		"20240901":     sept1,
		" 2024-09-01 ": sept1,
		"２０２４－０９－０１":   sept1,
		"45536":        sept1,
		"1":            {Year: 1900, Month: time.January, Day: 1},
		"59":           {Year: 1900, Month: time.February, Day: 28},
		"61":           {Year: 1900, Month: time.March, Day: 1},
		"2958465":      {Year: 9999, Month: time.December, Day: 31},
		"2024-02-29":   {Year: 2024, Month: time.February, Day: 29},
	} {
		got, ok := ParseRosterDate(in)
		if !ok || got != want {
			t.Errorf("ParseRosterDate(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{
		"", "0", "60", "2958466", "-1", "45536.5", "9/1/24", "24-9-1", "1/9/2024", "01-09-2024",
		"2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-9-0", "2024-09", "2024-09-01-01",
		"2024/09-01", "2024年9月", "9月1日", "2024年9-1日", "20240931", "202409011", "2024-009-01",
		"0999-01-01", "2024-09-01 08:00", "二〇二四年九月一日", "abc", "2024−09−01x",
	} {
		if got, ok := ParseRosterDate(in); ok {
			t.Errorf("ParseRosterDate(%q) = %v, want rejection", in, got)
		}
	}
}

func TestRosterLooksLikeScientific(t *testing.T) {
	for in, want := range map[string]bool{
		"5.11921200801011E+17":   true,
		"5.11921E+17":            true,
		"5.1192120080101101E+17": true,
		"5E+17":                  true,
		" 5.11921e+17 ":          true,
		"51192120080101123X":     false,
		"511921200801011000":     false,
		"2024E01":                false,
		"1E05":                   false,
		"E+17":                   false,
		"5.E+17":                 false,
		"0.5E+17":                false,
		"5.1E+":                  false,
		"":                       false,
	} {
		if got := LooksLikeScientific(in); got != want {
			t.Errorf("LooksLikeScientific(%q) = %v, want %v", in, got, want)
		}
	}
}

func rosterTestTemplate(t testing.TB) []byte {
	t.Helper()
	_, _, data, err := RosterTemplate("xlsx")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestRosterTemplateXLSX(t *testing.T) {
	ct, name, data, err := RosterTemplate("")
	if err != nil {
		t.Fatal(err)
	}
	if ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || !strings.HasSuffix(name, ".xlsx") {
		t.Errorf("content type %q, filename %q", ct, name)
	}
	_, err = ReadRoster(data)
	rosterTestFileError(t, err, "没有学生数据", "模板")

	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"学生名单", "填写说明"}) {
		t.Fatalf("sheets = %v", got)
	}
	head, err := f.GetRows("学生名单")
	if err != nil {
		t.Fatal(err)
	}
	for i, col := range RosterColumns {
		if head[0][i] != col.Header {
			t.Errorf("header %d = %q, want %q", i, head[0][i], col.Header)
		}
	}
	style := func(cell string) *excelize.Style {
		id, err := f.GetCellStyle("学生名单", cell)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := style("A1"); s.Font == nil || !s.Font.Bold {
		t.Error("header is not bold")
	}
	// 学号 A, 身份证号 C, 手机号 H, 监护人手机号 J: text up to row 2001.
	for _, cell := range []string{"A2", "C2", "C2001", "H2", "J2001"} {
		if s := style(cell); s.NumFmt != 49 {
			t.Errorf("%s number format = %d, want 49 (text)", cell, s.NumFmt)
		}
	}
	if s := style("B2"); s.NumFmt == 49 {
		t.Error("name column need not be text")
	}
	panes, err := f.GetPanes("学生名单")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v %v", panes, err)
	}
	if w, err := f.GetColWidth("学生名单", "C"); err != nil || w < 20 {
		t.Errorf("ID column width %v %v", w, err)
	}
	help, err := f.GetRows("填写说明")
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, r := range help {
		all.WriteString(strings.Join(r, " ") + "\n")
	}
	for _, want := range []string{"学号", "必填", "选填", "2024-09-01", "文本格式", "科学计数法", "未满 18 周岁", "20000"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("instructions do not mention %q", want)
		}
	}
}

func TestRosterTemplateCSV(t *testing.T) {
	ct, name, data, err := RosterTemplate("csv")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ct, "text/csv") || !strings.HasSuffix(name, ".csv") {
		t.Errorf("content type %q, filename %q", ct, name)
	}
	want := "\ufeff" + rosterTestHeader + "\r\n"
	if string(data) != want {
		t.Errorf("csv template = %q, want %q", data, want)
	}
	_, err = ReadRoster(data)
	rosterTestFileError(t, err, "没有学生数据")
}

func TestRosterTemplateUnknownFormat(t *testing.T) {
	_, _, _, err := RosterTemplate("pdf")
	e := apperr.As(err)
	if e == nil || e.Kind != apperr.KindInvalid {
		t.Fatalf("err = %v", err)
	}
	if fields, _ := e.Details.([]apperr.FieldError); len(fields) != 1 || fields[0].Field != "format" {
		t.Errorf("details = %+v", e.Details)
	}
}

// rosterTestBigWorkbook streams n students into an xlsx the way a large
// export from another system would look.
func rosterTestBigWorkbook(tb testing.TB, n int) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	head := make([]any, len(RosterColumns))
	for i, c := range RosterColumns {
		head[i] = c.Header
	}
	if err := sw.SetRow("A1", head); err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		row := []any{fmt.Sprint(20240000 + i), fmt.Sprintf("学生%d", i), fmt.Sprintf("5119212008%08d", i),
			"数控技术应用", "装备制造大类", "2024-09-01", fmt.Sprintf("2024级数控%d班", i%20), fmt.Sprint(13800000000 + i),
			"家长", fmt.Sprint(13900000000 + i)}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+2), row); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadRosterBigXLSX(t *testing.T) {
	rows, err := ReadRoster(rosterTestBigWorkbook(t, 3000))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3000 || rows[2999].Line != 3001 || rows[2999].StudentNo != "20242999" {
		t.Fatalf("got %d rows, last %+v", len(rows), rows[len(rows)-1])
	}
}

func BenchmarkReadRosterXLSX10k(b *testing.B) {
	data := rosterTestBigWorkbook(b, 10000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rows, err := ReadRoster(data)
		if err != nil || len(rows) != 10000 {
			b.Fatalf("%d rows, %v", len(rows), err)
		}
	}
}

func FuzzReadRoster(f *testing.F) {
	f.Add([]byte(rosterTestCSV()))
	f.Add([]byte("\xff\xfe\x00\x00"))
	f.Add(rosterTestTemplate(f))
	f.Add(rosterTestWorkbook(f, func(x *excelize.File, s string) error {
		return x.SetSheetRow(s, "A1", &[]any{"学号", "姓名", 1.5, true})
	}))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadRoster(data)
		if err != nil {
			if e := apperr.As(err); e == nil || e.Kind != apperr.KindInvalid {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if len(rows) == 0 || len(rows) > MaxRosterRows {
			t.Fatalf("%d rows without error", len(rows))
		}
	})
}
