package supervision

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"huhang/internal/auth"
	"huhang/internal/duty"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/sqlb"
)

// involvedRecord says whom a record row (r, over placement pl) concerns: the
// school's division, the school and the host, the placement's instructor
// and mentor and whoever wrote it (a roster teacher patrols interns he does
// not instruct), and the host's mentors for patrol lines they countersign.
// A student sees the incidents of their own placement, not what the two
// sides write about them.
var involvedRecord = auth.Involved{
	Division:   "pl.school_id = ANY (ARRAY(SELECT so.id FROM orgs so WHERE so.kind = 'school' AND so.division_code ~>=~ %[1]s AND so.division_code ~<~ %[2]s))",
	School:     "pl.school_id = %s",
	Enterprise: "pl.enterprise_id = %s",
	Teacher:    "(pl.instructor_id = %[1]s OR r.author_id = %[1]s)",
	Mentor: "(pl.mentor_id = %[1]s OR r.author_id = %[1]s OR (r.patrol_id IS NOT NULL AND " +
		"pl.enterprise_id = (SELECT mu.org_id FROM users mu WHERE mu.id = %[1]s)))",
	Student: "(r.kind = 'incident' AND pl.student_id = (SELECT ms.id FROM students ms WHERE ms.user_id = %s))",
}

// recordSelect reads the placement's school, host, student and people beside
// the record (placements, orgs, students and users are below supervision).
const recordSelect = `
	SELECT r.id, r.placement_id, r.kind, r.status, r.author_id, au.display_name, r.author_side, r.content, r.occurred_at,
	       r.patrol_id, r.attendance, r.countersigned_by, cu.display_name, r.countersigned_at, r.dispute_reason,
	       r.incident_kind, r.place, r.action_taken, r.ack_due_at, r.acknowledged_by, ku.display_name, r.acknowledged_at,
	       r.outcome, r.closed_at, r.photo_file_id, r.created_at, r.updated_at,
	       pl.school_id, sch.name, sch.division_code, pl.enterprise_id, ent.name, pl.instructor_id, pl.mentor_id,
	       st.name, st.user_id, pl.status, po.name, st.student_no
	FROM supervision_records r
	JOIN placements pl ON pl.id = r.placement_id
	JOIN orgs sch ON sch.id = pl.school_id
	JOIN orgs ent ON ent.id = pl.enterprise_id
	JOIN students st ON st.id = pl.student_id
	JOIN posts po ON po.id = pl.post_id
	JOIN users au ON au.id = r.author_id
	LEFT JOIN users cu ON cu.id = r.countersigned_by
	LEFT JOIN users ku ON ku.id = r.acknowledged_by`

func scanRecord(row pgx.Row) (Record, error) {
	var r Record
	err := row.Scan(&r.ID, &r.PlacementID, &r.Kind, &r.Status, &r.AuthorID, &r.AuthorName, &r.AuthorSide, &r.Content, &r.OccurredAt,
		&r.PatrolID, &r.Attendance, &r.CountersignedBy, &r.CountersignedName, &r.CountersignedAt, &r.DisputeReason,
		&r.IncidentKind, &r.Place, &r.ActionTaken, &r.AckDueAt, &r.AcknowledgedBy, &r.AcknowledgedName, &r.AcknowledgedAt,
		&r.Outcome, &r.ClosedAt, &r.PhotoFileID, &r.CreatedAt, &r.UpdatedAt,
		&r.SchoolID, &r.SchoolName, &r.SchoolDivision, &r.EnterpriseID, &r.EnterpriseName, &r.InstructorID, &r.MentorID,
		&r.StudentName, &r.StudentUserID, &r.PlacementStatus, &r.PlacementPostName, &r.PlacementStudentNo)
	return r, err
}

func recordNotFound() error { return apperr.NotFound("记录不存在") }

