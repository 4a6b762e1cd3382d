package scale

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/google/uuid"

	"huhang/internal/duty"
	"huhang/internal/platform/clock"
	"huhang/internal/supervision"
)

// roster is one teacher's duty at one host site: the site of a running
// plan with interns at work. A teacher with two sites visits them in turns
// of the day (slot of slots).
type roster struct {
	id          uuid.UUID
	site        int
	slot, slots int
	active      []int // placements active at the site
	lastPatrol  patrolRow
}

type patrolRow struct {
	id      uuid.UUID
	roster  int
	day     clock.Date
	created time.Time
	summary string
}

// missedDay is a duty day a roster has no check-in for: what A-DUTY-MISSED names.
type missedDay struct {
	roster int
	day    clock.Date
}

// dutyState is what the duty step leaves for supervision and alerts.
type dutyState struct {
	rosters []roster
	patrols []patrolRow
	missed  []missedDay
}

// Shares of duty days: the teacher checks in on nine in ten, checks out
// after almost every check-in, and writes the day's patrol on most of the
// days present (about seven in ten duty days).
const (
	presentShare  = 0.90
	checkoutShare = 0.97
	patrolShare   = 0.78
)

func (w *world) planRosters(g *rng) {
	perTeacher := map[uuid.UUID][]int{}
	for sx, st := range w.sites {
		if st.plan < 0 || w.plans[st.plan].status != planInProgress {
			continue
		}
		r := roster{id: g.uuid(), site: sx}
		for _, pi := range w.placementsOf[sx] {
			if w.placements[pi].status == "active" {
				r.active = append(r.active, pi)
			}
		}
		if len(r.active) == 0 {
			continue
		}
		t := w.schools[st.school].teachers[st.teacher]
		perTeacher[t] = append(perTeacher[t], len(w.duty.rosters))
		w.duty.rosters = append(w.duty.rosters, r)
	}
	for _, list := range perTeacher {
		for k, ri := range list {
			w.duty.rosters[ri].slot, w.duty.rosters[ri].slots = k, len(list)
		}
	}
}

func (r roster) window() (from, to int) {
	span := 600 / r.slots // minutes of the 08:00–18:00 window
	return 8*60 + r.slot*span, 8*60 + (r.slot+1)*span
}

func (wr *writer) duty(ctx context.Context, w *world) error {
	g := newRNG(w.o.Seed, streamDuty)
	w.planRosters(g)
	rosters := w.duty.rosters
	err := wr.copy(ctx, "duty_rosters", []string{"id", "school_id", "teacher_id", "enterprise_id", "starts_on", "ends_on", "weekdays",
		"window_start", "window_end", "status", "created_by", "created_at", "updated_at"}, len(rosters), func(i int) []any {
		r := rosters[i]
		st := w.sites[r.site]
		s := w.schools[st.school]
		p := w.plans[st.plan]
		ends := p.ends
		if limit := w.first.AddDays(366); limit.Before(ends) {
			ends = limit
		}
		created := at(w.first.AddDays(-1), 17, 0)
		return []any{r.id, s.id, s.teachers[st.teacher], w.enterprises[st.ent].id, day(w.first), day(ends), []int16{1, 2, 3, 4, 5},
			clockTime(8, 0), clockTime(18, 0), "active", s.adminID, created, created}
	})
	if err != nil {
		return err
	}
	// Duty days: Monday to Friday, unless the official calendar makes one a holiday.
	var days []clock.Date
	for d := w.first; !w.today.Before(d); d = d.AddDays(1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday && w.cal.IsWorkingDay(d) {
			days = append(days, d)
		}
	}
	cols := []string{"id", "roster_id", "teacher_id", "kind", "lat", "lng", "reported_datum", "coord_key", "accuracy_m", "distance_m",
		"in_fence", "anomalies", "note", "client_time", "sent_at", "occurred_at", "duty_day", "received_at", "client_ip",
		"user_agent", "idempotency_key", "request_hash", "answer"}
	ri, di := 0, 0
	var pending [][]any // the day's check-out waits behind its check-in
	noAnomalies := []string{}
	next := func() ([]any, bool) {
		for len(pending) == 0 {
			if ri == len(rosters) {
				return nil, false
			}
			if di == len(days) {
				ri, di = ri+1, 0
				continue
			}
			r, d := &rosters[ri], days[di]
			di++
			if !g.chance(presentShare) {
				w.duty.missed = append(w.duty.missed, missedDay{ri, d})
				continue
			}
			from, to := r.window()
			in := at(d, 0, from).Add(g.minutes(5, min(55, (to-from)/3)))
			pending = append(pending, checkin(w, g, ri, "in", in, noAnomalies))
			out := time.Time{}
			if g.chance(checkoutShare) {
				out = at(d, 0, to).Add(-g.minutes(5, min(50, (to-from)/3)))
				pending = append(pending, checkin(w, g, ri, "out", out, noAnomalies))
			}
			if g.chance(patrolShare) {
				end := out
				if end.IsZero() {
					end = in.Add(2 * time.Hour)
				}
				p := patrolRow{id: g.uuid(), roster: ri, day: d, created: end.Add(-g.minutes(10, 40)), summary: pick(g, patrolSummaries)}
				w.duty.patrols = append(w.duty.patrols, p)
				r.lastPatrol = p
			}
		}
		row := pending[0]
		pending = pending[1:]
		return row, true
	}
	if err := wr.copyStream(ctx, "duty_checkins", cols, next); err != nil {
		return err
	}
	return wr.copy(ctx, "patrols", []string{"id", "roster_id", "author_id", "day", "summary", "created_at"}, len(w.duty.patrols),
		func(i int) []any {
			p := w.duty.patrols[i]
			st := w.sites[rosters[p.roster].site]
			return []any{p.id, rosters[p.roster].id, w.schools[st.school].teachers[st.teacher], day(p.day), p.summary, p.created}
		})
}

