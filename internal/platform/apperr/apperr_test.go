package apperr_test

import (
	"strings"
	"testing"

	"huhang/internal/platform/apperr"
)

func TestTextCountsCharactersNotBytes(t *testing.T) {
	cases := []struct {
		value    string
		min, max int
		want     string
	}{
		{"", 1, 4, "请填写名称"},
		{"", 0, 4, ""},
		{"巴中职院", 1, 4, ""}, // 4 characters, 12 bytes
		{"巴中职院X", 1, 4, "名称不能超过 4 个字符"},
	}
	for _, c := range cases {
		var fe apperr.FieldErrors
		fe.Text("name", "名称", c.value, c.min, c.max)
		got := ""
		if len(fe) > 0 {
			got = fe[0].Message
			if fe[0].Field != "name" {
				t.Errorf("%q: field %q", c.value, fe[0].Field)
			}
		}
		if got != c.want {
			t.Errorf("%q (%d–%d): got %q, want %q", c.value, c.min, c.max, got, c.want)
		}
	}
}

func TestRequiredTextTrimsAndNamesTheField(t *testing.T) {
	if v, err := apperr.RequiredText("reason", "理由", "  岗位已满 ", 10); err != nil || v != "岗位已满" {
		t.Fatalf("got %q, %v", v, err)
	}
	_, err := apperr.RequiredText("reason", "理由", " \t", 10)
	e := apperr.As(err)
	if e == nil || e.Kind != apperr.KindInvalid || !strings.Contains(e.Message, "请填写理由") {
		t.Fatalf("blank reason: %v", err)
	}
	if fields, ok := e.Details.([]apperr.FieldError); !ok || len(fields) != 1 || fields[0].Field != "reason" {
		t.Fatalf("details must name the field: %#v", e.Details)
	}
}
