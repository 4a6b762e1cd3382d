// Package seed loads the demo data that `make run` shows: Bazhong's city
// bureau and its five county bureaus, schools, host enterprises with posts
// and host lists, and one account per role. Every step looks before it
// writes, so a second run changes nothing.
package seed

import (
	"context"
	"fmt"
	"huhang/internal/files"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/auth"
	"huhang/internal/orgs"
	"huhang/internal/plans"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/pii"
)

// DemoPassword is the password of every demo account; `make run` prints it.
// It satisfies the password policy and contains no demo username.
const DemoPassword = "Huhang-Demo-2026"

// Account is one demo login.
type Account struct {
	Username    string
	DisplayName string
	Role        auth.Role
	OrgName     string
}

// Report says what a run created, so a second run can prove it created nothing.
type Report struct {
	OrgsCreated  int
	PostsCreated int
	HostsCreated int
	UsersCreated int
	PlansCreated int
	// StudentsCreated and PlacementsCreated count the 南江 roster and its placements.
	StudentsCreated, PlacementsCreated int
	// DutyEvents counts the check-ins and check-outs of the demo's duty rosters.
	DutyEvents int
	// SupervisionRecords counts the joint records, patrol lines and incidents of 光雾山.
	SupervisionRecords int
	// StudentLogs counts the logs of the running internship's student.
	StudentLogs int
	// ComplaintsCreated counts the demo's public complaints.
	ComplaintsCreated int
	// InspectionFindings counts the findings of the demo's campaigns.
	InspectionFindings int
	Accounts           []Account
}

type place struct {
	kind     orgs.Kind
	name     string
	division string
}

var bureausAndSchools = []place{
	{orgs.KindBureau, "巴中市教育体育局", "511900"},
	{orgs.KindBureau, "巴州区教育局", "511902"},
	{orgs.KindBureau, "恩阳区教育局", "511903"},
	{orgs.KindBureau, "通江县教育局", "511921"},
	{orgs.KindBureau, "南江县教育局", "511922"},
	{orgs.KindBureau, "平昌县教育局", "511923"},
	{orgs.KindSchool, "巴中职业技术学院", "511900"},
	{orgs.KindSchool, "通江县职业高级中学", "511921"},
	{orgs.KindSchool, "南江县小河职业中学", "511922"},
	{orgs.KindSchool, "平昌县职业中学", "511923"},
}

func ptr[T any](v T) *T { return &v }

// Coordinates are GCJ-02, as a clerk copies them from a Chinese map app.
var enterprises = []orgs.NewEnterprise{
	{Name: "巴中经开区精工机械有限公司", CreditCode: "91511902MA62JG001G", DivisionCode: "511902", Industry: "装备制造",
		Address: "巴中经济开发区兴文大道 88 号", Lat: ptr(31.8456), Lng: ptr(106.7838), Datum: "gcj02", FenceRadiusM: ptr(300), Headcount: ptr(420)},
	{Name: "四川秦巴汽车零部件有限公司", CreditCode: "91511903MA62QB002C", DivisionCode: "511903", Industry: "汽车零部件",
		Address: "巴中市恩阳区工业园区秦巴路 6 号", Lat: ptr(31.7869), Lng: ptr(106.6358), Datum: "gcj02", FenceRadiusM: ptr(400), Headcount: ptr(260)},
	{Name: "通江县银耳食品有限公司", CreditCode: "91511921MA62YE003M", DivisionCode: "511921", Industry: "食品加工",
		Address: "通江县诺江镇银耳大道 12 号", Lat: ptr(31.9118), Lng: ptr(107.2459), Datum: "gcj02", FenceRadiusM: ptr(250), Headcount: ptr(150)},
	{Name: "巴中市星光娱乐有限公司", CreditCode: "91511902MA62KT004R", DivisionCode: "511902", Industry: "娱乐",
		Address: "巴中市巴州区江北大道 201 号", Lat: ptr(31.8702), Lng: ptr(106.7551), Datum: "gcj02", FenceRadiusM: ptr(100), Headcount: ptr(35), BannedVenue: true},
	{Name: "巴中市众达人力资源服务有限公司", CreditCode: "91511902MA62LW0053", DivisionCode: "511902", Industry: "人力资源服务",
		Address: "巴中市巴州区回风大道 9 号", Lat: ptr(31.8631), Lng: ptr(106.7482), Datum: "gcj02", FenceRadiusM: ptr(100), Headcount: ptr(12), Intermediary: true},
	{Name: "南江县光雾山旅游服务有限公司", CreditCode: "91511922MA62NJ007F", DivisionCode: "511922", Industry: "旅游服务",
		Address: "南江县光雾山镇桃园路 1 号", Lat: ptr(32.6531), Lng: ptr(106.7923), Datum: "bd09", FenceRadiusM: ptr(800), Headcount: ptr(300),
		LowestGradeWageFen: ptr(int64(220000))},
	{Name: "成都蓉芯电子科技有限公司", CreditCode: "91510100MA61CD006N", DivisionCode: "510100", Industry: "电子信息",
		Address: "成都高新区天府大道中段 1268 号", Lat: ptr(30.5728), Lng: ptr(104.0668), Datum: "wgs84", FenceRadiusM: ptr(500), Headcount: ptr(900),
		SafetyViolations: []orgs.SafetyViolation{{OccurredOn: "2025-03-10", Summary: "车间消防通道堵塞，被应急管理部门责令整改"}}},
}

