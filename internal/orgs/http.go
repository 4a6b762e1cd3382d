package orgs

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/ids"
	"huhang/internal/platform/web"
)

type handlers struct{ svc *Service }

// Routes mounts the organisation routes on the authenticated group.
func Routes(authed *gin.RouterGroup, svc *Service) {
	h := handlers{svc: svc}
	staff := auth.RequireRole(auth.RolePlatformAdmin, auth.RoleBureauAuditor, auth.RoleSchoolAdmin, auth.RoleEnterpriseAdmin)
	authed.GET("/divisions", auth.Answer(http.StatusOK, h.divisions))
	authed.POST("/orgs", auth.RequireRole(auth.RolePlatformAdmin), auth.BindAnswer(http.StatusCreated, h.createOrg))
	authed.GET("/orgs", auth.Answer(http.StatusOK, h.listOrgs))
	authed.GET("/orgs/:id", auth.Answer(http.StatusOK, h.getOrg))
	authed.POST("/enterprises", auth.RequireRole(auth.RolePlatformAdmin, auth.RoleSchoolAdmin), auth.BindAnswer(http.StatusCreated, h.createEnterprise))
	authed.GET("/enterprises", auth.Answer(http.StatusOK, h.listEnterprises))
	authed.GET("/enterprises/:id", auth.Answer(http.StatusOK, h.getEnterprise))
	authed.POST("/enterprises/:id/posts", auth.RequireRole(auth.RoleEnterpriseAdmin, auth.RoleSchoolAdmin), auth.BindAnswer(http.StatusCreated, h.createPost))
	authed.GET("/enterprises/:id/posts", auth.Answer(http.StatusOK, h.listPosts))
	authed.POST("/schools/:id/hosts", auth.RequireRole(auth.RoleSchoolAdmin), auth.BindAnswer(http.StatusCreated, h.addHost))
	authed.GET("/schools/:id/hosts", auth.Answer(http.StatusOK, h.listHosts))
	authed.POST("/users", auth.RequireRole(auth.RolePlatformAdmin, auth.RoleSchoolAdmin, auth.RoleEnterpriseAdmin), auth.BindAnswer(http.StatusCreated, h.createUser))
	authed.GET("/users", staff, auth.Answer(http.StatusOK, h.listUsers))
	authed.GET("/users/:id", auth.Answer(http.StatusOK, h.getUser))
}

// ---- responses

type divisionJSON struct {
	Code       string  `json:"code"`
	Name       string  `json:"name"`
	ParentCode *string `json:"parent_code"`
	Level      string  `json:"level"`
}

type orgJSON struct {
	ID           uuid.UUID  `json:"id"`
	Kind         Kind       `json:"kind"`
	Name         string     `json:"name"`
	DivisionCode string     `json:"division_code"`
	DivisionName string     `json:"division_name"`
	ParentID     *uuid.UUID `json:"parent_id"`
	CreditCode   *string    `json:"credit_code"`
	RegionCode   *string    `json:"region_code"`
	CreatedAt    time.Time  `json:"created_at"`
}

func toOrgJSON(o Org) orgJSON {
	return orgJSON{ID: o.ID, Kind: o.Kind, Name: o.Name, DivisionCode: o.DivisionCode, DivisionName: o.DivisionName,
		ParentID: o.ParentID, CreditCode: o.CreditCode, RegionCode: o.RegionCode, CreatedAt: o.CreatedAt}
}

type enterpriseJSON struct {
	ID               uuid.UUID         `json:"id"`
	Name             string            `json:"name"`
	CreditCode       string            `json:"credit_code"`
	DivisionCode     string            `json:"division_code"`
	Industry         string            `json:"industry"`
	Address          string            `json:"address"`
	Lat              *float64          `json:"lat"`
	Lng              *float64          `json:"lng"`
	FenceRadiusM     int               `json:"fence_radius_m"`
	Headcount        int               `json:"headcount"`
	BannedVenue      bool              `json:"banned_venue"`
	Intermediary     bool              `json:"intermediary"`
	SafetyViolations []SafetyViolation `json:"safety_violations"`
	RegionCode       *string           `json:"region_code"`
	// LowestGradeWageFen is 本单位最低档工资标准 (Art 18), null when not declared.
	LowestGradeWageFen *int64    `json:"lowest_grade_wage_fen"`
	CreatedAt          time.Time `json:"created_at"`
}

