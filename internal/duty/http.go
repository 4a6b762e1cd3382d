package duty

import (
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/geo"
	"huhang/internal/platform/web"
)

type handlers struct{ svc *Service }

// Routes mounts the duty routes.
func Routes(authed *gin.RouterGroup, svc *Service) {
	h := handlers{svc}
	school := auth.RequireRole(auth.RoleSchoolAdmin)
	teacher := auth.RequireRole(auth.RoleTeacher)
	readers := auth.RequireRole(auth.RoleSchoolAdmin, auth.RoleTeacher, auth.RoleBureauAuditor, auth.RolePlatformAdmin)
	authed.POST("/duty/rosters", school, auth.BindAnswer(http.StatusCreated, h.createRoster))
	authed.GET("/duty/rosters", readers, auth.Answer(http.StatusOK, h.listRosters))
	authed.GET("/duty/rosters/:id", readers, auth.Answer(http.StatusOK, h.getRoster))
	authed.POST("/duty/rosters/:id/cancel", school, auth.BindAnswer(http.StatusOK, h.cancelRoster))
	authed.GET("/duty/today", teacher, auth.Answer(http.StatusOK, h.today))
	authed.POST("/duty/checkins", teacher, web.Handle(h.checkIn))
	authed.GET("/duty/checkins", readers, auth.Answer(http.StatusOK, h.listCheckins))
	authed.GET("/duty/coverage", auth.RequireRole(auth.RoleSchoolAdmin, auth.RoleBureauAuditor, auth.RolePlatformAdmin),
		auth.Answer(http.StatusOK, h.coverage))
}

type rosterJSON struct {
	ID             uuid.UUID  `json:"id"`
	SchoolID       uuid.UUID  `json:"school_id"`
	SchoolName     string     `json:"school_name"`
	TeacherID      uuid.UUID  `json:"teacher_id"`
	TeacherName    string     `json:"teacher_name"`
	EnterpriseID   uuid.UUID  `json:"enterprise_id"`
	EnterpriseName string     `json:"enterprise_name"`
	Address        string     `json:"address"`
	Lat            float64    `json:"lat"`
	Lng            float64    `json:"lng"`
	FenceRadiusM   int        `json:"fence_radius_m"`
	StartsOn       string     `json:"starts_on"`
	EndsOn         string     `json:"ends_on"`
	Weekdays       []int      `json:"weekdays"`
	WindowStart    string     `json:"window_start"`
	WindowEnd      string     `json:"window_end"`
	Status         Status     `json:"status"`
	CancelReason   *string    `json:"cancel_reason"`
	CancelledAt    *time.Time `json:"cancelled_at"`
	CreatedAt      time.Time  `json:"created_at"`
}

func toRosterJSON(r Roster) rosterJSON {
	return rosterJSON{ID: r.ID, SchoolID: r.SchoolID, SchoolName: r.SchoolName, TeacherID: r.TeacherID, TeacherName: r.TeacherName,
		EnterpriseID: r.EnterpriseID, EnterpriseName: r.EnterpriseName, Address: r.Address, Lat: r.Lat, Lng: r.Lng,
		FenceRadiusM: r.FenceRadiusM, StartsOn: r.StartsOn.String(), EndsOn: r.EndsOn.String(), Weekdays: r.Weekdays,
		WindowStart: r.WindowStart.String(), WindowEnd: r.WindowEnd.String(), Status: r.Status, CancelReason: r.CancelReason, CancelledAt: r.CancelledAt,
		CreatedAt: r.CreatedAt}
}

type checkinJSON struct {
	ID          uuid.UUID `json:"id"`
	RosterID    uuid.UUID `json:"roster_id"`
	TeacherName string    `json:"teacher_name"`
	Kind        Kind      `json:"kind"`
	OccurredAt  time.Time `json:"occurred_at"`
	ReceivedAt  time.Time `json:"received_at"`
	InFence     bool      `json:"in_fence"`
	DistanceM   int       `json:"distance_m"`
	AccuracyM   float64   `json:"accuracy_m"`
	Anomalies   []string  `json:"anomalies"`
	Note        string    `json:"note"`
	DelayedS    int       `json:"delayed_s"`
}

func toCheckinJSON(c Checkin) checkinJSON {
	a := c.Anomalies
	if a == nil {
		a = []string{}
	}
	return checkinJSON{ID: c.ID, RosterID: c.RosterID, TeacherName: c.TeacherName, Kind: c.Kind, OccurredAt: c.OccurredAt,
		ReceivedAt: c.ReceivedAt, InFence: c.InFence, DistanceM: c.DistanceM, AccuracyM: c.AccuracyM, Anomalies: a,
		Note: c.Note, DelayedS: c.DelayedS()}
}

