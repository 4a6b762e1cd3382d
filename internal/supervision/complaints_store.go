package supervision

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/sqlb"
)

// complaintSelect joins orgs and users to read the names beside the ids
// (orgs owns those tables; supervision only reads them).
const complaintSelect = `SELECT c.id, c.reference, c.code_hash, c.school_id, COALESCE(s.name, ''), c.enterprise_name, c.enterprise_id,
	COALESCE(e.name, ''), c.placement_ref, c.content, c.contact, c.division_code, c.bureau_id, b.name, c.route_basis, c.route_note,
	c.status, c.triage_outcome, c.public_reply, c.triage_note, c.triaged_by, COALESCE(u.display_name, ''), c.triaged_at,
	c.started_at, c.finding_id, c.created_at, c.updated_at
	FROM complaints c
	JOIN orgs b ON b.id = c.bureau_id
	LEFT JOIN orgs s ON s.id = c.school_id
	LEFT JOIN orgs e ON e.id = c.enterprise_id
	LEFT JOIN users u ON u.id = c.triaged_by`

func scanComplaint(row pgx.Row) (Complaint, error) {
	var c Complaint
	err := row.Scan(&c.ID, &c.Reference, &c.codeHash, &c.SchoolID, &c.SchoolName, &c.EnterpriseName, &c.EnterpriseID,
		&c.EnterpriseOrg, &c.PlacementRef, &c.Content, &c.Contact, &c.DivisionCode, &c.BureauID, &c.BureauName, &c.RouteBasis, &c.RouteNote,
		&c.Status, &c.TriageOutcome, &c.PublicReply, &c.TriageNote, &c.TriagedBy, &c.TriagedByName, &c.TriagedAt,
		&c.StartedAt, &c.FindingID, &c.CreatedAt, &c.UpdatedAt)
	return c, err
}

// involvedComplaint: a bureau sees the complaints routed to a division of
// its subtree; no other role is involved in one.
var involvedComplaint = auth.Involved{Division: "c.division_code >= %[1]s AND c.division_code < %[2]s"}

// getComplaint reads one complaint by id or by reference, within scope
// (nil: unscoped, for the complainant's lookup), locking it when asked.
func getComplaint(ctx context.Context, db postgres.DBTX, scope *auth.Actor, id *uuid.UUID, reference string, lock bool) (Complaint, error) {
	w := sqlb.With()
	if id != nil {
		w.Add("c.id = %s", *id)
	} else {
		w.Add("c.reference = %s", reference)
	}
	if scope != nil {
		scope.Scope(w, involvedComplaint)
	}
	q := complaintSelect + " WHERE " + w.String()
	if lock {
		q += " FOR UPDATE OF c"
	}
	c, err := scanComplaint(db.QueryRow(ctx, q, w.Args()...))
	if errors.Is(err, pgx.ErrNoRows) {
		return c, apperr.NotFound("投诉不存在")
	}
	return c, postgres.Translate(err, "supervision: get complaint")
}

func listComplaints(ctx context.Context, db postgres.DBTX, scope auth.Actor, f ComplaintFilter) ([]Complaint, error) {
	w := sqlb.With()
	scope.Scope(w, involvedComplaint)
	if f.Status != "" {
		w.Add("c.status = %s", f.Status)
	}
	if f.Open {
		w.Add("c.status IN ('received', 'triaging')")
	}
	if f.Before != nil {
		w.Add("c.id < %s", *f.Before)
	}
	return postgres.List(ctx, db, "supervision: complaints", scanComplaint,
		complaintSelect+" WHERE "+w.String()+" ORDER BY c.id DESC"+sqlb.Limit(f.Limit), w.Args()...)
}

// openComplaintsOf lists the complaints a bureau still has to decide, oldest first.
func openComplaintsOf(ctx context.Context, db postgres.DBTX, bureau uuid.UUID) ([]Complaint, error) {
	return postgres.List(ctx, db, "supervision: open complaints", scanComplaint,
		complaintSelect+" WHERE c.bureau_id = $1 AND c.status IN ('received', 'triaging') ORDER BY c.created_at, c.id LIMIT 200", bureau)
}

// referredComplaintsOf lists a bureau's complaints referred to inspection
// that no finding records yet, oldest decision first.
func referredComplaintsOf(ctx context.Context, db postgres.DBTX, bureau uuid.UUID) ([]Complaint, error) {
	return postgres.List(ctx, db, "supervision: referred complaints", scanComplaint,
		complaintSelect+" WHERE c.bureau_id = $1 AND c.status = 'referred' AND c.finding_id IS NULL ORDER BY c.triaged_at, c.id LIMIT 200", bureau)
}

func linkFinding(ctx context.Context, db postgres.DBTX, id, finding uuid.UUID, at time.Time) error {
	_, err := db.Exec(ctx, `UPDATE complaints SET finding_id = $2, updated_at = $3 WHERE id = $1`, id, finding, at)
	return postgres.Translate(err, "supervision: link finding")
}

func insertComplaint(ctx context.Context, db postgres.DBTX, c Complaint, clientIP string) error {
	_, err := db.Exec(ctx, `INSERT INTO complaints (id, reference, code_hash, school_id, enterprise_name, enterprise_id, placement_ref,
		content, contact, division_code, bureau_id, route_basis, route_note, status, client_ip, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)`,
		c.ID, c.Reference, c.codeHash, c.SchoolID, c.EnterpriseName, c.EnterpriseID, c.PlacementRef, c.Content, c.Contact,
		c.DivisionCode, c.BureauID, c.RouteBasis, c.RouteNote, c.Status, clientIP, c.CreatedAt)
	return postgres.Translate(err, "supervision: insert complaint")
}

func saveComplaint(ctx context.Context, db postgres.DBTX, c Complaint, by auth.Actor) error {
	var startedBy *uuid.UUID
	if c.StartedAt != nil {
		id := by.UserID
		startedBy = &id
	}
	_, err := db.Exec(ctx, `UPDATE complaints SET status = $2, triage_outcome = $3, public_reply = $4, triage_note = $5, triaged_by = $6,
		triaged_at = $7, started_at = $8, started_by = COALESCE(started_by, $9), updated_at = $10 WHERE id = $1`,
		c.ID, c.Status, c.TriageOutcome, c.PublicReply, c.TriageNote, c.TriagedBy, c.TriagedAt, c.StartedAt, startedBy, c.UpdatedAt)
	return postgres.Translate(err, "supervision: save complaint")
}

// schoolChoice is one school of the public form's picker.
type SchoolChoice struct {
	ID   uuid.UUID
	Name string
}

// PublicSchools lists every school by name, for the public complaint form:
// names are public, and nothing else of a school is shown.
func (s *Service) PublicSchools(ctx context.Context) ([]SchoolChoice, error) {
	return postgres.List(ctx, s.pool, "supervision: public schools", func(r pgx.Row) (SchoolChoice, error) {
		var sc SchoolChoice
		return sc, r.Scan(&sc.ID, &sc.Name)
	}, `SELECT id, name FROM orgs WHERE kind = 'school' ORDER BY division_code, name LIMIT 2000`)
}
