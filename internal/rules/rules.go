// Package rules holds the plan-level compliance rules of domain.md §4, taken
// from 职业学校学生实习管理规定 (教职成〔2021〕4号): small pure functions over
// plain input structs, with no database and no HTTP, so every boundary can be
// pinned by a table test and the same code answers a dry run, a submission and
// a bureau review.
//
// A rule reports one Result per subject (host, post, or the plan itself), both
// when it passes and when it fails, so the checklist can show every rule with
// a tick or a cross and name the offending host or post.
package rules

import (
	"slices"
	"strings"

	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
)

// Effect is what a failed rule does to the action that triggered it.
type Effect string

const (
	// EffectBlock refuses the action; nobody can waive it.
	EffectBlock Effect = "block"
	// EffectOverride refuses the action unless a bureau auditor records a
	// reasoned exemption: Art 8, 11 and 12 say "一般" or leave room for
	// judgement, so the bureau may decide case by case.
	EffectOverride Effect = "override"
	// EffectWarn is shown and stored but lets the action pass.
	EffectWarn Effect = "warn"
	// EffectRoute never blocks; it sends the plan to an extra review step
	// (Art 24: cross-province internships go up a level).
	EffectRoute Effect = "route"
)

// PlanType is the kind of internship (Art 2).
type PlanType string

const (
	// TypeCognitive is 认识实习: an organised visit to observe, no real work.
	TypeCognitive PlanType = "cognitive"
	// TypePost is 岗位实习: the student takes part in real work on a post.
	TypePost PlanType = "post"
)

// Kinds of special arrangement (Art 17 lets a filed arrangement cover a
// post's special needs); SpecialArrangement.Covers holds one of these.
const (
	CoversNight    = "night"
	CoversRestDay  = "restday"
	CoversHighRisk = "highrisk"
	// CoversOvertime lets a post exceed R-HOURS (Art 17 allows overtime only
	// under a special arrangement filed with the competent authority).
	CoversOvertime = "overtime"
)

// PlanInput is everything the plan-level rules look at. The caller (plans)
// assembles it from the plan version, its hosts, posts and the school.
type PlanInput struct {
	// Type is cognitive or post. Any other value is treated as post, the
	// stricter kind, so a typo never switches rules off.
	Type               PlanType
	MajorCategory      string
	StartsOn, EndsOn   clock.Date // both inclusive
	SubmittedOn        clock.Date // business day of the submission (clock.BusinessDay)
	SchoolDivisionCode string
	Hosts              []HostInput
	Posts              []PostInput
	Special            []SpecialArrangement
	// CrossProvince is what the school's competent bureau recorded for a
	// plan with a host outside the province or abroad (Art 24 ¶2, 25).
	CrossProvince CrossProvinceRecord
	// OnSiteInstructor is true when a school instructor is assigned to
	// accompany the students on site for the whole period (Art 25).
	OnSiteInstructor bool
}

// HostInput is one host enterprise of the plan.
type HostInput struct {
	ID, Name, DivisionCode string
	// RegionCode is set instead of DivisionCode for a host abroad or in Hong
	// Kong, Macau or Taiwan (境外, Art 25): ISO 3166-1 alpha-2 ("HK", "DE").
	RegionCode string
	// LowestGradeWageFen is the host's lowest-grade wage (本单位最低档工资标准,
	// Art 18); zero when the host declared none.
	LowestGradeWageFen int64
	// Headcount is the host's on-post staff (在岗职工总数).
	Headcount int
	// OtherInterns counts post interns the host already takes from other
	// approved plans over an overlapping period: Art 11 caps interns at the
	// host at the same time (同期), not per plan. Zero when unknown.
	OtherInterns int
	BannedVenue  bool
	Intermediary bool
	OnHostList   bool
	// HostListApprovedOn is the day the school approved the host for its
	// list; nil means the approval is not on record.
	HostListApprovedOn *clock.Date
	SafetyViolations   []clock.Date
}