type rosterRequest struct {
	TeacherID    string `json:"teacher_id"`
	EnterpriseID string `json:"enterprise_id"`
	StartsOn     string `json:"starts_on"`
	EndsOn       string `json:"ends_on"`
	Weekdays     []int  `json:"weekdays"`
	WindowStart  string `json:"window_start"`
	WindowEnd    string `json:"window_end"`
}

func (h handlers) createRoster(c *gin.Context, a auth.Actor, req rosterRequest) (rosterJSON, error) {
	var fe apperr.FieldErrors
	in := NewRoster{Weekdays: req.Weekdays,
		TeacherID:    parseID(&fe, "teacher_id", "实习指导教师", req.TeacherID),
		EnterpriseID: parseID(&fe, "enterprise_id", "值守单位", req.EnterpriseID),
		StartsOn:     parseDate(&fe, "starts_on", "开始日期", req.StartsOn),
		EndsOn:       parseDate(&fe, "ends_on", "结束日期", req.EndsOn),
		WindowStart:  parseTime(&fe, "window_start", "值守开始时间", req.WindowStart),
		WindowEnd:    parseTime(&fe, "window_end", "值守结束时间", req.WindowEnd),
	}
	if !fe.Has("starts_on") && !fe.Has("ends_on") && !fe.Has("window_start") && !fe.Has("window_end") {
		CheckRosterDates(in, &fe)
	} else if len(in.Weekdays) == 0 {
		fe.Add("weekdays", "请选择 1 到 7 个值守日")
	}
	r, err := h.svc.CreateRoster(c.Request.Context(), a, in, fe)
	return toRosterJSON(r), err
}

func parseID(fe *apperr.FieldErrors, field, label, raw string) uuid.UUID {
	if raw == "" {
		fe.Add(field, "请选择"+label)
		return uuid.Nil
	}
	id, err := uuid.Parse(raw)
	if err != nil {
		fe.Add(field, label+"编号无效")
	}
	return id
}

func parseDate(fe *apperr.FieldErrors, field, label, raw string) clock.Date {
	d, err := clock.ParseDate(raw)
	if err != nil {
		fe.Add(field, label+"须为 YYYY-MM-DD 格式的有效日期")
	}
	return d
}

func parseTime(fe *apperr.FieldErrors, field, label, raw string) TimeOfDay {
	t, err := ParseTimeOfDay(raw)
	if err != nil {
		fe.Add(field, label+"须为 HH:MM 格式")
	}
	return t
}

func (h handlers) listRosters(c *gin.Context, a auth.Actor) (web.ListBody[rosterJSON], error) {
	page, err := web.PageFrom(c)
	if err != nil {
		return web.ListBody[rosterJSON]{}, err
	}
	f := RosterFilter{Status: Status(c.Query("status")), After: page.After, Limit: page.Fetch()}
	var fe apperr.FieldErrors
	if _, ok := statusNames[f.Status]; f.Status != "" && !ok {
		fe.Add("status", "未知状态")
	}
	f.TeacherID = optionalID(c, &fe, "teacher_id")
	f.EnterpriseID = optionalID(c, &fe, "enterprise_id")
	if err := fe.Err("查询条件有误"); err != nil {
		return web.ListBody[rosterJSON]{}, err
	}
	list, err := h.svc.ListRosters(c.Request.Context(), a, f)
	return web.Paged(web.Map(list, toRosterJSON), page, func(r rosterJSON) string { return r.ID.String() }), err
}

func optionalID(c *gin.Context, fe *apperr.FieldErrors, name string) *uuid.UUID {
	raw := c.Query(name)
	if raw == "" {
		return nil
	}
	id, err := uuid.Parse(raw)
	if err != nil {
		fe.Add(name, "编号无效")
		return nil
	}
	return &id
}

func (h handlers) getRoster(c *gin.Context, a auth.Actor) (rosterJSON, error) {
	return web.ByPathID(c, func(id uuid.UUID) (Roster, error) { return h.svc.GetRoster(c.Request.Context(), a, id) }, toRosterJSON)
}

type cancelRequest struct {
	Reason string `json:"reason"`
}

func (h handlers) cancelRoster(c *gin.Context, a auth.Actor, req cancelRequest) (rosterJSON, error) {
	return web.ByPathID(c, func(id uuid.UUID) (Roster, error) { return h.svc.CancelRoster(c.Request.Context(), a, id, req.Reason) }, toRosterJSON)
}

