package orgs

import (
	"context"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/auth"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/sqlb"
)

// involvedOrg says whom an organisation row (alias o) concerns: its own
// division and those of the schools that list it; the organisation itself,
// the schools that list it, the hosts it lists and the school that
// registered it; and its own users. Each relation is a set of ids read
// through an index (school_hosts both ways, enterprises by registrar), so a
// list joins a handful of ids instead of testing every organisation.
func involvedOrg(o string) auth.Involved {
	related := o + `.id IN (SELECT %[1]s::uuid
		UNION ALL SELECT sh.school_id FROM school_hosts sh WHERE sh.enterprise_id = %[1]s
		UNION ALL SELECT sh.enterprise_id FROM school_hosts sh WHERE sh.school_id = %[1]s
		UNION ALL SELECT re.org_id FROM enterprises re WHERE re.registered_by_org = %[1]s)`
	own := o + ".id IN (SELECT ou.org_id FROM users ou WHERE ou.id = %s)"
	return auth.Involved{
		Division: o + `.id IN (SELECT dz.id FROM orgs dz WHERE dz.division_code ~>=~ %[1]s AND dz.division_code ~<~ %[2]s
			UNION ALL SELECT sh.enterprise_id FROM school_hosts sh JOIN orgs hs ON hs.id = sh.school_id
			          WHERE hs.division_code ~>=~ %[1]s AND hs.division_code ~<~ %[2]s)`,
		School: related, Enterprise: related,
		Teacher: own, Mentor: own, Student: own,
	}
}

// involvedUser: a user row u with its organisation o (left-joined). An
// enterprise mentor also concerns the schools that list the enterprise: they
// name the mentor in their plans (Art 8).
var involvedUser = auth.Involved{
	Division:   "o.division_code ~>=~ %[1]s AND o.division_code ~<~ %[2]s",
	School:     orgUsers,
	Enterprise: orgUsers,
	Teacher:    "u.id = %s",
	Mentor:     "u.id = %s",
	Student:    "u.id = %s",
}

// orgUsers: the administrator's own users, and the mentors of the hosts it
// lists; written as one indexed set of organisations, then the role.
const orgUsers = `u.org_id IN (SELECT %[1]s::uuid UNION ALL SELECT sh.enterprise_id FROM school_hosts sh WHERE sh.school_id = %[1]s)
	AND (u.org_id = %[1]s OR u.role = 'enterprise_mentor')`

// involvedHost: a host-list row sh of school s. The school's own users see it.
var involvedHost = auth.Involved{
	Division:   "s.division_code ~>=~ %[1]s AND s.division_code ~<~ %[2]s",
	School:     "sh.school_id = %s",
	Enterprise: "sh.enterprise_id = %s",
	Teacher:    hostSchoolUser,
	Mentor:     hostSchoolUser,
	Student:    hostSchoolUser,
}

const hostSchoolUser = "sh.school_id IN (SELECT hu.org_id FROM users hu WHERE hu.id = %s)"

// OrgFilter narrows a list of organisations.
type OrgFilter struct {
	Kind           Kind
	DivisionPrefix string
	Query          string
	After          *uuid.UUID
	Limit          int
}

// nameOrCreditCode matches a name fragment or a whole credit code.
func nameOrCreditCode(w *sqlb.Where, query string) {
	if query != "" {
		w.Add("(o.name ILIKE %s OR o.credit_code = upper(%s))", "%"+postgres.LikeEscape(query)+"%", query)
	}
}

func listOrgs(ctx context.Context, db postgres.DBTX, actor auth.Actor, f OrgFilter) ([]Org, error) {
	w := sqlb.With()
	if f.Kind != "" {
		w.Add("o.kind = %s", string(f.Kind))
	}
	if f.DivisionPrefix != "" {
		w.HasPrefix("o.division_code", f.DivisionPrefix)
	}
	nameOrCreditCode(w, f.Query)
	if f.After != nil {
		w.Add("o.id > %s", *f.After)
	}
	actor.Scope(w, involvedOrg("o"))
	return postgres.List(ctx, db, "orgs: list", scanOrg,
		orgSelect+" WHERE "+w.String()+" ORDER BY o.id"+sqlb.Limit(f.Limit), w.Args()...)
}

func listEnterprises(ctx context.Context, db postgres.DBTX, actor auth.Actor, query string, after *uuid.UUID, limit int) ([]Enterprise, error) {
	w := sqlb.With()
	nameOrCreditCode(w, query)
	if after != nil {
		w.Add("o.id > %s", *after)
	}
	actor.Scope(w, involvedOrg("o"))
	rows, err := db.Query(ctx, enterpriseSelect+" WHERE "+w.String()+" ORDER BY o.id"+sqlb.Limit(limit), w.Args()...)
	if err != nil {
		return nil, postgres.Translate(err, "orgs: list enterprises")
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Enterprise, error) { return scanEnterprise(r) })
	return list, postgres.Translate(err, "orgs: list enterprises")
}

func listPosts(ctx context.Context, db postgres.DBTX, enterpriseID uuid.UUID) ([]Post, error) {
	rows, err := db.Query(ctx, postSelect+` WHERE p.enterprise_id = $1 ORDER BY p.id`, enterpriseID)
	if err != nil {
		return nil, postgres.Translate(err, "orgs: list posts")
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Post, error) { return scanPost(r) })
	return list, postgres.Translate(err, "orgs: list posts")
}

func listHosts(ctx context.Context, db postgres.DBTX, actor auth.Actor, schoolID uuid.UUID) ([]Host, error) {
	w := sqlb.With()
	w.Add("sh.school_id = %s", schoolID)
	actor.Scope(w, involvedHost)
	rows, err := db.Query(ctx, hostSelect+" WHERE "+w.String()+" ORDER BY sh.approved_on, eo.name", w.Args()...)
	if err != nil {
		return nil, postgres.Translate(err, "orgs: list hosts")
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Host, error) { return scanHost(r) })
	return list, postgres.Translate(err, "orgs: list hosts")
}

// UserFilter narrows a list of users.
type UserFilter struct {
	OrgID *uuid.UUID
	Role  auth.Role
	Query string
	After *uuid.UUID
	Limit int
}

func listUsers(ctx context.Context, db postgres.DBTX, actor auth.Actor, f UserFilter) ([]User, error) {
	w := sqlb.With()
	if f.OrgID != nil {
		w.Add("u.org_id = %s", *f.OrgID)
	}
	if f.Role != "" {
		w.Add("u.role = %s", string(f.Role))
	}
	if f.Query != "" {
		w.Add("(u.username ILIKE %[1]s OR u.display_name ILIKE %[1]s)", "%"+postgres.LikeEscape(f.Query)+"%")
	}
	if f.After != nil {
		w.Add("u.id > %s", *f.After)
	}
	actor.Scope(w, involvedUser)
	rows, err := db.Query(ctx, userSelect+" WHERE "+w.String()+" ORDER BY u.id"+sqlb.Limit(f.Limit), w.Args()...)
	if err != nil {
		return nil, postgres.Translate(err, "orgs: list users")
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (User, error) { return scanUser(r) })
	return list, postgres.Translate(err, "orgs: list users")
}
