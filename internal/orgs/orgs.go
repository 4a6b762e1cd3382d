// Package orgs owns organisations (bureaus, schools, enterprises) and the
// users who belong to them.
package orgs

import (
	"regexp"
	"time"

	"github.com/google/uuid"
)

// Kind is the kind of an organisation.
type Kind string

const (
	KindBureau     Kind = "bureau"
	KindSchool     Kind = "school"
	KindEnterprise Kind = "enterprise"
)

// Role is what a user may do; each role belongs in one kind of organisation.
type Role string

const (
	RolePlatformAdmin    Role = "platform_admin"
	RoleBureauAuditor    Role = "bureau_auditor"
	RoleSchoolAdmin      Role = "school_admin"
	RoleTeacher          Role = "teacher"
	RoleEnterpriseAdmin  Role = "enterprise_admin"
	RoleEnterpriseMentor Role = "enterprise_mentor"
	RoleStudent          Role = "student"
)

// roleOrgKind says which organisation a role must belong to; the platform
// administrator belongs to none.
var roleOrgKind = map[Role]Kind{
	RolePlatformAdmin:    "",
	RoleBureauAuditor:    KindBureau,
	RoleSchoolAdmin:      KindSchool,
	RoleTeacher:          KindSchool,
	RoleEnterpriseAdmin:  KindEnterprise,
	RoleEnterpriseMentor: KindEnterprise,
	RoleStudent:          KindSchool,
}

// RoleNames are the roles in Chinese, for messages and the client.
var RoleNames = map[Role]string{
	RolePlatformAdmin:    "平台管理员",
	RoleBureauAuditor:    "教育局审核员",
	RoleSchoolAdmin:      "学校管理员",
	RoleTeacher:          "实习指导教师",
	RoleEnterpriseAdmin:  "企业管理员",
	RoleEnterpriseMentor: "企业导师",
	RoleStudent:          "学生",
}

var kindNames = map[Kind]string{KindBureau: "教育局", KindSchool: "学校", KindEnterprise: "企业"}

// Valid reports whether r is one of the seven roles.
func (r Role) Valid() bool {
	_, ok := roleOrgKind[r]
	return ok
}

// Org is an organisation.
type Org struct {
	ID           uuid.UUID
	Kind         Kind
	Name         string
	DivisionCode string
	CreatedAt    time.Time
}

// User is an account. The password hash never leaves the package's callers
// that need it (login).
type User struct {
	ID          uuid.UUID
	Username    string
	DisplayName string
	Role        Role
	OrgID       *uuid.UUID
	Phone       string
	CreatedAt   time.Time
}

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{2,31}$`)
