package rules

import (
	"encoding/json"
	"fmt"
	"strings"

	"huhang/internal/platform/clock"
)

// CrossProvinceRecord is what the school's own competent bureau recorded for
// a plan with a host outside the province or abroad (Art 24 ¶2): its
// consent, then the filing with the provincial education department.
type CrossProvinceRecord struct {
	Consented bool
	// FiledOn and Reference are the provincial filing's date and number;
	// nil and "" until recorded.
	FiledOn   *clock.Date
	Reference string
}

// Complete says both steps are on record.
func (r CrossProvinceRecord) Complete() bool {
	return r.Consented && r.FiledOn != nil && strings.TrimSpace(r.Reference) != ""
}

func (r CrossProvinceRecord) describe() string {
	switch {
	case r.Complete():
		return fmt.Sprintf("学校主管教育行政部门已同意，并已于 %s 报省级教育行政部门备案（备案文号 %s）", *r.FiledOn, strings.TrimSpace(r.Reference))
	case r.Consented:
		return "学校主管教育行政部门已同意，尚未登记报省级教育行政部门备案的日期和文号"
	default:
		return "须经学校主管教育行政部门同意，并报省级教育行政部门备案"
	}
}

// CrossBorder says whether a plan has a host outside the school's province
// or abroad; the plan records it when it is drafted.
type CrossBorder string

const (
	CrossBorderNone     CrossBorder = ""
	CrossBorderProvince CrossBorder = "province"
	CrossBorderAbroad   CrossBorder = "abroad"
)

// Classify is the plan's cross-border kind from its hosts: abroad wins over
// another province. An unreadable division code counts as another province,
// since nothing proves the host is local.
func Classify(schoolDivision string, hosts []HostInput) CrossBorder {
	out := CrossBorderNone
	school, schoolOK := province(schoolDivision)
	for _, h := range hosts {
		if strings.TrimSpace(h.RegionCode) != "" {
			return CrossBorderAbroad
		}
		if p, ok := province(h.DivisionCode); !schoolOK || !ok || p != school {
			out = CrossBorderProvince
		}
	}
	return out
}

// CrossBorderFacts is what a placement's activation gate needs to know about
// its plan's cross-border steps.
type CrossBorderFacts struct {
	Kind             CrossBorder
	Record           CrossProvinceRecord
	OnSiteInstructor bool
}

// CrossBorderGate is R-CROSSPROV and R-ABROAD at placement activation: a
// placement under a plan with a host outside the province starts only after
// the competent bureau's consent and the provincial filing are on record
// (Art 24 ¶2); abroad, a school instructor must also be on site for the
// whole period (Art 25). Both answer once, passing when not applicable.
func CrossBorderGate(f CrossBorderFacts) []Result {
	prov := Result{Rule: "R-CROSSPROV", Article: "24", Effect: EffectBlock, Subject: subjectPlacement}
	abroad := Result{Rule: "R-ABROAD", Article: "25", Effect: EffectBlock, Subject: subjectPlacement}
	switch f.Kind {
	case CrossBorderNone:
		prov.Passed, prov.NotApplicable, prov.Message = true, true, "实习单位在省内，无须跨省备案"
		abroad.Passed, abroad.NotApplicable, abroad.Message = true, true, "实习单位不在境外"
		return []Result{prov, abroad}
	case CrossBorderProvince:
		abroad.Passed, abroad.NotApplicable, abroad.Message = true, true, "实习单位不在境外"
	default:
		abroad.Passed = f.OnSiteInstructor
		if abroad.Passed {
			abroad.Message = "境外实习，方案已指派学校指导教师全程驻点"
		} else {
			abroad.Message = "境外实习须指派学校实习指导教师全程驻点指导，方案尚未指派，不得启动实习"
		}
	}
	prov.Passed = f.Record.Complete()
	prov.Message = "实习单位在省外或境外：" + f.Record.describe()
	if !prov.Passed {
		prov.Message += "，完成后方可启动实习"
	}
	return []Result{prov, abroad}
}

// regionNames are the regions outside the mainland hosts are most often in;
// any other ISO 3166-1 alpha-2 code is shown as it is.
var regionNames = map[string]string{
	"HK": "香港特别行政区", "MO": "澳门特别行政区", "TW": "台湾地区",
	"JP": "日本", "KR": "韩国", "SG": "新加坡", "MY": "马来西亚", "TH": "泰国", "VN": "越南", "LA": "老挝",
	"DE": "德国", "FR": "法国", "GB": "英国", "US": "美国", "AU": "澳大利亚", "RU": "俄罗斯", "AE": "阿联酋",
}

// RegionName is a region code in Chinese, or the code itself.
func RegionName(code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	if n, ok := regionNames[code]; ok {
		return n + "，" + code
	}
	return code
}

// CheckRegionCode validates the region code of a host outside the mainland:
// two capital letters (ISO 3166-1 alpha-2), never CN, whose hosts carry a
// division code instead. It returns a Chinese problem or "".
func CheckRegionCode(code string) string {
	if len(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' {
		return "境外地区代码须为两位大写字母（ISO 3166-1），如 HK、MO、TW、SG"
	}
	if code == "CN" {
		return "境内实习单位请填写行政区划代码，而不是地区代码"
	}
	return ""
}

// RecheckHost runs again, for one host and post, the plan rules on facts
// that can change after a plan is approved: banned venue (Art 16(5)),
// intermediary (Art 16(6)), labour grade (Art 16(7)) and work-safety
// violations in the 3 years before startsOn (Art 6). Placements call it at
// propose; a failure blocks.
func RecheckHost(h HostInput, p PostInput, startsOn clock.Date) []Result {
	in := PlanInput{Type: TypePost, StartsOn: startsOn, Hosts: []HostInput{h}, Posts: []PostInput{p}}
	var out []Result
	for _, id := range []string{"R-VENUE", "R-INTERMEDIARY", "R-LABOUR3", "R-SAFETY3Y"} {
		r, _ := Lookup(id)
		out = append(out, r.Check(in, nil, Options{})...)
	}
	return out
}

// crossBorderRow is the JSON shape plans.CrossBorderColumn selects.
type crossBorderRow struct {
	Kind      CrossBorder `json:"kind"`
	Consented bool        `json:"consented"`
	FiledOn   *string     `json:"filed_on"`
	Reference *string     `json:"reference"`
	OnSite    bool        `json:"on_site"`
}

// Scan reads the facts from the JSON column plans.CrossBorderColumn, so a
// store that lists placements can read them with one column.
func (f *CrossBorderFacts) Scan(src any) error {
	var raw []byte
	switch v := src.(type) {
	case nil:
		*f = CrossBorderFacts{}
		return nil
	case []byte:
		raw = v
	case string:
		raw = []byte(v)
	default:
		return fmt.Errorf("rules: cannot scan %T into CrossBorderFacts", src)
	}
	var row crossBorderRow
	if err := json.Unmarshal(raw, &row); err != nil {
		return fmt.Errorf("rules: cross-border facts: %w", err)
	}
	*f = CrossBorderFacts{Kind: row.Kind, OnSiteInstructor: row.OnSite, Record: CrossProvinceRecord{Consented: row.Consented}}
	if row.FiledOn != nil && row.Reference != nil {
		d, err := clock.ParseDate(*row.FiledOn)
		if err != nil {
			return fmt.Errorf("rules: cross-border filing date: %w", err)
		}
		f.Record.FiledOn, f.Record.Reference = &d, *row.Reference
	}
	return nil
}
