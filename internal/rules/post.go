package rules

import (
	"fmt"
	"strconv"
	"strings"

	"huhang/internal/platform/clock"
)

var grades = map[int]string{1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ"}

// Art 16(7): no grade Ⅲ or heavier physical labour (GB 3869). A grade
// outside Ⅰ–Ⅳ cannot show the post is light enough, so it fails.
func checkLabour(in PlanInput, _ *clock.Calendar, _ Options) []finding {
	var out []finding
	for _, p := range in.Posts {
		f := finding{subject: postSubject(p)}
		switch g := p.LabourGrade; {
		case g == 1 || g == 2:
			f.passed = true
			f.message = fmt.Sprintf("%s体力劳动强度为%s级，低于Ⅲ级", postLabel(p), grades[g])
		case g == 3 || g == 4:
			f.message = fmt.Sprintf("%s体力劳动强度为%s级，须低于Ⅲ级", postLabel(p), grades[g])
		default:
			f.message = fmt.Sprintf("%s体力劳动强度等级（%d）无效，须为Ⅰ–Ⅳ级且低于Ⅲ级", postLabel(p), g)
		}
		out = append(out, f)
	}
	return out
}

// Art 11: interns on one post stay within 20% of that post's staff. Exactly
// 20% passes; integer arithmetic (n*5 <= staff), so 12 staff allow 2.
func checkQuotaPost(in PlanInput, _ *clock.Calendar, _ Options) []finding {
	var out []finding
	for _, p := range in.Posts {
		n := p.PlannedCount + p.OtherInterns
		f := finding{subject: postSubject(p), passed: n*5 <= p.Headcount, count: n}
		others := ""
		if p.OtherInterns > 0 {
			others = fmt.Sprintf("（含其他方案同期 %d 人）", p.OtherInterns)
		}
		verb := "超过"
		if f.passed {
			verb = "未超过"
		}
		f.message = fmt.Sprintf("%s安排实习学生 %d 人%s，%s该岗位在岗职工 %d 人的 20%%（上限 %d 人）",
			postLabel(p), n, others, verb, p.Headcount, max(p.Headcount, 0)/5)
		out = append(out, f)
	}
	return out
}

// Art 8: the post must match what the students study. The platform records
// majors by category (专业大类), so the categories must be equal; "相近"
// cases are what the auditor's exemption is for.
func checkMajor(in PlanInput, _ *clock.Calendar, _ Options) []finding {
	want := strings.TrimSpace(in.MajorCategory)
	var out []finding
	for _, p := range in.Posts {
		got := strings.TrimSpace(p.MajorCategory)
		f := finding{subject: postSubject(p), passed: got != "" && got == want}
		if f.passed {
			f.message = fmt.Sprintf("%s专业大类“%s”与方案专业大类一致", postLabel(p), got)
		} else {
			if got == "" {
				got = "未填写"
			}
			f.message = fmt.Sprintf("%s专业大类为“%s”，与方案专业大类“%s”不一致", postLabel(p), got, want)
		}
		out = append(out, f)
	}
	return out
}

// Art 17: at most 8 hours a day and 40 a week (国务院关于职工工作时间的规定
// Art 3), and no overtime: the shift itself (end − start − declared breaks)
// may not be longer than the declared daily hours, or the declared hours
// hide overtime. Exactly 8, 40 and a shift equal to the daily hours pass.
// The comparisons are written so that a NaN fails rather than slipping
// through. A filed overtime arrangement covers it (Art 17 allows overtime
// only then); a shift that cannot be read cannot be covered.
func checkHours(in PlanInput, _ *clock.Calendar, _ Options) []finding {
	var out []finding
	for _, p := range in.Posts {
		var over []string
		if !(p.HoursPerDay <= 8) {
			over = append(over, fmt.Sprintf("每日工作 %s 小时，超过 8 小时上限", hours(p.HoursPerDay)))
		}
		if !(p.HoursPerWeek <= 40) {
			over = append(over, fmt.Sprintf("每周工作 %s 小时，超过 40 小时上限", hours(p.HoursPerWeek)))
		}
		shift, ok := ShiftMinutes(p.ShiftStart, p.ShiftEnd, p.BreakMinutes)
		switch {
		case !ok:
			out = append(out, finding{subject: postSubject(p), message: fmt.Sprintf(
				"%s班次 %s–%s（休息 %d 分钟）无法识别，无法核对每班工作时长", postLabel(p), p.ShiftStart, p.ShiftEnd, p.BreakMinutes)})
			continue
		case !(float64(shift) <= p.HoursPerDay*60+1e-6):
			over = append(over, fmt.Sprintf("班次 %s–%s 扣除休息 %d 分钟后每班工作 %s 小时，超过申报的每日 %s 小时",
				p.ShiftStart, p.ShiftEnd, p.BreakMinutes, hours(float64(shift)/60), hours(p.HoursPerDay)))
		}
		if len(over) > 0 {
			f := finding{subject: postSubject(p)}
			f.passed, f.covered, f.message = coverOrFail(in, CoversOvertime, p, postLabel(p)+strings.Join(over, "；"), "加班")
			out = append(out, f)
			continue
		}
		out = append(out, finding{subject: postSubject(p), passed: true, message: fmt.Sprintf(
			"%s每日工作 %s 小时、每周 %s 小时，班次 %s–%s 扣除休息 %d 分钟后每班 %s 小时，未超过每日 8 小时、每周 40 小时上限和申报时长",
			postLabel(p), hours(p.HoursPerDay), hours(p.HoursPerWeek), p.ShiftStart, p.ShiftEnd, p.BreakMinutes, hours(float64(shift)/60))})
	}
	return out
}

// ShiftMinutes is the working time of one shift: end − start − breaks, in
// minutes. An end at or before the start crosses midnight (08:00–08:00 is a
// round-the-clock shift). It fails on an unreadable time or a break that is
// negative or not shorter than the shift.
func ShiftMinutes(start, end string, breakMinutes int) (int, bool) {
	s, okS := minuteOfDay(start)
	e, okE := minuteOfDay(end)
	if !okS || !okE {
		return 0, false
	}
	span := e - s
	if span <= 0 {
		span += 24 * 60
	}
	if breakMinutes < 0 || breakMinutes >= span {
		return 0, false
	}
	return span - breakMinutes, true
}

func hours(h float64) string { return strconv.FormatFloat(h, 'f', -1, 64) }

// Night is 22:00–06:00 in minutes of the day.
const (
	nightEnds   = 6 * 60
	nightStarts = 22 * 60
)

// Art 17 forbids night shifts. A shift [start, end) touches the night when
// it starts before 06:00 or ends after 22:00, so 14:00–22:00 and 06:00–14:00
// pass while 14:00–22:01 and 05:59–14:00 fail. An end at or before the start
// crosses midnight (or runs round the clock) and always touches the night.
// A filed special arrangement for the same post lets it pass as covered; a
// shift that cannot be read cannot be covered, since nobody knows what the
// arrangement would be covering.
func checkNight(in PlanInput, _ *clock.Calendar, _ Options) []finding {
	var out []finding
	for _, p := range in.Posts {
		f := finding{subject: postSubject(p)}
		start, okStart := minuteOfDay(p.ShiftStart)
		end, okEnd := minuteOfDay(p.ShiftEnd)
		shift := p.ShiftStart + "–" + p.ShiftEnd
		switch {
		case !okStart || !okEnd:
			f.message = fmt.Sprintf("%s班次时间“%s”无法识别（须为 HH:MM），无法核对是否含夜间时段", postLabel(p), shift)
		case end > start && start >= nightEnds && end <= nightStarts:
			f.passed = true
			f.message = fmt.Sprintf("%s班次 %s 不含夜间时段（22:00–06:00）", postLabel(p), shift)
		default:
			f.passed, f.covered, f.message = coverOrFail(in, CoversNight, p,
				fmt.Sprintf("%s班次 %s 含夜间时段（22:00–06:00）", postLabel(p), shift), "夜间")
		}
		out = append(out, f)
	}
	return out
}

// minuteOfDay reads HH:MM from 00:00 to 23:59.
func minuteOfDay(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	h, errH := strconv.Atoi(s[:2])
	m, errM := strconv.Atoi(s[3:])
	if errH != nil || errM != nil || s[0] == '+' || s[0] == '-' || s[3] == '+' || s[3] == '-' ||
		h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

// Art 17 forbids internship work on rest days and public holidays unless a
// filed special arrangement covers the post. The message counts, from the
// official calendar, the rest days inside the plan period (both ends
// included), so the auditor sees how much is at stake.
func checkRestDay(in PlanInput, cal *clock.Calendar, _ Options) []finding {
	period := fmt.Sprintf("实习期 %s 至 %s 内共有 %d 个休息日和法定节假日",
		in.StartsOn, in.EndsOn, restDays(cal, in.StartsOn, in.EndsOn))
	var out []finding
	for _, p := range in.Posts {
		f := finding{subject: postSubject(p)}
		if !p.WorksRestDays {
			f.passed = true
			f.message = fmt.Sprintf("%s不安排休息日和法定节假日工作（%s）", postLabel(p), period)
		} else {
			f.passed, f.covered, f.message = coverOrFail(in, CoversRestDay, p,
				fmt.Sprintf("%s安排休息日或法定节假日工作（%s）", postLabel(p), period), "休息日")
		}
		out = append(out, f)
	}
	return out
}

// restDays counts the days in [from, to] that are not working days.
func restDays(cal *clock.Calendar, from, to clock.Date) int {
	n := 0
	for d := from; !to.Before(d); d = d.AddDays(1) {
		if !cal.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

var highRiskNames = map[string]string{
	"heights": "高处作业", "underground": "井下作业", "radioactive": "放射性作业",
	"toxic": "有毒有害作业", "flammable_explosive": "易燃易爆作业",
}

// Art 17 forbids high-risk internships (heights, underground, radioactive,
// toxic, flammable or explosive) unless a filed special arrangement covers
// the post. An unknown flag still counts: someone marked the post risky.
func checkHighRisk(in PlanInput, _ *clock.Calendar, _ Options) []finding {
	var out []finding
	for _, p := range in.Posts {
		f := finding{subject: postSubject(p)}
		if len(p.HighRisk) == 0 {
			f.passed = true
			f.message = postLabel(p) + "不含高处、井下、放射性、有毒有害、易燃易爆等高危作业"
		} else {
			names := make([]string, len(p.HighRisk))
			for i, h := range p.HighRisk {
				if names[i] = highRiskNames[h]; names[i] == "" {
					names[i] = h
				}
			}
			f.passed, f.covered, f.message = coverOrFail(in, CoversHighRisk, p,
				fmt.Sprintf("%s含高危作业（%s）", postLabel(p), strings.Join(names, "、")), "高危作业")
		}
		out = append(out, f)
	}
	return out
}

// coverOrFail decides a post that needs a special arrangement of kind.
func coverOrFail(in PlanInput, kind string, p PostInput, what, kindName string) (passed, covered bool, message string) {
	s, ok, blank := arrangement(in, kind, p.ID)
	switch {
	case ok:
		return true, true, fmt.Sprintf("%s，已备案%s特殊安排：%s", what, kindName, strings.TrimSpace(s.Reason))
	case blank:
		return false, false, fmt.Sprintf("%s，%s特殊安排未说明理由，视为未备案", what, kindName)
	default:
		return false, false, fmt.Sprintf("%s，且未备案%s特殊安排", what, kindName)
	}
}

// Art 18 ¶1: pay of a post internship is at least 80% of the host's wage
// for the same post OR its lowest-grade wage (本单位最低档工资标准), whichever
// the pay meets; PayMeetsArt18 decides and names the standard and both
// figures. A host that declared neither cannot show the pay is fair, so it
// fails.
func checkPay(in PlanInput, _ *clock.Calendar, _ Options) []finding {
	lowest := make(map[string]int64, len(in.Hosts))
	for _, h := range in.Hosts {
		lowest[h.ID] = h.LowestGradeWageFen
	}
	var out []finding
	for _, p := range in.Posts {
		v := PayMeetsArt18(p.PayFen, p.WageFen, lowest[p.HostID])
		out = append(out, finding{subject: postSubject(p), passed: v.Passed, message: v.Describe(postLabel(p) + "月实习报酬")})
	}
	return out
}

// yuan formats fen as yuan with two decimals, without floats.
func yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d 元", sign, fen/100, fen%100)
}
