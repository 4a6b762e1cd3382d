package students

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	textunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/width"

	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
)

// RosterColumn is one column of the roster file: the header in the template,
// the JSON field of the student body it fills, and the other spellings schools
// use for the same header in their own spreadsheets.
type RosterColumn struct {
	Header   string
	Field    string
	Required bool
	Aliases  []string
}

// RosterColumns lists the columns in template order. The JSON field name is
// accepted as a header too, so integrators can upload machine-made files.
var RosterColumns = []RosterColumn{
	{Header: "学号", Field: "student_no", Required: true},
	{Header: "姓名", Field: "name", Required: true},
	{Header: "身份证号", Field: "id_number", Required: true, Aliases: []string{"身份证号码", "身份证"}},
	{Header: "专业", Field: "major", Required: true, Aliases: []string{"专业名称"}},
	{Header: "专业大类", Field: "major_category", Required: true},
	{Header: "入学日期", Field: "enrolled_on", Required: true},
	{Header: "班级", Field: "class_name", Required: true, Aliases: []string{"班级名称"}},
	{Header: "手机号", Field: "phone", Aliases: []string{"手机号码", "联系电话", "学生手机号"}},
	{Header: "监护人姓名", Field: "guardian_name", Aliases: []string{"监护人", "家长姓名"}},
	{Header: "监护人手机号", Field: "guardian_phone", Aliases: []string{"监护人电话", "监护人手机", "家长手机号"}},
}

// RosterRow is one non-blank data row. Line is the row number the school sees
// in Excel, so that validation messages point at the right place.
type RosterRow struct {
	Line int

	StudentNo     string
	Name          string
	IDNumber      string
	Major         string
	MajorCategory string
	EnrolledOn    string
	ClassName     string
	Phone         string
	GuardianName  string
	GuardianPhone string
}

// MaxRosterRows bounds one import so that a single all-or-nothing transaction
// stays reasonable.
const MaxRosterRows = 20000

const (
	// rosterMaxBytes matches the upload limit; the check here only protects
	// callers that forgot it.
	rosterMaxBytes = 10 << 20
	// rosterUnzipLimit and rosterUnzipXMLLimit stop zip bombs: a 10 MiB upload
	// may not expand beyond this in memory (or in excelize's temporary files).
	rosterUnzipLimit    = 64 << 20
	rosterUnzipXMLLimit = 16 << 20
	// rosterMaxZipEntries: a real workbook has a few dozen parts; millions of
	// empty entries would only cost memory.
	rosterMaxZipEntries = 10000
	// rosterHeaderSearch: schools often put a title such as "2024级学生名单"
	// above the header, so a few leading rows without any known header are
	// skipped before giving up.
	rosterHeaderSearch = 10
	// rosterTemplateTextRows is how many data rows of the template are
	// pre-formatted as text.
	rosterTemplateTextRows = 2000
)

var rosterFieldRefs = map[string]func(*RosterRow) *string{
	"student_no":     func(r *RosterRow) *string { return &r.StudentNo },
	"name":           func(r *RosterRow) *string { return &r.Name },
	"id_number":      func(r *RosterRow) *string { return &r.IDNumber },
	"major":          func(r *RosterRow) *string { return &r.Major },
	"major_category": func(r *RosterRow) *string { return &r.MajorCategory },
	"enrolled_on":    func(r *RosterRow) *string { return &r.EnrolledOn },
	"class_name":     func(r *RosterRow) *string { return &r.ClassName },
	"phone":          func(r *RosterRow) *string { return &r.Phone },
	"guardian_name":  func(r *RosterRow) *string { return &r.GuardianName },
	"guardian_phone": func(r *RosterRow) *string { return &r.GuardianPhone },
}

var (
	rosterZipMagic = []byte("PK\x03\x04")
	rosterOLEMagic = []byte{0xD0, 0xCF, 0x11, 0xE0}
	rosterUTF8BOM  = []byte{0xEF, 0xBB, 0xBF}
)

// rosterFileError reports a problem with the upload as a whole; the field is
// always "file" because no single cell is to blame.
func rosterFileError(message string, details ...string) *apperr.Error {
	if len(details) == 0 {
		details = []string{message}
	}
	fields := make([]apperr.FieldError, len(details))
	for i, d := range details {
		fields[i] = apperr.FieldError{Field: "file", Message: d}
	}
	return apperr.Invalid(message, fields...)
}

