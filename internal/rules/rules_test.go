package rules_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"huhang/internal/platform/clock"
	"huhang/internal/rules"
)

func day(t *testing.T, s string) clock.Date {
	t.Helper()
	d, err := clock.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func dayPtr(t *testing.T, s string) *clock.Date {
	d := day(t, s)
	return &d
}

// calendar2026 holds the rows of shared/data/calendar-2026.csv from the
// Mid-Autumn and National Day notice, copied as literals.
func calendar2026(t *testing.T) *clock.Calendar {
	rows := [][2]string{
		{"2026-09-20", "workday"}, // 国庆节调休上班, Sunday
		{"2026-09-25", "holiday"}, // 中秋节
		{"2026-09-26", "holiday"},
		{"2026-09-27", "holiday"},
		{"2026-10-01", "holiday"}, // 国庆节
		{"2026-10-02", "holiday"},
		{"2026-10-03", "holiday"},
		{"2026-10-04", "holiday"},
		{"2026-10-05", "holiday"},
		{"2026-10-06", "holiday"},
		{"2026-10-07", "holiday"},
		{"2026-10-10", "workday"}, // 国庆节调休上班, Saturday
	}
	var o []clock.Override
	for _, r := range rows {
		o = append(o, clock.Override{Day: day(t, r[0]), Kind: clock.DayKind(r[1]), Name: "2026"})
	}
	return clock.NewCalendar(o)
}

// compliant is a post internship that passes every rule; each case breaks one thing.
func compliant(t *testing.T) rules.PlanInput {
	return rules.PlanInput{
		Type:               rules.TypePost,
		MajorCategory:      "装备制造大类",
		StartsOn:           day(t, "2026-09-01"),
		EndsOn:             day(t, "2027-02-28"),
		SubmittedOn:        day(t, "2026-08-03"),
		SchoolDivisionCode: "511902",
		Hosts: []rules.HostInput{{
			ID: "h1", Name: "巴中华兴机械有限公司", DivisionCode: "511921", Headcount: 200,
			OnHostList: true, HostListApprovedOn: dayPtr(t, "2026-06-01"),
		}},
		Posts: []rules.PostInput{{
			ID: "p1", Name: "数控车床操作员", HostID: "h1", MajorCategory: "装备制造大类",
			Headcount: 50, PlannedCount: 10, HoursPerDay: 8, HoursPerWeek: 40,
			ShiftStart: "08:00", ShiftEnd: "17:00", BreakMinutes: 60, LabourGrade: 2, WageFen: 400000, PayFen: 320000,
		}},
	}
}

type ruleCase struct {
	name        string
	edit        func(in *rules.PlanInput)
	passed      bool
	covered     bool
	subject     string   // "" means do not check
	msgContains []string // every one must appear in the message
}

// runRule checks one rule that yields exactly one result for the case's plan.
func runRule(t *testing.T, id string, cal *clock.Calendar, opts rules.Options, cases []ruleCase) {
	t.Helper()
	r, ok := rules.Lookup(id)
	if !ok {
		t.Fatalf("rule %s not registered", id)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := compliant(t)
			if tc.edit != nil {
				tc.edit(&in)
			}
			got := r.Check(in, cal, opts)
			if len(got) != 1 {
				t.Fatalf("want 1 result, got %d: %+v", len(got), got)
			}
			res := got[0]
			if res.Rule != id || res.Article != r.Article || res.Effect != r.Effect {
				t.Errorf("metadata %q %q %q, want %q %q %q", res.Rule, res.Article, res.Effect, id, r.Article, r.Effect)
			}
			if res.Passed != tc.passed || res.Covered != tc.covered {
				t.Errorf("passed=%v covered=%v, want %v %v: %s", res.Passed, res.Covered, tc.passed, tc.covered, res.Message)
			}
			if tc.subject != "" && res.Subject != tc.subject {
				t.Errorf("subject %q, want %q", res.Subject, tc.subject)
			}
			assertChinese(t, res.Message)
			for _, want := range tc.msgContains {
				if !strings.Contains(res.Message, want) {
					t.Errorf("message %q lacks %q", res.Message, want)
				}
			}
		})
	}
}

func assertChinese(t *testing.T, msg string) {
	t.Helper()
	for _, r := range msg {
		if unicode.Is(unicode.Han, r) {
			return
		}
	}
	t.Errorf("message is not Chinese: %q", msg)
}

const host, post = "实习单位“巴中华兴机械有限公司”", "岗位“数控车床操作员”"

func TestVenue(t *testing.T) {
	runRule(t, "R-VENUE", nil, rules.Options{}, []ruleCase{
		{name: "ordinary host", passed: true, subject: "host:h1", msgContains: []string{host}},
		{name: "banned venue", edit: func(in *rules.PlanInput) { in.Hosts[0].BannedVenue = true },
			subject: "host:h1", msgContains: []string{host, "营业性娱乐场所"}},
		{name: "cognitive visit to a banned venue", edit: func(in *rules.PlanInput) {
			in.Type = rules.TypeCognitive
			in.Hosts[0].BannedVenue = true
		}, subject: "host:h1", msgContains: []string{host}},
	})
}

func TestIntermediary(t *testing.T) {
	runRule(t, "R-INTERMEDIARY", nil, rules.Options{}, []ruleCase{
		{name: "direct host", passed: true, msgContains: []string{host}},
		{name: "intermediary", edit: func(in *rules.PlanInput) { in.Hosts[0].Intermediary = true },
			subject: "host:h1", msgContains: []string{host, "中介"}},
		{name: "cognitive through an intermediary", edit: func(in *rules.PlanInput) {
			in.Type = rules.TypeCognitive
			in.Hosts[0].Intermediary = true
		}, msgContains: []string{host}},
	})
}

func TestLabour3(t *testing.T) {
	grade := func(g int) func(in *rules.PlanInput) {
		return func(in *rules.PlanInput) { in.Posts[0].LabourGrade = g }
	}
	runRule(t, "R-LABOUR3", nil, rules.Options{}, []ruleCase{
		{name: "grade I", edit: grade(1), passed: true, subject: "post:p1", msgContains: []string{post, "Ⅰ级"}},
		{name: "grade II", edit: grade(2), passed: true, msgContains: []string{post, "Ⅱ级"}},
		{name: "grade III", edit: grade(3), subject: "post:p1", msgContains: []string{post, "Ⅲ级"}},
		{name: "grade IV", edit: grade(4), msgContains: []string{post, "Ⅳ级"}},
		{name: "grade unknown", edit: grade(0), msgContains: []string{post, "无效"}},
		{name: "cognitive grade III", edit: func(in *rules.PlanInput) {
			in.Type = rules.TypeCognitive
			in.Posts[0].LabourGrade = 3
		}, msgContains: []string{post}},
	})
}

