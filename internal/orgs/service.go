package orgs

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/majors"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/geo"
	"huhang/internal/platform/ids"
	"huhang/internal/platform/postgres"
	"huhang/internal/rules"
)

// Service holds the use cases of organisations, posts, host lists and users.
// Every method that takes an Actor applies auth's scoping rule itself.
type Service struct {
	pool  *pgxpool.Pool
	clock clock.Clock
}

func NewService(pool *pgxpool.Pool, clk clock.Clock) *Service {
	return &Service{pool: pool, clock: clk}
}

// whoOf is the audit identity of actor, or of the operator when actor is nil.
func whoOf(actor *auth.Actor) audit.Who {
	if actor == nil {
		return operator
	}
	return actor.Who()
}

// operator is the audit identity of the command line (huhang user create, seed).
var operator = audit.Who{Username: "operator"}

// ---- divisions

// Divisions lists divisions, the children of parent when given.
func (s *Service) Divisions(ctx context.Context, parent string) ([]Division, error) {
	return listDivisions(ctx, s.pool, parent)
}

// ---- organisations

// NewOrg is the input of CreateOrg.
type NewOrg struct {
	Kind         Kind
	Name         string
	DivisionCode string
	ParentID     *uuid.UUID
	CreditCode   string
}

// CreateOrg creates a bureau, school or (bare) enterprise. Only the platform
// administrator calls it (the route says so).
func (s *Service) CreateOrg(ctx context.Context, actor auth.Actor, in NewOrg) (Org, error) {
	return s.createOrg(ctx, actor.Who(), in)
}

func (s *Service) createOrg(ctx context.Context, who audit.Who, in NewOrg) (Org, error) {
	in.Name = strings.TrimSpace(in.Name)
	var fe apperr.FieldErrors
	if _, ok := kindNames[in.Kind]; !ok {
		fe.Add("kind", "机构类型须为 bureau（教育局）、school（学校）或 enterprise（企业）")
	}
	fe.Text("name", "机构名称", in.Name, 1, 128)
	if in.Kind == KindEnterprise {
		in.CreditCode = ids.NormalizeCreditCode(in.CreditCode)
		if err := ids.CheckCreditCode(in.CreditCode); err != nil {
			fe.Add("credit_code", err.Error())
		}
	} else if in.CreditCode != "" {
		fe.Add("credit_code", "只有企业需要统一社会信用代码")
	}
	org := Org{ID: uuid.Must(uuid.NewV7()), Kind: in.Kind, Name: in.Name, DivisionCode: strings.TrimSpace(in.DivisionCode), ParentID: in.ParentID}
	if in.Kind == KindEnterprise {
		org.CreditCode = &in.CreditCode
	}
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := s.checkDivision(ctx, tx, "division_code", org.DivisionCode, in.Kind, &fe); err != nil {
			return err
		}
		if in.ParentID != nil {
			if _, err := getOrg(ctx, tx, *in.ParentID, nil); err != nil {
				fe.Add("parent_id", "上级机构不存在")
			}
		}
		if err := fe.Err("机构信息有误"); err != nil {
			return err
		}
		if in.Kind == KindEnterprise {
			if err := conflictOnCreditCode(ctx, tx, in.CreditCode); err != nil {
				return err
			}
			if err := insertEnterprise(ctx, tx, Enterprise{Org: org, FenceRadiusM: 300}, nil); err != nil {
				return err
			}
		} else if err := insertOrg(ctx, tx, org); err != nil {
			if apperr.KindOf(err) == apperr.KindConflict {
				return apperr.Conflict("BUREAU_EXISTS", "该行政区划已有教育局")
			}
			return err
		}
		stored, err := getOrg(ctx, tx, org.ID, nil)
		if err != nil {
			return err
		}
		org = stored
		return audit.Record(ctx, tx, who, audit.Event{Action: "org.create", SubjectType: "org",
			SubjectID: org.ID.String(), DivisionCode: org.DivisionCode, After: orgAudit(org)})
	})
	return org, err
}

func orgAudit(o Org) map[string]any {
	return map[string]any{"kind": o.Kind, "name": o.Name, "division_code": o.DivisionCode, "credit_code": o.CreditCode}
}

