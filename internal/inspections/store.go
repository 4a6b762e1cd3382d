package inspections

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/ids"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/sqlb"
)

// checklistRow is a checklist item as the jsonb column holds it.
type checklistRow struct {
	ID      string `json:"id"`
	Rule    string `json:"rule,omitempty"`
	Article string `json:"article"`
	Text    string `json:"text"`
}

func encodeChecklist(items []ChecklistItem) ([]byte, error) {
	rows := make([]checklistRow, len(items))
	for i, it := range items {
		rows[i] = checklistRow(it)
	}
	return json.Marshal(rows)
}

func decodeChecklist(raw []byte) ([]ChecklistItem, error) {
	var rows []checklistRow
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, err
	}
	out := make([]ChecklistItem, len(rows))
	for i, r := range rows {
		out[i] = ChecklistItem(r)
	}
	return out, nil
}

// campaignSelect reads a campaign with its bureau's and division's names
// (JOINs to orgs and divisions, read only) and its counts; $1 is today.
const campaignSelect = `SELECT c.id, c.bureau_id, b.name, c.title, c.division_code, d.name, c.school_ids, c.starts_on, c.ends_on,
	c.methods, c.inspector_ids, c.checklist, c.status, c.created_by, c.created_at, c.updated_at, c.opened_at, c.closed_at,
	(SELECT count(*) FROM findings f WHERE f.campaign_id = c.id),
	(SELECT count(*) FROM findings f WHERE f.campaign_id = c.id AND f.status <> 'closed' AND f.deadline < $1),
	EXISTS (SELECT 1 FROM campaign_draws dr WHERE dr.campaign_id = c.id),
	ARRAY(SELECT u.display_name FROM users u WHERE u.id = ANY(c.inspector_ids) ORDER BY u.display_name)
	FROM campaigns c JOIN orgs b ON b.id = c.bureau_id JOIN divisions d ON d.code = c.division_code`

func scanCampaign(row pgx.Row) (Campaign, error) {
	var (
		c            Campaign
		starts, ends time.Time
		methods      []string
		checklist    []byte
	)
	err := row.Scan(&c.ID, &c.BureauID, &c.BureauName, &c.Title, &c.DivisionCode, &c.DivisionName, &c.SchoolIDs, &starts, &ends,
		&methods, &c.InspectorIDs, &checklist, &c.Status, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt, &c.OpenedAt, &c.ClosedAt,
		&c.FindingCount, &c.OverdueCount, &c.Drawn, &c.InspectorName)
	if err != nil {
		return c, err
	}
	c.StartsOn, c.EndsOn = clock.DateFromSQL(starts), clock.DateFromSQL(ends)
	for _, m := range methods {
		c.Methods = append(c.Methods, Method(m))
	}
	c.Checklist, err = decodeChecklist(checklist)
	return c, err
}

// campaignScope is who sees a campaign: the platform administrator; a bureau
// whose subtree holds the campaign's division (a city sees its counties'
// campaigns); and every inspector listed or drawn for it, wherever from.
func campaignScope(w *sqlb.Where, actor auth.Actor) {
	switch actor.Role {
	case auth.RolePlatformAdmin:
	case auth.RoleBureauAuditor:
		lo, hi, ok := sqlb.PrefixRange(ids.DivisionPrefix(actor.DivisionCode))
		if !ok {
			w.False()
			return
		}
		w.Add("c.division_code ~>=~ %s AND c.division_code ~<~ %s OR %s = ANY(c.inspector_ids)", lo, hi, actor.UserID)
	default:
		w.False()
	}
}

func getCampaign(ctx context.Context, db postgres.DBTX, actor *auth.Actor, id uuid.UUID, today clock.Date, lock bool) (Campaign, error) {
	w := sqlb.With(today.SQL())
	w.Add("c.id = %s", id)
	if actor != nil {
		campaignScope(w, *actor)
	}
	sql := campaignSelect + " WHERE " + w.String()
	if lock {
		sql += " FOR UPDATE OF c"
	}
	c, err := scanCampaign(db.QueryRow(ctx, sql, w.Args()...))
	if errors.Is(err, pgx.ErrNoRows) {
		return c, apperr.NotFound("专项检查不存在")
	}
	return c, postgres.Translate(err, "inspections: get campaign")
}

