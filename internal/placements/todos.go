package placements

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/auth"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/sqlb"
	"huhang/internal/rules"
	"huhang/internal/todos"
)

// todoLimit bounds each list the feed reads: the workspace shows the most
// urgent, the placement lists behind the links show the rest.
const todoLimit = 200

// gateWarnDays: a placement whose start is this close and still misses a
// gate is serious; on or after its start it is critical (it cannot start).
const gateWarnDays = 7

var feeKindNames = map[string]string{"fee": "收费", "deposit": "押金", "guarantee": "担保", "withheld_id": "扣押证件"}

// Todos is the placements' contribution to the to-do feed. Every read goes
// through List, so the feed is scoped exactly like the placement lists.
func (s *Service) Todos(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	today := s.today()
	var out []todos.Item
	each := func(st Status, fn func(p *Placement)) error {
		list, err := s.List(ctx, actor, Filter{Status: st, Limit: todoLimit})
		for i := range list {
			fn(&list[i])
		}
		return err
	}
	var err error
	switch actor.Role {
	case auth.RoleEnterpriseAdmin:
		err = each(StatusProposed, func(p *Placement) {
			out = append(out, item(p, "placement.confirm", "确认实习安排："+who(p), "学校已提出安排，确认或说明理由后不接收", todos.Serious))
		})
		if err == nil {
			err = each(StatusActive, func(p *Placement) {
				if it, ok := payMissing(p, today); ok {
					out = append(out, it)
				}
			})
		}
	case auth.RoleSchoolAdmin, auth.RoleTeacher:
		kind, title := "placement.gates", "补齐开始前材料："
		if actor.Role == auth.RoleTeacher {
			kind, title = "placement.follow_up", "督促补齐材料："
		}
		err = each(StatusConfirmed, func(p *Placement) {
			if missing := s.missingGates(p); len(missing) > 0 {
				it := item(p, kind, title+who(p), "尚缺："+strings.Join(missing, "、"), gateSeverity(p, today))
				out = append(out, it)
			}
		})
	case auth.RoleEnterpriseMentor:
		// A mentor receives the students assigned to them before they arrive.
		for _, st := range []Status{StatusConfirmed, StatusReady} {
			if err = each(st, func(p *Placement) {
				out = append(out, item(p, "placement.arrival", "迎接实习学生："+who(p),
					fmt.Sprintf("%s 到岗，您是其企业导师", p.StartsOn), todos.Minor))
			}); err != nil {
				break
			}
		}
	case auth.RoleStudent:
		for _, st := range []Status{StatusProposed, StatusConfirmed} {
			if err = each(st, func(p *Placement) {
				if it, ok := consentMissing(p, today); ok {
					out = append(out, it)
				}
			}); err != nil {
				break
			}
		}
	}
	if err != nil {
		return nil, err
	}
	// Open fee, deposit, guarantee and withheld-ID reports (Art 20) are for
	// the school and its competent bureau to settle.
	if actor.Is(auth.RoleSchoolAdmin, auth.RoleBureauAuditor) {
		fees, err := s.openFeeTodos(ctx, actor)
		if err != nil {
			return nil, err
		}
		out = append(out, fees...)
	}
	return out, nil
}

func who(p *Placement) string { return p.StudentName + " · " + p.EnterpriseName + p.PostName }

func item(p *Placement, kind, title, detail string, sev todos.Severity) todos.Item {
	due := p.StartsOn
	return todos.Item{Kind: kind, Title: title, Detail: detail, Subject: todos.Subject{Type: "placement", ID: p.ID},
		DueOn: &due, Severity: sev, Link: "/placements/" + p.ID.String()}
}

// missingGates names the blocking activation gates that fail now, as the
// placement's checklist titles them.
func (s *Service) missingGates(p *Placement) []string {
	var out []string
	for _, r := range s.Gates(p) {
		if r.Passed || r.Effect != rules.EffectBlock {
			continue
		}
		name := r.Rule
		if rule, ok := rules.LookupPlacement(r.Rule); ok && rule.Title != "" {
			name = rule.Title
		}
		out = append(out, name)
	}
	return out
}

