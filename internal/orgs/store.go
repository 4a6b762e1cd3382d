package orgs

import (
	"context"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/platform/apperr"
	"huhang/internal/platform/postgres"
)

func insertOrg(ctx context.Context, db postgres.DBTX, o Org) error {
	_, err := db.Exec(ctx, `INSERT INTO orgs (id, kind, name, division_code) VALUES ($1, $2, $3, $4)`,
		o.ID, o.Kind, o.Name, o.DivisionCode)
	return postgres.Translate(err, "orgs: insert org")
}

const orgColumns = `id, kind, name, division_code, created_at`

func scanOrg(row pgx.Row) (Org, error) {
	var o Org
	err := row.Scan(&o.ID, &o.Kind, &o.Name, &o.DivisionCode, &o.CreatedAt)
	return o, err
}

func getOrg(ctx context.Context, db postgres.DBTX, id uuid.UUID) (Org, error) {
	o, err := scanOrg(db.QueryRow(ctx, `SELECT `+orgColumns+` FROM orgs WHERE id = $1`, id))
	return o, postgres.Translate(err, "orgs: get org "+id.String())
}

func findOrg(ctx context.Context, db postgres.DBTX, kind Kind, name, division string) (Org, error) {
	o, err := scanOrg(db.QueryRow(ctx,
		`SELECT `+orgColumns+` FROM orgs WHERE kind = $1 AND name = $2 AND division_code = $3`, kind, name, division))
	return o, postgres.Translate(err, "orgs: find org "+name)
}

func insertUser(ctx context.Context, db postgres.DBTX, u User, passwordHash string) error {
	var phone *string
	if u.Phone != "" {
		phone = &u.Phone
	}
	_, err := db.Exec(ctx, `
		INSERT INTO users (id, username, password_hash, display_name, role, org_id, phone)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		u.ID, u.Username, passwordHash, u.DisplayName, u.Role, u.OrgID, phone)
	err = postgres.Translate(err, "orgs: insert user "+u.Username)
	if apperr.KindOf(err) == apperr.KindConflict {
		e := apperr.Conflict("USERNAME_TAKEN", "用户名已被使用")
		e.Details = []apperr.FieldError{{Field: "username", Message: "用户名已被使用"}}
		return e
	}
	return err
}

func getUserByUsername(ctx context.Context, db postgres.DBTX, username string) (User, error) {
	var u User
	var phone *string
	err := db.QueryRow(ctx, `
		SELECT id, username, display_name, role, org_id, phone, created_at FROM users WHERE username = $1`, username).
		Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.OrgID, &phone, &u.CreatedAt)
	if phone != nil {
		u.Phone = *phone
	}
	return u, postgres.Translate(err, "orgs: get user "+username)
}
