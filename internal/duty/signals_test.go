package duty

import (
	"testing"
	"time"

	"huhang/internal/platform/clock"
)

// Each signal: one case that raises it and one that does not.

func shanghai(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, clock.Location())
	if err != nil {
		panic(err)
	}
	return t
}

func weekdayRoster() Roster {
	return Roster{StartsOn: clock.Date{Year: 2026, Month: 12, Day: 1}, EndsOn: clock.Date{Year: 2026, Month: 12, Day: 31},
		Weekdays: []int{1, 2, 3, 4, 5}, WindowStart: 8 * 60, WindowEnd: 17*60 + 30}
}

func TestAccuracyPoor(t *testing.T) {
	if !IsAccuracyPoor(100.5) {
		t.Error("a fix of ±100.5 m is poor")
	}
	if IsAccuracyPoor(100) || IsAccuracyPoor(8) {
		t.Error("a fix of ±100 m or better is not")
	}
}

func TestSpeedImpossible(t *testing.T) {
	at := shanghai("2026-12-02 09:00")
	prev := &Fix{Lat: 31.85, Lng: 106.75, At: at.Add(-10 * time.Minute)}
	// About 33 km north in ten minutes: 200 km/h.
	if !IsSpeedImpossible(prev, Fix{Lat: 32.15, Lng: 106.75, At: at}) {
		t.Error("33 km in ten minutes is impossible")
	}
	// The same 33 km in an hour is a drive.
	if IsSpeedImpossible(&Fix{Lat: 31.85, Lng: 106.75, At: at.Add(-time.Hour)}, Fix{Lat: 32.15, Lng: 106.75, At: at}) {
		t.Error("33 km in an hour is possible")
	}
	// Jitter of 60 m within a second is no journey.
	if IsSpeedImpossible(&Fix{Lat: 31.85, Lng: 106.75, At: at.Add(-time.Second)}, Fix{Lat: 31.8505, Lng: 106.75, At: at}) {
		t.Error("jitter is not speed")
	}
	if IsSpeedImpossible(nil, Fix{Lat: 32.15, Lng: 106.75, At: at}) {
		t.Error("a first check-in has nothing to compare")
	}
}

func TestCoordKeyRepeatsOnlyExactly(t *testing.T) {
	if CoordKey(31.8512341, 106.7498761) != CoordKey(31.85123412, 106.74987612) {
		t.Error("positions equal to six decimals share a key")
	}
	if CoordKey(31.851234, 106.749876) == CoordKey(31.851235, 106.749876) {
		t.Error("a jitter of 0.1 m in the sixth decimal is another key")
	}
}

func TestOutsideWindow(t *testing.T) {
	r := weekdayRoster()
	for _, at := range []string{"2026-12-02 07:59", "2026-12-02 17:31", "2026-12-05 10:00", "2027-01-04 10:00"} {
		if !IsOutsideWindow(r, shanghai(at)) {
			t.Errorf("%s is outside a Mon–Fri 08:00–17:30 roster of December", at)
		}
	}
	for _, at := range []string{"2026-12-02 08:00", "2026-12-02 17:30", "2026-12-31 12:00"} {
		if IsOutsideWindow(r, shanghai(at)) {
			t.Errorf("%s is inside the window", at)
		}
	}
}

func TestRestDay(t *testing.T) {
	cal := clock.NewCalendar([]clock.Override{
		{Day: clock.Date{Year: 2026, Month: 10, Day: 1}, Kind: clock.Holiday, Name: "国庆节"},
		{Day: clock.Date{Year: 2026, Month: 10, Day: 10}, Kind: clock.Workday, Name: "国庆节调休"},
	})
	saturday := clock.Date{Year: 2026, Month: 12, Day: 5}
	if !IsRestDay(cal, saturday, false) || !IsRestDay(cal, clock.Date{Year: 2026, Month: 10, Day: 1}, false) {
		t.Error("a Saturday and National Day are rest days")
	}
	if IsRestDay(cal, clock.Date{Year: 2026, Month: 12, Day: 2}, false) || IsRestDay(cal, clock.Date{Year: 2026, Month: 10, Day: 10}, false) {
		t.Error("a Wednesday and an adjusted working Saturday are working days")
	}
	if IsRestDay(cal, saturday, true) {
		t.Error("a filed special arrangement covers the rest day")
	}
}

