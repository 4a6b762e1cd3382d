package alerts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/alerts/outbox"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
)

// The time-driven rules of domain.md §7, run by the worker's leader. Each
// scan reads the tables of the domains below (duty, supervision, placements,
// plans, inspections) in one query and raises what it finds through the
// outbox, like a use case would, so every alert reaches the inbox the same
// way. A standing condition (no insurance, no pay) is raised again only
// when no unresolved alert of the rule is on the subject: an inbox should
// not grow a row a day for one problem someone is already handling.

// scan is one rule's query.
type scan struct {
	rule     outbox.Rule
	standing bool
	find     func(ctx context.Context, db postgres.DBTX, now time.Time, opts Options) ([]outbox.Signal, error)
}

var scans = []scan{
	{outbox.DutyMissed, false, findDutyMissed},
	{outbox.PatrolGap, true, findPatrolGaps},
	{outbox.NotFiled, true, findNotFiled},
	{outbox.Insurance, true, findInsuranceGaps},
	{outbox.PayMissing, true, findPayMissing},
	{outbox.RectifyOverdue, true, findRectifyOverdue},
	{outbox.IncidentUnacked, true, findIncidentsUnacked},
}

// Scan runs every rule scan at the service clock's now and returns how many
// alerts each raised.
func (s *Service) Scan(ctx context.Context) (map[outbox.Rule]int, error) {
	now := s.clock.Now().UTC()
	out := map[outbox.Rule]int{}
	for _, sc := range scans {
		n, err := s.runScan(ctx, sc, now)
		if err != nil {
			return out, err
		}
		if n > 0 {
			out[sc.rule] = n
		}
	}
	return out, nil
}

// ScanRule runs one rule's scan (tests fire and silence each rule alone).
func (s *Service) ScanRule(ctx context.Context, rule outbox.Rule) (int, error) {
	for _, sc := range scans {
		if sc.rule == rule {
			return s.runScan(ctx, sc, s.clock.Now().UTC())
		}
	}
	return 0, fmt.Errorf("alerts: %s is not a scanned rule", rule)
}

func (s *Service) runScan(ctx context.Context, sc scan, now time.Time) (int, error) {
	n := 0
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		found, err := sc.find(ctx, tx, now, s.opts)
		if err != nil || len(found) == 0 {
			return err
		}
		fresh, err := notYetRaised(ctx, tx, sc, found)
		if err != nil {
			return err
		}
		for _, sig := range fresh {
			sig.At = now
			if err := outbox.Add(ctx, tx, sig); err != nil {
				return err
			}
		}
		n = len(fresh)
		return nil
	})
	return n, err
}

// notYetRaised drops what already has an alert (or an outbox row on its
// way) under the same dedupe key, and for a standing condition what has an
// unresolved alert of the rule on the same subject.
func notYetRaised(ctx context.Context, tx pgx.Tx, sc scan, found []outbox.Signal) ([]outbox.Signal, error) {
	keys := make([]string, len(found))
	subjects := make([]uuid.UUID, len(found))
	for i, s := range found {
		keys[i], subjects[i] = s.DedupeKey(), s.SubjectID
	}
	taken := map[string]bool{}
	rows, err := postgres.List(ctx, tx, "alerts: raised keys", func(r pgx.Row) (string, error) {
		var k string
		return k, r.Scan(&k)
	}, `SELECT dedupe_key FROM alerts WHERE dedupe_key = ANY ($1)
	    UNION SELECT dedupe_key FROM alert_outbox WHERE delivered_at IS NULL AND dedupe_key = ANY ($1)`, keys)
	if err != nil {
		return nil, err
	}
	for _, k := range rows {
		taken[k] = true
	}
	busy := map[uuid.UUID]bool{}
	if sc.standing {
		ids, err := postgres.List(ctx, tx, "alerts: unresolved", func(r pgx.Row) (uuid.UUID, error) {
			var id uuid.UUID
			return id, r.Scan(&id)
		}, `SELECT subject_id FROM alerts WHERE rule = $1 AND subject_id = ANY ($2) AND status <> 'resolved'`, string(sc.rule), subjects)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			busy[id] = true
		}
	}
	out := found[:0]
	for _, s := range found {
		if !taken[s.DedupeKey()] && !busy[s.SubjectID] {
			out = append(out, s)
		}
	}
	return out, nil
}

// placementRow is what the placement scans read: who must act and what to
// call the placement.
type placementRow struct {
	ID           uuid.UUID
	SchoolID     uuid.UUID
	EnterpriseID uuid.UUID
	Division     string
	Enterprise   string
	Student      string
}

const placementColumns = `pl.id, pl.school_id, pl.enterprise_id, sch.division_code, ent.name, st.name`

