package orgs

import (
	"context"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/auth"
	"huhang/internal/platform/postgres"
	"huhang/internal/todos"
)

type unstaffed struct {
	ID   uuid.UUID
	Kind Kind
	Name string
}

var adminRoleOf = map[Kind]string{KindBureau: "审核员", KindSchool: "学校管理员", KindEnterprise: "企业管理员"}

// Todos is the platform administrator's part of the feed: bureaus and
// schools nobody can sign in for yet. A school without an administrator can
// file no plan, and a bureau without an auditor leaves its schools' plans
// unreviewed. Enterprises are left out: a school registers many hosts that
// never need an account of their own.
func (s *Service) Todos(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	if actor.Role != auth.RolePlatformAdmin {
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT o.id, o.kind, o.name FROM orgs o
		WHERE o.kind IN ('bureau', 'school') AND NOT EXISTS (SELECT 1 FROM users u WHERE u.org_id = o.id)
		ORDER BY o.division_code, o.name LIMIT 200`)
	if err != nil {
		return nil, postgres.Translate(err, "orgs: todos")
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[unstaffed])
	if err != nil {
		return nil, postgres.Translate(err, "orgs: todos")
	}
	out := make([]todos.Item, 0, len(list))
	for _, o := range list {
		out = append(out, todos.Item{Kind: "org.no_users", Title: "为" + o.Name + "开通" + adminRoleOf[o.Kind] + "账号",
			Detail: "该单位还没有任何账号", Subject: todos.Subject{Type: "org", ID: o.ID}, Severity: todos.Minor,
			Link: "/manage/users/new?org_id=" + o.ID.String()})
	}
	return out, nil
}
