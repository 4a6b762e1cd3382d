// Package stats is the bureaus' and schools' dashboards: figures per
// division and school read from summary rows (migration 00021) that the
// worker keeps current, so a request costs what its scope holds in units,
// not what the raw tables hold. It reads across the domains' tables and
// writes only its own.
package stats

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/auth"
	"huhang/internal/duty"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/ids"
)

// Duty is what the dashboards need of on-site duty; internal/app wires
// duty.Service.
type Duty interface {
	OwedDaysOfSchool(ctx context.Context, schoolID uuid.UUID, from, to clock.Date) ([]duty.OwedDay, error)
}

var _ Duty = (*duty.Service)(nil)

// Service is the dashboards.
type Service struct {
	// pool takes the refresher's writes; read serves the dashboards and is
	// the read replica when one is configured (HUHANG_DATABASE_READ_URL).
	pool  *pgxpool.Pool
	read  *pgxpool.Pool
	duty  Duty
	clock clock.Clock
	units *unitCache
}

// NewService builds the dashboards. read may be nil: reads then go to pool.
func NewService(pool, read *pgxpool.Pool, dutySvc Duty, clk clock.Clock) *Service {
	if read == nil {
		read = pool
	}
	return &Service{pool: pool, read: read, duty: dutySvc, clock: clk, units: &unitCache{rows: map[string]cachedUnit{}}}
}

// Figures are one unit's or one group's numbers (StatsFigures in OpenAPI).
type Figures struct {
	Plans      map[string]int `json:"plans"`
	Review     Review         `json:"review"`
	Placements map[string]int `json:"placements"`
	Quota      Quota          `json:"quota"`
	Duty       DutyFigures    `json:"duty"`
	PatrolGaps int            `json:"patrol_gaps"`
	Incidents  Incidents      `json:"incidents"`
	Alerts     AlertFigures   `json:"alerts"`
	Findings   FindingFigures `json:"findings"`
}

// Review is the plans waiting for the bureau's decision.
type Review struct {
	Waiting     int     `json:"waiting"`
	AvgWaitDays float64 `json:"avg_wait_days"`
	MaxWaitDays float64 `json:"max_wait_days"`
}

// Quota is Art 11 over the hosts of the group's interns.
type Quota struct {
	Hosts    int `json:"hosts"`
	OverUnit int `json:"over_unit"`
	OverPost int `json:"over_post"`
}

// DutyFigures are roster-days owed and covered by a clean check-in.
type DutyFigures struct {
	TodayDue     int `json:"today_due"`
	TodayCovered int `json:"today_covered"`
	WeekDue      int `json:"week_due"`
	WeekCovered  int `json:"week_covered"`
}

// Incidents are reported incidents; open ones are not yet acknowledged.
type Incidents struct {
	Total int `json:"total"`
	Open  int `json:"open"`
}

// AlertFigures count unresolved alerts.
type AlertFigures struct {
	Open       int            `json:"open"`
	BySeverity map[string]int `json:"by_severity"`
	ByRule     map[string]int `json:"by_rule"`
}

// FindingFigures count findings by state and the overdue rectifications.
type FindingFigures struct {
	ByStatus map[string]int `json:"by_status"`
	Overdue  int            `json:"overdue"`
}

// Scope is what an overview is of.
type Scope struct {
	Kind       string     `json:"kind"`
	Code       string     `json:"code"`
	Name       string     `json:"name"`
	Level      *string    `json:"level"`
	SchoolID   *uuid.UUID `json:"school_id"`
	SchoolName *string    `json:"school_name"`
}

// Crumb is one step of the drill-down path.
type Crumb struct {
	Code     string     `json:"code"`
	Name     string     `json:"name"`
	SchoolID *uuid.UUID `json:"school_id"`
}

// Child is a sub-division's figures.
type Child struct {
	Code    string  `json:"code"`
	Name    string  `json:"name"`
	Figures Figures `json:"figures"`
}

// School is a school's figures.
type School struct {
	ID           uuid.UUID `json:"id"`
	Name         string    `json:"name"`
	DivisionCode string    `json:"division_code"`
	Figures      Figures   `json:"figures"`
}

