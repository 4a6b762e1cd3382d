package duty

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/auth"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/sqlb"
)

// involvedRoster says whom a roster row (dr) concerns: its school's division,
// its school, and its teacher. Hosts and students are not on duty rosters.
var involvedRoster = auth.Involved{
	Division: "dr.school_id = ANY (ARRAY(SELECT so.id FROM orgs so WHERE so.kind = 'school' AND so.division_code ~>=~ %[1]s AND so.division_code ~<~ %[2]s))",
	School:   "dr.school_id = %s",
	Teacher:  "dr.teacher_id = %s",
}

// rosterSelect reads the teacher's, school's and site's names and the
// site's fence beside the roster (orgs is below duty).
const rosterSelect = `
	SELECT dr.id, dr.school_id, sch.name, sch.division_code, dr.teacher_id, tu.display_name, dr.enterprise_id, eo.name,
	       e.address, COALESCE(e.lat, 0), COALESCE(e.lng, 0), e.fence_radius_m, dr.starts_on, dr.ends_on, dr.weekdays,
	       EXTRACT(hour FROM dr.window_start)::int * 60 + EXTRACT(minute FROM dr.window_start)::int,
	       EXTRACT(hour FROM dr.window_end)::int * 60 + EXTRACT(minute FROM dr.window_end)::int,
	       dr.status, dr.cancel_reason, dr.cancelled_at, dr.created_at
	FROM duty_rosters dr
	JOIN orgs sch ON sch.id = dr.school_id
	JOIN users tu ON tu.id = dr.teacher_id
	JOIN orgs eo ON eo.id = dr.enterprise_id
	JOIN enterprises e ON e.org_id = dr.enterprise_id`

func scanRoster(row pgx.Row) (Roster, error) {
	var r Roster
	var starts, ends time.Time
	var weekdays []int16
	var ws, we int
	err := row.Scan(&r.ID, &r.SchoolID, &r.SchoolName, &r.SchoolDivision, &r.TeacherID, &r.TeacherName, &r.EnterpriseID,
		&r.EnterpriseName, &r.Address, &r.Lat, &r.Lng, &r.FenceRadiusM, &starts, &ends, &weekdays, &ws, &we,
		&r.Status, &r.CancelReason, &r.CancelledAt, &r.CreatedAt)
	if err != nil {
		return r, err
	}
	r.StartsOn, r.EndsOn = dateOf(starts), dateOf(ends)
	r.WindowStart, r.WindowEnd = TimeOfDay(ws), TimeOfDay(we)
	for _, d := range weekdays {
		r.Weekdays = append(r.Weekdays, int(d))
	}
	return r, nil
}

