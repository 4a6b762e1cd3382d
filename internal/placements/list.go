package placements

import (
	"context"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/sqlb"
)

// involvedPlacement says whom a placement row (pl; school sch; student st)
// concerns: the school's division; the school and the host; the student's
// instructor and mentor and the student's own account. Each kind of actor
// gets the one indexed column that names it.
var involvedPlacement = auth.Involved{
	Division:   "pl.school_id = ANY (ARRAY(SELECT so.id FROM orgs so WHERE so.kind = 'school' AND so.division_code ~>=~ %[1]s AND so.division_code ~<~ %[2]s))",
	School:     "pl.school_id = %s",
	Enterprise: "pl.enterprise_id = %s",
	Teacher:    "pl.instructor_id = %s",
	Mentor:     "pl.mentor_id = %s",
	// A scalar subquery (students.user_id is unique): as a semi-join it would
	// push the nine joins of placementSelect past join_collapse_limit.
	Student: "pl.student_id = (SELECT ms.id FROM students ms WHERE ms.user_id = %s)",
}

// Filter narrows a list of placements.
type Filter struct {
	PlanID       *uuid.UUID
	StudentID    *uuid.UUID
	EnterpriseID *uuid.UUID
	SchoolID     *uuid.UUID
	Status       Status
	After        *uuid.UUID
	Limit        int
}

// placementWhere builds the WHERE from the filters actually set and the
// actor's kind (see sqlb for why).
func placementWhere(actor auth.Actor, f Filter) *sqlb.Where {
	w := sqlb.With()
	if f.PlanID != nil {
		w.Add("pl.plan_id = %s", *f.PlanID)
	}
	if f.StudentID != nil {
		w.Add("pl.student_id = %s", *f.StudentID)
	}
	if f.EnterpriseID != nil {
		w.Add("pl.enterprise_id = %s", *f.EnterpriseID)
	}
	if f.SchoolID != nil {
		w.Add("pl.school_id = %s", *f.SchoolID)
	}
	if f.Status != "" {
		w.Add("pl.status = %s", string(f.Status))
	}
	if f.After != nil {
		w.Add("pl.id > %s", *f.After)
	}
	actor.Scope(w, involvedPlacement)
	return w
}

func listPlacements(ctx context.Context, db postgres.DBTX, actor auth.Actor, f Filter) ([]Placement, error) {
	w := placementWhere(actor, f)
	list, err := postgres.List(ctx, db, "placements: list", scanPlacement,
		placementSelect+" WHERE "+w.String()+" ORDER BY pl.id"+sqlb.Limit(f.Limit), w.Args()...)
	if err != nil {
		return nil, err
	}
	ptrs := make([]*Placement, len(list))
	for i := range list {
		ptrs[i] = &list[i]
	}
	return list, loadChildren(ctx, db, ptrs...)
}