// PostInput is one post of the plan with the number of interns planned on it.
type PostInput struct {
	ID, Name, HostID, MajorCategory string
	// Headcount is the post's on-post staff (同类岗位在岗职工总人数).
	Headcount    int
	PlannedCount int
	// OtherInterns counts interns already on this post from other plans over
	// an overlapping period (Art 11, 同期). Zero when unknown.
	OtherInterns              int
	HoursPerDay, HoursPerWeek float64
	ShiftStart, ShiftEnd      string // HH:MM, 00:00–23:59; an end at or before the start crosses midnight
	// BreakMinutes is the unpaid break declared inside one shift (meal, rest).
	BreakMinutes  int
	WorksRestDays bool
	LabourGrade   int // 1–4 for Ⅰ–Ⅳ
	HighRisk      []string
	WageFen       int64 // reference wage of the same post per month
	PayFen        int64 // planned intern pay per month
}

// SpecialArrangement is a filed Art 17 exception for one post. It counts only
// with a reason: an arrangement nobody justified is not a filed arrangement.
type SpecialArrangement struct {
	Covers string
	PostID string
	Reason string
}

// Options tunes the local rules.
type Options struct {
	// LeadTimeWorkingDays is N of R-LEADTIME; zero or less means the default 10.
	LeadTimeWorkingDays int
}

// DefaultLeadTimeWorkingDays is the local filing lead time when none is configured.
const DefaultLeadTimeWorkingDays = 10

func (o Options) leadTime() int {
	if o.LeadTimeWorkingDays <= 0 {
		return DefaultLeadTimeWorkingDays
	}
	return o.LeadTimeWorkingDays
}

// Result is the verdict of one rule on one subject.
type Result struct {
	Rule    string
	Article string
	Effect  Effect
	// Passed is true when the subject complies, is covered by a special
	// arrangement, or the rule does not apply.
	Passed bool
	// Covered means it passed only because a filed special arrangement covers it.
	Covered bool
	// NotApplicable means the rule does not apply to this plan (its type, or
	// nothing to check); Passed is then true.
	NotApplicable bool
	// Subject is "host:<id>", "post:<id>" or "plan".
	Subject string
	// Message is Chinese and names the host or post and the value at stake.
	Message string
	// Count is the number of interns a quota rule counted for its subject
	// (R-QUOTA-UNIT, R-QUOTA-POST); an exemption must allow at least as many.
	Count int
}

// Rule is one entry of the registry.
type Rule struct {
	ID      string
	Article string
	Effect  Effect
	// Title is the short Chinese name the checklist shows.
	Title string
	// AppliesTo lists the plan types the rule checks.
	AppliesTo []PlanType
	// Scope explains, in Chinese, why the rule applies to those types.
	Scope string

	check func(in PlanInput, cal *clock.Calendar, opts Options) []finding
}

// finding is what a check function decides; Rule.Check adds the rule's metadata.
type finding struct {
	subject string
	passed  bool
	covered bool
	message string
	count   int
}

// Applies reports whether the rule checks plans of type t; unknown types
// count as post internships.
func (r Rule) Applies(t PlanType) bool {
	if t != TypeCognitive {
		t = TypePost
	}
	return slices.Contains(r.AppliesTo, t)
}

// Check runs the rule on one plan. A rule that does not apply, or finds no
// host or post to look at, still answers once, so a checklist row is never
// silently missing. A nil calendar means weekends only, with no official
// holidays or make-up days.
func (r Rule) Check(in PlanInput, cal *clock.Calendar, opts Options) []Result {
	if r.check == nil {
		return nil
	}
	if !r.Applies(in.Type) {
		return []Result{r.result(finding{subject: subjectPlan, passed: true, message: "认识实习不适用：" + r.Scope}, true)}
	}
	if cal == nil {
		cal = clock.NewCalendar(nil)
	}
	found := r.check(in, cal, opts)
	if len(found) == 0 {
		return []Result{r.result(finding{subject: subjectPlan, passed: true, message: "方案未列出需要核对的实习单位或岗位"}, true)}
	}
	out := make([]Result, len(found))
	for i, f := range found {
		out[i] = r.result(f, false)
	}
	return out
}