// dateOf reads a PostgreSQL date, which pgx returns as midnight UTC.
func dateOf(t time.Time) clock.Date {
	return clock.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

func pgDate(d clock.Date) time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// RosterFilter narrows a roster list.
type RosterFilter struct {
	TeacherID    *uuid.UUID
	EnterpriseID *uuid.UUID
	Status       Status
	// Day keeps the rosters whose range includes it.
	Day   *clock.Date
	After *uuid.UUID
	Limit int
}

func rosterWhere(scope *auth.Actor, f RosterFilter) *sqlb.Where {
	w := sqlb.With()
	if f.TeacherID != nil {
		w.Add("dr.teacher_id = %s", *f.TeacherID)
	}
	if f.EnterpriseID != nil {
		w.Add("dr.enterprise_id = %s", *f.EnterpriseID)
	}
	if f.Status != "" {
		w.Add("dr.status = %s", string(f.Status))
	}
	if f.Day != nil {
		w.Add("dr.starts_on <= %s AND dr.ends_on >= %s", pgDate(*f.Day), pgDate(*f.Day))
	}
	if f.After != nil {
		w.Add("dr.id > %s", *f.After)
	}
	if scope != nil {
		scope.Scope(w, involvedRoster)
	}
	return w
}

func listRosters(ctx context.Context, db postgres.DBTX, scope *auth.Actor, f RosterFilter) ([]Roster, error) {
	w := rosterWhere(scope, f)
	return postgres.List(ctx, db, "duty: rosters", scanRoster,
		rosterSelect+" WHERE "+w.String()+" ORDER BY dr.id"+sqlb.Limit(f.Limit), w.Args()...)
}

// getRoster reads one roster within scope (nil: unscoped), locking it when asked.
func getRoster(ctx context.Context, db postgres.DBTX, id uuid.UUID, scope *auth.Actor, lock bool) (Roster, error) {
	w := sqlb.With()
	w.Add("dr.id = %s", id)
	if scope != nil {
		scope.Scope(w, involvedRoster)
	}
	q := rosterSelect + " WHERE " + w.String()
	if lock {
		q += " FOR UPDATE OF dr"
	}
	r, err := scanRoster(db.QueryRow(ctx, q, w.Args()...))
	if errors.Is(err, pgx.ErrNoRows) {
		return r, notFound()
	}
	return r, postgres.Translate(err, "duty: get roster")
}

func insertRoster(ctx context.Context, db postgres.DBTX, r Roster, by uuid.UUID) error {
	_, err := db.Exec(ctx, `INSERT INTO duty_rosters (id, school_id, teacher_id, enterprise_id, starts_on, ends_on, weekdays,
		window_start, window_end, status, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, make_time($8, $9, 0), make_time($10, $11, 0), $12, $13, $14, $14)`,
		r.ID, r.SchoolID, r.TeacherID, r.EnterpriseID, pgDate(r.StartsOn), pgDate(r.EndsOn), r.Weekdays,
		int(r.WindowStart)/60, int(r.WindowStart)%60, int(r.WindowEnd)/60, int(r.WindowEnd)%60, r.Status, by, r.CreatedAt)
	return postgres.Translate(err, "duty: insert roster")
}

func saveRosterState(ctx context.Context, db postgres.DBTX, r Roster) error {
	_, err := db.Exec(ctx, `UPDATE duty_rosters SET status = $2, cancel_reason = $3, cancelled_at = $4, updated_at = now() WHERE id = $1`,
		r.ID, r.Status, r.CancelReason, r.CancelledAt)
	return postgres.Translate(err, "duty: save roster")
}

// internsOnSite is the condition "placement pl is one of roster dr's interns
// on day %s": the school's placements at the host that had started (been
// activated) by that day and had not ended before it.
const internsOnSite = `pl.school_id = dr.school_id AND pl.enterprise_id = dr.enterprise_id
	AND pl.status IN ('active', 'completed', 'terminated', 'transferred')
	AND (pl.activated_at AT TIME ZONE 'Asia/Shanghai')::date <= d.day
	AND d.day <= LEAST(pl.ends_on, COALESCE((pl.ended_at AT TIME ZONE 'Asia/Shanghai')::date, pl.ends_on))`

// InternsOnSite is the same condition for the domains above duty that list a
// roster's interns (supervision's daily patrol), so "who is on site" has one
// definition. It needs dr (the roster), pl (placements) and d.day.
const InternsOnSite = internsOnSite

// siteDay is what a roster owes on one day: the interns on site and whether
// a filed special arrangement (Art 17) lets any of them work on a rest day.
type siteDay struct {
	RosterID    uuid.UUID
	Day         clock.Date
	Interns     int
	Arrangement bool
}

// siteDays lists, for the rosters in w (over dr) and every day of [from, to]
// each covers (range and weekdays), the interns on site and the filed
// rest-day arrangements. Reads placements and plans (below duty); the
// alerts' A-DUTY-MISSED scan reads coverage through it too.
func siteDays(ctx context.Context, db postgres.DBTX, w *sqlb.Where, from, to clock.Date) ([]siteDay, error) {
	lo, hi := w.Arg(pgDate(from)), w.Arg(pgDate(to))
	rows, err := db.Query(ctx, `
		WITH d AS (
			SELECT dr.id AS roster_id, gs::date AS day
			FROM duty_rosters dr,
			     generate_series(GREATEST(dr.starts_on, `+lo+`::date), LEAST(dr.ends_on, `+hi+`::date), interval '1 day') gs
			WHERE `+w.String()+` AND dr.starts_on <= `+hi+`::date AND dr.ends_on >= `+lo+`::date
			  AND EXTRACT(isodow FROM gs)::int = ANY (dr.weekdays)
		)
		SELECT d.roster_id, d.day,
		       (SELECT count(*) FROM placements pl WHERE `+internsOnSite+`)::int,
		       EXISTS (SELECT 1 FROM placements pl
		               JOIN plans p ON p.id = pl.plan_id AND p.status IN ('approved', 'in_progress', 'completed')
		               JOIN plan_special_arrangements sa ON sa.plan_id = pl.plan_id AND sa.post_id = pl.post_id AND sa.covers = 'restday'
		               WHERE `+internsOnSite+`)
		FROM d JOIN duty_rosters dr ON dr.id = d.roster_id
		ORDER BY d.roster_id, d.day`, w.Args()...)
	if err != nil {
		return nil, postgres.Translate(err, "duty: site days")
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (siteDay, error) {
		var s siteDay
		var day time.Time
		err := r.Scan(&s.RosterID, &day, &s.Interns, &s.Arrangement)
		s.Day = dateOf(day)
		return s, err
	})
	return out, postgres.Translate(err, "duty: site days")
}

const checkinSelect = `
	SELECT c.id, c.roster_id, c.teacher_id, u.display_name, c.kind, c.lat, c.lng, c.accuracy_m, c.distance_m, c.in_fence,
	       c.anomalies, c.note, c.client_time, c.sent_at, c.occurred_at, c.received_at, c.duty_day
	FROM duty_checkins c JOIN users u ON u.id = c.teacher_id`

func scanCheckin(row pgx.Row) (Checkin, error) {
	var c Checkin
	var day time.Time
	err := row.Scan(&c.ID, &c.RosterID, &c.TeacherID, &c.TeacherName, &c.Kind, &c.Lat, &c.Lng, &c.AccuracyM, &c.DistanceM,
		&c.InFence, &c.Anomalies, &c.Note, &c.ClientTime, &c.SentAt, &c.OccurredAt, &c.ReceivedAt, &day)
	c.DutyDay = dateOf(day)
	return c, err
}

// checkinsOf lists the check-ins of the rosters on the days of [from, to],
// oldest first.
func checkinsOf(ctx context.Context, db postgres.DBTX, rosterIDs []uuid.UUID, from, to clock.Date) ([]Checkin, error) {
	return postgres.List(ctx, db, "duty: checkins", scanCheckin,
		checkinSelect+` WHERE c.roster_id = ANY($1) AND c.duty_day BETWEEN $2 AND $3 ORDER BY c.occurred_at, c.id`,
		rosterIDs, pgDate(from), pgDate(to))
}

// storedAnswer is what an earlier request with the same key was answered.
type storedAnswer struct {
	RequestHash string
	Answer      []byte
}

func answerFor(ctx context.Context, db postgres.DBTX, teacherID uuid.UUID, key string) (*storedAnswer, error) {
	var a storedAnswer
	err := db.QueryRow(ctx, `SELECT request_hash, answer FROM duty_checkins WHERE teacher_id = $1 AND idempotency_key = $2`,
		teacherID, key).Scan(&a.RequestHash, &a.Answer)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, postgres.Translate(err, "duty: stored answer")
	}
	return &a, nil
}