func toEnterpriseJSON(e Enterprise) enterpriseJSON {
	return enterpriseJSON{ID: e.ID, Name: e.Name, CreditCode: deref(e.CreditCode), DivisionCode: e.DivisionCode,
		Industry: e.Industry, Address: e.Address, Lat: e.Lat, Lng: e.Lng, FenceRadiusM: e.FenceRadiusM,
		Headcount: e.Headcount, BannedVenue: e.BannedVenue, Intermediary: e.Intermediary,
		SafetyViolations: e.SafetyViolations, RegionCode: e.RegionCode, LowestGradeWageFen: e.LowestGradeWageFen,
		CreatedAt: e.CreatedAt}
}

type postJSON struct {
	ID                 uuid.UUID `json:"id"`
	EnterpriseID       uuid.UUID `json:"enterprise_id"`
	Name               string    `json:"name"`
	MajorCategory      string    `json:"major_category"`
	Headcount          int       `json:"headcount"`
	HoursPerDay        float64   `json:"hours_per_day"`
	HoursPerWeek       float64   `json:"hours_per_week"`
	ShiftStart         string    `json:"shift_start"`
	ShiftEnd           string    `json:"shift_end"`
	WorksRestDays      bool      `json:"works_rest_days"`
	LabourGrade        int       `json:"labour_grade"`
	HighRisk           []string  `json:"high_risk"`
	ForbiddenForMinors bool      `json:"forbidden_for_minors"`
	ForbiddenForWomen  bool      `json:"forbidden_for_women"`
	WageFen            int64     `json:"wage_fen"`
	CreatedAt          time.Time `json:"created_at"`
	BreakMinutes       int       `json:"break_minutes"`
}

func toPostJSON(p Post) postJSON { return postJSON(p) }

type hostJSON struct {
	SchoolID       uuid.UUID `json:"school_id"`
	EnterpriseID   uuid.UUID `json:"enterprise_id"`
	EnterpriseName string    `json:"enterprise_name"`
	CreditCode     string    `json:"credit_code"`
	AssessedOn     string    `json:"assessed_on"`
	Report         string    `json:"report"`
	ApprovedOn     string    `json:"approved_on"`
	CreatedAt      time.Time `json:"created_at"`
}

type userJSON struct {
	ID          uuid.UUID  `json:"id"`
	Username    string     `json:"username"`
	DisplayName string     `json:"display_name"`
	Role        auth.Role  `json:"role"`
	RoleName    string     `json:"role_name"`
	OrgID       *uuid.UUID `json:"org_id"`
	OrgName     *string    `json:"org_name"`
	Phone       *string    `json:"phone"`
	CreatedAt   time.Time  `json:"created_at"`
}

func toUserJSON(u User) userJSON {
	return userJSON{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Role: u.Role, RoleName: auth.RoleNames[u.Role],
		OrgID: u.OrgID, OrgName: u.OrgName, Phone: u.Phone, CreatedAt: u.CreatedAt}
}

// ---- handlers

func (h handlers) divisions(c *gin.Context, _ auth.Actor) (web.ListBody[divisionJSON], error) {
	list, err := h.svc.Divisions(c.Request.Context(), c.Query("parent"))
	return web.ListBody[divisionJSON]{Items: web.Map(list, func(d Division) divisionJSON { return divisionJSON(d) })}, err
}

type orgRequest struct {
	Kind         Kind       `json:"kind"`
	Name         string     `json:"name"`
	DivisionCode string     `json:"division_code"`
	ParentID     *uuid.UUID `json:"parent_id"`
	CreditCode   string     `json:"credit_code"`
}

func (h handlers) createOrg(c *gin.Context, a auth.Actor, req orgRequest) (orgJSON, error) {
	org, err := h.svc.CreateOrg(c.Request.Context(), a, NewOrg(req))
	return toOrgJSON(org), err
}

