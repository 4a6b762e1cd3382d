// Package orgs owns organisations (bureaus, schools, enterprises), posts, the
// schools' approved host lists and the users who belong to them.
package orgs

import (
	"encoding/json"
	"fmt"
	"regexp"
	"time"

	"github.com/google/uuid"

	"huhang/internal/auth"
)

// Kind is the kind of an organisation.
type Kind string

const (
	KindBureau     Kind = "bureau"
	KindSchool     Kind = "school"
	KindEnterprise Kind = "enterprise"
)

var kindNames = map[Kind]string{KindBureau: "教育局", KindSchool: "学校", KindEnterprise: "企业"}

// roleOrgKind says which organisation a role belongs to; the platform
// administrator belongs to none.
var roleOrgKind = map[auth.Role]Kind{
	auth.RolePlatformAdmin:    "",
	auth.RoleBureauAuditor:    KindBureau,
	auth.RoleSchoolAdmin:      KindSchool,
	auth.RoleTeacher:          KindSchool,
	auth.RoleEnterpriseAdmin:  KindEnterprise,
	auth.RoleEnterpriseMentor: KindEnterprise,
	auth.RoleStudent:          KindSchool,
}

// Division is an administrative division (GB/T 2260).
type Division struct {
	Code       string
	Name       string
	ParentCode *string
	Level      string
}

// Org is an organisation.
type Org struct {
	ID           uuid.UUID
	Kind         Kind
	Name         string
	DivisionCode string
	DivisionName string
	ParentID     *uuid.UUID
	CreditCode   *string
	CreatedAt    time.Time
	// RegionCode replaces DivisionCode (then "") for a host abroad or in
	// Hong Kong, Macau or Taiwan (Art 25): ISO 3166-1 alpha-2.
	RegionCode *string
}

// SafetyViolation is a work-safety violation on an enterprise's record (R-SAFETY3Y).
type SafetyViolation struct {
	OccurredOn string `json:"occurred_on"`
	Summary    string `json:"summary"`
}

// Enterprise is a host unit (实习单位).
type Enterprise struct {
	Org
	Industry         string
	Address          string
	Lat, Lng         *float64 // WGS-84
	FenceRadiusM     int
	Headcount        int
	BannedVenue      bool
	Intermediary     bool
	SafetyViolations []SafetyViolation
	// LowestGradeWageFen is 本单位最低档工资标准 per month (Art 18, R-PAY);
	// nil when the host declared none.
	LowestGradeWageFen *int64
}

// HighRisk flags of a post (Art 17).
var highRiskKinds = map[string]string{
	"heights": "高处作业", "underground": "井下作业", "radioactive": "放射性作业",
	"toxic": "有毒有害作业", "flammable_explosive": "易燃易爆作业",
}

// Post is a job at one enterprise (岗位).
type Post struct {
	ID                 uuid.UUID
	EnterpriseID       uuid.UUID
	Name               string
	MajorCategory      string
	Headcount          int
	HoursPerDay        float64
	HoursPerWeek       float64
	ShiftStart         string // HH:MM
	ShiftEnd           string // HH:MM
	WorksRestDays      bool
	LabourGrade        int
	HighRisk           []string
	ForbiddenForMinors bool
	ForbiddenForWomen  bool
	WageFen            int64
	CreatedAt          time.Time
	// BreakMinutes is the unpaid break inside one shift (R-HOURS).
	BreakMinutes int
}

// Host is one entry of a school's approved host list (合作单位名单, Art 7).
type Host struct {
	SchoolID       uuid.UUID
	EnterpriseID   uuid.UUID
	EnterpriseName string
	CreditCode     string
	AssessedOn     string
	Report         string
	ApprovedOn     string
	CreatedAt      time.Time
}

// User is an account.
type User struct {
	ID          uuid.UUID
	Username    string
	DisplayName string
	Role        auth.Role
	OrgID       *uuid.UUID
	OrgName     *string
	Phone       *string
	CreatedAt   time.Time
}

var (
	usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{2,31}$`)
	clockPattern    = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
)

// involvedOrg says whom an organisation row (alias o) concerns, for
// auth.ScopeSQL: its own division and those of the schools it hosts for; the
// organisation, the schools that list it, the hosts it lists and the school
// that registered it; and its own users.
func involvedOrg(o string) auth.Involved {
	return auth.Involved{
		Divisions: fmt.Sprintf(`(ARRAY[%[1]s.division_code] || ARRAY(SELECT hs.division_code FROM school_hosts sh
			JOIN orgs hs ON hs.id = sh.school_id WHERE sh.enterprise_id = %[1]s.id))`, o),
		Orgs: fmt.Sprintf(`(ARRAY[%[1]s.id]
			|| ARRAY(SELECT sh.school_id FROM school_hosts sh WHERE sh.enterprise_id = %[1]s.id)
			|| ARRAY(SELECT sh.enterprise_id FROM school_hosts sh WHERE sh.school_id = %[1]s.id)
			|| ARRAY(SELECT re.registered_by_org FROM enterprises re WHERE re.org_id = %[1]s.id AND re.registered_by_org IS NOT NULL))`, o),
		Users: fmt.Sprintf(`ARRAY(SELECT ou.id FROM users ou WHERE ou.org_id = %s.id)`, o),
	}
}

// involvedUser: a user row u with its organisation o (left-joined). An
// enterprise mentor also concerns the schools that list the enterprise: they
// name the mentor in their plans (Art 8).
var involvedUser = auth.Involved{
	Divisions: "ARRAY[o.division_code]",
	Orgs: `(ARRAY[u.org_id] || CASE WHEN u.role = 'enterprise_mentor'
		THEN ARRAY(SELECT sh.school_id FROM school_hosts sh WHERE sh.enterprise_id = u.org_id) ELSE '{}'::uuid[] END)`,
	Users: "ARRAY[u.id]",
}

// involvedHost: a host-list row sh of school s.
var involvedHost = auth.Involved{
	Divisions: "ARRAY[s.division_code]",
	Orgs:      "ARRAY[sh.school_id, sh.enterprise_id]",
	Users:     "ARRAY(SELECT hu.id FROM users hu WHERE hu.org_id = sh.school_id)",
}

func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}