// CampaignFilter narrows the campaign list (newest first).
type CampaignFilter struct {
	Status CampaignStatus
	Before *uuid.UUID
	Limit  int
}

func listCampaigns(ctx context.Context, db postgres.DBTX, actor auth.Actor, f CampaignFilter, today clock.Date) ([]Campaign, error) {
	w := sqlb.With(today.SQL())
	campaignScope(w, actor)
	if f.Status != "" {
		w.Add("c.status = %s", f.Status)
	}
	if f.Before != nil {
		w.Add("c.id < %s", *f.Before)
	}
	return postgres.List(ctx, db, "inspections: campaigns", scanCampaign,
		campaignSelect+" WHERE "+w.String()+" ORDER BY c.id DESC"+sqlb.Limit(f.Limit), w.Args()...)
}

func insertCampaign(ctx context.Context, db postgres.DBTX, c Campaign) error {
	checklist, err := encodeChecklist(c.Checklist)
	if err != nil {
		return fmt.Errorf("inspections: encode checklist: %w", err)
	}
	methods := make([]string, len(c.Methods))
	for i, m := range c.Methods {
		methods[i] = string(m)
	}
	_, err = db.Exec(ctx, `INSERT INTO campaigns (id, bureau_id, title, division_code, school_ids, starts_on, ends_on, methods,
		inspector_ids, checklist, status, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
		c.ID, c.BureauID, c.Title, c.DivisionCode, c.SchoolIDs, c.StartsOn.SQL(), c.EndsOn.SQL(), methods, c.InspectorIDs,
		checklist, c.Status, c.CreatedBy, c.CreatedAt)
	return postgres.Translate(err, "inspections: insert campaign")
}

func saveCampaign(ctx context.Context, db postgres.DBTX, c Campaign) error {
	_, err := db.Exec(ctx, `UPDATE campaigns SET status = $2, inspector_ids = $3, updated_at = $4, opened_at = $5, closed_at = $6
		WHERE id = $1`, c.ID, c.Status, c.InspectorIDs, c.UpdatedAt, c.OpenedAt, c.ClosedAt)
	return postgres.Translate(err, "inspections: save campaign")
}

// schoolsInScope checks that every listed school is a school of the
// division subtree, naming the first that is not.
func schoolsInScope(ctx context.Context, db postgres.DBTX, division string, schoolIDs []uuid.UUID) error {
	if len(schoolIDs) == 0 {
		return nil
	}
	var bad []uuid.UUID
	err := db.QueryRow(ctx, `SELECT ARRAY(SELECT x FROM unnest($1::uuid[]) x WHERE NOT EXISTS (
		SELECT 1 FROM orgs o WHERE o.id = x AND o.kind = 'school' AND o.division_code LIKE $2 || '%'))`,
		schoolIDs, ids.DivisionPrefix(division)).Scan(&bad)
	if err != nil {
		return postgres.Translate(err, "inspections: schools in scope")
	}
	if len(bad) > 0 {
		return apperr.Invalid("检查信息有误", apperr.FieldError{Field: "school_ids",
			Message: fmt.Sprintf("有 %d 所学校不存在或不在检查范围所辖区域内", len(bad))})
	}
	return nil
}

// inspectorsIn checks that every named inspector is an enabled bureau
// auditor of a bureau in the subtree of the given bureau division.
func inspectorsIn(ctx context.Context, db postgres.DBTX, bureauDivision string, userIDs []uuid.UUID) error {
	if len(userIDs) == 0 {
		return nil
	}
	var n int
	err := db.QueryRow(ctx, `SELECT count(*) FROM users u JOIN orgs o ON o.id = u.org_id
		WHERE u.id = ANY($1) AND u.role = 'bureau_auditor' AND u.disabled_at IS NULL AND o.division_code LIKE $2 || '%'`,
		userIDs, ids.DivisionPrefix(bureauDivision)).Scan(&n)
	if err != nil {
		return postgres.Translate(err, "inspections: inspectors")
	}
	if n != len(userIDs) {
		return apperr.Invalid("检查信息有误", apperr.FieldError{Field: "inspector_ids",
			Message: "检查人员须为本局或下级教育局的审核人员"})
	}
	return nil
}

// The draw's candidate lists. Each reads other domains' tables (orgs,
// placements, users) to list what a campaign's scope holds; inspections
// writes none of them.

// schoolScopeSQL narrows "sch" to the campaign's schools: $1 division
// prefix, $2 the listed schools (empty means every school of the subtree).
const schoolScopeSQL = `sch.kind = 'school' AND sch.division_code LIKE $1 || '%' AND (cardinality($2::uuid[]) = 0 OR sch.id = ANY($2))`

// enterpriseScopeSQL narrows "e" to the enterprises a campaign covers:
// those of its subtree (unless it lists schools), and every host its
// schools work with, listed (Art 7) or with placements, wherever it sits.
const enterpriseScopeSQL = `e.kind = 'enterprise' AND ((cardinality($2::uuid[]) = 0 AND e.division_code LIKE $1 || '%')
	OR e.id IN (SELECT sh.enterprise_id FROM school_hosts sh JOIN orgs sch ON sch.id = sh.school_id WHERE ` + schoolScopeSQL + `)
	OR e.id IN (SELECT pl.enterprise_id FROM placements pl JOIN orgs sch ON sch.id = pl.school_id WHERE ` + schoolScopeSQL + `))`

func targetCandidates(ctx context.Context, db postgres.DBTX, c Campaign, kind TargetKind) ([]Candidate, error) {
	var sql string
	switch kind {
	case TargetSchool:
		sql = `SELECT sch.id, sch.name FROM orgs sch WHERE ` + schoolScopeSQL
	case TargetEnterprise:
		sql = `SELECT e.id, e.name FROM orgs e WHERE ` + enterpriseScopeSQL
	case TargetPlacement:
		sql = `SELECT pl.id, sch.name || ' · ' || e.name || ' · ' || po.name FROM placements pl JOIN orgs sch ON sch.id = pl.school_id
			JOIN orgs e ON e.id = pl.enterprise_id JOIN posts po ON po.id = pl.post_id
			WHERE pl.status IN ('confirmed', 'ready', 'active') AND ` + schoolScopeSQL
	}
	return postgres.List(ctx, db, "inspections: target candidates", scanCandidate, sql+` ORDER BY 1`,
		ids.DivisionPrefix(c.DivisionCode), c.SchoolIDs)
}

// inspectorCandidates: the campaign's listed inspectors when it names any,
// else every enabled auditor of the bureaus of its subtree.
func inspectorCandidates(ctx context.Context, db postgres.DBTX, c Campaign) ([]Candidate, error) {
	return postgres.List(ctx, db, "inspections: inspector candidates", scanCandidate, `SELECT u.id, u.display_name || '（' || o.name || '）'
		FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.role = 'bureau_auditor' AND u.disabled_at IS NULL
		AND (CASE WHEN cardinality($2::uuid[]) > 0 THEN u.id = ANY($2) ELSE o.division_code LIKE $1 || '%' END) ORDER BY 1`,
		ids.DivisionPrefix(c.DivisionCode), c.InspectorIDs)
}

func scanCandidate(row pgx.Row) (Candidate, error) {
	var c Candidate
	return c, row.Scan(&c.ID, &c.Name)
}

type candidateRow struct {
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
}

func candidatesJSON(list []Candidate) []byte {
	rows := make([]candidateRow, len(list))
	for i, c := range list {
		rows[i] = candidateRow(c)
	}
	b, _ := json.Marshal(rows)
	return b
}

func candidatesFrom(raw []byte) ([]Candidate, error) {
	var rows []candidateRow
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, err
	}
	out := make([]Candidate, len(rows))
	for i, r := range rows {
		out[i] = Candidate(r)
	}
	return out, nil
}

func insertDraw(ctx context.Context, db postgres.DBTX, d Draw) error {
	_, err := db.Exec(ctx, `INSERT INTO campaign_draws (campaign_id, seed, target_kind, target_candidates, inspector_candidates,
		drawn_targets, drawn_inspectors, drawn_by, drawn_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		d.CampaignID, d.Seed, d.TargetKind, candidatesJSON(d.TargetCandidates), candidatesJSON(d.InspectorCandidates),
		candidatesJSON(d.Targets), candidatesJSON(d.Inspectors), d.DrawnBy, d.DrawnAt)
	if apperr.KindOf(postgres.Translate(err, "")) == apperr.KindConflict {
		return apperr.Conflict("DRAW_EXISTS", "本次检查已经抽取过，抽取结果不能重抽")
	}
	return postgres.Translate(err, "inspections: insert draw")
}

func getDraw(ctx context.Context, db postgres.DBTX, campaignID uuid.UUID) (Draw, error) {
	var (
		d                 Draw
		tc, ic, tgt, insp []byte
	)
	err := db.QueryRow(ctx, `SELECT dr.campaign_id, dr.seed, dr.target_kind, dr.target_candidates, dr.inspector_candidates,
		dr.drawn_targets, dr.drawn_inspectors, dr.drawn_by, u.display_name, dr.drawn_at
		FROM campaign_draws dr JOIN users u ON u.id = dr.drawn_by WHERE dr.campaign_id = $1`, campaignID).Scan(
		&d.CampaignID, &d.Seed, &d.TargetKind, &tc, &ic, &tgt, &insp, &d.DrawnBy, &d.DrawnByName, &d.DrawnAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return d, apperr.NotFound("本次检查尚未抽取")
	}
	if err != nil {
		return d, postgres.Translate(err, "inspections: get draw")
	}
	for _, p := range []struct {
		raw []byte
		dst *[]Candidate
	}{{tc, &d.TargetCandidates}, {ic, &d.InspectorCandidates}, {tgt, &d.Targets}, {insp, &d.Inspectors}} {
		if *p.dst, err = candidatesFrom(p.raw); err != nil {
			return d, fmt.Errorf("inspections: decode draw: %w", err)
		}
	}
	return d, nil
}

// target is what a finding's target resolves to inside a campaign's scope.
type target struct {
	name         string
	schoolID     *uuid.UUID
	enterpriseID *uuid.UUID
	division     string
}

// resolveTarget finds the target inside the campaign's scope, reading the
// owning domains' tables; outside the scope it answers Invalid naming
// target_id, as the inspector picked something this campaign cannot cover.
func resolveTarget(ctx context.Context, db postgres.DBTX, c Campaign, kind TargetKind, id uuid.UUID) (target, error) {
	var (
		t   target
		sql string
	)
	switch kind {
	case TargetSchool:
		sql = `SELECT sch.name, sch.id, NULL::uuid, sch.division_code FROM orgs sch WHERE sch.id = $3 AND ` + schoolScopeSQL
	case TargetEnterprise:
		sql = `SELECT e.name, NULL::uuid, e.id, e.division_code FROM orgs e WHERE e.id = $3 AND ` + enterpriseScopeSQL
	case TargetPlan:
		sql = `SELECT p.title || '（' || sch.name || '）', sch.id, NULL::uuid, sch.division_code FROM plans p JOIN orgs sch ON sch.id = p.school_id
			WHERE p.id = $3 AND ` + schoolScopeSQL
	case TargetPlacement:
		sql = `SELECT sch.name || ' · ' || e.name || ' · ' || po.name, sch.id, e.id, sch.division_code FROM placements pl
			JOIN orgs sch ON sch.id = pl.school_id JOIN orgs e ON e.id = pl.enterprise_id JOIN posts po ON po.id = pl.post_id
			WHERE pl.id = $3 AND ` + schoolScopeSQL
	}
	err := db.QueryRow(ctx, sql, ids.DivisionPrefix(c.DivisionCode), c.SchoolIDs, id).Scan(&t.name, &t.schoolID, &t.enterpriseID, &t.division)
	if errors.Is(err, pgx.ErrNoRows) {
		return t, apperr.Invalid("问题记录有误", apperr.FieldError{Field: "target_id",
			Message: fmt.Sprintf("所选%s不存在或不在本次检查范围内", targetKindNames[kind])})
	}
	return t, postgres.Translate(err, "inspections: resolve target")
}

// findingSelect reads a finding with its campaign's title and bureau and the
// names of the organisations it concerns (JOINs to orgs and users, read only).
const findingSelect = `SELECT f.id, f.campaign_id, c.title, c.bureau_id, b.name,
	COALESCE((SELECT x->>'text' FROM jsonb_array_elements(c.checklist) x WHERE x->>'id' = COALESCE(f.checklist_item, f.rule) LIMIT 1), ''),
	f.seq, f.target_kind, f.target_id, f.target_name,
	f.school_id, COALESCE(s.name, ''), f.enterprise_id, COALESCE(e.name, ''), f.division_code, f.rule, f.checklist_item, f.article,
	f.description, f.severity, f.evidence, f.complaint_id, f.discovered_by, u.display_name, f.discovered_on, f.status,
	f.order_no, f.responsible_org_id, COALESCE(r.name, ''), f.responsible_person, f.measure, f.deadline, f.submission_note,
	f.submission_evidence, f.reopen_reason, f.reopen_count, f.ordered_at, f.submitted_at, f.verified_at, f.closed_at,
	f.created_at, f.updated_at
	FROM findings f JOIN campaigns c ON c.id = f.campaign_id JOIN orgs b ON b.id = c.bureau_id JOIN users u ON u.id = f.discovered_by
	LEFT JOIN orgs s ON s.id = f.school_id LEFT JOIN orgs e ON e.id = f.enterprise_id LEFT JOIN orgs r ON r.id = f.responsible_org_id`

func scanFinding(row pgx.Row) (Finding, error) {
	var (
		f          Finding
		discovered time.Time
		deadline   *time.Time
	)
	err := row.Scan(&f.ID, &f.CampaignID, &f.CampaignTitle, &f.BureauID, &f.BureauName, &f.BasisText, &f.Seq, &f.TargetKind, &f.TargetID, &f.TargetName,
		&f.SchoolID, &f.SchoolName, &f.EnterpriseID, &f.EntName, &f.DivisionCode, &f.Rule, &f.ChecklistItem, &f.Article,
		&f.Description, &f.Severity, &f.Evidence, &f.ComplaintID, &f.DiscoveredBy, &f.DiscovererName, &discovered, &f.Status,
		&f.OrderNo, &f.ResponsibleOrgID, &f.ResponsibleOrgName, &f.ResponsiblePerson, &f.Measure, &deadline, &f.SubmissionNote,
		&f.SubmissionEvidence, &f.ReopenReason, &f.ReopenCount, &f.OrderedAt, &f.SubmittedAt, &f.VerifiedAt, &f.ClosedAt,
		&f.CreatedAt, &f.UpdatedAt)
	f.DiscoveredOn = clock.DateFromSQL(discovered)
	if deadline != nil {
		d := clock.DateFromSQL(*deadline)
		f.Deadline = &d
	}
	return f, err
}

// findingScope is who sees a finding: whoever sees its campaign, a bureau
// whose subtree holds the finding's own division (a county sees the city's
// findings on its schools), and the responsible school or enterprise once a
// rectification is ordered.
func findingScope(w *sqlb.Where, actor auth.Actor) {
	switch actor.Role {
	case auth.RolePlatformAdmin:
	case auth.RoleBureauAuditor:
		lo, hi, ok := sqlb.PrefixRange(ids.DivisionPrefix(actor.DivisionCode))
		if !ok {
			w.False()
			return
		}
		w.Add(`c.division_code ~>=~ %[1]s AND c.division_code ~<~ %[2]s OR f.division_code ~>=~ %[1]s AND f.division_code ~<~ %[2]s
			OR %[3]s = ANY(c.inspector_ids)`, lo, hi, actor.UserID)
	case auth.RoleSchoolAdmin, auth.RoleEnterpriseAdmin:
		if actor.OrgID == nil {
			w.False()
			return
		}
		w.Add("f.responsible_org_id = %s AND f.status <> 'recorded'", *actor.OrgID)
	default:
		w.False()
	}
}

func getFinding(ctx context.Context, db postgres.DBTX, actor *auth.Actor, id uuid.UUID, lock bool) (Finding, error) {
	w := sqlb.With()
	w.Add("f.id = %s", id)
	if actor != nil {
		findingScope(w, *actor)
	}
	sql := findingSelect + " WHERE " + w.String()
	if lock {
		sql += " FOR UPDATE OF f"
	}
	f, err := scanFinding(db.QueryRow(ctx, sql, w.Args()...))
	if errors.Is(err, pgx.ErrNoRows) {
		return f, apperr.NotFound("问题记录不存在")
	}
	return f, postgres.Translate(err, "inspections: get finding")
}

// FindingFilter narrows a campaign's findings (in ledger order) or the
// rectification board (open ones by deadline, so overdue come first).
type FindingFilter struct {
	CampaignID *uuid.UUID
	Status     FindingStatus
	Overdue    bool
	Today      clock.Date
	After      *BoardKey
	AfterSeq   int
	Limit      int
}

// BoardKey is the board's keyset position: closed ones last, then by
// deadline (missing last), then id.
type BoardKey struct {
	Closed   bool
	Deadline string // YYYY-MM-DD or "" for none
	ID       uuid.UUID
}

func listCampaignFindings(ctx context.Context, db postgres.DBTX, actor auth.Actor, f FindingFilter) ([]Finding, error) {
	w := sqlb.With()
	w.Add("f.campaign_id = %s", *f.CampaignID)
	findingScope(w, actor)
	if f.Status != "" {
		w.Add("f.status = %s", f.Status)
	}
	if f.AfterSeq > 0 {
		w.Add("f.seq > %s", f.AfterSeq)
	}
	return postgres.List(ctx, db, "inspections: findings", scanFinding,
		findingSelect+" WHERE "+w.String()+" ORDER BY f.seq"+sqlb.Limit(f.Limit), w.Args()...)
}

// boardOrder puts open items by deadline first: the most overdue on top.
const boardOrder = ` ORDER BY (f.status = 'closed'), COALESCE(f.deadline, 'infinity'::date), f.id`

func listBoard(ctx context.Context, db postgres.DBTX, actor auth.Actor, f FindingFilter) ([]Finding, error) {
	w := sqlb.With()
	w.Add("f.status <> 'recorded'")
	findingScope(w, actor)
	if f.Status != "" {
		w.Add("f.status = %s", f.Status)
	}
	if f.Overdue {
		w.Add("f.status <> 'closed' AND f.deadline < %s", f.Today.SQL())
	}
	if k := f.After; k != nil {
		// A row comparison over (closed, deadline, id), with "no deadline"
		// sorting after every date.
		deadline := k.Deadline
		if deadline == "" {
			deadline = "infinity"
		}
		w.Add("((f.status = 'closed'), COALESCE(f.deadline, 'infinity'::date), f.id) > (%s, %s::date, %s)", k.Closed, deadline, k.ID)
	}
	return postgres.List(ctx, db, "inspections: board", scanFinding,
		findingSelect+" WHERE "+w.String()+boardOrder+sqlb.Limit(f.Limit), w.Args()...)
}

// dueRectificationsOf are what a responsible unit still has to do.
func dueRectificationsOf(ctx context.Context, db postgres.DBTX, org uuid.UUID) ([]Finding, error) {
	return postgres.List(ctx, db, "inspections: due rectifications", scanFinding, findingSelect+
		` WHERE f.responsible_org_id = $1 AND f.status IN ('open', 'rectifying') ORDER BY f.deadline, f.id LIMIT 200`, org)
}

// awaitingBureau are the submissions a campaign's bureau must verify and
// the verified items it must close.
func awaitingBureau(ctx context.Context, db postgres.DBTX, bureau uuid.UUID) ([]Finding, error) {
	return postgres.List(ctx, db, "inspections: awaiting the bureau", scanFinding, findingSelect+
		` WHERE c.bureau_id = $1 AND f.status IN ('submitted', 'verified') ORDER BY f.submitted_at, f.id LIMIT 200`, bureau)
}

func nextFindingSeq(ctx context.Context, tx pgx.Tx, campaignID uuid.UUID) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT COALESCE(max(seq), 0) + 1 FROM findings WHERE campaign_id = $1`, campaignID).Scan(&n)
	return n, postgres.Translate(err, "inspections: next finding seq")
}

func insertFinding(ctx context.Context, db postgres.DBTX, f Finding) error {
	_, err := db.Exec(ctx, `INSERT INTO findings (id, campaign_id, seq, target_kind, target_id, target_name, school_id, enterprise_id,
		division_code, rule, checklist_item, article, description, severity, evidence, complaint_id, discovered_by, discovered_on,
		status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20)`,
		f.ID, f.CampaignID, f.Seq, f.TargetKind, f.TargetID, f.TargetName, f.SchoolID, f.EnterpriseID, f.DivisionCode, f.Rule,
		f.ChecklistItem, f.Article, f.Description, f.Severity, f.Evidence, f.ComplaintID, f.DiscoveredBy, f.DiscoveredOn.SQL(),
		f.Status, f.CreatedAt)
	return postgres.Translate(err, "inspections: insert finding")
}

func saveFinding(ctx context.Context, db postgres.DBTX, f Finding) error {
	var deadline *time.Time
	if f.Deadline != nil {
		d := f.Deadline.SQL()
		deadline = &d
	}
	_, err := db.Exec(ctx, `UPDATE findings SET status = $2, order_no = $3, responsible_org_id = $4, responsible_person = $5,
		measure = $6, deadline = $7, submission_note = $8, submission_evidence = $9, reopen_reason = $10, reopen_count = $11,
		ordered_at = $12, submitted_at = $13, verified_at = $14, closed_at = $15, updated_at = $16 WHERE id = $1`,
		f.ID, f.Status, f.OrderNo, f.ResponsibleOrgID, f.ResponsiblePerson, f.Measure, deadline, f.SubmissionNote, f.SubmissionEvidence,
		f.ReopenReason, f.ReopenCount, f.OrderedAt, f.SubmittedAt, f.VerifiedAt, f.ClosedAt, f.UpdatedAt)
	return postgres.Translate(err, "inspections: save finding")
}

// nextOrderNo numbers an order to correct: "ZG2026-000123".
func nextOrderNo(ctx context.Context, db postgres.DBTX, today clock.Date) (string, error) {
	var n int64
	if err := db.QueryRow(ctx, `SELECT nextval('rectification_order_numbers')`).Scan(&n); err != nil {
		return "", postgres.Translate(err, "inspections: order number")
	}
	return fmt.Sprintf("ZG%d-%06d", today.Year, n), nil
}

// orgName reads an organisation's kind and name (orgs, read only).
func orgName(ctx context.Context, db postgres.DBTX, id uuid.UUID) (kind, name string, err error) {
	err = db.QueryRow(ctx, `SELECT kind, name FROM orgs WHERE id = $1`, id).Scan(&kind, &name)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", apperr.NotFound("单位不存在")
	}
	return kind, name, postgres.Translate(err, "inspections: org")
}

// ledgerHead is the last row of a ledger: what a printed export carries.
func ledgerHead(ctx context.Context, db postgres.DBTX, ledger uuid.UUID) (seq int, hash []byte, err error) {
	err = db.QueryRow(ctx, `SELECT seq, hash FROM ledger_entries WHERE ledger_id = $1 ORDER BY seq DESC LIMIT 1`, ledger).Scan(&seq, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, GenesisHash, nil
	}
	return seq, hash, postgres.Translate(err, "inspections: ledger head")
}

// visibleCampaignIDs are the ledgers an actor may verify.
func visibleCampaignIDs(ctx context.Context, db postgres.DBTX, actor auth.Actor) ([]uuid.UUID, error) {
	w := sqlb.With()
	campaignScope(w, actor)
	return postgres.List(ctx, db, "inspections: visible campaigns", func(r pgx.Row) (uuid.UUID, error) {
		var id uuid.UUID
		return id, r.Scan(&id)
	}, `SELECT c.id FROM campaigns c WHERE `+w.String(), w.Args()...)
}
