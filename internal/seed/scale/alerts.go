package scale

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"huhang/internal/alerts/outbox"
	"huhang/internal/platform/clock"
	"huhang/internal/supervision"
)

// alertRow is an alert as the pipeline delivers it, moved on by someone
// who must act (or left open).
type alertRow struct {
	id              uuid.UUID
	sig             outbox.Signal
	raised          time.Time
	status          string
	acked, resolved time.Time
	by              uuid.UUID
	byName          string
	standing        bool
}

// alerts raises about one alert per hundred students: one per incident
// (and per incident left unacknowledged), one per overdue rectification,
// one per gap in insurance or pay the documents step left, and the rest
// drawn from the missed duty days (two in three) and patrol gaps. Half are
// open, a quarter acknowledged, a quarter resolved; a gap that still
// stands is never resolved.
func (wr *writer) alerts(ctx context.Context, w *world) error {
	g := newRNG(w.o.Seed, streamAlerts)
	want := max(1, w.o.Students/100)
	var list []alertRow
	seen := map[string]bool{}
	// A standing condition is one the generated data still shows: its
	// alert is never resolved, or the worker's next scan would raise it again.
	add := func(sig outbox.Signal, raised time.Time, standing bool) {
		if seen[sig.DedupeKey()] {
			return
		}
		seen[sig.DedupeKey()] = true
		list = append(list, alertRow{id: g.uuid(), sig: sig, raised: raised.Truncate(time.Microsecond), standing: standing})
	}
	placementSignal := func(pi int, rule outbox.Rule, d clock.Date, school, ent bool, title, detail string) outbox.Signal {
		pl := w.placements[pi]
		st := w.sites[pl.site]
		s := w.schools[st.school]
		e := w.enterprises[st.ent]
		sig := outbox.Signal{Rule: rule, SubjectType: "placement", SubjectID: pl.id, Day: d, Title: outbox.Title("%s", title),
			Detail: detail, Link: "/placements/" + pl.id.String(), DivisionCode: s.division}
		if school {
			sig.SchoolID = &s.id
		}
		if ent {
			sig.EnterpriseID = &e.id
		}
		return sig
	}
	studentAt := func(pi int) (string, string) {
		pl := w.placements[pi]
		return outbox.Masked(w.students[pl.student].name), w.enterprises[w.sites[pl.site].ent].name
	}
	for _, inc := range w.incidents {
		who, ent := studentAt(inc.placement)
		sig := placementSignal(inc.placement, outbox.Incident, clock.BusinessDay(inc.occurred), true, true,
			fmt.Sprintf("突发事件（%s）：%s在%s", supervision.IncidentKinds[inc.kind], who, ent), incidentTexts[inc.kind][0])
		sig.SubjectType, sig.SubjectID, sig.Link = "incident", inc.id, "/incidents/"+inc.id.String()
		add(sig, inc.created, false)
		if due := inc.occurred.Add(2 * time.Hour); inc.status == "reported" && due.Before(w.asOf) {
			sig := placementSignal(inc.placement, outbox.IncidentUnacked, clock.BusinessDay(due.Add(10*time.Minute)), true, false,
				fmt.Sprintf("%s在%s的突发事件超过时限仍未确认", who, ent),
				fmt.Sprintf("学校应在 %s 前确认并处置。", due.In(clock.Location()).Format("01-02 15:04")))
			sig.SubjectType, sig.SubjectID, sig.Link = "incident", inc.id, "/incidents/"+inc.id.String()
			add(sig, due.Add(10*time.Minute), true)
		}
	}
	for _, f := range w.findings {
		if f.status == "recorded" || f.status == "closed" || !f.deadline.Before(w.today) {
			continue
		}
		t := w.target(f)
		d := f.deadline.AddDays(1)
		sig := outbox.Signal{Rule: outbox.RectifyOverdue, SubjectType: "finding", SubjectID: f.id, Day: d,
			Title:  outbox.Title("整改通知 %s（%s）已过期限 %s，尚未销号", f.orderNo, t.name, f.deadline),
			Detail: "第四十五条：对检查发现的问题建立台账，限期整改并跟踪销号。", Link: "/findings/" + f.id.String(),
			DivisionCode: t.division}
		b := w.bureaus[w.cities[w.schools[f.school].city].bureau]
		sig.BureauID = &b.id
		org := t.responsible
		if f.toEnterprise && f.placement >= 0 {
			sig.EnterpriseID = &org
		} else {
			sig.SchoolID = &org
		}
		add(sig, at(d, 2, g.intn(30)), true)
	}
	for _, pi := range w.insuranceGaps {
		who, ent := studentAt(pi)
		d := w.first.AddDays(g.intn(w.o.Days))
		add(placementSignal(pi, outbox.Insurance, d, true, true, fmt.Sprintf("%s在%s实习，没有有效的实习责任保险", who, ent),
			"第三十五条：实习学生应投保实习责任保险，保险期间覆盖整个实习期。"), at(d, 2, g.intn(30)), true)
	}
	// The month gone unpaid is the last finished one; the scan first sees it on the first of this month.
	thisMonth := clock.Date{Year: w.today.Year, Month: w.today.Month, Day: 1}
	lastMonth := thisMonth.AddDays(-1)
	for _, pi := range w.payGaps {
		who, ent := studentAt(pi)
		d := thisMonth
		if d.Before(w.first) {
			d = w.first
		}
		add(placementSignal(pi, outbox.PayMissing, d, true, true,
			fmt.Sprintf("%s在%s实习，%04d-%02d 的报酬没有发放记录", who, ent, lastMonth.Year, lastMonth.Month),
			"第十八条：实习单位应按月足额发放岗位实习报酬，不得拖欠。"), at(d, 2, g.intn(30)), true)
	}
	var active []int
	for _, r := range w.duty.rosters {
		active = append(active, r.active...)
	}
	for tries := 0; len(list) < want && tries < 20*want; tries++ {
		rule := outbox.DutyMissed
		if g.chance(1.0 / 3) {
			rule = outbox.PatrolGap
		}
		switch rule {
		case outbox.DutyMissed:
			if len(w.duty.missed) == 0 {
				continue
			}
			m := pick(g, w.duty.missed)
			r := w.duty.rosters[m.roster]
			st := w.sites[r.site]
			s := w.schools[st.school]
			sig := outbox.Signal{Rule: rule, SubjectType: "duty_roster", SubjectID: r.id, Day: m.day,
				Title:  outbox.Title("%s %s 在%s的值守未签到", m.day, s.teacherNames[st.teacher], w.enterprises[st.ent].name),
				Detail: "值守时段 08:00–18:00 已结束，没有签到记录（第二十三条：学校应安排实习指导教师跟岗值守）。",
				Link:   "/duty/coverage", SchoolID: &s.id, DivisionCode: s.division}
			add(sig, at(m.day, 18, g.between(5, 40)), false)
		default:
			if len(active) == 0 {
				continue
			}
			pi := pick(g, active)
			who, ent := studentAt(pi)
			d := w.first.AddDays(g.intn(w.o.Days))
			add(placementSignal(pi, rule, d, true, true, fmt.Sprintf("%s在%s实习，已 3 天无巡查或共管记录", who, ent),
				"第二十三条：实习指导教师原则上每日巡查，请安排巡查并记录。"), at(d, 2, g.intn(30)), false)
		}
	}
	// Who acted, and when: the school if it must, else the host, else the bureau.
	incidentStatus := map[uuid.UUID]string{}
	for _, inc := range w.incidents {
		incidentStatus[inc.id] = inc.status
	}
	for i := range list {
		a := &list[i]
		// The school confirming an incident acknowledges its alerts with it.
		st, isIncident := incidentStatus[a.sig.SubjectID]
		switch x := g.float(0, 1); {
		case isIncident && st == "reported":
			a.status = "open"
			continue
		case isIncident:
			a.status = "acknowledged"
		case x < 0.5:
			a.status = "open"
			continue
		case x < 0.75 || a.standing:
			a.status = "acknowledged"
		default:
			a.status = "resolved"
		}
		a.by, a.byName = w.actorFor(a.sig)
		a.acked = a.raised.Add(time.Second + g.duration(min(48*time.Hour, w.asOf.Sub(a.raised)/2)))
		if a.status == "resolved" {
			a.resolved = a.acked.Add(time.Second + g.duration(min(72*time.Hour, w.asOf.Sub(a.acked)/2)))
		}
	}
	err := wr.copy(ctx, "alerts", []string{"id", "dedupe_key", "rule", "severity", "subject_type", "subject_id", "business_day",
		"title", "detail", "link", "school_id", "enterprise_id", "bureau_id", "division_code", "status", "raised_at", "delivered_at",
		"acknowledged_at", "acknowledged_by", "resolved_at", "resolved_by", "resolve_note", "updated_at"}, len(list), func(i int) []any {
		a := list[i]
		info, _ := outbox.Info(a.sig.Rule)
		bureauID := w.bureauOf(a.sig.DivisionCode).id
		if a.sig.BureauID != nil {
			bureauID = *a.sig.BureauID
		}
		delivered := a.raised.Add(time.Duration(1+i%4) * time.Second)
		var ackBy, resolvedBy, note any
		updated := delivered
		if a.status != "open" {
			ackBy, updated = a.by, a.acked
		}
		if a.status == "resolved" {
			resolvedBy, note, updated = a.by, "已核实并处理完毕。", a.resolved
		}
		return []any{a.id, a.sig.DedupeKey(), string(a.sig.Rule), string(info.Severity), a.sig.SubjectType, a.sig.SubjectID,
			day(a.sig.Day), a.sig.Title, a.sig.Detail, a.sig.Link, a.sig.SchoolID, a.sig.EnterpriseID, bureauID, a.sig.DivisionCode,
			a.status, a.raised, delivered, optTime(a.acked), ackBy, optTime(a.resolved), resolvedBy, note, updated}
	})
	if err != nil {
		return err
	}
	type history struct {
		alert        int
		at           time.Time
		action, note string
		actor        uuid.UUID
		name         string
	}
	var hs []history
	for i, a := range list {
		hs = append(hs, history{i, a.raised.Add(time.Duration(1+i%4) * time.Second), "raise", "", uuid.Nil, "系统"})
		if !a.acked.IsZero() {
			hs = append(hs, history{i, a.acked, "ack", "", a.by, a.byName})
		}
		if !a.resolved.IsZero() {
			hs = append(hs, history{i, a.resolved, "resolve", "已核实并处理完毕。", a.by, a.byName})
		}
	}
	return wr.copy(ctx, "alert_history", []string{"alert_id", "at", "action", "actor_id", "actor_name", "note"}, len(hs), func(i int) []any {
		h := hs[i]
		return []any{list[h.alert].id, h.at, h.action, optUUID(h.actor), h.name, h.note}
	})
}

// actorFor is the user of the organisation that must act on the alert.
func (w *world) actorFor(sig outbox.Signal) (uuid.UUID, string) {
	if sig.SchoolID != nil {
		for _, s := range w.schools {
			if s.id == *sig.SchoolID {
				return s.adminID, s.adminName
			}
		}
	}
	if sig.EnterpriseID != nil {
		for _, e := range w.enterprises {
			if e.id == *sig.EnterpriseID {
				return e.adminID, e.adminName
			}
		}
	}
	b := w.bureauOf(sig.DivisionCode)
	return b.userID, b.userName
}
