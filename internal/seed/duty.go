package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/auth"
	"huhang/internal/duty"
	"huhang/internal/files"
	"huhang/internal/orgs"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/geo"
	"huhang/internal/platform/pii"
)

// demoDutyDays is how far back the demo's check-ins reach: a month.
const demoDutyDays = 30

// a demoDay is what the teacher did on one past duty day: the check-in's
// time and its deviations from an honest one at the gate.
type demoDay struct {
	skip       bool          // no check-in at all: a missed day
	at         string        // "HH:MM" of the check-in (default 08:2x)
	accuracy   float64       // reported accuracy (default 8–20 m)
	skew       time.Duration // the phone's clock behind the server's
	outOnly    bool          // a check-out without a check-in
	jumpAfter  bool          // a second check-in 30 km away ten minutes later
	repeatOf   int           // report the exact coordinates of that earlier day (1-based), 0 for none
	noCheckout bool
}

// teacher2's month at 光雾山: mostly honest, each doubt signal at least once,
// two days missed. Indexes count the roster's past working days, oldest first.
var demoDutyScript = map[int]demoDay{
	3:  {accuracy: 350},
	5:  {at: "07:05"},
	7:  {skip: true},
	9:  {repeatOf: 8},
	11: {skew: 12 * time.Minute},
	13: {outOnly: true},
	15: {jumpAfter: true},
	17: {at: "22:40", noCheckout: true},
	19: {skip: true},
}

// Duty gives teacher2 a roster at 光雾山 over the running placements with a
// month of check-ins (every signal at least once, two missed days, one
// Saturday visit), and teacher1 a roster at 精工机械 with a fortnight of
// honest ones. It does nothing once teacher2 has a roster.
func Duty(ctx context.Context, pool *pgxpool.Pool, orgsSvc *orgs.Service, keys *pii.Keyring, store files.Storage, now time.Time) (int, error) {
	actor := func(username string) auth.Actor {
		c, err := orgsSvc.CredentialsByUsername(ctx, username)
		if err != nil {
			panic(fmt.Sprintf("seed: demo account %s: %v", username, err)) // created just before by Demo
		}
		return c.Actor
	}
	today := clock.BusinessDay(now)
	first := today.AddDays(-demoDutyDays)
	services := func(at time.Time) *duty.Service { return newServices(pool, keys, store, at).Duty }
	teacher2, teacher1 := actor("teacher2"), actor("teacher1")
	if list, err := services(now).ListRosters(ctx, teacher2, duty.RosterFilter{Limit: 1}); err != nil || len(list) > 0 {
		return 0, err
	}
	made := 0
	roster := func(school, teacher auth.Actor, enterprise string, from, to clock.Date) (duty.Roster, error) {
		id, err := orgsSvc.EnterpriseIDByCreditCode(ctx, enterprise)
		if err != nil {
			return duty.Roster{}, err
		}
		return services(from.Time().Add(9*time.Hour)).CreateRoster(ctx, school, duty.NewRoster{TeacherID: teacher.UserID,
			EnterpriseID: id, StartsOn: from, EndsOn: to, Weekdays: []int{1, 2, 3, 4, 5},
			WindowStart: 8 * 60, WindowEnd: 17*60 + 30}, nil)
	}
	cal, err := clock.LoadCalendar(ctx, pool, first, today)
	if err != nil {
		return 0, err
	}
	// check posts one event as the phone would at server time at.
	check := func(teacher auth.Actor, r duty.Roster, kind duty.Kind, at time.Time, lat, lng, accuracy float64, skew time.Duration) error {
		phone := at.Add(-skew)
		_, err := services(at).CheckIn(ctx, teacher, duty.CheckinInput{RosterID: r.ID, Kind: kind, Lat: lat, Lng: lng, AccuracyM: accuracy,
			Datum: geo.WGS84, ClientTime: phone, SentAt: phone, Key: "demo-" + uuid.NewSHA1(r.ID, []byte(string(kind)+at.String())).String()[:30],
			ClientIP: "10.0.0.2", UserAgent: "Mozilla/5.0 (Linux; Android 14) 护航演示"})
		made++
		return err
	}
	// The gate, jittered per day like real GPS (metres, never the same digits).
	near := func(r duty.Roster, k int) (float64, float64) {
		return r.Lat + 0.000037*float64(k%7) + 0.000013, r.Lng - 0.000029*float64(k%5) - 0.000011
	}

	// teacher2 at 光雾山 from a month back (the running plan began 45 days ago).
	r2, err := roster(actor("school2"), teacher2, "91511922MA62NJ007F", first, today.AddDays(75))
	if err != nil {
		return made, fmt.Errorf("seed: duty roster of teacher2: %w", err)
	}
	coords := map[int][2]float64{}
	n := 0
	for d := first; d.Before(today); d = d.AddDays(1) {
		if !cal.IsWorkingDay(d) {
			continue
		}
		n++
		s := demoDutyScript[n]
		if s.skip {
			continue
		}
		lat, lng := near(r2, n)
		if s.repeatOf > 0 {
			lat, lng = coords[s.repeatOf][0], coords[s.repeatOf][1]
		}
		coords[n] = [2]float64{lat, lng}
		hhmm := s.at
		if hhmm == "" {
			hhmm = fmt.Sprintf("08:%02d", 20+n%9)
		}
		t, _ := duty.ParseTimeOfDay(hhmm)
		at := t.On(d)
		acc := s.accuracy
		if acc == 0 {
			acc = float64(8 + n%12)
		}
		kind := duty.KindIn
		if s.outOnly {
			kind = duty.KindOut
		}
		if err := check(teacher2, r2, kind, at, lat, lng, acc, s.skew); err != nil {
			return made, fmt.Errorf("seed: check-in of %s: %w", d, err)
		}
		if s.jumpAfter {
			if err := check(teacher2, r2, duty.KindIn, at.Add(10*time.Minute), lat+0.27, lng, 15, 0); err != nil {
				return made, err
			}
		}
		if !s.outOnly && !s.noCheckout {
			if err := check(teacher2, r2, duty.KindOut, t.On(d).Add(9*time.Hour+time.Duration(n%20)*time.Minute), lat+0.00002, lng, acc, 0); err != nil {
				return made, err
			}
		}
	}
	// A Saturday visit to the interns: a rest day, outside the roster's weekdays.
	for d := today.AddDays(-1); first.Before(d); d = d.AddDays(-1) {
		if d.Weekday() == time.Saturday && !cal.IsWorkingDay(d) {
			lat, lng := near(r2, 40)
			if err := check(teacher2, r2, duty.KindIn, d.Time().Add(10*time.Hour), lat, lng, 12, 0); err != nil {
				return made, err
			}
			break
		}
	}

	// teacher1 at 精工机械, whose interns have not started: a fortnight of honest visits.
	r1, err := roster(actor("school1"), teacher1, "91511902MA62JG001G", today.AddDays(-14), today.AddDays(90))
	if err != nil {
		return made, fmt.Errorf("seed: duty roster of teacher1: %w", err)
	}
	for d, k := today.AddDays(-14), 0; d.Before(today); d, k = d.AddDays(1), k+1 {
		if !cal.IsWorkingDay(d) {
			continue
		}
		lat, lng := near(r1, k)
		if err := check(teacher1, r1, duty.KindIn, d.Time().Add(8*time.Hour+35*time.Minute), lat, lng, 10, 0); err != nil {
			return made, err
		}
	}
	return made, nil
}
