// Package students owns school rosters: students with their national ID
// numbers sealed (platform/pii), found by a keyed hash and shown masked except
// to the roles that need the full number, each such view audited; and the
// all-or-nothing roster import from CSV or Excel files.
package students

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"huhang/internal/majors"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/ids"
)

// Student is one student of a school. The plaintext ID number is not a field:
// it is only ever opened on purpose (Service.Get for roles that need it).
type Student struct {
	ID             uuid.UUID
	SchoolID       uuid.UUID
	SchoolName     string
	SchoolDivision string
	UserID         *uuid.UUID
	Username       *string
	StudentNo      string
	Name           string
	IDMasked       string
	// IDNumber is set only when the caller may see the full number.
	IDNumber      string
	Gender        ids.Gender
	BirthDate     clock.Date
	Major         string
	MajorCategory string
	EnrolledOn    clock.Date
	ClassName     string
	Phone         string
	GuardianName  string
	GuardianPhone string
	// ContactMasked says Phone, GuardianName and GuardianPhone hold their
	// masked forms: the caller sees them whole only through ViewContact.
	ContactMasked bool
	CreatedAt     time.Time
	UpdatedAt     time.Time

	idCipher []byte
	idKeyID  string
}

// Input is what a school enters for a student, as text: one shape serves the
// JSON form and every row of an import file.
type Input struct {
	StudentNo, Name, IDNumber, Major, MajorCategory, EnrolledOn, ClassName string
	Phone, GuardianName, GuardianPhone                                     string
}

// valid is an Input that passed validation, with what the ID number says.
type valid struct {
	Input
	id       ids.IDNumber
	enrolled clock.Date
}

// fieldLabels name the fields in messages; the import maps them to its headers.
var fieldLabels = map[string]string{
	"student_no": "学号", "name": "姓名", "id_number": "身份证号", "major": "专业", "major_category": "专业大类",
	"enrolled_on": "入学日期", "class_name": "班级", "phone": "手机号", "guardian_name": "监护人姓名",
	"guardian_phone": "监护人手机号",
}

// validate checks every field at once. parseDate reads enrolled_on: strict
// YYYY-MM-DD for the API, the forms spreadsheets produce for the import.
func validate(in Input, now time.Time, parseDate func(string) (clock.Date, bool)) (valid, []apperr.FieldError) {
	var fe apperr.FieldErrors
	trim := func(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\u3000", " ")) }
	in.StudentNo, in.Name, in.Major, in.MajorCategory = trim(in.StudentNo), trim(in.Name), trim(in.Major), trim(in.MajorCategory)
	in.ClassName, in.GuardianName, in.EnrolledOn = trim(in.ClassName), trim(in.GuardianName), trim(in.EnrolledOn)
	text := func(field, value string, max int) { fe.Text(field, fieldLabels[field], value, 1, max) }
	text("student_no", in.StudentNo, 32)
	if strings.ContainsAny(in.StudentNo, " \t") {
		fe.Add("student_no", "学号不能包含空格")
	}
	text("name", in.Name, 64)
	out := valid{}
	if LooksLikeScientific(in.IDNumber) {
		fe.Add("id_number", "身份证号被 Excel 转成了科学计数法，请把该列设为文本格式后重新录入")
	} else if id, err := ids.ParseIDNumber(in.IDNumber, now); err != nil {
		fe.Add("id_number", err.Error())
	} else {
		out.id = id
		in.IDNumber = id.Normalized
	}
	text("major", in.Major, 64)
	majors.Check(&fe, "major_category", in.MajorCategory)
	text("class_name", in.ClassName, 64)
	today := clock.BusinessDay(now)
	if in.EnrolledOn == "" {
		fe.Add("enrolled_on", "请填写入学日期")
	} else if d, ok := parseDate(in.EnrolledOn); !ok {
		fe.Add("enrolled_on", "入学日期无效，请写成 2024-09-01")
	} else if today.Before(d) {
		fe.Add("enrolled_on", "入学日期 "+d.String()+" 晚于今天")
	} else if out.id.Normalized != "" && !clock.Date(out.id.BirthDate).Before(d) {
		fe.Add("enrolled_on", "入学日期 "+d.String()+" 早于身份证号中的出生日期")
	} else {
		out.enrolled = d
		in.EnrolledOn = d.String()
	}
	phone := func(field string, value *string) {
		*value = ids.NormalizeMobile(*value)
		if *value != "" {
			if err := ids.CheckMobile(*value); err != nil {
				fe.Add(field, err.Error())
			}
		}
	}
	phone("phone", &in.Phone)
	phone("guardian_phone", &in.GuardianPhone)
	if utf8.RuneCountInString(in.GuardianName) > 64 {
		fe.Add("guardian_name", "监护人姓名不能超过 64 个字符")
	}
	// A minor's guardian signs the consent form (Art 9), so the school must
	// know whom to ask before the student can be placed.
	if out.id.Normalized != "" && ids.AgeOn(out.id.BirthDate, ids.Date(today)) < 18 {
		if in.GuardianName == "" {
			fe.Add("guardian_name", "未满18周岁的学生须填写监护人姓名")
		}
		if in.GuardianPhone == "" {
			fe.Add("guardian_phone", "未满18周岁的学生须填写监护人手机号")
		}
	}
	out.Input = in
	return out, fe
}

// parseISODate is the API's date format.
func parseISODate(s string) (clock.Date, bool) {
	d, err := clock.ParseDate(s)
	return d, err == nil
}

// Contact is what ViewContact opens: the ways to reach a student and the
// guardian, whole.
type Contact struct {
	Phone, GuardianName, GuardianPhone string
}

// MaskPhone keeps the first three and the last four digits of a mobile
// number (139****5678), the form carriers and banks print, so a person can
// still tell two numbers apart without being able to dial either.
func MaskPhone(p string) string {
	r := []rune(p)
	switch {
	case len(r) == 0:
		return ""
	case len(r) >= 8:
		return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
	default:
		return strings.Repeat("*", len(r))
	}
}

// compoundSurnames are the two-character surnames common enough to meet on a
// roster; for them the mask keeps both characters (欧阳**), as people read
// the surname as one unit.
var compoundSurnames = map[string]bool{
	"欧阳": true, "司马": true, "诸葛": true, "上官": true, "东方": true, "皇甫": true, "尉迟": true, "公孙": true,
	"慕容": true, "长孙": true, "宇文": true, "司徒": true, "夏侯": true, "轩辕": true, "令狐": true, "端木": true,
	"独孤": true, "南宫": true, "西门": true, "百里": true, "呼延": true, "澹台": true, "公冶": true, "太史": true,
	"申屠": true, "万俟": true, "闻人": true, "赫连": true, "钟离": true, "宗政": true, "濮阳": true, "淳于": true,
	"单于": true, "太叔": true, "仲孙": true, "东郭": true, "拓跋": true, "司空": true, "左丘": true, "第五": true,
}

// MaskName keeps the surname and stars the given name (张*, 欧阳**). A
// one-character name is starred whole: its only character would be the name.
func MaskName(n string) string {
	r := []rune(strings.TrimSpace(n))
	keep := 1
	if len(r) > 2 && compoundSurnames[string(r[:2])] {
		keep = 2
	}
	if len(r) <= 1 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:keep]) + strings.Repeat("*", len(r)-keep)
}

// masked replaces the contact fields by their masked forms.
func (s Student) masked() Student {
	s.Phone, s.GuardianName, s.GuardianPhone = MaskPhone(s.Phone), MaskName(s.GuardianName), MaskPhone(s.GuardianPhone)
	s.ContactMasked = true
	return s
}
