package rules

import (
	"fmt"
	"slices"
	"strings"

	"huhang/internal/platform/clock"
)

// Art 16(5): bars, nightclubs, KTV, bath centres, game halls and internet
// cafés are no place for an internship of any kind.
func checkVenue(in PlanInput, _ *clock.Calendar, _ Options) []finding {
	var out []finding
	for _, h := range in.Hosts {
		if h.BannedVenue {
			out = append(out, finding{subject: hostSubject(h), message: hostLabel(h) +
				"属于酒吧、夜总会、歌厅、洗浴中心、电子游戏厅、网吧等营业性娱乐场所，不得安排学生实习"})
			continue
		}
		out = append(out, finding{subject: hostSubject(h), passed: true, message: hostLabel(h) + "不属于营业性娱乐场所"})
	}
	return out
}

// Art 16(6): an intermediary or paid agent between school and student is
// where wages get skimmed, so it may not organise or manage an internship.
func checkIntermediary(in PlanInput, _ *clock.Calendar, _ Options) []finding {
	var out []finding
	for _, h := range in.Hosts {
		if h.Intermediary {
			out = append(out, finding{subject: hostSubject(h), message: hostLabel(h) +
				"为中介机构或有偿代理组织，不得通过其组织、安排和管理学生实习"})
			continue
		}
		out = append(out, finding{subject: hostSubject(h), passed: true, message: hostLabel(h) + "不是中介机构或有偿代理组织"})
	}
	return out
}

// Art 7: only hosts the school vetted on site and approved may appear in a
// plan, and the approval must already exist when the plan is submitted, or
// the vetting was done after the fact. A post whose host is missing from the
// plan's hosts would slip past every host rule, so it fails here.
func checkHostList(in PlanInput, _ *clock.Calendar, _ Options) []finding {
	var out []finding
	listed := make(map[string]bool, len(in.Hosts))
	for _, h := range in.Hosts {
		listed[h.ID] = true
		f := finding{subject: hostSubject(h)}
		switch {
		case !h.OnHostList:
			f.message = hostLabel(h) + "不在学校合作单位名单中"
		case h.HostListApprovedOn == nil:
			f.message = hostLabel(h) + "在学校合作单位名单中，但未记录批准日期，无法确认已经学校批准"
		case in.SubmittedOn.Before(*h.HostListApprovedOn):
			f.message = fmt.Sprintf("%s于 %s 才列入学校合作单位名单，晚于方案提交日 %s",
				hostLabel(h), *h.HostListApprovedOn, in.SubmittedOn)
		default:
			f.passed = true
			f.message = fmt.Sprintf("%s已于 %s 列入学校合作单位名单", hostLabel(h), *h.HostListApprovedOn)
		}
		out = append(out, f)
	}
	for _, p := range in.Posts {
		if !listed[p.HostID] {
			out = append(out, finding{subject: postSubject(p), message: fmt.Sprintf(
				"%s所属实习单位（%s）未列入本方案的实习单位，无法核对是否在学校合作单位名单中", postLabel(p), p.HostID)})
		}
	}
	return out
}

// Art 6: a host must have had no work-safety violation in the last 3 years.
// The window is the 3 years that end on the plan's start day: a violation on
// the same calendar day 3 years earlier is outside (3 full years have passed
// by the start), the day after is inside. A start on 29 February looks back
// to 28 February, which keeps the window at least 3 years long. Violations
// after the start day are inside too: they are even more recent.
func checkSafety(in PlanInput, _ *clock.Calendar, _ Options) []finding {
	since := yearsBefore(in.StartsOn, 3)
	var out []finding
	for _, h := range in.Hosts {
		var hits []string
		for _, v := range h.SafetyViolations {
			if since.Before(v) {
				hits = append(hits, v.String())
			}
		}
		if len(hits) > 0 {
			slices.Sort(hits)
			out = append(out, finding{subject: hostSubject(h), message: fmt.Sprintf(
				"%s于 %s 有安全生产违法记录，在实习开始日 %s 前 3 年内（%s 之后）",
				hostLabel(h), strings.Join(hits, "、"), in.StartsOn, since)})
			continue
		}
		out = append(out, finding{subject: hostSubject(h), passed: true, message: fmt.Sprintf(
			"%s在实习开始日 %s 前 3 年内（%s 之后）无安全生产违法记录", hostLabel(h), in.StartsOn, since)})
	}
	return out
}