// getRecord reads one record within scope (nil: unscoped), locking it when asked.
func getRecord(ctx context.Context, db postgres.DBTX, id uuid.UUID, scope *auth.Actor, lock bool) (Record, error) {
	w := sqlb.With()
	w.Add("r.id = %s", id)
	if scope != nil {
		scope.Scope(w, involvedRecord)
	}
	q := recordSelect + " WHERE " + w.String()
	if lock {
		q += " FOR UPDATE OF r"
	}
	r, err := scanRecord(db.QueryRow(ctx, q, w.Args()...))
	if errors.Is(err, pgx.ErrNoRows) {
		return r, recordNotFound()
	}
	return r, postgres.Translate(err, "supervision: get record")
}

// RecordFilter narrows a list of records.
type RecordFilter struct {
	PlacementID *uuid.UUID
	PatrolIDs   []uuid.UUID
	Kind        Kind
	Statuses    []RecordStatus
	// Division keeps the records of schools in exactly this division (the
	// competent bureau's own, not its subtree's).
	Division string
	// Instructor, Mentor keep the records of placements the user instructs or mentors.
	Instructor, Mentor *uuid.UUID
	AuthorSide         Side
	After              *uuid.UUID
	Limit              int
}

func listRecords(ctx context.Context, db postgres.DBTX, scope *auth.Actor, f RecordFilter) ([]Record, error) {
	w := sqlb.With()
	if f.PlacementID != nil {
		w.Add("r.placement_id = %s", *f.PlacementID)
	}
	if f.PatrolIDs != nil {
		w.Add("r.patrol_id = ANY (%s)", f.PatrolIDs)
	}
	if f.Kind != "" {
		w.Add("r.kind = %s", string(f.Kind))
	}
	if len(f.Statuses) > 0 {
		ss := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			ss[i] = string(s)
		}
		w.Add("r.status = ANY (%s)", ss)
	}
	if f.Division != "" {
		w.Add("sch.division_code = %s", f.Division)
	}
	if f.Instructor != nil {
		w.Add("pl.instructor_id = %s", *f.Instructor)
	}
	if f.Mentor != nil {
		w.Add("pl.mentor_id = %s", *f.Mentor)
	}
	if f.AuthorSide != "" {
		w.Add("r.author_side = %s", string(f.AuthorSide))
	}
	if f.After != nil {
		w.Add("r.id < %s", *f.After)
	}
	if scope != nil {
		scope.Scope(w, involvedRecord)
	}
	// Newest first: UUIDv7 ids follow creation time.
	return postgres.List(ctx, db, "supervision: records", scanRecord,
		recordSelect+" WHERE "+w.String()+" ORDER BY r.id DESC"+sqlb.Limit(f.Limit), w.Args()...)
}

func insertRecord(ctx context.Context, db postgres.DBTX, r Record) error {
	_, err := db.Exec(ctx, `INSERT INTO supervision_records (id, placement_id, kind, status, author_id, author_side, content,
		occurred_at, patrol_id, attendance, incident_kind, place, action_taken, ack_due_at, photo_file_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)`,
		r.ID, r.PlacementID, r.Kind, r.Status, r.AuthorID, r.AuthorSide, r.Content, r.OccurredAt, r.PatrolID, r.Attendance,
		r.IncidentKind, r.Place, r.ActionTaken, r.AckDueAt, r.PhotoFileID, r.CreatedAt)
	return postgres.Translate(err, "supervision: insert record")
}

func saveRecordState(ctx context.Context, db postgres.DBTX, r Record) error {
	_, err := db.Exec(ctx, `UPDATE supervision_records SET status = $2, countersigned_by = $3, countersigned_at = $4,
		dispute_reason = $5, acknowledged_by = $6, acknowledged_at = $7, outcome = $8, closed_at = $9, updated_at = $10 WHERE id = $1`,
		r.ID, r.Status, r.CountersignedBy, r.CountersignedAt, r.DisputeReason, r.AcknowledgedBy, r.AcknowledgedAt, r.Outcome,
		r.ClosedAt, r.UpdatedAt)
	return postgres.Translate(err, "supervision: save record")
}

