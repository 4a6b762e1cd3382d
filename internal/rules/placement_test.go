package rules

import (
	"math"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"huhang/internal/platform/clock"
)

func pday(t *testing.T, s string) clock.Date {
	t.Helper()
	d, err := clock.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// okPlacement is a post internship that passes every placement rule at every
// stage; each case breaks one thing. The student turns 18 well before the
// start, so only the cases that move the birth date touch the age rules.
func okPlacement(t *testing.T) PlacementInput {
	return PlacementInput{
		PlanType:       TypePost,
		PlanFiled:      true,
		PlanStatusName: "已备案",
		StartsOn:       pday(t, "2026-12-01"),
		EndsOn:         pday(t, "2027-05-31"),
		Today:          pday(t, "2026-11-20"),
		Student: StudentFacts{Name: "张三", BirthDate: pday(t, "2008-05-10"),
			EnrolledOn: pday(t, "2025-09-01")},
		Post: PlacementPost{ID: "p1", Name: "数控车床操作员", Headcount: 50, Interns: 10, LabourGrade: 2},
		Host: PlacementHost{ID: "h1", Name: "巴中华兴机械有限公司", Headcount: 200, Interns: 20},
		Documents: PlacementDocuments{
			Agreement: &Agreement{SignedOn: pday(t, "2026-11-10"), Signers: []string{"school", "enterprise", "student"}},
			Consent: &Consent{StudentName: "张三", GuardianName: "张大山", SignedOn: pday(t, "2026-11-10"),
				Scanned: true, Confirmed: true},
			Training: &Training{TrainedOn: pday(t, "2026-11-15"), Passed: true},
			Insurance: &Insurance{Insurer: "中国人寿财产保险股份有限公司巴中中心支公司", PolicyNo: "PICC-2026-0001",
				CoversFrom: pday(t, "2026-12-01"), CoversTo: pday(t, "2027-05-31"), Payer: "enterprise"},
		},
		InstructorAssigned: true,
		MentorAssigned:     true,
	}
}

type placementCase struct {
	name          string
	edit          func(in *PlacementInput)
	passed        bool
	notApplicable bool
	msgContains   []string // every one must appear in the message
	msgLacks      []string // none may appear in the message
}

// runPlacement checks one rule through CheckPlacement at every stage the
// rule is registered for, so a case also proves the rule runs there.
func runPlacement(t *testing.T, id string, cases []placementCase) {
	t.Helper()
	r, ok := LookupPlacement(id)
	if !ok {
		t.Fatalf("placement rule %s not registered", id)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := okPlacement(t)
			if tc.edit != nil {
				tc.edit(&in)
			}
			var first *Result
			for _, stage := range r.Stages {
				var got []Result
				for _, res := range CheckPlacement(stage, in) {
					if res.Rule == id {
						got = append(got, res)
					}
				}
				if len(got) != 1 {
					t.Fatalf("stage %s: want 1 result of %s, got %d", stage, id, len(got))
				}
				res := got[0]
				if first == nil {
					first = &res
				} else if res != *first {
					t.Errorf("stage %s answers %+v, stage %s answered %+v", stage, res, r.Stages[0], *first)
				}
			}
			res := *first
			if res.Article != r.Article || res.Effect != r.EffectFor(in.PlanType) || res.Subject != "placement" {
				t.Errorf("metadata %q %q %q, want %q %q placement", res.Article, res.Effect, res.Subject, r.Article, r.EffectFor(in.PlanType))
			}
			if res.Passed != tc.passed || res.NotApplicable != tc.notApplicable || res.Covered {
				t.Errorf("passed=%v notApplicable=%v covered=%v, want %v %v false: %s",
					res.Passed, res.NotApplicable, res.Covered, tc.passed, tc.notApplicable, res.Message)
			}
			if tc.notApplicable && !strings.Contains(res.Message, "认识实习不适用") {
				t.Errorf("not-applicable message %q does not say why", res.Message)
			}
			checkMessage(t, res.Message, tc.msgContains, tc.msgLacks)
		})
	}
}

