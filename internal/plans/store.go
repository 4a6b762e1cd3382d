package plans

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/auth"
	"huhang/internal/platform/postgres"
	"huhang/internal/rules"
)

const planSelect = `
	SELECT p.id, p.school_id, s.name, s.division_code, p.status, p.version, p.type, p.title, p.major, p.major_category,
	       p.cohort, to_char(p.starts_on, 'YYYY-MM-DD'), to_char(p.ends_on, 'YYYY-MM-DD'), p.content, p.safety_measures,
	       p.emergency_plan, p.insurance_arrangement, p.review_division, p.filing_no, p.approved_at, p.created_at, p.updated_at,
	       (SELECT max(v.submitted_at) FROM plan_versions v WHERE v.plan_id = p.id),
	       p.cross_border, p.crossprov_consented_at, p.crossprov_consented_by, p.crossprov_consent_comment,
	       to_char(p.provincial_filed_on, 'YYYY-MM-DD'), p.provincial_filing_ref, p.provincial_recorded_at, p.provincial_recorded_by
	FROM plans p JOIN orgs s ON s.id = p.school_id`

// CrossBorderColumn selects, for a plan row aliased p, the facts a
// placement's activation gate needs (R-CROSSPROV, R-ABROAD) as one JSON
// value that scans into rules.CrossBorderFacts. Placements embed it in their
// select: reading the plans table for a gate is a read, plans still writes it.
const CrossBorderColumn = `json_build_object('kind', p.cross_border, 'consented', p.crossprov_consented_at IS NOT NULL,
	'filed_on', to_char(p.provincial_filed_on, 'YYYY-MM-DD'), 'reference', p.provincial_filing_ref,
	'on_site', EXISTS (SELECT 1 FROM plan_staff ps WHERE ps.plan_id = p.id AND ps.on_site))`

func scanPlan(row pgx.Row) (Plan, error) {
	var p Plan
	err := row.Scan(&p.ID, &p.SchoolID, &p.SchoolName, &p.SchoolDivision, &p.Status, &p.Version, &p.Type, &p.Title, &p.Major,
		&p.MajorCategory, &p.Cohort, &p.StartsOn, &p.EndsOn, &p.Content, &p.SafetyMeasures, &p.EmergencyPlan,
		&p.InsuranceArrangement, &p.ReviewDivision, &p.FilingNo, &p.ApprovedAt, &p.CreatedAt, &p.UpdatedAt, &p.SubmittedAt,
		&p.CrossBorder, &p.CrossProv.ConsentedAt, &p.CrossProv.ConsentedBy, &p.CrossProv.ConsentComment, &p.CrossProv.FiledOn,
		&p.CrossProv.FilingRef, &p.CrossProv.RecordedAt, &p.CrossProv.RecordedBy)
	return p, err
}

// getPlan reads a plan with its posts, arrangements and current co-signs.
// A non-nil actor limits it to the actor's scope; forUpdate locks the row.
func getPlan(ctx context.Context, db postgres.DBTX, id uuid.UUID, actor *auth.Actor, forUpdate bool) (Plan, error) {
	where, args := auth.ScopedWhere(actor, involvedPlan, "p.id = $1", []any{id})
	query := planSelect + " WHERE " + where
	if forUpdate {
		query += " FOR UPDATE OF p"
	}
	p, err := scanPlan(db.QueryRow(ctx, query, args...))
	if err != nil {
		return p, postgres.Translate(err, "plans: get "+id.String())
	}
	return p, loadChildren(ctx, db, &p)
}