// checkDivision: bureaus and schools sit in a division of the loaded table;
// an enterprise may sit anywhere in China, so its code needs a valid format
// and a known province.
func (s *Service) checkDivision(ctx context.Context, db postgres.DBTX, field, code string, kind Kind, fe *apperr.FieldErrors) error {
	if err := ids.CheckDivisionCodeFormat(code); err != nil {
		fe.Add(field, err.Error())
		return nil
	}
	lookup := code
	if kind == KindEnterprise {
		lookup = code[:2] + "0000"
	}
	ok, err := divisionExists(ctx, db, lookup)
	if err != nil {
		return err
	}
	if !ok {
		if kind == KindEnterprise {
			fe.Add(field, "行政区划代码的省级部分不存在")
		} else {
			fe.Add(field, "行政区划代码不存在")
		}
	}
	return nil
}

// conflictOnCreditCode answers 409 with the id of the enterprise already
// registered under the code, so the caller can use that one instead.
func conflictOnCreditCode(ctx context.Context, db postgres.DBTX, code string) error {
	existing, err := findByCreditCode(ctx, db, code)
	if apperr.KindOf(err) == apperr.KindNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	return &apperr.Error{Kind: apperr.KindConflict, Code: "CREDIT_CODE_EXISTS", Message: "该统一社会信用代码已登记：" + existing.Name,
		Details: []creditCodeConflict{{Field: "credit_code", Message: "该企业已登记", ExistingID: existing.ID.String()}}}
}

type creditCodeConflict struct {
	Field      string `json:"field"`
	Message    string `json:"message"`
	ExistingID string `json:"existing_id"`
}

// GetOrg reads one organisation in the actor's scope.
func (s *Service) GetOrg(ctx context.Context, actor auth.Actor, id uuid.UUID) (Org, error) {
	return getOrg(ctx, s.pool, id, &actor)
}

// ListOrgs lists organisations in the actor's scope.
func (s *Service) ListOrgs(ctx context.Context, actor auth.Actor, f OrgFilter) ([]Org, error) {
	return listOrgs(ctx, s.pool, actor, f)
}

// ---- enterprises

// NewEnterprise is the input of CreateEnterprise; pointers mark required
// numbers whose absence must be told apart from zero.
type NewEnterprise struct {
	Name             string
	CreditCode       string
	DivisionCode     string
	Industry         string
	Address          string
	Lat, Lng         *float64
	Datum            string
	FenceRadiusM     *int
	Headcount        *int
	BannedVenue      bool
	Intermediary     bool
	SafetyViolations []SafetyViolation
	// RegionCode is given instead of DivisionCode for a host abroad or in
	// Hong Kong, Macau or Taiwan (Art 25).
	RegionCode         string
	LowestGradeWageFen *int64
}

