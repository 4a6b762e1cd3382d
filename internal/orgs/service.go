package orgs

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/postgres"
)

// Service holds the use cases of organisations and users.
type Service struct {
	pool *pgxpool.Pool
}

func NewService(pool *pgxpool.Pool) *Service { return &Service{pool: pool} }

// NewUser is the input of CreateUser.
type NewUser struct {
	Username    string
	Password    string
	DisplayName string
	Role        Role
	OrgID       *uuid.UUID
	Phone       string
}

// CreateUser validates every field at once, checks that the role fits the
// organisation's kind and stores the account with an argon2id hash.
// Errors: Invalid (every bad field), Conflict USERNAME_TAKEN.
func (s *Service) CreateUser(ctx context.Context, in NewUser) (User, error) {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	if in.DisplayName == "" {
		in.DisplayName = in.Username
	}
	var problems []apperr.FieldError
	bad := func(field, msg string) { problems = append(problems, apperr.FieldError{Field: field, Message: msg}) }
	if !usernamePattern.MatchString(in.Username) {
		bad("username", "用户名须为 3–32 位小写字母、数字或 _ . -，并以字母或数字开头")
	}
	for _, p := range auth.PasswordProblems(in.Username, in.Password) {
		bad("password", p)
	}
	if utf8.RuneCountInString(in.DisplayName) > 64 {
		bad("display_name", "姓名不能超过 64 个字符")
	}
	if !in.Role.Valid() {
		bad("role", fmt.Sprintf("未知角色 %q", in.Role))
	}
	user := User{
		ID: uuid.Must(uuid.NewV7()), Username: in.Username, DisplayName: in.DisplayName,
		Role: in.Role, OrgID: in.OrgID, Phone: in.Phone,
	}
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if in.Role.Valid() {
			if msg := s.orgFitProblem(ctx, tx, in.Role, in.OrgID); msg != "" {
				bad("org_id", msg)
			}
		}
		if len(problems) > 0 {
			return apperr.Invalid("用户信息有误", problems...)
		}
		hash, err := auth.HashPassword(in.Password)
		if err != nil {
			return apperr.Internal(err)
		}
		return insertUser(ctx, tx, user, hash)
	})
	if err != nil {
		return User{}, err
	}
	return user, nil
}

// orgFitProblem returns why the organisation does not suit the role, or "".
func (s *Service) orgFitProblem(ctx context.Context, db postgres.DBTX, role Role, orgID *uuid.UUID) string {
	want := roleOrgKind[role]
	if want == "" {
		if orgID != nil {
			return "平台管理员不属于任何机构"
		}
		return ""
	}
	if orgID == nil {
		return fmt.Sprintf("%s必须属于一个%s", RoleNames[role], kindNames[want])
	}
	org, err := getOrg(ctx, db, *orgID)
	if err != nil {
		return "机构不存在"
	}
	if org.Kind != want {
		return fmt.Sprintf("%s必须属于%s，该机构是%s", RoleNames[role], kindNames[want], kindNames[org.Kind])
	}
	return ""
}

// EnsureOrg returns the organisation of that kind, name and division, creating
// it when missing; the demo seed relies on this to be idempotent.
func (s *Service) EnsureOrg(ctx context.Context, kind Kind, name, divisionCode string) (Org, error) {
	var org Org
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		found, err := findOrg(ctx, tx, kind, name, divisionCode)
		if err == nil {
			org = found
			return nil
		}
		if apperr.KindOf(err) != apperr.KindNotFound {
			return err
		}
		org = Org{ID: uuid.Must(uuid.NewV7()), Kind: kind, Name: name, DivisionCode: divisionCode}
		return insertOrg(ctx, tx, org)
	})
	return org, err
}

// UserExists reports whether the username is taken.
func (s *Service) UserExists(ctx context.Context, username string) (bool, error) {
	_, err := getUserByUsername(ctx, s.pool, strings.ToLower(username))
	if err == nil {
		return true, nil
	}
	if apperr.KindOf(err) == apperr.KindNotFound {
		return false, nil
	}
	return false, err
}

// OrgExists reports whether an organisation of that kind, name and division exists.
func (s *Service) OrgExists(ctx context.Context, kind Kind, name, divisionCode string) (bool, error) {
	_, err := findOrg(ctx, s.pool, kind, name, divisionCode)
	if err == nil {
		return true, nil
	}
	if apperr.KindOf(err) == apperr.KindNotFound {
		return false, nil
	}
	return false, err
}