// Reads placements with the school, enterprise and student names (lower domains).
const placementJoins = `
	FROM placements pl
	JOIN orgs sch ON sch.id = pl.school_id
	JOIN orgs ent ON ent.id = pl.enterprise_id
	JOIN students st ON st.id = pl.student_id`

func (p placementRow) signal(rule outbox.Rule, day clock.Date, school, enterprise bool, title, detail string) outbox.Signal {
	sig := outbox.Signal{Rule: rule, SubjectType: "placement", SubjectID: p.ID, Day: day, Title: outbox.Title("%s", title),
		Detail: detail, Link: "/placements/" + p.ID.String(), DivisionCode: p.Division}
	if school {
		sig.SchoolID = &p.SchoolID
	}
	if enterprise {
		sig.EnterpriseID = &p.EnterpriseID
	}
	return sig
}

func scanPlacements(ctx context.Context, db postgres.DBTX, what, where string, extra func(p *placementRow) []any,
	args ...any) ([]placementRow, error) {
	return postgres.List(ctx, db, "alerts: scan "+what, func(r pgx.Row) (placementRow, error) {
		var p placementRow
		dst := []any{&p.ID, &p.SchoolID, &p.EnterpriseID, &p.Division, &p.Enterprise, &p.Student}
		if extra != nil {
			dst = append(dst, extra(&p)...)
		}
		return p, r.Scan(dst...)
	}, where, args...)
}

// A-DUTY-MISSED: a rostered duty window of the last three days ended
// without a check-in. Each day missed is its own alert.
func findDutyMissed(ctx context.Context, db postgres.DBTX, now time.Time, _ Options) ([]outbox.Signal, error) {
	today := clock.BusinessDay(now)
	type row struct {
		roster, school  uuid.UUID
		day             time.Time
		division, ent   string
		teacher, window string
	}
	rows, err := postgres.List(ctx, db, "alerts: scan duty", func(r pgx.Row) (row, error) {
		var x row
		return x, r.Scan(&x.roster, &x.day, &x.school, &x.division, &x.ent, &x.teacher, &x.window)
	}, `
		SELECT dr.id, d::date, dr.school_id, sch.division_code, ent.name, u.display_name,
		       to_char(dr.window_start, 'HH24:MI') || '–' || to_char(dr.window_end, 'HH24:MI')
		FROM duty_rosters dr
		CROSS JOIN generate_series($1::date, $2::date, interval '1 day') d
		JOIN orgs sch ON sch.id = dr.school_id
		JOIN orgs ent ON ent.id = dr.enterprise_id
		JOIN users u ON u.id = dr.teacher_id
		WHERE dr.status = 'active' AND d::date BETWEEN dr.starts_on AND dr.ends_on
		  AND EXTRACT(isodow FROM d)::int = ANY (dr.weekdays)
		  AND ((d::date + dr.window_end) AT TIME ZONE 'Asia/Shanghai') < $3
		  AND ((d::date + dr.window_end) AT TIME ZONE 'Asia/Shanghai') > dr.created_at
		  AND NOT EXISTS (SELECT 1 FROM duty_checkins c WHERE c.roster_id = dr.id AND c.duty_day = d::date AND c.kind = 'in')`,
		today.AddDays(-2).SQL(), today.SQL(), now)
	if err != nil {
		return nil, err
	}
	out := make([]outbox.Signal, 0, len(rows))
	for _, x := range rows {
		day := clock.DateFromSQL(x.day)
		out = append(out, outbox.Signal{Rule: outbox.DutyMissed, SubjectType: "duty_roster", SubjectID: x.roster, Day: day,
			Title:  outbox.Title("%s %s 在%s的值守未签到", day, x.teacher, x.ent),
			Detail: fmt.Sprintf("值守时段 %s 已结束，没有签到记录（第二十三条：学校应安排实习指导教师跟岗值守）。", x.window),
			Link:   "/duty/coverage", SchoolID: &x.school, DivisionCode: x.division})
	}
	return out, nil
}

// A-PATROL-GAP: an active placement with no patrol line or joint record
// (either side's) for PatrolGapDays days.
func findPatrolGaps(ctx context.Context, db postgres.DBTX, now time.Time, opts Options) ([]outbox.Signal, error) {
	since := now.Add(-time.Duration(opts.PatrolGapDays) * 24 * time.Hour)
	rows, err := scanPlacements(ctx, db, "patrol gaps", `SELECT `+placementColumns+placementJoins+`
		WHERE pl.status = 'active' AND pl.activated_at < $1
		  AND NOT EXISTS (SELECT 1 FROM supervision_records r WHERE r.placement_id = pl.id AND r.occurred_at >= $1)`, nil, since)
	if err != nil {
		return nil, err
	}
	today := clock.BusinessDay(now)
	out := make([]outbox.Signal, 0, len(rows))
	for _, p := range rows {
		out = append(out, p.signal(outbox.PatrolGap, today, true, true,
			fmt.Sprintf("%s在%s实习，已 %d 天无巡查或共管记录", outbox.Masked(p.Student), p.Enterprise, opts.PatrolGapDays),
			"第二十三条：实习指导教师原则上每日巡查，请安排巡查并记录。"))
	}
	return out, nil
}