// CreateEnterprise registers a host enterprise. The credit code identifies it
// nationally: registering a known code answers 409 with the existing id.
// actor is nil for the operator's command line (seed).
func (s *Service) CreateEnterprise(ctx context.Context, actor *auth.Actor, in NewEnterprise) (Enterprise, error) {
	var fe apperr.FieldErrors
	e := Enterprise{Org: Org{ID: uuid.Must(uuid.NewV7()), Kind: KindEnterprise, Name: strings.TrimSpace(in.Name),
		DivisionCode: strings.TrimSpace(in.DivisionCode)}}
	fe.Text("name", "企业名称", e.Name, 1, 128)
	code := ids.NormalizeCreditCode(in.CreditCode)
	if err := ids.CheckCreditCode(code); err != nil {
		fe.Add("credit_code", err.Error())
	}
	e.CreditCode = &code
	e.Industry = strings.TrimSpace(in.Industry)
	fe.Text("industry", "行业", e.Industry, 0, 64)
	e.Address = strings.TrimSpace(in.Address)
	fe.Text("address", "地址", e.Address, 1, 256)
	datum, err := geo.ParseDatum(in.Datum)
	if err != nil {
		fe.Add("datum", "坐标系须为 wgs84、gcj02 或 bd09")
	}
	switch {
	case in.Lat == nil || in.Lng == nil:
		if in.Lat == nil {
			fe.Add("lat", "请填写纬度")
		}
		if in.Lng == nil {
			fe.Add("lng", "请填写经度")
		}
	default:
		problems := geo.CheckCoordinates(*in.Lat, *in.Lng)
		for _, p := range problems {
			fe.Add(p.Field, p.Message)
		}
		if len(problems) == 0 && err == nil {
			lat, lng, convErr := geo.ToWGS84(*in.Lat, *in.Lng, datum)
			if convErr != nil {
				fe.Add("datum", convErr.Error())
			}
			e.Lat, e.Lng = &lat, &lng
		}
	}
	switch {
	case in.FenceRadiusM == nil:
		fe.Add("fence_radius_m", "请填写签到范围半径")
	case *in.FenceRadiusM < 50 || *in.FenceRadiusM > 5000:
		fe.Add("fence_radius_m", "签到范围半径须在 50–5000 米之间")
	default:
		e.FenceRadiusM = *in.FenceRadiusM
	}
	switch {
	case in.Headcount == nil:
		fe.Add("headcount", "请填写在岗职工人数")
	case *in.Headcount < 0 || *in.Headcount > rules.MaxCount:
		fe.Add("headcount", fmt.Sprintf("在岗职工人数须在 0–%d 之间", rules.MaxCount))
	default:
		e.Headcount = *in.Headcount
	}
	if in.LowestGradeWageFen != nil {
		if v := *in.LowestGradeWageFen; v < 1 || v > rules.MaxFen {
			fe.Add("lowest_grade_wage_fen", "本单位最低档工资标准须在 0.01–1000000 元之间（单位为分）；未制定可不填")
		} else {
			e.LowestGradeWageFen = &v
		}
	}
	region := strings.ToUpper(strings.TrimSpace(in.RegionCode))
	switch {
	case region != "" && e.DivisionCode != "":
		fe.Add("region_code", "境外实习单位只填地区代码，境内实习单位只填行政区划代码，二者不能同时填写")
	case region != "":
		if msg := rules.CheckRegionCode(region); msg != "" {
			fe.Add("region_code", msg)
		}
		e.RegionCode = &region
	}
	e.BannedVenue, e.Intermediary = in.BannedVenue, in.Intermediary
	today := clock.BusinessDay(s.clock.Now())
	for i, v := range in.SafetyViolations {
		field := fmt.Sprintf("safety_violations[%d]", i)
		day, err := clock.ParseDate(v.OccurredOn)
		switch {
		case err != nil:
			fe.Add(field+".occurred_on", "日期格式须为 YYYY-MM-DD")
		case today.Before(day):
			fe.Add(field+".occurred_on", "日期不能晚于今天")
		}
		v.Summary = strings.TrimSpace(v.Summary)
		fe.Text(field+".summary", "违规情况", v.Summary, 1, 500)
		e.SafetyViolations = append(e.SafetyViolations, SafetyViolation{OccurredOn: day.String(), Summary: v.Summary})
	}
	if e.SafetyViolations == nil {
		e.SafetyViolations = []SafetyViolation{}
	}
	var registeredBy *uuid.UUID
	if actor != nil && actor.Role == auth.RoleSchoolAdmin {
		registeredBy = actor.OrgID
	}
	err = postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if e.RegionCode == nil {
			if err := s.checkDivision(ctx, tx, "division_code", e.DivisionCode, KindEnterprise, &fe); err != nil {
				return err
			}
		}
		if err := fe.Err("企业信息有误"); err != nil {
			return err
		}
		if err := conflictOnCreditCode(ctx, tx, code); err != nil {
			return err
		}
		if err := insertEnterprise(ctx, tx, e, registeredBy); err != nil {
			if apperr.KindOf(err) == apperr.KindConflict {
				// Lost a race with another registration of the same code.
				return conflictOnCreditCode(ctx, s.pool, code)
			}
			return err
		}
		stored, err := getEnterprise(ctx, tx, e.ID, nil)
		if err != nil {
			return err
		}
		e = stored
		return audit.Record(ctx, tx, whoOf(actor), audit.Event{Action: "enterprise.create", SubjectType: "org",
			SubjectID: e.ID.String(), DivisionCode: e.DivisionCode, After: e})
	})
	return e, err
}

// GetEnterprise reads one enterprise in the actor's scope.
func (s *Service) GetEnterprise(ctx context.Context, actor auth.Actor, id uuid.UUID) (Enterprise, error) {
	return getEnterprise(ctx, s.pool, id, &actor)
}

// ListEnterprises lists enterprises in the actor's scope.
func (s *Service) ListEnterprises(ctx context.Context, actor auth.Actor, query string, after *uuid.UUID, limit int) ([]Enterprise, error) {
	return listEnterprises(ctx, s.pool, actor, query, after, limit)
}

// ---- posts

// NewPost is the input of CreatePost.
type NewPost struct {
	Name               string
	MajorCategory      string
	Headcount          *int
	HoursPerDay        *float64
	HoursPerWeek       *float64
	ShiftStart         string
	ShiftEnd           string
	WorksRestDays      bool
	LabourGrade        *int
	HighRisk           []string
	ForbiddenForMinors bool
	ForbiddenForWomen  bool
	WageFen            *int64
	// BreakMinutes is the unpaid break inside one shift; nil means none.
	BreakMinutes *int
}

