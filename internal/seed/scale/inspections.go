package scale

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"huhang/internal/inspections"
	"huhang/internal/platform/clock"
)

type campaign struct {
	id              uuid.UUID
	city            int
	title           string
	methods         []string
	starts, ends    clock.Date
	created, opened time.Time
	findings        int
}

type finding struct {
	id                uuid.UUID
	campaign, seq     int
	school, placement int // placement is -1 for a school target
	item              inspections.ChecklistItem
	description       string
	severity          string
	discovered        clock.Date
	status            string
	toEnterprise      bool
	person, measure   string
	deadline          clock.Date
	orderNo           string
	created, ordered  time.Time
	started           time.Time
	submitted         time.Time
	verified, closed  time.Time
	updated           time.Time
}

// findingStatuses in the order of the lifecycle, with their shares.
var (
	findingStatuses = []string{"recorded", "open", "rectifying", "submitted", "verified", "closed"}
	findingShares   = []float64{0.15, 0.20, 0.20, 0.15, 0.10, 0.20}
)

// ledgerContent is inspections' canonical form of a ledger row: the same
// fields in the same order with the same tags, so the chain the generator
// writes is the one `huhang ledger verify` recomputes.
type ledgerContent struct {
	LedgerID    uuid.UUID      `json:"ledger_id"`
	Seq         int            `json:"seq"`
	Kind        string         `json:"kind"`
	SubjectType string         `json:"subject_type"`
	SubjectID   uuid.UUID      `json:"subject_id"`
	Corrects    *int64         `json:"corrects"`
	ActorID     *uuid.UUID     `json:"actor_id"`
	RecordedAt  time.Time      `json:"recorded_at"`
	Data        map[string]any `json:"data"`
}

// ledgerEvent is one change the campaign's ledger records (and the audit
// trail with it).
type ledgerEvent struct {
	at                time.Time
	kind, subjectType string
	subject           uuid.UUID
	before, data      map[string]any
	by                actor
	division          string
}

// actor is who made a change, as the audit trail names them.
type actor struct {
	id             uuid.UUID
	username, role string
	org            uuid.UUID
}

