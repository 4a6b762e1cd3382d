package duty

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/alerts/outbox"
	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/orgs"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/geo"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/sqlb"
)

// Orgs is what duty needs of the organisations below it; internal/app wires
// orgs.Service. Reads are unscoped (the duty service scopes) and run in the
// caller's transaction when given one.
type Orgs interface {
	UsersByID(ctx context.Context, db postgres.DBTX, ids []uuid.UUID) (map[uuid.UUID]orgs.User, error)
	EnterprisesByID(ctx context.Context, db postgres.DBTX, ids []uuid.UUID) (map[uuid.UUID]orgs.Enterprise, error)
	HostListOf(ctx context.Context, db postgres.DBTX, schoolID uuid.UUID) (map[uuid.UUID]orgs.Host, error)
}

var _ Orgs = (*orgs.Service)(nil)

// Service is the duty use cases.
type Service struct {
	pool  *pgxpool.Pool
	orgs  Orgs
	clock clock.Clock
}

// NewService builds the duty service.
func NewService(pool *pgxpool.Pool, orgsSvc Orgs, clk clock.Clock) *Service {
	return &Service{pool: pool, orgs: orgsSvc, clock: clk}
}

func notFound() error { return apperr.NotFound("值守安排不存在") }

// MaxRosterDays bounds a roster to about a school year; longer duty is a new roster.
const MaxRosterDays = 366

// NewRoster is a roster as the school assigns it.
type NewRoster struct {
	TeacherID    uuid.UUID
	EnterpriseID uuid.UUID
	StartsOn     clock.Date
	EndsOn       clock.Date
	Weekdays     []int
	WindowStart  TimeOfDay
	WindowEnd    TimeOfDay
}

// CreateRoster assigns a teacher of the actor's school to a host on its list.
// Every problem is named at once; nothing is written unless all are fixed.
func (s *Service) CreateRoster(ctx context.Context, actor auth.Actor, in NewRoster, fe apperr.FieldErrors) (Roster, error) {
	if actor.Role != auth.RoleSchoolAdmin || actor.OrgID == nil {
		return Roster{}, apperr.Forbidden("只有学校管理员可以安排值守")
	}
	school := *actor.OrgID
	var out Roster
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		users, err := s.orgs.UsersByID(ctx, tx, []uuid.UUID{in.TeacherID})
		if err != nil {
			return err
		}
		if u, ok := users[in.TeacherID]; in.TeacherID != uuid.Nil && (!ok || u.Role != auth.RoleTeacher || u.OrgID == nil || *u.OrgID != school) {
			fe.Add("teacher_id", "须为本校的实习指导教师")
		}
		if in.EnterpriseID != uuid.Nil {
			hosts, err := s.orgs.HostListOf(ctx, tx, school)
			if err != nil {
				return err
			}
			ents, err := s.orgs.EnterprisesByID(ctx, tx, []uuid.UUID{in.EnterpriseID})
			if err != nil {
				return err
			}
			switch e, ok := ents[in.EnterpriseID]; {
			case !ok || hosts[in.EnterpriseID].EnterpriseID == uuid.Nil:
				fe.Add("enterprise_id", "须为本校实习单位名单中的企业")
			case e.Lat == nil || e.Lng == nil:
				// Without a position no check-in can be judged in or out of the fence.
				fe.Add("enterprise_id", "该企业尚未登记地理位置，无法设置值守")
			}
		}
		if err := fe.Err("值守安排有误"); err != nil {
			return err
		}
		id := uuid.Must(uuid.NewV7())
		r := Roster{ID: id, SchoolID: school, TeacherID: in.TeacherID, EnterpriseID: in.EnterpriseID, StartsOn: in.StartsOn,
			EndsOn: in.EndsOn, Weekdays: in.Weekdays, WindowStart: in.WindowStart, WindowEnd: in.WindowEnd, Status: StatusActive,
			CreatedAt: s.clock.Now()}
		if err := insertRoster(ctx, tx, r, actor.UserID); err != nil {
			return err
		}
		if out, err = getRoster(ctx, tx, id, nil, false); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, ActionCreate, out, "")
	})
	return out, err
}