// CreatePost declares a post at an enterprise in the actor's scope: its own
// administrator, or a school that lists or registered it (they draft plans
// together).
// actor is nil for the operator's command line (seed).
func (s *Service) CreatePost(ctx context.Context, actor *auth.Actor, enterpriseID uuid.UUID, in NewPost) (Post, error) {
	var fe apperr.FieldErrors
	p := Post{ID: uuid.Must(uuid.NewV7()), EnterpriseID: enterpriseID, Name: strings.TrimSpace(in.Name),
		MajorCategory: strings.TrimSpace(in.MajorCategory), ShiftStart: in.ShiftStart, ShiftEnd: in.ShiftEnd,
		WorksRestDays: in.WorksRestDays, ForbiddenForMinors: in.ForbiddenForMinors, ForbiddenForWomen: in.ForbiddenForWomen}
	fe.Text("name", "岗位名称", p.Name, 1, 64)
	majors.Check(&fe, "major_category", p.MajorCategory)
	switch {
	case in.Headcount == nil:
		fe.Add("headcount", "请填写岗位在岗人数")
	case *in.Headcount < 1 || *in.Headcount > rules.MaxCount:
		fe.Add("headcount", fmt.Sprintf("岗位在岗人数须在 1–%d 之间", rules.MaxCount))
	default:
		p.Headcount = *in.Headcount
	}
	switch {
	case in.HoursPerDay == nil:
		fe.Add("hours_per_day", "请填写每日工作时长")
	case *in.HoursPerDay <= 0 || *in.HoursPerDay > 24:
		fe.Add("hours_per_day", "每日工作时长须大于 0 且不超过 24 小时")
	default:
		p.HoursPerDay = *in.HoursPerDay
	}
	switch {
	case in.HoursPerWeek == nil:
		fe.Add("hours_per_week", "请填写每周工作时长")
	case *in.HoursPerWeek <= 0 || *in.HoursPerWeek > 168:
		fe.Add("hours_per_week", "每周工作时长须大于 0 且不超过 168 小时")
	default:
		p.HoursPerWeek = *in.HoursPerWeek
	}
	if !clockPattern.MatchString(in.ShiftStart) {
		fe.Add("shift_start", "上班时间格式须为 HH:MM，如 08:30")
	}
	if !clockPattern.MatchString(in.ShiftEnd) {
		fe.Add("shift_end", "下班时间格式须为 HH:MM，如 17:30")
	}
	switch {
	case in.LabourGrade == nil:
		fe.Add("labour_grade", "请填写体力劳动强度等级")
	case *in.LabourGrade < 1 || *in.LabourGrade > 4:
		fe.Add("labour_grade", "体力劳动强度等级须为 1–4（Ⅰ–Ⅳ级）")
	default:
		p.LabourGrade = *in.LabourGrade
	}
	seen := map[string]bool{}
	p.HighRisk = []string{}
	for i, h := range in.HighRisk {
		if _, ok := highRiskKinds[h]; !ok {
			fe.Add(fmt.Sprintf("high_risk[%d]", i), "未知的高危作业类型")
			continue
		}
		if !seen[h] {
			seen[h] = true
			p.HighRisk = append(p.HighRisk, h)
		}
	}
	switch {
	case in.WageFen == nil:
		fe.Add("wage_fen", "请填写同岗位工资")
	case *in.WageFen < 0 || *in.WageFen > rules.MaxFen:
		fe.Add("wage_fen", "同岗位工资须在 0–1000000 元之间（单位为分）")
	default:
		p.WageFen = *in.WageFen
	}
	if in.BreakMinutes != nil {
		p.BreakMinutes = *in.BreakMinutes
	}
	if _, ok := rules.ShiftMinutes(in.ShiftStart, in.ShiftEnd, p.BreakMinutes); !ok && clockPattern.MatchString(in.ShiftStart) &&
		clockPattern.MatchString(in.ShiftEnd) {
		fe.Add("break_minutes", "班中休息时长须为 0 或正整数分钟，且短于整个班次")
	}
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		enterprise, err := getEnterprise(ctx, tx, enterpriseID, actor)
		if err != nil {
			return err
		}
		if err := fe.Err("岗位信息有误"); err != nil {
			return err
		}
		if p, err = insertPost(ctx, tx, p); err != nil {
			return err
		}
		return audit.Record(ctx, tx, whoOf(actor), audit.Event{Action: "post.create", SubjectType: "post",
			SubjectID: p.ID.String(), DivisionCode: enterprise.DivisionCode, After: p})
	})
	return p, err
}