// loadChildren fills the posts, arrangements, staff, co-signs and exemptions
// of the plans with one query per kind, however many plans a list holds.
func loadChildren(ctx context.Context, db postgres.DBTX, plans ...*Plan) error {
	if len(plans) == 0 {
		return nil
	}
	byID := make(map[uuid.UUID]*Plan, len(plans))
	ids := make([]uuid.UUID, 0, len(plans))
	versions := make([]int32, 0, len(plans))
	for _, p := range plans {
		p.Posts, p.Special, p.Cosigns, p.Exemptions = []PlanPost{}, []SpecialArrangement{}, []Cosign{}, []Exemption{}
		p.Instructors, p.Mentors = []Staff{}, []Staff{}
		byID[p.ID] = p
		ids = append(ids, p.ID)
		versions = append(versions, int32(p.Version))
	}
	// each runs one query whose first column is the plan id; add files the rest of the row.
	each := func(what, query string, args []any, add func(rows pgx.Rows) error) error {
		rows, err := db.Query(ctx, query, args...)
		if err != nil {
			return postgres.Translate(err, "plans: "+what)
		}
		defer rows.Close()
		for rows.Next() {
			if err := add(rows); err != nil {
				return postgres.Translate(err, "plans: "+what)
			}
		}
		return postgres.Translate(rows.Err(), "plans: "+what)
	}
	byPlan := []any{ids}
	byVersion := []any{ids, versions}
	return errors.Join(
		each("posts", `
			SELECT pp.plan_id, pp.post_id, po.name, pp.enterprise_id, eo.name, pp.planned_count, pp.pay_fen
			FROM plan_posts pp JOIN posts po ON po.id = pp.post_id JOIN orgs eo ON eo.id = pp.enterprise_id
			WHERE pp.plan_id = ANY($1) ORDER BY eo.name, po.name`, byPlan, func(rows pgx.Rows) error {
			var id uuid.UUID
			var pp PlanPost
			if err := rows.Scan(&id, &pp.PostID, &pp.PostName, &pp.EnterpriseID, &pp.EnterpriseName, &pp.PlannedCount, &pp.PayFen); err != nil {
				return err
			}
			byID[id].Posts = append(byID[id].Posts, pp)
			return nil
		}),
		each("special arrangements", `
			SELECT plan_id, covers, post_id, reason FROM plan_special_arrangements
			WHERE plan_id = ANY($1) ORDER BY covers, post_id`, byPlan, func(rows pgx.Rows) error {
			var id uuid.UUID
			var sa SpecialArrangement
			if err := rows.Scan(&id, &sa.Covers, &sa.PostID, &sa.Reason); err != nil {
				return err
			}
			byID[id].Special = append(byID[id].Special, sa)
			return nil
		}),
		each("staff", `
			SELECT ps.plan_id, ps.kind, u.id, u.display_name, COALESCE(o.name, ''), ps.on_site
			FROM plan_staff ps JOIN users u ON u.id = ps.user_id LEFT JOIN orgs o ON o.id = u.org_id
			WHERE ps.plan_id = ANY($1) ORDER BY ps.kind, u.display_name, u.id`, byPlan, func(rows pgx.Rows) error {
			var id uuid.UUID
			var kind string
			var st Staff
			if err := rows.Scan(&id, &kind, &st.UserID, &st.DisplayName, &st.OrgName, &st.OnSite); err != nil {
				return err
			}
			if kind == "instructor" {
				byID[id].Instructors = append(byID[id].Instructors, st)
			} else {
				byID[id].Mentors = append(byID[id].Mentors, st)
			}
			return nil
		}),
		each("cosigns", `
			SELECT c.plan_id, c.enterprise_id, eo.name, c.decision, c.reason, c.decided_at
			FROM plan_cosigns c JOIN orgs eo ON eo.id = c.enterprise_id
			WHERE (c.plan_id, c.version) IN (SELECT * FROM unnest($1::uuid[], $2::int[])) ORDER BY eo.name`, byVersion,
			func(rows pgx.Rows) error {
				var id uuid.UUID
				var c Cosign
				if err := rows.Scan(&id, &c.EnterpriseID, &c.EnterpriseName, &c.Decision, &c.Reason, &c.DecidedAt); err != nil {
					return err
				}
				byID[id].Cosigns = append(byID[id].Cosigns, c)
				return nil
			}),
		each("exemptions", `
			SELECT plan_id, rule, subject, allowed_count, reason, decision FROM plan_exemptions
			WHERE (plan_id, version) IN (SELECT * FROM unnest($1::uuid[], $2::int[])) ORDER BY rule, subject`, byVersion,
			func(rows pgx.Rows) error {
				var id uuid.UUID
				var e Exemption
				if err := rows.Scan(&id, &e.Rule, &e.Subject, &e.AllowedCount, &e.Reason, &e.Decision); err != nil {
					return err
				}
				byID[id].Exemptions = append(byID[id].Exemptions, e)
				return nil
			}),
	)
}

