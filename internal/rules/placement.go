package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"huhang/internal/platform/clock"
	"huhang/internal/platform/ids"
)

// Stage is a step of the placement lifecycle that checks rules.
type Stage string

const (
	// StagePropose is the school proposing a student for a post.
	StagePropose Stage = "propose"
	// StageConfirm is the enterprise accepting the student; only then is
	// the intern counted against the host's and the post's quota.
	StageConfirm Stage = "confirm"
	// StageActivate is the placement becoming active on its start date.
	StageActivate Stage = "activate"
	// StagePayRecord is the entry of one month's pay record.
	StagePayRecord Stage = "pay_record"
)

// PlacementInput is everything the placement rules look at. The caller
// (placements) assembles it from the placement, its plan, student, post,
// host and documents.
type PlacementInput struct {
	// PlanType is cognitive or post. Any other value is treated as post,
	// the stricter kind, as the plan rules do.
	PlanType PlanType
	// PlanFiled is true when the plan is approved or in progress.
	PlanFiled bool
	// PlanStatusName is the Chinese plan status, quoted by R-FILED.
	PlanStatusName                     string
	StartsOn, EndsOn                   clock.Date // placement period, inclusive
	Today                              clock.Date // business day of the check
	Student                            StudentFacts
	Post                               PlacementPost
	Host                               PlacementHost
	Documents                          PlacementDocuments
	InstructorAssigned, MentorAssigned bool
	// OpenFeeReports are the unresolved reports of a fee, deposit,
	// guarantee or withheld ID for this placement.
	OpenFeeReports []FeeReport
}

// StudentFacts are the facts about the student that the rules need.
type StudentFacts struct {
	Name       string
	BirthDate  clock.Date
	Female     bool
	EnrolledOn clock.Date
}

// PlacementPost is the post of the placement.
type PlacementPost struct {
	ID, Name                              string
	ForbiddenForMinors, ForbiddenForWomen bool
	// Headcount is the post's on-post staff.
	Headcount int
	// Interns counts interns on this post over an overlapping period,
	// including this placement.
	Interns int
	// LabourGrade is the post's physical labour intensity grade, 1–4 for Ⅰ–Ⅳ.
	LabourGrade int
}

// PlacementHost is the host enterprise of the placement.
type PlacementHost struct {
	ID, Name     string
	BannedVenue  bool
	Intermediary bool
	// SafetyViolations are the days of the host's recorded work-safety violations.
	SafetyViolations []clock.Date
	// Headcount is the host's on-post staff.
	Headcount int
	// Interns counts interns at this host over an overlapping period,
	// including this placement.
	Interns int
}

// Agreement is the tripartite agreement (三方协议). Signers holds parties
// among "school", "enterprise", "student" and "guardian".
type Agreement struct {
	SignedOn clock.Date
	Signers  []string
}

// Consent is the consent form (知情同意书) signed by student and guardian.
type Consent struct {
	StudentName, GuardianName string
	SignedOn                  clock.Date
	// Scanned says the scan of the signed paper form is attached.
	Scanned bool
	// Confirmed says the school checked the scan and confirmed it; a
	// student's own upload is never confirmed until the school does.
	Confirmed bool
}

// Training is the safety-training record.
type Training struct {
	TrainedOn clock.Date
	Passed    bool
}

// Insurance is the internship liability policy. Payer is "school" or
// "enterprise".
type Insurance struct {
	Insurer, PolicyNo    string
	CoversFrom, CoversTo clock.Date
	Payer                string
}

// PlacementDocuments are the documents on file; nil means not on file.
type PlacementDocuments struct {
	Agreement *Agreement
	Consent   *Consent
	Training  *Training
	Insurance *Insurance
}

// FeeReport is one unresolved report; Kind is "fee", "deposit",
// "guarantee" or "withheld_id".
type FeeReport struct {
	Kind, Description string
}

// PlacementRule is one entry of the placement registry.
type PlacementRule struct {
	ID      string
	Article string
	Effect  Effect
	// Title is the short Chinese name the checklist shows.
	Title string
	// AppliesTo lists the plan types the rule checks.
	AppliesTo []PlanType
	// Stages lists the lifecycle steps that run the rule.
	Stages []Stage
	// Scope explains, in Chinese, why the rule applies to those types.
	Scope string
	// CognitiveEffect, when set, is the effect for cognitive internships,
	// which some articles treat more lightly (R-CONSENT warns).
	CognitiveEffect Effect

	check func(in PlacementInput) (passed bool, message string)
}

// EffectFor is the rule's effect on a placement under a plan of type t.
func (r PlacementRule) EffectFor(t PlanType) Effect {
	if t == TypeCognitive && r.CognitiveEffect != "" {
		return r.CognitiveEffect
	}
	return r.Effect
}

const subjectPlacement = "placement"