func rosterCorrupt(cause error) *apperr.Error {
	e := rosterFileError("文件已损坏或不是有效的 Excel (.xlsx) 文件，请用 Excel 或 WPS 打开后另存为 .xlsx 再上传")
	e.Cause = cause
	return e
}

func rosterNotSpreadsheet() *apperr.Error {
	return rosterFileError("无法识别的文件，请上传 .xlsx 或 .csv 格式的学生名单（可下载模板填写）")
}

// ReadRoster reads an uploaded roster (.xlsx or .csv, detected from the
// content because browsers and users mislabel files) into trimmed rows.
// Every problem with the file as a whole is an apperr Invalid error on the
// field "file"; checking the values of each row is the caller's job.
func ReadRoster(data []byte) ([]RosterRow, error) {
	if len(data) > rosterMaxBytes {
		return nil, rosterFileError("文件超过 10 MB，请拆分后分批导入")
	}
	c := &rosterCollector{}
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return nil, rosterFileError("文件内容为空")
	case bytes.HasPrefix(data, rosterZipMagic):
		if err := rosterReadXLSX(data, c); err != nil {
			return nil, err
		}
	case bytes.HasPrefix(data, rosterOLEMagic):
		return nil, rosterFileError("不支持旧版 Excel 97-2003 (.xls) 文件或加密的文件，请在 Excel 或 WPS 中另存为 .xlsx 或 .csv 后再上传")
	default:
		if err := rosterReadText(data, c); err != nil {
			return nil, err
		}
	}
	return c.finish()
}

// rosterCollector turns raw rows, whatever file they came from, into
// RosterRows: it finds the header, maps columns and enforces the limits.
type rosterCollector struct {
	seen     int  // non-blank rows looked at while searching for the header
	haveHead bool // the header row has been found
	cols     []func(*RosterRow) *string
	dateCol  int
	rows     []RosterRow
	lookup   map[string]int // normalised header -> index in RosterColumns
}

// errRosterStop lets a row callback end a sheet pass early once the rest of
// the sheet cannot matter.
var errRosterStop = errors.New("students: roster reading stopped")

// add takes one spreadsheet row; an *apperr.Error means the file is unusable
// and reading should stop.
func (c *rosterCollector) add(line int, cells []string) error {
	if !c.haveHead {
		return c.tryHeader(cells)
	}
	// Filling the row in place keeps it off the heap; a blank one is taken
	// back off the end.
	c.rows = append(c.rows, RosterRow{Line: line})
	row := &c.rows[len(c.rows)-1]
	blank := true
	for i, cell := range cells {
		if i >= len(c.cols) {
			break
		}
		if c.cols[i] == nil {
			continue
		}
		if v := rosterTrim(cell); v != "" {
			*c.cols[i](row) = v
			blank = false
		}
	}
	// A row whose known columns are all empty is skipped even when an
	// ignored column such as a pre-filled 序号 has a value: it would carry no
	// student and only produce confusing errors.
	if blank {
		c.rows = c.rows[:len(c.rows)-1]
		return nil
	}
	if len(c.rows) > MaxRosterRows {
		c.rows = nil
		return rosterFileError(fmt.Sprintf("学生数据超过 %d 行，请拆分为多个文件分批导入", MaxRosterRows))
	}
	return nil
}

