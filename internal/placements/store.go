package placements

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"huhang/internal/auth"
	"huhang/internal/plans"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
)

// placementSelect joins the names a placement is shown with. Reading other
// domains' tables for display is allowed; only their owners write them.
const placementSelect = `
	SELECT pl.id, pl.plan_id, pl.plan_type, p.title, p.status, p.filing_no, pl.school_id, sch.name, sch.division_code,
	       pl.student_id, st.name, st.student_no, st.class_name, st.gender = 'female', st.birth_date, st.enrolled_on, st.user_id,
	       pl.enterprise_id, ent.name, pl.post_id, po.name, pl.status, pl.starts_on, pl.ends_on,
	       pl.instructor_id, ins.display_name, pl.mentor_id, men.display_name, pl.decline_reason, pl.end_reason,
	       pl.transferred_from, (SELECT n.id FROM placements n WHERE n.transferred_from = pl.id),
	       pl.confirmed_at, pl.activated_at, pl.ended_at, pl.created_at, pl.updated_at, ` + plans.CrossBorderColumn + `
	FROM placements pl
	JOIN plans p ON p.id = pl.plan_id
	JOIN orgs sch ON sch.id = pl.school_id
	JOIN students st ON st.id = pl.student_id
	JOIN orgs ent ON ent.id = pl.enterprise_id
	JOIN posts po ON po.id = pl.post_id
	LEFT JOIN users ins ON ins.id = pl.instructor_id
	LEFT JOIN users men ON men.id = pl.mentor_id`

func scanPlacement(row pgx.Row) (Placement, error) {
	var p Placement
	var birth, enrol, starts, ends time.Time
	err := row.Scan(&p.ID, &p.PlanID, &p.PlanType, &p.PlanTitle, &p.PlanStatus, &p.FilingNo, &p.SchoolID, &p.SchoolName,
		&p.SchoolDivision, &p.StudentID, &p.StudentName, &p.StudentNo, &p.ClassName, &p.StudentFemale, &birth, &enrol,
		&p.StudentUserID, &p.EnterpriseID, &p.EnterpriseName, &p.PostID, &p.PostName, &p.Status, &starts, &ends,
		&p.InstructorID, &p.InstructorName, &p.MentorID, &p.MentorName, &p.DeclineReason, &p.EndReason,
		&p.TransferredFrom, &p.TransferredTo, &p.ConfirmedAt, &p.ActivatedAt, &p.EndedAt, &p.CreatedAt, &p.UpdatedAt, &p.PlanCrossBorder)
	p.StudentBirth, p.StudentEnrol, p.StartsOn, p.EndsOn = clock.DateOf(birth), clock.DateOf(enrol), clock.DateOf(starts), clock.DateOf(ends)
	return p, err
}

func getPlacement(ctx context.Context, db postgres.DBTX, id uuid.UUID, actor *auth.Actor, forUpdate bool) (Placement, error) {
	where, args := auth.ScopedWhere(actor, involvedPlacement, "pl.id = $1", []any{id})
	query := placementSelect + " WHERE " + where
	if forUpdate {
		query += " FOR UPDATE OF pl"
	}
	p, err := scanPlacement(db.QueryRow(ctx, query, args...))
	if err != nil {
		return p, postgres.Translate(err, "placements: get "+id.String())
	}
	return p, loadChildren(ctx, db, &p)
}