type demoPost struct {
	enterprise string
	post       orgs.NewPost
}

// post is a day shift of nine hours with an hour's lunch break: eight
// hours of work, as R-HOURS (Art 17) counts it.
func post(name, category string, headcount int, start, end string, grade int, wageFen int64) orgs.NewPost {
	return orgs.NewPost{Name: name, MajorCategory: category, Headcount: ptr(headcount), HoursPerDay: ptr(8.0), HoursPerWeek: ptr(40.0),
		ShiftStart: start, ShiftEnd: end, BreakMinutes: ptr(60), LabourGrade: ptr(grade), HighRisk: []string{}, WageFen: ptr(wageFen)}
}

var posts = []demoPost{
	{"91511902MA62JG001G", post("数控车床操作员", "装备制造大类", 60, "08:30", "17:30", 2, 420000)},
	{"91511902MA62JG001G", post("质量检验员", "装备制造大类", 30, "08:30", "17:30", 1, 380000)},
	{"91511903MA62QB002C", post("汽车零部件装配工", "装备制造大类", 50, "08:00", "17:00", 2, 400000)},
	{"91511921MA62YE003M", post("食品包装工", "食品药品与粮食大类", 40, "08:00", "17:00", 2, 320000)},
	{"91511922MA62NJ007F", post("景区导览员", "旅游大类", 60, "09:00", "18:00", 1, 300000)},
	{"91511922MA62NJ007F", post("游客中心接待员", "旅游大类", 50, "08:30", "17:30", 1, 280000)},
	{"91510100MA61CD006N", post("电子装配工", "电子与信息大类", 200, "08:00", "17:00", 2, 450000)},
}

var hostLists = map[string][]string{
	"通江县职业高级中学": {"91511902MA62JG001G", "91511921MA62YE003M", "91510100MA61CD006N"},
	"南江县小河职业中学": {"91511922MA62NJ007F"},
	"巴中职业技术学院":  {"91511903MA62QB002C", "91511902MA62JG001G"},
}

var accounts = []Account{
	{"admin", "平台管理员", auth.RolePlatformAdmin, ""},
	{"city1", "王建国", auth.RoleBureauAuditor, "巴中市教育体育局"},
	{"county1", "李秀英", auth.RoleBureauAuditor, "通江县教育局"},
	{"county2", "张志强", auth.RoleBureauAuditor, "南江县教育局"},
	{"school1", "陈晓燕", auth.RoleSchoolAdmin, "通江县职业高级中学"},
	{"school2", "刘德华", auth.RoleSchoolAdmin, "南江县小河职业中学"},
	{"teacher1", "赵明", auth.RoleTeacher, "通江县职业高级中学"},
	{"student1", "杨小雨", auth.RoleStudent, "通江县职业高级中学"},
	{"ent1", "周建华", auth.RoleEnterpriseAdmin, "巴中经开区精工机械有限公司"},
	{"ent2", "吴桂芳", auth.RoleEnterpriseAdmin, "南江县光雾山旅游服务有限公司"},
	{"mentor1", "孙师傅", auth.RoleEnterpriseMentor, "巴中经开区精工机械有限公司"},
	{"teacher2", "钱志远", auth.RoleTeacher, "南江县小河职业中学"},
	{"student2", "李思琪", auth.RoleStudent, "南江县小河职业中学"},
	{"mentor2", "郑师傅", auth.RoleEnterpriseMentor, "南江县光雾山旅游服务有限公司"},
}

