package ids

import (
	"fmt"
	"strings"
	"time"
)

// Date is a calendar day without a time or zone. Its fields match clock.Date
// so callers can convert with clock.Date(d); ids does not import clock to stay
// free of clock's storage dependencies.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

func (d Date) before(o Date) bool {
	if d.Year != o.Year {
		return d.Year < o.Year
	}
	if d.Month != o.Month {
		return d.Month < o.Month
	}
	return d.Day < o.Day
}

// Gender as encoded in the 17th character of an ID number.
type Gender string

const (
	GenderMale   Gender = "male"
	GenderFemale Gender = "female"
)

// IDNumber is what a valid resident ID number says about its holder.
type IDNumber struct {
	Normalized   string // 18 characters, trailing x upper-cased
	BirthDate    Date
	Gender       Gender
	DivisionCode string // first 6 characters: where the number was first issued, not where the holder lives now
}

// idWeights are 2^(17-i) mod 11 for positions 1–17 (GB 11643-1999, ISO 7064
// MOD 11-2); the closed form lets the literal list be checked by eye.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars is indexed by the weighted sum mod 11.
const idCheckChars = "10X98765432"

// earliestBirth bounds birth dates from below: nobody born before 1900 will
// enrol, and an 18xx year is far likelier a typing slip than a real holder.
var earliestBirth = Date{1900, time.January, 1}

// chinaTime decides which calendar day "today" is. The platform clock runs in
// UTC, and between 00:00 and 08:00 Beijing time the UTC date is still
// yesterday; a fixed +8 offset is exact because China has kept no daylight
// saving time since 1991 and needs no tzdata.
var chinaTime = time.FixedZone("UTC+8", 8*60*60)

// NormalizeIDNumber is the stored form of an ID number: full-width
// characters folded, spaces trimmed, the trailing check letter upper-cased.
func NormalizeIDNumber(s string) string {
	return strings.ToUpper(normalize(s))
}

// ParseIDNumber validates an 18-character resident ID number (GB 11643-1999)
// and decodes it. today is any instant of the current day; its date is taken
// in Beijing time. It returns an *Error when the number is not valid.
func ParseIDNumber(s string, today time.Time) (IDNumber, error) {
	id := NormalizeIDNumber(s)
	if id == "" {
		return IDNumber{}, fail(CodeRequired, "请填写身份证号码")
	}
	n := runeCount(id)
	if n == 15 && allDigits(id) {
		// First-generation numbers lack the century and the check digit; the
		// holder has an 18-character number on the current card.
		return IDNumber{}, fail(CodeLength, "请填写 18 位身份证号码（15 位旧号码已停用）")
	}
	if n != 18 {
		return IDNumber{}, fail(CodeLength, "身份证号码应为 18 位，当前为 %d 位", n)
	}
	for i, r := range []rune(id) {
		if !(r >= '0' && r <= '9' || i == 17 && r == 'X') {
			return IDNumber{}, fail(CodeCharacter, "身份证号码第 %d 位“%c”无效：前 17 位只能是数字，最后一位只能是数字或 X", i+1, r)
		}
	}
	// All ASCII from here on.
	if CheckDivisionCodeFormat(id[:6]) != nil {
		return IDNumber{}, fail(CodeDivision, "身份证号码前 6 位不是有效的行政区划代码")
	}
	birth, ok := parseYYYYMMDD(id[6:14])
	if !ok {
		return IDNumber{}, fail(CodeBirthDate, "身份证号码中的出生日期 %s 不存在", id[6:14])
	}
	if birth.before(earliestBirth) {
		return IDNumber{}, fail(CodeBirthDate, "身份证号码中的出生日期 %s 早于 1900 年", birth)
	}
	y, m, d := today.In(chinaTime).Date()
	if (Date{y, m, d}).before(birth) {
		return IDNumber{}, fail(CodeBirthDate, "身份证号码中的出生日期 %s 晚于今天", birth)
	}
	sum := 0
	for i, w := range idWeights {
		sum += int(id[i]-'0') * w
	}
	if id[17] != idCheckChars[sum%11] {
		return IDNumber{}, fail(CodeCheckDigit, "身份证号码校验位错误，请逐位核对")
	}
	gender := GenderFemale
	if (id[16]-'0')%2 == 1 {
		gender = GenderMale
	}
	return IDNumber{Normalized: id, BirthDate: birth, Gender: gender, DivisionCode: id[:6]}, nil
}

// parseYYYYMMDD accepts only days that exist, so 20260231, 20101301 and
// 19000229 (1900 was not a leap year) fail. s must be 8 ASCII digits.
func parseYYYYMMDD(s string) (Date, bool) {
	num := func(t string) int {
		v := 0
		for i := 0; i < len(t); i++ {
			v = v*10 + int(t[i]-'0')
		}
		return v
	}
	d := Date{num(s[:4]), time.Month(num(s[4:6])), num(s[6:8])}
	// time.Date carries overflow into the next field (31 February → 3 March,
	// month 13 → January of the next year, day 0 → the last of the month
	// before), so a day that does not exist comes back changed.
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	if t.Year() != d.Year || t.Month() != d.Month || t.Day() != d.Day {
		return Date{}, false
	}
	return d, true
}

// MaskIDNumber shows an ID number as 5119**********1234 (domain.md §3): the
// first 4 characters (province and prefecture) and the last 4 kept, so staff
// can tell two students apart, while the county, the birth date and the
// sequence number stay hidden. Anything that is not 18 characters long is
// fully starred, since we cannot tell which part of it identifies a person.
func MaskIDNumber(s string) string {
	r := []rune(NormalizeIDNumber(s))
	if len(r) != 18 {
		return strings.Repeat("*", 18)
	}
	return string(r[:4]) + strings.Repeat("*", 10) + string(r[14:])
}

// AgeOn is the holder's age in whole years (周岁) on day: it goes up on the
// birthday itself, so someone born 2010-03-15 is 16 on 2026-03-15 and 15 the
// day before. Someone born on 29 February turns a year older on 1 March in
// common years; we chose 1 March over 28 February because until then the
// anniversary has not been reached, which is the cautious reading for rules
// that protect minors. A day before the birth gives 0.
func AgeOn(birth, day Date) int {
	if day.before(birth) {
		return 0
	}
	age := day.Year - birth.Year
	if day.Month < birth.Month || day.Month == birth.Month && day.Day < birth.Day {
		age--
	}
	return age
}
