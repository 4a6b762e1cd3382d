// Package orgs owns organisations (bureaus, schools, enterprises), posts, the
// schools' approved host lists and the users who belong to them.
package orgs

import (
	"encoding/json"
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

func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}