// Demo creates the demo data that is missing, with dates relative to now.
// keys seal the demo students' ID numbers.
func Demo(ctx context.Context, pool *pgxpool.Pool, keys *pii.Keyring, now time.Time, store files.Storage) (Report, error) {
	svc := orgs.NewService(pool, clock.Fixed(now))
	var report Report
	byName := map[string]uuid.UUID{}
	for _, p := range bureausAndSchools {
		org, created, err := svc.EnsureOrg(ctx, p.kind, p.name, p.division)
		if err != nil {
			return report, fmt.Errorf("seed: %s: %w", p.name, err)
		}
		if created {
			report.OrgsCreated++
		}
		byName[p.name] = org.ID
	}
	byCode := map[string]uuid.UUID{}
	for _, e := range enterprises {
		created, err := svc.CreateEnterprise(ctx, nil, e)
		switch {
		case err == nil:
			report.OrgsCreated++
			byCode[e.CreditCode] = created.ID
		case isCode(err, "CREDIT_CODE_EXISTS"):
			id, err := svc.EnterpriseIDByCreditCode(ctx, e.CreditCode)
			if err != nil {
				return report, err
			}
			byCode[e.CreditCode] = id
		default:
			return report, fmt.Errorf("seed: %s: %w", e.Name, err)
		}
		byName[e.Name] = byCode[e.CreditCode]
	}
	for _, p := range posts {
		_, err := svc.CreatePost(ctx, nil, byCode[p.enterprise], p.post)
		switch {
		case err == nil:
			report.PostsCreated++
		case !isCode(err, "POST_EXISTS"):
			return report, fmt.Errorf("seed: post %s: %w", p.post.Name, err)
		}
	}
	for school, codes := range hostLists {
		for _, code := range codes {
			_, err := svc.AddHost(ctx, nil, byName[school], orgs.NewHost{EnterpriseID: byCode[code],
				AssessedOn: "2026-03-02", Report: "学校组织实地考察：场地、安全生产条件、岗位设置与带教力量符合实习要求。", ApprovedOn: "2026-03-16"})
			switch {
			case err == nil:
				report.HostsCreated++
			case !isCode(err, "HOST_ALREADY_LISTED"):
				return report, fmt.Errorf("seed: host list of %s: %w", school, err)
			}
		}
	}
	for _, a := range accounts {
		report.Accounts = append(report.Accounts, a)
		exists, err := svc.UserExists(ctx, a.Username)
		if err != nil {
			return report, err
		}
		if exists {
			continue
		}
		in := orgs.NewUser{Username: a.Username, Password: DemoPassword, DisplayName: a.DisplayName, Role: a.Role}
		if a.OrgName != "" {
			id := byName[a.OrgName]
			in.OrgID = &id
		}
		if _, err := svc.CreateUser(ctx, nil, in); err != nil {
			return report, fmt.Errorf("seed: user %s: %w", a.Username, err)
		}
		report.UsersCreated++
	}
	n, err := Plans(ctx, pool, svc, now)
	report.PlansCreated = n
	if err != nil {
		return report, err
	}
	// Placements under filed plans are seeded before the plans move on, as
	// they were made while the plans were approved.
	report.StudentsCreated, report.PlacementsCreated, err = Placements(ctx, pool, svc, keys, store, now)
	if err != nil {
		return report, err
	}
	// Filed plans and ready placements whose dates have come move on, as the worker would move them.
	if _, _, err := plans.NewService(pool, svc, clock.Fixed(now)).StartAndComplete(ctx); err != nil {
		return report, err
	}
	if _, _, err := newServices(pool, keys, store, now).Placements.RunLifecycle(ctx); err != nil {
		return report, err
	}
	// Duty follows the placements it oversees.
	report.DutyEvents, err = Duty(ctx, pool, svc, keys, store, now)
	if err != nil {
		return report, err
	}
	// Joint supervision follows the duty rosters whose patrols it records.
	if report.SupervisionRecords, err = SupervisionRecords(ctx, pool, svc, keys, store, now); err != nil {
		return report, err
	}
	// Logs and leave of a running internship, with the account of its student.
	report.Accounts = append(report.Accounts, StudentAccount)
	if report.StudentLogs, err = SupervisionStudents(ctx, pool, svc, keys, store, now); err != nil {
		return report, err
	}
	// Complaints come last: anyone files them, about what the data above shows.
	if report.ComplaintsCreated, err = Complaints(ctx, pool, svc, keys, store, now); err != nil {
		return report, err
	}
	// The bureau's inspections take up one of them.
	report.InspectionFindings, err = Inspections(ctx, pool, svc, keys, store, now)
	return report, err
}

func isCode(err error, code string) bool {
	e := apperr.As(err)
	return e != nil && e.Code == code
}
