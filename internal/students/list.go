package students

import (
	"context"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/sqlb"
)

// involvedStudent says whom a student row (st, school sch) concerns: the
// school's division, the school, and the student's own account. Enterprises
// and teachers see the students of their placements through placements.
var involvedStudent = auth.Involved{
	// The schools of the range first, as an array, then their students.
	Division: "st.school_id = ANY (ARRAY(SELECT so.id FROM orgs so WHERE so.kind = 'school' AND so.division_code ~>=~ %[1]s AND so.division_code ~<~ %[2]s))",
	School:   "st.school_id = %s",
	Student:  "st.user_id = %s",
}

// Filter narrows a list of students.
type Filter struct {
	Query    string
	Hashes   [][]byte // set when Query is a whole ID number
	Class    string
	SchoolID *uuid.UUID
	After    *uuid.UUID
	Limit    int
}

// studentWhere builds the WHERE from the filters actually set and the
// actor's kind (see sqlb for why). A name fragment is served by the trigram
// index students_name_trgm_idx, a student number prefix by the trigram
// index on student_no, both within the school's rows.
func studentWhere(actor auth.Actor, f Filter) *sqlb.Where {
	w := sqlb.With()
	switch {
	case f.Hashes != nil:
		// A whole ID number is looked up by its keyed hashes, never by text.
		w.Add("st.id_hash = ANY(%s)", f.Hashes)
	case f.Query != "":
		q := postgres.LikeEscape(f.Query)
		w.Add("(st.name ILIKE %s OR st.student_no ILIKE %s)", "%"+q+"%", q+"%")
	}
	if f.Class != "" {
		w.Add("st.class_name = %s", f.Class)
	}
	if f.SchoolID != nil {
		w.Add("st.school_id = %s", *f.SchoolID)
	}
	if f.After != nil {
		w.Add("st.id > %s", *f.After)
	}
	actor.Scope(w, involvedStudent)
	return w
}

func listStudents(ctx context.Context, db postgres.DBTX, actor auth.Actor, f Filter) ([]Student, error) {
	w := studentWhere(actor, f)
	return postgres.List(ctx, db, "students: list", scanStudent,
		studentSelect+" WHERE "+w.String()+" ORDER BY st.id"+sqlb.Limit(f.Limit), w.Args()...)
}
