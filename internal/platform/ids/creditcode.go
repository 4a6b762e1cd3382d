package ids

import "strings"

// creditAlphabet holds the 31 characters of GB 32100-2015 in value order
// (0 → 0 … Y → 30). I, O, S, V and Z are absent because on a printed licence
// they are too easily read as 1, 0, 5, U and 2.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditWeights are the position weights of the first 17 characters. They are
// 3^i mod 31, which is how the literal list below can be checked by eye.
var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// creditAuthorities are the registration-authority codes (first character).
// GB 32100-2015 itself lists 1 机构编制, 5 民政, 9 工商 and Y 其他; the code
// service centre later assigned 2 外交, 3 司法行政, 4 文化, 6 旅游, 7 宗教,
// 8 工会, A 中央军委改革和编制办公室 and N 农业, and licences with those
// prefixes are in circulation, so refusing them would lock out real units.
const creditAuthorities = "123456789ANY"

// NormalizeCreditCode is the form in which a credit code is stored and
// compared: full-width characters folded, spaces trimmed, letters upper-cased
// (licences print upper case; people type lower case).
func NormalizeCreditCode(s string) string {
	return strings.ToUpper(normalize(s))
}

// CheckCreditCode validates a unified social credit code (GB 32100-2015)
// after normalising it as NormalizeCreditCode does; store the normalised
// form. It returns nil or an *Error. Structure is checked before the check
// character so that the message points at the part that is wrong.
func CheckCreditCode(s string) error {
	code := NormalizeCreditCode(s)
	if code == "" {
		return fail(CodeRequired, "请填写统一社会信用代码")
	}
	if n := runeCount(code); n != 18 {
		return fail(CodeLength, "统一社会信用代码应为 18 位，当前为 %d 位", n)
	}
	for i, r := range []rune(code) {
		if !strings.ContainsRune(creditAlphabet, r) {
			return fail(CodeCharacter, "统一社会信用代码第 %d 位“%c”无效：只能使用数字和大写字母，且不含 I、O、S、V、Z", i+1, r)
		}
	}
	// From here on every character is ASCII, so byte indexing is safe.
	if !strings.ContainsRune(creditAuthorities, rune(code[0])) {
		return fail(CodeAuthority, "统一社会信用代码第 1 位（登记管理部门代码）不能是“%c”", code[0])
	}
	if !allDigits(code[2:8]) {
		return fail(CodeDivision, "统一社会信用代码第 3–8 位应为 6 位数字的行政区划代码")
	}
	sum := 0
	for i, w := range creditWeights {
		sum += strings.IndexByte(creditAlphabet, code[i]) * w
	}
	if want := creditAlphabet[(31-sum%31)%31]; code[17] != want {
		return fail(CodeCheckDigit, "统一社会信用代码校验位错误，请逐位核对")
	}
	return nil
}
