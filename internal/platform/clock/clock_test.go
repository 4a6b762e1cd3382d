package clock_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"huhang/internal/platform/clock"
	"huhang/internal/platform/pgtest"
)

func TestBusinessDayIsShanghai(t *testing.T) {
	cases := []struct {
		utc  string
		want string
	}{
		{"2026-11-28T15:59:59Z", "2026-11-28"},
		{"2026-11-28T16:00:00Z", "2026-11-29"}, // midnight in Shanghai
		{"2026-12-31T16:30:00Z", "2027-01-01"},
	}
	for _, tc := range cases {
		at, _ := time.Parse(time.RFC3339, tc.utc)
		if got := clock.BusinessDay(at).String(); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.utc, got, tc.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, bad := range []string{"2026-02-29", "2026-02-31", "2026-13-01", "26-01-01", "2026/01/01", ""} {
		if _, err := clock.ParseDate(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	d, err := clock.ParseDate("2028-02-29")
	if err != nil || d.String() != "2028-02-29" {
		t.Fatalf("leap day: %v %v", d, err)
	}
}

// TestOfficial2026Calendar checks the migrated 2026 notice against days a
// clerk knows: make-up Sundays work, Golden Week weekdays rest.
func TestOfficial2026Calendar(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	from, _ := clock.ParseDate("2026-01-01")
	to, _ := clock.ParseDate("2026-12-31")
	cal, err := clock.LoadCalendar(context.Background(), db.Pool, from, to)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]bool{
		"2026-01-01": false, // 元旦, Thursday
		"2026-01-04": true,  // 元旦调休, Sunday
		"2026-02-14": true,  // 春节调休, Saturday
		"2026-02-17": false, // 春节, Tuesday
		"2026-02-24": true,  // ordinary Tuesday after the holiday
		"2026-05-09": true,  // 劳动节调休, Saturday
		"2026-10-01": false, // 国庆节, Thursday
		"2026-10-10": true,  // 国庆节调休, Saturday
		"2026-11-28": false, // ordinary Saturday
		"2026-11-30": true,  // ordinary Monday
	}
	for day, want := range cases {
		d, _ := clock.ParseDate(day)
		if got := cal.IsWorkingDay(d); got != want {
			t.Errorf("%s: working %v, want %v", day, got, want)
		}
	}
	// 1 Oct to 10 Oct 2026: the holiday runs 1–7, the 8th and 9th work, the 10th is excluded.
	start, _ := clock.ParseDate("2026-10-01")
	end, _ := clock.ParseDate("2026-10-10")
	if n := cal.WorkingDaysBetween(start, end); n != 2 {
		t.Errorf("working days 1–9 Oct: %d, want 2", n)
	}
}

func TestParseCalendarCSV(t *testing.T) {
	good := "\ufeffdate,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节调休上班\n"
	days, err := clock.ParseCalendarCSV(strings.NewReader(good))
	if err != nil || len(days) != 2 || days[1].Kind != clock.Workday {
		t.Fatalf("good file: %v %v", days, err)
	}
	bad := "date,kind,name\n2027-02-30,holiday,x\n2027-01-02,rest,y\n2027-01-03,holiday,\n2027-01-05,holiday,a\n2027-01-05,holiday,b\n"
	_, err = clock.ParseCalendarCSV(strings.NewReader(bad))
	if err == nil {
		t.Fatal("bad file accepted")
	}
	for _, want := range []string{"line 2", "line 3", "line 4", "line 6"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not name %s: %v", want, err)
		}
	}
	if _, err := clock.ParseCalendarCSV(strings.NewReader("day,type\n")); err == nil {
		t.Fatal("wrong header accepted")
	}
}

func TestSaveOverridesReplacesADay(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	day, _ := clock.ParseDate("2027-01-01")
	if err := clock.SaveOverrides(ctx, db.Pool, []clock.Override{{Day: day, Kind: clock.Workday, Name: "wrong"}}); err != nil {
		t.Fatal(err)
	}
	if err := clock.SaveOverrides(ctx, db.Pool, []clock.Override{{Day: day, Kind: clock.Holiday, Name: "元旦"}}); err != nil {
		t.Fatal(err)
	}
	cal, err := clock.LoadCalendar(ctx, db.Pool, day, day)
	if err != nil {
		t.Fatal(err)
	}
	if cal.IsWorkingDay(day) {
		t.Fatal("the corrected load must win")
	}
}

func TestShiftedRunsOnFromItsInstant(t *testing.T) {
	shifted := clock.Shifted{By: 6 * time.Hour}
	before := time.Now()
	got := shifted.Now()
	after := time.Now()
	if got.Before(before.Add(6*time.Hour)) || got.After(after.Add(6*time.Hour)) || got.Location() != time.UTC {
		t.Fatalf("shifted now %s, real now between %s and %s", got, before, after)
	}
}