// loadChildren fills documents, pay records and fee reports with one query
// per kind for however many placements.
func loadChildren(ctx context.Context, db postgres.DBTX, list ...*Placement) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[uuid.UUID]*Placement, len(list))
	idList := make([]uuid.UUID, len(list))
	for i, p := range list {
		byID[p.ID], idList[i] = p, p.ID
		p.Documents, p.PayRecords, p.FeeReports = []Document{}, []PayRecord{}, []FeeReport{}
	}
	rows, err := db.Query(ctx, `SELECT d.placement_id, d.kind, d.data, d.file_id, d.updated_at, u.display_name,
		d.confirmed_at, cu.display_name
		FROM placement_documents d JOIN users u ON u.id = d.updated_by LEFT JOIN users cu ON cu.id = d.confirmed_by
		WHERE d.placement_id = ANY($1) ORDER BY array_position(ARRAY['agreement','consent','training','insurance'], d.kind)`, idList)
	if err != nil {
		return postgres.Translate(err, "placements: documents")
	}
	var pid uuid.UUID
	var raw []byte
	var doc Document
	_, err = pgx.ForEachRow(rows, []any{&pid, &doc.Kind, &raw, &doc.FileID, &doc.UpdatedAt, &doc.UpdatedByName,
		&doc.ConfirmedAt, &doc.ConfirmedByName}, func() error {
		d := doc
		// pgx would otherwise write the next row's values through the same pointers
		doc.FileID, doc.ConfirmedAt, doc.ConfirmedByName = nil, nil, nil
		// raw is reused by the next row; the document keeps its own copy, kept
		// as JSON so it is decoded once for the gates and passed through to the API.
		d.Data = json.RawMessage(append([]byte(nil), raw...))
		byID[pid].Documents = append(byID[pid].Documents, d)
		return nil
	})
	if err != nil {
		return postgres.Translate(err, "placements: documents")
	}
	rows, err = db.Query(ctx, `SELECT r.placement_id, r.id, to_char(r.month, 'YYYY-MM'), r.amount_fen, r.paid_on, r.method,
		r.required_fen, r.compliant, r.message, u.display_name, r.created_at, r.corrected_at
		FROM pay_records r JOIN users u ON u.id = r.recorded_by WHERE r.placement_id = ANY($1) ORDER BY r.month`, idList)
	if err != nil {
		return postgres.Translate(err, "placements: pay records")
	}
	var pay PayRecord
	var paidOn time.Time
	_, err = pgx.ForEachRow(rows, []any{&pid, &pay.ID, &pay.Month, &pay.AmountFen, &paidOn, &pay.Method, &pay.RequiredFen,
		&pay.Compliant, &pay.Message, &pay.RecordedByName, &pay.CreatedAt, &pay.CorrectedAt}, func() error {
		r := pay
		pay.CorrectedAt = nil // a fresh pointer for the next row
		r.PaidOn = clock.DateOf(paidOn)
		byID[pid].PayRecords = append(byID[pid].PayRecords, r)
		return nil
	})
	if err != nil {
		return postgres.Translate(err, "placements: pay records")
	}
	rows, err = db.Query(ctx, `SELECT f.placement_id, f.id, f.kind, f.description, f.amount_fen, u.display_name, f.created_at,
		f.resolved_at, f.resolution
		FROM fee_reports f JOIN users u ON u.id = f.reported_by WHERE f.placement_id = ANY($1) ORDER BY f.id`, idList)
	if err != nil {
		return postgres.Translate(err, "placements: fee reports")
	}
	var fee FeeReport
	_, err = pgx.ForEachRow(rows, []any{&pid, &fee.ID, &fee.Kind, &fee.Description, &fee.AmountFen, &fee.ReportedByName,
		&fee.CreatedAt, &fee.ResolvedAt, &fee.Resolution}, func() error {
		byID[pid].FeeReports = append(byID[pid].FeeReports, fee)
		fee.AmountFen, fee.ResolvedAt, fee.Resolution = nil, nil, nil // fresh pointers for the next row
		return nil
	})
	return postgres.Translate(err, "placements: fee reports")
}

func insertPlacement(ctx context.Context, db postgres.DBTX, p Placement) error {
	_, err := db.Exec(ctx, `INSERT INTO placements (id, plan_id, plan_type, school_id, student_id, post_id, enterprise_id, status,
		starts_on, ends_on, transferred_from) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		p.ID, p.PlanID, p.PlanType, p.SchoolID, p.StudentID, p.PostID, p.EnterpriseID, p.Status, day(p.StartsOn), day(p.EndsOn),
		p.TransferredFrom)
	return translateConflict(err, "placements: insert")
}

// saveState writes the fields transitions change.
func saveState(ctx context.Context, db postgres.DBTX, p Placement) error {
	_, err := db.Exec(ctx, `UPDATE placements SET status = $2, decline_reason = $3, end_reason = $4, instructor_id = $5,
		mentor_id = $6, confirmed_at = $7, activated_at = $8, ended_at = $9, updated_at = now() WHERE id = $1`,
		p.ID, p.Status, p.DeclineReason, p.EndReason, p.InstructorID, p.MentorID, p.ConfirmedAt, p.ActivatedAt, p.EndedAt)
	return translateConflict(err, "placements: save")
}

// translateConflict names the two uniqueness rules the database enforces.
func translateConflict(err error, what string) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		switch pgErr.ConstraintName {
		case "placements_one_active_post_idx":
			return activeElsewhere()
		case "placements_one_open_per_plan_idx":
			return apperr.Conflict("PLACEMENT_EXISTS", "该学生在本方案中已有进行中的实习安排")
		}
	}
	return postgres.Translate(err, what)
}

func activeElsewhere() error {
	return apperr.Conflict("ACTIVE_PLACEMENT_EXISTS", "该学生已有一个正在进行的岗位实习，同一时间只能在一个岗位实习")
}

func day(d clock.Date) time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// putDocument records or replaces a document. A replacement carries its
// own confirmation (confirmed: by the recording user, now) or none: what was
// confirmed was the document replaced, not this one.
func putDocument(ctx context.Context, db postgres.DBTX, placementID uuid.UUID, kind string, data any, fileID *uuid.UUID, by uuid.UUID, confirmed bool) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return err
	}
	_, err = db.Exec(ctx, `INSERT INTO placement_documents (placement_id, kind, data, file_id, updated_by, confirmed_at, confirmed_by)
		VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN now() END, CASE WHEN $6 THEN $5::uuid END)
		ON CONFLICT (placement_id, kind) DO UPDATE SET data = EXCLUDED.data, file_id = EXCLUDED.file_id,
		updated_by = EXCLUDED.updated_by, updated_at = now(), confirmed_at = EXCLUDED.confirmed_at, confirmed_by = EXCLUDED.confirmed_by`,
		placementID, kind, raw, fileID, by, confirmed)
	return postgres.Translate(err, "placements: document")
}

func confirmDocument(ctx context.Context, db postgres.DBTX, placementID uuid.UUID, kind string, by uuid.UUID) error {
	_, err := db.Exec(ctx, `UPDATE placement_documents SET confirmed_at = now(), confirmed_by = $3 WHERE placement_id = $1 AND kind = $2`,
		placementID, kind, by)
	return postgres.Translate(err, "placements: confirm document")
}

// lowestGradeWage reads the host's lowest-grade wage (本单位最低档工资标准,
// R-PAY); nil when undeclared. orgs owns enterprises and does not yet expose
// the column (migration 00007), so this reads it directly, read-only.
func lowestGradeWage(ctx context.Context, db postgres.DBTX, enterpriseID uuid.UUID) (*int64, error) {
	var fen *int64
	err := db.QueryRow(ctx, `SELECT lowest_grade_wage_fen FROM enterprises WHERE org_id = $1`, enterpriseID).Scan(&fen)
	return fen, postgres.Translate(err, "placements: lowest-grade wage")
}

// internsAt counts the post interns at a host and on a post over a period
// overlapping [from, to]: confirmed, ready or active placements, the
// placement being confirmed included by the caller.
func internsAt(ctx context.Context, db postgres.DBTX, enterpriseID, postID uuid.UUID, from, to clock.Date, except uuid.UUID) (host, post int, err error) {
	err = db.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE post_id = $2) FROM placements
		WHERE enterprise_id = $1 AND plan_type = 'post' AND status IN ('confirmed', 'ready', 'active')
		  AND starts_on <= $4 AND ends_on >= $3 AND id <> $5`, enterpriseID, postID, day(from), day(to), except).Scan(&host, &post)
	return host, post, postgres.Translate(err, "placements: interns")
}