// Art 11: post interns at one host stay within 10% of its on-post staff.
// Exactly 10% passes; integer arithmetic (n*10 <= staff) so 105 staff allow
// 10 interns and no rounding decides a case. A host that declares no staff
// cannot take any intern.
func checkQuotaUnit(in PlanInput, _ *clock.Calendar, _ Options) []finding {
	var out []finding
	for _, h := range in.Hosts {
		n := h.OtherInterns
		for _, p := range in.Posts {
			if p.HostID == h.ID {
				n += p.PlannedCount
			}
		}
		f := finding{subject: hostSubject(h), passed: n*10 <= h.Headcount, count: n}
		others := ""
		if h.OtherInterns > 0 {
			others = fmt.Sprintf("（含其他方案同期 %d 人）", h.OtherInterns)
		}
		switch {
		case f.passed:
			f.message = fmt.Sprintf("%s接收岗位实习学生 %d 人%s，未超过在岗职工 %d 人的 10%%（上限 %d 人）",
				hostLabel(h), n, others, h.Headcount, h.Headcount/10)
		case h.Headcount <= 0:
			f.message = fmt.Sprintf("%s在岗职工人数为 %d，不能接收岗位实习学生 %d 人%s",
				hostLabel(h), h.Headcount, n, others)
		default:
			f.message = fmt.Sprintf("%s接收岗位实习学生 %d 人%s，超过在岗职工 %d 人的 10%%（上限 %d 人）",
				hostLabel(h), n, others, h.Headcount, h.Headcount/10)
		}
		out = append(out, f)
	}
	return out
}

// Art 24 ¶2: an internship outside the school's province needs the consent
// of the school's own competent bureau and a filing with the provincial
// education department. It never blocks the submission (the bureau can only
// consent to a submitted plan); the approval and every placement's
// activation wait for the record (see CrossProvinceGate). A division code
// that names no province cannot prove the host is local, so it counts as
// outside. A host abroad (region code) counts too (Art 25 adds to Art 24).
func checkCrossProvince(in PlanInput, _ *clock.Calendar, _ Options) []finding {
	school, schoolOK := province(in.SchoolDivisionCode)
	rec := in.CrossProvince
	var out []finding
	for _, h := range in.Hosts {
		host, hostOK := province(h.DivisionCode)
		f := finding{subject: hostSubject(h)}
		var where string
		switch {
		case strings.TrimSpace(h.RegionCode) != "":
			where = fmt.Sprintf("%s位于境外（%s）", hostLabel(h), RegionName(h.RegionCode))
		case !schoolOK:
			where = fmt.Sprintf("学校区划代码“%s”无效，无法确定%s是否跨省", in.SchoolDivisionCode, hostLabel(h))
		case !hostOK:
			where = fmt.Sprintf("%s区划代码“%s”无效，无法确定是否跨省", hostLabel(h), h.DivisionCode)
		case host != school:
			where = fmt.Sprintf("%s位于%s（区划代码 %s），与学校（%s）不在同一省份", hostLabel(h), provinces[host], h.DivisionCode, provinces[school])
		default:
			f.passed = true
			f.message = fmt.Sprintf("%s位于省内（%s，区划代码 %s）", hostLabel(h), provinces[host], h.DivisionCode)
			out = append(out, f)
			continue
		}
		f.passed = rec.Complete()
		f.message = where + "，" + rec.describe()
		out = append(out, f)
	}
	return out
}

// Art 25: an internship abroad or in Hong Kong, Macau or Taiwan needs, on
// top of Art 24's consent and filing, a school instructor who accompanies
// the students on site for the whole period.
func checkAbroad(in PlanInput, _ *clock.Calendar, _ Options) []finding {
	var out []finding
	for _, h := range in.Hosts {
		if strings.TrimSpace(h.RegionCode) == "" {
			out = append(out, finding{subject: hostSubject(h), passed: true, message: hostLabel(h) + "不在境外"})
			continue
		}
		f := finding{subject: hostSubject(h), passed: in.OnSiteInstructor}
		if f.passed {
			f.message = fmt.Sprintf("%s位于境外（%s），已指派学校指导教师全程驻点", hostLabel(h), RegionName(h.RegionCode))
		} else {
			f.message = fmt.Sprintf("%s位于境外（%s），须指派学校实习指导教师全程驻点指导（第二十五条）", hostLabel(h), RegionName(h.RegionCode))
		}
		out = append(out, f)
	}
	return out
}

// province returns the first two digits of a 6-digit GB/T 2260 code when
// they name a province-level division.
func province(code string) (string, bool) {
	if len(code) != 6 {
		return "", false
	}
	for _, c := range code {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	p := code[:2]
	_, ok := provinces[p]
	return p, ok
}

// provinces are the province-level divisions of GB/T 2260.
var provinces = map[string]string{
	"11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
	"21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
	"31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
	"41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区", "46": "海南省",
	"50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
	"61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
	"71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
}