func TestHostList(t *testing.T) {
	runRule(t, "R-HOSTLIST", nil, rules.Options{}, []ruleCase{
		{name: "approved before submission", passed: true, subject: "host:h1", msgContains: []string{host, "2026-06-01"}},
		{name: "approved on the submission day", edit: func(in *rules.PlanInput) {
			in.Hosts[0].HostListApprovedOn = dayPtr(t, "2026-08-03")
		}, passed: true, msgContains: []string{host}},
		{name: "approved the day after submission", edit: func(in *rules.PlanInput) {
			in.Hosts[0].HostListApprovedOn = dayPtr(t, "2026-08-04")
		}, msgContains: []string{host, "2026-08-04", "2026-08-03"}},
		{name: "not on the list", edit: func(in *rules.PlanInput) {
			in.Hosts[0].OnHostList = false
		}, msgContains: []string{host, "不在学校合作单位名单中"}},
		{name: "listed without an approval day", edit: func(in *rules.PlanInput) {
			in.Hosts[0].HostListApprovedOn = nil
		}, msgContains: []string{host, "未记录批准日期"}},
		{name: "cognitive host not on the list", edit: func(in *rules.PlanInput) {
			in.Type = rules.TypeCognitive
			in.Hosts[0].OnHostList = false
		}, msgContains: []string{host}},
	})
}

func TestHostListCatchesPostOfUnknownHost(t *testing.T) {
	in := compliant(t)
	in.Posts = append(in.Posts, rules.PostInput{ID: "p9", Name: "搬运工", HostID: "h9"})
	r, _ := rules.Lookup("R-HOSTLIST")
	got := r.Check(in, nil, rules.Options{})
	if len(got) != 2 || !got[0].Passed || got[1].Passed || got[1].Subject != "post:p9" {
		t.Fatalf("got %+v", got)
	}
	if !strings.Contains(got[1].Message, "岗位“搬运工”") {
		t.Errorf("message %q does not name the post", got[1].Message)
	}
}

func TestSafety3Y(t *testing.T) {
	violation := func(start string, days ...string) func(in *rules.PlanInput) {
		return func(in *rules.PlanInput) {
			in.StartsOn = day(t, start)
			for _, d := range days {
				in.Hosts[0].SafetyViolations = append(in.Hosts[0].SafetyViolations, day(t, d))
			}
		}
	}
	runRule(t, "R-SAFETY3Y", nil, rules.Options{}, []ruleCase{
		{name: "clean record", passed: true, subject: "host:h1", msgContains: []string{host, "2023-09-01"}},
		{name: "exactly 3 years before the start", edit: violation("2026-09-01", "2023-09-01"), passed: true},
		{name: "3 years minus one day", edit: violation("2026-09-01", "2023-09-02"),
			subject: "host:h1", msgContains: []string{host, "2023-09-02"}},
		{name: "the day before the start", edit: violation("2026-09-01", "2026-08-31"), msgContains: []string{host, "2026-08-31"}},
		{name: "old and recent", edit: violation("2026-09-01", "2019-05-05", "2025-03-10"),
			msgContains: []string{host, "2025-03-10"}},
		{name: "leap-day start: 28 Feb 3 years earlier is outside", edit: violation("2028-02-29", "2025-02-28"), passed: true},
		{name: "leap-day start: 1 Mar 3 years earlier is inside", edit: violation("2028-02-29", "2025-03-01"),
			msgContains: []string{"2025-03-01"}},
		{name: "cognitive", edit: func(in *rules.PlanInput) {
			violation("2026-09-01", "2024-01-01")(in)
			in.Type = rules.TypeCognitive
		}, msgContains: []string{host, "2024-01-01"}},
	})
}

func TestQuotaUnit(t *testing.T) {
	staff := func(headcount int, planned ...int) func(in *rules.PlanInput) {
		return func(in *rules.PlanInput) {
			in.Hosts[0].Headcount = headcount
			base := in.Posts[0]
			in.Posts = nil
			for i, n := range planned {
				p := base
				p.ID = string(rune('a' + i))
				p.PlannedCount = n
				in.Posts = append(in.Posts, p)
			}
		}
	}
	runRule(t, "R-QUOTA-UNIT", nil, rules.Options{}, []ruleCase{
		{name: "exactly 10%", edit: staff(100, 10), passed: true, subject: "host:h1", msgContains: []string{host, "10 人"}},
		{name: "10% plus one", edit: staff(100, 11), subject: "host:h1", msgContains: []string{host, "11 人", "100 人", "上限 10 人"}},
		{name: "two posts summed at 10%", edit: staff(100, 6, 4), passed: true},
		{name: "two posts summed over 10%", edit: staff(100, 6, 5), msgContains: []string{host, "11 人"}},
		{name: "105 staff take 10", edit: staff(105, 10), passed: true},
		{name: "105 staff refuse 11", edit: staff(105, 11)},
		{name: "no staff, one intern", edit: staff(0, 1), msgContains: []string{host}},
		{name: "no staff, no intern", edit: staff(0, 0), passed: true},
		{name: "other plans count", edit: func(in *rules.PlanInput) {
			staff(100, 8)(in)
			in.Hosts[0].OtherInterns = 3
		}, msgContains: []string{host, "11 人", "其他方案同期 3 人"}},
		{name: "other plans within the quota", edit: func(in *rules.PlanInput) {
			staff(100, 7)(in)
			in.Hosts[0].OtherInterns = 3
		}, passed: true},
		{name: "cognitive visits are not counted", edit: func(in *rules.PlanInput) {
			staff(100, 40)(in)
			in.Type = rules.TypeCognitive
		}, passed: true, subject: "plan"},
	})
}