// A-NOT-FILED: a placement reached its start date under a plan the bureau
// has not approved (Art 5 and R-FILED: filed and approved before anyone starts).
func findNotFiled(ctx context.Context, db postgres.DBTX, now time.Time, _ Options) ([]outbox.Signal, error) {
	today := clock.BusinessDay(now)
	var plan string
	rows, err := scanPlacements(ctx, db, "not filed", `SELECT `+placementColumns+`, p.title`+placementJoins+`
		JOIN plans p ON p.id = pl.plan_id
		WHERE pl.status IN ('proposed', 'confirmed', 'ready', 'active') AND pl.starts_on <= $1
		  AND p.status NOT IN ('approved', 'in_progress', 'completed')`,
		func(*placementRow) []any { return []any{&plan} }, today.SQL())
	if err != nil {
		return nil, err
	}
	out := make([]outbox.Signal, 0, len(rows))
	for _, p := range rows {
		out = append(out, p.signal(outbox.NotFiled, today, true, false,
			fmt.Sprintf("%s已到实习开始日期，实习方案尚未备案", outbox.Masked(p.Student)),
			"第五条：实习方案应报主管教育行政部门备案，经批准后学生方可上岗。"))
	}
	return out, nil
}

// A-INSURANCE: the policy of a placement about to start or under way ends
// before the placement does (or there is none). domain.md §7 also names
// "within 7 days"; a policy that ends with the placement is no gap, while a
// gap months ahead is raised now, not a week before it opens, so the
// school has time to extend the cover: the reading that protects the student.
func findInsuranceGaps(ctx context.Context, db postgres.DBTX, now time.Time, _ Options) ([]outbox.Signal, error) {
	today := clock.BusinessDay(now)
	type extra struct {
		coversTo *time.Time
		endsOn   time.Time
	}
	var ex []*extra
	rows, err := scanPlacements(ctx, db, "insurance", `SELECT `+placementColumns+`,
		       CASE WHEN d.data->>'covers_to' ~ '^\d{4}-\d{2}-\d{2}$' THEN (d.data->>'covers_to')::date END, pl.ends_on`+placementJoins+`
		LEFT JOIN placement_documents d ON d.placement_id = pl.id AND d.kind = 'insurance'
		WHERE pl.status IN ('ready', 'active') AND pl.ends_on >= $1
		  AND (d.placement_id IS NULL OR NOT (d.data->>'covers_to' ~ '^\d{4}-\d{2}-\d{2}$')
		       OR (d.data->>'covers_to')::date < pl.ends_on)`,
		func(*placementRow) []any {
			e := &extra{}
			ex = append(ex, e)
			return []any{&e.coversTo, &e.endsOn}
		}, today.SQL())
	if err != nil {
		return nil, err
	}
	out := make([]outbox.Signal, 0, len(rows))
	for i, p := range rows {
		e := ex[i]
		title := fmt.Sprintf("%s在%s实习，没有有效的实习责任保险", outbox.Masked(p.Student), p.Enterprise)
		detail := "第三十五条：实习学生应投保实习责任保险，保险期间覆盖整个实习期。"
		if e.coversTo != nil {
			to := clock.DateFromSQL(*e.coversTo)
			left := int(to.Time().Sub(today.Time()).Hours() / 24)
			switch {
			case left < 0:
				title = fmt.Sprintf("%s的实习责任保险已于 %s 到期，实习仍在进行", outbox.Masked(p.Student), to)
			case left <= 7:
				title = fmt.Sprintf("%s的实习责任保险 %d 天后（%s）到期，早于实习结束", outbox.Masked(p.Student), left, to)
			default:
				title = fmt.Sprintf("%s的实习责任保险止于 %s，实习至 %s 结束", outbox.Masked(p.Student), to, clock.DateFromSQL(e.endsOn))
			}
		}
		out = append(out, p.signal(outbox.Insurance, today, true, true, title, detail))
	}
	return out, nil
}

