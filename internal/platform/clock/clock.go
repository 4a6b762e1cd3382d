// Package clock gives the business time of Huhang: instants in UTC, business
// days in Asia/Shanghai, and working days from the official calendar.
package clock

import (
	"context"
	"fmt"
	"time"
	_ "time/tzdata" // the runtime image may have no zoneinfo; Asia/Shanghai must always load
)

// Clock is injected everywhere time matters so tests can pin it.
type Clock interface {
	Now() time.Time
}

// System is the real clock.
type System struct{}

func (System) Now() time.Time { return time.Now().UTC() }

// Shifted runs at the real pace from another instant: a development
// server started as if at 08:00 sees the check-ins of 08:00 (make bench).
type Shifted struct{ By time.Duration }

func (s Shifted) Now() time.Time { return time.Now().Add(s.By).UTC() }

// Fixed always answers the same instant; for tests.
type Fixed time.Time

func (f Fixed) Now() time.Time { return time.Time(f).UTC() }

var shanghai = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("clock: load %s: %v", name, err))
	}
	return loc
}

// Location is the business time zone (China Standard Time, no DST).
func Location() *time.Location { return shanghai }

// Date is a calendar day without a time, as the rules speak of them.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// BusinessDay is the calendar day in Shanghai at instant t: 23:30 UTC is already tomorrow there.
func BusinessDay(t time.Time) Date {
	y, m, d := t.In(shanghai).Date()
	return Date{y, m, d}
}

// ParseDate reads YYYY-MM-DD and rejects impossible days such as 2026-02-31.
func ParseDate(s string) (Date, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, shanghai)
	if err != nil {
		return Date{}, fmt.Errorf("clock: %q is not a YYYY-MM-DD date", s)
	}
	return DateOf(t), nil
}

// DateOf takes the calendar fields of t as they are, without converting zones.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Time is midnight of the day in Shanghai.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, shanghai) }

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

func (d Date) Before(o Date) bool { return d.Time().Before(o.Time()) }

func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

// DayKind says whether a day is worked.
type DayKind string

const (
	Workday DayKind = "workday"
	Holiday DayKind = "holiday"
)

// Calendar answers whether a day is a working day. The official overrides
// (public holidays, make-up working days) live in the calendar_days table.
type Calendar struct {
	overrides map[Date]DayKind
}

// Overrides lists the days that do not follow the week, as loaded from storage.
type Override struct {
	Day  Date
	Kind DayKind
	Name string
}

// NewCalendar builds a calendar from its overrides.
func NewCalendar(overrides []Override) *Calendar {
	c := &Calendar{overrides: make(map[Date]DayKind, len(overrides))}
	for _, o := range overrides {
		c.overrides[o.Day] = o.Kind
	}
	return c
}

// IsWorkingDay: a listed holiday rests even on a weekday, a listed make-up
// working day works even on a weekend, every other day follows the week.
func (c *Calendar) IsWorkingDay(d Date) bool {
	if kind, ok := c.overrides[d]; ok {
		return kind == Workday
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// WorkingDaysBetween counts working days in [from, to).
func (c *Calendar) WorkingDaysBetween(from, to Date) int {
	n := 0
	for d := from; d.Before(to); d = d.AddDays(1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// Loader reads the calendar's overrides from storage; implemented by Store.
type Loader interface {
	Overrides(ctx context.Context, from, to Date) ([]Override, error)
}

// SQL is the day as pgx writes a PostgreSQL date: midnight UTC of the same
// calendar day (a date column has no zone, so none may shift it).
func (d Date) SQL() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// DateFromSQL is the calendar day of a PostgreSQL date as pgx reads it.
func DateFromSQL(t time.Time) Date { return Date{t.Year(), t.Month(), t.Day()} }