func TestQuotaPost(t *testing.T) {
	staff := func(headcount, planned int) func(in *rules.PlanInput) {
		return func(in *rules.PlanInput) {
			in.Posts[0].Headcount = headcount
			in.Posts[0].PlannedCount = planned
		}
	}
	runRule(t, "R-QUOTA-POST", nil, rules.Options{}, []ruleCase{
		{name: "exactly 20%", edit: staff(10, 2), passed: true, subject: "post:p1", msgContains: []string{post}},
		{name: "20% plus one", edit: staff(10, 3), subject: "post:p1", msgContains: []string{post, "3 人", "10 人", "上限 2 人"}},
		{name: "12 staff take 2", edit: staff(12, 2), passed: true},
		{name: "12 staff refuse 3", edit: staff(12, 3)},
		{name: "no staff", edit: staff(0, 1), msgContains: []string{post}},
		{name: "other plans count", edit: func(in *rules.PlanInput) {
			staff(10, 1)(in)
			in.Posts[0].OtherInterns = 2
		}, msgContains: []string{post, "其他方案同期 2 人"}},
		{name: "cognitive", edit: func(in *rules.PlanInput) {
			staff(10, 9)(in)
			in.Type = rules.TypeCognitive
		}, passed: true, subject: "plan"},
	})
}

func TestMajor(t *testing.T) {
	major := func(s string) func(in *rules.PlanInput) {
		return func(in *rules.PlanInput) { in.Posts[0].MajorCategory = s }
	}
	runRule(t, "R-MAJOR", nil, rules.Options{}, []ruleCase{
		{name: "same category", passed: true, subject: "post:p1", msgContains: []string{post}},
		{name: "same category with spaces", edit: major(" 装备制造大类 "), passed: true},
		{name: "other category", edit: major("电子与信息大类"), subject: "post:p1",
			msgContains: []string{post, "电子与信息大类", "装备制造大类"}},
		{name: "no category", edit: major(""), msgContains: []string{post, "未填写"}},
		{name: "cognitive other category", edit: func(in *rules.PlanInput) {
			major("旅游大类")(in)
			in.Type = rules.TypeCognitive
		}, msgContains: []string{post, "旅游大类"}},
	})
}

func TestDuration(t *testing.T) {
	span := func(from, to string) func(in *rules.PlanInput) {
		return func(in *rules.PlanInput) { in.StartsOn, in.EndsOn = day(t, from), day(t, to) }
	}
	runRule(t, "R-DURATION", nil, rules.Options{}, []ruleCase{
		{name: "1 Mar to 31 Aug", edit: span("2026-03-01", "2026-08-31"), passed: true, subject: "plan", msgContains: []string{"2026-08-31"}},
		{name: "1 Mar to 1 Sep", edit: span("2026-03-01", "2026-09-01"), subject: "plan",
			msgContains: []string{"2026-09-01", "2026-08-31", "一般要求而非上限", "说明理由"}},
		{name: "31 Aug to 28 Feb", edit: span("2026-08-31", "2027-02-28"), passed: true},
		{name: "31 Aug to 1 Mar", edit: span("2026-08-31", "2027-03-01"), msgContains: []string{"2027-02-28"}},
		{name: "31 Aug to leap 29 Feb", edit: span("2027-08-31", "2028-02-29"), passed: true},
		{name: "31 Aug to 1 Mar after a leap Feb", edit: span("2027-08-31", "2028-03-01"), msgContains: []string{"2028-02-29"}},
		{name: "28 Aug to 27 Feb", edit: span("2026-08-28", "2027-02-27"), passed: true},
		{name: "28 Aug to 28 Feb", edit: span("2026-08-28", "2027-02-28"), msgContains: []string{"2027-02-27"}},
		{name: "across the new year", edit: span("2026-07-15", "2027-01-14"), passed: true},
		{name: "across the new year plus a day", edit: span("2026-07-15", "2027-01-15")},
		{name: "cognitive for ten months", edit: func(in *rules.PlanInput) {
			span("2026-03-01", "2026-12-31")(in)
			in.Type = rules.TypeCognitive
		}, passed: true, subject: "plan", msgContains: []string{"认识实习不适用"}},
	})
}

func TestHours(t *testing.T) {
	h := func(d, w float64) func(in *rules.PlanInput) {
		return func(in *rules.PlanInput) { in.Posts[0].HoursPerDay, in.Posts[0].HoursPerWeek = d, w }
	}
	shift := func(from, to string, breaks int) func(in *rules.PlanInput) {
		return func(in *rules.PlanInput) {
			in.Posts[0].ShiftStart, in.Posts[0].ShiftEnd, in.Posts[0].BreakMinutes = from, to, breaks
		}
	}
	runRule(t, "R-HOURS", nil, rules.Options{}, []ruleCase{
		{name: "8 and 40", edit: h(8, 40), passed: true, subject: "post:p1", msgContains: []string{post}},
		{name: "shift minus break equals the daily hours", edit: shift("08:00", "17:00", 60), passed: true,
			msgContains: []string{"扣除休息 60 分钟后每班 8 小时"}},
		{name: "break one minute short", edit: shift("08:00", "17:00", 59), subject: "post:p1",
			msgContains: []string{post, "08:00–17:00", "休息 59 分钟", "8.016666666666667 小时", "超过申报的每日 8 小时", "未备案加班"}},
		{name: "no break declared", edit: shift("08:00", "17:00", 0), msgContains: []string{"每班工作 9 小时"}},
		{name: "short day declared, long shift", edit: func(in *rules.PlanInput) {
			h(6, 30)(in)
			shift("09:00", "16:00", 30)(in)
		}, msgContains: []string{"6.5 小时", "超过申报的每日 6 小时"}},
		{name: "short day declared, shift fits exactly", edit: func(in *rules.PlanInput) {
			h(6, 30)(in)
			shift("09:00", "15:30", 30)(in)
		}, passed: true},
		{name: "across midnight is counted, not negative", edit: shift("20:00", "02:00", 0), passed: true,
			msgContains: []string{"每班 6 小时"}},
		{name: "break as long as the shift", edit: shift("08:00", "09:00", 60), msgContains: []string{"无法识别"}},
		{name: "overtime covered by a filed arrangement", edit: func(in *rules.PlanInput) {
			shift("08:00", "18:00", 60)(in)
			in.Special = []rules.SpecialArrangement{{Covers: rules.CoversOvertime, PostID: "p1", Reason: "春运保障，报主管部门备案"}}
		}, passed: true, covered: true, msgContains: []string{"已备案加班特殊安排", "春运保障"}},
		{name: "night arrangement does not cover overtime", edit: func(in *rules.PlanInput) {
			shift("08:00", "18:00", 60)(in)
			in.Special = []rules.SpecialArrangement{{Covers: rules.CoversNight, PostID: "p1", Reason: "x"}}
		}},
		{name: "8.5 a day", edit: h(8.5, 40), subject: "post:p1", msgContains: []string{post, "每日工作 8.5 小时，超过 8 小时上限"}},
		{name: "40.5 a week", edit: h(8, 40.5), msgContains: []string{post, "每周工作 40.5 小时，超过 40 小时上限"}},
		{name: "9 a day as the brief words it", edit: h(9, 40),
			msgContains: []string{"岗位“数控车床操作员”每日工作 9 小时，超过 8 小时上限"}},
		{name: "both over", edit: h(10, 50), msgContains: []string{"10 小时", "50 小时"}},
		{name: "cognitive over", edit: func(in *rules.PlanInput) {
			h(9, 40)(in)
			in.Type = rules.TypeCognitive
		}, msgContains: []string{post}},
	})
}

