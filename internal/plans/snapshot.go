package plans

import (
	"encoding/json"
	"fmt"
	"sort"

	"huhang/internal/platform/apperr"
)

// Snapshot is the content of one submitted version, as frozen in
// plan_versions and compared by the diff.
type Snapshot struct {
	Fields
	Posts       []PlanPost           `json:"posts"`
	Special     []SpecialArrangement `json:"special_arrangements"`
	Instructors []Staff              `json:"instructors"`
	Mentors     []Staff              `json:"mentors"`
}

func snapshotOf(p Plan) Snapshot {
	return Snapshot{Fields: p.Fields, Posts: append([]PlanPost{}, p.Posts...), Special: append([]SpecialArrangement{}, p.Special...),
		Instructors: append([]Staff{}, p.Instructors...), Mentors: append([]Staff{}, p.Mentors...)}
}

// Change is one difference between two versions. Posts and special
// arrangements are matched by identity, so an added or removed post reads as
// such rather than as a shifted list.
type Change struct {
	Field  string `json:"field"`
	Label  string `json:"label"`
	Kind   string `json:"kind"` // changed, added, removed
	Before any    `json:"before"`
	After  any    `json:"after"`
}

var fieldLabels = []struct{ field, label string }{
	{"type", "实习类型"}, {"title", "方案名称"}, {"major", "专业"}, {"major_category", "专业大类"}, {"cohort", "年级"},
	{"starts_on", "开始日期"}, {"ends_on", "结束日期"}, {"content", "实习内容"}, {"safety_measures", "安全保障措施"},
	{"emergency_plan", "应急预案"}, {"insurance_arrangement", "保险安排"},
}

func diffSnapshots(baseRaw, targetRaw json.RawMessage) ([]Change, error) {
	var base, target Snapshot
	if err := json.Unmarshal(baseRaw, &base); err != nil {
		return nil, apperr.Internal(fmt.Errorf("plans: decode snapshot: %w", err))
	}
	if err := json.Unmarshal(targetRaw, &target); err != nil {
		return nil, apperr.Internal(fmt.Errorf("plans: decode snapshot: %w", err))
	}
	b, t := scalarFields(base), scalarFields(target)
	changes := []Change{}
	for _, f := range fieldLabels {
		if b[f.field] != t[f.field] {
			changes = append(changes, Change{Field: f.field, Label: f.label, Kind: "changed", Before: b[f.field], After: t[f.field]})
		}
	}
	before := map[string]PlanPost{}
	for _, p := range base.Posts {
		before[p.PostID.String()] = p
	}
	after := map[string]PlanPost{}
	for _, p := range target.Posts {
		after[p.PostID.String()] = p
	}
	for _, id := range sortedKeys(before, after) {
		bp, inBase := before[id]
		ap, inTarget := after[id]
		label := "岗位“" + ap.PostName + "”"
		if !inTarget {
			label = "岗位“" + bp.PostName + "”"
		}
		field := "posts[" + id + "]"
		switch {
		case !inBase:
			changes = append(changes, Change{Field: field, Label: label, Kind: "added", After: ap})
		case !inTarget:
			changes = append(changes, Change{Field: field, Label: label, Kind: "removed", Before: bp})
		case bp.PlannedCount != ap.PlannedCount || bp.PayFen != ap.PayFen:
			changes = append(changes, Change{Field: field, Label: label, Kind: "changed", Before: bp, After: ap})
		}
	}
	specialKey := func(s SpecialArrangement) string { return s.Covers + ":" + s.PostID.String() }
	sb, sa := map[string]SpecialArrangement{}, map[string]SpecialArrangement{}
	for _, s := range base.Special {
		sb[specialKey(s)] = s
	}
	for _, s := range target.Special {
		sa[specialKey(s)] = s
	}
	for _, k := range sortedKeys(sb, sa) {
		bs, inBase := sb[k]
		as, inTarget := sa[k]
		field := "special_arrangements[" + k + "]"
		switch {
		case !inBase:
			changes = append(changes, Change{Field: field, Label: "特殊安排", Kind: "added", After: as})
		case !inTarget:
			changes = append(changes, Change{Field: field, Label: "特殊安排", Kind: "removed", Before: bs})
		case bs.Reason != as.Reason:
			changes = append(changes, Change{Field: field, Label: "特殊安排", Kind: "changed", Before: bs, After: as})
		}
	}
	for _, group := range []struct {
		field, label  string
		before, after []Staff
	}{
		{"instructors", "实习指导教师", base.Instructors, target.Instructors},
		{"mentors", "企业导师", base.Mentors, target.Mentors},
	} {
		b, a := map[string]Staff{}, map[string]Staff{}
		for _, st := range group.before {
			b[st.UserID.String()] = st
		}
		for _, st := range group.after {
			a[st.UserID.String()] = st
		}
		for _, id := range sortedKeys(b, a) {
			bs, inBase := b[id]
			as, inTarget := a[id]
			switch {
			case !inBase:
				changes = append(changes, Change{Field: group.field + "[" + id + "]", Label: group.label, Kind: "added", After: as})
			case !inTarget:
				changes = append(changes, Change{Field: group.field + "[" + id + "]", Label: group.label, Kind: "removed", Before: bs})
			}
		}
	}
	return changes, nil
}

func scalarFields(s Snapshot) map[string]string {
	return map[string]string{"type": s.Type, "title": s.Title, "major": s.Major, "major_category": s.MajorCategory,
		"cohort": s.Cohort, "starts_on": s.StartsOn, "ends_on": s.EndsOn, "content": s.Content,
		"safety_measures": s.SafetyMeasures, "emergency_plan": s.EmergencyPlan, "insurance_arrangement": s.InsuranceArrangement}
}

func sortedKeys[V any](a, b map[string]V) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range []map[string]V{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}