// Week is one week of the trend charts.
type Week struct {
	Week           string `json:"week"`
	Checkins       int    `json:"checkins"`
	Patrols        int    `json:"patrols"`
	Incidents      int    `json:"incidents"`
	Alerts         int    `json:"alerts"`
	Findings       int    `json:"findings"`
	PlansSubmitted int    `json:"plans_submitted"`
}

// RiskHost is a host with open signals.
type RiskHost struct {
	EnterpriseID uuid.UUID `json:"enterprise_id"`
	Name         string    `json:"name"`
	OpenAlerts   int       `json:"open_alerts"`
	Critical     int       `json:"critical"`
	OpenFindings int       `json:"open_findings"`
	Interns      int       `json:"interns"`
	Staff        int       `json:"staff"`
	Ratio        float64   `json:"ratio"`
}

// RiskPlacement is a placement with open signals.
type RiskPlacement struct {
	PlacementID    uuid.UUID `json:"placement_id"`
	Student        string    `json:"student"`
	SchoolName     string    `json:"school_name"`
	EnterpriseName string    `json:"enterprise_name"`
	OpenAlerts     int       `json:"open_alerts"`
	Critical       int       `json:"critical"`
	OpenIncidents  int       `json:"open_incidents"`
}

// Risk is the top of the hosts and placements with the most open signals.
type Risk struct {
	Hosts      []RiskHost      `json:"hosts"`
	Placements []RiskPlacement `json:"placements"`
}

// Overview is the dashboard of one scope (StatsOverview in OpenAPI).
type Overview struct {
	Scope       Scope      `json:"scope"`
	Crumbs      []Crumb    `json:"crumbs"`
	AsOf        string     `json:"as_of"`
	RefreshedAt *time.Time `json:"refreshed_at"`
	Totals      Figures    `json:"totals"`
	Children    []Child    `json:"children"`
	Schools     []School   `json:"schools"`
	Trends      []Week     `json:"trends"`
	Risk        Risk       `json:"risk"`
}

// RiskListSize is how many hosts and placements the risk list names.
const RiskListSize = 10

// Query is what the dashboard is asked for: a division (the auditor's own
// when empty) and optionally one school in it.
type Query struct {
	Division string
	SchoolID *uuid.UUID
}

// Overview answers the dashboard of q for the actor: a bureau auditor sees
// its division's subtree, a school administrator its own school. Anything
// outside is 404, as for every scoped read.
func (s *Service) Overview(ctx context.Context, actor auth.Actor, q Query) (Overview, error) {
	sc, err := s.resolve(ctx, actor, q)
	if err != nil {
		return Overview{}, err
	}
	return s.overview(ctx, sc)
}

func checkDivision(fe *apperr.FieldErrors, code string) {
	if code != "" && ids.CheckDivisionCodeFormat(code) != nil {
		fe.Add("division", "行政区划代码应为 6 位数字")
	}
}

// ParseQuery reads the query parameters, naming every malformed one.
func ParseQuery(division, school string) (Query, error) {
	q := Query{Division: division}
	var fe apperr.FieldErrors
	checkDivision(&fe, division)
	if school != "" {
		id, err := uuid.Parse(school)
		if err != nil {
			fe.Add("school", "学校编号无效")
		} else {
			q.SchoolID = &id
		}
	}
	return q, fe.Err("查询条件有误")
}

// resolved is a checked scope: the division and, for a school, the school.
type resolved struct {
	root     string // the actor's own division: where crumbs begin
	division division
	school   *schoolRef
}

type division struct {
	Code, Name, Level string
}

type schoolRef struct {
	ID           uuid.UUID
	Name         string
	DivisionCode string
}

func notFound() error { return apperr.NotFound("统计范围不存在或不在您的管辖范围内") }