func TestNight(t *testing.T) {
	shift := func(from, to string) func(in *rules.PlanInput) {
		return func(in *rules.PlanInput) { in.Posts[0].ShiftStart, in.Posts[0].ShiftEnd = from, to }
	}
	runRule(t, "R-NIGHT", nil, rules.Options{}, []ruleCase{
		{name: "14:00-22:00", edit: shift("14:00", "22:00"), passed: true, subject: "post:p1", msgContains: []string{post, "14:00–22:00"}},
		{name: "14:00-22:01", edit: shift("14:00", "22:01"), subject: "post:p1", msgContains: []string{post, "14:00–22:01"}},
		{name: "06:00-14:00", edit: shift("06:00", "14:00"), passed: true},
		{name: "05:59-14:00", edit: shift("05:59", "14:00"), msgContains: []string{post}},
		{name: "22:00-06:00 across midnight", edit: shift("22:00", "06:00")},
		{name: "16:00-00:00 ends at midnight", edit: shift("16:00", "00:00")},
		{name: "00:00-08:00", edit: shift("00:00", "08:00")},
		{name: "round the clock", edit: shift("08:00", "08:00")},
		{name: "unreadable", edit: shift("8:00", "17:00"), msgContains: []string{post, "无法识别"}},
		{name: "24:00 is not a time", edit: shift("16:00", "24:00"), msgContains: []string{"无法识别"}},
		{name: "covered for this post", edit: func(in *rules.PlanInput) {
			shift("21:00", "05:00")(in)
			in.Special = []rules.SpecialArrangement{{Covers: rules.CoversNight, PostID: "p1", Reason: "连续生产工艺，配备夜班带教"}}
		}, passed: true, covered: true, msgContains: []string{post, "已备案", "连续生产工艺"}},
		{name: "arrangement without a reason", edit: func(in *rules.PlanInput) {
			shift("21:00", "05:00")(in)
			in.Special = []rules.SpecialArrangement{{Covers: rules.CoversNight, PostID: "p1", Reason: "  "}}
		}, msgContains: []string{post, "未说明理由"}},
		{name: "rest-day arrangement does not cover the night", edit: func(in *rules.PlanInput) {
			shift("21:00", "05:00")(in)
			in.Special = []rules.SpecialArrangement{{Covers: rules.CoversRestDay, PostID: "p1", Reason: "x"}}
		}},
		{name: "cognitive night visit", edit: func(in *rules.PlanInput) {
			shift("20:00", "23:00")(in)
			in.Type = rules.TypeCognitive
		}, msgContains: []string{post}},
	})
}

func TestRestDay(t *testing.T) {
	cal := calendar2026(t)
	// 28 Sep to 11 Oct 2026: 国庆 1–7 Oct rest, the make-up Saturday 10 Oct
	// works, Sunday 11 Oct rests: 8 rest days (a weekends-only count says 4).
	period := func(in *rules.PlanInput) { in.StartsOn, in.EndsOn = day(t, "2026-09-28"), day(t, "2026-10-11") }
	runRule(t, "R-RESTDAY", cal, rules.Options{}, []ruleCase{
		{name: "no rest-day work", edit: period, passed: true, subject: "post:p1", msgContains: []string{post, "共有 8 个休息日"}},
		{name: "works rest days", edit: func(in *rules.PlanInput) {
			period(in)
			in.Posts[0].WorksRestDays = true
		}, subject: "post:p1", msgContains: []string{post, "共有 8 个休息日", "未备案"}},
		{name: "covered", edit: func(in *rules.PlanInput) {
			period(in)
			in.Posts[0].WorksRestDays = true
			in.Special = []rules.SpecialArrangement{{Covers: rules.CoversRestDay, PostID: "p1", Reason: "旅游旺季接待，另行安排补休"}}
		}, passed: true, covered: true, msgContains: []string{post, "旅游旺季接待"}},
		{name: "night arrangement does not cover rest days", edit: func(in *rules.PlanInput) {
			period(in)
			in.Posts[0].WorksRestDays = true
			in.Special = []rules.SpecialArrangement{{Covers: rules.CoversNight, PostID: "p1", Reason: "x"}}
		}},
		{name: "cognitive on rest days", edit: func(in *rules.PlanInput) {
			period(in)
			in.Type = rules.TypeCognitive
			in.Posts[0].WorksRestDays = true
		}, msgContains: []string{post}},
	})
}

func TestHighRisk(t *testing.T) {
	risk := func(flags ...string) func(in *rules.PlanInput) {
		return func(in *rules.PlanInput) { in.Posts[0].HighRisk = flags }
	}
	runRule(t, "R-HIGHRISK", nil, rules.Options{}, []ruleCase{
		{name: "none", passed: true, subject: "post:p1", msgContains: []string{post}},
		{name: "heights", edit: risk("heights"), subject: "post:p1", msgContains: []string{post, "高处作业"}},
		{name: "underground and toxic", edit: risk("underground", "toxic"), msgContains: []string{"井下作业", "有毒有害作业"}},
		{name: "each flag", edit: risk("radioactive", "flammable_explosive"), msgContains: []string{"放射性作业", "易燃易爆作业"}},
		{name: "covered", edit: func(in *rules.PlanInput) {
			risk("heights")(in)
			in.Special = []rules.SpecialArrangement{{Covers: rules.CoversHighRisk, PostID: "p1", Reason: "电力专业登高实训，持证带教"}}
		}, passed: true, covered: true, msgContains: []string{post, "电力专业登高实训"}},
		{name: "cognitive", edit: func(in *rules.PlanInput) {
			risk("underground")(in)
			in.Type = rules.TypeCognitive
		}, msgContains: []string{post}},
	})
}

