package ids_test

import (
	"testing"

	"huhang/internal/platform/ids"
)

func TestCheckMobile(t *testing.T) {
	cases := []struct {
		in   string
		want string
	}{
		{"13800138000", ""},
		{"19912345678", ""},
		{"13000000000", ""}, // lowest allowed second digit
		{"19999999999", ""},
		{" 13800138000 ", ""},
		{"１３８００１３８０００", ""}, // full-width input method
		{"", ids.CodeRequired},
		{"12345678901", ids.CodePrefix}, // second digit 2, just below the range
		{"10086000000", ids.CodePrefix},
		{"23800138000", ids.CodePrefix},
		{"03800138000", ids.CodePrefix},
		{"1380013800", ids.CodeLength},   // 10 digits
		{"138001380001", ids.CodeLength}, // 12 digits
		{"1380013800a", ids.CodeLength},
		{"138 0013 8000", ids.CodeLength},
		{"138-0013-8000", ids.CodeLength},
		{"+8613800138000", ids.CodeLength},
	}
	for _, tc := range cases {
		if got := codeOf(t, ids.CheckMobile(tc.in)); got != tc.want {
			t.Errorf("CheckMobile(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := ids.NormalizeMobile(" １３８００１３８０００ "); got != "13800138000" {
		t.Errorf("NormalizeMobile = %q", got)
	}
}

func TestCheckDivisionCodeFormat(t *testing.T) {
	cases := []struct {
		in   string
		want string
	}{
		{"511902", ""},
		{"100000", ""}, // first digit 1, the lower bound
		{"810000", ""}, // first digit 8, the upper bound (香港)
		{" 511900 ", ""},
		{"", ids.CodeRequired},
		{"000000", ids.CodePrefix},
		{"011902", ids.CodePrefix},
		{"900000", ids.CodePrefix},
		{"51190", ids.CodeLength},
		{"5119021", ids.CodeLength},
		{"51190a", ids.CodeLength},
		{"51 902", ids.CodeLength},
	}
	for _, tc := range cases {
		if got := codeOf(t, ids.CheckDivisionCodeFormat(tc.in)); got != tc.want {
			t.Errorf("CheckDivisionCodeFormat(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDivisionPrefixAndLevel(t *testing.T) {
	cases := []struct {
		in     string
		prefix string
		level  string
	}{
		{"510000", "51", ids.LevelProvince},
		{"511900", "5119", ids.LevelCity},
		{"511921", "511921", ids.LevelCounty},
		{"110101", "110101", ids.LevelCounty},
		{"110100", "1101", ids.LevelCity},
		{"100000", "10", ids.LevelProvince},
		{"500000", "50", ids.LevelProvince},
		{"510100", "5101", ids.LevelCity},
		{"510001", "510001", ids.LevelCounty}, // only whole "00" pairs are dropped
		{"510010", "510010", ids.LevelCounty},
		{"511000", "5110", ids.LevelCity}, // "1000": the last pair only
		{"419001", "419001", ids.LevelCounty},
		{" 511900 ", "5119", ids.LevelCity},
		{"", "", ""},
		{"000000", "", ""},
		{"51000", "", ""},
		{"5100000", "", ""},
		{"51000a", "", ""},
	}
	for _, tc := range cases {
		if got := ids.DivisionPrefix(tc.in); got != tc.prefix {
			t.Errorf("DivisionPrefix(%q) = %q, want %q", tc.in, got, tc.prefix)
		}
		if got := ids.DivisionLevel(tc.in); got != tc.level {
			t.Errorf("DivisionLevel(%q) = %q, want %q", tc.in, got, tc.level)
		}
	}
}
