package orgs

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/postgres"
)

// ---- divisions

func listDivisions(ctx context.Context, db postgres.DBTX, parent string) ([]Division, error) {
	rows, err := db.Query(ctx, `
		SELECT code, name, parent_code, level FROM divisions
		WHERE ($1 = '' OR parent_code = $1) ORDER BY code`, parent)
	if err != nil {
		return nil, postgres.Translate(err, "orgs: list divisions")
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Division, error) {
		var d Division
		err := r.Scan(&d.Code, &d.Name, &d.ParentCode, &d.Level)
		d.Code = strings.TrimSpace(d.Code)
		if d.ParentCode != nil {
			p := strings.TrimSpace(*d.ParentCode)
			d.ParentCode = &p
		}
		return d, err
	})
	return list, postgres.Translate(err, "orgs: list divisions")
}

func divisionExists(ctx context.Context, db postgres.DBTX, code string) (bool, error) {
	var ok bool
	err := db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM divisions WHERE code = $1)`, code).Scan(&ok)
	return ok, postgres.Translate(err, "orgs: division exists")
}

// ---- organisations

const orgSelect = `
	SELECT o.id, o.kind, o.name, COALESCE(o.division_code, ''), COALESCE(d.name, ''), o.parent_id, o.credit_code, o.created_at,
	       o.region_code
	FROM orgs o LEFT JOIN divisions d ON d.code = o.division_code`

func scanOrg(row pgx.Row) (Org, error) {
	var o Org
	err := row.Scan(&o.ID, &o.Kind, &o.Name, &o.DivisionCode, &o.DivisionName, &o.ParentID, &o.CreditCode, &o.CreatedAt, &o.RegionCode)
	return o, err
}

// insertOrg stores a host abroad (region code) with no division code.
func insertOrg(ctx context.Context, db postgres.DBTX, o Org) error {
	_, err := db.Exec(ctx, `INSERT INTO orgs (id, kind, name, division_code, parent_id, credit_code, region_code)
		VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6, $7)`,
		o.ID, o.Kind, o.Name, o.DivisionCode, o.ParentID, o.CreditCode, o.RegionCode)
	return postgres.Translate(err, "orgs: insert org")
}

// getOrg reads one organisation; a non-nil actor limits it to the actor's scope.
func getOrg(ctx context.Context, db postgres.DBTX, id uuid.UUID, actor *auth.Actor) (Org, error) {
	where, args := auth.ScopedWhere(actor, involvedOrg("o"), "o.id = $1", []any{id})
	o, err := scanOrg(db.QueryRow(ctx, orgSelect+" WHERE "+where, args...))
	return o, postgres.Translate(err, "orgs: get org "+id.String())
}

func findOrg(ctx context.Context, db postgres.DBTX, kind Kind, name, division string) (Org, error) {
	o, err := scanOrg(db.QueryRow(ctx, orgSelect+` WHERE o.kind = $1 AND o.name = $2 AND o.division_code = $3`, kind, name, division))
	return o, postgres.Translate(err, "orgs: find org "+name)
}

func findByCreditCode(ctx context.Context, db postgres.DBTX, code string) (Org, error) {
	o, err := scanOrg(db.QueryRow(ctx, orgSelect+` WHERE o.credit_code = $1`, code))
	return o, postgres.Translate(err, "orgs: find credit code")
}

// ---- enterprises

const enterpriseSelect = `
	SELECT o.id, o.kind, o.name, COALESCE(o.division_code, ''), COALESCE(d.name, ''), o.parent_id, o.credit_code, o.created_at,
	       o.region_code, e.lowest_grade_wage_fen,
	       e.industry, e.address, e.lat, e.lng, e.fence_radius_m, e.headcount, e.banned_venue, e.intermediary,
	       COALESCE((SELECT json_agg(json_build_object('occurred_on', v.occurred_on, 'summary', v.summary) ORDER BY v.occurred_on, v.id)
	                 FROM enterprise_safety_violations v WHERE v.enterprise_id = o.id), '[]'::json)
	FROM orgs o JOIN enterprises e ON e.org_id = o.id LEFT JOIN divisions d ON d.code = o.division_code`

func scanEnterprise(row pgx.Row) (Enterprise, error) {
	var e Enterprise
	var violations []byte
	err := row.Scan(&e.ID, &e.Kind, &e.Name, &e.DivisionCode, &e.DivisionName, &e.ParentID, &e.CreditCode, &e.CreatedAt,
		&e.RegionCode, &e.LowestGradeWageFen, &e.Industry, &e.Address, &e.Lat, &e.Lng, &e.FenceRadiusM, &e.Headcount, &e.BannedVenue, &e.Intermediary, &violations)
	if err != nil {
		return e, err
	}
	if err := json.Unmarshal(violations, &e.SafetyViolations); err != nil {
		return e, fmt.Errorf("orgs: decode violations: %w", err)
	}
	return e, nil
}

func insertEnterprise(ctx context.Context, db postgres.DBTX, e Enterprise, registeredBy *uuid.UUID) error {
	if err := insertOrg(ctx, db, e.Org); err != nil {
		return err
	}
	_, err := db.Exec(ctx, `
		INSERT INTO enterprises (org_id, industry, address, lat, lng, fence_radius_m, headcount, banned_venue, intermediary,
		                         registered_by_org, lowest_grade_wage_fen)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.ID, e.Industry, e.Address, e.Lat, e.Lng, e.FenceRadiusM, e.Headcount, e.BannedVenue, e.Intermediary, registeredBy,
		e.LowestGradeWageFen)
	if err != nil {
		return postgres.Translate(err, "orgs: insert enterprise")
	}
	for _, v := range e.SafetyViolations {
		_, err := db.Exec(ctx, `INSERT INTO enterprise_safety_violations (id, enterprise_id, occurred_on, summary) VALUES ($1, $2, $3, $4)`,
			uuid.Must(uuid.NewV7()), e.ID, v.OccurredOn, v.Summary)
		if err != nil {
			return postgres.Translate(err, "orgs: insert violation")
		}
	}
	return nil
}