// ListPosts lists the posts of an enterprise in the actor's scope.
func (s *Service) ListPosts(ctx context.Context, actor auth.Actor, enterpriseID uuid.UUID) ([]Post, error) {
	if _, err := getOrg(ctx, s.pool, enterpriseID, &actor); err != nil {
		return nil, err
	}
	return listPosts(ctx, s.pool, enterpriseID)
}

// ---- host lists

// NewHost is the input of AddHost.
type NewHost struct {
	EnterpriseID uuid.UUID
	AssessedOn   string
	Report       string
	ApprovedOn   string
}

// AddHost puts an assessed enterprise on the school's approved host list.
// Only the school's own administrator may (the route requires the role).
// actor is nil for the operator's command line (seed).
func (s *Service) AddHost(ctx context.Context, actor *auth.Actor, schoolID uuid.UUID, in NewHost) (Host, error) {
	// Art 7: the school vets and approves its hosts; the decision is its
	// administrator's, not a teacher's or a student's, whatever route calls.
	if actor != nil && !actor.InOrg(schoolID) {
		return Host{}, apperr.NotFound("学校不存在")
	}
	if actor != nil && actor.Role != auth.RoleSchoolAdmin {
		return Host{}, apperr.Forbidden("只有本校管理员可以维护合作单位名单")
	}
	var fe apperr.FieldErrors
	today := clock.BusinessDay(s.clock.Now())
	assessed, errA := clock.ParseDate(in.AssessedOn)
	approved, errB := clock.ParseDate(in.ApprovedOn)
	switch {
	case errA != nil:
		fe.Add("assessed_on", "评估日期格式须为 YYYY-MM-DD")
	case today.Before(assessed):
		fe.Add("assessed_on", "评估日期不能晚于今天")
	}
	switch {
	case errB != nil:
		fe.Add("approved_on", "批准日期格式须为 YYYY-MM-DD")
	case today.Before(approved):
		fe.Add("approved_on", "批准日期不能晚于今天")
	case errA == nil && approved.Before(assessed):
		fe.Add("approved_on", "批准日期不能早于评估日期")
	}
	report := strings.TrimSpace(in.Report)
	fe.Text("report", "评估报告", report, 1, 5000)
	var host Host
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		school, err := getOrg(ctx, tx, schoolID, nil)
		if err != nil {
			return err
		}
		enterprise, err := getOrg(ctx, tx, in.EnterpriseID, nil)
		if err != nil || enterprise.Kind != KindEnterprise {
			fe.Add("enterprise_id", "企业不存在")
		}
		if err := fe.Err("合作单位信息有误"); err != nil {
			return err
		}
		host, err = insertHost(ctx, tx, Host{SchoolID: schoolID, EnterpriseID: in.EnterpriseID,
			AssessedOn: assessed.String(), Report: report, ApprovedOn: approved.String()})
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, whoOf(actor), audit.Event{Action: "host.add", SubjectType: "org",
			SubjectID: schoolID.String(), DivisionCode: school.DivisionCode, After: host})
	})
	return host, err
}

// ListHosts lists a school's host list as far as the actor may see it.
func (s *Service) ListHosts(ctx context.Context, actor auth.Actor, schoolID uuid.UUID) ([]Host, error) {
	school, err := getOrg(ctx, s.pool, schoolID, &actor)
	if err != nil {
		return nil, err
	}
	if school.Kind != KindSchool {
		return nil, apperr.NotFound("学校不存在")
	}
	return listHosts(ctx, s.pool, actor, schoolID)
}

// ---- users

// NewUser is the input of CreateUser.
type NewUser struct {
	Username    string
	Password    string
	DisplayName string
	Role        auth.Role
	OrgID       *uuid.UUID
	Phone       string
	// AlsoInTx, when set, runs in the transaction that creates the account,
	// so a higher domain can link the account to its record atomically.
	AlsoInTx func(ctx context.Context, tx pgx.Tx, u User) error
}