type todayItemJSON struct {
	Roster   rosterJSON    `json:"roster"`
	Interns  int           `json:"interns"`
	Status   string        `json:"status"`
	Checkins []checkinJSON `json:"checkins"`
}

type todayJSON struct {
	Date    string          `json:"date"`
	RestDay bool            `json:"rest_day"`
	Items   []todayItemJSON `json:"items"`
}

func (h handlers) today(c *gin.Context, a auth.Actor) (todayJSON, error) {
	day, rest, list, err := h.svc.Today(c.Request.Context(), a)
	out := todayJSON{Date: day.String(), RestDay: rest, Items: make([]todayItemJSON, 0, len(list))}
	for _, d := range list {
		out.Items = append(out.Items, todayItemJSON{Roster: toRosterJSON(d.Roster), Interns: d.Interns, Status: d.Status,
			Checkins: web.Map(d.Checkins, toCheckinJSON)})
	}
	return out, err
}

type checkinRequest struct {
	RosterID   string   `json:"roster_id"`
	Kind       string   `json:"kind"`
	Lat        *float64 `json:"lat"`
	Lng        *float64 `json:"lng"`
	AccuracyM  *float64 `json:"accuracy_m"`
	Datum      string   `json:"datum"`
	ClientTime string   `json:"client_time"`
	SentAt     string   `json:"sent_at"`
	Note       string   `json:"note"`
}

// idempotencyKey is what a phone generates once per check-in (a UUID fits).
var idempotencyKey = regexp.MustCompile(`^[A-Za-z0-9_-]{8,64}$`)

// maxNoteRunes bounds the optional note a teacher adds to a check-in.
const maxNoteRunes = 500

// checkIn answers the stored bytes itself: a retry must get the first
// answer byte for byte.
func (h handlers) checkIn(c *gin.Context) error {
	a, err := auth.MustActor(c.Request.Context())
	if err != nil {
		return err
	}
	var req checkinRequest
	if err := web.BindJSON(c, &req); err != nil {
		return err
	}
	in, err := checkinInput(c, req)
	if err != nil {
		return err
	}
	body, err := h.svc.CheckIn(c.Request.Context(), a, in)
	if err != nil {
		return err
	}
	c.Data(http.StatusCreated, "application/json; charset=utf-8", body)
	return nil
}