// checkinFacts is what the stored rows say about a new check-in: the answer
// to an earlier request with its key, and what its doubt signals are judged
// by.
type checkinFacts struct {
	Stored *storedAnswer
	// Prev is the teacher's latest event up to the new one, at any site.
	Prev *Fix
	// CoordsRepeated: the same position to six decimals was reported by
	// another teacher, or by this one on another day.
	CoordsRepeated bool
	// CheckedIn: the roster has a check-in on the day.
	CheckedIn bool
	// Calendar holds the day's entry of the official calendar, if any.
	Calendar *clock.Calendar
}

// readCheckinFacts reads a check-in's facts in one statement. Every teacher
// of a city checks in around 08:00, and each statement is a round trip and
// an execution in PostgreSQL: read one by one, these five cost more than the
// INSERT they precede (docs/performance.md).
func readCheckinFacts(ctx context.Context, db postgres.DBTX, teacherID uuid.UUID, key string, rosterID uuid.UUID,
	coordKey string, at time.Time, day clock.Date) (checkinFacts, error) {
	var f checkinFacts
	var hash, calKind, calName *string
	var answer []byte
	var prevLat, prevLng, prevAccuracy *float64
	var prevAt *time.Time
	err := db.QueryRow(ctx, `
		SELECT a.request_hash, a.answer, p.lat, p.lng, p.accuracy_m, p.occurred_at,
		       EXISTS (SELECT 1 FROM duty_checkins WHERE coord_key = $4 AND (teacher_id <> $1 OR duty_day <> $5)),
		       EXISTS (SELECT 1 FROM duty_checkins WHERE roster_id = $6 AND duty_day = $5 AND kind = 'in'),
		       cd.kind, cd.name
		FROM (VALUES (1)) one
		LEFT JOIN duty_checkins a ON a.teacher_id = $1 AND a.idempotency_key = $2
		LEFT JOIN LATERAL (SELECT lat, lng, accuracy_m, occurred_at FROM duty_checkins
		                   WHERE teacher_id = $1 AND occurred_at <= $3 ORDER BY occurred_at DESC LIMIT 1) p ON true
		LEFT JOIN calendar_days cd ON cd.day = $5`,
		teacherID, key, at, coordKey, pgDate(day), rosterID).
		Scan(&hash, &answer, &prevLat, &prevLng, &prevAccuracy, &prevAt, &f.CoordsRepeated, &f.CheckedIn, &calKind, &calName)
	if err != nil {
		return f, postgres.Translate(err, "duty: checkin facts")
	}
	if hash != nil {
		f.Stored = &storedAnswer{RequestHash: *hash, Answer: answer}
	}
	if prevAt != nil {
		f.Prev = &Fix{Lat: *prevLat, Lng: *prevLng, AccuracyM: *prevAccuracy, At: *prevAt}
	}
	var overrides []clock.Override
	if calKind != nil {
		overrides = append(overrides, clock.Override{Day: day, Kind: clock.DayKind(*calKind), Name: *calName})
	}
	f.Calendar = clock.NewCalendar(overrides)
	return f, nil
}

