// Package majors holds the 19 专业大类 (major categories) of 《职业教育专业目录
// （2021年）》 (教职成〔2021〕2号), shared by 中职, 高职专科 and 高职本科. Plans,
// posts and students accept exactly these names, so R-MAJOR (Art 8) compares
// like with like instead of free text that merely looks alike.
//
// The list is embedded: the server must not depend on the shared data
// directory at run time. It changes only with a new national catalogue.
package majors

import (
	_ "embed"
	"slices"
	"strings"

	"huhang/internal/platform/apperr"
)

//go:embed categories-2021.csv
var raw string

var categories = parse(raw)

func parse(csv string) []string {
	var out []string
	for i, line := range strings.Split(strings.TrimSpace(csv), "\n") {
		name := strings.TrimSpace(line)
		if i == 0 || name == "" { // header "name"
			continue
		}
		out = append(out, name)
	}
	return out
}

// Categories lists the 19 category names in catalogue order.
func Categories() []string { return slices.Clone(categories) }

// Valid says whether name is exactly one of the categories (after trimming spaces).
func Valid(name string) bool { return slices.Contains(categories, strings.TrimSpace(name)) }

// Message is the Chinese field message for a value that is not a category.
const Message = "专业大类须为《职业教育专业目录（2021年）》的19个专业大类之一，如“装备制造大类”"

// Check adds a field error to fe unless value is exactly a category: an
// empty value asks for one, anything else names the catalogue.
func Check(fe *apperr.FieldErrors, field, value string) {
	switch {
	case strings.TrimSpace(value) == "":
		fe.Add(field, "请选择专业大类")
	case !Valid(value):
		fe.Add(field, Message)
	}
}