// mayCreate says whether the actor may create an account with that role in
// that organisation: the platform administrator anyone, a school
// administrator teachers and students of the school, an enterprise
// administrator mentors of the enterprise.
func mayCreate(actor auth.Actor, role auth.Role, orgID *uuid.UUID) error {
	allowed := map[auth.Role][]auth.Role{
		auth.RoleSchoolAdmin:     {auth.RoleTeacher, auth.RoleStudent},
		auth.RoleEnterpriseAdmin: {auth.RoleEnterpriseMentor},
	}
	if actor.Role == auth.RolePlatformAdmin {
		return nil
	}
	roles, ok := allowed[actor.Role]
	if !ok {
		return apperr.Forbidden("无权创建账号")
	}
	if orgID == nil || !actor.InOrg(*orgID) {
		return apperr.NotFound("机构不存在")
	}
	for _, r := range roles {
		if r == role {
			return nil
		}
	}
	return apperr.Forbidden(fmt.Sprintf("%s不能创建%s账号", auth.RoleNames[actor.Role], auth.RoleNames[role]))
}

// CreateUser validates every field at once, checks who may create what and
// that the role fits the organisation, and stores an argon2id hash.
// actor is nil for the operator's command line.
func (s *Service) CreateUser(ctx context.Context, actor *auth.Actor, in NewUser) (User, error) {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	if in.DisplayName == "" {
		in.DisplayName = in.Username
	}
	who := whoOf(actor)
	if actor != nil {
		if err := mayCreate(*actor, in.Role, in.OrgID); err != nil {
			return User{}, err
		}
	}
	var fe apperr.FieldErrors
	if !usernamePattern.MatchString(in.Username) {
		fe.Add("username", "用户名须为 3–32 位小写字母、数字或 _ . -，并以字母或数字开头")
	}
	for _, p := range auth.PasswordProblems(in.Username, in.Password) {
		fe.Add("password", p)
	}
	fe.Text("display_name", "姓名", in.DisplayName, 1, 64)
	if !in.Role.Valid() {
		fe.Add("role", fmt.Sprintf("未知角色 %q", in.Role))
	}
	var phone *string
	if in.Phone = ids.NormalizeMobile(in.Phone); in.Phone != "" {
		if err := ids.CheckMobile(in.Phone); err != nil {
			fe.Add("phone", err.Error())
		}
		phone = &in.Phone
	}
	user := User{ID: uuid.Must(uuid.NewV7()), Username: in.Username, DisplayName: in.DisplayName,
		Role: in.Role, OrgID: in.OrgID, Phone: phone}
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		division := ""
		if in.Role.Valid() {
			msg, org, err := s.orgFit(ctx, tx, in.Role, in.OrgID)
			if err != nil {
				return err
			}
			if msg != "" {
				fe.Add("org_id", msg)
			}
			division = org.DivisionCode
		}
		if err := fe.Err("账号信息有误"); err != nil {
			return err
		}
		hash, err := auth.HashPassword(in.Password)
		if err != nil {
			return apperr.Internal(err)
		}
		if err := insertUser(ctx, tx, user, hash); err != nil {
			return err
		}
		if user, err = getUser(ctx, tx, user.ID, nil); err != nil {
			return err
		}
		if in.AlsoInTx != nil {
			if err := in.AlsoInTx(ctx, tx, user); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, who, audit.Event{Action: "user.create", SubjectType: "user",
			SubjectID: user.ID.String(), DivisionCode: division,
			After: map[string]any{"username": user.Username, "role": user.Role, "org_id": user.OrgID}})
	})
	if err != nil {
		return User{}, err
	}
	return user, nil
}

// orgFit returns why the organisation does not suit the role ("" if it does).
func (s *Service) orgFit(ctx context.Context, db postgres.DBTX, role auth.Role, orgID *uuid.UUID) (string, Org, error) {
	want := roleOrgKind[role]
	if want == "" {
		if orgID != nil {
			return "平台管理员不属于任何机构", Org{}, nil
		}
		return "", Org{}, nil
	}
	if orgID == nil {
		return fmt.Sprintf("%s必须属于一个%s", auth.RoleNames[role], kindNames[want]), Org{}, nil
	}
	org, err := getOrg(ctx, db, *orgID, nil)
	if apperr.KindOf(err) == apperr.KindNotFound {
		return "机构不存在", Org{}, nil
	}
	if err != nil {
		return "", Org{}, err
	}
	if org.Kind != want {
		return fmt.Sprintf("%s必须属于%s，该机构是%s", auth.RoleNames[role], kindNames[want], kindNames[org.Kind]), org, nil
	}
	return "", org, nil
}