// openIncidents counts the incidents still being handled on a placement.
func openIncidents(ctx context.Context, db postgres.DBTX, placementID uuid.UUID) (int, error) {
	var n int
	err := db.QueryRow(ctx, `SELECT count(*) FROM supervision_records WHERE placement_id = $1 AND kind = 'incident'
		AND status IN ('reported', 'acknowledged')`, placementID).Scan(&n)
	return n, postgres.Translate(err, "supervision: open incidents")
}

// Intern is one placement a roster covers on a day, as the patrol form lists it.
type Intern struct {
	PlacementID uuid.UUID
	StudentName string
	StudentNo   string
	PostName    string
	MentorName  *string
}

// internsOf lists the placements roster covers on day, by student name
// (duty.InternsOnSite is the one definition of who is on site; placements,
// students, posts and users are read for display).
func internsOf(ctx context.Context, db postgres.DBTX, rosterID uuid.UUID, day clock.Date) ([]Intern, error) {
	return postgres.List(ctx, db, "supervision: interns", func(row pgx.Row) (Intern, error) {
		var in Intern
		err := row.Scan(&in.PlacementID, &in.StudentName, &in.StudentNo, &in.PostName, &in.MentorName)
		return in, err
	}, `SELECT pl.id, st.name, st.student_no, po.name, men.display_name
		FROM duty_rosters dr
		CROSS JOIN (SELECT $2::date AS day) d
		JOIN placements pl ON `+duty.InternsOnSite+`
		JOIN students st ON st.id = pl.student_id
		JOIN posts po ON po.id = pl.post_id
		LEFT JOIN users men ON men.id = pl.mentor_id
		WHERE dr.id = $1
		ORDER BY st.name, st.student_no, pl.id`, rosterID, pgDate(day))
}

func pgDate(d clock.Date) time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Patrol is one daily patrol of a roster site with its lines.
type Patrol struct {
	ID             uuid.UUID
	RosterID       uuid.UUID
	AuthorID       uuid.UUID
	AuthorName     string
	Day            clock.Date
	Summary        string
	CreatedAt      time.Time
	SchoolID       uuid.UUID
	SchoolName     string
	SchoolDivision string
	EnterpriseID   uuid.UUID
	EnterpriseName string
	Lines          []Record
}

// Status of a patrol follows its lines: awaiting while any line awaits the
// host, disputed when a line was disputed, countersigned when all were.
func (p Patrol) Status() RecordStatus {
	st := StatusCountersigned
	for _, l := range p.Lines {
		switch l.Status {
		case StatusAwaiting:
			return StatusAwaiting
		case StatusDisputed:
			st = StatusDisputed
		}
	}
	return st
}

// involvedPatrol says whom a patrol row (pt over roster dr) concerns: the
// roster's school and division, its teacher, and the host with its mentors,
// who countersign it. Students are not shown patrols.
var involvedPatrol = auth.Involved{
	Division:   "dr.school_id = ANY (ARRAY(SELECT so.id FROM orgs so WHERE so.kind = 'school' AND so.division_code ~>=~ %[1]s AND so.division_code ~<~ %[2]s))",
	School:     "dr.school_id = %s",
	Enterprise: "dr.enterprise_id = %s",
	Teacher:    "dr.teacher_id = %s",
	Mentor:     "dr.enterprise_id = (SELECT mu.org_id FROM users mu WHERE mu.id = %s)",
}

const patrolSelect = `
	SELECT pt.id, pt.roster_id, pt.author_id, au.display_name, pt.day, pt.summary, pt.created_at,
	       dr.school_id, sch.name, sch.division_code, dr.enterprise_id, ent.name
	FROM patrols pt
	JOIN duty_rosters dr ON dr.id = pt.roster_id
	JOIN orgs sch ON sch.id = dr.school_id
	JOIN orgs ent ON ent.id = dr.enterprise_id
	JOIN users au ON au.id = pt.author_id`