func getEnterprise(ctx context.Context, db postgres.DBTX, id uuid.UUID, actor *auth.Actor) (Enterprise, error) {
	where, args := auth.ScopedWhere(actor, involvedOrg("o"), "o.id = $1", []any{id})
	e, err := scanEnterprise(db.QueryRow(ctx, enterpriseSelect+" WHERE "+where, args...))
	return e, postgres.Translate(err, "orgs: get enterprise "+id.String())
}

// ---- posts

const postSelect = `
	SELECT p.id, p.enterprise_id, p.name, p.major_category, p.headcount, p.hours_per_day::float8, p.hours_per_week::float8,
	       to_char(p.shift_start, 'HH24:MI'), to_char(p.shift_end, 'HH24:MI'), p.works_rest_days, p.labour_grade,
	       p.high_risk, p.forbidden_for_minors, p.forbidden_for_women, p.wage_fen, p.created_at, p.break_minutes
	FROM posts p`

func scanPost(row pgx.Row) (Post, error) {
	var p Post
	err := row.Scan(&p.ID, &p.EnterpriseID, &p.Name, &p.MajorCategory, &p.Headcount, &p.HoursPerDay, &p.HoursPerWeek,
		&p.ShiftStart, &p.ShiftEnd, &p.WorksRestDays, &p.LabourGrade, &p.HighRisk, &p.ForbiddenForMinors,
		&p.ForbiddenForWomen, &p.WageFen, &p.CreatedAt, &p.BreakMinutes)
	return p, err
}

func insertPost(ctx context.Context, db postgres.DBTX, p Post) (Post, error) {
	stored, err := scanPost(db.QueryRow(ctx, `
		WITH p AS (
			INSERT INTO posts (id, enterprise_id, name, major_category, headcount, hours_per_day, hours_per_week,
			                   shift_start, shift_end, works_rest_days, labour_grade, high_risk,
			                   forbidden_for_minors, forbidden_for_women, wage_fen, break_minutes)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8::time, $9::time, $10, $11, $12, $13, $14, $15, $16)
			RETURNING *)`+strings.Replace(postSelect, "FROM posts p", "FROM p", 1),
		p.ID, p.EnterpriseID, p.Name, p.MajorCategory, p.Headcount, p.HoursPerDay, p.HoursPerWeek,
		p.ShiftStart, p.ShiftEnd, p.WorksRestDays, p.LabourGrade, p.HighRisk,
		p.ForbiddenForMinors, p.ForbiddenForWomen, p.WageFen, p.BreakMinutes))
	err = postgres.Translate(err, "orgs: insert post")
	if apperr.KindOf(err) == apperr.KindConflict {
		return Post{}, &apperr.Error{Kind: apperr.KindConflict, Code: "POST_EXISTS", Message: "该企业已有同名岗位",
			Details: []apperr.FieldError{{Field: "name", Message: "该企业已有同名岗位"}}}
	}
	return stored, err
}