// checkin is one honest check-in or check-out at the gate: a fix inside the
// fence, sent a second or two after the button was pressed (now and then
// queued offline for a while), with the row's stored answer and request
// hash computed as the duty service computes them.
func checkin(w *world, g *rng, ri int, kind string, pressed time.Time, anomalies []string) []any {
	r := w.duty.rosters[ri]
	st := w.sites[r.site]
	e := w.enterprises[st.ent]
	teacher := w.schools[st.school].teachers[st.teacher]
	dist := float64(e.radius) * 0.6 * math.Sqrt(g.float(0, 1))
	angle := g.float(0, 2*math.Pi)
	lat := round7(e.lat + dist*math.Cos(angle)/111320)
	lng := round7(e.lng + dist*math.Sin(angle)/(111320*math.Cos(e.lat*math.Pi/180)))
	accuracy := float64(g.between(5, 35))
	client := pressed.Truncate(time.Microsecond)
	delay := time.Duration(g.between(200, 3000)) * time.Millisecond
	if g.chance(0.02) {
		delay = g.minutes(5, 90) // no signal in the workshop: queued on the phone
	}
	latency := time.Duration(g.between(50_000, 800_000)) * time.Microsecond
	sent := client.Add(delay)
	received := sent.Add(latency)
	occurred := received.Add(-delay)
	distance, inFence := duty.InFence(duty.Fix{Lat: lat, Lng: lng, AccuracyM: accuracy, At: occurred}, e.lat, e.lng, e.radius)
	id := g.uuid()
	answer, _ := json.Marshal(duty.CheckinAnswer{ID: id, RosterID: r.id, Kind: duty.Kind(kind), InFence: inFence, DistanceM: distance,
		Anomalies: anomalies, OccurredAt: occurred, DelayedS: int(delay.Seconds())})
	request, _ := json.Marshal([]any{r.id, kind, lat, lng, accuracy, "wgs84", client.UTC().Format(time.RFC3339Nano), ""})
	sum := sha256.Sum256(request)
	ip := fmt.Sprintf("10.%d.%d.%d", 1+ri%250, g.intn(256), 1+g.intn(254))
	return []any{id, r.id, teacher, kind, lat, lng, "wgs84", duty.CoordKey(lat, lng), accuracy, distance, inFence, anomalies, "",
		client, sent, occurred, day(clock.BusinessDay(occurred)), received, ip, userAgents[ri%len(userAgents)], id.String(),
		hex.EncodeToString(sum[:]), answer}
}

func round7(v float64) float64 { return math.Round(v*1e7) / 1e7 }

// incident is a reported incident on a placement.
type incident struct {
	id        uuid.UUID
	placement int
	kind      string
	status    string
	occurred  time.Time
	created   time.Time
}