func TestPay(t *testing.T) {
	pay := func(wage, pay int64) func(in *rules.PlanInput) {
		return func(in *rules.PlanInput) { in.Posts[0].WageFen, in.Posts[0].PayFen = wage, pay }
	}
	runRule(t, "R-PAY", nil, rules.Options{}, []ruleCase{
		{name: "exactly 80%", edit: pay(400000, 320000), passed: true, subject: "post:p1", msgContains: []string{post, "3200.00 元", "4000.00 元"}},
		{name: "one fen less", edit: pay(400000, 319999), subject: "post:p1", msgContains: []string{post, "3199.99 元", "4000.00 元", "3200.00 元"}},
		{name: "80% of an odd wage rounds up", edit: pay(399999, 320000), passed: true, msgContains: []string{"3999.99 元", "80% 为 3200.00 元"}},
		{name: "odd wage, one fen less", edit: pay(399999, 319999)},
		{name: "above", edit: pay(400000, 450000), passed: true},
		{name: "no reference wage", edit: pay(0, 0), msgContains: []string{post, "未申报"}},
		{name: "below 80% but at the host's lowest grade", edit: func(in *rules.PlanInput) {
			pay(400000, 250000)(in)
			in.Hosts[0].LowestGradeWageFen = 250000
		}, passed: true, msgContains: []string{post, "达到本单位最低档工资标准", "2500.00 元", "4000.00 元", "3200.00 元"}},
		{name: "one fen below the lowest grade and 80%", edit: func(in *rules.PlanInput) {
			pay(400000, 249999)(in)
			in.Hosts[0].LowestGradeWageFen = 250000
		}, msgContains: []string{post, "既低于", "2499.99 元", "2500.00 元", "3200.00 元"}},
		{name: "only a lowest grade declared", edit: func(in *rules.PlanInput) {
			pay(0, 200000)(in)
			in.Hosts[0].LowestGradeWageFen = 200000
		}, passed: true, msgContains: []string{"相同岗位工资未申报"}},
		{name: "cognitive unpaid", edit: func(in *rules.PlanInput) {
			pay(400000, 0)(in)
			in.Type = rules.TypeCognitive
		}, passed: true, subject: "plan", msgContains: []string{"认识实习不适用"}},
	})
}

func TestLeadTime(t *testing.T) {
	cal := calendar2026(t)
	at := func(submitted, start string) func(in *rules.PlanInput) {
		return func(in *rules.PlanInput) {
			in.SubmittedOn, in.StartsOn, in.EndsOn = day(t, submitted), day(t, start), day(t, "2026-12-31")
		}
	}
	// Start Monday 12 Oct. Working days strictly between, counted by hand:
	// 21–24 Sep (4), 28–30 Sep (3), 8–9 Oct (2), make-up Saturday 10 Oct (1) = 10;
	// 中秋 25–27 Sep and 国庆 1–7 Oct rest.
	runRule(t, "R-LEADTIME", cal, rules.Options{}, []ruleCase{
		{name: "exactly 10 from the make-up Sunday", edit: at("2026-09-20", "2026-10-12"), passed: true, subject: "plan",
			msgContains: []string{"10 个工作日"}},
		{name: "9 from Monday 21 Sep", edit: at("2026-09-21", "2026-10-12"), subject: "plan",
			msgContains: []string{"2026-09-21", "2026-10-12", "仅有 9 个工作日", "少于 10 个工作日"}},
		{name: "11 from Saturday 19 Sep", edit: at("2026-09-19", "2026-10-12"), passed: true, msgContains: []string{"11 个工作日"}},
		// Start on the make-up Saturday: the start day itself is not counted.
		{name: "start on the make-up Saturday, 10", edit: at("2026-09-18", "2026-10-10"), passed: true},
		{name: "start on the make-up Saturday, 9", edit: at("2026-09-20", "2026-10-10"), msgContains: []string{"9 个工作日"}},
		{name: "submitted on the start day", edit: at("2026-10-12", "2026-10-12"), msgContains: []string{"0 个工作日"}},
		{name: "submitted after the start", edit: at("2026-10-13", "2026-10-12"), msgContains: []string{"0 个工作日"}},
		{name: "cognitive too", edit: func(in *rules.PlanInput) {
			at("2026-09-21", "2026-10-12")(in)
			in.Type = rules.TypeCognitive
		}, msgContains: []string{"9 个工作日"}},
	})
	runRule(t, "R-LEADTIME", cal, rules.Options{LeadTimeWorkingDays: 5}, []ruleCase{
		// 30 Sep, 8, 9, 10 Oct = 4; from 28 Sep add 29 Sep = 5.
		{name: "N=5 met", edit: at("2026-09-28", "2026-10-12"), passed: true, msgContains: []string{"5 个工作日"}},
		{name: "N=5 missed", edit: at("2026-09-29", "2026-10-12"), msgContains: []string{"仅有 4 个工作日", "少于 5 个工作日"}},
	})
}

func TestCrossProvince(t *testing.T) {
	hostAt := func(code string) func(in *rules.PlanInput) {
		return func(in *rules.PlanInput) { in.Hosts[0].DivisionCode = code }
	}
	filed := day(t, "2026-08-10")
	runRule(t, "R-CROSSPROV", nil, rules.Options{}, []ruleCase{
		{name: "same county", passed: true, subject: "host:h1", msgContains: []string{host, "四川省"}},
		{name: "Chengdu", edit: hostAt("510100"), passed: true},
		{name: "Shenzhen", edit: hostAt("440300"), subject: "host:h1",
			msgContains: []string{host, "广东省", "440300", "学校主管教育行政部门同意", "省级教育行政部门备案"}},
		{name: "Shenzhen, consented only", edit: func(in *rules.PlanInput) {
			hostAt("440300")(in)
			in.CrossProvince = rules.CrossProvinceRecord{Consented: true}
		}, msgContains: []string{"已同意", "尚未登记"}},
		{name: "Shenzhen, consented and filed", edit: func(in *rules.PlanInput) {
			hostAt("440300")(in)
			in.CrossProvince = rules.CrossProvinceRecord{Consented: true, FiledOn: &filed, Reference: "川教备〔2026〕12号"}
		}, passed: true, msgContains: []string{"2026-08-10", "川教备〔2026〕12号"}},
		{name: "filing without consent does not count", edit: func(in *rules.PlanInput) {
			hostAt("440300")(in)
			in.CrossProvince = rules.CrossProvinceRecord{FiledOn: &filed, Reference: "x"}
		}},
		{name: "Chongqing next door", edit: hostAt("500101"), msgContains: []string{"重庆市"}},
		{name: "no code", edit: hostAt(""), msgContains: []string{host, "无效"}},
		{name: "unknown province", edit: hostAt("991234"), msgContains: []string{"无效"}},
		{name: "bad school code", edit: func(in *rules.PlanInput) { in.SchoolDivisionCode = "51" }, msgContains: []string{"学校区划代码"}},
		{name: "Hong Kong by region code", edit: func(in *rules.PlanInput) {
			in.Hosts[0].DivisionCode, in.Hosts[0].RegionCode = "", "HK"
		}, msgContains: []string{"境外", "香港特别行政区"}},
		{name: "cognitive", edit: func(in *rules.PlanInput) {
			hostAt("440300")(in)
			in.Type = rules.TypeCognitive
		}, msgContains: []string{"广东省"}},
	})
}