func (wr *writer) inspections(ctx context.Context, w *world) error {
	g := newRNG(w.o.Seed, streamInspections)
	year := w.today.Year
	var camps []campaign
	schoolsIn := make([]int, len(w.cities))
	for _, s := range w.schools {
		schoolsIn[s.city]++
	}
	for ci, c := range w.cities {
		n := 1
		if schoolsIn[ci] > 10 {
			n++
		}
		if g.chance(0.3) {
			n++
		}
		for k := range n {
			created := at(w.today.AddDays(-g.between(25, 45)), g.between(9, 16), g.intn(60))
			opened := created.Add(g.minutes(60, 24*60))
			starts := clock.BusinessDay(opened)
			methods := []string{"documents", "site_visit", "student_talk", "questionnaire"}[:g.between(1, 4)]
			camps = append(camps, campaign{id: g.uuid(), city: ci, created: created, opened: opened, starts: starts,
				ends: starts.AddDays(g.between(60, 90)), methods: methods,
				title: fmt.Sprintf("%d年%s职业学校学生实习专项检查（第%d轮）", year, c.name, k+1)})
		}
	}
	byCity := make([][]int, len(w.cities))
	for i, c := range camps {
		byCity[c.city] = append(byCity[c.city], i)
	}
	bySchool := make([][]int, len(w.schools))
	for pi, pl := range w.placements {
		if pl.open() {
			s := w.plans[pl.plan].school
			bySchool[s] = append(bySchool[s], pi)
		}
	}
	checklist := inspections.DefaultChecklist()
	// About one finding per two hundred students, in schools drawn by size.
	var fs []finding
	for range max(1, w.o.Students/200) {
		s := w.students[g.intn(len(w.students))].school
		f := finding{id: g.uuid(), school: s, placement: -1, item: pick(g, checklist), description: pick(g, findingTexts)}
		f.campaign = pick(g, byCity[w.schools[s].city])
		c := camps[f.campaign]
		if len(bySchool[s]) > 0 && g.chance(0.4) {
			f.placement = pick(g, bySchool[s])
			f.toEnterprise = g.chance(0.4)
		}
		switch x := g.float(0, 1); {
		case x < 0.6:
			f.severity = "minor"
		case x < 0.9:
			f.severity = "serious"
		default:
			f.severity = "critical"
		}
		rank := g.weighted(findingShares)
		f.status = findingStatuses[rank]
		span := max(1, daysBetween(c.starts, w.today))
		f.discovered = c.starts.AddDays(g.intn(span))
		f.created = at(f.discovered, g.between(9, 16), g.intn(60))
		if f.created.Before(c.opened) {
			f.created = c.opened.Add(g.minutes(10, 120))
		}
		// Each step after the one before, all before the evening of Today.
		step := func(prev time.Time, most time.Duration) time.Time {
			return prev.Add(time.Minute + g.duration(min(most, w.asOf.Sub(prev)/2)))
		}
		f.updated = f.created
		if rank >= 1 {
			f.ordered = step(f.created, 48*time.Hour)
			f.person = personName(g)
			f.measure = "限期完成整改，补齐相关材料并报送整改报告。"
			f.deadline = f.discovered.AddDays(g.between(7, 30))
			f.updated = f.ordered
		}
		if rank >= 2 {
			f.started = step(f.ordered, 72*time.Hour)
			f.updated = f.started
		}
		if rank >= 3 {
			f.submitted = step(f.started, 10*24*time.Hour)
			f.updated = f.submitted
		}
		if rank >= 4 {
			f.verified = step(f.submitted, 5*24*time.Hour)
			f.updated = f.verified
		}
		if rank >= 5 {
			f.closed = step(f.verified, 3*24*time.Hour)
			f.updated = f.closed
		}
		fs = append(fs, f)
	}
	// 序号 in the order findings were recorded, per campaign; order numbers
	// in the order they were issued, across the platform.
	order := make([]int, len(fs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return fs[a].created.Compare(fs[b].created) })
	for _, i := range order {
		camps[fs[i].campaign].findings++
		fs[i].seq = camps[fs[i].campaign].findings
	}
	slices.SortStableFunc(order, func(a, b int) int { return fs[a].ordered.Compare(fs[b].ordered) })
	for _, i := range order {
		if !fs[i].ordered.IsZero() {
			w.orderNumbers++
			fs[i].orderNo = fmt.Sprintf("ZG%d-%06d", clock.BusinessDay(fs[i].ordered).Year, w.orderNumbers)
		}
	}
	w.findings = fs

	checklistJSON, err := json.Marshal(checklistRows(checklist))
	if err != nil {
		return err
	}
	err = wr.copy(ctx, "campaigns", []string{"id", "bureau_id", "title", "division_code", "starts_on", "ends_on", "methods",
		"inspector_ids", "checklist", "status", "created_by", "created_at", "updated_at", "opened_at"}, len(camps), func(i int) []any {
		c := camps[i]
		b := w.bureaus[w.cities[c.city].bureau]
		return []any{c.id, b.id, c.title, b.code, day(c.starts), day(c.ends), c.methods, []uuid.UUID{b.userID}, checklistJSON, "open",
			b.userID, c.created, c.opened, c.opened}
	})
	if err != nil {
		return err
	}
	err = wr.copy(ctx, "findings", []string{"id", "campaign_id", "seq", "target_kind", "target_id", "target_name", "school_id",
		"enterprise_id", "division_code", "rule", "checklist_item", "article", "description", "severity", "discovered_by",
		"discovered_on", "status", "order_no", "responsible_org_id", "responsible_person", "measure", "deadline", "submission_note",
		"ordered_at", "submitted_at", "verified_at", "closed_at", "created_at", "updated_at"}, len(fs), func(i int) []any {
		f := fs[i]
		t := w.target(f)
		c := camps[f.campaign]
		var responsible, deadline, note any
		if f.status != "recorded" {
			responsible, deadline = t.responsible, day(f.deadline)
		}
		if !f.submitted.IsZero() {
			note = "已完成整改，相关材料已补齐。"
		}
		return []any{f.id, c.id, f.seq, t.kind, t.id, t.name, t.school, optUUID(t.enterprise), t.division, optText(f.item.Rule),
			f.item.ID, f.item.Article, f.description, f.severity, w.bureaus[w.cities[c.city].bureau].userID, day(f.discovered),
			f.status, optText(f.orderNo), responsible, optText(f.person), optText(f.measure), deadline, note, optTime(f.ordered),
			optTime(f.submitted), optTime(f.verified), optTime(f.closed), f.created, f.updated}
	})
	if err != nil {
		return err
	}
	return wr.ledger(ctx, w, camps, fs)
}

type findingTarget struct {
	kind, name, division string
	id, school           uuid.UUID
	enterprise           uuid.UUID
	responsible          uuid.UUID
	responsibleName      string
}

// target is what inspections' resolveTarget reads for the finding.
func (w *world) target(f finding) findingTarget {
	s := w.schools[f.school]
	t := findingTarget{kind: "school", id: s.id, name: s.name, division: s.division, school: s.id, responsible: s.id, responsibleName: s.name}
	if f.placement >= 0 {
		pl := w.placements[f.placement]
		e := w.enterprises[w.posts[pl.post].ent]
		t.kind, t.id, t.enterprise = "placement", pl.id, e.id
		t.name = s.name + " · " + e.name + " · " + w.posts[pl.post].name
		if f.toEnterprise {
			t.responsible, t.responsibleName = e.id, e.name
		}
	}
	return t
}

func checklistRows(items []inspections.ChecklistItem) []map[string]string {
	out := make([]map[string]string, len(items))
	for i, it := range items {
		m := map[string]string{"id": it.ID, "article": it.Article, "text": it.Text}
		if it.Rule != "" {
			m["rule"] = it.Rule
		}
		out[i] = m
	}
	return out
}