// GetUser reads one account in the actor's scope.
func (s *Service) GetUser(ctx context.Context, actor auth.Actor, id uuid.UUID) (User, error) {
	return getUser(ctx, s.pool, id, &actor)
}

// ListUsers lists accounts in the actor's scope.
func (s *Service) ListUsers(ctx context.Context, actor auth.Actor, f UserFilter) ([]User, error) {
	return listUsers(ctx, s.pool, actor, f)
}

// ---- auth.Users

// CredentialsByUsername implements auth.Users.
func (s *Service) CredentialsByUsername(ctx context.Context, username string) (auth.Credentials, error) {
	return credentials(ctx, s.pool, "u.username = $1", strings.ToLower(strings.TrimSpace(username)))
}

// CredentialsByID implements auth.Users.
func (s *Service) CredentialsByID(ctx context.Context, id uuid.UUID) (auth.Credentials, error) {
	return credentials(ctx, s.pool, "u.id = $1", id)
}

// SetPasswordHash implements auth.Users.
func (s *Service) SetPasswordHash(ctx context.Context, who audit.Who, userID uuid.UUID, hash string) error {
	return postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var division *string
		err := tx.QueryRow(ctx, `
			UPDATE users u SET password_hash = $2 FROM users x LEFT JOIN orgs o ON o.id = x.org_id
			WHERE u.id = $1 AND x.id = u.id RETURNING o.division_code`, userID, hash).Scan(&division)
		if err != nil {
			return postgres.Translate(err, "orgs: set password")
		}
		return audit.Record(ctx, tx, who, audit.Event{Action: "user.password_change", SubjectType: "user",
			SubjectID: userID.String(), DivisionCode: deref(division)})
	})
}

// ---- seed support

// EnsureOrg returns the organisation of that kind, name and division,
// creating it when missing; the demo seed relies on this to be idempotent.
func (s *Service) EnsureOrg(ctx context.Context, kind Kind, name, divisionCode string) (Org, bool, error) {
	found, err := findOrg(ctx, s.pool, kind, name, divisionCode)
	if err == nil {
		return found, false, nil
	}
	if apperr.KindOf(err) != apperr.KindNotFound {
		return Org{}, false, err
	}
	org, err := s.createOrg(ctx, operator, NewOrg{Kind: kind, Name: name, DivisionCode: divisionCode})
	return org, err == nil, err
}

// UserExists reports whether the username is taken.
func (s *Service) UserExists(ctx context.Context, username string) (bool, error) {
	_, err := s.CredentialsByUsername(ctx, username)
	if err == nil {
		return true, nil
	}
	if apperr.KindOf(err) == apperr.KindNotFound {
		return false, nil
	}
	return false, err
}

// EnterpriseIDByCreditCode finds an enterprise by its national identifier.
func (s *Service) EnterpriseIDByCreditCode(ctx context.Context, code string) (uuid.UUID, error) {
	org, err := findByCreditCode(ctx, s.pool, ids.NormalizeCreditCode(code))
	return org.ID, err
}

// ---- reads for higher domains (plans, placements). They are not scoped:
// the calling service has already decided the actor may see the record that
// refers to these. db is the caller's transaction (or nil for the pool): a
// transaction that waited for a second connection could starve the pool.

func (s *Service) db(db postgres.DBTX) postgres.DBTX {
	if db == nil {
		return s.pool
	}
	return db
}

// OrgByID reads one organisation.
func (s *Service) OrgByID(ctx context.Context, db postgres.DBTX, id uuid.UUID) (Org, error) {
	return getOrg(ctx, s.db(db), id, nil)
}

// PostsByID reads posts by id; missing ids are simply absent from the map.
func (s *Service) PostsByID(ctx context.Context, db postgres.DBTX, postIDs []uuid.UUID) (map[uuid.UUID]Post, error) {
	rows, err := s.db(db).Query(ctx, postSelect+` WHERE p.id = ANY($1)`, postIDs)
	if err != nil {
		return nil, postgres.Translate(err, "orgs: posts by id")
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Post, error) { return scanPost(r) })
	if err != nil {
		return nil, postgres.Translate(err, "orgs: posts by id")
	}
	out := make(map[uuid.UUID]Post, len(list))
	for _, p := range list {
		out[p.ID] = p
	}
	return out, nil
}

