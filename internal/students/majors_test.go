package students_test

import (
	"fmt"
	"strings"
	"testing"

	"huhang/internal/seed"
	"huhang/internal/testapp"
)

// TestMajorCategoryIsOneOfTheNineteen: the API and the roster import accept
// only the exact names of the 2021 catalogue's 专业大类; the import says
// which row and column.
func TestMajorCategoryIsOneOfTheNineteen(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	school := app.Login("school1")
	for _, bad := range []string{"", "装备制造", "电子信息大类"} {
		r := school.PostJSON("/api/v1/students", app.StudentBody(map[string]any{"major_category": bad}))
		if r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"major_category"`) {
			t.Fatalf("%q: %d %s", bad, r.Code, r.Body)
		}
	}
	if r := school.PostJSON("/api/v1/students", app.StudentBody(map[string]any{"major_category": "电子与信息大类"})); r.Code != 201 {
		t.Fatalf("an exact name: %d %s", r.Code, r.Body)
	}

	today := app.Today()
	id := func(seq int) string { return seed.IDNumber("511921", today.AddDays(-18*365-seq), 200+seq, false) }
	enrolled := fmt.Sprintf("%d-09-01", today.Year-2)
	roster := "学号,姓名,身份证号,专业,专业大类,入学日期,班级,监护人姓名,监护人手机号\r\n" +
		fmt.Sprintf("M001,甲,%s,数控技术,装备制造大类,%s,数控1班,家长,13900000000\r\n", id(1), enrolled) +
		fmt.Sprintf("M002,乙,%s,数控技术,装备制造,%s,数控1班,家长,13900000000\r\n", id(2), enrolled)
	before := countStudents(t, app)
	r := school.Upload("/api/v1/students/import", "file", "roster.csv", []byte(roster))
	if r.Code != 400 {
		t.Fatalf("import: %d %s", r.Code, r.Body)
	}
	var body struct {
		Error struct {
			Details []struct {
				Row    int    `json:"row"`
				Column string `json:"column"`
			} `json:"details"`
		} `json:"error"`
	}
	r.JSON(&body)
	if len(body.Error.Details) != 1 || body.Error.Details[0].Row != 3 || body.Error.Details[0].Column != "专业大类" {
		t.Fatalf("row 3, column 专业大类: %+v", body.Error.Details)
	}
	if countStudents(t, app) != before {
		t.Fatal("a refused import wrote rows")
	}
}