func scanPatrol(row pgx.Row) (Patrol, error) {
	var p Patrol
	var day time.Time
	err := row.Scan(&p.ID, &p.RosterID, &p.AuthorID, &p.AuthorName, &day, &p.Summary, &p.CreatedAt,
		&p.SchoolID, &p.SchoolName, &p.SchoolDivision, &p.EnterpriseID, &p.EnterpriseName)
	p.Day = clock.DateOf(day)
	return p, err
}

func patrolNotFound() error { return apperr.NotFound("巡查记录不存在") }

func getPatrol(ctx context.Context, db postgres.DBTX, id uuid.UUID, scope *auth.Actor, lock bool) (Patrol, error) {
	w := sqlb.With()
	w.Add("pt.id = %s", id)
	if scope != nil {
		scope.Scope(w, involvedPatrol)
	}
	q := patrolSelect + " WHERE " + w.String()
	if lock {
		q += " FOR UPDATE OF pt"
	}
	p, err := scanPatrol(db.QueryRow(ctx, q, w.Args()...))
	if errors.Is(err, pgx.ErrNoRows) {
		return p, patrolNotFound()
	}
	if err != nil {
		return p, postgres.Translate(err, "supervision: get patrol")
	}
	return p, withLines(ctx, db, &p)
}

// PatrolFilter narrows a list of patrols.
type PatrolFilter struct {
	RosterID *uuid.UUID
	// Awaiting keeps the patrols with a line still awaiting the host.
	Awaiting bool
	Limit    int
}

func listPatrols(ctx context.Context, db postgres.DBTX, scope *auth.Actor, f PatrolFilter) ([]Patrol, error) {
	w := sqlb.With()
	if f.RosterID != nil {
		w.Add("pt.roster_id = %s", *f.RosterID)
	}
	if f.Awaiting {
		w.Add("EXISTS (SELECT 1 FROM supervision_records l WHERE l.patrol_id = pt.id AND l.status = 'awaiting_countersign')")
	}
	if scope != nil {
		scope.Scope(w, involvedPatrol)
	}
	list, err := postgres.List(ctx, db, "supervision: patrols", scanPatrol,
		patrolSelect+" WHERE "+w.String()+" ORDER BY pt.day DESC, pt.id DESC"+sqlb.Limit(f.Limit), w.Args()...)
	if err != nil {
		return nil, err
	}
	ptrs := make([]*Patrol, len(list))
	for i := range list {
		ptrs[i] = &list[i]
	}
	return list, withLines(ctx, db, ptrs...)
}

// withLines fills the patrols' lines with one query, by student name.
func withLines(ctx context.Context, db postgres.DBTX, list ...*Patrol) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]uuid.UUID, len(list))
	by := map[uuid.UUID]*Patrol{}
	for i, p := range list {
		ids[i] = p.ID
		by[p.ID] = p
		p.Lines = []Record{}
	}
	lines, err := postgres.List(ctx, db, "supervision: patrol lines", scanRecord,
		recordSelect+" WHERE r.patrol_id = ANY ($1) ORDER BY st.name, r.id", ids)
	if err != nil {
		return err
	}
	for _, l := range lines {
		p := by[*l.PatrolID]
		p.Lines = append(p.Lines, l)
	}
	return nil
}

func insertPatrol(ctx context.Context, db postgres.DBTX, p Patrol) error {
	_, err := db.Exec(ctx, `INSERT INTO patrols (id, roster_id, author_id, day, summary, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		p.ID, p.RosterID, p.AuthorID, pgDate(p.Day), p.Summary, p.CreatedAt)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return apperr.Conflict("PATROL_EXISTS", "该值守点当天已提交巡查记录，每个值守点每天一份")
	}
	return postgres.Translate(err, "supervision: insert patrol")
}