// placementRegistry is in the order of domain.md §4, which is also the order
// of CheckPlacement's results and of the checklist. R-VENUE,
// R-INTERMEDIARY, R-LABOUR3, R-SAFETY3Y, R-QUOTA-UNIT, R-QUOTA-POST and R-PAY
// share their ID, article and effect with the plan rule of the same name
// (the title too: init copies it from the plan registry, so the two cannot
// drift): the plan checks what was planned, the placement checks the real
// student, post and head count, and the host's facts as they are on the day
// of the proposal, since they can change after the plan's approval.
var placementRegistry = []PlacementRule{
	{ID: "R-AGE16", Article: "16(2)", Effect: EffectBlock, Title: "岗位实习学生须年满16周岁", AppliesTo: postOnly,
		Stages: []Stage{StagePropose, StageActivate},
		Scope:  "第十六条第二项针对岗位实习，认识实习为组织参观，不参与实际工作", check: checkAge16},
	{ID: "R-FIRSTYEAR", Article: "16(1)", Effect: EffectBlock, Title: "入学未满一年的学生不得参加岗位实习", AppliesTo: postOnly,
		Stages: []Stage{StagePropose},
		Scope:  "第十六条第一项只限制一年级学生参加岗位实习，认识实习可在一年级安排", check: checkFirstYear},
	{ID: "R-MINOR-POST", Article: "16(3)", Effect: EffectBlock, Title: "未成年学生不得安排到未成年人禁忌岗位", AppliesTo: both,
		Stages: []Stage{StagePropose},
		Scope:  "第十六条所列禁止情形适用于各类实习", check: checkMinorPost},
	{ID: "R-WOMEN-POST", Article: "16(4)", Effect: EffectBlock, Title: "女学生不得安排到女性禁忌岗位", AppliesTo: both,
		Stages: []Stage{StagePropose},
		Scope:  "第十六条所列禁止情形适用于各类实习", check: checkWomenPost},
	{ID: "R-VENUE", Article: "16(5)", Effect: EffectBlock, AppliesTo: both,
		Stages: []Stage{StagePropose},
		Scope:  "第十六条所列禁止情形适用于各类实习，认识实习也不得到娱乐场所", check: checkPlacementVenue},
	{ID: "R-INTERMEDIARY", Article: "16(6)", Effect: EffectBlock, AppliesTo: both,
		Stages: []Stage{StagePropose},
		Scope:  "第十六条所列禁止情形适用于各类实习", check: checkPlacementIntermediary},
	{ID: "R-LABOUR3", Article: "16(7)", Effect: EffectBlock, AppliesTo: both,
		Stages: []Stage{StagePropose},
		Scope:  "第十六条所列禁止情形适用于各类实习", check: checkPlacementLabour},
	{ID: "R-SAFETY3Y", Article: "6", Effect: EffectBlock, AppliesTo: both,
		Stages: []Stage{StagePropose},
		Scope:  "第六条对所有实习单位的条件适用", check: checkPlacementSafety},
	{ID: "R-QUOTA-UNIT", Article: "11", Effect: EffectOverride, AppliesTo: postOnly,
		Stages: []Stage{StageConfirm},
		Scope:  "第十一条的比例限制针对岗位实习学生，认识实习为短期参观，不占岗位", check: checkPlacementQuotaUnit},
	{ID: "R-QUOTA-POST", Article: "11", Effect: EffectOverride, AppliesTo: postOnly,
		Stages: []Stage{StageConfirm},
		Scope:  "第十一条的比例限制针对岗位实习学生，认识实习为短期参观，不占岗位", check: checkPlacementQuotaPost},
	// R-PAY has no check here: it judges one month's pay record, which
	// PlacementInput does not carry, so CheckPay runs it and CheckPlacement
	// skips it. It is registered so the checklist and the pay_record stage
	// still list it.
	{ID: "R-PAY", Article: "18", Effect: EffectBlock, AppliesTo: postOnly,
		Stages: []Stage{StagePayRecord},
		Scope:  "第十八条的报酬规定针对岗位实习，认识实习不参与实际工作"},
	{ID: "R-FEES", Article: "20", Effect: EffectBlock, Title: "不得收取费用、押金、担保或扣押身份证件", AppliesTo: both,
		Stages: []Stage{StageActivate},
		Scope:  "第二十条的禁止收费、押金、担保和扣押证件适用于各类实习", check: checkFees},
	{ID: "R-AGREEMENT", Article: "14", Effect: EffectBlock, Title: "已签订三方实习协议", AppliesTo: postOnly,
		Stages: []Stage{StageActivate},
		Scope:  "第十四条要求岗位实习签订三方协议，认识实习由学校组织，不签三方协议", check: checkAgreement},
	// Art 9 asks the signed consent of the student and the guardian for post
	// internships, at any age (an adult student's guardian or parent signs
	// too: the article draws no age line, and the reading that keeps the
	// family informed protects the student). For a cognitive internship it
	// leaves the matter to the school's rules for off-campus activities, so
	// the platform only warns.
	{ID: "R-CONSENT", Article: "9", Effect: EffectBlock, CognitiveEffect: EffectWarn,
		Title: "学生及监护人签字的知情同意书已上传并经学校确认", AppliesTo: both,
		Stages: []Stage{StageActivate},
		Scope:  "第九条要求岗位实习取得学生及其法定监护人（或家长）签字的知情同意书；认识实习按学校校外活动有关规定管理，仅作提醒", check: checkConsent},
	{ID: "R-INSURANCE", Article: "35", Effect: EffectBlock, Title: "实习责任保险覆盖全部实习期且不由学生缴费", AppliesTo: both,
		Stages: []Stage{StageActivate},
		Scope:  "第三十五条要求各类实习均投保实习责任保险", check: checkInsurance},
	{ID: "R-TRAINING", Article: "31", Effect: EffectBlock, Title: "安全培训考核合格", AppliesTo: both,
		Stages: []Stage{StageActivate},
		Scope:  "第三十一条要求各类实习前均开展安全教育培训", check: checkTraining},
	{ID: "R-MENTORS", Article: "8", Effect: EffectBlock, Title: "已安排学校指导教师和企业导师", AppliesTo: both,
		Stages: []Stage{StageActivate},
		Scope:  "第八条要求各类实习均由校企双方指导人员共同指导", check: checkMentors},
	// Art 5 requires the plan to be filed (备案) with the competent bureau;
	// that it must also be approved first is Bazhong's local rule, and the
	// message says which is which.
	{ID: "R-FILED", Article: "5", Effect: EffectBlock, Title: "实习方案已报备案并经审批", AppliesTo: both,
		Stages: []Stage{StageActivate},
		Scope:  "第五条要求实习方案报主管教育行政部门备案；备案前须经审批为巴中市的地方规定", check: checkFiled},
	// The cross-border steps are judged from the plan's record by
	// CrossBorderGate, not from PlacementInput (no check here); they are
	// registered so a placement's checklist names them like every gate.
	// Its registry effect is the plan rule's (a route to the bureau's
	// consent); at activation CrossBorderGate's result blocks until filed.
	{ID: "R-CROSSPROV", Article: "24", Effect: EffectRoute, AppliesTo: both, Stages: []Stage{StageActivate},
		Scope: "第二十四条的跨省实习同意与备案适用于各类实习"},
	{ID: "R-ABROAD", Article: "25", Effect: EffectBlock, AppliesTo: both, Stages: []Stage{StageActivate},
		Scope: "第二十五条的境外实习规定适用于各类实习"},
}

