package students

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/auth"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/sqlb"
	"huhang/internal/todos"
)

type guardianGap struct {
	ID        uuid.UUID
	Name      string
	ClassName string
	BirthDate time.Time
}

// Todos is the roster's contribution to the feed: minors without a
// guardian's name and phone. The Art 9 consent of a post internship is
// signed by the guardian, and a school must be able to reach the guardian of
// a minor in an emergency, so the school administrator completes them.
func (s *Service) Todos(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	if actor.Role != auth.RoleSchoolAdmin {
		return nil, nil
	}
	today := clock.BusinessDay(s.clock.Now())
	// Born after this day means under 18 周岁 today; a student whose 18th
	// birthday is today is still counted as a minor (the reading of R-AGE16:
	// 周岁 count from the day after the birthday), the side that protects them.
	adultBorn := today.Time().AddDate(-18, 0, -1)
	w := sqlb.With()
	w.Add("st.birth_date > %s::date", clock.DateOf(adultBorn).String())
	w.Add("(st.guardian_name = '' OR st.guardian_phone = '')")
	actor.Scope(w, involvedStudent)
	rows, err := s.pool.Query(ctx, `SELECT st.id, st.name, st.class_name, st.birth_date FROM students st
		WHERE `+w.String()+` ORDER BY st.class_name, st.name, st.id LIMIT 200`, w.Args()...)
	if err != nil {
		return nil, postgres.Translate(err, "students: todos")
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[guardianGap])
	if err != nil {
		return nil, postgres.Translate(err, "students: todos")
	}
	out := make([]todos.Item, 0, len(list))
	for _, g := range list {
		out = append(out, todos.Item{Kind: "student.guardian", Title: "补充监护人信息：" + g.Name,
			Detail:  fmt.Sprintf("%s，未成年，缺监护人姓名或电话", g.ClassName),
			Subject: todos.Subject{Type: "student", ID: g.ID}, Severity: todos.Serious, Link: "/students/" + g.ID.String()})
	}
	return out, nil
}