func (h handlers) listOrgs(c *gin.Context, a auth.Actor) (web.ListBody[orgJSON], error) {
	page, err := web.PageFrom(c)
	if err != nil {
		return web.ListBody[orgJSON]{}, err
	}
	f := OrgFilter{Kind: Kind(c.Query("kind")), Query: strings.TrimSpace(c.Query("q")), After: page.After, Limit: page.Fetch()}
	var fe apperr.FieldErrors
	if _, ok := kindNames[f.Kind]; f.Kind != "" && !ok {
		fe.Add("kind", "机构类型须为 bureau、school 或 enterprise")
	}
	if d := c.Query("division"); d != "" {
		if err := ids.CheckDivisionCodeFormat(d); err != nil {
			fe.Add("division", err.Error())
		} else {
			f.DivisionPrefix = ids.DivisionPrefix(d)
		}
	}
	if err := fe.Err("查询条件有误"); err != nil {
		return web.ListBody[orgJSON]{}, err
	}
	list, err := h.svc.ListOrgs(c.Request.Context(), a, f)
	return web.Paged(web.Map(list, toOrgJSON), page, func(o orgJSON) string { return o.ID.String() }), err
}

func (h handlers) getOrg(c *gin.Context, a auth.Actor) (orgJSON, error) {
	return web.ByPathID(c, func(id uuid.UUID) (Org, error) { return h.svc.GetOrg(c.Request.Context(), a, id) }, toOrgJSON)
}

type enterpriseRequest struct {
	Name               string            `json:"name"`
	CreditCode         string            `json:"credit_code"`
	DivisionCode       string            `json:"division_code"`
	Industry           string            `json:"industry"`
	Address            string            `json:"address"`
	Lat                *float64          `json:"lat"`
	Lng                *float64          `json:"lng"`
	Datum              string            `json:"datum"`
	FenceRadiusM       *int              `json:"fence_radius_m"`
	Headcount          *int              `json:"headcount"`
	BannedVenue        bool              `json:"banned_venue"`
	Intermediary       bool              `json:"intermediary"`
	SafetyViolations   []SafetyViolation `json:"safety_violations"`
	RegionCode         string            `json:"region_code"`
	LowestGradeWageFen *int64            `json:"lowest_grade_wage_fen"`
}

func (h handlers) createEnterprise(c *gin.Context, a auth.Actor, req enterpriseRequest) (enterpriseJSON, error) {
	e, err := h.svc.CreateEnterprise(c.Request.Context(), &a, NewEnterprise(req))
	return toEnterpriseJSON(e), err
}

func (h handlers) listEnterprises(c *gin.Context, a auth.Actor) (web.ListBody[enterpriseJSON], error) {
	page, err := web.PageFrom(c)
	if err != nil {
		return web.ListBody[enterpriseJSON]{}, err
	}
	list, err := h.svc.ListEnterprises(c.Request.Context(), a, strings.TrimSpace(c.Query("q")), page.After, page.Fetch())
	return web.Paged(web.Map(list, toEnterpriseJSON), page, func(e enterpriseJSON) string { return e.ID.String() }), err
}

func (h handlers) getEnterprise(c *gin.Context, a auth.Actor) (enterpriseJSON, error) {
	return web.ByPathID(c, func(id uuid.UUID) (Enterprise, error) { return h.svc.GetEnterprise(c.Request.Context(), a, id) }, toEnterpriseJSON)
}

type postRequest struct {
	Name               string   `json:"name"`
	MajorCategory      string   `json:"major_category"`
	Headcount          *int     `json:"headcount"`
	HoursPerDay        *float64 `json:"hours_per_day"`
	HoursPerWeek       *float64 `json:"hours_per_week"`
	ShiftStart         string   `json:"shift_start"`
	ShiftEnd           string   `json:"shift_end"`
	WorksRestDays      bool     `json:"works_rest_days"`
	LabourGrade        *int     `json:"labour_grade"`
	HighRisk           []string `json:"high_risk"`
	ForbiddenForMinors bool     `json:"forbidden_for_minors"`
	ForbiddenForWomen  bool     `json:"forbidden_for_women"`
	WageFen            *int64   `json:"wage_fen"`
	BreakMinutes       *int     `json:"break_minutes"`
}

