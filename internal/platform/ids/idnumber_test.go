package ids_test

import (
	"testing"
	"time"

	"huhang/internal/platform/ids"
)

// today is 2026-03-15 10:00 in Beijing.
var today = time.Date(2026, 3, 15, 2, 0, 0, 0, time.UTC)

// Check character = "10X98765432"[sum mod 11], weights on the first 17 digits
// 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2. Hand sums (each repeated with an
// independent Python one-liner, not with this package):
//
//	11010519491231002X  GB 11643-1999's own example (北京朝阳 110105, 1949-12-31, 002 female):
//	  1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2
//	  = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → 'X'
//	440524188001010014  GB 11643-1999's second example (1880-01-01):
//	  28+36+0+25+16+16+2+8+48+0+0+9+0+5+0+0+2 = 195; 195 mod 11 = 8 → '4'
//
// Hand-made numbers for 巴中. The first six digits 511902 (巴州区) always
// contribute 5·7+1·9+1·10+9·5+0·8+2·4 = 107; the tail sums are:
//
//	511902201003151239  2010-03-15, 123 male:  2·2+0+1·6+0+0+3·9+1·10+5·5+1·8+2·4+3·2 = 94;  201 mod 11 = 3 → '9'
//	511902200002290021  2000-02-29, 002 female: 4+0+0+0+0+18+20+45+0+0+4 = 91;               198 mod 11 = 0 → '1'
//	51190219000101001X  1900-01-01, 001:        2+9+0+0+0+9+0+5+0+0+2 = 27;                  134 mod 11 = 2 → 'X'
//	511902189912310015  1899-12-31:             2+8+54+27+7+18+30+5+0+0+2 = 153;             260 mod 11 = 7 → '5'
//	511902190002290017  1900-02-29 (no such day): 2+9+0+0+0+18+20+45+0+0+2 = 96;             203 mod 11 = 5 → '7'
//	511902202602310013  2026-02-31 (no such day): 4+0+12+18+0+18+30+5+0+0+2 = 89;            196 mod 11 = 9 → '3'
//	511902201013010018  month 13:               4+0+6+0+7+27+0+5+0+0+2 = 51;                 158 mod 11 = 4 → '8'
//	511902201003000019  day 00:                 4+0+6+0+0+27+0+0+0+0+2 = 39;                 146 mod 11 = 3 → '9'
//	511902202603150015  2026-03-15 (today):     4+0+12+18+0+27+10+25+0+0+2 = 98;             205 mod 11 = 7 → '5'
//	511902202603160010  2026-03-16 (tomorrow):  4+0+12+18+0+27+10+30+0+0+2 = 103;            210 mod 11 = 1 → '0'
//
//	511921200802290467  通江县 511921, 2008-02-29, 046 female:
//	  35+9+10+45+16+4 + 4+0+0+24+0+18+20+45+0+16+12 = 258; 258 mod 11 = 5 → '7'
//	011902201003151230  first digit 0:  first six give 72, + 94 = 166; 166 mod 11 = 1 → '0'
//	911902201003151233  first digit 9:  first six give 135, + 94 = 229; 229 mod 11 = 9 → '3'
func TestParseIDNumber(t *testing.T) {
	type want struct {
		norm   string
		birth  ids.Date
		gender ids.Gender
		div    string
	}
	valid := []struct {
		name string
		in   string
		want want
	}{
		{"standard example", "11010519491231002X",
			want{"11010519491231002X", ids.Date{Year: 1949, Month: time.December, Day: 31}, ids.GenderFemale, "110105"}},
		{"lower-case x", "11010519491231002x",
			want{"11010519491231002X", ids.Date{Year: 1949, Month: time.December, Day: 31}, ids.GenderFemale, "110105"}},
		{"Bazhong male", "511902201003151239",
			want{"511902201003151239", ids.Date{Year: 2010, Month: time.March, Day: 15}, ids.GenderMale, "511902"}},
		{"spaces trimmed", " 511902201003151239\u3000",
			want{"511902201003151239", ids.Date{Year: 2010, Month: time.March, Day: 15}, ids.GenderMale, "511902"}},
		{"full-width digits", "５１１９０２２０１００３１５１２３９",
			want{"511902201003151239", ids.Date{Year: 2010, Month: time.March, Day: 15}, ids.GenderMale, "511902"}},
		{"leap day 2008, Tongjiang female", "511921200802290467",
			want{"511921200802290467", ids.Date{Year: 2008, Month: time.February, Day: 29}, ids.GenderFemale, "511921"}},
		{"leap day 2000 (century divisible by 400), check '1'", "511902200002290021",
			want{"511902200002290021", ids.Date{Year: 2000, Month: time.February, Day: 29}, ids.GenderFemale, "511902"}},
		{"earliest allowed birth 1900-01-01", "51190219000101001X",
			want{"51190219000101001X", ids.Date{Year: 1900, Month: time.January, Day: 1}, ids.GenderMale, "511902"}},
		{"born today", "511902202603150015",
			want{"511902202603150015", ids.Date{Year: 2026, Month: time.March, Day: 15}, ids.GenderMale, "511902"}},
	}
	for _, tc := range valid {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ids.ParseIDNumber(tc.in, today)
			if err != nil {
				t.Fatalf("ParseIDNumber(%q): %v", tc.in, err)
			}
			w := tc.want
			if got.Normalized != w.norm || got.BirthDate != w.birth || got.Gender != w.gender || got.DivisionCode != w.div {
				t.Errorf("ParseIDNumber(%q) = %+v, want %+v", tc.in, got, w)
			}
		})
	}

	invalid := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", ids.CodeRequired},
		{"spaces only", " \u3000 ", ids.CodeRequired},
		{"15-digit first-generation number", "511902100315123", ids.CodeLength},
		{"17 characters", "51190220100315123", ids.CodeLength},
		{"19 characters", "5119022010031512390", ids.CodeLength},
		{"letter in the body", "51190220100315A239", ids.CodeCharacter},
		{"X before the end", "5119022010031512X9", ids.CodeCharacter},
		{"check letter other than X", "51190220100315123Y", ids.CodeCharacter},
		{"inner space", "511902 01003151239", ids.CodeCharacter},
		{"division starting 0 (checksum valid)", "011902201003151230", ids.CodeDivision},
		{"division starting 9 (checksum valid)", "911902201003151233", ids.CodeDivision},
		{"1900 was not a leap year (checksum valid)", "511902190002290017", ids.CodeBirthDate},
		{"31 February (checksum valid)", "511902202602310013", ids.CodeBirthDate},
		{"month 13 (checksum valid)", "511902201013010018", ids.CodeBirthDate},
		{"day 00 (checksum valid)", "511902201003000019", ids.CodeBirthDate},
		{"1899-12-31 (checksum valid)", "511902189912310015", ids.CodeBirthDate},
		{"standard's 1880 example is before 1900", "440524188001010014", ids.CodeBirthDate},
		{"born tomorrow (checksum valid)", "511902202603160010", ids.CodeBirthDate},
		// 17th digit 3→2 lowers the sum by 2: 199 mod 11 = 1 → '0', not '9'.
		{"one digit changed", "511902201003151229", ids.CodeCheckDigit},
		// Swapping positions 15–16 ("12"→"21") adds 1·8 − 1·4 = 4: 205 mod 11 = 7 → '5'.
		{"adjacent transposition", "511902201003152139", ids.CodeCheckDigit},
		{"X expected, 0 given", "110105194912310020", ids.CodeCheckDigit},
		{"check changed 9→X", "51190220100315123X", ids.CodeCheckDigit},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ids.ParseIDNumber(tc.in, today)
			if code := codeOf(t, err); code != tc.want {
				t.Errorf("ParseIDNumber(%q) error code %q, want %q", tc.in, code, tc.want)
			}
			if got != (ids.IDNumber{}) {
				t.Errorf("ParseIDNumber(%q) returned %+v alongside an error", tc.in, got)
			}
		})
	}
}

