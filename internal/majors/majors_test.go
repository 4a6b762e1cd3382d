package majors

import "testing"

func TestTheNineteenCategoriesOf2021(t *testing.T) {
	got := Categories()
	if len(got) != 19 {
		t.Fatalf("got %d categories, want 19: %v", len(got), got)
	}
	if got[0] != "农林牧渔大类" || got[18] != "公共管理与服务大类" {
		t.Fatalf("catalogue order lost: first %q, last %q", got[0], got[18])
	}
	for _, name := range []string{"装备制造大类", "电子与信息大类", "旅游大类", "食品药品与粮食大类", " 医药卫生大类 "} {
		if !Valid(name) {
			t.Errorf("%q should be a category", name)
		}
	}
	for _, name := range []string{"", "name", "装备制造", "装备制造类", "旅游", "电子信息大类"} {
		if Valid(name) {
			t.Errorf("%q should not be a category", name)
		}
	}
	got[0] = "x"
	if Categories()[0] != "农林牧渔大类" {
		t.Fatal("Categories must hand out a copy")
	}
}
