package rules

import "fmt"

// MaxFen caps every amount of money the platform accepts (wage, pay, fees):
// 1,000,000 yuan. Far above any monthly wage, and small enough that every
// product the rules take (×100, ×80) stays far inside int64.
const MaxFen int64 = 100_000_000

// MaxCount caps every head count the platform accepts (staff, planned
// interns, posts' headcounts): 100,000, so sums and ×10 stay small.
const MaxCount = 100_000

// PayStandard is the Art 18 standard a pay was measured against.
type PayStandard string

const (
	// PayStandardNone: the pay meets neither standard (or none is declared).
	PayStandardNone PayStandard = ""
	// PayStandardPostWage: at least 80% of the wage of the same post.
	PayStandardPostWage PayStandard = "post_wage_80"
	// PayStandardLowestGrade: at least the host's lowest-grade wage
	// (本单位最低档工资标准).
	PayStandardLowestGrade PayStandard = "lowest_grade"
)

// PayVerdict is what PayMeetsArt18 decided, with every figure it used, so a
// message (plan submit or monthly pay record) can name the standard applied
// and both figures.
type PayVerdict struct {
	Passed bool
	// Standard is the standard the pay met; when both are met the post-wage
	// standard is named first because Art 18 names it first. None when failed.
	Standard PayStandard
	PayFen   int64
	// PostWageFen is the declared wage of the same post; 0 when not declared.
	PostWageFen int64
	// PostFloorFen is 80% of PostWageFen rounded up to a whole fen (the least
	// pay meeting that standard); 0 when no post wage is declared.
	PostFloorFen int64
	// LowestGradeFen is the host's lowest-grade wage; 0 when not declared.
	LowestGradeFen int64
	// HasPostWage and HasLowestGrade say which standards could be measured.
	HasPostWage, HasLowestGrade bool
}

// PayMeetsArt18 is the pure comparison of R-PAY (Art 18 ¶1 of 教职成〔2021〕4号:
// 岗位实习报酬 "原则上不低于本单位相同岗位试用期工资标准的80%或最低档工资标准"):
// the pay passes when it reaches 80% of the same post's wage OR the host's
// lowest-grade wage, whichever it meets. A standard that is not declared
// (zero or less) cannot be met: with neither declared nothing shows the pay
// is fair, so it fails, which protects the student. Integer fen only and no
// overflow for any int64 input: 80% is computed by PayThresholdFen, which
// splits the wage at a multiple of 5, and nothing is multiplied otherwise.
func PayMeetsArt18(payFen, postWageFen, lowestGradeFen int64) PayVerdict {
	v := PayVerdict{PayFen: payFen}
	if postWageFen > 0 {
		v.HasPostWage, v.PostWageFen, v.PostFloorFen = true, postWageFen, PayThresholdFen(postWageFen)
	}
	if lowestGradeFen > 0 {
		v.HasLowestGrade, v.LowestGradeFen = true, lowestGradeFen
	}
	switch {
	case v.HasPostWage && payFen >= v.PostFloorFen:
		v.Passed, v.Standard = true, PayStandardPostWage
	case v.HasLowestGrade && payFen >= lowestGradeFen:
		v.Passed, v.Standard = true, PayStandardLowestGrade
	}
	return v
}

// Describe is the Chinese sentence for a verdict: the standard applied and
// both figures, in yuan. subject names what was paid, e.g. "岗位“焊工”月实习报酬".
func (v PayVerdict) Describe(subject string) string {
	figures := v.Figures()
	switch v.Standard {
	case PayStandardPostWage:
		return fmt.Sprintf("%s %s，达到相同岗位工资 80%% 的标准（%s）", subject, yuan(v.PayFen), figures)
	case PayStandardLowestGrade:
		return fmt.Sprintf("%s %s，达到本单位最低档工资标准（%s）", subject, yuan(v.PayFen), figures)
	}
	if !v.HasPostWage && !v.HasLowestGrade {
		return fmt.Sprintf("%s %s，未申报相同岗位工资和本单位最低档工资标准，无法核对是否符合第十八条（%s）",
			subject, yuan(v.PayFen), figures)
	}
	return fmt.Sprintf("%s %s，既低于相同岗位工资的 80%%，也低于本单位最低档工资标准（%s）", subject, yuan(v.PayFen), figures)
}

// Figures are both standards as a sentence in yuan, whatever the verdict, so
// every message shows the whole comparison.
func (v PayVerdict) Figures() string {
	post := "相同岗位工资未申报"
	if v.HasPostWage {
		post = fmt.Sprintf("相同岗位工资 %s的 80%% 为 %s", yuan(v.PostWageFen), yuan(v.PostFloorFen))
	}
	lowest := "本单位最低档工资标准未申报"
	if v.HasLowestGrade {
		lowest = fmt.Sprintf("本单位最低档工资标准为 %s", yuan(v.LowestGradeFen))
	}
	return post + "，" + lowest
}

// RequiredFen is the least pay that meets Art 18: the lower of the declared
// standards, or 0 when neither is declared.
func (v PayVerdict) RequiredFen() int64 {
	switch {
	case v.HasPostWage && v.HasLowestGrade:
		return min(v.PostFloorFen, v.LowestGradeFen)
	case v.HasPostWage:
		return v.PostFloorFen
	case v.HasLowestGrade:
		return v.LowestGradeFen
	}
	return 0
}
