package rules

import (
	"fmt"
	"time"

	"huhang/internal/platform/clock"
)

// Art 12: "岗位实习时间一般为6个月". 一般 makes six months the norm, not a
// ceiling: a longer post internship is a departure the reviewing bureau
// sees and accepts with a reason (or returns), so the rule is an override
// and its message says so. The start day is the first internship day, so
// six months end the day before the same day-of-month 6 months later:
// 2026-03-01 runs to 2026-08-31. When that month has no such day the
// internship may run to its end: 2026-08-31 runs to 2027-02-28.
func checkDuration(in PlanInput, _ *clock.Calendar, _ Options) []finding {
	last := lastDayOfMonths(in.StartsOn, 6)
	f := finding{subject: subjectPlan, passed: !last.Before(in.EndsOn)}
	if f.passed {
		f.message = fmt.Sprintf("岗位实习自 %s 至 %s，未超过一般的 6 个月（6 个月至 %s）", in.StartsOn, in.EndsOn, last)
	} else {
		f.message = fmt.Sprintf("岗位实习自 %s 至 %s，长于第十二条所说的一般 6 个月（6 个月至 %s）；"+
			"6 个月是一般要求而非上限，须说明理由，由审核部门决定是否接受", in.StartsOn, in.EndsOn, last)
	}
	return []finding{f}
}

// MaxPlanYears bounds a plan's length as an input limit: no internship
// plan runs longer than a three-year programme.
const MaxPlanYears = 3

// LastDayOfPlan is the last day a plan starting on d may end on: the day
// before the same day MaxPlanYears later (2026-09-01 → 2029-08-31).
func LastDayOfPlan(d clock.Date) clock.Date { return lastDayOfMonths(d, 12*MaxPlanYears) }

// Local rule: the bureau needs N working days to review a plan. Both ends
// are excluded: the submission day is already under way and the plan must
// be filed before its first day, so only the working days strictly between
// submission and start count, using the official calendar (a make-up
// Saturday counts, a Golden Week weekday does not).
func checkLeadTime(in PlanInput, cal *clock.Calendar, opts Options) []finding {
	need := opts.leadTime()
	n := cal.WorkingDaysBetween(in.SubmittedOn.AddDays(1), in.StartsOn)
	f := finding{subject: subjectPlan, passed: n >= need}
	if f.passed {
		f.message = fmt.Sprintf("方案于 %s 提交，距实习开始日 %s 有 %d 个工作日，不少于 %d 个工作日",
			in.SubmittedOn, in.StartsOn, n, need)
	} else {
		f.message = fmt.Sprintf("方案于 %s 提交，距实习开始日 %s 仅有 %d 个工作日，少于 %d 个工作日，审批备案时间可能不足",
			in.SubmittedOn, in.StartsOn, n, need)
	}
	return []finding{f}
}

// lastDayOfMonths is the last day of a span of n calendar months starting on d.
func lastDayOfMonths(d clock.Date, n int) clock.Date {
	y, m := d.Year, d.Month+time.Month(n)
	for m > 12 {
		y, m = y+1, m-12
	}
	if d.Day <= daysIn(y, m) {
		return clock.Date{Year: y, Month: m, Day: d.Day}.AddDays(-1)
	}
	return clock.Date{Year: y, Month: m, Day: daysIn(y, m)}
}

// yearsBefore is the same day n years earlier, or the last day of that
// month when it has no such day (29 February → 28 February).
func yearsBefore(d clock.Date, n int) clock.Date {
	y := d.Year - n
	return clock.Date{Year: y, Month: d.Month, Day: min(d.Day, daysIn(y, d.Month))}
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