// hasActivePost says whether the student is already active on another post placement.
func hasActivePost(ctx context.Context, db postgres.DBTX, studentID, except uuid.UUID) (bool, error) {
	var n int
	err := db.QueryRow(ctx, `SELECT count(*) FROM placements WHERE student_id = $1 AND status = 'active' AND plan_type = 'post' AND id <> $2`,
		studentID, except).Scan(&n)
	return n > 0, postgres.Translate(err, "placements: active")
}

func insertPayRecord(ctx context.Context, tx pgx.Tx, placementID uuid.UUID, month clock.Date, rec *PayRecord, by uuid.UUID) error {
	err := tx.QueryRow(ctx, `INSERT INTO pay_records (id, placement_id, month, amount_fen, paid_on, method, required_fen, compliant,
		message, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING created_at,
		(SELECT display_name FROM users WHERE id = $10)`,
		rec.ID, placementID, day(month), rec.AmountFen, day(rec.PaidOn), rec.Method, rec.RequiredFen, rec.Compliant, rec.Message,
		by).Scan(&rec.CreatedAt, &rec.RecordedByName)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return apperr.Conflict("PAY_RECORD_EXISTS", rec.Month+" 的工资已登记，如有错误请更正")
	}
	return postgres.Translate(err, "placements: pay record")
}

// correctPayRecord replaces a month's record and returns what it said before.
func correctPayRecord(ctx context.Context, tx pgx.Tx, placementID uuid.UUID, month clock.Date, rec *PayRecord, by uuid.UUID) (map[string]any, error) {
	var amount int64
	var method string
	var paidOn time.Time
	err := tx.QueryRow(ctx, `SELECT id, amount_fen, method, paid_on FROM pay_records WHERE placement_id = $1 AND month = $2 FOR UPDATE`,
		placementID, day(month)).Scan(&rec.ID, &amount, &method, &paidOn)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, apperr.NotFound(rec.Month + " 尚未登记工资")
	}
	if err != nil {
		return nil, postgres.Translate(err, "placements: pay record")
	}
	err = tx.QueryRow(ctx, `UPDATE pay_records SET amount_fen = $2, paid_on = $3, method = $4, required_fen = $5, compliant = $6,
		message = $7, recorded_by = $8, corrected_at = now() WHERE id = $1
		RETURNING created_at, corrected_at, (SELECT display_name FROM users WHERE id = $8)`,
		rec.ID, rec.AmountFen, day(rec.PaidOn), rec.Method, rec.RequiredFen, rec.Compliant, rec.Message, by).
		Scan(&rec.CreatedAt, &rec.CorrectedAt, &rec.RecordedByName)
	return map[string]any{"amount_fen": amount, "method": method, "paid_on": clock.DateOf(paidOn).String()},
		postgres.Translate(err, "placements: correct pay record")
}