// CheckRosterDates names the problems of a roster's dates, weekdays and window.
func CheckRosterDates(in NewRoster, fe *apperr.FieldErrors) {
	if in.EndsOn.Before(in.StartsOn) {
		fe.Add("ends_on", "结束日期不能早于开始日期")
	} else if in.StartsOn.AddDays(MaxRosterDays).Before(in.EndsOn) {
		fe.Add("ends_on", "一次值守安排不能超过 366 天")
	}
	if len(in.Weekdays) == 0 || len(in.Weekdays) > 7 {
		fe.Add("weekdays", "请选择 1 到 7 个值守日")
	}
	seen := map[int]bool{}
	for _, d := range in.Weekdays {
		if d < 1 || d > 7 || seen[d] {
			fe.Add("weekdays", "值守日须为 1（周一）到 7（周日），且不能重复")
			break
		}
		seen[d] = true
	}
	if in.WindowEnd <= in.WindowStart {
		fe.Add("window_end", "值守结束时间须晚于开始时间")
	}
}

func (s *Service) record(ctx context.Context, tx pgx.Tx, actor auth.Actor, action Action, r Roster, before Status) error {
	after := map[string]any{"status": r.Status, "teacher_id": r.TeacherID, "enterprise_id": r.EnterpriseID,
		"starts_on": r.StartsOn.String(), "ends_on": r.EndsOn.String(), "weekdays": r.Weekdays,
		"window": r.WindowStart.String() + "–" + r.WindowEnd.String()}
	if r.CancelReason != nil {
		after["cancel_reason"] = *r.CancelReason
	}
	var b any
	if before != "" {
		b = map[string]any{"status": before}
	}
	return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "duty_roster." + string(action), SubjectType: "duty_roster",
		SubjectID: r.ID.String(), DivisionCode: r.SchoolDivision, Before: b, After: after})
}

// CancelRoster ends a roster early; its check-ins and past coverage stay.
func (s *Service) CancelRoster(ctx context.Context, actor auth.Actor, id uuid.UUID, reason string) (Roster, error) {
	reason, err := apperr.RequiredText("reason", "取消原因", reason, 500)
	if err != nil {
		return Roster{}, err
	}
	var out Roster
	err = postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		r, err := getRoster(ctx, tx, id, &actor, true)
		if err != nil {
			return err
		}
		before := r.Status
		if err := r.Apply(ActionCancel, actor.Role); err != nil {
			return err
		}
		now := s.clock.Now()
		r.CancelReason, r.CancelledAt = &reason, &now
		if err := saveRosterState(ctx, tx, r); err != nil {
			return err
		}
		out = r
		return s.record(ctx, tx, actor, ActionCancel, r, before)
	})
	return out, err
}

// ListRosters lists the rosters in the actor's scope.
func (s *Service) ListRosters(ctx context.Context, actor auth.Actor, f RosterFilter) ([]Roster, error) {
	return listRosters(ctx, s.pool, &actor, f)
}

// GetRoster reads one roster in the actor's scope.
func (s *Service) GetRoster(ctx context.Context, actor auth.Actor, id uuid.UUID) (Roster, error) {
	return getRoster(ctx, s.pool, id, &actor, false)
}

// TodayDuty is one roster that applies to the teacher today.
type TodayDuty struct {
	Roster   Roster
	Interns  int
	Status   string // pending, checked_in, checked_out, missed
	Checkins []Checkin
}

// Today lists the teacher's duties of the business day.
func (s *Service) Today(ctx context.Context, actor auth.Actor) (clock.Date, bool, []TodayDuty, error) {
	now := s.clock.Now()
	today := clock.BusinessDay(now)
	if actor.Role != auth.RoleTeacher {
		return today, false, nil, apperr.Forbidden("只有实习指导教师有值守任务")
	}
	cal, err := clock.LoadCalendar(ctx, s.pool, today, today)
	if err != nil {
		return today, false, nil, err
	}
	list, err := listRosters(ctx, s.pool, &actor, RosterFilter{TeacherID: &actor.UserID, Status: StatusActive, Day: &today, Limit: 50})
	if err != nil {
		return today, false, nil, err
	}
	list = slices.DeleteFunc(list, func(r Roster) bool { return !r.Covers(today) })
	ids := make([]uuid.UUID, len(list))
	for i, r := range list {
		ids[i] = r.ID
	}
	days, checkins, err := s.daysAndCheckins(ctx, ids, today, today)
	if err != nil {
		return today, false, nil, err
	}
	out := make([]TodayDuty, 0, len(list))
	for _, r := range list {
		d := TodayDuty{Roster: r, Checkins: checkins[r.ID], Status: "pending"}
		for _, sd := range days {
			if sd.RosterID == r.ID {
				d.Interns = sd.Interns
			}
		}
		for _, c := range d.Checkins {
			if c.Kind == KindIn && d.Status == "pending" {
				d.Status = "checked_in"
			}
			if c.Kind == KindOut {
				d.Status = "checked_out"
			}
		}
		if d.Status == "pending" && now.After(r.WindowEnd.On(today)) {
			d.Status = "missed"
		}
		out = append(out, d)
	}
	return today, !cal.IsWorkingDay(today), out, nil
}