// Every one of the 11 check characters must be recognised, and the two
// lists (weights, characters) must line up position by position. The family
// 511902 20100315 12d has sum 107 (511902) + 72 (20100315) + 1·8 + 2·4 + d·2
// = 195 + 2d, and 195 mod 11 = 8.
func TestIDNumberEveryCheckCharacter(t *testing.T) {
	valid := []string{
		"511902201003151204", // d=0: 195 mod 11 = 8  → '4'
		"511902201003151212", // d=1: 197 mod 11 = 10 → '2'
		"511902201003151220", // d=2: 199 mod 11 = 1  → '0'
		"511902201003151239", // d=3: 201 mod 11 = 3  → '9'
		"511902201003151247", // d=4: 203 mod 11 = 5  → '7'
		"511902201003151255", // d=5: 205 mod 11 = 7  → '5'
		"511902201003151263", // d=6: 207 mod 11 = 9  → '3'
		"511902201003151271", // d=7: 209 mod 11 = 0  → '1'
		"51190220100315128X", // d=8: 211 mod 11 = 2  → 'X'
		"511902201003151298", // d=9: 213 mod 11 = 4  → '8'
		// Sequence 138: the middle digit 3 adds 4 more, 199 + 16 = 215,
		// 215 mod 11 = 6 → '6', the one character the family above misses.
		"511902201003151386",
	}
	for _, in := range valid {
		got, err := ids.ParseIDNumber(in, today)
		if err != nil {
			t.Errorf("ParseIDNumber(%q): %v", in, err)
			continue
		}
		wantGender := ids.GenderFemale
		if (in[16]-'0')%2 == 1 {
			wantGender = ids.GenderMale
		}
		if got.Gender != wantGender {
			t.Errorf("ParseIDNumber(%q).Gender = %q, want %q", in, got.Gender, wantGender)
		}
	}
}

