// Command huhang-bench is the load run of `make bench` (deploy/bench.sh):
// vegeta, as a library, against a real huhang server and the stack's
// ceiling (cmd/huhang-ceiling) on loopback, over a generated province
// (huhang seed scale). Every figure it prints is a ratio or a percentile
// measured in this run on this machine; none is compared with a number
// taken elsewhere.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"huhang/internal/platform/clock"
	"huhang/internal/seed/scale"
)

type options struct {
	server, ceiling, dbURL, password string
	duration                         time.Duration
	workers                          uint64
	teachers                         int
	exportPeakMB                     float64
	// clock is the server's: the phones' times are taken from it.
	clock clock.Clock
}

func main() {
	var o options
	flag.StringVar(&o.server, "server", "http://127.0.0.1:18190", "the huhang server")
	flag.StringVar(&o.ceiling, "ceiling", "http://127.0.0.1:18191", "the ceiling server")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "length of each attack")
	flag.Uint64Var(&o.workers, "workers", 32, "concurrent connections of the throughput attacks")
	flag.IntVar(&o.teachers, "teachers", 200, "teachers that check in")
	flag.Float64Var(&o.exportPeakMB, "export-peak-mb", 0, "peak heap of the 100,000-finding export, measured by the caller")
	at := flag.String("at", "", "the instant the server's clock started at (its HUHANG_DEV_CLOCK_AT), RFC 3339; empty for the real time")
	flag.Parse()
	o.clock = clock.System{}
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			log.Fatalf("--at: %v", err)
		}
		o.clock = clock.Shifted{By: time.Until(t)}
	}
	o.dbURL = os.Getenv("HUHANG_DATABASE_URL")
	if o.dbURL == "" {
		log.Fatal("HUHANG_DATABASE_URL is required")
	}
	o.password = scale.Password
	if err := run(context.Background(), o); err != nil {
		log.Fatal(err)
	}
}

// row is one line of the printed table.
type row struct {
	name, measured, target string
	ok                     bool
}