func TestNight(t *testing.T) {
	for _, at := range []string{"2026-12-02 22:00", "2026-12-03 02:30", "2026-12-03 05:59"} {
		if !IsNight(shanghai(at)) {
			t.Errorf("%s is night", at)
		}
	}
	for _, at := range []string{"2026-12-02 06:00", "2026-12-02 21:59"} {
		if IsNight(shanghai(at)) {
			t.Errorf("%s is not night", at)
		}
	}
	// 15:00 UTC is 23:00 in Shanghai: the business zone decides.
	if !IsNight(time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)) {
		t.Error("night is judged in Asia/Shanghai")
	}
}

func TestClockSkew(t *testing.T) {
	server := shanghai("2026-12-02 09:00")
	if !IsClockSkew(server.Add(-5*time.Minute-time.Second), server) || !IsClockSkew(server.Add(6*time.Minute), server) {
		t.Error("more than five minutes either way is skew")
	}
	if IsClockSkew(server.Add(-5*time.Minute), server) || IsClockSkew(server.Add(90*time.Second), server) {
		t.Error("five minutes or less is not")
	}
}

func TestCheckoutWithoutCheckin(t *testing.T) {
	if !IsCheckoutWithoutCheckin(KindOut, false) {
		t.Error("a check-out with no check-in that day is flagged")
	}
	if IsCheckoutWithoutCheckin(KindOut, true) || IsCheckoutWithoutCheckin(KindIn, false) {
		t.Error("a check-out after a check-in, or a check-in, is not")
	}
}

func TestInFenceWidenedByCappedAccuracy(t *testing.T) {
	site := [2]float64{31.85, 106.75}
	// About 389 m north of the site.
	f := Fix{Lat: 31.8535, Lng: 106.75, AccuracyM: 10}
	if d, in := InFence(f, site[0], site[1], 300); in || d < 380 || d > 400 {
		t.Errorf("389 m with ±10 m is outside a 300 m fence: %d %v", d, in)
	}
	f.AccuracyM = 95
	if _, in := InFence(f, site[0], site[1], 300); !in {
		t.Error("±95 m widens the fence to 395 m")
	}
	f.Lat, f.AccuracyM = 31.86, 5000 // about 1.1 km away, ±5 km
	if _, in := InFence(f, site[0], site[1], 300); in {
		t.Error("accuracy widens the fence by at most 100 m")
	}
}

func TestDayStatus(t *testing.T) {
	r := weekdayRoster()
	day := clock.Date{Year: 2026, Month: 12, Day: 2}
	clean := Checkin{Kind: KindIn, InFence: true}
	doubtful := Checkin{Kind: KindIn, InFence: true, Anomalies: []string{string(AccuracyPoor)}}
	outside := Checkin{Kind: KindIn, InFence: false}
	during, after := shanghai("2026-12-02 12:00"), shanghai("2026-12-02 18:00")
	cases := []struct {
		checkins []Checkin
		now      time.Time
		want     string
	}{
		{[]Checkin{doubtful, clean}, after, DayCovered},
		{[]Checkin{doubtful}, after, DayDoubtful},
		{[]Checkin{outside}, during, DayDoubtful},
		{[]Checkin{{Kind: KindOut, InFence: true}}, after, DayMissed},
		{nil, after, DayMissed},
		{nil, during, DayPending},
	}
	for i, c := range cases {
		if got := DayStatus(r, day, c.checkins, c.now); got != c.want {
			t.Errorf("%d: %s, want %s", i, got, c.want)
		}
	}
}