// A-PAY-MISSING: an active post internship has a finished month (its last
// day before today) within the placement with no pay record (Art 18: pay
// monthly). One alert per placement names every month missing.
func findPayMissing(ctx context.Context, db postgres.DBTX, now time.Time, _ Options) ([]outbox.Signal, error) {
	today := clock.BusinessDay(now)
	var months []*[]string
	rows, err := scanPlacements(ctx, db, "pay", `SELECT `+placementColumns+`, array_agg(to_char(m, 'YYYY-MM') ORDER BY m)`+placementJoins+`
		CROSS JOIN generate_series(date_trunc('month', pl.starts_on), date_trunc('month', $1::date) - interval '1 month', interval '1 month') m
		WHERE pl.status = 'active' AND pl.plan_type = 'post'
		  AND NOT EXISTS (SELECT 1 FROM pay_records pr WHERE pr.placement_id = pl.id AND pr.month = m::date)
		GROUP BY pl.id, pl.school_id, pl.enterprise_id, sch.division_code, ent.name, st.name`,
		func(*placementRow) []any {
			m := &[]string{}
			months = append(months, m)
			return []any{m}
		}, today.SQL())
	if err != nil {
		return nil, err
	}
	out := make([]outbox.Signal, 0, len(rows))
	for i, p := range rows {
		out = append(out, p.signal(outbox.PayMissing, today, true, true,
			fmt.Sprintf("%s在%s实习，%s 的报酬没有发放记录", outbox.Masked(p.Student), p.Enterprise, strings.Join(*months[i], "、")),
			"第十八条：实习单位应按月足额发放岗位实习报酬，不得拖欠。"))
	}
	return out, nil
}

// A-RECTIFY-OVERDUE: an ordered rectification passed its deadline (a
// Shanghai business day) and is not closed. The unit it was ordered to and
// the campaign's bureau must act. Reads the inspections' tables.
func findRectifyOverdue(ctx context.Context, db postgres.DBTX, now time.Time, _ Options) ([]outbox.Signal, error) {
	today := clock.BusinessDay(now)
	type row struct {
		id, org, bureau uuid.UUID
		kind, division  string
		orderNo, target string
		deadline        time.Time
	}
	rows, err := postgres.List(ctx, db, "alerts: scan rectifications", func(r pgx.Row) (row, error) {
		var x row
		return x, r.Scan(&x.id, &x.org, &x.kind, &x.bureau, &x.division, &x.orderNo, &x.target, &x.deadline)
	}, `
		SELECT f.id, f.responsible_org_id, o.kind, c.bureau_id, f.division_code, COALESCE(f.order_no, ''), f.target_name, f.deadline
		FROM findings f
		JOIN campaigns c ON c.id = f.campaign_id
		JOIN orgs o ON o.id = f.responsible_org_id
		WHERE f.status NOT IN ('recorded', 'closed') AND f.deadline < $1`, today.SQL())
	if err != nil {
		return nil, err
	}
	out := make([]outbox.Signal, 0, len(rows))
	for _, x := range rows {
		sig := outbox.Signal{Rule: outbox.RectifyOverdue, SubjectType: "finding", SubjectID: x.id, Day: today,
			Title:  outbox.Title("整改通知 %s（%s）已过期限 %s，尚未销号", x.orderNo, x.target, clock.DateFromSQL(x.deadline)),
			Detail: "第四十五条：对检查发现的问题建立台账，限期整改并跟踪销号。",
			Link:   "/findings/" + x.id.String(), BureauID: &x.bureau, DivisionCode: x.division}
		org := x.org
		if x.kind == "enterprise" {
			sig.EnterpriseID = &org
		} else {
			sig.SchoolID = &org
		}
		out = append(out, sig)
	}
	return out, nil
}

// A-INCIDENT-UNACKED: a reported incident the school has not acknowledged
// within the hours it set (supervision_settings.incident_ack_hours).
func findIncidentsUnacked(ctx context.Context, db postgres.DBTX, now time.Time, _ Options) ([]outbox.Signal, error) {
	type extra struct {
		record uuid.UUID
		due    time.Time
	}
	var ex []*extra
	rows, err := scanPlacements(ctx, db, "incidents", `SELECT `+placementColumns+`, r.id, r.ack_due_at`+placementJoins+`
		JOIN supervision_records r ON r.placement_id = pl.id
		WHERE r.kind = 'incident' AND r.status = 'reported' AND r.ack_due_at < $1`,
		func(*placementRow) []any {
			e := &extra{}
			ex = append(ex, e)
			return []any{&e.record, &e.due}
		}, now)
	if err != nil {
		return nil, err
	}
	today := clock.BusinessDay(now)
	out := make([]outbox.Signal, 0, len(rows))
	for i, p := range rows {
		sig := p.signal(outbox.IncidentUnacked, today, true, false,
			fmt.Sprintf("%s在%s的突发事件超过时限仍未确认", outbox.Masked(p.Student), p.Enterprise),
			fmt.Sprintf("学校应在 %s 前确认并处置。", ex[i].due.In(clock.Location()).Format("01-02 15:04")))
		sig.SubjectType, sig.SubjectID, sig.Link = "incident", ex[i].record, "/incidents/"+ex[i].record.String()
		out = append(out, sig)
	}
	return out, nil
}