func (s *Service) resolve(ctx context.Context, actor auth.Actor, q Query) (resolved, error) {
	var fe apperr.FieldErrors
	checkDivision(&fe, q.Division)
	if err := fe.Err("查询条件有误"); err != nil {
		return resolved{}, err
	}
	switch actor.Role {
	case auth.RoleBureauAuditor:
		root := actor.DivisionCode
		code := q.Division
		if code == "" {
			code = root
		}
		prefix := ids.DivisionPrefix(root)
		if prefix == "" || len(code) != 6 || code[:len(prefix)] != prefix {
			return resolved{}, notFound()
		}
		r := resolved{root: root}
		if q.SchoolID != nil {
			sch, err := schoolByID(ctx, s.read, *q.SchoolID)
			if err != nil {
				return resolved{}, err
			}
			// The school must lie in the asked division's subtree, itself in the auditor's.
			p := ids.DivisionPrefix(code)
			if sch == nil || p == "" || len(sch.DivisionCode) < len(p) || sch.DivisionCode[:len(p)] != p {
				return resolved{}, notFound()
			}
			r.school = sch
			code = sch.DivisionCode
		}
		d, err := divisionByCode(ctx, s.read, code)
		if err != nil {
			return resolved{}, err
		}
		if d == nil {
			return resolved{}, notFound()
		}
		r.division = *d
		return r, nil
	case auth.RoleSchoolAdmin:
		if actor.OrgID == nil || (q.SchoolID != nil && *q.SchoolID != *actor.OrgID) {
			return resolved{}, notFound()
		}
		sch, err := schoolByID(ctx, s.read, *actor.OrgID)
		if err != nil {
			return resolved{}, err
		}
		if sch == nil {
			return resolved{}, notFound()
		}
		d, err := divisionByCode(ctx, s.read, sch.DivisionCode)
		if err != nil || d == nil {
			return resolved{}, apperr.Internal(fmt.Errorf("stats: the division of school %s: %v", sch.ID, err))
		}
		return resolved{root: "", division: *d, school: sch}, nil
	}
	return resolved{}, apperr.Forbidden("无权查看数据看板")
}

// group sums units into one Figures.
type group struct {
	f           Figures
	reviewSum   float64
	oldest      *time.Time
	hosts       map[uuid.UUID]bool
	refreshedAt *time.Time
}

func newGroup() *group {
	return &group{f: emptyFigures(), hosts: map[uuid.UUID]bool{}}
}

func emptyFigures() Figures {
	return Figures{Plans: map[string]int{}, Placements: map[string]int{},
		Alerts:   AlertFigures{BySeverity: map[string]int{}, ByRule: map[string]int{}},
		Findings: FindingFigures{ByStatus: map[string]int{}}}
}

func (g *group) addUnit(u unitRow) {
	add := func(dst, src map[string]int) {
		for k, v := range src {
			dst[k] += v
		}
	}
	f := &g.f
	add(f.Plans, u.plans)
	add(f.Placements, u.placements)
	add(f.Alerts.BySeverity, u.bySeverity)
	add(f.Alerts.ByRule, u.byRule)
	add(f.Findings.ByStatus, u.findings)
	f.Review.Waiting += u.reviewWaiting
	g.reviewSum += u.reviewSumEpoch
	if u.reviewOldest != nil && (g.oldest == nil || u.reviewOldest.Before(*g.oldest)) {
		g.oldest = u.reviewOldest
	}
	f.Duty.TodayDue += u.dutyTodayDue
	f.Duty.TodayCovered += u.dutyTodayCovered
	f.Duty.WeekDue += u.dutyWeekDue
	f.Duty.WeekCovered += u.dutyWeekCovered
	f.PatrolGaps += u.patrolGaps
	f.Incidents.Total += u.incidentsTotal
	f.Incidents.Open += u.incidentsOpen
	f.Alerts.Open += u.alertsOpen
	f.Findings.Overdue += u.overdue
	if g.refreshedAt == nil || u.refreshedAt.Before(*g.refreshedAt) {
		at := u.refreshedAt
		g.refreshedAt = &at
	}
}

// addHost counts a host of the group's interns once, however many of the
// group's schools send interns there.
func (g *group) addHost(id uuid.UUID, interns int, e enterpriseRow) {
	if interns <= 0 || g.hosts[id] {
		return
	}
	g.hosts[id] = true
	g.f.Quota.Hosts++
	if e.overUnit {
		g.f.Quota.OverUnit++
	}
	g.f.Quota.OverPost += e.postsOver
}

