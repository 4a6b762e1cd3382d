// Package geo converts the coordinates phones and map SDKs report into
// WGS-84, checks them, and measures distances. Chinese map services publish
// in GCJ-02 (AMap, Tencent, WeChat) or BD-09 (Baidu), which are offset from
// WGS-84 by hundreds of metres; comparing a check-in against a workplace is
// only meaningful once both are in the same datum, and Huhang stores WGS-84.
package geo

import (
	"errors"
	"math"
	"strings"
)

// Datum names the coordinate system a point was reported in.
type Datum string

const (
	WGS84 Datum = "wgs84" // GPS, browser geolocation
	GCJ02 Datum = "gcj02" // the mandated mainland offset: AMap, Tencent Maps, WeChat
	BD09  Datum = "bd09"  // Baidu's further offset of GCJ-02
)

// ErrUnknownDatum is returned for a datum other than the three above.
var ErrUnknownDatum = errors.New("坐标系须为 wgs84、gcj02 或 bd09")

// ErrInvalidCoordinates is returned by ToWGS84 for points CheckCoordinates
// rejects, so that NaN never travels on into stored positions.
var ErrInvalidCoordinates = errors.New("坐标无效")

// ParseDatum accepts the spellings SDKs use: any case, with or without a
// hyphen or underscore (WGS-84, gcj_02), and Baidu's "bd09ll" for BD-09
// latitude/longitude. An empty string is an error rather than a default, so a
// client that forgets the datum is told instead of being off by 500 m.
func ParseDatum(s string) (Datum, error) {
	k := strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(s))
	switch k {
	case "wgs84":
		return WGS84, nil
	case "gcj02":
		return GCJ02, nil
	case "bd09", "bd09ll":
		return BD09, nil
	}
	return "", ErrUnknownDatum
}

// FieldProblem names one bad coordinate and says in Chinese what is wrong. It
// has the shape of apperr.FieldError, so apperr.FieldError(p) converts it.
type FieldProblem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// CheckCoordinates reports every problem at once (nil when there is none), so
// a form can mark both fields in one round trip.
func CheckCoordinates(lat, lng float64) []FieldProblem {
	var problems []FieldProblem
	switch {
	case math.IsNaN(lat) || math.IsInf(lat, 0):
		problems = append(problems, FieldProblem{"lat", "纬度不是有效的数值"})
	case lat < -90 || lat > 90:
		problems = append(problems, FieldProblem{"lat", "纬度须在 -90 到 90 之间"})
	}
	switch {
	case math.IsNaN(lng) || math.IsInf(lng, 0):
		problems = append(problems, FieldProblem{"lng", "经度不是有效的数值"})
	case lng < -180 || lng > 180:
		problems = append(problems, FieldProblem{"lng", "经度须在 -180 到 180 之间"})
	}
	return problems
}

// earthRadius is the IUGG mean radius R1; with it the spherical distance is
// within about 0.5 % of the ellipsoidal one anywhere, far below GPS noise at
// the scale of a workplace geofence.
const earthRadius = 6371008.8

// DistanceMeters is the great-circle distance between two points (haversine).
// Both points must be in the same datum.
func DistanceMeters(lat1, lng1, lat2, lng2 float64) float64 {
	φ1, φ2 := lat1*math.Pi/180, lat2*math.Pi/180
	dφ := φ2 - φ1
	dλ := (lng2 - lng1) * math.Pi / 180
	s1, s2 := math.Sin(dφ/2), math.Sin(dλ/2)
	a := s1*s1 + math.Cos(φ1)*math.Cos(φ2)*s2*s2
	// Rounding can push a a hair outside [0, 1] near antipodes.
	a = math.Min(1, math.Max(0, a))
	return 2 * earthRadius * math.Atan2(math.Sqrt(a), math.Sqrt(1-a))
}

// ToWGS84 converts a point reported in datum from into WGS-84.
func ToWGS84(lat, lng float64, from Datum) (float64, float64, error) {
	if CheckCoordinates(lat, lng) != nil {
		return 0, 0, ErrInvalidCoordinates
	}
	switch from {
	case WGS84:
		return lat, lng, nil
	case GCJ02:
		wLat, wLng := gcj02ToWGS84(lat, lng)
		return wLat, wLng, nil
	case BD09:
		gLat, gLng := bd09ToGCJ02(lat, lng)
		wLat, wLng := gcj02ToWGS84(gLat, gLng)
		return wLat, wLng, nil
	}
	return 0, 0, ErrUnknownDatum
}
