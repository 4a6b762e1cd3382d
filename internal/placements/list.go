package placements

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/auth"
	"huhang/internal/platform/ids"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/sqlb"
)

// involvedPlacement says whom a placement row (pl; school sch; student st)
// concerns: the school's division; the school and the host; the student's
// instructor and mentor and the student's own account. Each kind of actor
// gets the one indexed column that names it.
// schoolsOfDivision is the array of the schools in a division's subtree,
// from orgs_school_division_idx; %[1]s and %[2]s bound its code range.
const schoolsOfDivision = "ARRAY(SELECT so.id FROM orgs so WHERE so.kind = 'school' AND so.division_code ~>=~ %[1]s AND so.division_code ~<~ %[2]s)"

var involvedPlacement = auth.Involved{
	Division:   "pl.school_id = ANY (" + schoolsOfDivision + ")",
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
	w := placementFilters(f)
	actor.Scope(w, involvedPlacement)
	return w
}

// placementFilters is the filter's part of the WHERE clause, without the
// actor's scope.
func placementFilters(f Filter) *sqlb.Where {
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
	return w
}

func listPlacements(ctx context.Context, db postgres.DBTX, actor auth.Actor, f Filter) ([]Placement, error) {
	var list []Placement
	var err error
	if acrossSchools(actor, f) {
		list, err = listAcrossSchools(ctx, db, actor, f)
	} else {
		w := placementWhere(actor, f)
		list, err = postgres.List(ctx, db, "placements: list", scanPlacement,
			placementSelect+" WHERE "+w.String()+" ORDER BY pl.id"+sqlb.Limit(f.Limit), w.Args()...)
	}
	if err != nil {
		return nil, err
	}
	ptrs := make([]*Placement, len(list))
	for i := range list {
		ptrs[i] = &list[i]
	}
	return list, loadChildren(ctx, db, ptrs...)
}

// acrossSchools: a bureau's list not narrowed to one school, plan, student
// or host spans every school of its division.
func acrossSchools(actor auth.Actor, f Filter) bool {
	return actor.Role == auth.RoleBureauAuditor && f.SchoolID == nil && f.PlanID == nil && f.StudentID == nil && f.EnterpriseID == nil
}

// listAcrossSchools reads a bureau's page as a keyset read per school: each
// school's first rows in id order from placements_school_idx, merged and cut
// to the page. Compared with ANY (the schools) in one ordered read,
// PostgreSQL read every index entry of the division (50,703 for 成都市 at
// 500,000 students) to keep 51; this reads at most the page per school.
func listAcrossSchools(ctx context.Context, db postgres.DBTX, actor auth.Actor, f Filter) ([]Placement, error) {
	lo, hi, ok := sqlb.PrefixRange(ids.DivisionPrefix(actor.DivisionCode))
	if !ok {
		return []Placement{}, nil
	}
	w := placementFilters(f)
	w.Add("pl.school_id = s.id")
	schools := fmt.Sprintf(schoolsOfDivision, w.Arg(lo), w.Arg(hi))
	page, err := postgres.List(ctx, db, "placements: page across schools", func(row pgx.Row) (uuid.UUID, error) {
		var id uuid.UUID
		return id, row.Scan(&id)
	}, `SELECT x.id FROM unnest(`+schools+`) s (id)
		CROSS JOIN LATERAL (SELECT pl.id FROM placements pl WHERE `+w.String()+` ORDER BY pl.id`+sqlb.Limit(f.Limit)+`) x
		ORDER BY x.id`+sqlb.Limit(f.Limit), w.Args()...)
	if err != nil {
		return nil, err
	}
	if len(page) == 0 {
		return []Placement{}, nil
	}
	return postgres.List(ctx, db, "placements: list", scanPlacement,
		placementSelect+" WHERE pl.id = ANY ($1) ORDER BY pl.id", page)
}