func TestAbroad(t *testing.T) {
	abroad := func(code string) func(in *rules.PlanInput) {
		return func(in *rules.PlanInput) { in.Hosts[0].DivisionCode, in.Hosts[0].RegionCode = "", code }
	}
	runRule(t, "R-ABROAD", nil, rules.Options{}, []ruleCase{
		{name: "mainland host", passed: true, subject: "host:h1", msgContains: []string{"不在境外"}},
		{name: "Singapore without an on-site instructor", edit: abroad("SG"), subject: "host:h1",
			msgContains: []string{host, "新加坡", "全程驻点"}},
		{name: "Singapore with an on-site instructor", edit: func(in *rules.PlanInput) {
			abroad("SG")(in)
			in.OnSiteInstructor = true
		}, passed: true, msgContains: []string{"已指派"}},
		{name: "Macau, cognitive, still needs one", edit: func(in *rules.PlanInput) {
			abroad("MO")(in)
			in.Type = rules.TypeCognitive
		}, msgContains: []string{"澳门"}},
	})
}

func TestClassifyAndGate(t *testing.T) {
	h := func(div, region string) []rules.HostInput {
		return []rules.HostInput{{ID: "h", DivisionCode: div, RegionCode: region}}
	}
	for _, tc := range []struct {
		hosts []rules.HostInput
		want  rules.CrossBorder
	}{
		{h("511921", ""), rules.CrossBorderNone},
		{h("440300", ""), rules.CrossBorderProvince},
		{h("", "TW"), rules.CrossBorderAbroad},
		{append(h("440300", ""), h("", "JP")...), rules.CrossBorderAbroad},
	} {
		if got := rules.Classify("511902", tc.hosts); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.hosts, got, tc.want)
		}
	}
	filed := day(t, "2026-08-10")
	done := rules.CrossProvinceRecord{Consented: true, FiledOn: &filed, Reference: "川教备12号"}
	passed := func(f rules.CrossBorderFacts) [2]bool {
		r := rules.CrossBorderGate(f)
		if len(r) != 2 || r[0].Rule != "R-CROSSPROV" || r[1].Rule != "R-ABROAD" || r[0].Effect != rules.EffectBlock {
			t.Fatalf("%+v", r)
		}
		return [2]bool{r[0].Passed, r[1].Passed}
	}
	for _, tc := range []struct {
		name string
		f    rules.CrossBorderFacts
		want [2]bool
	}{
		{"local", rules.CrossBorderFacts{}, [2]bool{true, true}},
		{"province, nothing recorded", rules.CrossBorderFacts{Kind: rules.CrossBorderProvince}, [2]bool{false, true}},
		{"province, consent only", rules.CrossBorderFacts{Kind: rules.CrossBorderProvince, Record: rules.CrossProvinceRecord{Consented: true}}, [2]bool{false, true}},
		{"province, filed", rules.CrossBorderFacts{Kind: rules.CrossBorderProvince, Record: done}, [2]bool{true, true}},
		{"abroad, filed, no instructor", rules.CrossBorderFacts{Kind: rules.CrossBorderAbroad, Record: done}, [2]bool{true, false}},
		{"abroad, instructor, not filed", rules.CrossBorderFacts{Kind: rules.CrossBorderAbroad, OnSiteInstructor: true}, [2]bool{false, true}},
		{"abroad, both", rules.CrossBorderFacts{Kind: rules.CrossBorderAbroad, Record: done, OnSiteInstructor: true}, [2]bool{true, true}},
	} {
		if got := passed(tc.f); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	for code, ok := range map[string]bool{"HK": true, "SG": true, "CN": false, "hk": false, "H": false, "HKG": false, "": false} {
		if got := rules.CheckRegionCode(code) == ""; got != ok {
			t.Errorf("region %q valid=%v, want %v", code, got, ok)
		}
	}
}

func TestPlanLengthLimit(t *testing.T) {
	for start, want := range map[string]string{"2026-09-01": "2029-08-31", "2028-02-29": "2031-02-28", "2026-01-31": "2029-01-30"} {
		if got := rules.LastDayOfPlan(day(t, start)).String(); got != want {
			t.Errorf("%s: %s, want %s", start, got, want)
		}
	}
}

func TestQuotaExemptionPerSubjectAndCount(t *testing.T) {
	in := compliant(t)
	in.Posts[0].PlannedCount = 12 // post staff 50: 20% is 10
	results := rules.CheckPlan(in, calendar2026(t), rules.Options{})
	var quota rules.Result
	for _, r := range results {
		if r.Rule == "R-QUOTA-POST" {
			quota = r
		}
	}
	if quota.Passed || quota.Count != 12 || quota.Subject != "post:p1" {
		t.Fatalf("%+v", quota)
	}
	for _, tc := range []struct {
		name    string
		ex      []rules.Exemption
		blocked bool
	}{
		{"none", nil, true},
		{"exactly the count", []rules.Exemption{{Rule: "R-QUOTA-POST", Subject: "post:p1", Allowed: 12}}, false},
		{"one fewer than needed", []rules.Exemption{{Rule: "R-QUOTA-POST", Subject: "post:p1", Allowed: 11}}, true},
		{"another post", []rules.Exemption{{Rule: "R-QUOTA-POST", Subject: "post:p2", Allowed: 100}}, true},
		{"the host's rule", []rules.Exemption{{Rule: "R-QUOTA-UNIT", Subject: "post:p1", Allowed: 100}}, true},
	} {
		v := rules.BlockingExempt(results, tc.ex)
		if (len(v) > 0) != tc.blocked {
			t.Errorf("%s: %+v", tc.name, v)
		}
	}
	// At confirm the placement's quota results are read per host and post.
	pin := rules.PlacementInput{PlanType: rules.TypePost,
		Host: rules.PlacementHost{ID: "h1", Headcount: 100, Interns: 11}, Post: rules.PlacementPost{ID: "p1", Headcount: 50, Interns: 11}}
	res := rules.CheckPlacement(rules.StageConfirm, pin)
	if v := rules.ConfirmBlocking(res, pin, nil); len(v) != 2 {
		t.Fatalf("want both quotas blocking: %+v", v)
	}
	grants := []rules.Exemption{{Rule: "R-QUOTA-UNIT", Subject: "host:h1", Allowed: 11}, {Rule: "R-QUOTA-POST", Subject: "post:p1", Allowed: 11}}
	if v := rules.ConfirmBlocking(res, pin, grants); len(v) != 0 {
		t.Fatalf("exempted quotas still block: %+v", v)
	}
	pin.Post.Interns = 12
	if v := rules.ConfirmBlocking(rules.CheckPlacement(rules.StageConfirm, pin), pin, grants); len(v) != 1 || v[0].Rule != "R-QUOTA-POST" {
		t.Fatalf("one over the allowed number must block: %+v", v)
	}
}