func (c *rosterCollector) tryHeader(cells []string) error {
	if rosterBlank(cells) {
		return nil
	}
	if c.lookup == nil {
		c.lookup = rosterHeaderLookup()
	}
	cols := make([]int, len(cells))
	known := 0
	for i, cell := range cells {
		cols[i] = -1
		if idx, ok := c.lookup[rosterNormHeader(cell)]; ok {
			cols[i] = idx
			known++
		}
	}
	c.seen++
	if known == 0 {
		if c.seen >= rosterHeaderSearch {
			return c.missingHeaders()
		}
		return nil
	}

	var problems []string
	first := make(map[int]int, len(RosterColumns)) // column index -> sheet column holding it
	for i, idx := range cols {
		if idx < 0 {
			continue
		}
		if j, dup := first[idx]; dup {
			a, b := rosterTrim(cells[j]), rosterTrim(cells[i])
			if a == b {
				problems = append(problems, fmt.Sprintf("表头“%s”重复出现，请删除多余的一列", a))
			} else {
				problems = append(problems, fmt.Sprintf("表头“%s”与“%s”重复，都表示“%s”，请只保留一列", a, b, RosterColumns[idx].Header))
			}
			continue
		}
		first[idx] = i
	}
	for idx, col := range RosterColumns {
		if _, ok := first[idx]; !ok && col.Required {
			problems = append(problems, fmt.Sprintf("缺少必填列“%s”", col.Header))
		}
	}
	if len(problems) > 0 {
		return rosterFileError("表头有误，请对照模板修改表头", problems...)
	}

	c.haveHead = true
	c.dateCol = -1
	c.cols = make([]func(*RosterRow) *string, len(cells))
	for i, idx := range cols {
		if idx >= 0 && first[idx] == i {
			c.cols[i] = rosterFieldRefs[RosterColumns[idx].Field]
			if RosterColumns[idx].Field == "enrolled_on" {
				c.dateCol = i
			}
		}
	}
	return nil
}

func (c *rosterCollector) missingHeaders() error {
	var problems []string
	for _, col := range RosterColumns {
		if col.Required {
			problems = append(problems, fmt.Sprintf("缺少必填列“%s”", col.Header))
		}
	}
	return rosterFileError("未找到表头行，请使用下载的模板，第一行填写表头", problems...)
}

func (c *rosterCollector) finish() ([]RosterRow, error) {
	switch {
	case !c.haveHead && c.seen == 0:
		return nil, rosterFileError("文件内容为空")
	case !c.haveHead:
		return nil, c.missingHeaders()
	case len(c.rows) == 0:
		return nil, rosterFileError("文件中没有学生数据，请在模板表头下方逐行填写学生信息后再上传")
	}
	return c.rows, nil
}

func rosterHeaderLookup() map[string]int {
	m := make(map[string]int, 4*len(RosterColumns))
	for i, col := range RosterColumns {
		m[rosterNormHeader(col.Header)] = i
		m[rosterNormHeader(col.Field)] = i
		for _, a := range col.Aliases {
			m[rosterNormHeader(a)] = i
		}
	}
	return m
}

// rosterNormHeader makes headers typed by hand comparable: full-width letters
// and brackets from a Chinese input method, "姓  名" padded to align with
// longer headers, and "*学号" or "学号（必填）" marks copied from other
// templates all match the plain header.
func rosterNormHeader(s string) string {
	s = width.Fold.String(rosterTrim(s))
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '*' || r == '\u200b' || r == '\ufeff' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
	for _, mark := range []string{"(必填)", "(选填)", "(可选)", "(可不填)"} {
		s = strings.TrimSuffix(s, mark)
	}
	return s
}

// rosterTrim also removes the full-width space, NBSP and zero-width
// characters that copy-and-paste from web pages and Word leaves in cells.
func rosterTrim(s string) string {
	if s == "" {
		return s
	}
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
	})
}

func rosterBlank(cells []string) bool {
	for _, c := range cells {
		if rosterTrim(c) != "" {
			return false
		}
	}
	return true
}

// rosterReadText handles everything that is not a zip: CSV in UTF-8 or in
// GB18030 (what Excel on Chinese Windows writes as "CSV"), and Excel's
// "Unicode text", which is UTF-16 with a BOM and tabs.
func rosterReadText(data []byte, c *rosterCollector) error {
	var text string
	wide := false
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		// ExpectBOM honours either byte order; Excel writes little-endian.
		b, err := textunicode.UTF16(textunicode.LittleEndian, textunicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return rosterNotSpreadsheet()
		}
		text, wide = string(b), true
	default:
		data = bytes.TrimPrefix(data, rosterUTF8BOM)
		if utf8.Valid(data) {
			text = string(data)
		} else {
			b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
			if err != nil {
				return rosterNotSpreadsheet()
			}
			text = string(b)
		}
	}
	if rosterLooksBinary(text) {
		return rosterNotSpreadsheet()
	}
	if strings.TrimSpace(text) == "" {
		return rosterFileError("文件内容为空")
	}

	r := csv.NewReader(strings.NewReader(text))
	r.Comma = rosterSeparator(text, wide)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true

	// Excel numbers CSV rows by records, counting blank lines (which
	// encoding/csv skips) but not the line breaks inside quoted cells.
	row, prevEnd := 0, 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return rosterFileError(fmt.Sprintf("第 %d 行附近的 CSV 格式有误，请检查引号是否成对", pe.StartLine))
			}
			return rosterNotSpreadsheet()
		}
		start, _ := r.FieldPos(0)
		row += start - prevEnd
		prevEnd = start
		for _, f := range rec {
			prevEnd += strings.Count(f, "\n")
		}
		if err := c.add(row, rec); err != nil {
			return err
		}
	}
}