// daysAndCheckins reads the site days of the rosters over [from, to] and
// their check-ins by roster.
func (s *Service) daysAndCheckins(ctx context.Context, ids []uuid.UUID, from, to clock.Date) ([]siteDay, map[uuid.UUID][]Checkin, error) {
	if len(ids) == 0 {
		return nil, nil, nil
	}
	w := sqlb.With()
	w.Add("dr.id = ANY (%s)", ids)
	days, err := siteDays(ctx, s.pool, w, from, to)
	if err != nil {
		return nil, nil, err
	}
	list, err := checkinsOf(ctx, s.pool, ids, from, to)
	if err != nil {
		return nil, nil, err
	}
	by := map[uuid.UUID][]Checkin{}
	for _, c := range list {
		by[c.RosterID] = append(by[c.RosterID], c)
	}
	return days, by, nil
}

// CheckinInput is one check-in or check-out as the phone sent it.
type CheckinInput struct {
	RosterID   uuid.UUID
	Kind       Kind
	Lat, Lng   float64
	AccuracyM  float64
	Datum      geo.Datum
	ClientTime time.Time
	SentAt     time.Time
	Note       string
	Key        string
	ClientIP   string
	UserAgent  string
}

// CheckinAnswer is the answer of POST /duty/checkins, stored with the row so
// a retry gets the same bytes.
type CheckinAnswer struct {
	ID         uuid.UUID `json:"id"`
	RosterID   uuid.UUID `json:"roster_id"`
	Kind       Kind      `json:"kind"`
	InFence    bool      `json:"in_fence"`
	DistanceM  int       `json:"distance_m"`
	Anomalies  []string  `json:"anomalies"`
	OccurredAt time.Time `json:"occurred_at"`
	DelayedS   int       `json:"delayed_s"`
}

// How far a phone's claims may stray before a check-in is bad input rather
// than a doubt: queued offline for at most a week, a clock at most a day
// ahead. A phone set to another year is told to fix its clock.
const (
	maxQueued    = 7 * 24 * time.Hour
	maxAheadSkew = 24 * time.Hour
)

var errKeyTaken = errors.New("duty: idempotency key taken")