func checkMessage(t *testing.T, msg string, contains, lacks []string) {
	t.Helper()
	if !slices.ContainsFunc([]rune(msg), func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		t.Errorf("message is not Chinese: %q", msg)
	}
	for _, want := range contains {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	for _, bad := range lacks {
		if strings.Contains(msg, bad) {
			t.Errorf("message %q should not contain %q", msg, bad)
		}
	}
}

func cognitive(edit func(in *PlacementInput)) func(in *PlacementInput) {
	return func(in *PlacementInput) {
		edit(in)
		in.PlanType = TypeCognitive
	}
}

func TestAge16(t *testing.T) {
	born := func(birth, start string) func(in *PlacementInput) {
		return func(in *PlacementInput) {
			in.Student.BirthDate = pday(t, birth)
			in.StartsOn = pday(t, start)
		}
	}
	// 周岁 count from the day after the birthday: the 16th birthday itself is still 15.
	runPlacement(t, "R-AGE16", []placementCase{
		{name: "16th birthday on the start date is refused", edit: born("2010-12-01", "2026-12-01"),
			msgContains: []string{"学生周岁 15 岁（实习开始日 2026-12-01），未满16周岁不得参加岗位实习", "张三", "2010-12-01", "2026-12-02 起年满16周岁"}},
		{name: "the day after the 16th birthday passes", edit: born("2010-12-01", "2026-12-02"), passed: true,
			msgContains: []string{"周岁 16 岁", "2026-12-02"}},
		{name: "16th birthday the day after the start", edit: born("2010-12-02", "2026-12-01"),
			msgContains: []string{"周岁 15 岁", "2026-12-03"}},
		{name: "well over 16", passed: true, msgContains: []string{"周岁 18 岁"}},
		{name: "29 Feb birth, start on the leap-year 16th birthday", edit: born("2012-02-29", "2028-02-29"),
			msgContains: []string{"周岁 15 岁", "2028-03-01 起"}},
		{name: "29 Feb birth, start the day after the leap-year birthday", edit: born("2012-02-29", "2028-03-01"), passed: true,
			msgContains: []string{"周岁 16 岁"}},
		{name: "born after the start", edit: born("2027-01-01", "2026-12-01"), msgContains: []string{"周岁 0 岁"}},
		{name: "no birth date", edit: func(in *PlacementInput) { in.Student.BirthDate = clock.Date{} },
			msgContains: []string{"张三", "未登记出生日期"}},
		{name: "no name still reads", edit: func(in *PlacementInput) {
			born("2010-12-02", "2026-12-01")(in)
			in.Student.Name = " "
		}, msgContains: []string{"该学生出生于 2010-12-02"}},
		{name: "cognitive at 15", edit: cognitive(born("2011-06-01", "2026-12-01")), passed: true, notApplicable: true},
		{name: "unknown plan type counts as post", edit: func(in *PlacementInput) {
			born("2011-06-01", "2026-12-01")(in)
			in.PlanType = "typo"
		}, msgContains: []string{"周岁 15 岁"}},
	})
}

func TestFirstYear(t *testing.T) {
	enrolled := func(on, start string) func(in *PlacementInput) {
		return func(in *PlacementInput) {
			in.Student.EnrolledOn = pday(t, on)
			in.StartsOn = pday(t, start)
		}
	}
	runPlacement(t, "R-FIRSTYEAR", []placementCase{
		{name: "enrolled exactly one year before", edit: enrolled("2025-12-01", "2026-12-01"), passed: true,
			msgContains: []string{"2025-12-01", "2026-12-01", "已入学满一年"}},
		{name: "one day less than a year", edit: enrolled("2025-12-02", "2026-12-01"),
			msgContains: []string{"2025-12-02", "2026-12-01", "入学未满一年", "推迟到 2026-12-02"}},
		{name: "enrolled 29 Feb, start 1 Mar next year", edit: enrolled("2024-02-29", "2025-03-01"), passed: true,
			msgContains: []string{"2025-03-01 满一年"}},
		{name: "enrolled 29 Feb, start 28 Feb next year", edit: enrolled("2024-02-29", "2025-02-28"),
			msgContains: []string{"2024-02-29", "推迟到 2025-03-01"}},
		{name: "enrolled 28 Feb, start on the leap-year anniversary", edit: enrolled("2027-02-28", "2028-02-28"), passed: true},
		{name: "enrolled 1 Mar, start on the leap day before the anniversary", edit: enrolled("2027-03-01", "2028-02-29"),
			msgContains: []string{"推迟到 2028-03-01"}},
		{name: "start before enrolment", edit: enrolled("2026-09-01", "2026-08-01")},
		{name: "no enrolment date", edit: func(in *PlacementInput) { in.Student.EnrolledOn = clock.Date{} },
			msgContains: []string{"未登记入学日期"}},
		{name: "cognitive in the first year", edit: cognitive(enrolled("2026-09-01", "2026-12-01")), passed: true, notApplicable: true},
	})
}

func TestMinorPost(t *testing.T) {
	forbidden := func(birth, start string) func(in *PlacementInput) {
		return func(in *PlacementInput) {
			in.Post.ForbiddenForMinors = true
			in.Student.BirthDate = pday(t, birth)
			in.StartsOn = pday(t, start)
		}
	}
	const post = "岗位“数控车床操作员”"
	runPlacement(t, "R-MINOR-POST", []placementCase{
		{name: "post open to minors, student 16", edit: func(in *PlacementInput) { in.Student.BirthDate = pday(t, "2010-01-01") },
			passed: true, msgContains: []string{post}},
		{name: "18th birthday on the start date is still a minor", edit: forbidden("2008-12-01", "2026-12-01"),
			msgContains: []string{post, "周岁 17 岁", "未满18周岁", "2026-12-02"}},
		{name: "the day after the 18th birthday passes", edit: forbidden("2008-12-01", "2026-12-02"), passed: true,
			msgContains: []string{post, "周岁 18 岁"}},
		{name: "18th birthday the day after the start", edit: forbidden("2008-12-02", "2026-12-01"),
			msgContains: []string{post, "周岁 17 岁", "2026-12-01", "未满18周岁", "2026-12-03"}},
		{name: "29 Feb birth, common year: 1 March is the birthday, still 17", edit: forbidden("2008-02-29", "2026-03-01"),
			msgContains: []string{"周岁 17 岁", "2026-03-02"}},
		{name: "29 Feb birth, common year: 18 on 2 March", edit: forbidden("2008-02-29", "2026-03-02"), passed: true,
			msgContains: []string{"周岁 18 岁"}},
		{name: "29 Feb birth, still 17 on 28 Feb", edit: forbidden("2008-02-29", "2026-02-28"),
			msgContains: []string{"周岁 17 岁", "2026-03-02"}},
		{name: "no birth date on a forbidden post", edit: func(in *PlacementInput) {
			in.Post.ForbiddenForMinors = true
			in.Student.BirthDate = clock.Date{}
		}, msgContains: []string{post, "未登记出生日期"}},
		{name: "post named by ID when unnamed", edit: func(in *PlacementInput) {
			forbidden("2009-06-01", "2026-12-01")(in)
			in.Post.Name = ""
		}, msgContains: []string{"岗位“p1”"}},
		{name: "cognitive minor on a forbidden post", edit: cognitive(forbidden("2009-06-01", "2026-12-01")),
			msgContains: []string{post, "周岁 17 岁"}},
	})
}

func TestFullAgeOn(t *testing.T) {
	cases := []struct {
		birth, day string
		want       int
	}{
		{"2010-12-01", "2026-11-30", 15},
		{"2010-12-01", "2026-12-01", 15}, // the birthday itself
		{"2010-12-01", "2026-12-02", 16},
		{"2012-02-29", "2028-02-29", 15},
		{"2012-02-29", "2028-03-01", 16},
		{"2008-02-29", "2026-02-28", 17},
		{"2008-02-29", "2026-03-01", 17}, // the common-year birthday is 1 March
		{"2008-02-29", "2026-03-02", 18},
		{"2026-12-02", "2026-12-01", 0},
		{"2026-12-01", "2026-12-01", 0},
	}
	for _, c := range cases {
		if got := FullAgeOn(pday(t, c.birth), pday(t, c.day)); got != c.want {
			t.Errorf("FullAgeOn(%s, %s) = %d, want %d", c.birth, c.day, got, c.want)
		}
	}
	for _, c := range []struct {
		birth string
		n     int
		want  string
	}{{"2010-12-01", 16, "2026-12-02"}, {"2012-02-29", 16, "2028-03-01"}, {"2008-02-29", 18, "2026-03-02"}, {"2008-12-31", 18, "2027-01-01"}} {
		if got := FullAgeFrom(pday(t, c.birth), c.n).String(); got != c.want {
			t.Errorf("FullAgeFrom(%s, %d) = %s, want %s", c.birth, c.n, got, c.want)
		}
	}
}

func TestWomenPost(t *testing.T) {
	set := func(forbidden, female bool) func(in *PlacementInput) {
		return func(in *PlacementInput) { in.Post.ForbiddenForWomen, in.Student.Female = forbidden, female }
	}
	const post = "岗位“数控车床操作员”"
	runPlacement(t, "R-WOMEN-POST", []placementCase{
		{name: "open post, female student", edit: set(false, true), passed: true, msgContains: []string{post}},
		{name: "forbidden post, male student", edit: set(true, false), passed: true, msgContains: []string{post}},
		{name: "forbidden post, female student", edit: set(true, true), msgContains: []string{post, "女性禁忌", "张三", "更换岗位"}},
		{name: "cognitive, forbidden post, female student", edit: cognitive(set(true, true)), msgContains: []string{post}},
	})
}

func TestPlacementVenue(t *testing.T) {
	const host = "实习单位“巴中华兴机械有限公司”"
	banned := func(in *PlacementInput) { in.Host.BannedVenue = true }
	runPlacement(t, "R-VENUE", []placementCase{
		{name: "ordinary host", passed: true, msgContains: []string{host}},
		{name: "banned venue", edit: banned, msgContains: []string{host, "营业性娱乐场所", "更换实习单位"}},
		{name: "cognitive visit to a banned venue", edit: cognitive(banned), msgContains: []string{host}},
	})
}

func TestPlacementHostFacts(t *testing.T) {
	const host = "实习单位“巴中华兴机械有限公司”"
	const post = "岗位“数控车床操作员”"
	intermediary := func(in *PlacementInput) { in.Host.Intermediary = true }
	runPlacement(t, "R-INTERMEDIARY", []placementCase{
		{name: "ordinary host", passed: true, msgContains: []string{host, "不是中介"}},
		{name: "intermediary", edit: intermediary, msgContains: []string{host, "中介机构或有偿代理组织", "更换实习单位"}},
		{name: "cognitive through an intermediary", edit: cognitive(intermediary), msgContains: []string{host}},
	})
	grade := func(g int) func(in *PlacementInput) { return func(in *PlacementInput) { in.Post.LabourGrade = g } }
	runPlacement(t, "R-LABOUR3", []placementCase{
		{name: "grade I", edit: grade(1), passed: true, msgContains: []string{post, "Ⅰ级"}},
		{name: "grade II", edit: grade(2), passed: true, msgContains: []string{"Ⅱ级"}},
		{name: "grade III", edit: grade(3), msgContains: []string{post, "Ⅲ级", "更换岗位"}},
		{name: "grade IV", edit: grade(4), msgContains: []string{"Ⅳ级"}},
		{name: "no grade", edit: grade(0), msgContains: []string{"（0）无效"}},
		{name: "cognitive on grade III", edit: cognitive(grade(3)), msgContains: []string{"Ⅲ级"}},
	})
	violated := func(days ...string) func(in *PlacementInput) {
		return func(in *PlacementInput) {
			for _, d := range days {
				in.Host.SafetyViolations = append(in.Host.SafetyViolations, pday(t, d))
			}
		}
	}
	// The start is 2026-12-01: the window opens after 2023-12-01.
	runPlacement(t, "R-SAFETY3Y", []placementCase{
		{name: "no violation", passed: true, msgContains: []string{host, "2023-12-01 之后", "无安全生产违法记录"}},
		{name: "exactly 3 years before the start", edit: violated("2023-12-01"), passed: true},
		{name: "the day after", edit: violated("2023-12-02"), msgContains: []string{host, "2023-12-02", "更换实习单位"}},
		{name: "recorded after the plan's approval", edit: violated("2026-11-19", "2020-01-01"),
			msgContains: []string{"2026-11-19"}, msgLacks: []string{"2020-01-01"}},
		{name: "start on 29 Feb looks back to 28 Feb", edit: func(in *PlacementInput) {
			in.StartsOn = pday(t, "2028-02-29")
			violated("2025-02-28")(in)
		}, passed: true, msgContains: []string{"2025-02-28 之后"}},
		{name: "cognitive host with a violation", edit: cognitive(violated("2026-01-01")), msgContains: []string{"2026-01-01"}},
	})
}

func TestPlacementQuotaUnit(t *testing.T) {
	staff := func(headcount, interns int) func(in *PlacementInput) {
		return func(in *PlacementInput) { in.Host.Headcount, in.Host.Interns = headcount, interns }
	}
	const host = "实习单位“巴中华兴机械有限公司”"
	runPlacement(t, "R-QUOTA-UNIT", []placementCase{
		{name: "exactly 10%", edit: staff(200, 20), passed: true, msgContains: []string{host, "20 人", "200 人", "上限 20 人"}},
		{name: "one over 10%", edit: staff(200, 21), msgContains: []string{host, "21 人", "200 人", "上限 20 人", "豁免"}},
		{name: "105 staff take 10", edit: staff(105, 10), passed: true, msgContains: []string{"上限 10 人"}},
		{name: "105 staff refuse 11", edit: staff(105, 11)},
		{name: "9 staff refuse the first intern", edit: staff(9, 1), msgContains: []string{"上限 0 人"}},
		{name: "headcount 0", edit: staff(0, 1), msgContains: []string{host, "在岗职工人数为 0"}},
		{name: "headcount 0, interns miscounted as 0", edit: staff(0, 0), msgContains: []string{"在岗职工人数为 0"}},
		{name: "cognitive over the quota", edit: cognitive(staff(100, 40)), passed: true, notApplicable: true},
	})
}

func TestPlacementQuotaPost(t *testing.T) {
	staff := func(headcount, interns int) func(in *PlacementInput) {
		return func(in *PlacementInput) { in.Post.Headcount, in.Post.Interns = headcount, interns }
	}
	const post = "岗位“数控车床操作员”"
	runPlacement(t, "R-QUOTA-POST", []placementCase{
		{name: "exactly 20%", edit: staff(50, 10), passed: true, msgContains: []string{post, "10 人", "50 人", "上限 10 人"}},
		{name: "one over 20%", edit: staff(50, 11), msgContains: []string{post, "11 人", "50 人", "上限 10 人"}},
		{name: "12 staff take 2", edit: staff(12, 2), passed: true},
		{name: "12 staff refuse 3", edit: staff(12, 3), msgContains: []string{"上限 2 人"}},
		{name: "headcount 0", edit: staff(0, 1), msgContains: []string{post, "在岗职工人数为 0"}},
		{name: "cognitive over the quota", edit: cognitive(staff(10, 9)), passed: true, notApplicable: true},
	})
}

func TestAgreement(t *testing.T) {
	signers := func(s ...string) func(in *PlacementInput) {
		return func(in *PlacementInput) { in.Documents.Agreement.Signers = s }
	}
	signedOn := func(s string) func(in *PlacementInput) {
		return func(in *PlacementInput) { in.Documents.Agreement.SignedOn = pday(t, s) }
	}
	none := func(in *PlacementInput) { in.Documents.Agreement = nil }
	runPlacement(t, "R-AGREEMENT", []placementCase{
		{name: "signed by all three", passed: true, msgContains: []string{"2026-11-10"}},
		{name: "guardian signs too", edit: signers("guardian", "student", "enterprise", "school"), passed: true},
		{name: "school missing", edit: signers("enterprise", "student", "guardian"),
			msgContains: []string{"缺少学校签字"}, msgLacks: []string{"实习单位签字", "学生签字"}},
		{name: "enterprise missing", edit: signers("school", "student"),
			msgContains: []string{"缺少实习单位签字"}, msgLacks: []string{"学校", "学生签字"}},
		{name: "student missing", edit: signers("school", "enterprise", "guardian"),
			msgContains: []string{"缺少学生签字"}, msgLacks: []string{"学校", "实习单位"}},
		{name: "guardian cannot stand in for the student", edit: signers("school", "enterprise", "guardian", "guardian"),
			msgContains: []string{"学生"}},
		{name: "no signers", edit: signers(), msgContains: []string{"缺少学校、实习单位、学生签字"}},
		{name: "signed today", edit: signedOn("2026-11-20"), passed: true},
		{name: "signed tomorrow", edit: signedOn("2026-11-21"), msgContains: []string{"2026-11-21", "2026-11-20", "晚于今天"}},
		{name: "no signing date", edit: func(in *PlacementInput) { in.Documents.Agreement.SignedOn = clock.Date{} },
			msgContains: []string{"未填写签订日期"}},
		{name: "not on file", edit: none, msgContains: []string{"三方实习协议未上传"}},
		{name: "cognitive without an agreement", edit: cognitive(none), passed: true, notApplicable: true},
	})
}

func TestConsent(t *testing.T) {
	consent := func(edit func(c *Consent)) func(in *PlacementInput) {
		return func(in *PlacementInput) { edit(in.Documents.Consent) }
	}
	none := func(in *PlacementInput) { in.Documents.Consent = nil }
	runPlacement(t, "R-CONSENT", []placementCase{
		{name: "signed, scanned and confirmed", passed: true, msgContains: []string{"张三", "张大山", "2026-11-10", "学校确认"}},
		{name: "a 19-year-old post intern needs it too", edit: func(in *PlacementInput) {
			in.Student.BirthDate = pday(t, "2007-06-01")
			in.Documents.Consent = nil
		}, msgContains: []string{"知情同意书未上传", "监护人"}},
		{name: "uploaded by the student, not yet confirmed by the school", edit: consent(func(c *Consent) { c.Confirmed = false }),
			msgContains: []string{"尚待学校核对扫描件并确认"}, msgLacks: []string{"扫描件，请上传"}},
		{name: "no scan", edit: consent(func(c *Consent) { c.Scanned = false }),
			msgContains: []string{"未上传签字的知情同意书扫描件"}, msgLacks: []string{"尚待学校"}},
		{name: "name with spaces", edit: consent(func(c *Consent) { c.StudentName = " 张三　" }), passed: true},
		{name: "student name with spaces on the student record", edit: func(in *PlacementInput) { in.Student.Name = "张三 " },
			passed: true},
		{name: "different name", edit: consent(func(c *Consent) { c.StudentName = "李四" }),
			msgContains: []string{"李四", "张三", "不符"}},
		{name: "blank student name", edit: consent(func(c *Consent) { c.StudentName = "  " }),
			msgContains: []string{"未填写学生姓名"}},
		{name: "blank guardian", edit: consent(func(c *Consent) { c.GuardianName = " " }),
			msgContains: []string{"缺少监护人签字"}},
		{name: "signed today", edit: consent(func(c *Consent) { c.SignedOn = pday(t, "2026-11-20") }), passed: true},
		{name: "signed tomorrow", edit: consent(func(c *Consent) { c.SignedOn = pday(t, "2026-11-21") }),
			msgContains: []string{"2026-11-21", "晚于今天"}},
		{name: "no signing date", edit: consent(func(c *Consent) { c.SignedOn = clock.Date{} }),
			msgContains: []string{"未填写签署日期"}},
		{name: "every problem at once", edit: consent(func(c *Consent) {
			c.StudentName, c.GuardianName, c.SignedOn, c.Scanned, c.Confirmed = "李四", "", pday(t, "2027-01-01"), false, false
		}), msgContains: []string{"李四", "监护人", "2027-01-01", "扫描件", "学校"}},
		{name: "not on file", edit: none, msgContains: []string{"知情同意书未上传"}},
		{name: "cognitive without consent is a warning", edit: cognitive(none), msgContains: []string{"知情同意书未上传"}},
	})
	// A cognitive internship without consent warns and never blocks; a post one blocks.
	in := okPlacement(t)
	in.Documents.Consent.Confirmed = false
	if v := Blocking(CheckPlacement(StageActivate, in), nil); len(v) != 1 || v[0].Rule != "R-CONSENT" {
		t.Errorf("post internship with an unconfirmed consent: %+v", v)
	}
	in.PlanType = TypeCognitive
	res := CheckPlacement(StageActivate, in)
	if v := Blocking(res, nil); len(v) != 0 {
		t.Errorf("cognitive internship blocked: %+v", v)
	}
	if w := Failing(res, EffectWarn); len(w) != 1 || w[0].Rule != "R-CONSENT" {
		t.Errorf("cognitive internship must warn about consent: %+v", w)
	}
}

func TestInsurance(t *testing.T) {
	policy := func(edit func(p *Insurance)) func(in *PlacementInput) {
		return func(in *PlacementInput) { edit(in.Documents.Insurance) }
	}
	none := func(in *PlacementInput) { in.Documents.Insurance = nil }
	runPlacement(t, "R-INSURANCE", []placementCase{
		{name: "covers exactly the period", passed: true,
			msgContains: []string{"PICC-2026-0001", "2026-12-01", "2027-05-31", "实习单位投保"}},
		{name: "covers more than the period", edit: policy(func(p *Insurance) {
			p.CoversFrom, p.CoversTo = pday(t, "2026-01-01"), pday(t, "2027-12-31")
		}), passed: true},
		{name: "ends a day early", edit: policy(func(p *Insurance) { p.CoversTo = pday(t, "2027-05-30") }),
			msgContains: []string{"至 2027-05-30 结束", "实习结束日 2027-05-31"}},
		{name: "starts a day late", edit: policy(func(p *Insurance) { p.CoversFrom = pday(t, "2026-12-02") }),
			msgContains: []string{"自 2026-12-02 开始", "实习开始日 2026-12-01"}},
		{name: "no cover dates", edit: policy(func(p *Insurance) { p.CoversFrom = clock.Date{} }),
			msgContains: []string{"未填写保障起止日期"}},
		{name: "paid by the school", edit: policy(func(p *Insurance) { p.Payer = "school" }), passed: true,
			msgContains: []string{"学校投保"}},
		{name: "paid by the student", edit: policy(func(p *Insurance) { p.Payer = "student" }),
			msgContains: []string{"学生缴纳", "学校或实习单位投保"}},
		{name: "no payer", edit: policy(func(p *Insurance) { p.Payer = "" }), msgContains: []string{"未填写投保方"}},
		{name: "unknown payer", edit: policy(func(p *Insurance) { p.Payer = "guardian" }), msgContains: []string{"guardian"}},
		{name: "blank policy number", edit: policy(func(p *Insurance) { p.PolicyNo = "  " }),
			msgContains: []string{"未填写保单号"}},
		{name: "blank insurer", edit: policy(func(p *Insurance) { p.Insurer = "" }), msgContains: []string{"未填写保险公司"}},
		{name: "not on file", edit: none, msgContains: []string{"未上传"}},
		{name: "cognitive needs insurance too", edit: cognitive(policy(func(p *Insurance) { p.Payer = "student" })),
			msgContains: []string{"学生缴纳"}},
	})
}

func TestTraining(t *testing.T) {
	training := func(on string, passed bool) func(in *PlacementInput) {
		return func(in *PlacementInput) { in.Documents.Training = &Training{TrainedOn: pday(t, on), Passed: passed} }
	}
	none := func(in *PlacementInput) { in.Documents.Training = nil }
	runPlacement(t, "R-TRAINING", []placementCase{
		{name: "passed before today", passed: true, msgContains: []string{"2026-11-15"}},
		{name: "passed today", edit: training("2026-11-20", true), passed: true},
		{name: "failed", edit: training("2026-11-15", false), msgContains: []string{"考核未通过"}},
		{name: "dated tomorrow", edit: training("2026-11-21", true), msgContains: []string{"2026-11-21", "尚未进行"}},
		{name: "no date", edit: func(in *PlacementInput) { in.Documents.Training.TrainedOn = clock.Date{} },
			msgContains: []string{"未填写培训日期"}},
		{name: "not on file", edit: none, msgContains: []string{"无安全培训记录"}},
		{name: "cognitive needs training too", edit: cognitive(training("2026-11-15", false)), msgContains: []string{"考核未通过"}},
	})
}

func TestMentors(t *testing.T) {
	assigned := func(instructor, mentor bool) func(in *PlacementInput) {
		return func(in *PlacementInput) { in.InstructorAssigned, in.MentorAssigned = instructor, mentor }
	}
	runPlacement(t, "R-MENTORS", []placementCase{
		{name: "both assigned", passed: true},
		{name: "instructor missing", edit: assigned(false, true),
			msgContains: []string{"未安排学校指导教师"}, msgLacks: []string{"企业导师"}},
		{name: "mentor missing", edit: assigned(true, false),
			msgContains: []string{"未安排企业导师"}, msgLacks: []string{"学校指导教师"}},
		{name: "both missing", edit: assigned(false, false), msgContains: []string{"学校指导教师和企业导师"}},
		{name: "cognitive needs both too", edit: cognitive(assigned(true, false)), msgContains: []string{"企业导师"}},
	})
}

func TestFiled(t *testing.T) {
	status := func(filed bool, name string) func(in *PlacementInput) {
		return func(in *PlacementInput) { in.PlanFiled, in.PlanStatusName = filed, name }
	}
	runPlacement(t, "R-FILED", []placementCase{
		{name: "approved", passed: true, msgContains: []string{"已备案"}},
		{name: "in progress", edit: status(true, "实习中"), passed: true, msgContains: []string{"实习中"}},
		{name: "revoked", edit: status(false, "已撤销"), msgContains: []string{"“已撤销”", "备案（第五条）", "审批（巴中市规定）"}},
		{name: "under review", edit: status(false, "审核中"), msgContains: []string{"审核中"}},
		{name: "status unknown", edit: status(false, ""), msgContains: []string{"未知"}},
		{name: "cognitive needs filing too", edit: cognitive(status(false, "已退回")), msgContains: []string{"已退回"}},
	})
}

func TestFees(t *testing.T) {
	reports := func(r ...FeeReport) func(in *PlacementInput) {
		return func(in *PlacementInput) { in.OpenFeeReports = r }
	}
	runPlacement(t, "R-FEES", []placementCase{
		{name: "none open", passed: true},
		{name: "empty list", edit: reports(), passed: true},
		{name: "a fee", edit: reports(FeeReport{Kind: "fee", Description: "实习管理费每月300元"}),
			msgContains: []string{"1 项", "收费（实习管理费每月300元）"}},
		{name: "deposit and withheld ID", edit: reports(FeeReport{Kind: "deposit"}, FeeReport{Kind: "withheld_id", Description: "入职时收走身份证"}),
			msgContains: []string{"2 项", "押金、扣押身份证（入职时收走身份证）"}},
		{name: "a guarantee", edit: reports(FeeReport{Kind: "guarantee", Description: "要求家长签担保书"}),
			msgContains: []string{"1 项", "担保（要求家长签担保书）", "第二十条"}},
		{name: "unknown kind is still a report", edit: reports(FeeReport{Kind: "uniform"}), msgContains: []string{"uniform"}},
		{name: "cognitive", edit: cognitive(reports(FeeReport{Kind: "fee"})), msgContains: []string{"收费"}},
	})
}

func TestPayThresholdFen(t *testing.T) {
	cases := []struct{ wage, want int64 }{
		{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 4}, {6, 5},
		{300000, 240000}, {300001, 240001}, {300002, 240002}, {300003, 240003}, {300004, 240004},
		{399999, 320000}, {400000, 320000},
		{math.MaxInt64, 7378697629483820646},
	}
	for _, c := range cases {
		if got := PayThresholdFen(c.wage); got != c.want {
			t.Errorf("PayThresholdFen(%d) = %d, want %d", c.wage, got, c.want)
		}
	}
	// Against exact arithmetic: the least x with 5x >= 4·wage, for every
	// remainder mod 5 and both signs.
	for _, w := range []int64{-11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 7, 8, 9, 10, 11, 12345678, math.MaxInt64 - 3, math.MinInt64 + 5} {
		four := new(big.Int).Mul(big.NewInt(w), big.NewInt(4))
		q, m := new(big.Int).DivMod(four, big.NewInt(5), new(big.Int)) // Euclidean: m >= 0
		if m.Sign() > 0 {
			q.Add(q, big.NewInt(1))
		}
		if got := PayThresholdFen(w); !q.IsInt64() || got != q.Int64() {
			t.Errorf("PayThresholdFen(%d) = %d, want %s", w, got, q)
		}
	}
}

func fen(n int64) *int64 { return &n }

func TestRequiredPayFen(t *testing.T) {
	for _, c := range []struct {
		wage   int64
		lowest *int64
		want   int64
	}{{300000, nil, 240000}, {300000, fen(200000), 200000}, {300000, fen(250000), 240000}, {0, fen(180000), 180000},
		{0, nil, 0}, {0, fen(0), 0}, {300001, fen(0), 240001}} {
		if got := RequiredPayFen(c.wage, c.lowest); got != c.want {
			t.Errorf("RequiredPayFen(%d, %v) = %d, want %d", c.wage, c.lowest, got, c.want)
		}
	}
}

func TestCheckPay(t *testing.T) {
	cases := []struct {
		name        string
		in          PayInput
		passed      bool
		msgContains []string
		msgLacks    []string
	}{
		{name: "at the threshold of an odd wage", passed: true,
			in: PayInput{Month: "2026-12", AmountFen: 240001, WageFen: 300001, Method: "bank_transfer", PostName: "数控车床操作员"},
			msgContains: []string{"岗位“数控车床操作员”", "2026-12", "2400.01 元", "3000.01 元", "80% 为 2400.01 元", "银行转账",
				"适用标准：相同岗位工资的 80%", "本单位最低档工资标准未申报"}},
		{name: "one fen under the threshold",
			in:          PayInput{Month: "2026-12", AmountFen: 240000, WageFen: 300001, Method: "bank_transfer", PostName: "数控车床操作员"},
			msgContains: []string{"2026-12", "2400.00 元", "3000.01 元", "2400.01 元", "补足差额 0.01 元"}},
		{name: "meets only the lowest-grade wage", passed: true,
			in:          PayInput{Month: "2026-12", AmountFen: 200000, WageFen: 300000, LowestGradeWageFen: fen(200000), Method: "bank_transfer"},
			msgContains: []string{"适用标准：本单位最低档工资标准", "80% 为 2400.00 元", "最低档工资标准为 2000.00 元"}},
		{name: "one fen under the lowest-grade wage and under 80%",
			in:          PayInput{Month: "2026-12", AmountFen: 199999, WageFen: 300000, LowestGradeWageFen: fen(200000), Method: "bank_transfer"},
			msgContains: []string{"既低于", "80% 为 2400.00 元", "最低档工资标准为 2000.00 元", "补足差额 0.01 元"}},
		{name: "meets 80% but not a higher lowest grade", passed: true,
			in:          PayInput{Month: "2026-12", AmountFen: 240000, WageFen: 300000, LowestGradeWageFen: fen(250000), Method: "cash"},
			msgContains: []string{"适用标准：相同岗位工资的 80%", "最低档工资标准为 2500.00 元"}},
		{name: "only a lowest grade declared, met", passed: true,
			in:          PayInput{Month: "2026-12", AmountFen: 180000, LowestGradeWageFen: fen(180000), Method: "cash"},
			msgContains: []string{"适用标准：本单位最低档工资标准", "相同岗位工资未申报"}},
		{name: "lowest grade of zero counts as undeclared",
			in:          PayInput{Month: "2026-12", AmountFen: 0, LowestGradeWageFen: fen(0), Method: "cash"},
			msgContains: []string{"无法核对"}},
		{name: "the largest amounts compare without overflow", passed: true,
			in: PayInput{Month: "2026-12", AmountFen: 100_000_000, WageFen: 100_000_000, LowestGradeWageFen: fen(100_000_000), Method: "cash"}},
		{name: "in kind meeting the lowest grade still fails",
			in:          PayInput{Month: "2027-02", AmountFen: 500000, WageFen: 400000, LowestGradeWageFen: fen(100000), Method: "in_kind"},
			msgContains: []string{"实物", "最低档工资标准为 1000.00 元"}},
		{name: "exactly 80% of a round wage", passed: true,
			in: PayInput{Month: "2027-01", AmountFen: 320000, WageFen: 400000, Method: "mobile_payment"}, msgContains: []string{"移动支付"}},
		{name: "cash counts", passed: true,
			in: PayInput{Month: "2027-01", AmountFen: 400000, WageFen: 400000, Method: "cash"}, msgContains: []string{"现金"}},
		{name: "in kind never counts, however much",
			in:          PayInput{Month: "2027-02", AmountFen: 500000, WageFen: 400000, Method: "in_kind"},
			msgContains: []string{"2027-02", "实物", "货币形式"}, msgLacks: []string{"差额"}},
		{name: "in kind and too little",
			in:          PayInput{Month: "2027-02", AmountFen: 100000, WageFen: 400000, Method: "in_kind"},
			msgContains: []string{"实物", "补足差额 2200.00 元"}},
		{name: "unknown method",
			in: PayInput{Month: "2027-03", AmountFen: 400000, WageFen: 400000, Method: "voucher"}, msgContains: []string{"voucher"}},
		{name: "no method",
			in: PayInput{Month: "2027-03", AmountFen: 400000, WageFen: 400000}, msgContains: []string{"未填写发放方式"}},
		{name: "no reference wage",
			in: PayInput{Month: "2027-03", AmountFen: 0, WageFen: 0, Method: "cash"}, msgContains: []string{"未登记相同岗位工资", "未申报"}},
		{name: "nothing paid",
			in: PayInput{Month: "2027-04", AmountFen: 0, WageFen: 300000, Method: "bank_transfer"}, msgContains: []string{"补足差额 2400.00 元"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := CheckPay(c.in)
			if res.Rule != "R-PAY" || res.Article != "18" || res.Effect != EffectBlock || res.Subject != "placement" {
				t.Errorf("metadata %+v", res)
			}
			if res.Passed != c.passed || res.NotApplicable || res.Covered {
				t.Errorf("passed=%v, want %v: %s", res.Passed, c.passed, res.Message)
			}
			checkMessage(t, res.Message, c.msgContains, c.msgLacks)
			if v := Blocking([]Result{res}, map[string]bool{"R-PAY": true}); (len(v) > 0) == c.passed {
				t.Errorf("Blocking gives %v for passed=%v; an exemption must never lift R-PAY", v, c.passed)
			}
		})
	}
}

func TestPlacementRegistry(t *testing.T) {
	type entry struct {
		id, article string
		effect      Effect
		cognitive   bool
		stages      []Stage
	}
	propose, confirm, activate := StagePropose, StageConfirm, StageActivate
	want := []entry{
		{"R-AGE16", "16(2)", EffectBlock, false, []Stage{propose, activate}},
		{"R-FIRSTYEAR", "16(1)", EffectBlock, false, []Stage{propose}},
		{"R-MINOR-POST", "16(3)", EffectBlock, true, []Stage{propose}},
		{"R-WOMEN-POST", "16(4)", EffectBlock, true, []Stage{propose}},
		{"R-VENUE", "16(5)", EffectBlock, true, []Stage{propose}},
		{"R-INTERMEDIARY", "16(6)", EffectBlock, true, []Stage{propose}},
		{"R-LABOUR3", "16(7)", EffectBlock, true, []Stage{propose}},
		{"R-SAFETY3Y", "6", EffectBlock, true, []Stage{propose}},
		{"R-QUOTA-UNIT", "11", EffectOverride, false, []Stage{confirm}},
		{"R-QUOTA-POST", "11", EffectOverride, false, []Stage{confirm}},
		{"R-PAY", "18", EffectBlock, false, []Stage{StagePayRecord}},
		{"R-FEES", "20", EffectBlock, true, []Stage{activate}},
		{"R-AGREEMENT", "14", EffectBlock, false, []Stage{activate}},
		{"R-CONSENT", "9", EffectBlock, true, []Stage{activate}},
		{"R-INSURANCE", "35", EffectBlock, true, []Stage{activate}},
		{"R-TRAINING", "31", EffectBlock, true, []Stage{activate}},
		{"R-MENTORS", "8", EffectBlock, true, []Stage{activate}},
		{"R-FILED", "5", EffectBlock, true, []Stage{activate}},
		{"R-CROSSPROV", "24", EffectRoute, true, []Stage{activate}},
		{"R-ABROAD", "25", EffectBlock, true, []Stage{activate}},
	}
	all := PlacementRules()
	if len(all) != len(want) {
		t.Fatalf("%d placement rules, want %d", len(all), len(want))
	}
	for i, w := range want {
		r := all[i]
		if r.ID != w.id || r.Article != w.article || r.Effect != w.effect || !reflect.DeepEqual(r.Stages, w.stages) {
			t.Errorf("rule %d: %s %s %s %v, want %s %s %s %v", i, r.ID, r.Article, r.Effect, r.Stages, w.id, w.article, w.effect, w.stages)
		}
		if !r.applies(TypePost) || r.applies(TypeCognitive) != w.cognitive || !r.applies("typo") {
			t.Errorf("%s applies to post=%v cognitive=%v typo=%v, want true %v true",
				r.ID, r.applies(TypePost), r.applies(TypeCognitive), r.applies("typo"), w.cognitive)
		}
		if judgedElsewhere := r.ID == "R-PAY" || r.ID == "R-CROSSPROV" || r.ID == "R-ABROAD"; (r.check == nil) != judgedElsewhere {
			t.Errorf("%s: only R-PAY (CheckPay) and the cross-border gates (CrossBorderGate) lack a check function", r.ID)
		}
		checkMessage(t, r.Title, nil, nil)
		checkMessage(t, r.Scope, nil, nil)
		got, ok := LookupPlacement(w.id)
		if !ok || !reflect.DeepEqual(got.Stages, r.Stages) || got.Title != r.Title {
			t.Errorf("LookupPlacement(%s) = %+v, %v", w.id, got, ok)
		}
	}

	all[0].ID = "changed"
	all[0].AppliesTo[0] = "changed"
	all[0].Stages[0] = "changed"
	again := PlacementRules()
	if again[0].ID != "R-AGE16" || again[0].AppliesTo[0] != TypePost || again[0].Stages[0] != StagePropose {
		t.Error("PlacementRules must return a copy")
	}
	r, _ := LookupPlacement("R-AGE16")
	r.Stages[0] = "changed"
	if again, _ := LookupPlacement("R-AGE16"); again.Stages[0] != StagePropose {
		t.Error("LookupPlacement must return a copy")
	}
	if _, ok := LookupPlacement("R-HOSTLIST"); ok {
		t.Error("R-HOSTLIST is a plan rule, not a placement rule")
	}
	if _, ok := LookupPlacement(""); ok {
		t.Error("empty ID found")
	}
}

// The placement registry shares IDs with the plan registry only where
// domain.md §4 checks one rule at both levels, and a shared ID must mean the
// same article and effect, or an exemption or a finding would be ambiguous.
func TestPlacementRegistryIDs(t *testing.T) {
	seen := map[string]bool{}
	shared := map[string]bool{}
	for _, r := range PlacementRules() {
		if seen[r.ID] {
			t.Errorf("placement rule %s registered twice", r.ID)
		}
		seen[r.ID] = true
		if p, ok := Lookup(r.ID); ok {
			shared[r.ID] = true
			if p.Article != r.Article || p.Effect != r.Effect || p.Title != r.Title {
				t.Errorf("%s: plan rule %s %s %q, placement rule %s %s %q",
					r.ID, p.Article, p.Effect, p.Title, r.Article, r.Effect, r.Title)
			}
		}
	}
	want := map[string]bool{"R-VENUE": true, "R-INTERMEDIARY": true, "R-LABOUR3": true, "R-SAFETY3Y": true,
		"R-QUOTA-UNIT": true, "R-QUOTA-POST": true, "R-PAY": true, "R-CROSSPROV": true, "R-ABROAD": true}
	if !reflect.DeepEqual(shared, want) {
		t.Errorf("IDs shared with plan rules %v, want %v", shared, want)
	}
}

func TestCheckPlacementStages(t *testing.T) {
	want := map[Stage][]string{
		StagePropose:   {"R-AGE16", "R-FIRSTYEAR", "R-MINOR-POST", "R-WOMEN-POST", "R-VENUE", "R-INTERMEDIARY", "R-LABOUR3", "R-SAFETY3Y"},
		StageConfirm:   {"R-QUOTA-UNIT", "R-QUOTA-POST"},
		StageActivate:  {"R-AGE16", "R-FEES", "R-AGREEMENT", "R-CONSENT", "R-INSURANCE", "R-TRAINING", "R-MENTORS", "R-FILED"},
		StagePayRecord: nil, // R-PAY runs through CheckPay, one pay record at a time
		"unknown":      nil,
	}
	in := okPlacement(t)
	for stage, ids := range want {
		t.Run(string(stage), func(t *testing.T) {
			got := CheckPlacement(stage, in)
			var gotIDs []string
			for _, r := range got {
				gotIDs = append(gotIDs, r.Rule)
				if !r.Passed || r.NotApplicable || r.Covered || r.Subject != "placement" {
					t.Errorf("compliant placement: %+v", r)
				}
				checkMessage(t, r.Message, nil, nil)
			}
			if !reflect.DeepEqual(gotIDs, ids) {
				t.Errorf("stage %s runs %v, want %v", stage, gotIDs, ids)
			}
			if v := Blocking(got, nil); len(v) != 0 {
				t.Errorf("violations on a compliant placement: %+v", v)
			}
			if !reflect.DeepEqual(got, CheckPlacement(stage, in)) {
				t.Error("two runs differ")
			}
		})
	}
	// The stage lists above must agree with the registry's own Stages.
	for stage, ids := range want {
		var fromRegistry []string
		for _, r := range PlacementRules() {
			// R-PAY, R-CROSSPROV and R-ABROAD are judged outside CheckPlacement.
			if slices.Contains(r.Stages, stage) && r.check != nil {
				fromRegistry = append(fromRegistry, r.ID)
			}
		}
		if !reflect.DeepEqual(fromRegistry, ids) {
			t.Errorf("registry lists %v for %s, test expects %v", fromRegistry, stage, ids)
		}
	}
}

func TestCognitivePlacementSkipsPostOnlyRules(t *testing.T) {
	in := okPlacement(t)
	in.PlanType = TypeCognitive
	in.Student.BirthDate = pday(t, "2011-06-01")  // 15 on the start day
	in.Student.EnrolledOn = pday(t, "2026-09-01") // first year
	in.Host.Interns, in.Post.Interns = 150, 40    // far beyond both quotas
	in.Documents.Agreement = nil                  // no agreement for a visit
	skipped := map[string]bool{}
	for _, stage := range []Stage{StagePropose, StageConfirm, StageActivate} {
		for _, r := range CheckPlacement(stage, in) {
			if !r.Passed {
				t.Errorf("%s fails a cognitive placement: %s", r.Rule, r.Message)
			}
			if r.NotApplicable {
				skipped[r.Rule] = true
				if r.Subject != "placement" || !strings.Contains(r.Message, "认识实习不适用") {
					t.Errorf("%+v", r)
				}
			}
		}
	}
	want := map[string]bool{"R-AGE16": true, "R-FIRSTYEAR": true, "R-QUOTA-UNIT": true, "R-QUOTA-POST": true, "R-AGREEMENT": true}
	if !reflect.DeepEqual(skipped, want) {
		t.Errorf("skipped %v, want %v", skipped, want)
	}
}

func TestCheckPlacementReportsEveryViolationAtOnce(t *testing.T) {
	in := okPlacement(t)
	in.Student.BirthDate = pday(t, "2010-12-02") // 15 on the start day
	in.OpenFeeReports = []FeeReport{{Kind: "deposit", Description: "工服押金500元"}}
	in.Documents.Consent.GuardianName = ""
	in.Documents.Insurance.CoversTo = pday(t, "2027-05-30")
	in.MentorAssigned = false
	in.PlanFiled, in.PlanStatusName = false, "已撤销"

	var failed []string
	for _, v := range Blocking(CheckPlacement(StageActivate, in), nil) {
		if v.Message == "" || v.Article == "" || v.Subject != "placement" {
			t.Errorf("incomplete violation %+v", v)
		}
		failed = append(failed, v.Rule)
	}
	want := []string{"R-AGE16", "R-FEES", "R-CONSENT", "R-INSURANCE", "R-MENTORS", "R-FILED"}
	if !reflect.DeepEqual(failed, want) {
		t.Errorf("violations %v, want %v", failed, want)
	}

	// Quotas are override rules: an exemption lifts them, nothing lifts a block rule.
	in = okPlacement(t)
	in.Host.Interns, in.Post.Interns = 21, 11
	in.Host.BannedVenue = true
	confirm := CheckPlacement(StageConfirm, in)
	if v := Blocking(confirm, nil); len(v) != 2 {
		t.Errorf("confirm without exemption: %+v", v)
	}
	if v := Blocking(confirm, map[string]bool{"R-QUOTA-UNIT": true, "R-QUOTA-POST": true}); len(v) != 0 {
		t.Errorf("confirm with exemptions: %+v", v)
	}
	if o := Failing(confirm, EffectOverride); len(o) != 2 {
		t.Errorf("overrides %+v", o)
	}
	if v := Blocking(CheckPlacement(StagePropose, in), map[string]bool{"R-VENUE": true}); len(v) != 1 || v[0].Rule != "R-VENUE" {
		t.Errorf("an exemption must not lift R-VENUE: %+v", v)
	}
}

// The cross-border gates are judged by CrossBorderGate but listed in the
// placement registry at activation, so a checklist can title every gate.
func TestCrossBorderGatesAreRegisteredAtActivation(t *testing.T) {
	for _, res := range CrossBorderGate(CrossBorderFacts{Kind: CrossBorderAbroad}) {
		r, ok := LookupPlacement(res.Rule)
		if !ok || !slices.Contains(r.Stages, StageActivate) || r.Title == "" || r.Article != res.Article {
			t.Errorf("%s: registered %v as %+v", res.Rule, ok, r)
		}
	}
}
