package placements

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/rules"
)

// PayMonthRow is one intern on the enterprise's monthly pay sheet: the
// month's record if any, the finished months still without one, and the
// least pay Art 18 allows on the post.
type PayMonthRow struct {
	Placement Placement
	// Record is the month's record, nil while unrecorded.
	Record *PayRecord
	// Recordable says whether the month lies in the placement's period up
	// to today, where writePay accepts it.
	Recordable bool
	// Missing lists the finished months (YYYY-MM) without a record.
	Missing []string
	// RequiredFen is the Art 18 floor on the post (rules.RequiredPayFen):
	// 0 when the host declared neither standard.
	RequiredFen int64
}

// PayMonths is the enterprise's pay sheet for a month: every active post
// internship at the caller's host. 认识实习 is left out: Art 18 governs the
// pay of 岗位实习 only.
func (s *Service) PayMonths(ctx context.Context, actor auth.Actor, month string) ([]PayMonthRow, error) {
	if actor.Role != auth.RoleEnterpriseAdmin || actor.OrgID == nil {
		return nil, apperr.Forbidden("只有实习单位管理员可以登记工资")
	}
	start, err := parseMonth(month)
	if err != nil {
		return nil, err
	}
	ent := *actor.OrgID
	// Every intern, however many: read in pages of MaxBulk, the size one
	// sheet may send back.
	var list []Placement
	for f := (Filter{EnterpriseID: &ent, Status: StatusActive, Limit: MaxBulk}); ; {
		page, err := listPlacements(ctx, s.pool, actor, f)
		if err != nil {
			return nil, err
		}
		list = append(list, page...)
		if len(page) < f.Limit {
			break
		}
		f.After = &page[len(page)-1].ID
	}
	lowest, err := lowestGradeWage(ctx, s.pool, ent)
	if err != nil {
		return nil, err
	}
	var postIDs []uuid.UUID
	for _, p := range list {
		postIDs = append(postIDs, p.PostID)
	}
	posts, err := s.orgs.PostsByID(ctx, s.pool, postIDs)
	if err != nil {
		return nil, err
	}
	today := s.today()
	out := make([]PayMonthRow, 0, len(list))
	for _, p := range list {
		if p.PlanType != rules.TypePost {
			continue
		}
		row := PayMonthRow{Placement: p, RequiredFen: rules.RequiredPayFen(posts[p.PostID].WageFen, lowest),
			Recordable: inPayPeriod(&p, start, today), Missing: missingMonths(&p, today)}
		for i := range p.PayRecords {
			if p.PayRecords[i].Month == month {
				row.Record = &p.PayRecords[i]
			}
		}
		out = append(out, row)
	}
	return out, nil
}

// parseMonth reads YYYY-MM as the first day of the month.
func parseMonth(month string) (clock.Date, error) {
	if !monthPattern.MatchString(month) {
		return clock.Date{}, apperr.Invalid("月份格式应为 YYYY-MM", apperr.FieldError{Field: "month", Message: "月份格式应为 YYYY-MM"})
	}
	d, _ := clock.ParseDate(month + "-01")
	return d, nil
}

// payPeriod is the range of months writePay accepts for a placement: from
// the start's month to the end's, never past today.
func payPeriod(p *Placement, today clock.Date) (first, last clock.Date) {
	last = p.EndsOn
	if today.Before(last) {
		last = today
	}
	return clock.Date{Year: p.StartsOn.Year, Month: p.StartsOn.Month, Day: 1}, clock.Date{Year: last.Year, Month: last.Month, Day: 1}
}

func inPayPeriod(p *Placement, month, today clock.Date) bool {
	first, last := payPeriod(p, today)
	return !month.Before(first) && !last.Before(month)
}

// missingMonths are the finished months of the placement without a record
// (A-PAY-MISSING). The start month counts even when the student began
// mid-month: Art 18 asks pay at least monthly, so a part month is owed too.
// The month under way is not missing until it ends.
func missingMonths(p *Placement, today clock.Date) []string {
	first, last := payPeriod(p, today)
	current := clock.Date{Year: today.Year, Month: today.Month, Day: 1}
	recorded := make(map[string]bool, len(p.PayRecords))
	for _, r := range p.PayRecords {
		recorded[r.Month] = true
	}
	missing := []string{}
	for m := first; !last.Before(m) && m.Before(current); m = nextMonth(m) {
		if key := fmt.Sprintf("%04d-%02d", m.Year, m.Month); !recorded[key] {
			missing = append(missing, key)
		}
	}
	return missing
}

func nextMonth(d clock.Date) clock.Date {
	if d.Month == 12 {
		return clock.Date{Year: d.Year + 1, Month: 1, Day: 1}
	}
	return clock.Date{Year: d.Year, Month: d.Month + 1, Day: 1}
}

// PayItem is one intern's line of a pay sheet.
type PayItem struct {
	PlacementID uuid.UUID
	AmountFen   *int64
	PaidOn      string
	Method      string
}

// PayOutcome answers one line as the single request would: created (as
// POST …/pay-records), corrected (as PUT …/pay-records/{month}) or refused.
type PayOutcome struct {
	PlacementID uuid.UUID
	Corrected   bool
	Record      *PayRecord
	Err         error
}

// RecordPayMany records one month's pay for several interns, each line in
// its own transaction through writePay, the one path of the single record:
// a month not yet on file is recorded, one on file is corrected, and a line
// that fails leaves nothing behind while the others stand. A placement of
// another host answers 404 on its line, as the single request would.
func (s *Service) RecordPayMany(ctx context.Context, actor auth.Actor, month string, items []PayItem) ([]PayOutcome, error) {
	if actor.Role != auth.RoleEnterpriseAdmin || actor.OrgID == nil {
		return nil, apperr.Forbidden("只有实习单位管理员可以登记工资")
	}
	if _, err := parseMonth(month); err != nil {
		return nil, err
	}
	out := make([]PayOutcome, len(items))
	seen := make(map[uuid.UUID]bool, len(items))
	for i, it := range items {
		out[i].PlacementID = it.PlacementID
		if seen[it.PlacementID] {
			out[i].Err = apperr.Invalid("同一实习安排在本次提交中重复", apperr.FieldError{Field: "placement_id", Message: "同一实习安排在本次提交中重复"})
			continue
		}
		seen[it.PlacementID] = true
		in := PayInput{Month: month, AmountFen: it.AmountFen, PaidOn: it.PaidOn, Method: it.Method}
		rec, err := s.RecordPay(ctx, actor, it.PlacementID, in)
		if e := apperr.As(err); e != nil && e.Code == "PAY_RECORD_EXISTS" {
			rec, err = s.CorrectPay(ctx, actor, it.PlacementID, in)
			out[i].Corrected = err == nil
		}
		out[i].Err = err
		if err == nil {
			out[i].Record = &rec
		}
	}
	return out, nil
}