// The shared rules take their title from the plan registry, so one rule ID
// reads the same on a plan's checklist and a placement's.
func init() {
	for i, r := range placementRegistry {
		if p, ok := Lookup(r.ID); ok && r.Title == "" {
			placementRegistry[i].Title = p.Title
		}
	}
}

// PlacementRules lists every placement rule in checklist order. The slice
// is a copy, so a caller cannot change the registry.
func PlacementRules() []PlacementRule {
	out := make([]PlacementRule, len(placementRegistry))
	for i, r := range placementRegistry {
		out[i] = r.clone()
	}
	return out
}

// LookupPlacement finds a placement rule by its ID.
func LookupPlacement(id string) (PlacementRule, bool) {
	for _, r := range placementRegistry {
		if r.ID == id {
			return r.clone(), true
		}
	}
	return PlacementRule{}, false
}

// CheckPlacement runs every placement rule registered for stage, in registry
// order, one Result per rule with Subject "placement". A rule that does not
// apply to the plan type passes as NotApplicable with a Chinese explanation.
// R-PAY is registered for StagePayRecord but judges one month's pay record,
// which PlacementInput does not carry: CheckPlacement skips it, so
// CheckPlacement(StagePayRecord, …) returns no result and the caller runs
// CheckPay on each record instead.
func CheckPlacement(stage Stage, in PlacementInput) []Result {
	var out []Result
	for _, r := range placementRegistry {
		if r.check == nil || !slices.Contains(r.Stages, stage) {
			continue
		}
		out = append(out, r.run(in))
	}
	return out
}

func (r PlacementRule) clone() PlacementRule {
	r.AppliesTo = slices.Clone(r.AppliesTo)
	r.Stages = slices.Clone(r.Stages)
	return r
}

// applies reports whether the rule checks placements under plans of type t;
// unknown types count as post internships so a typo never switches rules off.
func (r PlacementRule) applies(t PlanType) bool {
	if t != TypeCognitive {
		t = TypePost
	}
	return slices.Contains(r.AppliesTo, t)
}

// run checks one placement regardless of stage.
func (r PlacementRule) run(in PlacementInput) Result {
	res := Result{Rule: r.ID, Article: r.Article, Effect: r.EffectFor(in.PlanType), Subject: subjectPlacement}
	switch {
	case !r.applies(in.PlanType):
		res.Passed, res.NotApplicable, res.Message = true, true, "认识实习不适用："+r.Scope
	case r.check == nil:
		res.Passed, res.NotApplicable, res.Message = true, true, "本规则按月核对实习报酬记录，不在此环节检查"
	default:
		res.Passed, res.Message = r.check(in)
	}
	return res
}

