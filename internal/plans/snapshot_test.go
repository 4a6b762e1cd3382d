package plans

import (
	"encoding/json"
	"testing"

	"github.com/google/uuid"
)

func TestDiffMatchesPostsByIdentity(t *testing.T) {
	kept, dropped, added := uuid.New(), uuid.New(), uuid.New()
	base := Snapshot{Fields: Fields{Title: "旧名称", StartsOn: "2027-01-04"}, Posts: []PlanPost{
		{PostID: kept, PostName: "数控车床操作员", PlannedCount: 6, PayFen: 340000},
		{PostID: dropped, PostName: "质量检验员", PlannedCount: 3, PayFen: 304000},
	}, Special: []SpecialArrangement{{Covers: "night", PostID: kept, Reason: "设备连续运转"}}}
	target := Snapshot{Fields: Fields{Title: "新名称", StartsOn: "2027-01-04"}, Posts: []PlanPost{
		{PostID: added, PostName: "食品包装工", PlannedCount: 2, PayFen: 300000},
		{PostID: kept, PostName: "数控车床操作员", PlannedCount: 8, PayFen: 340000},
	}, Special: []SpecialArrangement{{Covers: "restday", PostID: kept, Reason: "订单高峰"}}}
	b, _ := json.Marshal(base)
	tg, _ := json.Marshal(target)
	changes, err := diffSnapshots(b, tg)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range changes {
		got[c.Field] = c.Kind
	}
	want := map[string]string{
		"title":                                               "changed",
		"posts[" + kept.String() + "]":                        "changed",
		"posts[" + dropped.String() + "]":                     "removed",
		"posts[" + added.String() + "]":                       "added",
		"special_arrangements[night:" + kept.String() + "]":   "removed",
		"special_arrangements[restday:" + kept.String() + "]": "added",
	}
	if len(got) != len(want) {
		t.Fatalf("changes %v, want %v", got, want)
	}
	for f, k := range want {
		if got[f] != k {
			t.Errorf("%s: %q, want %q", f, got[f], k)
		}
	}
	// Reordering posts without changing them is no change at all.
	reordered := base
	reordered.Posts = []PlanPost{base.Posts[1], base.Posts[0]}
	r, _ := json.Marshal(reordered)
	if changes, _ := diffSnapshots(b, r); len(changes) != 0 {
		t.Fatalf("reordering is not a change: %+v", changes)
	}
}
