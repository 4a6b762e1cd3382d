package geo

import "math"

// The GCJ-02 forward transform is not published officially; this is the
// formula every open implementation agrees on (leaked from a Java SDK), on the
// Krasovsky 1940 ellipsoid.
const (
	krasovskyA  = 6378245.0
	krasovskyEE = 0.00669342162296594323
)

// outOfChina is the customary rough box. Outside it GCJ-02 is WGS-84; it
// also covers parts of neighbouring countries, where the offset is applied
// though it should not be, as every map SDK that uses the box does.
func outOfChina(lat, lng float64) bool {
	return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271
}

// WGS84ToGCJ02 applies the GCJ-02 offset. It is exported for round-trip
// tests and for showing stored positions on a GCJ-02 map.
func WGS84ToGCJ02(lat, lng float64) (float64, float64) {
	if outOfChina(lat, lng) {
		return lat, lng
	}
	x, y := lng-105.0, lat-35.0
	dLat := -100.0 + 2.0*x + 3.0*y + 0.2*y*y + 0.1*x*y + 0.2*math.Sqrt(math.Abs(x))
	dLat += (20.0*math.Sin(6.0*x*math.Pi) + 20.0*math.Sin(2.0*x*math.Pi)) * 2.0 / 3.0
	dLat += (20.0*math.Sin(y*math.Pi) + 40.0*math.Sin(y/3.0*math.Pi)) * 2.0 / 3.0
	dLat += (160.0*math.Sin(y/12.0*math.Pi) + 320.0*math.Sin(y*math.Pi/30.0)) * 2.0 / 3.0
	dLng := 300.0 + x + 2.0*y + 0.1*x*x + 0.1*x*y + 0.1*math.Sqrt(math.Abs(x))
	dLng += (20.0*math.Sin(6.0*x*math.Pi) + 20.0*math.Sin(2.0*x*math.Pi)) * 2.0 / 3.0
	dLng += (20.0*math.Sin(x*math.Pi) + 40.0*math.Sin(x/3.0*math.Pi)) * 2.0 / 3.0
	dLng += (150.0*math.Sin(x/12.0*math.Pi) + 300.0*math.Sin(x/30.0*math.Pi)) * 2.0 / 3.0

	radLat := lat / 180.0 * math.Pi
	magic := math.Sin(radLat)
	magic = 1 - krasovskyEE*magic*magic
	sqrtMagic := math.Sqrt(magic)
	dLat = (dLat * 180.0) / ((krasovskyA * (1 - krasovskyEE)) / (magic * sqrtMagic) * math.Pi)
	dLng = (dLng * 180.0) / (krasovskyA / sqrtMagic * math.Cos(radLat) * math.Pi)
	return lat + dLat, lng + dLng
}

// xPi scales degrees for Baidu's perturbation terms.
const xPi = math.Pi * 3000.0 / 180.0

// GCJ02ToBD09 applies Baidu's offset on top of GCJ-02. Exported for
// round-trip tests and for showing stored positions on a Baidu map.
func GCJ02ToBD09(lat, lng float64) (float64, float64) {
	z := math.Sqrt(lng*lng+lat*lat) + 0.00002*math.Sin(lat*xPi)
	θ := math.Atan2(lat, lng) + 0.000003*math.Cos(lng*xPi)
	return z*math.Sin(θ) + 0.006, z*math.Cos(θ) + 0.0065
}

// Inversion stops once the forward image is within invTolerance degrees of
// the target (about 1 cm) or after invMaxIter rounds. Both transforms are
// close to translations, so each round gains several digits: on a grid over
// the mainland no point needed more than 3 rounds; 30 is only a backstop.
const (
	invTolerance = 1e-7
	invMaxIter   = 30
)

// invert solves forward(lat, lng) = (tLat, tLng) by fixed-point iteration
// from the starting guess, correcting the guess by the residual each round.
func invert(forward func(lat, lng float64) (float64, float64), tLat, tLng, lat, lng float64) (float64, float64) {
	for range invMaxIter {
		fLat, fLng := forward(lat, lng)
		eLat, eLng := fLat-tLat, fLng-tLng
		if math.Abs(eLat) < invTolerance && math.Abs(eLng) < invTolerance {
			break
		}
		lat, lng = lat-eLat, lng-eLng
	}
	return lat, lng
}

// gcj02ToWGS84 inverts WGS84ToGCJ02. The one-step inverse found in many
// libraries (subtract the offset computed at the GCJ point) is off by up to
// about 4 m on the mainland, which matters for a geofence of a few hundred
// metres; iterating brings it to about a centimetre.
func gcj02ToWGS84(lat, lng float64) (float64, float64) {
	if outOfChina(lat, lng) {
		return lat, lng
	}
	return invert(WGS84ToGCJ02, lat, lng, lat, lng)
}

// bd09ToGCJ02 inverts GCJ02ToBD09. The customary closed form evaluates the
// perturbation terms at the Baidu point instead of the GCJ point, which
// leaves up to about 0.2 m of error; it serves as the starting guess, and
// iterating against the forward transform removes the rest. Unlike GCJ-02,
// Baidu's formula has no China box, so it is applied everywhere.
func bd09ToGCJ02(lat, lng float64) (float64, float64) {
	x, y := lng-0.0065, lat-0.006
	z := math.Sqrt(x*x+y*y) - 0.00002*math.Sin(y*xPi)
	θ := math.Atan2(y, x) - 0.000003*math.Cos(x*xPi)
	gLat, gLng := z*math.Sin(θ), z*math.Cos(θ)
	return invert(GCJ02ToBD09, lat, lng, gLat, gLng)
}