func TestRegistry(t *testing.T) {
	type entry struct {
		id, article string
		effect      rules.Effect
		cognitive   bool
	}
	want := []entry{
		{"R-VENUE", "16(5)", rules.EffectBlock, true},
		{"R-INTERMEDIARY", "16(6)", rules.EffectBlock, true},
		{"R-LABOUR3", "16(7)", rules.EffectBlock, true},
		{"R-HOSTLIST", "7", rules.EffectBlock, true},
		{"R-SAFETY3Y", "6", rules.EffectBlock, true},
		{"R-QUOTA-UNIT", "11", rules.EffectOverride, false},
		{"R-QUOTA-POST", "11", rules.EffectOverride, false},
		{"R-MAJOR", "8", rules.EffectOverride, true},
		{"R-DURATION", "12", rules.EffectOverride, false},
		{"R-HOURS", "17", rules.EffectBlock, true},
		{"R-NIGHT", "17", rules.EffectBlock, true},
		{"R-RESTDAY", "17", rules.EffectBlock, true},
		{"R-HIGHRISK", "17", rules.EffectBlock, true},
		{"R-PAY", "18", rules.EffectBlock, false},
		{"R-LEADTIME", "local", rules.EffectWarn, true},
		{"R-CROSSPROV", "24", rules.EffectRoute, true},
		{"R-ABROAD", "25", rules.EffectBlock, true},
	}
	all := rules.All()
	if len(all) != len(want) {
		t.Fatalf("%d rules, want %d", len(all), len(want))
	}
	for i, w := range want {
		r := all[i]
		if r.ID != w.id || r.Article != w.article || r.Effect != w.effect {
			t.Errorf("rule %d: %s %s %s, want %s %s %s", i, r.ID, r.Article, r.Effect, w.id, w.article, w.effect)
		}
		if !r.Applies(rules.TypePost) || r.Applies(rules.TypeCognitive) != w.cognitive {
			t.Errorf("%s applies to post=%v cognitive=%v, want post and cognitive=%v",
				r.ID, r.Applies(rules.TypePost), r.Applies(rules.TypeCognitive), w.cognitive)
		}
		if !r.Applies("typo") {
			t.Errorf("%s: an unknown plan type must count as a post internship", r.ID)
		}
		assertChinese(t, r.Title)
		assertChinese(t, r.Scope)
	}
	all[0].ID = "changed"
	all[0].AppliesTo[0] = "changed"
	if again := rules.All(); again[0].ID != "R-VENUE" || again[0].AppliesTo[0] != rules.TypeCognitive {
		t.Error("All must return a copy")
	}
	if _, ok := rules.Lookup("R-AGE16"); ok {
		t.Error("R-AGE16 is a placement rule, not a plan rule")
	}
}

// ids lists the rules of the failing results, in order.
func failedIDs(results []rules.Result) []string {
	var out []string
	for _, r := range results {
		if !r.Passed {
			out = append(out, r.Rule)
		}
	}
	return out
}

func TestCheckPlanCompliant(t *testing.T) {
	in := compliant(t)
	got := rules.CheckPlan(in, calendar2026(t), rules.Options{})
	if f := failedIDs(got); len(f) != 0 {
		t.Fatalf("a compliant plan fails %v", f)
	}
	// One host and one post: each rule answers once, in registry order.
	order := []string{"R-VENUE", "R-INTERMEDIARY", "R-LABOUR3", "R-HOSTLIST", "R-SAFETY3Y", "R-QUOTA-UNIT",
		"R-QUOTA-POST", "R-MAJOR", "R-DURATION", "R-HOURS", "R-NIGHT", "R-RESTDAY", "R-HIGHRISK", "R-PAY",
		"R-LEADTIME", "R-CROSSPROV", "R-ABROAD"}
	if len(got) != len(order) {
		t.Fatalf("%d results, want %d", len(got), len(order))
	}
	for i, id := range order {
		if got[i].Rule != id {
			t.Errorf("result %d is %s, want %s", i, got[i].Rule, id)
		}
		if got[i].Message == "" || got[i].NotApplicable || got[i].Covered {
			t.Errorf("%s: %+v", id, got[i])
		}
		assertChinese(t, got[i].Message)
	}
	if v := rules.Blocking(got, nil); len(v) != 0 {
		t.Errorf("violations on a compliant plan: %+v", v)
	}
	if !reflect.DeepEqual(got, rules.CheckPlan(in, calendar2026(t), rules.Options{})) {
		t.Error("two runs differ")
	}
}

