package scale

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"huhang/internal/platform/clock"
	"huhang/internal/rules"
)

// Standing conditions the worker's scans look for: a placement under way
// without insurance covering it (A-INSURANCE) or without pay for a finished
// month (A-PAY-MISSING). The generator gives every placement its policy
// and its pay, except a few it leaves with the gap and an alert about it,
// so a worker started on the province finds what the inbox already says
// instead of raising an alert for every intern.
const gapsPerAlerts = 6 // each kind of gap: a sixth of the alerts

// documents writes the insurance policy of every placement that is ready or
// under way and the monthly pay of every post internship under way.
func (wr *writer) documents(ctx context.Context, w *world) error {
	g := newRNG(w.o.Seed, streamDocuments)
	thisMonth := clock.Date{Year: w.today.Year, Month: w.today.Month, Day: 1}
	var active, insured, paying []int
	for pi, pl := range w.placements {
		switch pl.status {
		case "active":
			active = append(active, pi)
			insured = append(insured, pi)
			if p := w.plans[pl.plan]; p.kind == "post" && (clock.Date{Year: p.starts.Year, Month: p.starts.Month, Day: 1}).Before(thisMonth) {
				paying = append(paying, pi)
			}
		case "ready":
			insured = append(insured, pi)
		}
	}
	w.insuranceGaps = drawDistinct(g, active, max(1, w.o.Students/100/gapsPerAlerts))
	w.payGaps = drawDistinct(g, paying, max(1, w.o.Students/100/gapsPerAlerts))
	noPolicy := map[int]bool{}
	for _, pi := range w.insuranceGaps {
		noPolicy[pi] = true
	}
	var docs []int
	for _, pi := range insured {
		if !noPolicy[pi] {
			docs = append(docs, pi)
		}
	}
	insurers := []string{"中国人民财产保险股份有限公司", "中国平安财产保险股份有限公司", "中国太平洋财产保险股份有限公司"}
	err := wr.copy(ctx, "placement_documents", []string{"placement_id", "kind", "data", "updated_by", "updated_at"}, len(docs), func(i int) []any {
		pl := w.placements[docs[i]]
		p := w.plans[pl.plan]
		s := w.schools[p.school]
		// The school insures each plan's interns under one policy.
		data, _ := json.Marshal(map[string]string{"insurer": insurers[pl.plan%len(insurers)],
			"policy_no": fmt.Sprintf("PSX%d%08d", p.starts.Year, pl.plan+1), "covers_from": p.starts.String(),
			"covers_to": p.ends.String(), "payer": "school"})
		return []any{pl.id, "insurance", data, s.adminID, pl.confirmed}
	})
	if err != nil {
		return err
	}
	unpaid := map[int]bool{}
	for _, pi := range w.payGaps {
		unpaid[pi] = true
	}
	type pay struct {
		placement int
		month     clock.Date
	}
	var pays []pay
	for _, pi := range active {
		p := w.plans[w.placements[pi].plan]
		if p.kind != "post" {
			continue
		}
		for m := (clock.Date{Year: p.starts.Year, Month: p.starts.Month, Day: 1}); m.Before(thisMonth); m = addMonth(m) {
			// A gap is the last finished month, not yet paid.
			if unpaid[pi] && !addMonth(m).Before(thisMonth) {
				continue
			}
			pays = append(pays, pay{pi, m})
		}
	}
	messages := map[[3]int]string{} // (post, month, method) → the R-PAY verdict, the same for every intern paid so
	ids := make([]any, len(pays))
	for i := range ids {
		ids[i] = g.uuid()
	}
	return wr.copy(ctx, "pay_records", []string{"id", "placement_id", "month", "amount_fen", "paid_on", "method", "required_fen",
		"compliant", "message", "recorded_by", "created_at"}, len(pays), func(i int) []any {
		py := pays[i]
		pl := w.placements[py.placement]
		po := w.posts[pl.post]
		e := w.enterprises[po.ent]
		amount := payOf(po)
		paid := addMonth(py.month).AddDays(9)
		if w.today.Before(paid) {
			paid = w.today
		}
		method, mobile := "bank_transfer", int(pl.student%5/4)
		if mobile == 1 {
			method = "mobile_payment"
		}
		key := [3]int{int(pl.post), py.month.Year*100 + int(py.month.Month), mobile}
		msg, ok := messages[key]
		if !ok {
			msg = rules.CheckPay(rules.PayInput{Month: fmt.Sprintf("%04d-%02d", py.month.Year, py.month.Month), AmountFen: amount,
				WageFen: po.wage, Method: method, PostName: po.name}).Message
			messages[key] = msg
		}
		return []any{ids[i], pl.id, day(py.month), amount, day(paid), method, rules.RequiredPayFen(po.wage, nil), true, msg,
			e.adminID, at(paid, 10, int(pl.student%60))}
	})
}

func addMonth(d clock.Date) clock.Date {
	t := time.Date(d.Year, d.Month+1, 1, 0, 0, 0, 0, time.UTC)
	return clock.Date{Year: t.Year(), Month: t.Month(), Day: 1}
}

// drawDistinct picks n different elements of list (all of them when it holds fewer).
func drawDistinct(g *rng, list []int, n int) []int {
	if n >= len(list) {
		return append([]int(nil), list...)
	}
	taken := map[int]bool{}
	var out []int
	for len(out) < n {
		x := list[g.intn(len(list))]
		if !taken[x] {
			taken[x] = true
			out = append(out, x)
		}
	}
	return out
}
