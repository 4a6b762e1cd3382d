package ids

// NormalizeMobile is the stored form of a mobile number: full-width digits
// folded and spaces trimmed. A +86 prefix or inner separators are not removed;
// the form asks for the 11 digits and says so when it gets something else.
func NormalizeMobile(s string) string { return normalize(s) }

// CheckMobile validates a mainland mobile number: 11 digits starting with 13
// to 19, the ranges the MIIT has assigned to mobile networks. Whether the
// number is in service is for an SMS code to prove, not for this check.
func CheckMobile(s string) error {
	m := NormalizeMobile(s)
	if m == "" {
		return fail(CodeRequired, "请填写手机号码")
	}
	if runeCount(m) != 11 || !allDigits(m) {
		return fail(CodeLength, "手机号码应为 11 位数字")
	}
	if m[0] != '1' || m[1] < '3' {
		return fail(CodePrefix, "手机号码应以 13–19 开头")
	}
	return nil
}