// ---- host lists

const hostSelect = `
	SELECT sh.school_id, sh.enterprise_id, eo.name, COALESCE(eo.credit_code, ''), to_char(sh.assessed_on, 'YYYY-MM-DD'),
	       sh.report, to_char(sh.approved_on, 'YYYY-MM-DD'), sh.created_at
	FROM school_hosts sh JOIN orgs eo ON eo.id = sh.enterprise_id JOIN orgs s ON s.id = sh.school_id`

func scanHost(row pgx.Row) (Host, error) {
	var h Host
	err := row.Scan(&h.SchoolID, &h.EnterpriseID, &h.EnterpriseName, &h.CreditCode, &h.AssessedOn, &h.Report, &h.ApprovedOn, &h.CreatedAt)
	return h, err
}

func insertHost(ctx context.Context, db postgres.DBTX, h Host) (Host, error) {
	_, err := db.Exec(ctx, `INSERT INTO school_hosts (school_id, enterprise_id, assessed_on, report, approved_on) VALUES ($1, $2, $3, $4, $5)`,
		h.SchoolID, h.EnterpriseID, h.AssessedOn, h.Report, h.ApprovedOn)
	if err = postgres.Translate(err, "orgs: insert host"); err != nil {
		if apperr.KindOf(err) == apperr.KindConflict {
			return Host{}, &apperr.Error{Kind: apperr.KindConflict, Code: "HOST_ALREADY_LISTED", Message: "该企业已在合作单位名单中",
				Details: []apperr.FieldError{{Field: "enterprise_id", Message: "该企业已在合作单位名单中"}}}
		}
		return Host{}, err
	}
	stored, err := scanHost(db.QueryRow(ctx, hostSelect+` WHERE sh.school_id = $1 AND sh.enterprise_id = $2`, h.SchoolID, h.EnterpriseID))
	return stored, postgres.Translate(err, "orgs: read host")
}

// ---- users

const userSelect = `
	SELECT u.id, u.username, u.display_name, u.role, u.org_id, o.name, u.phone, u.created_at
	FROM users u LEFT JOIN orgs o ON o.id = u.org_id`

func scanUser(row pgx.Row) (User, error) {
	var u User
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.OrgID, &u.OrgName, &u.Phone, &u.CreatedAt)
	return u, err
}

func insertUser(ctx context.Context, db postgres.DBTX, u User, passwordHash string) error {
	_, err := db.Exec(ctx, `
		INSERT INTO users (id, username, password_hash, display_name, role, org_id, phone)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		u.ID, u.Username, passwordHash, u.DisplayName, u.Role, u.OrgID, u.Phone)
	err = postgres.Translate(err, "orgs: insert user "+u.Username)
	if apperr.KindOf(err) == apperr.KindConflict {
		return usernameTaken()
	}
	return err
}

func usernameTaken() *apperr.Error {
	return &apperr.Error{Kind: apperr.KindConflict, Code: "USERNAME_TAKEN", Message: "用户名已被使用",
		Details: []apperr.FieldError{{Field: "username", Message: "用户名已被使用"}}}
}

func getUser(ctx context.Context, db postgres.DBTX, id uuid.UUID, actor *auth.Actor) (User, error) {
	where, args := auth.ScopedWhere(actor, involvedUser, "u.id = $1", []any{id})
	u, err := scanUser(db.QueryRow(ctx, userSelect+" WHERE "+where, args...))
	return u, postgres.Translate(err, "orgs: get user "+id.String())
}

func credentials(ctx context.Context, db postgres.DBTX, where string, arg any) (auth.Credentials, error) {
	var c auth.Credentials
	var orgKind, orgName, division *string
	err := db.QueryRow(ctx, `
		SELECT u.id, u.username, u.display_name, u.role, u.org_id, o.kind, o.name, o.division_code,
		       u.password_hash, u.disabled_at IS NOT NULL
		FROM users u LEFT JOIN orgs o ON o.id = u.org_id WHERE `+where, arg).
		Scan(&c.UserID, &c.Username, &c.DisplayName, &c.Role, &c.OrgID, &orgKind, &orgName, &division, &c.PasswordHash, &c.Disabled)
	if err != nil {
		return c, postgres.Translate(err, "orgs: credentials")
	}
	c.OrgKind, c.OrgName, c.DivisionCode = deref(orgKind), deref(orgName), deref(division)
	return c, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
