package rules

import (
	"fmt"
	"time"

	"huhang/internal/platform/clock"
)

// Art 12: a post internship lasts at most 6 months (the domain reads the
// article's "一般为6个月" as a ceiling the bureau may waive). The start day
// is the first internship day, so the last allowed day is the day before
// the same day-of-month 6 months later: 2026-03-01 runs to 2026-08-31. When
// that month has no such day the internship may run to its end: 2026-08-31
// runs to 2027-02-28, 2027-08-31 to 2028-02-29.
func checkDuration(in PlanInput, _ *clock.Calendar, _ Options) []finding {
	last := lastDayOfMonths(in.StartsOn, 6)
	f := finding{subject: subjectPlan, passed: !last.Before(in.EndsOn)}
	if f.passed {
		f.message = fmt.Sprintf("岗位实习自 %s 至 %s，未超过 6 个月（最晚可至 %s）", in.StartsOn, in.EndsOn, last)
	} else {
		f.message = fmt.Sprintf("岗位实习自 %s 至 %s，超过 6 个月（最晚应于 %s 结束）", in.StartsOn, in.EndsOn, last)
	}
	return []finding{f}
}

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