// Art 16(2): no post internship before the student is 16 周岁. 周岁 count
// from the day after the birthday (the Supreme People's Court's reading, 最高
// 人民法院关于审理未成年人刑事案件具体应用法律若干问题的解释 Art 2): on the
// 16th birthday itself the student is not yet 16.
func checkAge16(in PlacementInput) (bool, string) {
	if isZero(in.Student.BirthDate) {
		return false, studentLabel(in.Student) + "未登记出生日期，无法确认实习开始日是否已满16周岁；请先补全学生身份证号或出生日期"
	}
	age := FullAgeOn(in.Student.BirthDate, in.StartsOn)
	if age >= 16 {
		return true, fmt.Sprintf("学生周岁 %d 岁（实习开始日 %s），已满16周岁", age, in.StartsOn)
	}
	return false, fmt.Sprintf("学生周岁 %d 岁（实习开始日 %s），未满16周岁不得参加岗位实习；%s出生于 %s，周岁自生日次日起算，%s 起年满16周岁，请将实习开始日推迟到该日或之后",
		age, in.StartsOn, studentLabel(in.Student), in.Student.BirthDate, FullAgeFrom(in.Student.BirthDate, 16))
}

// FullAgeOn is the student's age in 周岁 on day, counted from the day after
// each birthday: on the 16th birthday the answer is still 15. A 29 February
// birthday falls on 1 March in common years (as ids.AgeOn counts it), so the
// age is reached on 2 March: the later of the two readings, which protects
// the student.
func FullAgeOn(birth, day clock.Date) int { return ageOn(birth, day.AddDays(-1)) }

// FullAgeFrom is the first day on which a person born on birth is n 周岁.
func FullAgeFrom(birth clock.Date, n int) clock.Date { return anniversary(birth, n).AddDays(1) }

// Art 16(1): first-year students may not do a post internship. "First
// year" is read as less than one full year since enrolment; an enrolment on
// 29 February completes its year on 1 March, like a birthday.
func checkFirstYear(in PlacementInput) (bool, string) {
	if isZero(in.Student.EnrolledOn) {
		return false, studentLabel(in.Student) + "未登记入学日期，无法确认是否已入学满一年；请先补全入学日期"
	}
	due := anniversary(in.Student.EnrolledOn, 1)
	if !in.StartsOn.Before(due) {
		return true, fmt.Sprintf("学生入学日期 %s，至实习开始日 %s 已入学满一年（%s 满一年）", in.Student.EnrolledOn, in.StartsOn, due)
	}
	return false, fmt.Sprintf("学生入学日期 %s，至实习开始日 %s 入学未满一年，一年级学生不得参加岗位实习；请将实习开始日推迟到 %s 或之后",
		in.Student.EnrolledOn, in.StartsOn, due)
}

// Art 16(3): minors may not work on posts the law forbids to minors. Age is
// taken on the start day, in 周岁 counted as for R-AGE16 (an 18th birthday
// on the start day is still a minor): the placement is proposed for the
// whole period.
func checkMinorPost(in PlacementInput) (bool, string) {
	post := placementPostLabel(in.Post)
	if !in.Post.ForbiddenForMinors {
		return true, post + "未列为未成年人禁忌从事的岗位"
	}
	if isZero(in.Student.BirthDate) {
		return false, post + "为未成年人禁忌从事的岗位，" + studentLabel(in.Student) + "未登记出生日期，无法确认已满18周岁；请先补全出生日期"
	}
	age := FullAgeOn(in.Student.BirthDate, in.StartsOn)
	if age >= 18 {
		return true, fmt.Sprintf("%s为未成年人禁忌从事的岗位，学生周岁 %d 岁（实习开始日 %s），已满18周岁", post, age, in.StartsOn)
	}
	return false, fmt.Sprintf("%s为未成年人禁忌从事的岗位，学生周岁 %d 岁（实习开始日 %s），未满18周岁不得安排；周岁自生日次日起算，请更换岗位，或待其于 %s 年满18周岁后再安排",
		post, age, in.StartsOn, FullAgeFrom(in.Student.BirthDate, 18))
}

// Art 16(4): female students may not work on posts forbidden to women.
func checkWomenPost(in PlacementInput) (bool, string) {
	post := placementPostLabel(in.Post)
	switch {
	case !in.Post.ForbiddenForWomen:
		return true, post + "未列为女性禁忌从事的岗位"
	case !in.Student.Female:
		return true, post + "为女性禁忌从事的岗位，" + studentLabel(in.Student) + "为男生"
	default:
		return false, post + "为女性禁忌从事的岗位，不得安排女学生" + studentName(in.Student) + "；请为其更换岗位"
	}
}