// CheckIn records a check-in or check-out by the roster's teacher and answers
// the fence verdict and doubt signals. A request repeating an earlier key
// answers the earlier bytes and writes nothing; under a race exactly one
// request writes.
func (s *Service) CheckIn(ctx context.Context, actor auth.Actor, in CheckinInput) ([]byte, error) {
	if actor.Role != auth.RoleTeacher {
		return nil, apperr.Forbidden("只有实习指导教师可以值守打卡")
	}
	hash := requestHash(in)
	lat, lng, geoErr := geo.ToWGS84(in.Lat, in.Lng, in.Datum)
	received := s.clock.Now().UTC()
	// The act happened when the teacher pressed the button: the phone's
	// offset between pressing and sending, taken back from the server's time
	// of arrival, so a skewed phone clock moves nothing.
	occurred := received.Add(-in.SentAt.Sub(in.ClientTime))
	day := clock.BusinessDay(occurred)
	fix := Fix{Lat: lat, Lng: lng, AccuracyM: in.AccuracyM, At: occurred}
	// Read before the transaction, which only writes: inside it each read
	// would see its own snapshot too (READ COMMITTED), and the unique key on
	// insert still settles a race between two requests with one key. A
	// retry is answered before its content is judged again.
	var facts checkinFacts
	var err error
	if geoErr == nil {
		facts, err = readCheckinFacts(ctx, s.pool, actor.UserID, in.Key, in.RosterID, CoordKey(lat, lng), occurred, day)
	} else {
		facts.Stored, err = answerFor(ctx, s.pool, actor.UserID, in.Key)
	}
	if err != nil || facts.Stored != nil {
		return replay(facts.Stored, hash, err)
	}
	var fe apperr.FieldErrors
	switch {
	case in.SentAt.Before(in.ClientTime):
		fe.Add("sent_at", "发送时间不能早于打卡时间")
	case in.SentAt.Sub(in.ClientTime) > maxQueued:
		fe.Add("client_time", "离线打卡超过 7 天未上传，不能再补报")
	}
	if d := in.SentAt.Sub(received); d > maxAheadSkew || d < -maxAheadSkew {
		fe.Add("sent_at", "手机时间与当前时间相差超过一天，请校正手机时间后重试")
	}
	if geoErr != nil {
		fe.Add("lat", geoErr.Error())
	}
	if err := fe.Err("打卡信息有误"); err != nil {
		return nil, err
	}
	r, err := getRoster(ctx, s.pool, in.RosterID, &actor, false)
	if err != nil {
		return nil, err
	}
	if r.TeacherID != actor.UserID {
		return nil, notFound()
	}
	if r.Status != StatusActive {
		return nil, apperr.Conflict("ROSTER_CANCELLED", "该值守安排已取消，不能打卡")
	}
	distance, inFence := InFence(fix, r.Lat, r.Lng, r.FenceRadiusM)
	signals, err := s.signals(ctx, r, in, fix, day, received, facts)
	if err != nil {
		return nil, err
	}
	var body []byte
	err = postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		c := newCheckin{Checkin: Checkin{ID: uuid.Must(uuid.NewV7()), RosterID: r.ID, TeacherID: actor.UserID, Kind: in.Kind,
			Lat: lat, Lng: lng, AccuracyM: in.AccuracyM, DistanceM: distance, InFence: inFence, Anomalies: signals,
			Note: in.Note, ClientTime: in.ClientTime, SentAt: in.SentAt, OccurredAt: occurred, ReceivedAt: received, DutyDay: day},
			ReportedDatum: string(in.Datum), CoordKey: CoordKey(lat, lng), ClientIP: in.ClientIP, UserAgent: in.UserAgent,
			IdempotencyKey: in.Key, RequestHash: hash}
		answer := CheckinAnswer{ID: c.ID, RosterID: r.ID, Kind: in.Kind, InFence: inFence, DistanceM: distance,
			Anomalies: signals, OccurredAt: occurred, DelayedS: c.DelayedS()}
		if c.Answer, err = json.Marshal(answer); err != nil {
			return apperr.Internal(err)
		}
		wrote, err := insertCheckin(ctx, tx, c)
		if err != nil {
			return err
		}
		if !wrote {
			return errKeyTaken
		}
		body = c.Answer
		if err := audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "duty_checkin." + string(in.Kind), SubjectType: "duty_roster",
			SubjectID: r.ID.String(), DivisionCode: r.SchoolDivision, After: answer}); err != nil {
			return err
		}
		return raiseCheckinAlerts(ctx, tx, r, day, received, signals)
	})
	if errors.Is(err, errKeyTaken) {
		// A concurrent request with the same key committed first.
		a, err := answerFor(ctx, s.pool, actor.UserID, in.Key)
		if err == nil && a == nil {
			err = apperr.Internal(errors.New("duty: idempotency key taken but no row"))
		}
		return replay(a, hash, err)
	}
	return body, err
}

func replay(a *storedAnswer, hash string, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	if a.RequestHash != hash {
		return nil, &apperr.Error{Kind: apperr.KindRuleViolation, Code: "IDEMPOTENCY_MISMATCH",
			Message: "该幂等键已用于另一次内容不同的打卡，请为新的打卡生成新的键"}
	}
	return a.Answer, nil
}

