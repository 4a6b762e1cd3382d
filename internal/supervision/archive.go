package supervision

import (
	"context"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/postgres"
)

// The archive check (实习档案, Art 29): for each placement of a plan, the
// items the school must keep, present or missing.

// ArchiveItems are the Art 29 items in the order the article lists them.
var ArchiveItems = []struct{ Key, Label string }{
	{"plan", "实习方案"},
	{"agreement", "实习协议"},
	{"consent", "知情同意书"},
	{"insurance", "实习责任保险"},
	{"logs", "实习日志"},
	{"report", "实习报告"},
	{"assessment", "实习考核结果"},
	{"patrol_records", "巡查记录"},
}

// ArchivePlacement is one placement's archive.
type ArchivePlacement struct {
	PlacementID uuid.UUID
	StudentName string
	Status      string
	Present     map[string]bool
}

// Missing lists the labels of the items not on file.
func (a ArchivePlacement) Missing() []string {
	out := []string{}
	for _, it := range ArchiveItems {
		if !a.Present[it.Key] {
			out = append(out, it.Label)
		}
	}
	return out
}

// Archive is the check of one plan.
type Archive struct {
	PlanID     uuid.UUID
	PlanTitle  string
	PlanStatus string
	FilingNo   *string
	Placements []ArchivePlacement
}

// Complete reports whether every placement has every item.
func (a Archive) Complete() bool {
	for _, p := range a.Placements {
		if len(p.Missing()) > 0 {
			return false
		}
	}
	return true
}

// involvedPlan scopes a plan row (pn; school sch) for the readers of the
// archive: the school administrator and bureaus over the school's division.
var involvedPlan = auth.Involved{
	Division: "sch.division_code ~>=~ %[1]s AND sch.division_code ~<~ %[2]s",
	School:   "pn.school_id = %s",
}

// Archive checks the Art 29 items of every placement of the plan that took
// place (placements that never started have no internship to archive). A
// plan outside the actor's scope is not found. Joint patrol records are
// read from supervision_records as 00014 defines it.
func (s *Service) Archive(ctx context.Context, actor auth.Actor, planID uuid.UUID) (Archive, error) {
	if !actor.Is(auth.RoleSchoolAdmin, auth.RoleBureauAuditor, auth.RolePlatformAdmin) {
		return Archive{}, apperr.Forbidden("只有学校管理员和教育行政部门可以查看实习档案")
	}
	scope, args := actor.ScopeSQL(involvedPlan, 2)
	a := Archive{PlanID: planID}
	var filed bool
	// The plan and its school: a read of plans and orgs, which the plans
	// package owns, for one query instead of a service call per plan.
	err := s.pool.QueryRow(ctx, `SELECT pn.title, pn.status, pn.filing_no,
		pn.filing_no IS NOT NULL AND pn.status IN ('approved', 'in_progress', 'completed')
		FROM plans pn JOIN orgs sch ON sch.id = pn.school_id
		WHERE pn.id = $1 AND pn.status NOT IN ('draft', 'awaiting_cosign', 'cosigned') AND `+scope,
		append([]any{planID}, args...)...).Scan(&a.PlanTitle, &a.PlanStatus, &a.FilingNo, &filed)
	if err == pgx.ErrNoRows {
		return a, apperr.NotFound("实习方案不存在")
	}
	if err != nil {
		return a, postgres.Translate(err, "supervision: archive plan")
	}
	// Documents, logs, assessments and patrol lines per placement: reads of
	// the placements' and the joint records' tables.
	rows, err := s.pool.Query(ctx, `SELECT pl.id, st.name, pl.status,
		EXISTS (SELECT 1 FROM placement_documents d WHERE d.placement_id = pl.id AND d.kind = 'agreement'),
		EXISTS (SELECT 1 FROM placement_documents d WHERE d.placement_id = pl.id AND d.kind = 'consent' AND d.confirmed_at IS NOT NULL),
		EXISTS (SELECT 1 FROM placement_documents d WHERE d.placement_id = pl.id AND d.kind = 'insurance'),
		EXISTS (SELECT 1 FROM student_logs l WHERE l.placement_id = pl.id AND l.kind <> 'report'),
		EXISTS (SELECT 1 FROM student_logs l WHERE l.placement_id = pl.id AND l.kind = 'report'),
		EXISTS (SELECT 1 FROM assessments a WHERE a.placement_id = pl.id AND a.status = 'finalized'),
		EXISTS (SELECT 1 FROM supervision_records r WHERE r.placement_id = pl.id AND r.kind = 'patrol')
		FROM placements pl JOIN students st ON st.id = pl.student_id
		WHERE pl.plan_id = $1 AND pl.status IN ('active', 'completed', 'terminated', 'transferred')
		ORDER BY st.name, pl.id`, planID)
	if err != nil {
		return a, postgres.Translate(err, "supervision: archive placements")
	}
	a.Placements, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (ArchivePlacement, error) {
		var p ArchivePlacement
		var agreement, consent, insurance, logs, report, assessment, patrols bool
		err := row.Scan(&p.PlacementID, &p.StudentName, &p.Status, &agreement, &consent, &insurance, &logs, &report, &assessment, &patrols)
		p.Present = map[string]bool{"plan": filed, "agreement": agreement, "consent": consent, "insurance": insurance,
			"logs": logs, "report": report, "assessment": assessment, "patrol_records": patrols}
		return p, err
	})
	return a, postgres.Translate(err, "supervision: archive placements")
}
