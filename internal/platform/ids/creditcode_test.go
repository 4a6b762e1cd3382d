package ids_test

import (
	"errors"
	"testing"

	"huhang/internal/platform/ids"
)

// codeOf returns the Code of err ("" for nil) and fails the test when err is
// not an *ids.Error, since callers rely on that type to fill field errors.
func codeOf(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var e *ids.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %v is not *ids.Error", err, err)
	}
	if e.Message == "" || e.Error() != e.Message {
		t.Fatalf("error %+v: Error() must be the non-empty Chinese message", e)
	}
	return e.Code
}

// Character values: 0–9 → 0–9, A10 B11 C12 D13 E14 F15 G16 H17 J18 K19 L20
// M21 N22 P23 Q24 R25 T26 U27 W28 X29 Y30.
// Weights:          1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
// Check = (31 − sum mod 31) mod 31, mapped back to a character.
//
// Hand sums of the valid codes below (each repeated with an independent
// Python one-liner, not with this package):
//
//	91350100M000100Y43  GB 32100-2015's own example (福州, 350100):
//	  9·1+1·3+3·9+5·27+0·19+1·26+0·16+0·17+21·20+0·29+0·25+0·13+1·8+0·24+0·10+30·30+4·28
//	  = 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28; 31−28 = 3 → '3'
//	914403001922038216  widely published code of 华为技术有限公司 (深圳, 440300):
//	  9+3+36+108+0+78+0+0+20+261+50+26+0+72+80+60+28 = 831; 831 mod 31 = 25; 31−25 = 6 → '6'
//	91440300708461136T  widely published code of 深圳市腾讯计算机系统有限公司:
//	  9+3+36+108+0+78+0+0+140+0+200+52+48+24+10+90+168 = 966; 966 mod 31 = 5; 31−5 = 26 → 'T'
//	52511900MJ00000120  hand-made 民政/民办非企业单位 in 巴中 (511900):
//	  5+6+45+27+19+234+0+0+420+522+0+0+0+0+0+30+56 = 1364 = 31·44; mod 31 = 0; (31−0) mod 31 = 0 → '0'
//	Y1511900MA0000001L  hand-made 其他 (Y):
//	  30+3+45+27+19+234+0+0+420+290+0+0+0+0+0+0+28 = 1096; mod 31 = 11; 31−11 = 20 → 'L'
//	N2511921MA0000003D  hand-made 农业 (N), 通江县 511921:
//	  22+6+45+27+19+234+32+17+420+290+0+0+0+0+0+0+84 = 1196; mod 31 = 18; 31−18 = 13 → 'D'
//	91511902MAW0X12344  hand-made, so that W (28) and X (29) occur in the body:
//	  9+3+45+27+19+234+0+34+420+290+700+0+232+24+20+90+112 = 2259; mod 31 = 27; 31−27 = 4 → '4'
//	91511902MAW0X123CW  same body up to position 16 (sum 2259 − 4·28 = 2147), 17th C (12):
//	  2147 + 12·28 = 2483; mod 31 = 3; 31−3 = 28 → 'W'
//	91511902MAW0X1232X  17th 2: 2147 + 2·28 = 2203; mod 31 = 2; 31−2 = 29 → 'X'
//
// Variants that are checksum-valid but structurally wrong, so that only the
// structural rule can reject them:
//
//	B1350100M000100Y41  first char 9→B (11): 1640+2·1 = 1642; mod 31 = 30; 31−30 = 1 → '1'
//	01350100M000100Y4C  first char 9→0:      1640−9·1 = 1631; mod 31 = 19; 31−19 = 12 → 'C'
//	91A50100M000100Y42  third char 3→A (10): 1640+7·9 = 1703; mod 31 = 29; 31−29 = 2 → '2'
func TestCheckCreditCode(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want string // error code, "" for valid
	}{
		{"standard example", "91350100M000100Y43", ""},
		{"enterprise, digit check", "914403001922038216", ""},
		{"enterprise, letter check", "91440300708461136T", ""},
		{"sum divisible by 31 gives check 0", "52511900MJ00000120", ""},
		{"authority Y", "Y1511900MA0000001L", ""},
		{"authority N", "N2511921MA0000003D", ""},
		{"W and X in the body", "91511902MAW0X12344", ""},
		{"check W", "91511902MAW0X123CW", ""},
		{"check X", "91511902MAW0X1232X", ""},
		{"lower case is upper-cased", "91440300708461136t", ""},
		{"lower case everywhere", "91350100m000100y43", ""},
		{"surrounding spaces trimmed", " \t91350100M000100Y43\n", ""},
		{"ideographic space trimmed", "\u300091350100M000100Y43\u3000", ""},
		{"full-width input folded", "９１３５０１００Ｍ０００１００Ｙ４３", ""},

		{"empty", "", ids.CodeRequired},
		{"only spaces", "   ", ids.CodeRequired},
		{"17 characters", "91350100M000100Y4", ids.CodeLength},
		{"19 characters", "91350100M000100Y433", ids.CodeLength},
		{"15-digit old registration number", "440301103097413", ids.CodeLength},
		{"inner space makes 19", "9135010 0M000100Y43", ids.CodeLength},

		{"I present", "91350100M000100I43", ids.CodeCharacter},
		{"O present (typed for 0)", "91350100MO00100Y43", ids.CodeCharacter},
		{"lower-case o is still O", "91350100Mo00100Y43", ids.CodeCharacter},
		{"S present", "91350100M000100S43", ids.CodeCharacter},
		{"V present", "91350100M000100V43", ids.CodeCharacter},
		{"Z present", "91350100M000100Z43", ids.CodeCharacter},
		{"punctuation", "91350100M000100-43", ids.CodeCharacter},
		{"Chinese character", "91350100M000100号43", ids.CodeCharacter},

		{"authority B (checksum valid)", "B1350100M000100Y41", ids.CodeAuthority},
		{"authority 0 (checksum valid)", "01350100M000100Y4C", ids.CodeAuthority},
		{"letter in division code (checksum valid)", "91A50100M000100Y42", ids.CodeDivision},

		{"check char changed 3→4", "91350100M000100Y44", ids.CodeCheckDigit},
		// 17th char 4→5 adds 28 to the sum, not a multiple of 31.
		{"body digit changed", "91350100M000100Y53", ids.CodeCheckDigit},
		{"Huawei last digit changed", "914403001922038217", ids.CodeCheckDigit},
		// Swapping "38" to "83" at positions 14–15 changes the sum by
		// 5·24 − 5·10 = 70, not a multiple of 31.
		{"adjacent transposition", "914403001922083216", ids.CodeCheckDigit},
		{"Tencent check T→U", "91440300708461136U", ids.CodeCheckDigit},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := codeOf(t, ids.CheckCreditCode(tc.in)); got != tc.want {
				t.Errorf("CheckCreditCode(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// Every registration authority in circulation passes and no other does. Each
// code is the standard example with its first character swapped and the check
// recomputed by hand: without the first character the sum is 1640 − 9 = 1631,
// 1631 mod 31 = 19, so for a first character of value v the check value is
// (31 − (19 + v) mod 31) mod 31.
func TestCreditCodeAuthorities(t *testing.T) {
	cases := []struct {
		in   string
		want string
	}{
		{"11350100M000100Y4B", ""},                // v=1:  (19+1)=20  → 11 'B'
		{"21350100M000100Y4A", ""},                // v=2:  21 → 10 'A'
		{"31350100M000100Y49", ""},                // v=3:  22 → 9
		{"41350100M000100Y48", ""},                // v=4:  23 → 8
		{"51350100M000100Y47", ""},                // v=5:  24 → 7
		{"61350100M000100Y46", ""},                // v=6:  25 → 6
		{"71350100M000100Y45", ""},                // v=7:  26 → 5
		{"81350100M000100Y44", ""},                // v=8:  27 → 4
		{"91350100M000100Y43", ""},                // v=9:  28 → 3, the standard's own
		{"A1350100M000100Y42", ""},                // v=10: 29 → 2
		{"N1350100M000100Y4M", ""},                // v=22: 41 mod 31 = 10 → 21 'M'
		{"Y1350100M000100Y4D", ""},                // v=30: 49 mod 31 = 18 → 13 'D'
		{"B1350100M000100Y41", ids.CodeAuthority}, // v=11: 30 → 1
		{"C1350100M000100Y40", ids.CodeAuthority}, // v=12: 31 mod 31 = 0 → 0
		{"H1350100M000100Y4T", ids.CodeAuthority}, // v=17: 36 mod 31 = 5 → 26 'T'
		{"X1350100M000100Y4E", ids.CodeAuthority}, // v=29: 48 mod 31 = 17 → 14 'E'
	}
	for _, tc := range cases {
		if got := codeOf(t, ids.CheckCreditCode(tc.in)); got != tc.want {
			t.Errorf("CheckCreditCode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormalizeCreditCode(t *testing.T) {
	cases := map[string]string{
		" 91350100m000100y43 ": "91350100M000100Y43",
		"９１３５０１００ｍ０００１００ｙ４３": "91350100M000100Y43",
		"": "",
	}
	for in, want := range cases {
		if got := ids.NormalizeCreditCode(in); got != want {
			t.Errorf("NormalizeCreditCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCreditCodeMessages(t *testing.T) {
	cases := map[string]string{
		"91350100M000100Y4":  "统一社会信用代码应为 18 位，当前为 17 位",
		"91350100MO00100Y43": "统一社会信用代码第 10 位“O”无效：只能使用数字和大写字母，且不含 I、O、S、V、Z",
		"B1350100M000100Y41": "统一社会信用代码第 1 位（登记管理部门代码）不能是“B”",
		"91350100M000100Y44": "统一社会信用代码校验位错误，请逐位核对",
	}
	for in, want := range cases {
		err := ids.CheckCreditCode(in)
		if err == nil || err.Error() != want {
			t.Errorf("CheckCreditCode(%q) = %v, want %q", in, err, want)
		}
	}
}