// EnterprisesByID reads enterprises by id.
func (s *Service) EnterprisesByID(ctx context.Context, db postgres.DBTX, orgIDs []uuid.UUID) (map[uuid.UUID]Enterprise, error) {
	rows, err := s.db(db).Query(ctx, enterpriseSelect+` WHERE o.id = ANY($1)`, orgIDs)
	if err != nil {
		return nil, postgres.Translate(err, "orgs: enterprises by id")
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Enterprise, error) { return scanEnterprise(r) })
	if err != nil {
		return nil, postgres.Translate(err, "orgs: enterprises by id")
	}
	out := make(map[uuid.UUID]Enterprise, len(list))
	for _, e := range list {
		out[e.ID] = e
	}
	return out, nil
}

// HostListOf is a school's whole approved host list, by enterprise.
func (s *Service) HostListOf(ctx context.Context, db postgres.DBTX, schoolID uuid.UUID) (map[uuid.UUID]Host, error) {
	rows, err := s.db(db).Query(ctx, hostSelect+` WHERE sh.school_id = $1`, schoolID)
	if err != nil {
		return nil, postgres.Translate(err, "orgs: host list")
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Host, error) { return scanHost(r) })
	if err != nil {
		return nil, postgres.Translate(err, "orgs: host list")
	}
	out := make(map[uuid.UUID]Host, len(list))
	for _, h := range list {
		out[h.EnterpriseID] = h
	}
	return out, nil
}

// UsersByID reads accounts by id.
func (s *Service) UsersByID(ctx context.Context, db postgres.DBTX, userIDs []uuid.UUID) (map[uuid.UUID]User, error) {
	rows, err := s.db(db).Query(ctx, userSelect+` WHERE u.id = ANY($1)`, userIDs)
	if err != nil {
		return nil, postgres.Translate(err, "orgs: users by id")
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (User, error) { return scanUser(r) })
	if err != nil {
		return nil, postgres.Translate(err, "orgs: users by id")
	}
	out := make(map[uuid.UUID]User, len(list))
	for _, u := range list {
		out[u.ID] = u
	}
	return out, nil
}

// HostFacts are an enterprise's and one of its posts' facts as the plan
// rules read them, now: whether it is an intermediary (Art 16(6)), its
// safety violations (Art 6), banned venue (Art 16(5)), the post's labour
// grade (Art 16(7)) and the Art 18 wages. They can change after a plan is
// approved, so placements re-check them with rules.RecheckHost at propose.
func (s *Service) HostFacts(ctx context.Context, db postgres.DBTX, enterpriseID, postID uuid.UUID) (rules.HostInput, rules.PostInput, error) {
	enterprises, err := s.EnterprisesByID(ctx, db, []uuid.UUID{enterpriseID})
	if err != nil {
		return rules.HostInput{}, rules.PostInput{}, err
	}
	posts, err := s.PostsByID(ctx, db, []uuid.UUID{postID})
	if err != nil {
		return rules.HostInput{}, rules.PostInput{}, err
	}
	e, okE := enterprises[enterpriseID]
	p, okP := posts[postID]
	if !okE || !okP || p.EnterpriseID != enterpriseID {
		return rules.HostInput{}, rules.PostInput{}, apperr.NotFound("实习单位或岗位不存在")
	}
	return RuleHost(e), RulePost(p), nil
}

// RuleHost is the enterprise as the plan rules read it.
func RuleHost(e Enterprise) rules.HostInput {
	h := rules.HostInput{ID: e.ID.String(), Name: e.Name, DivisionCode: e.DivisionCode, RegionCode: deref(e.RegionCode),
		Headcount: e.Headcount, BannedVenue: e.BannedVenue, Intermediary: e.Intermediary}
	if e.LowestGradeWageFen != nil {
		h.LowestGradeWageFen = *e.LowestGradeWageFen
	}
	for _, v := range e.SafetyViolations {
		if d, err := clock.ParseDate(v.OccurredOn); err == nil {
			h.SafetyViolations = append(h.SafetyViolations, d)
		}
	}
	return h
}

// RulePost is the post as the plan rules read it (without the plan's planned count and pay).
func RulePost(p Post) rules.PostInput {
	return rules.PostInput{ID: p.ID.String(), Name: p.Name, HostID: p.EnterpriseID.String(), MajorCategory: p.MajorCategory,
		Headcount: p.Headcount, HoursPerDay: p.HoursPerDay, HoursPerWeek: p.HoursPerWeek, ShiftStart: p.ShiftStart,
		ShiftEnd: p.ShiftEnd, BreakMinutes: p.BreakMinutes, WorksRestDays: p.WorksRestDays, LabourGrade: p.LabourGrade,
		HighRisk: p.HighRisk, WageFen: p.WageFen}
}