// requestHash identifies what a request asked, so a key reused for another
// check-in is told apart from a retry. sent_at is left out: a phone that
// retries after a lost answer sends the same check-in at a later moment.
func requestHash(in CheckinInput) string {
	b, _ := json.Marshal([]any{in.RosterID, in.Kind, in.Lat, in.Lng, in.AccuracyM, in.Datum,
		in.ClientTime.UTC().Format(time.RFC3339Nano), in.Note})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// signals names the doubts about a check-in, in SignalNames order.
func (s *Service) signals(ctx context.Context, r Roster, in CheckinInput, fix Fix, day clock.Date, received time.Time,
	facts checkinFacts) ([]string, error) {
	arrangement := false
	if !facts.Calendar.IsWorkingDay(day) {
		w := sqlb.With()
		w.Add("dr.id = %s", r.ID)
		sd, err := siteDays(ctx, s.pool, w, day, day)
		if err != nil {
			return nil, err
		}
		arrangement = len(sd) == 1 && sd[0].Arrangement
	}
	raised := map[Signal]bool{
		AccuracyPoor:           IsAccuracyPoor(in.AccuracyM),
		SpeedImpossible:        IsSpeedImpossible(facts.Prev, fix),
		CoordsRepeated:         facts.CoordsRepeated,
		OutsideWindow:          IsOutsideWindow(r, fix.At),
		RestDay:                IsRestDay(facts.Calendar, day, arrangement),
		Night:                  IsNight(fix.At),
		ClockSkew:              IsClockSkew(in.SentAt, received),
		CheckoutWithoutCheckin: IsCheckoutWithoutCheckin(in.Kind, facts.CheckedIn),
	}
	out := []string{}
	for _, n := range SignalNames {
		if raised[n.Signal] {
			out = append(out, string(n.Signal))
		}
	}
	return out, nil
}

// CheckinFilter narrows a check-in list.
type CheckinFilter struct {
	RosterID uuid.UUID
	From, To clock.Date
}

// ListCheckins lists a roster's check-ins over a range, for those who see the roster.
func (s *Service) ListCheckins(ctx context.Context, actor auth.Actor, f CheckinFilter) ([]Checkin, error) {
	if _, err := getRoster(ctx, s.pool, f.RosterID, &actor, false); err != nil {
		return nil, err
	}
	return checkinsOf(ctx, s.pool, []uuid.UUID{f.RosterID}, f.From, f.To)
}

// Day statuses of coverage.
const (
	DayCovered  = "covered"
	DayMissed   = "missed"
	DayDoubtful = "doubtful"
	DayPending  = "pending"
)

// CoverageDay is one duty day of one roster.
type CoverageDay struct {
	Day      clock.Date
	Status   string
	Interns  int
	Checkins []Checkin
}

// CoverageRow is one roster's duty days.
type CoverageRow struct {
	Roster Roster
	Days   []CoverageDay
}

// MaxCoverageDays bounds one coverage request to about two months.
const MaxCoverageDays = 62

// CoverageFilter narrows coverage.
type CoverageFilter struct {
	From, To     clock.Date
	TeacherID    *uuid.UUID
	EnterpriseID *uuid.UUID
	// SchoolID lets a bureau look at one school of its subtree.
	SchoolID *uuid.UUID
}

// MaxCoverageRosters bounds one coverage answer; a bureau with more rosters
// narrows by school, teacher or host.
const MaxCoverageRosters = 500

// Coverage is, per roster in the actor's scope and duty day of [from, to],
// whether the teacher was there. A duty day is one the roster covers with
// interns on site that is a working day or a rest day a filed special
// arrangement lets them work.
// More reports whether rosters beyond MaxCoverageRosters were left out.
func (s *Service) Coverage(ctx context.Context, actor auth.Actor, f CoverageFilter) (rows []CoverageRow, more bool, err error) {
	if !actor.Is(auth.RoleSchoolAdmin, auth.RoleBureauAuditor, auth.RolePlatformAdmin, auth.RoleSystem) {
		return nil, false, apperr.Forbidden("无权查看值守覆盖情况")
	}
	scope := &actor
	if actor.Role == auth.RoleSystem {
		scope = nil
	}
	rf := RosterFilter{TeacherID: f.TeacherID, EnterpriseID: f.EnterpriseID}
	w := rosterWhere(scope, rf)
	w.Add("dr.starts_on <= %s AND dr.ends_on >= %s", pgDate(f.To), pgDate(f.From))
	if f.SchoolID != nil {
		w.Add("dr.school_id = %s", *f.SchoolID)
	}
	rosters, err := postgres.List(ctx, s.pool, "duty: coverage rosters", scanRoster,
		rosterSelect+" WHERE "+w.String()+" ORDER BY sch.name, tu.display_name, dr.id"+sqlb.Limit(MaxCoverageRosters+1), w.Args()...)
	if err != nil || len(rosters) == 0 {
		return nil, false, err
	}
	if more = len(rosters) > MaxCoverageRosters; more {
		rosters = rosters[:MaxCoverageRosters]
	}
	out, err := s.coverageOf(ctx, rosters, f.From, f.To)
	return out, more, err
}

// coverageOf judges the duty days of the rosters over [from, to].
func (s *Service) coverageOf(ctx context.Context, rosters []Roster, from, to clock.Date) ([]CoverageRow, error) {
	ids := make([]uuid.UUID, len(rosters))
	for i, r := range rosters {
		ids[i] = r.ID
	}
	days, checkins, err := s.daysAndCheckins(ctx, ids, from, to)
	if err != nil {
		return nil, err
	}
	cal, err := clock.LoadCalendar(ctx, s.pool, from, to)
	if err != nil {
		return nil, err
	}
	byRoster := map[uuid.UUID][]siteDay{}
	for _, d := range days {
		byRoster[d.RosterID] = append(byRoster[d.RosterID], d)
	}
	now := s.clock.Now()
	out := make([]CoverageRow, 0, len(rosters))
	for _, r := range rosters {
		row := CoverageRow{Roster: r, Days: []CoverageDay{}}
		for _, sd := range byRoster[r.ID] {
			if sd.Interns == 0 || (!cal.IsWorkingDay(sd.Day) && !sd.Arrangement) {
				continue
			}
			if !r.Owes(sd.Day) {
				continue
			}
			var cs []Checkin
			for _, c := range checkins[r.ID] {
				if c.DutyDay == sd.Day {
					cs = append(cs, c)
				}
			}
			row.Days = append(row.Days, CoverageDay{Day: sd.Day, Interns: sd.Interns, Checkins: cs,
				Status: DayStatus(r, sd.Day, cs, now)})
		}
		out = append(out, row)
	}
	return out, nil
}

// DayStatus judges one duty day: covered by a clean in-fence check-in,
// doubtful when the only check-ins are out of the fence or carry signals,
// missed once the window has ended without any, pending before that.
func DayStatus(r Roster, day clock.Date, checkins []Checkin, now time.Time) string {
	any := false
	for _, c := range checkins {
		if c.Kind != KindIn {
			continue
		}
		any = true
		if c.InFence && len(c.Anomalies) == 0 {
			return DayCovered
		}
	}
	switch {
	case any:
		return DayDoubtful
	case now.After(r.WindowEnd.On(day)):
		return DayMissed
	}
	return DayPending
}

// signalName is a signal in Chinese.
func signalName(s string) string {
	for _, n := range SignalNames {
		if string(n.Signal) == s {
			return n.Name
		}
	}
	return s
}

// describeSignals names the signals in Chinese, for to-dos.
func describeSignals(list []string) string {
	names := make([]string, len(list))
	for i, s := range list {
		names[i] = signalName(s)
	}
	return strings.Join(names, "、")
}

// raiseCheckinAlerts turns a check-in's doubts into alerts for the school:
// presence on a rest day or at night is A-RESTDAY-WORK (Art 17; the host
// must answer for it too), any other doubt A-CHECKIN-ANOMALY. One alert per
// roster, rule and duty day, however many check-ins raise it.
func raiseCheckinAlerts(ctx context.Context, tx pgx.Tx, r Roster, day clock.Date, at time.Time, signals []string) error {
	var work, doubts []string
	for _, n := range SignalNames {
		if !slices.Contains(signals, string(n.Signal)) {
			continue
		}
		if n.Signal == RestDay || n.Signal == Night {
			work = append(work, n.Name)
		} else {
			doubts = append(doubts, n.Name)
		}
	}
	school, ent := r.SchoolID, r.EnterpriseID
	base := outbox.Signal{SubjectType: "duty_roster", SubjectID: r.ID, Day: day, Link: "/duty/coverage", SchoolID: &school,
		DivisionCode: r.SchoolDivision, At: at}
	if len(work) > 0 {
		sig := base
		sig.Rule, sig.EnterpriseID = outbox.RestDayWork, &ent
		sig.Title = outbox.Title("%s %s在%s值守打卡：%s", day, r.TeacherName, r.EnterpriseName, strings.Join(work, "、"))
		sig.Detail = "第十七条：不得安排学生在法定节假日、休息日或夜间实习，确需安排的应有备案的特殊安排。"
		if err := outbox.Add(ctx, tx, sig); err != nil {
			return err
		}
	}
	if len(doubts) > 0 {
		sig := base
		sig.Rule = outbox.CheckinAnomaly
		sig.Title = outbox.Title("%s %s在%s的值守打卡存疑：%s", day, r.TeacherName, r.EnterpriseName, strings.Join(doubts, "、"))
		return outbox.Add(ctx, tx, sig)
	}
	return nil
}