// figures finishes the group at now: waiting days are taken at read time.
func (g *group) figures(now time.Time) Figures {
	f := g.f
	if f.Review.Waiting > 0 {
		nowEpoch := float64(now.UnixNano()) / 1e9
		f.Review.AvgWaitDays = round1((nowEpoch*float64(f.Review.Waiting) - g.reviewSum) / float64(f.Review.Waiting) / 86400)
	}
	if g.oldest != nil {
		f.Review.MaxWaitDays = round1(now.Sub(*g.oldest).Hours() / 24)
	}
	return f
}

func round1(x float64) float64 { return math.Round(math.Max(x, 0)*10) / 10 }

// childOf is the direct sub-division of d that holds division code c, or
// "" when c is d itself (a school or row at d's own level).
func childOf(d division, c string) string {
	if c == d.Code {
		return ""
	}
	switch d.Level {
	case ids.LevelProvince:
		return c[:4] + "00"
	case ids.LevelCity:
		return c
	}
	return ""
}

func (s *Service) overview(ctx context.Context, r resolved) (Overview, error) {
	now := s.clock.Now()
	today := clock.BusinessDay(now)
	data, err := readScope(ctx, s.read, s.units, r)
	if err != nil {
		return Overview{}, err
	}
	total := newGroup()
	children := map[string]*group{}
	for _, c := range data.children {
		children[c.Code] = newGroup()
	}
	schools := map[uuid.UUID]*group{}
	unitGroups := make([][]*group, len(data.units))
	for i, u := range data.units {
		gs := []*group{total}
		if r.school == nil {
			if c := childOf(r.division, u.division); c != "" {
				if g := children[c]; g != nil {
					gs = append(gs, g)
				}
			} else if u.schoolID != nil {
				g := newGroup()
				schools[*u.schoolID] = g
				gs = append(gs, g)
			}
		}
		for _, g := range gs {
			g.addUnit(u)
		}
		unitGroups[i] = gs
	}
	riskHosts, riskPlacements := riskOf(data.units)
	hostIDs := make([]uuid.UUID, len(riskHosts))
	for i, h := range riskHosts {
		hostIDs[i] = h.EnterpriseID
	}
	over, names, placementNames, err := hostsAndNames(ctx, s.read, hostIDs, idsOf(riskPlacements))
	if err != nil {
		return Overview{}, err
	}
	for i, u := range data.units {
		for _, h := range u.hosts {
			for _, g := range unitGroups[i] {
				g.addHost(h.EnterpriseID, h.Interns, over[h.EnterpriseID])
			}
		}
	}
	o := Overview{AsOf: today.String(), Totals: total.figures(now), RefreshedAt: total.refreshedAt,
		Children: []Child{}, Schools: []School{}, Trends: trendsOf(data.units, today),
		Risk: Risk{Hosts: []RiskHost{}, Placements: []RiskPlacement{}}}
	for _, c := range data.children {
		o.Children = append(o.Children, Child{Code: c.Code, Name: c.Name, Figures: children[c.Code].figures(now)})
	}
	for _, sch := range data.schoolNames {
		if g := schools[sch.ID]; g != nil {
			o.Schools = append(o.Schools, School{ID: sch.ID, Name: sch.Name, DivisionCode: sch.DivisionCode, Figures: g.figures(now)})
		}
	}
	for _, h := range riskHosts {
		e := names[h.EnterpriseID]
		h.Name, h.Interns, h.Staff = e.name, e.interns, e.staff
		if h.Staff > 0 {
			h.Ratio = float64(h.Interns) / float64(h.Staff)
		}
		o.Risk.Hosts = append(o.Risk.Hosts, h)
	}
	for _, p := range riskPlacements {
		named, ok := placementNames[p.PlacementID]
		if !ok {
			continue // gone since the refresh
		}
		named.OpenAlerts, named.Critical, named.OpenIncidents = p.OpenAlerts, p.Critical, p.OpenIncidents
		o.Risk.Placements = append(o.Risk.Placements, named)
	}
	o.Scope, o.Crumbs = scopeOf(r, data.path)
	return o, nil
}