// Art 16(5): checked again at proposal because the host's flag may have
// changed since the plan was filed.
func checkPlacementVenue(in PlacementInput) (bool, string) {
	host := placementHostLabel(in.Host)
	if in.Host.BannedVenue {
		return false, host + "属于酒吧、夜总会、歌厅、洗浴中心、电子游戏厅、网吧等营业性娱乐场所，不得安排学生实习；请更换实习单位"
	}
	return true, host + "不属于营业性娱乐场所"
}

// Art 16(6): re-checked at proposal, since a host can turn out to be an
// intermediary or paid agent after the plan was filed.
func checkPlacementIntermediary(in PlacementInput) (bool, string) {
	host := placementHostLabel(in.Host)
	if in.Host.Intermediary {
		return false, host + "为中介机构或有偿代理组织，不得通过其组织、安排和管理学生实习；请更换实习单位"
	}
	return true, host + "不是中介机构或有偿代理组织"
}

var labourGrades = map[int]string{1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ"}

// Art 16(7): no post of labour intensity grade III or above; the post's
// grade is read as it stands on the day of the proposal. A grade outside
// I–IV cannot be shown to be below III, so it fails.
func checkPlacementLabour(in PlacementInput) (bool, string) {
	post := placementPostLabel(in.Post)
	switch g := in.Post.LabourGrade; g {
	case 1, 2:
		return true, fmt.Sprintf("%s体力劳动强度为%s级，低于Ⅲ级", post, labourGrades[g])
	case 3, 4:
		return false, fmt.Sprintf("%s体力劳动强度为%s级，不得安排学生从事Ⅲ级及以上体力劳动强度的岗位；请更换岗位", post, labourGrades[g])
	default:
		return false, fmt.Sprintf("%s体力劳动强度等级（%d）无效，须为Ⅰ–Ⅳ级且低于Ⅲ级；请核实岗位信息", post, g)
	}
}

// Art 6: no work-safety violation in the 3 years that end on the start day,
// counted as the plan rule counts them (a violation on the same calendar day
// 3 years before is outside, the day after inside; later ones are inside),
// and re-checked at proposal because a violation may be recorded after the
// plan's approval.
func checkPlacementSafety(in PlacementInput) (bool, string) {
	host := placementHostLabel(in.Host)
	y := in.StartsOn.Year - 3
	last := time.Date(y, in.StartsOn.Month+1, 0, 0, 0, 0, 0, time.UTC).Day()
	since := clock.Date{Year: y, Month: in.StartsOn.Month, Day: min(in.StartsOn.Day, last)}
	var hits []string
	for _, v := range in.Host.SafetyViolations {
		if since.Before(v) {
			hits = append(hits, v.String())
		}
	}
	if len(hits) > 0 {
		slices.Sort(hits)
		return false, fmt.Sprintf("%s于 %s 有安全生产违法记录，在实习开始日 %s 前 3 年内（%s 之后），不得安排学生实习；请更换实习单位",
			host, strings.Join(hits, "、"), in.StartsOn, since)
	}
	return true, fmt.Sprintf("%s在实习开始日 %s 前 3 年内（%s 之后）无安全生产违法记录", host, in.StartsOn, since)
}

// Art 11: interns at one host stay within 10% of its on-post staff.
// Integer arithmetic (n*100 <= staff*10) so exactly 10% passes and no
// rounding decides a case; a host with no staff cannot take any intern.
func checkPlacementQuotaUnit(in PlacementInput) (bool, string) {
	h := in.Host
	return quota(placementHostLabel(h), h.Interns, h.Headcount, 10)
}

// Art 11: interns on one post stay within 20% of that post's staff.
func checkPlacementQuotaPost(in PlacementInput) (bool, string) {
	p := in.Post
	return quota(placementPostLabel(p), p.Interns, p.Headcount, 20)
}

// quota fails a zero headcount outright: Interns always counts this
// placement, so a host or post with no staff can take nobody.
func quota(label string, interns, headcount, percent int) (bool, string) {
	if headcount > 0 && interns*100 <= headcount*percent {
		return true, fmt.Sprintf("%s同期实习学生 %d 人（含本次安排），未超过在岗职工 %d 人的 %d%%（上限 %d 人）",
			label, interns, headcount, percent, headcount*percent/100)
	}
	if headcount <= 0 {
		return false, fmt.Sprintf("%s在岗职工人数为 %d，不能接收实习学生（同期 %d 人，含本次安排）；请核实在岗职工人数，或报教育行政部门审核豁免",
			label, headcount, interns)
	}
	return false, fmt.Sprintf("%s同期实习学生 %d 人（含本次安排），超过在岗职工 %d 人的 %d%%（上限 %d 人）；请调整安排，或报教育行政部门审核豁免",
		label, interns, headcount, percent, headcount*percent/100)
}

var feeKindNames = map[string]string{"fee": "收费", "deposit": "押金", "guarantee": "担保", "withheld_id": "扣押身份证"}

// Art 20: no fee, deposit or guarantee (担保) may be demanded and no ID
// withheld. Every open report blocks until someone resolves it: the rule
// cannot tell a true report from a false one, a human must. It is checked
// at any time: an active placement keeps the failed check on its checklist
// until the report is resolved.
func checkFees(in PlacementInput) (bool, string) {
	if len(in.OpenFeeReports) == 0 {
		return true, "无未处理的收费、押金、担保或扣押身份证举报"
	}
	items := make([]string, len(in.OpenFeeReports))
	for i, f := range in.OpenFeeReports {
		name := feeKindNames[f.Kind]
		if name == "" {
			name = "“" + f.Kind + "”"
		}
		if d := strings.TrimSpace(f.Description); d != "" {
			name += "（" + d + "）"
		}
		items[i] = name
	}
	return false, fmt.Sprintf("有 %d 项未处理的违规收费举报：%s；不得向学生收取费用、押金，不得要求担保或扣押其身份证件（第二十条），请核实并退还、整改后处理举报",
		len(items), strings.Join(items, "、"))
}

var partyNames = map[string]string{"school": "学校", "enterprise": "实习单位", "student": "学生", "guardian": "监护人"}

// Art 14: a post internship starts only under an agreement signed by the
// school, the host and the student. A date after today means the record was
// entered ahead of the signing, so the agreement is not yet in force.
func checkAgreement(in PlacementInput) (bool, string) {
	a := in.Documents.Agreement
	if a == nil {
		return false, "三方实习协议未上传；请由学校、实习单位和学生签订后上传"
	}
	var problems []string
	var missing []string
	for _, party := range []string{"school", "enterprise", "student"} {
		if !slices.ContainsFunc(a.Signers, func(s string) bool { return strings.TrimSpace(s) == party }) {
			missing = append(missing, partyNames[party])
		}
	}
	if len(missing) > 0 {
		problems = append(problems, "缺少"+strings.Join(missing, "、")+"签字，请补签")
	}
	problems = append(problems, signedDateProblems("签订", a.SignedOn, in.Today)...)
	if len(problems) > 0 {
		return false, "三方实习协议" + strings.Join(problems, "；")
	}
	return true, fmt.Sprintf("三方实习协议已于 %s 由学校、实习单位和学生签订", a.SignedOn)
}

// Art 9: the student and the guardian (or parent) both consent in writing
// to a post internship. The paper form is signed; its scan is what proves it,
// and the school, which answers for the internship, checks the scan against
// the form's details and confirms it. A student may upload the form but can
// never complete this gate alone. The name on the form must be this
// student's, or it may be someone else's form.
func checkConsent(in PlacementInput) (bool, string) {
	c := in.Documents.Consent
	if c == nil {
		return false, "知情同意书未上传；请由学生本人及其监护人（或家长）签字后上传扫描件，并由学校确认"
	}
	var problems []string
	want, got := strings.TrimSpace(in.Student.Name), strings.TrimSpace(c.StudentName)
	switch {
	case got == "":
		problems = append(problems, "未填写学生姓名，请由学生本人签字")
	case got != want:
		problems = append(problems, fmt.Sprintf("学生姓名“%s”与本次安排的学生“%s”不符，请上传该学生本人的知情同意书", got, want))
	}
	if strings.TrimSpace(c.GuardianName) == "" {
		problems = append(problems, "缺少监护人签字，请由监护人（或家长）签字")
	}
	problems = append(problems, signedDateProblems("签署", c.SignedOn, in.Today)...)
	if !c.Scanned {
		problems = append(problems, "未上传签字的知情同意书扫描件，请上传")
	}
	if !c.Confirmed {
		problems = append(problems, "尚待学校核对扫描件并确认")
	}
	if len(problems) > 0 {
		return false, "知情同意书" + strings.Join(problems, "；")
	}
	return true, fmt.Sprintf("知情同意书已由学生“%s”及监护人“%s”于 %s 签署，扫描件已上传并经学校确认", got, strings.TrimSpace(c.GuardianName), c.SignedOn)
}

// signedDateProblems rejects a missing date and a date after today: a form
// dated in the future was recorded before it was signed.
func signedDateProblems(verb string, on, today clock.Date) []string {
	switch {
	case isZero(on):
		return []string{"未填写" + verb + "日期，请补全"}
	case today.Before(on):
		return []string{fmt.Sprintf("%s日期 %s 晚于今天 %s，尚未生效，请在%s后再启动实习", verb, on, today, verb)}
	}
	return nil
}

var payerNames = map[string]string{"school": "学校", "enterprise": "实习单位", "student": "学生"}

// Art 35: liability insurance covers every day of the placement and is
// paid by the school or the host, never by the student.
func checkInsurance(in PlacementInput) (bool, string) {
	p := in.Documents.Insurance
	if p == nil {
		return false, "实习责任保险保单未上传；请由学校或实习单位投保后上传保单"
	}
	var problems []string
	if strings.TrimSpace(p.Insurer) == "" {
		problems = append(problems, "未填写保险公司")
	}
	if strings.TrimSpace(p.PolicyNo) == "" {
		problems = append(problems, "未填写保单号")
	}
	switch {
	case isZero(p.CoversFrom) || isZero(p.CoversTo):
		problems = append(problems, "未填写保障起止日期")
	default:
		if in.StartsOn.Before(p.CoversFrom) {
			problems = append(problems, fmt.Sprintf("保障期自 %s 开始，晚于实习开始日 %s", p.CoversFrom, in.StartsOn))
		}
		if p.CoversTo.Before(in.EndsOn) {
			problems = append(problems, fmt.Sprintf("保障期至 %s 结束，早于实习结束日 %s", p.CoversTo, in.EndsOn))
		}
	}
	switch payer := strings.TrimSpace(p.Payer); payer {
	case "school", "enterprise":
	case "student":
		problems = append(problems, "保费由学生缴纳，不得由学生承担")
	case "":
		problems = append(problems, "未填写投保方")
	default:
		problems = append(problems, fmt.Sprintf("投保方“%s”无法识别", payer))
	}
	if len(problems) > 0 {
		return false, fmt.Sprintf("实习责任保险%s：%s；须由学校或实习单位投保，覆盖实习期 %s 至 %s 的每一天",
			policyLabel(p), strings.Join(problems, "，"), in.StartsOn, in.EndsOn)
	}
	return true, fmt.Sprintf("实习责任保险%s保障期 %s 至 %s，覆盖实习期 %s 至 %s，由%s投保",
		policyLabel(p), p.CoversFrom, p.CoversTo, in.StartsOn, in.EndsOn, payerNames[strings.TrimSpace(p.Payer)])
}

func policyLabel(p *Insurance) string {
	var parts []string
	if s := strings.TrimSpace(p.Insurer); s != "" {
		parts = append(parts, s)
	}
	if s := strings.TrimSpace(p.PolicyNo); s != "" {
		parts = append(parts, "保单号 "+s)
	}
	if len(parts) == 0 {
		return ""
	}
	return "（" + strings.Join(parts, "，") + "）"
}

// Art 31: the student passes safety training before the first day. A
// training dated after today has not happened yet.
func checkTraining(in PlacementInput) (bool, string) {
	tr := in.Documents.Training
	if tr == nil {
		return false, "无安全培训记录；请组织岗前安全教育培训并考核合格后再启动实习"
	}
	var problems []string
	switch {
	case isZero(tr.TrainedOn):
		problems = append(problems, "未填写培训日期")
	case in.Today.Before(tr.TrainedOn):
		problems = append(problems, fmt.Sprintf("培训日期 %s 晚于今天 %s，培训尚未进行", tr.TrainedOn, in.Today))
	}
	if !tr.Passed {
		problems = append(problems, "考核未通过")
	}
	if len(problems) > 0 {
		return false, "安全培训" + strings.Join(problems, "，") + "；须完成安全教育培训并考核合格后再启动实习"
	}
	return true, fmt.Sprintf("已于 %s 完成安全培训并考核合格", tr.TrainedOn)
}

// Art 8: every placement is guided by both a school instructor and an
// enterprise mentor; neither side may leave it to the other.
func checkMentors(in PlacementInput) (bool, string) {
	var missing []string
	if !in.InstructorAssigned {
		missing = append(missing, "学校指导教师")
	}
	if !in.MentorAssigned {
		missing = append(missing, "企业导师")
	}
	if len(missing) > 0 {
		return false, "未安排" + strings.Join(missing, "和") + "；请指定后再启动实习"
	}
	return true, "已安排学校指导教师和企业导师"
}

// Art 5 requires the plan to be filed with the competent bureau; Bazhong's
// local rule adds that the bureau approves it first. No placement starts
// under a plan that is not both; a plan withdrawn or revoked after the
// placement was proposed must stop it too.
func checkFiled(in PlacementInput) (bool, string) {
	status := strings.TrimSpace(in.PlanStatusName)
	if status == "" {
		status = "未知"
	}
	if in.PlanFiled {
		return true, fmt.Sprintf("实习方案已经审批并报主管教育行政部门备案（状态：%s）", status)
	}
	return false, fmt.Sprintf("实习方案状态为“%s”：方案须报主管教育行政部门备案（第五条）并经审批（巴中市规定）后方可启动实习；请待方案审批备案后再启动", status)
}

// PayInput is one month's pay record of a post internship.
type PayInput struct {
	Month     string // "2026-12"
	AmountFen int64
	WageFen   int64 // reference wage of the same post per month
	// LowestGradeWageFen is the host's lowest-grade wage (本单位最低档工资
	// 标准) per month; nil when the host has not declared one.
	LowestGradeWageFen *int64
	Method             string
	PostName           string
}

// PayThresholdFen is 80% of the reference wage, rounded up to a whole fen:
// the least pay that is not below 80%. The wage is split at a multiple of 5
// so the multiplication cannot overflow for any int64 wage.
func PayThresholdFen(wageFen int64) int64 {
	q, r := wageFen/5, wageFen%5
	n := r * 4 // 4/5 of the remainder, in -16..16; Go truncates toward zero
	up := n / 5
	if n%5 > 0 {
		up++
	}
	return q*4 + up
}

// RequiredPayFen is the least monthly pay that meets Art 18: the lower of
// the declared standards, or 0 when neither is declared.
func RequiredPayFen(wageFen int64, lowestFen *int64) int64 {
	return PayMeetsArt18(0, wageFen, deref(lowestFen)).RequiredFen()
}

func deref(n *int64) int64 {
	if n == nil {
		return 0
	}
	return *n
}

var payMethodNames = map[string]string{
	"bank_transfer": "银行转账", "mobile_payment": "移动支付", "cash": "现金", "in_kind": "实物",
}

// CheckPay is R-PAY on one month's pay record (Art 18): pay in money of at
// least 80% of the same post's wage, or at least the host's lowest-grade
// wage. The message names the standard that was applied and both figures,
// so an auditor sees the whole comparison. Goods, meals or vouchers do not
// count, and neither does a method nobody recognises. A record under a host
// that declared neither standard cannot show its pay is fair, so it fails,
// as the plan rule does.
func CheckPay(in PayInput) Result {
	r, _ := LookupPlacement("R-PAY")
	res := Result{Rule: r.ID, Article: r.Article, Effect: r.Effect, Subject: subjectPlacement}

	month := strings.TrimSpace(in.Month)
	if month == "" {
		month = "未注明月份"
	}
	label := month + " 月份实习报酬"
	if p := strings.TrimSpace(in.PostName); p != "" {
		label = "岗位“" + p + "”" + label
	}
	method := strings.TrimSpace(in.Method)
	// One comparison for the plan and the monthly record: rules.PayMeetsArt18.
	verdict := PayMeetsArt18(in.AmountFen, in.WageFen, deref(in.LowestGradeWageFen))
	figures := verdict.Figures()

	var problems, todo []string
	switch method {
	case "bank_transfer", "mobile_payment", "cash":
	case "in_kind":
		problems = append(problems, "以实物等非货币形式发放")
		todo = append(todo, "以货币形式（银行转账、移动支付或现金）支付")
	case "":
		problems = append(problems, "未填写发放方式")
		todo = append(todo, "注明以银行转账、移动支付或现金支付")
	default:
		problems = append(problems, fmt.Sprintf("发放方式“%s”无法识别", method))
		todo = append(todo, "以银行转账、移动支付或现金支付")
	}
	applied := ""
	switch verdict.Standard {
	case PayStandardPostWage:
		applied = "适用标准：相同岗位工资的 80%"
	case PayStandardLowestGrade:
		applied = "适用标准：本单位最低档工资标准"
	default:
		need := verdict.RequiredFen()
		if need == 0 {
			problems = append(problems, "未登记相同岗位工资，也未申报本单位最低档工资标准，无法核对")
			todo = append(todo, "补登相同岗位工资或本单位最低档工资标准")
		} else {
			problems = append(problems, "既低于相同岗位工资的 80%，也低于本单位最低档工资标准")
			gap := need // a negative amount never reaches the service; no subtraction that could overflow
			if in.AmountFen >= 0 {
				gap = need - in.AmountFen
			}
			todo = append(todo, "补足差额 "+yuan(gap)+"（按两项标准中较低的一项）")
		}
	}
	if len(problems) > 0 {
		res.Message = fmt.Sprintf("%s %s：%s（%s）；须%s", label, yuan(in.AmountFen), strings.Join(problems, "，"), figures,
			strings.Join(todo, "，并"))
		return res
	}
	res.Passed = true
	res.Message = fmt.Sprintf("%s %s，以%s发放，%s（%s）", label, yuan(in.AmountFen), payMethodNames[method], applied, figures)
	return res
}

func isZero(d clock.Date) bool { return d == clock.Date{} }

func ageOn(birth, day clock.Date) int { return ids.AgeOn(ids.Date(birth), ids.Date(day)) }

// anniversary is the day d recurs n years later; 29 February recurs on
// 1 March in common years, the day ids.AgeOn counts a birthday reached.
func anniversary(d clock.Date, n int) clock.Date {
	return clock.DateOf(time.Date(d.Year+n, d.Month, d.Day, 0, 0, 0, 0, time.UTC))
}

func studentName(s StudentFacts) string {
	if n := strings.TrimSpace(s.Name); n != "" {
		return "“" + n + "”"
	}
	return ""
}

func studentLabel(s StudentFacts) string {
	if n := studentName(s); n != "" {
		return "学生" + n
	}
	return "该学生"
}

func placementHostLabel(h PlacementHost) string {
	return "实习单位“" + orID(h.Name, h.ID) + "”"
}

func placementPostLabel(p PlacementPost) string { return "岗位“" + orID(p.Name, p.ID) + "”" }
