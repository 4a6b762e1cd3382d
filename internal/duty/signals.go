package duty

import (
	"math"
	"strconv"
	"time"

	"huhang/internal/platform/clock"
	"huhang/internal/platform/geo"
)

// Signal names one reason to doubt a check-in. Signals are shown to the
// school for a human to judge; none refuses or punishes anything (Art 27
// forbids grading by attendance alone).
type Signal string

const (
	AccuracyPoor           Signal = "accuracy_poor"
	SpeedImpossible        Signal = "speed_impossible"
	CoordsRepeated         Signal = "coords_repeated"
	OutsideWindow          Signal = "outside_window"
	RestDay                Signal = "rest_day"
	Night                  Signal = "night"
	ClockSkew              Signal = "clock_skew"
	CheckoutWithoutCheckin Signal = "checkout_without_checkin"
)

// SignalNames are the signals in Chinese, in the order they are reported.
var SignalNames = []struct {
	Signal Signal
	Name   string
}{
	{AccuracyPoor, "定位精度差（超过100米）"},
	{SpeedImpossible, "与上一次打卡相比移动速度不可能"},
	{CoordsRepeated, "坐标与其他日期或他人的打卡完全相同"},
	{OutsideWindow, "不在值守时段内"},
	{RestDay, "休息日或法定节假日"},
	{Night, "夜间（22:00–06:00）"},
	{ClockSkew, "手机时间与服务器相差超过5分钟"},
	{CheckoutWithoutCheckin, "未签到即签退"},
}

const (
	// MaxAccuracyM is both the accuracy beyond which a fix is doubtful and
	// the most a reported accuracy may widen the fence: a fix of ±2 km must
	// not put a teacher at home "in" the site.
	MaxAccuracyM = 100
	// MaxSpeedKmh is faster than any road between two sites.
	MaxSpeedKmh = 150
	// minJumpM: moves shorter than this are GPS jitter or a walk across the
	// site, whatever the elapsed time (50 m in one second is not a car).
	minJumpM = 1000
	// MaxClockSkew is how far the phone's clock may be from the server's.
	MaxClockSkew                 = 5 * time.Minute
	nightStartHour, nightEndHour = 22, 6
)

// Fix is one reported position, already in WGS-84.
type Fix struct {
	Lat, Lng  float64
	AccuracyM float64
	At        time.Time
}

// InFence reports the great-circle distance to the site and whether the fix
// lies within the radius widened by its accuracy (capped at MaxAccuracyM).
func InFence(f Fix, siteLat, siteLng float64, radiusM int) (distanceM int, in bool) {
	d := geo.DistanceMeters(f.Lat, f.Lng, siteLat, siteLng)
	return int(math.Round(d)), d <= float64(radiusM)+math.Min(f.AccuracyM, MaxAccuracyM)
}

// IsAccuracyPoor: the phone itself says the fix may be off by more than 100 m.
func IsAccuracyPoor(accuracyM float64) bool { return accuracyM > MaxAccuracyM }

// IsSpeedImpossible: getting from the teacher's previous event to this one
// would need more than 150 km/h. Without a previous event there is nothing
// to compare.
func IsSpeedImpossible(prev *Fix, cur Fix) bool {
	if prev == nil {
		return false
	}
	d := geo.DistanceMeters(prev.Lat, prev.Lng, cur.Lat, cur.Lng)
	if d < minJumpM {
		return false
	}
	hours := math.Abs(cur.At.Sub(prev.At).Hours())
	return hours == 0 || d/1000/hours > MaxSpeedKmh
}

// CoordKey is the position to six decimals (about 0.1 m). Real GPS jitters
// in the last digits; a mock-location app or a shared screenshot repeats it.
func CoordKey(lat, lng float64) string {
	return formatFixed(lat) + "," + formatFixed(lng)
}

func formatFixed(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }

// IsOutsideWindow: the act falls on a day the roster does not cover or
// outside its daily window [start, end], both in Asia/Shanghai.
func IsOutsideWindow(r Roster, at time.Time) bool {
	if !r.Covers(clock.BusinessDay(at)) {
		return true
	}
	local := at.In(clock.Location())
	m := local.Hour()*60 + local.Minute()
	return m < r.WindowStart.Minutes() || m > r.WindowEnd.Minutes()
}

// IsRestDay: the day is a weekend or a public holiday by the official
// calendar (adjusted working days count as working), and no filed special
// arrangement (Art 17, R-RESTDAY) lets the site's interns work that day.
func IsRestDay(cal *clock.Calendar, day clock.Date, arrangementFiled bool) bool {
	return !cal.IsWorkingDay(day) && !arrangementFiled
}

// IsNight: 22:00–06:00 Asia/Shanghai, when interns may not work (Art 17).
func IsNight(at time.Time) bool {
	h := at.In(clock.Location()).Hour()
	return h >= nightStartHour || h < nightEndHour
}

// IsClockSkew: the phone's clock at sending differs from the server's by more
// than five minutes, so its times cannot be taken as they are.
func IsClockSkew(sentAt, receivedAt time.Time) bool {
	d := receivedAt.Sub(sentAt)
	return d > MaxClockSkew || d < -MaxClockSkew
}

// IsCheckoutWithoutCheckin: a check-out on a day the teacher never checked in
// at this roster.
func IsCheckoutWithoutCheckin(kind Kind, checkedInToday bool) bool {
	return kind == KindOut && !checkedInToday
}