// The platform clock is UTC; "today" must be the Beijing calendar day.
func TestParseIDNumberTodayIsBeijing(t *testing.T) {
	const bornMarch16 = "511902202603160010"
	cases := []struct {
		now  string
		want string
	}{
		{"2026-03-15T15:59:59Z", ids.CodeBirthDate}, // 23:59:59 on the 15th in Beijing
		{"2026-03-15T16:00:00Z", ""},                // 00:00 on the 16th in Beijing
		{"2026-03-16T00:00:00+08:00", ""},
		{"2026-03-15T23:59:59+08:00", ids.CodeBirthDate},
	}
	for _, tc := range cases {
		now, err := time.Parse(time.RFC3339, tc.now)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ids.ParseIDNumber(bornMarch16, now)
		if got := codeOf(t, err); got != tc.want {
			t.Errorf("today %s: got %q, want %q", tc.now, got, tc.want)
		}
	}
}

func TestIDNumberMessages(t *testing.T) {
	cases := map[string]string{
		"511902100315123":    "请填写 18 位身份证号码（15 位旧号码已停用）",
		"51190220100315123":  "身份证号码应为 18 位，当前为 17 位",
		"5119022010031512X9": "身份证号码第 17 位“X”无效：前 17 位只能是数字，最后一位只能是数字或 X",
		"511902202602310013": "身份证号码中的出生日期 20260231 不存在",
		"511902189912310015": "身份证号码中的出生日期 1899-12-31 早于 1900 年",
		"511902202603160010": "身份证号码中的出生日期 2026-03-16 晚于今天",
		"511902201003151229": "身份证号码校验位错误，请逐位核对",
	}
	for in, want := range cases {
		_, err := ids.ParseIDNumber(in, today)
		if err == nil || err.Error() != want {
			t.Errorf("ParseIDNumber(%q) = %v, want %q", in, err, want)
		}
	}
}

func TestMaskIDNumber(t *testing.T) {
	cases := map[string]string{
		"511902201003151239":   "5119**********1239",
		"11010519491231002x":   "1101**********002X",
		" 511902201003151239 ": "5119**********1239",
		// Masking does not validate: stored legacy values must still be hidden.
		"511902201003151238": "5119**********1238",
		"5119022010031512":   "******************",
		"511902100315123":    "******************",
		"":                   "******************",
	}
	for in, want := range cases {
		if got := ids.MaskIDNumber(in); got != want {
			t.Errorf("MaskIDNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAgeOn(t *testing.T) {
	d := func(y int, m time.Month, day int) ids.Date { return ids.Date{Year: y, Month: m, Day: day} }
	cases := []struct {
		name       string
		birth, day ids.Date
		want       int
	}{
		{"day before 16th birthday", d(2010, 3, 15), d(2026, 3, 14), 15},
		{"16th birthday", d(2010, 3, 15), d(2026, 3, 15), 16},
		{"day after", d(2010, 3, 15), d(2026, 3, 16), 16},
		{"earlier month", d(2010, 3, 15), d(2026, 2, 28), 15},
		{"later month, earlier day", d(2010, 3, 15), d(2026, 4, 1), 16},
		{"new year's eve birth, day before", d(2010, 12, 31), d(2026, 12, 30), 15},
		{"new year's eve birth, birthday", d(2010, 12, 31), d(2026, 12, 31), 16},
		{"new year's eve birth, next day", d(2010, 12, 31), d(2027, 1, 1), 16},

		// 29 February: the birthday is reached on 29 February in leap years
		// and on 1 March otherwise. A 16th birthday always falls in a leap
		// year until 2100, so the 17th and 18th show the common-year rule.
		{"29 Feb, 16th in leap 2024, day before", d(2008, 2, 29), d(2024, 2, 28), 15},
		{"29 Feb, 16th in leap 2024", d(2008, 2, 29), d(2024, 2, 29), 16},
		{"29 Feb, common 2025, 28 Feb", d(2008, 2, 29), d(2025, 2, 28), 16},
		{"29 Feb, common 2025, 1 Mar", d(2008, 2, 29), d(2025, 3, 1), 17},
		{"29 Feb, 18th in common 2026, 28 Feb", d(2008, 2, 29), d(2026, 2, 28), 17},
		{"29 Feb, 18th in common 2026, 1 Mar", d(2008, 2, 29), d(2026, 3, 1), 18},
		{"29 Feb 2084, 16th in common 2100, 28 Feb", d(2084, 2, 29), d(2100, 2, 28), 15},
		{"29 Feb 2084, 16th in common 2100, 1 Mar", d(2084, 2, 29), d(2100, 3, 1), 16},

		{"day of birth", d(2010, 3, 15), d(2010, 3, 15), 0},
		{"day before birth", d(2010, 3, 15), d(2010, 3, 14), 0},
		{"year before birth", d(2010, 3, 15), d(2009, 1, 1), 0},
	}
	for _, tc := range cases {
		if got := ids.AgeOn(tc.birth, tc.day); got != tc.want {
			t.Errorf("%s: AgeOn(%s, %s) = %d, want %d", tc.name, tc.birth, tc.day, got, tc.want)
		}
	}
}

func TestDateString(t *testing.T) {
	if got := (ids.Date{Year: 2008, Month: time.February, Day: 9}).String(); got != "2008-02-09" {
		t.Errorf("got %q", got)
	}
}