func (h handlers) createPost(c *gin.Context, a auth.Actor, req postRequest) (postJSON, error) {
	return web.ByPathID(c, func(id uuid.UUID) (Post, error) { return h.svc.CreatePost(c.Request.Context(), &a, id, NewPost(req)) }, toPostJSON)
}

func (h handlers) listPosts(c *gin.Context, a auth.Actor) (web.ListBody[postJSON], error) {
	return web.ByPathID(c, func(id uuid.UUID) ([]Post, error) { return h.svc.ListPosts(c.Request.Context(), a, id) },
		func(list []Post) web.ListBody[postJSON] {
			return web.ListBody[postJSON]{Items: web.Map(list, toPostJSON)}
		})
}

type hostRequest struct {
	EnterpriseID uuid.UUID `json:"enterprise_id"`
	AssessedOn   string    `json:"assessed_on"`
	Report       string    `json:"report"`
	ApprovedOn   string    `json:"approved_on"`
}

func (h handlers) addHost(c *gin.Context, a auth.Actor, req hostRequest) (hostJSON, error) {
	return web.ByPathID(c, func(id uuid.UUID) (Host, error) { return h.svc.AddHost(c.Request.Context(), &a, id, NewHost(req)) },
		func(host Host) hostJSON { return hostJSON(host) })
}

func (h handlers) listHosts(c *gin.Context, a auth.Actor) (web.ListBody[hostJSON], error) {
	return web.ByPathID(c, func(id uuid.UUID) ([]Host, error) { return h.svc.ListHosts(c.Request.Context(), a, id) },
		func(list []Host) web.ListBody[hostJSON] {
			return web.ListBody[hostJSON]{Items: web.Map(list, func(h Host) hostJSON { return hostJSON(h) })}
		})
}

type userRequest struct {
	Username    string     `json:"username"`
	Password    string     `json:"password"`
	DisplayName string     `json:"display_name"`
	Role        auth.Role  `json:"role"`
	OrgID       *uuid.UUID `json:"org_id"`
	Phone       string     `json:"phone"`
}

func (h handlers) createUser(c *gin.Context, a auth.Actor, req userRequest) (userJSON, error) {
	u, err := h.svc.CreateUser(c.Request.Context(), &a, NewUser{Username: req.Username, Password: req.Password, DisplayName: req.DisplayName,
		Role: req.Role, OrgID: req.OrgID, Phone: req.Phone})
	return toUserJSON(u), err
}

func (h handlers) listUsers(c *gin.Context, a auth.Actor) (web.ListBody[userJSON], error) {
	page, err := web.PageFrom(c)
	if err != nil {
		return web.ListBody[userJSON]{}, err
	}
	f := UserFilter{Role: auth.Role(c.Query("role")), Query: strings.TrimSpace(c.Query("q")), After: page.After, Limit: page.Fetch()}
	var fe apperr.FieldErrors
	if f.Role != "" && !f.Role.Valid() {
		fe.Add("role", "未知角色")
	}
	if raw := c.Query("org_id"); raw != "" {
		id, err := uuid.Parse(raw)
		if err != nil {
			fe.Add("org_id", "机构编号无效")
		} else {
			f.OrgID = &id
		}
	}
	if err := fe.Err("查询条件有误"); err != nil {
		return web.ListBody[userJSON]{}, err
	}
	list, err := h.svc.ListUsers(c.Request.Context(), a, f)
	return web.Paged(web.Map(list, toUserJSON), page, func(u userJSON) string { return u.ID.String() }), err
}

func (h handlers) getUser(c *gin.Context, a auth.Actor) (userJSON, error) {
	return web.ByPathID(c, func(id uuid.UUID) (User, error) { return h.svc.GetUser(c.Request.Context(), a, id) }, toUserJSON)
}
