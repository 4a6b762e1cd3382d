package rules_test

import (
	"math"
	"strings"
	"testing"

	"huhang/internal/rules"
)

func TestPayMeetsArt18(t *testing.T) {
	cases := []struct {
		name              string
		pay, wage, lowest int64
		passed            bool
		standard          rules.PayStandard
		floor             int64
		msgContains       []string
	}{
		{name: "exactly 80% of the post wage", pay: 320000, wage: 400000, passed: true, standard: rules.PayStandardPostWage,
			floor: 320000, msgContains: []string{"3200.00 元", "4000.00 元", "相同岗位工资 80% 的标准", "最低档工资标准未申报"}},
		{name: "one fen below 80%, no lowest grade", pay: 319999, wage: 400000, floor: 320000,
			msgContains: []string{"3199.99 元", "4000.00 元", "3200.00 元", "既低于"}},
		{name: "below 80% but exactly the lowest grade", pay: 250000, wage: 400000, lowest: 250000, passed: true,
			standard: rules.PayStandardLowestGrade, floor: 320000,
			msgContains: []string{"2500.00 元", "达到本单位最低档工资标准", "3200.00 元", "4000.00 元"}},
		{name: "one fen below both", pay: 249999, wage: 400000, lowest: 250000, floor: 320000,
			msgContains: []string{"2499.99 元", "2500.00 元", "3200.00 元", "既低于"}},
		{name: "only a lowest grade, met", pay: 200000, lowest: 200000, passed: true, standard: rules.PayStandardLowestGrade,
			msgContains: []string{"相同岗位工资未申报", "2000.00 元"}},
		{name: "only a lowest grade, one fen short", pay: 199999, lowest: 200000},
		{name: "both met names the post wage", pay: 500000, wage: 400000, lowest: 200000, passed: true,
			standard: rules.PayStandardPostWage, floor: 320000},
		{name: "odd wage rounds the floor up", pay: 320000, wage: 399999, passed: true, standard: rules.PayStandardPostWage, floor: 320000},
		{name: "odd wage one fen less", pay: 319999, wage: 399999, floor: 320000},
		{name: "nothing declared", pay: 300000, msgContains: []string{"未申报相同岗位工资和本单位最低档工资标准"}},
		{name: "no overflow at the extremes", pay: math.MaxInt64, wage: math.MaxInt64, lowest: math.MaxInt64, passed: true,
			standard: rules.PayStandardPostWage, floor: rules.PayThresholdFen(math.MaxInt64)},
		{name: "negative pay fails", pay: -1, wage: 100, lowest: 1, floor: 80},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := rules.PayMeetsArt18(tc.pay, tc.wage, tc.lowest)
			if v.Passed != tc.passed || v.Standard != tc.standard || v.PostFloorFen != tc.floor {
				t.Fatalf("got %+v, want passed=%v standard=%q floor=%d", v, tc.passed, tc.standard, tc.floor)
			}
			msg := v.Describe("月实习报酬")
			assertChinese(t, msg)
			for _, want := range tc.msgContains {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
		})
	}
	if f := rules.PayThresholdFen(math.MaxInt64); f <= 0 {
		t.Fatalf("threshold overflowed: %d", f)
	}
}
