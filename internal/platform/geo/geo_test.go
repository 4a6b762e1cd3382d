package geo_test

import (
	"errors"
	"math"
	"testing"

	"huhang/internal/platform/geo"
)

type point struct {
	name     string
	lat, lng float64
}

// WGS-84 positions, rounded to 4 decimals (about 10 m), which is all these
// tests need.
var chinaPoints = []point{
	{"巴中 city centre", 31.8672, 106.7478},
	{"南江", 32.3533, 106.8283},
	{"平昌", 31.5600, 107.1040},
	{"通江", 31.9120, 107.2450},
	{"成都 天府广场", 30.6571, 104.0657},
	{"北京 天安门", 39.9087, 116.3975},
	{"哈尔滨", 45.8038, 126.5350},
	{"三亚", 18.2528, 109.5119},
	{"喀什", 39.4677, 75.9938},
}

func TestRoundTripWGSGCJ(t *testing.T) {
	for _, p := range chinaPoints {
		gLat, gLng := geo.WGS84ToGCJ02(p.lat, p.lng)
		wLat, wLng, err := geo.ToWGS84(gLat, gLng, geo.GCJ02)
		if err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		if d := geo.DistanceMeters(p.lat, p.lng, wLat, wLng); d > 0.05 {
			t.Errorf("%s: WGS→GCJ→WGS is %.3f m off", p.name, d)
		}
	}
}

func TestRoundTripWGSGCJBD(t *testing.T) {
	for _, p := range chinaPoints {
		gLat, gLng := geo.WGS84ToGCJ02(p.lat, p.lng)
		bLat, bLng := geo.GCJ02ToBD09(gLat, gLng)
		wLat, wLng, err := geo.ToWGS84(bLat, bLng, geo.BD09)
		if err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		if d := geo.DistanceMeters(p.lat, p.lng, wLat, wLng); d > 0.05 {
			t.Errorf("%s: WGS→GCJ→BD→WGS is %.3f m off", p.name, d)
		}
	}
}

// Published outputs of other implementations of the same formulas, so that a
// transcription slip in a coefficient cannot hide behind a round trip (which
// would pass for any forward transform with an inverse).
func TestPublishedVectors(t *testing.T) {
	cases := []struct {
		name             string
		fromLat, fromLng float64
		wantLat, wantLng float64
		forward          func(lat, lng float64) (float64, float64)
		inverse          geo.Datum // converting want back must give from
		hasInverse       bool
	}{
		// wandergis/coordtransform, as quoted in hutool and coordtransform_rs tests.
		{"coordtransform WGS→GCJ", 39.915, 116.404, 39.91640428150164, 116.41024449916938, geo.WGS84ToGCJ02, geo.GCJ02, true},
		// googollee/eviltransform test vectors.
		{"eviltransform Shanghai", 31.1774276, 121.5272106, 31.17530398364597, 121.531541859215, geo.WGS84ToGCJ02, geo.GCJ02, true},
		{"eviltransform Shenzhen", 22.543847, 113.912316, 22.540796131694766, 113.9171764808363, geo.WGS84ToGCJ02, geo.GCJ02, true},
		{"eviltransform Beijing", 39.911954, 116.377817, 39.91334545536069, 116.38404722455657, geo.WGS84ToGCJ02, geo.GCJ02, true},
		// wandergis/coordtransform GCJ→BD (coordtransform_rs test).
		{"coordtransform GCJ→BD", 39.915, 116.404, 39.92133699351021, 116.41036949371029, geo.GCJ02ToBD09, "", false},
	}
	for _, tc := range cases {
		lat, lng := tc.forward(tc.fromLat, tc.fromLng)
		if d := geo.DistanceMeters(lat, lng, tc.wantLat, tc.wantLng); d > 0.01 {
			t.Errorf("%s: forward is %.4f m from the published value", tc.name, d)
		}
		if !tc.hasInverse {
			continue
		}
		wLat, wLng, err := geo.ToWGS84(tc.wantLat, tc.wantLng, tc.inverse)
		if err != nil {
			t.Fatal(err)
		}
		if d := geo.DistanceMeters(wLat, wLng, tc.fromLat, tc.fromLng); d > 0.05 {
			t.Errorf("%s: inverse is %.4f m from the published WGS-84 point", tc.name, d)
		}
	}
}