func insertPlan(ctx context.Context, db postgres.DBTX, p *Plan) error {
	_, err := db.Exec(ctx, `
		INSERT INTO plans (id, school_id, status, version, type, title, major, major_category, cohort, starts_on, ends_on,
		                   content, safety_measures, emergency_plan, insurance_arrangement, review_division, cross_border)
		VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		p.ID, p.SchoolID, p.Status, p.Type, p.Title, p.Major, p.MajorCategory, p.Cohort, p.StartsOn, p.EndsOn,
		p.Content, p.SafetyMeasures, p.EmergencyPlan, p.InsuranceArrangement, p.ReviewDivision, p.CrossBorder)
	if err != nil {
		return postgres.Translate(err, "plans: insert")
	}
	return replaceChildren(ctx, db, p)
}

func updateContent(ctx context.Context, db postgres.DBTX, p *Plan) error {
	_, err := db.Exec(ctx, `
		UPDATE plans SET type = $2, title = $3, major = $4, major_category = $5, cohort = $6, starts_on = $7, ends_on = $8,
		       content = $9, safety_measures = $10, emergency_plan = $11, insurance_arrangement = $12,
		       review_division = $13, cross_border = $14, updated_at = now(),
		       -- Consent and filing were for the hosts of the plan as it was; a changed plan needs them again.
		       crossprov_consented_at = NULL, crossprov_consented_by = NULL, crossprov_consent_comment = '',
		       provincial_filed_on = NULL, provincial_filing_ref = NULL, provincial_recorded_at = NULL, provincial_recorded_by = NULL
		WHERE id = $1`,
		p.ID, p.Type, p.Title, p.Major, p.MajorCategory, p.Cohort, p.StartsOn, p.EndsOn,
		p.Content, p.SafetyMeasures, p.EmergencyPlan, p.InsuranceArrangement, p.ReviewDivision, p.CrossBorder)
	if err != nil {
		return postgres.Translate(err, "plans: update")
	}
	return replaceChildren(ctx, db, p)
}

// replaceChildren rewrites posts and arrangements of an editable plan; they
// are part of the working copy, and submitted versions live in snapshots.
func replaceChildren(ctx context.Context, db postgres.DBTX, p *Plan) error {
	if _, err := db.Exec(ctx, `DELETE FROM plan_special_arrangements WHERE plan_id = $1`, p.ID); err != nil {
		return postgres.Translate(err, "plans: clear arrangements")
	}
	if _, err := db.Exec(ctx, `DELETE FROM plan_posts WHERE plan_id = $1`, p.ID); err != nil {
		return postgres.Translate(err, "plans: clear posts")
	}
	if _, err := db.Exec(ctx, `DELETE FROM plan_staff WHERE plan_id = $1`, p.ID); err != nil {
		return postgres.Translate(err, "plans: clear staff")
	}
	for kind, staff := range map[string][]Staff{"instructor": p.Instructors, "mentor": p.Mentors} {
		for _, st := range staff {
			if _, err := db.Exec(ctx, `INSERT INTO plan_staff (plan_id, user_id, kind, on_site) VALUES ($1, $2, $3, $4)`,
				p.ID, st.UserID, kind, st.OnSite); err != nil {
				return postgres.Translate(err, "plans: insert staff")
			}
		}
	}
	for _, pp := range p.Posts {
		if _, err := db.Exec(ctx, `INSERT INTO plan_posts (plan_id, post_id, enterprise_id, planned_count, pay_fen) VALUES ($1, $2, $3, $4, $5)`,
			p.ID, pp.PostID, pp.EnterpriseID, pp.PlannedCount, pp.PayFen); err != nil {
			return postgres.Translate(err, "plans: insert post")
		}
	}
	for _, s := range p.Special {
		if _, err := db.Exec(ctx, `INSERT INTO plan_special_arrangements (id, plan_id, covers, post_id, reason) VALUES ($1, $2, $3, $4, $5)`,
			uuid.Must(uuid.NewV7()), p.ID, s.Covers, s.PostID, s.Reason); err != nil {
			return postgres.Translate(err, "plans: insert arrangement")
		}
	}
	return nil
}

func setStatus(ctx context.Context, db postgres.DBTX, p *Plan) error {
	_, err := db.Exec(ctx, `UPDATE plans SET status = $2, version = $3, filing_no = $4, approved_at = $5, updated_at = now() WHERE id = $1`,
		p.ID, p.Status, p.Version, p.FilingNo, p.ApprovedAt)
	return postgres.Translate(err, "plans: set status")
}

func clearCosigns(ctx context.Context, db postgres.DBTX, planID uuid.UUID, version int) error {
	_, err := db.Exec(ctx, `DELETE FROM plan_cosigns WHERE plan_id = $1 AND version = $2`, planID, version)
	return postgres.Translate(err, "plans: clear cosigns")
}

func insertCosign(ctx context.Context, db postgres.DBTX, planID uuid.UUID, version int, enterpriseID, by uuid.UUID, decision string, reason *string) error {
	_, err := db.Exec(ctx, `INSERT INTO plan_cosigns (plan_id, version, enterprise_id, decision, reason, decided_by) VALUES ($1, $2, $3, $4, $5, $6)`,
		planID, version, enterpriseID, decision, reason, by)
	return postgres.Translate(err, "plans: cosign")
}

// Version is a submitted, frozen plan with the bureau's answer.
type Version struct {
	Version     int             `json:"version"`
	Snapshot    json.RawMessage `json:"snapshot"`
	SubmittedAt string          `json:"submitted_at"`
	Outcome     *string         `json:"outcome"`
	Reasons     json.RawMessage `json:"reasons"`
	Comment     *string         `json:"comment"`
	ReviewedAt  *string         `json:"reviewed_at"`
}

// insertVersion and closeVersion stamp the business clock's time, not the
// database's: waits (R-LEADTIME margins, review days, 督办) are counted on
// that clock everywhere else.
func insertVersion(ctx context.Context, db postgres.DBTX, planID uuid.UUID, version int, snapshot any, by uuid.UUID, at time.Time) error {
	raw, err := json.Marshal(snapshot)
	if err != nil {
		return fmt.Errorf("plans: snapshot: %w", err)
	}
	_, err = db.Exec(ctx, `INSERT INTO plan_versions (plan_id, version, snapshot, submitted_at, submitted_by) VALUES ($1, $2, $3, $5, $4)`,
		planID, version, raw, by, at)
	return postgres.Translate(err, "plans: insert version")
}

func closeVersion(ctx context.Context, db postgres.DBTX, planID uuid.UUID, version int, outcome string, reasons any, comment string, by *uuid.UUID, at time.Time) error {
	var raw []byte
	if reasons != nil {
		var err error
		if raw, err = json.Marshal(reasons); err != nil {
			return fmt.Errorf("plans: reasons: %w", err)
		}
	}
	var c *string
	if comment != "" {
		c = &comment
	}
	_, err := db.Exec(ctx, `UPDATE plan_versions SET outcome = $3, reasons = $4, comment = $5, reviewed_at = $7, reviewed_by = $6
		WHERE plan_id = $1 AND version = $2`, planID, version, outcome, raw, c, by, at)
	return postgres.Translate(err, "plans: close version")
}

func listVersions(ctx context.Context, db postgres.DBTX, planID uuid.UUID) ([]Version, error) {
	rows, err := db.Query(ctx, `
		SELECT version, snapshot, to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), outcome, reasons, comment,
		       to_char(reviewed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
		FROM plan_versions WHERE plan_id = $1 ORDER BY version`, planID)
	if err != nil {
		return nil, postgres.Translate(err, "plans: versions")
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Version, error) {
		var v Version
		err := r.Scan(&v.Version, &v.Snapshot, &v.SubmittedAt, &v.Outcome, &v.Reasons, &v.Comment, &v.ReviewedAt)
		return v, err
	})
	return list, postgres.Translate(err, "plans: versions")
}

// Exemption is a school's request to let an override rule pass for one
// subject ("host:<id>", "post:<id>" or "plan"), and the auditor's decision.
// Quota exemptions (Art 11) carry the number of interns allowed there.
type Exemption struct {
	Rule         string `json:"rule"`
	Subject      string `json:"subject"`
	AllowedCount *int   `json:"allowed_count"`
	Reason       string `json:"reason"`
	Decision     string `json:"decision"`
}

// Rules is the exemption as the rules read it.
func (e Exemption) Rules() rules.Exemption {
	out := rules.Exemption{Rule: e.Rule, Subject: e.Subject}
	if e.AllowedCount != nil {
		out.Allowed = *e.AllowedCount
	}
	return out
}

func insertExemption(ctx context.Context, db postgres.DBTX, planID uuid.UUID, version int, e Exemption) error {
	_, err := db.Exec(ctx, `INSERT INTO plan_exemptions (plan_id, version, rule, subject, allowed_count, reason) VALUES ($1, $2, $3, $4, $5, $6)`,
		planID, version, e.Rule, e.Subject, e.AllowedCount, e.Reason)
	return postgres.Translate(err, "plans: exemption")
}

func decideExemption(ctx context.Context, db postgres.DBTX, planID uuid.UUID, version int, rule, subject, decision string, by uuid.UUID) error {
	_, err := db.Exec(ctx, `UPDATE plan_exemptions SET decision = $5, decided_by = $6, decided_at = now()
		WHERE plan_id = $1 AND version = $2 AND rule = $3 AND subject = $4`, planID, version, rule, subject, decision, by)
	return postgres.Translate(err, "plans: decide exemption")
}

func consentCrossProvince(ctx context.Context, db postgres.DBTX, p *Plan) error {
	_, err := db.Exec(ctx, `UPDATE plans SET crossprov_consented_at = $2, crossprov_consented_by = $3, crossprov_consent_comment = $4,
		updated_at = now() WHERE id = $1`, p.ID, p.CrossProv.ConsentedAt, p.CrossProv.ConsentedBy, p.CrossProv.ConsentComment)
	return postgres.Translate(err, "plans: cross-province consent")
}

func recordProvincialFiling(ctx context.Context, db postgres.DBTX, p *Plan) error {
	_, err := db.Exec(ctx, `UPDATE plans SET provincial_filed_on = $2, provincial_filing_ref = $3, provincial_recorded_at = $4,
		provincial_recorded_by = $5, updated_at = now() WHERE id = $1`,
		p.ID, p.CrossProv.FiledOn, p.CrossProv.FilingRef, p.CrossProv.RecordedAt, p.CrossProv.RecordedBy)
	return postgres.Translate(err, "plans: provincial filing")
}

// nextFilingNumber takes the next number of the division and year. The
// upsert locks the counter row until the approving transaction ends, so
// concurrent approvals queue here and a rollback gives the number back.
func nextFilingNumber(ctx context.Context, db postgres.DBTX, division string, year int) (string, error) {
	var n int
	err := db.QueryRow(ctx, `
		INSERT INTO filing_counters (division_code, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (division_code, year) DO UPDATE SET last = filing_counters.last + 1
		RETURNING last`, division, year).Scan(&n)
	if err != nil {
		return "", postgres.Translate(err, "plans: filing number")
	}
	return fmt.Sprintf("%s-%d-%04d", division, year, n), nil
}

// suggestions reads the distinct majors and cohorts a school has used, the
// most recently used first. Majors also come from the school's roster: a
// read of the students table (students owns it), so a school's first plan
// already offers the majors it enrols.
func suggestions(ctx context.Context, db postgres.DBTX, schoolID uuid.UUID) (Suggestions, error) {
	const limit = 50
	read := func(query string) ([]string, error) {
		rows, err := db.Query(ctx, query, schoolID, limit)
		if err != nil {
			return nil, postgres.Translate(err, "plans: suggestions")
		}
		list, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if list == nil {
			list = []string{}
		}
		return list, postgres.Translate(err, "plans: suggestions")
	}
	majors, err := read(`
		SELECT major FROM (
			SELECT major, max(updated_at) AS at FROM plans WHERE school_id = $1 GROUP BY major
			UNION ALL
			SELECT major, max(updated_at) FROM students WHERE school_id = $1 GROUP BY major) used
		GROUP BY major ORDER BY max(at) DESC, major LIMIT $2`)
	if err != nil {
		return Suggestions{}, err
	}
	cohorts, err := read(`
		SELECT cohort FROM plans WHERE school_id = $1
		GROUP BY cohort ORDER BY max(updated_at) DESC, cohort LIMIT $2`)
	return Suggestions{Majors: majors, Cohorts: cohorts}, err
}