func checkinInput(c *gin.Context, req checkinRequest) (CheckinInput, error) {
	var fe apperr.FieldErrors
	in := CheckinInput{Kind: Kind(req.Kind), Key: c.GetHeader("Idempotency-Key"), Note: strings.TrimSpace(req.Note),
		ClientIP: c.ClientIP(), UserAgent: truncate(c.Request.UserAgent(), 300)}
	if !idempotencyKey.MatchString(in.Key) {
		fe.Add("Idempotency-Key", "请求头 Idempotency-Key 必填，为 8–64 位字母、数字、下划线或连字符")
	}
	in.RosterID = parseID(&fe, "roster_id", "值守安排", req.RosterID)
	if in.Kind != KindIn && in.Kind != KindOut {
		fe.Add("kind", "打卡类型须为 in（签到）或 out（签退）")
	}
	switch {
	case req.Lat == nil:
		fe.Add("lat", "纬度必填")
	case req.Lng == nil:
		fe.Add("lng", "经度必填")
	default:
		for _, p := range geo.CheckCoordinates(*req.Lat, *req.Lng) {
			fe.Add(p.Field, p.Message)
		}
		in.Lat, in.Lng = *req.Lat, *req.Lng
	}
	if req.Lat == nil && req.Lng == nil {
		fe.Add("lng", "经度必填")
	}
	if req.AccuracyM == nil || *req.AccuracyM < 0 || *req.AccuracyM > 1e6 {
		fe.Add("accuracy_m", "定位精度须为 0 到 1000000 米之间的数值")
	} else {
		in.AccuracyM = *req.AccuracyM
	}
	var err error
	if in.Datum, err = geo.ParseDatum(req.Datum); err != nil {
		fe.Add("datum", err.Error())
	}
	if in.ClientTime, err = time.Parse(time.RFC3339Nano, req.ClientTime); err != nil {
		fe.Add("client_time", "打卡时间须为带时区的 RFC 3339 时间")
	}
	in.SentAt = in.ClientTime
	if req.SentAt != "" {
		if in.SentAt, err = time.Parse(time.RFC3339Nano, req.SentAt); err != nil {
			fe.Add("sent_at", "发送时间须为带时区的 RFC 3339 时间")
		}
	}
	if len([]rune(in.Note)) > maxNoteRunes {
		fe.Add("note", "备注不能超过 500 个字符")
	}
	return in, fe.Err("打卡信息有误")
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// dateRange reads from and to, defaulting to the fortnight up to today, at
// most span days apart.
func dateRange(c *gin.Context, fe *apperr.FieldErrors, today clock.Date, span int) (clock.Date, clock.Date) {
	from, to := today.AddDays(-13), today
	if raw := c.Query("from"); raw != "" {
		from = parseDate(fe, "from", "开始日期", raw)
	}
	if raw := c.Query("to"); raw != "" {
		to = parseDate(fe, "to", "结束日期", raw)
	}
	if !fe.Has("from") && !fe.Has("to") {
		if to.Before(from) {
			fe.Add("to", "结束日期不能早于开始日期")
		} else if from.AddDays(span - 1).Before(to) {
			fe.Add("to", "一次最多查询 62 天")
		}
	}
	return from, to
}

func (h handlers) listCheckins(c *gin.Context, a auth.Actor) (web.ListBody[checkinJSON], error) {
	var fe apperr.FieldErrors
	f := CheckinFilter{RosterID: parseID(&fe, "roster_id", "值守安排", c.Query("roster_id"))}
	f.From, f.To = dateRange(c, &fe, clock.BusinessDay(h.svc.clock.Now()), MaxCoverageDays)
	if err := fe.Err("查询条件有误"); err != nil {
		return web.ListBody[checkinJSON]{}, err
	}
	list, err := h.svc.ListCheckins(c.Request.Context(), a, f)
	return web.ListBody[checkinJSON]{Items: web.Map(list, toCheckinJSON)}, err
}

type coverageDayJSON struct {
	Day      string        `json:"day"`
	Status   string        `json:"status"`
	Interns  int           `json:"interns"`
	Checkins []checkinJSON `json:"checkins"`
}

type coverageRowJSON struct {
	RosterID       uuid.UUID         `json:"roster_id"`
	RosterStatus   Status            `json:"roster_status"`
	TeacherID      uuid.UUID         `json:"teacher_id"`
	TeacherName    string            `json:"teacher_name"`
	EnterpriseID   uuid.UUID         `json:"enterprise_id"`
	EnterpriseName string            `json:"enterprise_name"`
	SchoolID       uuid.UUID         `json:"school_id"`
	SchoolName     string            `json:"school_name"`
	WindowStart    string            `json:"window_start"`
	WindowEnd      string            `json:"window_end"`
	Days           []coverageDayJSON `json:"days"`
}

type coverageJSON struct {
	From   string            `json:"from"`
	To     string            `json:"to"`
	Rows   []coverageRowJSON `json:"rows"`
	Totals map[string]int    `json:"totals"`
	// More: rosters beyond the first 500 were left out; narrow the filter.
	More bool `json:"more"`
}

func (h handlers) coverage(c *gin.Context, a auth.Actor) (coverageJSON, error) {
	var fe apperr.FieldErrors
	var f CoverageFilter
	f.From, f.To = dateRange(c, &fe, clock.BusinessDay(h.svc.clock.Now()), MaxCoverageDays)
	f.TeacherID = optionalID(c, &fe, "teacher_id")
	f.EnterpriseID = optionalID(c, &fe, "enterprise_id")
	f.SchoolID = optionalID(c, &fe, "school_id")
	if err := fe.Err("查询条件有误"); err != nil {
		return coverageJSON{}, err
	}
	rows, more, err := h.svc.Coverage(c.Request.Context(), a, f)
	out := coverageJSON{From: f.From.String(), To: f.To.String(), Rows: make([]coverageRowJSON, 0, len(rows)), More: more,
		Totals: map[string]int{DayCovered: 0, DayMissed: 0, DayDoubtful: 0, DayPending: 0}}
	for _, row := range rows {
		r := row.Roster
		j := coverageRowJSON{RosterID: r.ID, RosterStatus: r.Status, TeacherID: r.TeacherID, TeacherName: r.TeacherName,
			EnterpriseID: r.EnterpriseID, EnterpriseName: r.EnterpriseName, SchoolID: r.SchoolID, SchoolName: r.SchoolName,
			WindowStart: r.WindowStart.String(), WindowEnd: r.WindowEnd.String(), Days: make([]coverageDayJSON, 0, len(row.Days))}
		for _, d := range row.Days {
			j.Days = append(j.Days, coverageDayJSON{Day: d.Day.String(), Status: d.Status, Interns: d.Interns,
				Checkins: web.Map(d.Checkins, toCheckinJSON)})
			out.Totals[d.Status]++
		}
		out.Rows = append(out.Rows, j)
	}
	return out, err
}