// The GCJ-02 offset in Sichuan is a few hundred metres; a result outside
// 100–700 m means a sign or unit error, not a subtle one.
func TestGCJOffsetMagnitudeInSichuan(t *testing.T) {
	for _, p := range chinaPoints[:5] {
		gLat, gLng := geo.WGS84ToGCJ02(p.lat, p.lng)
		if d := geo.DistanceMeters(p.lat, p.lng, gLat, gLng); d < 100 || d > 700 {
			t.Errorf("%s: GCJ-02 offset %.0f m, want 100–700 m", p.name, d)
		}
		bLat, bLng := geo.GCJ02ToBD09(gLat, gLng)
		// Baidu adds roughly 0.006° in each direction, about 0.9 km.
		if d := geo.DistanceMeters(gLat, gLng, bLat, bLng); d < 500 || d > 1500 {
			t.Errorf("%s: BD-09 offset %.0f m, want 500–1500 m", p.name, d)
		}
	}
}

// Points outside the rough box stay put. The box is rough both ways:
// Singapore, Seoul and Hanoi are inside it and do get shifted, as they are by
// every SDK that uses the same box.
func TestOutsideChinaUnchanged(t *testing.T) {
	for _, p := range []point{
		{"London", 51.5007, -0.1246},
		{"Tokyo, east of the box", 35.6762, 139.6503},
		{"Sydney", -33.8568, 151.2153},
		{"just north of the box", 55.8272, 100.0},
		{"just west of the box", 40.0, 72.0039},
	} {
		gLat, gLng := geo.WGS84ToGCJ02(p.lat, p.lng)
		wLat, wLng, err := geo.ToWGS84(p.lat, p.lng, geo.GCJ02)
		if err != nil {
			t.Fatal(err)
		}
		if gLat != p.lat || gLng != p.lng || wLat != p.lat || wLng != p.lng {
			t.Errorf("%s: moved to GCJ (%v, %v) / WGS (%v, %v)", p.name, gLat, gLng, wLat, wLng)
		}
	}
}

func TestToWGS84(t *testing.T) {
	lat, lng, err := geo.ToWGS84(31.8672, 106.7478, geo.WGS84)
	if err != nil || lat != 31.8672 || lng != 106.7478 {
		t.Errorf("WGS84 must pass through: %v %v %v", lat, lng, err)
	}
	if _, _, err := geo.ToWGS84(31.8672, 106.7478, "mars"); !errors.Is(err, geo.ErrUnknownDatum) {
		t.Errorf("unknown datum: %v", err)
	}
	if _, _, err := geo.ToWGS84(math.NaN(), 106.7478, geo.GCJ02); !errors.Is(err, geo.ErrInvalidCoordinates) {
		t.Errorf("NaN latitude: %v", err)
	}
	if _, _, err := geo.ToWGS84(31.8672, 181, geo.WGS84); !errors.Is(err, geo.ErrInvalidCoordinates) {
		t.Errorf("longitude 181: %v", err)
	}
}