// riskOf finds the top of the units' hosts and placements by open signals: a
// critical alert counts three times, an open finding twice (hosts), an
// unacknowledged incident three times (placements, riskRow.score).
func riskOf(units []unitRow) ([]RiskHost, []RiskPlacement) {
	hosts := map[uuid.UUID]*RiskHost{}
	var placements []RiskPlacement
	for _, u := range units {
		for _, h := range u.hosts {
			rh := hosts[h.EnterpriseID]
			if rh == nil {
				rh = &RiskHost{EnterpriseID: h.EnterpriseID}
				hosts[h.EnterpriseID] = rh
			}
			rh.OpenAlerts += h.OpenAlerts
			rh.Critical += h.Critical
			rh.OpenFindings += h.OpenFindings
		}
		for _, r := range u.risk {
			placements = append(placements, RiskPlacement{PlacementID: r.PlacementID, OpenAlerts: r.OpenAlerts,
				Critical: r.Critical, OpenIncidents: r.OpenIncidents})
		}
	}
	hostScore := func(h RiskHost) int { return h.OpenAlerts + 2*h.Critical + 2*h.OpenFindings }
	topHosts := topOf(RiskListSize, func(a, b RiskHost) bool {
		if x, y := hostScore(a), hostScore(b); x != y {
			return x > y
		}
		return bytes.Compare(a.EnterpriseID[:], b.EnterpriseID[:]) < 0
	})
	for _, h := range hosts {
		if h.OpenAlerts+h.OpenFindings > 0 {
			topHosts.offer(*h)
		}
	}
	placementScore := func(p RiskPlacement) int {
		return storedRisk{OpenAlerts: p.OpenAlerts, Critical: p.Critical, OpenIncidents: p.OpenIncidents}.score()
	}
	topPlacements := topOf(RiskListSize, func(a, b RiskPlacement) bool {
		if x, y := placementScore(a), placementScore(b); x != y {
			return x > y
		}
		return bytes.Compare(a.PlacementID[:], b.PlacementID[:]) < 0
	})
	for _, p := range placements {
		topPlacements.offer(p)
	}
	return topHosts.items, topPlacements.items
}

// top keeps the n best of what it is offered, best first: a province's
// risk list is ten out of thousands, which need no sorting.
type top[T any] struct {
	n      int
	better func(a, b T) bool
	items  []T
}

func topOf[T any](n int, better func(a, b T) bool) *top[T] {
	return &top[T]{n: n, better: better, items: make([]T, 0, n+1)}
}

func (t *top[T]) offer(x T) {
	if len(t.items) == t.n && !t.better(x, t.items[t.n-1]) {
		return
	}
	i := sort.Search(len(t.items), func(i int) bool { return t.better(x, t.items[i]) })
	t.items = append(t.items, x)
	copy(t.items[i+1:], t.items[i:])
	t.items[i] = x
	if len(t.items) > t.n {
		t.items = t.items[:t.n]
	}
}

func idsOf(ps []RiskPlacement) []uuid.UUID {
	out := make([]uuid.UUID, len(ps))
	for i, p := range ps {
		out[i] = p.PlacementID
	}
	return out
}

// trendsOf sums the units' weekly counts over the TrendWeeks weeks that end
// with today's.
func trendsOf(units []unitRow, today clock.Date) []Week {
	first := weekOf(today).AddDays(-7 * (TrendWeeks - 1))
	out := make([]Week, TrendWeeks)
	for i := range out {
		w := first.AddDays(7 * i).String()
		out[i].Week = w
		for _, u := range units {
			c, ok := u.weeks[w]
			if !ok {
				continue
			}
			out[i].Checkins += c[0]
			out[i].Patrols += c[1]
			out[i].Incidents += c[2]
			out[i].Alerts += c[3]
			out[i].Findings += c[4]
			out[i].PlansSubmitted += c[5]
		}
	}
	return out
}

// scopeOf names the scope and the path down to it.
func scopeOf(r resolved, path []division) (Scope, []Crumb) {
	level := r.division.Level
	sc := Scope{Kind: "division", Code: r.division.Code, Name: r.division.Name, Level: &level}
	crumbs := []Crumb{}
	for _, d := range path {
		crumbs = append(crumbs, Crumb{Code: d.Code, Name: d.Name})
	}
	if r.school != nil {
		id, name := r.school.ID, r.school.Name
		sc = Scope{Kind: "school", Code: r.school.DivisionCode, Name: name, SchoolID: &id, SchoolName: &name}
		crumbs = append(crumbs, Crumb{Code: r.school.DivisionCode, Name: name, SchoolID: &id})
	}
	return sc, crumbs
}