// newCheckin is a check-in row as inserted.
type newCheckin struct {
	Checkin
	ReportedDatum  string
	CoordKey       string
	ClientIP       string
	UserAgent      string
	IdempotencyKey string
	RequestHash    string
	Answer         []byte
}

// insertCheckin writes the row unless the teacher already used the key; it
// reports whether it wrote. Under a race the losers wait for the winner's
// commit on the unique index and then write nothing.
func insertCheckin(ctx context.Context, db postgres.DBTX, c newCheckin) (bool, error) {
	tag, err := db.Exec(ctx, `INSERT INTO duty_checkins (id, roster_id, teacher_id, kind, lat, lng, reported_datum, coord_key,
		accuracy_m, distance_m, in_fence, anomalies, note, client_time, sent_at, occurred_at, duty_day, received_at, client_ip,
		user_agent, idempotency_key, request_hash, answer)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
		ON CONFLICT (teacher_id, idempotency_key) DO NOTHING`,
		c.ID, c.RosterID, c.TeacherID, c.Kind, c.Lat, c.Lng, c.ReportedDatum, c.CoordKey, c.AccuracyM, c.DistanceM, c.InFence,
		c.Anomalies, c.Note, c.ClientTime, c.SentAt, c.OccurredAt, pgDate(c.DutyDay), c.ReceivedAt, c.ClientIP, c.UserAgent,
		c.IdempotencyKey, c.RequestHash, c.Answer)
	if err != nil {
		return false, postgres.Translate(err, "duty: insert checkin")
	}
	return tag.RowsAffected() == 1, nil
}
