package rules_test

import (
	"math"
	"strings"
	"testing"

	"huhang/internal/platform/clock"
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

func TestRecheckHostAtPropose(t *testing.T) {
	start := day(t, "2026-09-01")
	host := rules.HostInput{ID: "h1", Name: "巴中华兴机械有限公司"}
	post := rules.PostInput{ID: "p1", Name: "数控车床操作员", HostID: "h1", LabourGrade: 2}
	failed := func(h rules.HostInput, p rules.PostInput) []string {
		var out []string
		for _, r := range rules.RecheckHost(h, p, start) {
			if !r.Passed {
				out = append(out, r.Rule)
			}
		}
		return out
	}
	if f := failed(host, post); len(f) != 0 {
		t.Fatalf("clean host fails %v", f)
	}
	changed := host
	changed.Intermediary = true
	changed.SafetyViolations = []clock.Date{day(t, "2023-09-02")} // one day inside the 3 years
	heavy := post
	heavy.LabourGrade = 3
	if f := strings.Join(failed(changed, heavy), ","); f != "R-INTERMEDIARY,R-LABOUR3,R-SAFETY3Y" {
		t.Fatalf("facts changed after approval: %s", f)
	}
	changed.Intermediary, changed.SafetyViolations = false, []clock.Date{day(t, "2023-09-01")} // exactly 3 years: outside
	if f := failed(changed, post); len(f) != 0 {
		t.Fatalf("a violation exactly 3 years before: %v", f)
	}
}