func gateSeverity(p *Placement, today clock.Date) todos.Severity {
	switch {
	case !today.Before(p.StartsOn):
		return todos.Critical
	case !today.AddDays(gateWarnDays).Before(p.StartsOn):
		return todos.Serious
	}
	return todos.Minor
}

// payMissing lists the finished months of an active post internship without
// a pay record (Art 18: paid at least monthly; A-PAY-MISSING is serious).
// A month is finished once the business day is in the next one.
func payMissing(p *Placement, today clock.Date) (todos.Item, bool) {
	if p.PlanType != rules.TypePost {
		return todos.Item{}, false
	}
	have := map[string]bool{}
	for _, r := range p.PayRecords {
		have[r.Month] = true
	}
	var missing []string
	month := time.Date(p.StartsOn.Year, p.StartsOn.Month, 1, 0, 0, 0, 0, time.UTC)
	current := time.Date(today.Year, today.Month, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(p.EndsOn.Year, p.EndsOn.Month, 1, 0, 0, 0, 0, time.UTC)
	for ; month.Before(current) && !month.After(end); month = month.AddDate(0, 1, 0) {
		if m := month.Format("2006-01"); !have[m] {
			missing = append(missing, m)
		}
	}
	if len(missing) == 0 {
		return todos.Item{}, false
	}
	it := item(p, "placement.pay", "登记实习报酬："+who(p), "未登记月份："+strings.Join(missing, "、"), todos.Serious)
	it.DueOn = nil
	return it, true
}

// consentMissing: a post internship needs the consent form signed by the
// student and the guardian and its scan on file (Art 9); the student can
// supply both, only the school confirms.
func consentMissing(p *Placement, today clock.Date) (todos.Item, bool) {
	if p.PlanType != rules.TypePost {
		return todos.Item{}, false
	}
	if d := p.document(DocConsent); d != nil && d.FileID != nil {
		return todos.Item{}, false
	}
	sev := todos.Serious
	if !today.Before(p.StartsOn) {
		sev = todos.Critical
	}
	return item(p, "placement.consent", "提交知情同意书："+p.EnterpriseName+p.PostName,
		"由本人和监护人签字后上传扫描件，学校确认后方可开始岗位实习", sev), true
}

type openFee struct {
	ID          uuid.UUID
	Kind        string
	PlacementID uuid.UUID
	StudentName string
	CreatedAt   time.Time
}

func (s *Service) openFeeTodos(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	w := sqlb.With()
	w.Add("fr.resolved_at IS NULL")
	if actor.Role == auth.RoleBureauAuditor {
		// Only the competent bureau: the one of the school's own division.
		w.Add("pl.school_id IN (SELECT so.id FROM orgs so WHERE so.kind = 'school' AND so.division_code = %s)", actor.DivisionCode)
	}
	actor.Scope(w, involvedPlacement)
	// Reads the student's name beside the report (students is below placements).
	rows, err := s.pool.Query(ctx, `SELECT fr.id, fr.kind, fr.placement_id, st.name AS student_name, fr.created_at
		FROM fee_reports fr JOIN placements pl ON pl.id = fr.placement_id JOIN students st ON st.id = pl.student_id
		WHERE `+w.String()+` ORDER BY fr.created_at, fr.id LIMIT `+fmt.Sprint(todoLimit), w.Args()...)
	if err != nil {
		return nil, postgres.Translate(err, "placements: open fee reports")
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[openFee])
	if err != nil {
		return nil, postgres.Translate(err, "placements: open fee reports")
	}
	out := make([]todos.Item, 0, len(list))
	for _, f := range list {
		out = append(out, todos.Item{Kind: "placement.fee", Title: "处理" + feeKindNames[f.Kind] + "报告：" + f.StudentName,
			Detail:  fmt.Sprintf("%s 报告，《职业学校学生实习管理规定》第二十条禁止，未解决前不得开始实习", clock.BusinessDay(f.CreatedAt)),
			Subject: todos.Subject{Type: "placement", ID: f.PlacementID}, Severity: todos.Serious,
			Link: "/placements/" + f.PlacementID.String()})
	}
	return out, nil
}