// supervision writes the last patrol's lines (one per intern on site, most
// countersigned by the mentor) and a few incidents. Earlier patrols keep
// their summary only: a line per intern per day would outnumber every
// other table, and the patrol-gap rule reads only the latest days.
func (wr *writer) supervision(ctx context.Context, w *world) error {
	g := newRNG(w.o.Seed, streamSupervision)
	type line struct {
		roster, placement int
		presence          string
		signed            time.Time
		id                uuid.UUID
	}
	var lines []line
	for ri, r := range w.duty.rosters {
		if r.lastPatrol.id == uuid.Nil {
			continue
		}
		for _, pi := range r.active {
			l := line{roster: ri, placement: pi, presence: "present", id: g.uuid()}
			switch x := g.float(0, 1); {
			case x < 0.02:
				l.presence = "absent"
			case x < 0.03:
				l.presence = "concern"
			}
			if g.chance(0.6) {
				l.signed = r.lastPatrol.created.Add(g.duration(min(20*time.Hour, w.asOf.Sub(r.lastPatrol.created))))
			}
			lines = append(lines, l)
		}
	}
	cols := []string{"id", "placement_id", "kind", "status", "author_id", "author_side", "content", "occurred_at", "patrol_id",
		"attendance", "countersigned_by", "countersigned_at", "incident_kind", "place", "action_taken", "ack_due_at",
		"acknowledged_by", "acknowledged_at", "outcome", "closed_at", "created_at", "updated_at"}
	err := wr.copy(ctx, "supervision_records", cols, len(lines), func(i int) []any {
		l := lines[i]
		r := w.duty.rosters[l.roster]
		st := w.sites[r.site]
		p := r.lastPatrol
		status, signer, updated := "awaiting_countersign", any(nil), p.created
		if !l.signed.IsZero() {
			status, signer, updated = "countersigned", w.enterprises[st.ent].mentors[st.mentor], l.signed
		}
		return []any{l.id, w.placements[l.placement].id, "patrol", status, w.schools[st.school].teachers[st.teacher], "school",
			supervision.Attendances[l.presence], p.created, p.id, l.presence, signer, optTime(l.signed), nil, nil, nil, nil, nil, nil,
			nil, nil, p.created, updated}
	})
	if err != nil {
		return err
	}
	// A few incidents: about one per two thousand students.
	var candidates []int
	for _, r := range w.duty.rosters {
		candidates = append(candidates, r.active...)
	}
	n := min(len(candidates), max(1, w.o.Students/2000))
	taken := map[int]bool{}
	kinds := []string{"injury", "injury", "other", "unpaid", "missing", "abuse"}
	for len(w.incidents) < n {
		pi := pick(g, candidates)
		if taken[pi] {
			continue
		}
		taken[pi] = true
		d := w.first.AddDays(g.intn(w.o.Days))
		inc := incident{id: g.uuid(), placement: pi, kind: pick(g, kinds), occurred: at(d, g.between(9, 16), g.intn(60))}
		inc.created = inc.occurred.Add(g.minutes(5, 30))
		switch x := g.float(0, 1); {
		case x < 0.5:
			inc.status = "closed"
		case x < 0.8:
			inc.status = "acknowledged"
		default:
			inc.status = "reported"
		}
		w.incidents = append(w.incidents, inc)
	}
	return wr.copy(ctx, "supervision_records", cols, len(w.incidents), func(i int) []any {
		inc := w.incidents[i]
		pl := w.placements[inc.placement]
		st := w.sites[pl.site]
		s := w.schools[st.school]
		e := w.enterprises[st.ent]
		author, side := s.teachers[st.teacher], "school"
		if i%5 >= 3 {
			author, side = e.mentors[st.mentor], "enterprise"
		}
		texts := incidentTexts[inc.kind]
		content := texts[i%len(texts)]
		clamp := func(t time.Time) time.Time {
			if t.After(w.asOf) {
				return w.asOf
			}
			return t
		}
		ackAt := clamp(inc.created.Add(time.Duration(10+i%80) * time.Minute))
		closed := clamp(ackAt.Add(time.Duration(1+i%40) * time.Hour))
		var ackBy, ackAtV, outcome, closedV any
		updated := inc.created
		switch inc.status {
		case "acknowledged":
			ackBy, ackAtV, updated = s.adminID, ackAt, ackAt
		case "closed":
			ackBy, ackAtV, outcome, closedV, updated = s.adminID, ackAt, "已妥善处理，学生恢复正常实习。", closed, closed
		}
		return []any{inc.id, pl.id, "incident", inc.status, author, side, content, inc.occurred, nil, nil, nil, nil, inc.kind,
			e.name + "生产区", "已第一时间报告学校和实习单位负责人并妥善处置。", inc.occurred.Add(2 * time.Hour), ackBy, ackAtV, outcome,
			closedV, inc.created, updated}
	})
}
