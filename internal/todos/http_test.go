package todos_test

import (
	"strings"
	"testing"

	"huhang/internal/testapp"
)

type feed struct {
	Items []struct {
		Kind, Title, Link, Severity string
	} `json:"items"`
	Counts struct{ Plans, Placements, Students, Total int } `json:"counts"`
}

// The demo accounts' feeds: each sees its own items and nothing of the other county.
func TestDemoFeeds(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	get := func(user string) feed {
		var f feed
		r := app.Login(user).Get("/api/v1/todos")
		if r.Code != 200 {
			t.Fatalf("%s: %d %s", user, r.Code, r.Body)
		}
		r.JSON(&f)
		return f
	}
	kinds := func(f feed) string {
		var k []string
		for _, it := range f.Items {
			k = append(k, it.Kind)
		}
		return strings.Join(k, ",")
	}
	want := map[string]string{
		"admin": "org.no_users", "city1": "plan.review_overdue", "county2": "plan.review",
		"school2": "plan.submit", "ent2": "plan.cosign", "teacher2": "placement.follow_up",
		"student2": "placement.consent", "mentor2": "placement.arrival",
	}
	for user, kind := range want {
		f := get(user)
		if !strings.Contains(kinds(f), kind) {
			t.Errorf("%s: feed %s lacks %s", user, kinds(f), kind)
		}
		if f.Counts.Total != len(f.Items) || f.Counts.Plans+f.Counts.Placements+f.Counts.Students > f.Counts.Total {
			t.Errorf("%s: counts %+v for %d items", user, f.Counts, len(f.Items))
		}
	}
	// county1 reviews 通江 only: 南江's waiting plan is not its item.
	for _, it := range get("county1").Items {
		if strings.Contains(it.Title, "2024级旅游服务与管理专业岗位实习") {
			t.Errorf("county1 sees 南江's plan: %+v", it)
		}
	}
	var ws struct {
		Figures []struct {
			Key   string
			Value int
		}
		Breakdown *struct {
			Rows []struct{ Name string }
		}
	}
	app.Login("county2").Get("/api/v1/workspace").JSON(&ws)
	if len(ws.Figures) == 0 || ws.Figures[0].Key != "plans_submitted" || ws.Figures[0].Value != 1 || ws.Breakdown == nil {
		t.Errorf("county2 workspace: %+v", ws)
	}
	// The city's own queue is empty; its counties' waiting plans show as the
	// subtree's figure, which adds up the breakdown per county.
	var city struct {
		Figures []struct {
			Key   string
			Value int
		}
		Breakdown *struct {
			Rows []struct{ Value int }
		}
	}
	app.Login("city1").Get("/api/v1/workspace").JSON(&city)
	figures := map[string]int{}
	for _, f := range city.Figures {
		figures[f.Key] = f.Value
	}
	sum := 0
	if city.Breakdown != nil {
		for _, r := range city.Breakdown.Rows {
			sum += r.Value
		}
	}
	if figures["plans_submitted"] != 0 || figures["plans_submitted_subtree"] != 1 || sum != 1 {
		t.Errorf("city1 workspace: figures %v, breakdown adds up to %d", figures, sum)
	}
}