func TestParseDatum(t *testing.T) {
	cases := map[string]geo.Datum{
		"wgs84": geo.WGS84, "WGS84": geo.WGS84, "WGS-84": geo.WGS84, "wgs_84": geo.WGS84,
		"gcj02": geo.GCJ02, "GCJ-02": geo.GCJ02,
		"bd09": geo.BD09, "BD-09": geo.BD09, "bd09ll": geo.BD09,
	}
	for in, want := range cases {
		if got, err := geo.ParseDatum(in); err != nil || got != want {
			t.Errorf("ParseDatum(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "wgs", "gcj", "bd09mc", "epsg:4326", "cgcs2000"} {
		if got, err := geo.ParseDatum(bad); !errors.Is(err, geo.ErrUnknownDatum) || got != "" {
			t.Errorf("ParseDatum(%q) = %q, %v; want ErrUnknownDatum", bad, got, err)
		}
	}
}

func TestCheckCoordinates(t *testing.T) {
	const (
		latRange = "纬度须在 -90 到 90 之间"
		lngRange = "经度须在 -180 到 180 之间"
		latNaN   = "纬度不是有效的数值"
		lngNaN   = "经度不是有效的数值"
	)
	type fp = geo.FieldProblem
	cases := []struct {
		name     string
		lat, lng float64
		want     []fp
	}{
		{"Bazhong", 31.8672, 106.7478, nil},
		{"north pole", 90, 0, nil},
		{"south pole", -90, 0, nil},
		{"antimeridian east", 0, 180, nil},
		{"antimeridian west", 0, -180, nil},
		{"lat just over 90", 90.0001, 0, []fp{{"lat", latRange}}},
		{"lat just under -90", -90.0001, 0, []fp{{"lat", latRange}}},
		{"lng just over 180", 0, 180.0001, []fp{{"lng", lngRange}}},
		{"lng just under -180", 0, -180.0001, []fp{{"lng", lngRange}}},
		{"lat NaN", math.NaN(), 0, []fp{{"lat", latNaN}}},
		{"lat +Inf", math.Inf(1), 0, []fp{{"lat", latNaN}}},
		{"lng -Inf", 0, math.Inf(-1), []fp{{"lng", lngNaN}}},
		{"lat and lng swapped", 106.7478, 31.8672, []fp{{"lat", latRange}}},
		{"both bad", 91, math.NaN(), []fp{{"lat", latRange}, {"lng", lngNaN}}},
	}
	for _, tc := range cases {
		got := geo.CheckCoordinates(tc.lat, tc.lng)
		if len(got) != len(tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
			}
		}
	}
}

// Expected distances are worked out independently of DistanceMeters:
//
//   - 1° of arc on a sphere of R = 6 371 008.8 m is R·π/180 = 20 015 114.4/180
//     = 111 195.08 m, along a meridian or along the equator alike.
//   - Half the circumference, R·π = 20 015 114.4 m.
//   - 巴中 (31.8672, 106.7478) to 成都天府广场 (30.6571, 104.0657), by the
//     flat-earth approximation at the mean latitude 31.262° (cos = 0.8547):
//     north–south 1.2101° × 111.195 km = 134.56 km, east–west 2.6821° × 0.8547
//     × 111.195 km = 254.90 km, hypotenuse √(134.56² + 254.90²) = 288.2 km.
//     At this size the approximation agrees with the great circle to well
//     under 0.1 km; a Python haversine gives 288.250 km.
//   - 天安门 (39.9087, 116.3975) to 上海人民广场 (31.2304, 121.4737): the
//     usual published straight-line figure is about 1 068 km; a Python
//     haversine gives 1 068.14 km.
func TestDistanceMeters(t *testing.T) {
	cases := []struct {
		name                   string
		lat1, lng1, lat2, lng2 float64
		want, tol              float64
	}{
		{"same point", 31.8672, 106.7478, 31.8672, 106.7478, 0, 1e-9},
		{"1° of latitude", 0, 0, 1, 0, 111195.08, 1},
		{"1° of latitude at Bazhong", 31, 106.7478, 32, 106.7478, 111195.08, 1},
		{"1° of longitude on the equator", 0, 0, 0, 1, 111195.08, 1},
		{"antipodes", 0, 0, 0, 180, 20015114.4, 1},
		{"pole to pole", 90, 0, -90, 0, 20015114.4, 1},
		{"across the antimeridian", 0, 179.5, 0, -179.5, 111195.08, 1},
		{"Bazhong to Chengdu", 31.8672, 106.7478, 30.6571, 104.0657, 288250, 500},
		{"Beijing to Shanghai", 39.9087, 116.3975, 31.2304, 121.4737, 1068140, 2000},
	}
	for _, tc := range cases {
		got := geo.DistanceMeters(tc.lat1, tc.lng1, tc.lat2, tc.lng2)
		if math.Abs(got-tc.want) > tc.tol {
			t.Errorf("%s: %.2f m, want %.2f ± %.2f", tc.name, got, tc.want, tc.tol)
		}
		if back := geo.DistanceMeters(tc.lat2, tc.lng2, tc.lat1, tc.lng1); math.Abs(back-got) > 1e-6 {
			t.Errorf("%s: not symmetric: %.6f vs %.6f", tc.name, got, back)
		}
	}
}