// ledger writes each campaign's hash chain: its creation and opening, then
// every finding recorded and every rectification step, in the order they
// happened, with the audit events the services write beside them.
func (wr *writer) ledger(ctx context.Context, w *world, camps []campaign, fs []finding) error {
	events := make([][]ledgerEvent, len(camps))
	auditor := func(ci int) actor {
		b := w.bureaus[w.cities[camps[ci].city].bureau]
		return actor{b.userID, "b" + b.code, "bureau_auditor", b.id}
	}
	for i, c := range camps {
		b := w.bureaus[w.cities[c.city].bureau]
		events[i] = append(events[i],
			ledgerEvent{at: c.created, kind: "campaign.create", subjectType: "campaign", subject: c.id, by: auditor(i), division: b.code,
				data: map[string]any{"title": c.title, "division_code": b.code, "school_ids": []uuid.UUID{}, "starts_on": c.starts.String(),
					"ends_on": c.ends.String(), "methods": c.methods, "inspector_ids": []uuid.UUID{b.userID}, "status": "draft"}},
			ledgerEvent{at: c.opened, kind: "campaign.open", subjectType: "campaign", subject: c.id, by: auditor(i), division: b.code,
				before: map[string]any{"status": "draft"}, data: map[string]any{"status": "open"}})
	}
	for _, f := range fs {
		t := w.target(f)
		// The unit ordered to rectify starts and submits; the bureau does the rest.
		unit := actor{w.schools[f.school].adminID, "sa" + itoa(w.schools[f.school].n), "school_admin", t.responsible}
		if f.toEnterprise && f.placement >= 0 {
			e := w.enterprises[w.posts[w.placements[f.placement].post].ent]
			unit = actor{e.adminID, "ea" + itoa(e.n), "enterprise_admin", e.id}
		}
		var rule, item any
		if f.item.Rule != "" {
			rule = f.item.Rule
		}
		item = f.item.ID
		ev := &events[f.campaign]
		*ev = append(*ev, ledgerEvent{at: f.created, kind: "finding.record", subjectType: "finding", subject: f.id, by: auditor(f.campaign),
			division: t.division, data: map[string]any{
				"seq": f.seq, "target_kind": t.kind, "target_id": t.id, "target_name": t.name, "rule": rule, "checklist_item": item,
				"article": f.item.Article, "description": f.description, "severity": f.severity, "evidence": []uuid.UUID{},
				"complaint_id": nil, "discovered_on": f.discovered.String(), "status": "recorded"}})
		move := func(at time.Time, action, from, to string, data map[string]any) {
			if at.IsZero() {
				return
			}
			data["status"] = to
			by := auditor(f.campaign)
			if action == "start" || action == "submit" {
				by = unit
			}
			*ev = append(*ev, ledgerEvent{at: at, kind: "finding." + action, subjectType: "finding", subject: f.id, by: by,
				division: t.division, before: map[string]any{"status": from}, data: data})
		}
		move(f.ordered, "order", "recorded", "open", map[string]any{"order_no": f.orderNo, "responsible_org_id": t.responsible,
			"responsible_org_name": t.responsibleName, "responsible_person": f.person, "measure": f.measure, "deadline": f.deadline.String()})
		move(f.started, "start", "open", "rectifying", map[string]any{})
		move(f.submitted, "submit", "rectifying", "submitted", map[string]any{"note": "已完成整改，相关材料已补齐。", "evidence": []uuid.UUID{}})
		move(f.verified, "verify", "submitted", "verified", map[string]any{})
		move(f.closed, "close", "verified", "closed", map[string]any{})
	}
	type row struct {
		campaign int
		seq      int
		ev       ledgerEvent
		content  string
		prev     []byte
		hash     []byte
	}
	var rows []row
	for ci, list := range events {
		slices.SortStableFunc(list, func(a, b ledgerEvent) int { return cmp.Compare(a.at.UnixMicro(), b.at.UnixMicro()) })
		prev := inspections.GenesisHash
		for k, ev := range list {
			ev.at = ev.at.UTC().Truncate(time.Microsecond)
			canonical, err := json.Marshal(ledgerContent{LedgerID: camps[ci].id, Seq: k + 1, Kind: ev.kind, SubjectType: ev.subjectType,
				SubjectID: ev.subject, ActorID: &ev.by.id, RecordedAt: ev.at, Data: ev.data})
			if err != nil {
				return fmt.Errorf("scale: ledger content: %w", err)
			}
			hash := inspections.ChainHash(prev, canonical)
			rows = append(rows, row{ci, k + 1, ev, string(canonical), prev, hash})
			prev = hash
			wr.audits = append(wr.audits, auditRow{at: ev.at, actor: ev.by.id, username: ev.by.username, role: ev.by.role, org: ev.by.org,
				division: ev.division, action: ev.kind, subject: ev.subjectType, id: ev.subject.String(), before: ev.before, after: ev.data})
		}
	}
	return wr.copy(ctx, "ledger_entries", []string{"ledger_id", "seq", "kind", "subject_type", "subject_id", "actor_id", "recorded_at",
		"content", "prev_hash", "hash"}, len(rows), func(i int) []any {
		r := rows[i]
		return []any{camps[r.campaign].id, r.seq, r.ev.kind, r.ev.subjectType, r.ev.subject, r.ev.by.id, r.ev.at, r.content, r.prev, r.hash}
	})
}