// rosterLooksBinary catches images, PDFs and other uploads that would
// otherwise decode as GB18030 mojibake and end in a puzzling header error.
func rosterLooksBinary(text string) bool {
	if strings.IndexByte(text, 0) >= 0 {
		return true
	}
	bad, total := 0, 0
	for _, r := range text {
		total++
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f || r == utf8.RuneError {
			bad++
		}
	}
	return bad > 0 && bad*50 > total
}

// rosterSeparator picks the delimiter from the header line: Excel in locales
// with a decimal comma writes ';', and text pasted from a sheet uses tabs.
func rosterSeparator(text string, preferTab bool) rune {
	var head string
	for line := range strings.Lines(text) {
		if strings.TrimSpace(line) != "" {
			head = line
			break
		}
	}
	switch {
	case preferTab && strings.Contains(head, "\t"):
		return '\t'
	case strings.Contains(head, ","):
		return ','
	case strings.Contains(head, "\t"):
		return '\t'
	case strings.Contains(head, ";"):
		return ';'
	}
	return ','
}

// rosterReadXLSX streams the first sheet. excelize is a large parser fed
// with untrusted bytes, so a panic inside it becomes a "corrupt file" answer
// instead of taking the request down.
func rosterReadXLSX(data []byte, c *rosterCollector) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = rosterCorrupt(fmt.Errorf("excelize panic: %v", p))
		}
	}()
	if err := rosterCheckZip(data); err != nil {
		return err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    rosterUnzipLimit,
		UnzipXMLSizeLimit: rosterUnzipXMLLimit,
		// Render Excel's locale-dependent short date (format 14) and the
		// Chinese built-in date formats unambiguously.
		ShortDatePattern: "yyyy-mm-dd",
		CultureInfo:      excelize.CultureNameZhCN,
	})
	if f != nil {
		// Close removes the temporary files excelize writes for large sheets,
		// also when opening failed half way.
		defer f.Close()
	}
	if err != nil {
		return rosterCorrupt(err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return rosterCorrupt(errors.New("workbook has no sheets"))
	}
	if err := rosterStreamSheet(f, sheets[0], false, c.add); err != nil {
		return err
	}
	return rosterRawDates(f, sheets[0], c)
}

// rosterCheckZip measures the archive before excelize unpacks it. excelize
// enforces the same limit, but reports it as an untyped error; checking the
// declared sizes here (archive/zip refuses entries that inflate beyond them)
// lets the school hear why the file was refused.
func rosterCheckZip(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return rosterCorrupt(err)
	}
	if len(zr.File) > rosterMaxZipEntries {
		return rosterCorrupt(fmt.Errorf("%d zip entries", len(zr.File)))
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if zf.UncompressedSize64 > rosterUnzipLimit || total > rosterUnzipLimit {
			return rosterFileError(fmt.Sprintf("Excel 文件解压后超过 %d MB，请删除多余的工作表、图片和空白格式后重新保存，或改用 .csv 上传", rosterUnzipLimit>>20))
		}
	}
	return nil
}