func TestCheckPlanReportsEveryViolationAtOnce(t *testing.T) {
	in := compliant(t)
	in.StartsOn, in.EndsOn = day(t, "2026-10-12"), day(t, "2027-04-12") // one day over 6 months
	in.SubmittedOn = day(t, "2026-09-21")                               // 9 working days
	in.Hosts = append(in.Hosts, rules.HostInput{ID: "h2", Name: "深圳夜色娱乐有限公司", DivisionCode: "440300",
		Headcount: 20, BannedVenue: true, OnHostList: true, HostListApprovedOn: dayPtr(t, "2026-01-05")})
	in.Posts[0].HoursPerDay = 9
	in.Posts[0].ShiftEnd = "22:01"
	in.Posts[0].PayFen = 319999
	in.Posts = append(in.Posts, rules.PostInput{ID: "p2", Name: "包厢服务员", HostID: "h2", MajorCategory: "旅游大类",
		Headcount: 15, PlannedCount: 4, HoursPerDay: 8, HoursPerWeek: 40, ShiftStart: "10:00", ShiftEnd: "18:00",
		LabourGrade: 1, WageFen: 300000, PayFen: 300000})

	got := rules.CheckPlan(in, calendar2026(t), rules.Options{})
	wantFailed := []string{"R-VENUE", "R-QUOTA-UNIT", "R-QUOTA-POST", "R-MAJOR", "R-DURATION", "R-HOURS", "R-NIGHT",
		"R-PAY", "R-LEADTIME", "R-CROSSPROV"}
	if f := failedIDs(got); !reflect.DeepEqual(f, wantFailed) {
		t.Fatalf("failed %v\nwant   %v", f, wantFailed)
	}
	names := map[string]string{"host:h1": "巴中华兴机械有限公司", "host:h2": "深圳夜色娱乐有限公司",
		"post:p1": "数控车床操作员", "post:p2": "包厢服务员"}
	for _, r := range got {
		assertChinese(t, r.Message)
		if name, ok := names[r.Subject]; ok && !strings.Contains(r.Message, name) {
			t.Errorf("%s %s: message %q does not name %s", r.Rule, r.Subject, r.Message, name)
		}
	}

	type v struct{ rule, subject string }
	violations := func(ex map[string]bool) []v {
		var out []v
		for _, x := range rules.Blocking(got, ex) {
			if x.Message == "" || x.Article == "" {
				t.Errorf("incomplete violation %+v", x)
			}
			out = append(out, v{x.Rule, x.Subject})
		}
		return out
	}
	all := []v{{"R-VENUE", "host:h2"}, {"R-QUOTA-UNIT", "host:h2"}, {"R-QUOTA-POST", "post:p2"}, {"R-MAJOR", "post:p2"},
		{"R-DURATION", "plan"}, {"R-HOURS", "post:p1"}, {"R-NIGHT", "post:p1"}, {"R-PAY", "post:p1"}}
	if got := violations(nil); !reflect.DeepEqual(got, all) {
		t.Errorf("violations %v\nwant       %v", got, all)
	}
	// Exemptions lift override rules only; a block rule stays whatever the auditor ticks.
	ex := map[string]bool{"R-QUOTA-UNIT": true, "R-MAJOR": true, "R-DURATION": true, "R-HOURS": true, "R-VENUE": true}
	left := []v{{"R-VENUE", "host:h2"}, {"R-QUOTA-POST", "post:p2"}, {"R-HOURS", "post:p1"}, {"R-NIGHT", "post:p1"}, {"R-PAY", "post:p1"}}
	if got := violations(ex); !reflect.DeepEqual(got, left) {
		t.Errorf("with exemptions %v\nwant            %v", got, left)
	}

	if w := rules.Failing(got, rules.EffectWarn); len(w) != 1 || w[0].Rule != "R-LEADTIME" {
		t.Errorf("warnings %+v", w)
	}
	if r := rules.Failing(got, rules.EffectRoute); len(r) != 1 || r[0].Subject != "host:h2" {
		t.Errorf("routes %+v", r)
	}
	if o := rules.Failing(got, rules.EffectOverride); len(o) != 4 {
		t.Errorf("overrides %+v", o)
	}
}

func TestSpecialArrangementCoversOnlyItsPost(t *testing.T) {
	in := compliant(t)
	second := in.Posts[0]
	second.ID, second.Name = "p2", "电工"
	in.Posts = append(in.Posts, second)
	for i := range in.Posts {
		in.Posts[i].ShiftStart, in.Posts[i].ShiftEnd = "20:00", "04:00"
		in.Posts[i].WorksRestDays = true
		in.Posts[i].HighRisk = []string{"heights"}
	}
	in.Special = []rules.SpecialArrangement{
		{Covers: rules.CoversNight, PostID: "p1", Reason: "夜班设备维护"},
		{Covers: rules.CoversRestDay, PostID: "p1", Reason: "轮休"},
		{Covers: rules.CoversHighRisk, PostID: "p1", Reason: "持证登高"},
	}
	for _, id := range []string{"R-NIGHT", "R-RESTDAY", "R-HIGHRISK"} {
		r, _ := rules.Lookup(id)
		got := r.Check(in, calendar2026(t), rules.Options{})
		if len(got) != 2 {
			t.Fatalf("%s: %d results", id, len(got))
		}
		if p1 := got[0]; p1.Subject != "post:p1" || !p1.Passed || !p1.Covered {
			t.Errorf("%s p1: %+v", id, p1)
		}
		if p2 := got[1]; p2.Subject != "post:p2" || p2.Passed || p2.Covered || !strings.Contains(p2.Message, "岗位“电工”") {
			t.Errorf("%s p2: %+v", id, p2)
		}
	}
	v := rules.Blocking(rules.CheckPlan(in, calendar2026(t), rules.Options{}), nil)
	want := []string{"R-NIGHT post:p2", "R-RESTDAY post:p2", "R-HIGHRISK post:p2"}
	var got []string
	for _, x := range v {
		got = append(got, x.Rule+" "+x.Subject)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("violations %v, want %v", got, want)
	}
}

func TestCognitivePlanSkipsPostOnlyRules(t *testing.T) {
	in := compliant(t)
	in.Type = rules.TypeCognitive
	in.EndsOn = day(t, "2027-12-31") // far beyond 6 months
	in.Posts[0].PlannedCount = 40    // far beyond both quotas
	in.Posts[0].PayFen = 0           // unpaid visit
	got := rules.CheckPlan(in, calendar2026(t), rules.Options{})
	skipped := map[string]bool{}
	for _, r := range got {
		if !r.Passed {
			t.Errorf("%s fails a cognitive plan: %s", r.Rule, r.Message)
		}
		if r.NotApplicable {
			skipped[r.Rule] = true
			if r.Subject != "plan" || !strings.Contains(r.Message, "认识实习不适用") {
				t.Errorf("%+v", r)
			}
		}
	}
	want := map[string]bool{"R-QUOTA-UNIT": true, "R-QUOTA-POST": true, "R-DURATION": true, "R-PAY": true}
	if !reflect.DeepEqual(skipped, want) {
		t.Errorf("skipped %v, want %v", skipped, want)
	}
}

func TestPlanWithoutPostsStillAnswersEveryRule(t *testing.T) {
	in := compliant(t)
	in.Posts = nil
	got := rules.CheckPlan(in, nil, rules.Options{})
	seen := map[string]bool{}
	for _, r := range got {
		seen[r.Rule] = true
	}
	if len(seen) != 17 {
		t.Errorf("%d rules answered, want 17", len(seen))
	}
	r, _ := rules.Lookup("R-HOURS")
	res := r.Check(in, nil, rules.Options{})
	if len(res) != 1 || !res[0].NotApplicable || res[0].Subject != "plan" {
		t.Errorf("%+v", res)
	}
}