func run(ctx context.Context, o options) error {
	pool, err := pgxpool.New(ctx, o.dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	var students, checkins int64
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM students), (SELECT count(*) FROM duty_checkins)`).Scan(&students, &checkins); err != nil {
		return err
	}
	log.Printf("province: %d students, %d check-ins", students, checkins)

	duties, err := teachersOnDuty(ctx, pool, o)
	if err != nil {
		return err
	}
	log.Printf("%d teachers signed in", len(duties))
	var rows []row

	// 1. Throughput: the check-in against the ceiling, each as fast as it goes.
	ceiling := attack("ceiling", checkinTargeter(o.ceiling+"/checkins", duties, o.clock), vegeta.Rate{}, o.duration, o.workers)
	real := attack("check-in", checkinTargeter(o.server+"/api/v1/duty/checkins", duties, o.clock), vegeta.Rate{}, o.duration, o.workers)
	if ceiling.Success < 0.99 || real.Success < 0.99 {
		return fmt.Errorf("throughput attacks failed: ceiling %v %v, check-in %v %v", ceiling.StatusCodes, ceiling.Errors,
			real.StatusCodes, real.Errors)
	}
	ratio := real.Throughput / ceiling.Throughput
	rows = append(rows, row{"check-in throughput / ceiling (1 INSERT)",
		fmt.Sprintf("%.0f / %.0f req/s = %.2f", real.Throughput, ceiling.Throughput, ratio), "≥ 0.50", ratio >= 0.5})

	// 2. Latency at half the ceiling's rate.
	half := int(ceiling.Throughput / 2)
	paced := attack("check-in paced", checkinTargeter(o.server+"/api/v1/duty/checkins", duties, o.clock),
		vegeta.Rate{Freq: half, Per: time.Second}, o.duration, 0)
	p99 := paced.Latencies.P99
	rows = append(rows, row{fmt.Sprintf("check-in p99 at %d req/s (½ ceiling)", half),
		fmt.Sprintf("%s (success %.1f%%)", ms(p99), paced.Success*100), "< 50 ms", p99 < 50*time.Millisecond && paced.Success > 0.99})

	// 3. The city overview against a count(*) over the check-ins.
	city, cityToken, err := busiestCityAuditor(ctx, pool, o)
	if err != nil {
		return err
	}
	overview := attack("overview", getTargeter(o.server+"/api/v1/stats/overview?division="+city, cityToken), vegeta.Rate{}, o.duration/2, 1)
	count := timeCount(ctx, pool, 5)
	oRatio := float64(overview.Latencies.Mean) / float64(count)
	rows = append(rows, row{"city overview / count(*) over check-ins",
		fmt.Sprintf("%s / %s = %.3f", ms(overview.Latencies.Mean), ms(count), oRatio), "≤ 0.05", oRatio <= 0.05})
	rows = append(rows, row{"city overview p99 (" + city + ")", ms(overview.Latencies.P99), "< 150 ms",
		overview.Latencies.P99 < 150*time.Millisecond && overview.Success > 0.99})

	// 4. List pages at a moderate rate.
	county, countyToken, err := busiestReviewer(ctx, pool, o)
	if err != nil {
		return err
	}
	queue := attack("review queue", getTargeter(o.server+"/api/v1/plans/review-queue?limit=50", countyToken),
		vegeta.Rate{Freq: 50, Per: time.Second}, o.duration, 0)
	rows = append(rows, row{"review queue first page p99 (" + county + ")", ms(queue.Latencies.P99), "< 50 ms",
		queue.Latencies.P99 < 50*time.Millisecond && queue.Success > 0.99})
	list := attack("placement list", getTargeter(o.server+"/api/v1/placements?limit=50", cityToken),
		vegeta.Rate{Freq: 50, Per: time.Second}, o.duration, 0)
	rows = append(rows, row{"placement list first page p99 (" + city + ")", ms(list.Latencies.P99), "< 50 ms",
		list.Latencies.P99 < 50*time.Millisecond && list.Success > 0.99})

	// 5. The ledger export, measured by its own test in this run.
	if o.exportPeakMB > 0 {
		rows = append(rows, row{"ledger export of 100,000 findings, peak heap", fmt.Sprintf("%.1f MB", o.exportPeakMB), "< 150 MB",
			o.exportPeakMB < 150})
	}
	printTable(os.Stdout, students, checkins, rows)
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// attack runs one attack and returns its metrics. Workers > 0 fixes the
// concurrency (rate 0 means as fast as they go); 0 lets vegeta pace.
//
// Each attack is preceded by a warm-up whose results are dropped: a
// server's first executions of a statement on each pooled connection are
// planned one by one before PostgreSQL settles on a cached generic plan, and
// the run measures the steady state a server reaches within seconds.
func attack(name string, tr vegeta.Targeter, rate vegeta.Rate, d time.Duration, workers uint64) vegeta.Metrics {
	opts := []func(*vegeta.Attacker){vegeta.Timeout(30 * time.Second), vegeta.KeepAlive(true)}
	if workers > 0 {
		opts = append(opts, vegeta.Workers(workers), vegeta.MaxWorkers(workers), vegeta.Connections(int(workers)))
	}
	for range vegeta.NewAttacker(opts...).Attack(tr, vegeta.Rate{Freq: 100, Per: time.Second}, 2*time.Second, name+" warm-up") {
	}
	if rate.Per == 0 {
		// Freq 0: as fast as the fixed workers go.
		rate.Per = time.Second
	}
	a := vegeta.NewAttacker(opts...)
	var m vegeta.Metrics
	for res := range a.Attack(tr, rate, d, name) {
		m.Add(res)
	}
	m.Close()
	log.Printf("%-15s %6d req  %7.0f req/s  mean %s  p99 %s  success %.1f%% %v", name, m.Requests, m.Throughput,
		ms(m.Latencies.Mean), ms(m.Latencies.P99), m.Success*100, m.StatusCodes)
	return m
}

// onDuty is a teacher signed in with a roster owed today and its site.
type onDuty struct {
	token    string
	rosterID uuid.UUID
	lat, lng float64
}

func login(server, username, password string) (string, error) {
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	res, err := http.Post(server+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return "", fmt.Errorf("login %s: %d %s", username, res.StatusCode, raw)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	return tok.AccessToken, json.Unmarshal(raw, &tok)
}

func teachersOnDuty(ctx context.Context, pool *pgxpool.Pool, o options) ([]onDuty, error) {
	today := clock.BusinessDay(o.clock.Now())
	rows, err := pool.Query(ctx, `SELECT DISTINCT ON (dr.teacher_id) u.username, dr.id, e.lat, e.lng
		FROM duty_rosters dr JOIN users u ON u.id = dr.teacher_id JOIN enterprises e ON e.org_id = dr.enterprise_id
		WHERE dr.status = 'active' AND dr.starts_on <= $1 AND dr.ends_on >= $1 AND e.lat IS NOT NULL
		ORDER BY dr.teacher_id, dr.id LIMIT $2`, today.SQL(), o.teachers)
	if err != nil {
		return nil, err
	}
	type cand struct {
		user     string
		roster   uuid.UUID
		lat, lng float64
	}
	var cands []cand
	for rows.Next() {
		var c cand
		if err := rows.Scan(&c.user, &c.roster, &c.lat, &c.lng); err != nil {
			return nil, err
		}
		cands = append(cands, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(cands) == 0 {
		return nil, fmt.Errorf("no teacher has a roster today (%s): generate the province with its last duty day today", today)
	}
	out := make([]onDuty, 0, len(cands))
	for _, c := range cands {
		tok, err := login(o.server, c.user, o.password)
		if err != nil {
			return nil, err
		}
		out = append(out, onDuty{token: tok, rosterID: c.roster, lat: c.lat, lng: c.lng})
	}
	return out, nil
}

// checkinTargeter makes each request a new check-in of the next teacher:
// a fresh idempotency key and a position a few metres from the site, as
// phones send them.
func checkinTargeter(url string, duties []onDuty, clk clock.Clock) vegeta.Targeter {
	var n atomic.Uint64
	return func(t *vegeta.Target) error {
		i := n.Add(1)
		d := duties[int(i)%len(duties)]
		now := clk.Now()
		body, _ := json.Marshal(map[string]any{"roster_id": d.rosterID, "kind": "in",
			"lat": d.lat + (rand.Float64()-0.5)*0.0002, "lng": d.lng + (rand.Float64()-0.5)*0.0002, "accuracy_m": 12.0,
			"datum": "wgs84", "client_time": now.Add(-time.Second).Format(time.RFC3339Nano), "sent_at": now.Format(time.RFC3339Nano)})
		t.Method, t.URL, t.Body = http.MethodPost, url, body
		t.Header = http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer " + d.token},
			"Idempotency-Key": {strings.ReplaceAll(uuid.NewString(), "-", "")}}
		return nil
	}
}

func getTargeter(url, token string) vegeta.Targeter {
	return func(t *vegeta.Target) error {
		t.Method, t.URL = http.MethodGet, url
		t.Header = http.Header{"Authorization": {"Bearer " + token}}
		return nil
	}
}

// busiestCityAuditor signs in the auditor of the city with the most schools.
func busiestCityAuditor(ctx context.Context, pool *pgxpool.Pool, o options) (string, string, error) {
	var city, user string
	err := pool.QueryRow(ctx, `SELECT d.code, u.username FROM divisions d
		JOIN orgs b ON b.division_code = d.code AND b.kind = 'bureau' JOIN users u ON u.org_id = b.id AND u.role = 'bureau_auditor'
		WHERE d.level = 'city'
		ORDER BY (SELECT count(*) FROM orgs s WHERE s.kind = 'school' AND left(s.division_code, 4) = left(d.code, 4)) DESC, d.code
		LIMIT 1`).Scan(&city, &user)
	if err != nil {
		return "", "", fmt.Errorf("no city auditor: %w", err)
	}
	tok, err := login(o.server, user, o.password)
	return city, tok, err
}

// busiestReviewer signs in the auditor with the longest review queue.
func busiestReviewer(ctx context.Context, pool *pgxpool.Pool, o options) (string, string, error) {
	var code, user string
	err := pool.QueryRow(ctx, `SELECT p.review_division, u.username FROM plans p
		JOIN orgs b ON b.division_code = p.review_division AND b.kind = 'bureau'
		JOIN users u ON u.org_id = b.id AND u.role = 'bureau_auditor'
		WHERE p.status = 'submitted' GROUP BY 1, 2 ORDER BY count(*) DESC, 1 LIMIT 1`).Scan(&code, &user)
	if err != nil {
		return "", "", fmt.Errorf("no review queue: %w", err)
	}
	tok, err := login(o.server, user, o.password)
	return code, tok, err
}

// timeCount is the median time of count(*) over the check-ins, after one
// warm-up run so both sides read from a warm cache.
func timeCount(ctx context.Context, pool *pgxpool.Pool, runs int) time.Duration {
	var n int64
	_ = pool.QueryRow(ctx, `SELECT count(*) FROM duty_checkins`).Scan(&n)
	var took []time.Duration
	for range runs {
		start := time.Now()
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM duty_checkins`).Scan(&n); err != nil {
			log.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	return took[len(took)/2]
}

func printTable(w io.Writer, students, checkins int64, rows []row) {
	fmt.Fprintf(w, "\nhuhang bench — %d students, %d check-ins; every figure measured in this run\n\n", students, checkins)
	width := 0
	for _, r := range rows {
		width = max(width, len([]rune(r.name)))
	}
	mwidth := 0
	for _, r := range rows {
		mwidth = max(mwidth, len([]rune(r.measured)))
	}
	pad := func(s string, n int) string { return s + strings.Repeat(" ", max(0, n-len([]rune(s)))) }
	fmt.Fprintf(w, "%s  %s  %-8s  %s\n", pad("measure", width), pad("measured", mwidth), "target", "")
	for _, r := range rows {
		verdict := "ok"
		if !r.ok {
			verdict = "MISSED"
		}
		fmt.Fprintf(w, "%s  %s  %s  %s\n", pad(r.name, width), pad(r.measured, mwidth), pad(r.target, 8), verdict)
	}
}