// rosterStreamSheet feeds the rows of one sheet to add, numbered as Excel
// numbers them: the iterator yields every row number up to the last one,
// including rows absent from the file.
func rosterStreamSheet(f *excelize.File, sheet string, raw bool, add func(int, []string) error) error {
	rows, err := f.Rows(sheet)
	if err != nil {
		if rows != nil {
			rows.Close()
		}
		return rosterCorrupt(err)
	}
	defer rows.Close()
	line := 0
	for rows.Next() {
		line++
		// Rows without a number are counted one by one, so a flood of
		// <row/> elements could run far past what Excel can hold.
		if line > excelize.TotalRows {
			return rosterCorrupt(fmt.Errorf("more than %d rows", excelize.TotalRows))
		}
		var cells []string
		if raw {
			cells, err = rows.Columns(excelize.Options{RawCellValue: true})
		} else {
			cells, err = rows.Columns() // no options: the file's own, without a copy per row
		}
		if err != nil {
			return rosterCorrupt(err)
		}
		if len(cells) == 0 {
			continue
		}
		if err := add(line, cells); err != nil {
			if errors.Is(err, errRosterStop) {
				return nil
			}
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return rosterCorrupt(err)
	}
	return nil
}

// rosterRawDates re-reads the sheet for enrolment dates whose displayed text
// cannot be read unambiguously, such as a date cell formatted "m/d/yy" or
// "yyyy年m月": the underlying serial number is exact. The second pass only
// happens for files that need it.
func rosterRawDates(f *excelize.File, sheet string, c *rosterCollector) error {
	if c.dateCol < 0 {
		return nil
	}
	pending := map[int]int{} // line -> index in c.rows
	for i, r := range c.rows {
		if r.EnrolledOn == "" {
			continue
		}
		if _, ok := ParseRosterDate(r.EnrolledOn); !ok {
			pending[r.Line] = i
		}
	}
	if len(pending) == 0 {
		return nil
	}
	offset := 0
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil && *props.Date1904 {
		offset = 1462 // days between the 1900 and 1904 epochs as Excel counts them
	}
	last := c.rows[len(c.rows)-1].Line
	return rosterStreamSheet(f, sheet, true, func(line int, cells []string) error {
		if line > last {
			return errRosterStop
		}
		i, ok := pending[line]
		if !ok || c.dateCol >= len(cells) {
			return nil
		}
		n, err := strconv.Atoi(rosterTrim(cells[c.dateCol]))
		if err != nil {
			return nil
		}
		serial := strconv.Itoa(n + offset)
		if _, ok := ParseRosterDate(serial); ok {
			c.rows[i].EnrolledOn = serial
		}
		return nil
	})
}

// ParseRosterDate reads the enrolment date forms that are unambiguous:
// 2024-09-01, 2024/9/1, 2024.9.1, 2024年9月1日, 20240901, and an Excel serial
// day number (1900 date system). Two-digit years are refused rather than
// guessed, because "9/1/24" means different days in different locales.
func ParseRosterDate(s string) (clock.Date, bool) {
	s = rosterFold(rosterTrim(s))
	if s == "" {
		return clock.Date{}, false
	}
	if rosterDigits(s) {
		switch {
		case len(s) == 8:
			y, _ := strconv.Atoi(s[:4])
			m, _ := strconv.Atoi(s[4:6])
			d, _ := strconv.Atoi(s[6:])
			return rosterDate(y, m, d)
		case len(s) <= 7:
			n, _ := strconv.Atoi(s)
			return rosterSerialDate(n)
		}
		return clock.Date{}, false
	}
	var parts []string
	if rest, ok := strings.CutSuffix(s, "日"); ok || strings.Contains(s, "年") {
		y, md, ok1 := strings.Cut(rest, "年")
		m, d, ok2 := strings.Cut(md, "月")
		if !ok1 || !ok2 {
			return clock.Date{}, false
		}
		parts = []string{y, m, d}
	} else {
		sep := strings.IndexAny(s, "-/.")
		if sep < 0 {
			return clock.Date{}, false
		}
		parts = strings.Split(s, s[sep:sep+1])
		if len(parts) != 3 {
			return clock.Date{}, false
		}
	}
	if len(parts[0]) != 4 || len(parts[1]) < 1 || len(parts[1]) > 2 || len(parts[2]) < 1 || len(parts[2]) > 2 {
		return clock.Date{}, false
	}
	for _, p := range parts {
		if !rosterDigits(p) {
			return clock.Date{}, false
		}
	}
	y, _ := strconv.Atoi(parts[0])
	m, _ := strconv.Atoi(parts[1])
	d, _ := strconv.Atoi(parts[2])
	return rosterDate(y, m, d)
}

// rosterFold turns full-width digits and punctuation, typed with a Chinese
// input method, into ASCII; plain ASCII, the usual case, is not copied.
func rosterFold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return width.Fold.String(s)
		}
	}
	return s
}

func rosterDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// rosterDate refuses impossible days instead of letting time.Date roll
// 2024-02-30 over into March.
func rosterDate(y, m, d int) (clock.Date, bool) {
	if y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return clock.Date{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return clock.Date{}, false
	}
	return clock.DateOf(t), true
}

// rosterSerialDate converts an Excel serial day. Excel keeps Lotus 1-2-3's
// fictitious 1900-02-29 as day 60, so days after it are one off.
func rosterSerialDate(n int) (clock.Date, bool) {
	switch {
	case n < 1 || n > 2958465 || n == 60:
		return clock.Date{}, false
	case n < 60:
		return clock.DateOf(time.Date(1899, 12, 31+n, 0, 0, 0, 0, time.UTC)), true
	}
	return clock.DateOf(time.Date(1899, 12, 30+n, 0, 0, 0, 0, time.UTC)), true
}

// LooksLikeScientific reports text that Excel produced by showing a long
// number in scientific notation, e.g. an ID number "5.11921E+17" typed into a
// General cell: the digits after the 15th are already lost, so the school has
// to re-enter them in a text column.
func LooksLikeScientific(s string) bool {
	s = rosterFold(rosterTrim(s))
	i := strings.IndexAny(s, "eE")
	if i < 1 {
		return false
	}
	mant, exp := s[:i], s[i+1:]
	if mant[0] < '1' || mant[0] > '9' {
		return false
	}
	if len(mant) > 1 && (mant[1] != '.' || !rosterDigits(mant[2:])) {
		return false
	}
	if len(exp) < 2 || (exp[0] != '+' && exp[0] != '-') {
		return false
	}
	return len(exp) <= 4 && rosterDigits(exp[1:])
}

// RosterTemplate builds the file schools fill in: format "csv" or "xlsx"
// (the default).
func RosterTemplate(format string) (contentType, filename string, data []byte, err error) {
	switch strings.TrimPrefix(strings.ToLower(strings.TrimSpace(format)), ".") {
	case "", "xlsx":
		data, err := rosterTemplateXLSX()
		if err != nil {
			return "", "", nil, apperr.Internal(err)
		}
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "学生名单导入模板.xlsx", data, nil
	case "csv":
		var b strings.Builder
		b.Write(rosterUTF8BOM) // without it Excel opens UTF-8 as GBK and garbles the headers
		for i, col := range RosterColumns {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(col.Header)
		}
		b.WriteString("\r\n")
		return "text/csv; charset=utf-8", "学生名单导入模板.csv", []byte(b.String()), nil
	}
	return "", "", nil, apperr.Invalid("不支持的模板格式", apperr.FieldError{Field: "format", Message: "模板格式只能是 xlsx 或 csv"})
}

var rosterColumnHelp = map[string]struct {
	width float64
	text  bool // formatted as text so Excel keeps long digit strings intact
	help  string
}{
	"student_no":     {16, true, "本校学号，同一学校内不能重复；本列已设为文本格式，开头的 0 不会丢失"},
	"name":           {10, false, "学生姓名，与身份证上的姓名一致"},
	"id_number":      {22, true, "18 位居民身份证号码，末位 X 请大写；本列必须是文本格式，如果设成数字，Excel 会把它变成 5.11921E+17 这样的科学计数法并丢失末几位"},
	"major":          {20, false, "专业名称，如：数控技术应用"},
	"major_category": {16, false, "专业所属大类，如：装备制造大类"},
	"enrolled_on":    {14, true, "入学日期，格式为 2024-09-01，也可以写 2024/9/1、2024.9.1、2024年9月1日 或 20240901；年份必须写 4 位"},
	"class_name":     {18, false, "班级名称，如：2024级数控1班"},
	"phone":          {15, true, "学生本人的 11 位手机号"},
	"guardian_name":  {12, false, "监护人姓名；未满 18 周岁的学生必须填写"},
	"guardian_phone": {15, true, "监护人的 11 位手机号；未满 18 周岁的学生必须填写"},
}