func (r Rule) result(f finding, notApplicable bool) Result {
	return Result{Rule: r.ID, Article: r.Article, Effect: r.Effect, Passed: f.passed, Covered: f.covered,
		NotApplicable: notApplicable, Subject: f.subject, Message: f.message, Count: f.count}
}

var (
	both     = []PlanType{TypeCognitive, TypePost}
	postOnly = []PlanType{TypePost}
)

// registry is in the order of domain.md §4, which is also the order of
// CheckPlan's results and of the checklist.
var registry = []Rule{
	{ID: "R-VENUE", Article: "16(5)", Effect: EffectBlock, Title: "不得安排到营业性娱乐场所实习", AppliesTo: both,
		Scope: "第十六条所列禁止情形适用于各类实习，认识实习也不得到娱乐场所", check: checkVenue},
	{ID: "R-INTERMEDIARY", Article: "16(6)", Effect: EffectBlock, Title: "不得通过中介机构或有偿代理组织实习", AppliesTo: both,
		Scope: "第十六条所列禁止情形适用于各类实习", check: checkIntermediary},
	{ID: "R-LABOUR3", Article: "16(7)", Effect: EffectBlock, Title: "岗位体力劳动强度须低于Ⅲ级", AppliesTo: both,
		Scope: "第十六条所列禁止情形适用于各类实习", check: checkLabour},
	{ID: "R-HOSTLIST", Article: "7", Effect: EffectBlock, Title: "实习单位须在学校合作单位名单内", AppliesTo: both,
		Scope: "第七条对所有实习单位的选择适用", check: checkHostList},
	{ID: "R-SAFETY3Y", Article: "6", Effect: EffectBlock, Title: "实习单位近3年无安全生产违法记录", AppliesTo: both,
		Scope: "第六条对所有实习单位的条件适用", check: checkSafety},
	{ID: "R-QUOTA-UNIT", Article: "11", Effect: EffectOverride, Title: "实习学生不超过单位在岗职工的10%", AppliesTo: postOnly,
		Scope: "第十一条的比例限制针对岗位实习学生，认识实习为短期参观，不占岗位", check: checkQuotaUnit},
	{ID: "R-QUOTA-POST", Article: "11", Effect: EffectOverride, Title: "同一岗位实习学生不超过该岗位在岗职工的20%", AppliesTo: postOnly,
		Scope: "第十一条的比例限制针对岗位实习学生，认识实习为短期参观，不占岗位", check: checkQuotaPost},
	{ID: "R-MAJOR", Article: "8", Effect: EffectOverride, Title: "实习岗位与所学专业大类一致", AppliesTo: both,
		Scope: "第八条要求各类实习岗位与所学专业对口或相近", check: checkMajor},
	{ID: "R-DURATION", Article: "12", Effect: EffectOverride, Title: "岗位实习时长一般为6个月", AppliesTo: postOnly,
		Scope: "第十二条“岗位实习时间一般为6个月”针对岗位实习；超过6个月须经审核部门说明理由后接受", check: checkDuration},
	{ID: "R-HOURS", Article: "17", Effect: EffectBlock, Title: "每日不超过8小时、每周不超过40小时，不得加班", AppliesTo: both,
		Scope: "第十七条的工时保护从严适用于各类实习，认识实习同样不得超时；确有需要须备案特殊安排", check: checkHours},
	{ID: "R-NIGHT", Article: "17", Effect: EffectBlock, Title: "不得安排夜班（22:00–06:00）", AppliesTo: both,
		Scope: "第十七条的休息保护从严适用于各类实习；确有需要须备案特殊安排", check: checkNight},
	{ID: "R-RESTDAY", Article: "17", Effect: EffectBlock, Title: "不得安排休息日和法定节假日实习", AppliesTo: both,
		Scope: "第十七条的休息保护从严适用于各类实习；确有需要须备案特殊安排", check: checkRestDay},
	{ID: "R-HIGHRISK", Article: "17", Effect: EffectBlock, Title: "不得安排高危岗位实习", AppliesTo: both,
		Scope: "第十七条的安全保护从严适用于各类实习；确有需要须备案特殊安排", check: checkHighRisk},
	{ID: "R-PAY", Article: "18", Effect: EffectBlock, Title: "实习报酬不低于同岗位工资的80%或最低档工资标准", AppliesTo: postOnly,
		Scope: "第十八条的报酬规定针对岗位实习，认识实习不参与实际工作", check: checkPay},
	{ID: "R-LEADTIME", Article: "local", Effect: EffectWarn, Title: "方案须提前报送审批备案", AppliesTo: both,
		Scope: "各类实习方案均须报同级教育行政部门审批备案", check: checkLeadTime},
	{ID: "R-CROSSPROV", Article: "24", Effect: EffectRoute, Title: "跨省实习须经学校主管教育行政部门同意并报省级备案", AppliesTo: both,
		Scope: "第二十四条第二款的跨省实习同意和备案适用于各类实习", check: checkCrossProvince},
	{ID: "R-ABROAD", Article: "25", Effect: EffectBlock, Title: "境外实习须有学校指导教师全程驻点", AppliesTo: both,
		Scope: "第二十五条的境外实习要求适用于各类实习", check: checkAbroad},
}

