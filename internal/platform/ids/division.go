package ids

// CheckDivisionCodeFormat checks that code looks like a GB/T 2260
// administrative division code: 6 digits, the first 1–8 (the regions; 8 is
// Hong Kong, Macao and Taiwan). Whether the code exists is a database
// question, answered elsewhere. Only surrounding spaces are forgiven.
func CheckDivisionCodeFormat(code string) error {
	c := normalize(code)
	if c == "" {
		return fail(CodeRequired, "请填写行政区划代码")
	}
	if runeCount(c) != 6 || !allDigits(c) {
		return fail(CodeLength, "行政区划代码应为 6 位数字")
	}
	if c[0] < '1' || c[0] > '8' {
		return fail(CodePrefix, "行政区划代码首位应为 1 到 8")
	}
	return nil
}

// DivisionPrefix is the prefix shared by code and every division under it,
// for scoping queries to a subtree: trailing "00" pairs are dropped, keeping
// at least the two province digits (510000 → "51", 511900 → "5119",
// 511921 → "511921").
//
// A malformed code gives "". Never turn "" into a LIKE pattern: it would
// match the whole country. Callers must treat "" as "no scope".
func DivisionPrefix(code string) string {
	if CheckDivisionCodeFormat(code) != nil {
		return ""
	}
	c := normalize(code)
	switch {
	case c[2:] == "0000":
		return c[:2]
	case c[4:] == "00":
		return c[:4]
	}
	return c
}

// Division levels returned by DivisionLevel.
const (
	LevelProvince = "province"
	LevelCity     = "city"
	LevelCounty   = "county"
)

// DivisionLevel tells the level of a division by the same rule as
// DivisionPrefix, so a level and its prefix length always agree (2, 4 or 6
// digits). The rule is about the code, not the administration: 110100 (北京市
// 市辖区) reads as a city, 419001 (济源市, directly under the province) as a
// county. A malformed code gives "".
func DivisionLevel(code string) string {
	switch len(DivisionPrefix(code)) {
	case 2:
		return LevelProvince
	case 4:
		return LevelCity
	case 6:
		return LevelCounty
	}
	return ""
}