func rosterTemplateXLSX() ([]byte, error) {
	const sheet, helpSheet = "学生名单", "填写说明"
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	head, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
	})
	if err != nil {
		return nil, err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // 49 is the built-in "@" (text) format
	if err != nil {
		return nil, err
	}
	for i, col := range RosterColumns {
		name, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return nil, err
		}
		if err := f.SetCellStr(sheet, name+"1", col.Header); err != nil {
			return nil, err
		}
		h := rosterColumnHelp[col.Field]
		w := h.width
		if w == 0 {
			w = 14
		}
		if err := f.SetColWidth(sheet, name, name, w); err != nil {
			return nil, err
		}
		if h.text {
			if err := f.SetCellStyle(sheet, name+"2", fmt.Sprintf("%s%d", name, rosterTemplateTextRows+1), text); err != nil {
				return nil, err
			}
		}
	}
	last, err := excelize.ColumnNumberToName(len(RosterColumns))
	if err != nil {
		return nil, err
	}
	if err := f.SetCellStyle(sheet, "A1", last+"1", head); err != nil {
		return nil, err
	}
	if err := f.SetRowHeight(sheet, 1, 20); err != nil {
		return nil, err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return nil, err
	}

	if _, err := f.NewSheet(helpSheet); err != nil {
		return nil, err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	lines := [][]any{
		{"学生名单填写说明"},
		{},
		{"列名", "是否必填", "填写要求"},
	}
	for _, col := range RosterColumns {
		req := "必填"
		switch {
		case col.Required:
		case strings.HasPrefix(col.Field, "guardian_"):
			req = "未满 18 周岁必填"
		default:
			req = "选填"
		}
		help := rosterColumnHelp[col.Field].help
		if len(col.Aliases) > 0 {
			help += "（表头也可写作：" + strings.Join(col.Aliases, "、") + "）"
		}
		lines = append(lines, []any{col.Header, req, help})
	}
	lines = append(lines,
		[]any{},
		[]any{"注意事项"},
		[]any{"1", "在“学生名单”工作表中从第 2 行开始填写，每行一名学生；请勿修改、删除或合并表头单元格，导入时只读取第一个工作表。"},
		[]any{"2", fmt.Sprintf("一个文件最多 %d 名学生，超过请拆分为多个文件分批导入。", MaxRosterRows)},
		[]any{"3", fmt.Sprintf("学号、身份证号、入学日期和手机号列的前 %d 行已设为文本格式；如需填写更多行，请先把整列设置为“文本”格式再粘贴，否则身份证号会变成科学计数法。", rosterTemplateTextRows)},
		[]any{"4", "未满 18 周岁（按身份证出生日期计算）的学生必须填写监护人姓名和监护人手机号。"},
		[]any{"5", "导入时会先检查全部数据，有任何错误都不会导入，并列出出错的行号和列名；改正后请重新上传整个文件。学号已在系统中的学生会更新其信息。"},
		[]any{"6", "请保存为 .xlsx 文件上传；也可上传 CSV 文件（UTF-8 或 GBK 编码，第一行为表头）。不支持旧版 .xls 文件。"},
	)
	notesFrom := len(RosterColumns) + 6 // first numbered note, 1-based row
	for i, l := range lines {
		if len(l) == 0 {
			continue
		}
		row := i + 1
		if err := f.SetSheetRow(helpSheet, fmt.Sprintf("A%d", row), &l); err != nil {
			return nil, err
		}
		if row >= notesFrom {
			// A note spans the two right-hand columns; Excel does not grow a
			// merged row to fit wrapped text, so the height is set here.
			if err := f.MergeCell(helpSheet, fmt.Sprintf("B%d", row), fmt.Sprintf("C%d", row)); err != nil {
				return nil, err
			}
			n := utf8.RuneCountInString(l[1].(string))
			if err := f.SetRowHeight(helpSheet, row, float64(16*((n+49)/50))); err != nil {
				return nil, err
			}
		}
	}
	steps := []struct {
		cell  string
		style int
	}{{"A1", bold}, {"A3:C3", bold}, {fmt.Sprintf("A%d", len(RosterColumns)+5), bold}}
	for _, s := range steps {
		from, to, _ := strings.Cut(s.cell, ":")
		if to == "" {
			to = from
		}
		if err := f.SetCellStyle(helpSheet, from, to, s.style); err != nil {
			return nil, err
		}
	}
	if err := f.SetCellStyle(helpSheet, "A4", fmt.Sprintf("C%d", len(lines)), wrap); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(helpSheet, "A", "A", 14); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(helpSheet, "B", "B", 16); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(helpSheet, "C", "C", 90); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