// All lists every plan-level rule in checklist order. The slice is a copy.
func All() []Rule {
	out := make([]Rule, len(registry))
	for i, r := range registry {
		r.AppliesTo = slices.Clone(r.AppliesTo)
		out[i] = r
	}
	return out
}

// Lookup finds a rule by its ID.
func Lookup(id string) (Rule, bool) {
	for _, r := range registry {
		if r.ID == id {
			r.AppliesTo = slices.Clone(r.AppliesTo)
			return r, true
		}
	}
	return Rule{}, false
}

// CheckPlan runs every plan-level rule, in registry order and, within a rule,
// in the order of the plan's hosts and posts, so two runs compare line by line.
func CheckPlan(in PlanInput, cal *clock.Calendar, opts Options) []Result {
	var out []Result
	for _, r := range registry {
		out = append(out, r.Check(in, cal, opts)...)
	}
	return out
}

// Blocking turns the results that stop the action into violations: every
// failed block rule, and every failed override rule not in exemptions.
//
// exemptions is keyed by rule ID and covers every subject of that rule. What
// it holds depends on the step: at submission, the exemptions the school
// requests (the plan then goes to review carrying the request); at approval,
// the exemptions the auditor granted. Exemptions for block rules are ignored,
// and warn and route results never block.
func Blocking(results []Result, exemptions map[string]bool) []apperr.Violation {
	var out []apperr.Violation
	for _, r := range results {
		if r.Passed {
			continue
		}
		if r.Effect == EffectBlock || (r.Effect == EffectOverride && !exemptions[r.Rule]) {
			out = append(out, apperr.Violation{Rule: r.Rule, Article: r.Article, Message: r.Message, Subject: r.Subject})
		}
	}
	return out
}

// Failing lists the failed results of one effect: EffectOverride for what
// needs an exemption, EffectWarn for what to show, EffectRoute for what
// sends the plan to city-level review.
func Failing(results []Result, effect Effect) []Result {
	var out []Result
	for _, r := range results {
		if !r.Passed && r.Effect == effect {
			out = append(out, r)
		}
	}
	return out
}

const subjectPlan = "plan"

func hostSubject(h HostInput) string { return "host:" + h.ID }
func postSubject(p PostInput) string { return "post:" + p.ID }

func hostLabel(h HostInput) string { return "实习单位“" + orID(h.Name, h.ID) + "”" }
func postLabel(p PostInput) string { return "岗位“" + orID(p.Name, p.ID) + "”" }

// orID falls back to the ID so a message always names its subject.
func orID(name, id string) string {
	if n := strings.TrimSpace(name); n != "" {
		return n
	}
	return id
}

// arrangement finds the filed special arrangement of kind for post. blank
// reports an arrangement that exists but gives no reason, so the message can
// say why it was not accepted.
func arrangement(in PlanInput, kind, postID string) (found SpecialArrangement, ok, blank bool) {
	for _, s := range in.Special {
		if s.Covers != kind || s.PostID != postID {
			continue
		}
		if strings.TrimSpace(s.Reason) == "" {
			blank = true
			continue
		}
		return s, true, false
	}
	return SpecialArrangement{}, false, blank
}
