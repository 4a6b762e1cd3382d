package alerts

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/alerts/outbox"
	"huhang/internal/auth"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/sqlb"
)

// involved is the scope of an alert: a bureau sees its subtree's, a school
// or an enterprise the ones it must act on.
var involved = auth.Involved{
	Division:   "a.division_code >= %[1]s AND a.division_code < %[2]s",
	School:     "a.school_id = %[1]s",
	Enterprise: "a.enterprise_id = %[1]s",
}

// Reads the names of the organisations and users beside the alert (orgs and
// users belong to lower domains; one query beats a call per row).
const selectAlert = `
	SELECT a.id, a.dedupe_key, a.rule, a.severity, a.subject_type, a.subject_id, a.business_day, a.title, a.detail, a.link,
	       a.school_id, s.name, a.enterprise_id, e.name, a.bureau_id, b.name, a.division_code, a.status, a.raised_at,
	       a.acknowledged_at, ua.display_name, a.resolved_at, ur.display_name, a.resolve_note,
	       a.escalation_level, a.escalated_to, x.name, a.escalated_at
	FROM alerts a
	LEFT JOIN orgs s ON s.id = a.school_id
	LEFT JOIN orgs e ON e.id = a.enterprise_id
	LEFT JOIN orgs b ON b.id = a.bureau_id
	LEFT JOIN orgs x ON x.id = a.escalated_to
	LEFT JOIN users ua ON ua.id = a.acknowledged_by
	LEFT JOIN users ur ON ur.id = a.resolved_by`

func scanAlert(r pgx.Row) (Alert, error) {
	var a Alert
	var day time.Time
	err := r.Scan(&a.ID, &a.DedupeKey, &a.Rule, &a.Severity, &a.SubjectType, &a.SubjectID, &day, &a.Title, &a.Detail, &a.Link,
		&a.SchoolID, &a.SchoolName, &a.EnterpriseID, &a.EnterpriseName, &a.BureauID, &a.BureauName, &a.DivisionCode, &a.Status,
		&a.RaisedAt, &a.AcknowledgedAt, &a.AcknowledgedBy, &a.ResolvedAt, &a.ResolvedBy, &a.ResolveNote,
		&a.EscalationLevel, &a.EscalatedTo, &a.EscalatedToName, &a.EscalatedAt)
	a.Day = clock.DateFromSQL(day)
	return a, err
}

// getAlert reads one alert, scoped to the actor when one is given; an alert
// outside the scope is not found.
func getAlert(ctx context.Context, db postgres.DBTX, id uuid.UUID, actor *auth.Actor, forUpdate bool) (Alert, error) {
	where, args := auth.ScopedWhere(actor, involved, "a.id = $1", []any{id})
	q := selectAlert + " WHERE " + where
	if forUpdate {
		q += " FOR UPDATE OF a"
	}
	a, err := scanAlert(db.QueryRow(ctx, q, args...))
	if err != nil {
		return Alert{}, postgres.Translate(err, "alerts: get "+id.String())
	}
	return a, nil
}

// Filter narrows the inbox.
type Filter struct {
	Status   string // a Status, or "active" for open and acknowledged
	Severity outbox.Severity
	Rule     outbox.Rule
	After    *Key
	Limit    int
}

// Key is the inbox's order: severity, then age (oldest first), then id.
type Key struct {
	Rank     int
	RaisedAt time.Time
	ID       uuid.UUID
}

// KeyOf is the cursor of an alert.
func KeyOf(a Alert) Key { return Key{Rank: severityRank(a.Severity), RaisedAt: a.RaisedAt, ID: a.ID} }

// String is the opaque cursor the API hands out.
func (k Key) String() string {
	raw := fmt.Sprintf("%d|%d|%s", k.Rank, k.RaisedAt.UnixMicro(), k.ID)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// ParseKey reads a cursor written by Key.String.
func ParseKey(s string) (Key, error) {
	bad := errors.New("alerts: malformed cursor")
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Key{}, bad
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 3 {
		return Key{}, bad
	}
	rank, err1 := strconv.Atoi(parts[0])
	micros, err2 := strconv.ParseInt(parts[1], 10, 64)
	id, err3 := uuid.Parse(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || rank < 0 || rank > 2 {
		return Key{}, bad
	}
	return Key{Rank: rank, RaisedAt: time.UnixMicro(micros).UTC(), ID: id}, nil
}

const rankSQL = `(CASE a.severity WHEN 'critical' THEN 0 WHEN 'serious' THEN 1 ELSE 2 END)`

func listAlerts(ctx context.Context, db postgres.DBTX, actor auth.Actor, f Filter) ([]Alert, error) {
	w := sqlb.With()
	actor.Scope(w, involved)
	switch f.Status {
	case "":
	case "active":
		w.Add("a.status <> 'resolved'")
	default:
		w.Add("a.status = %s", f.Status)
	}
	if f.Severity != "" {
		w.Add("a.severity = %s", string(f.Severity))
	}
	if f.Rule != "" {
		w.Add("a.rule = %s", string(f.Rule))
	}
	if f.After != nil {
		w.Add("("+rankSQL+", a.raised_at, a.id) > (%s, %s, %s)", f.After.Rank, f.After.RaisedAt, f.After.ID)
	}
	q := selectAlert + " WHERE " + w.String() + " ORDER BY " + rankSQL + ", a.raised_at, a.id LIMIT " + strconv.Itoa(f.Limit)
	return postgres.List(ctx, db, "alerts: list", scanAlert, q, w.Args()...)
}

// Summary is the inbox's counts. ToAct, the open alerts the actor's
// organisation must act on, is the tab badge and the set the to-do feed
// lists; the rest count the whole scope.
type Summary struct {
	Open, Acknowledged, OpenCritical, ToAct int
}

// mustActSQL is mayAct as SQL over a, with the organisation as $1: the
// to-do feed and the badge count the same alerts.
var mustActSQL = map[auth.Role]string{auth.RoleSchoolAdmin: "a.school_id = $1", auth.RoleEnterpriseAdmin: "a.enterprise_id = $1",
	auth.RoleBureauAuditor: "(a.bureau_id = $1 OR a.escalated_to = $1)"}

func summarize(ctx context.Context, db postgres.DBTX, actor auth.Actor) (Summary, error) {
	w := sqlb.With(actor.OrgID)
	actor.Scope(w, involved)
	w.Add("a.status <> 'resolved'")
	toAct := "$1::uuid IS NOT NULL AND false" // $1 stays typed when no organisation acts
	if cond, ok := mustActSQL[actor.Role]; ok && actor.OrgID != nil {
		toAct = cond
	}
	var s Summary
	err := db.QueryRow(ctx, `SELECT count(*) FILTER (WHERE a.status = 'open'), count(*) FILTER (WHERE a.status = 'acknowledged'),
		count(*) FILTER (WHERE a.status = 'open' AND a.severity = 'critical'), count(*) FILTER (WHERE a.status = 'open' AND `+toAct+`)
		FROM alerts a WHERE `+w.String(), w.Args()...).
		Scan(&s.Open, &s.Acknowledged, &s.OpenCritical, &s.ToAct)
	return s, postgres.Translate(err, "alerts: summary")
}

func history(ctx context.Context, db postgres.DBTX, id uuid.UUID) ([]HistoryEntry, error) {
	return postgres.List(ctx, db, "alerts: history", func(r pgx.Row) (HistoryEntry, error) {
		var h HistoryEntry
		return h, r.Scan(&h.At, &h.Action, &h.ActorName, &h.Note)
	}, `SELECT at, action, actor_name, note FROM alert_history WHERE alert_id = $1 ORDER BY id`, id)
}

func addHistory(ctx context.Context, tx pgx.Tx, id uuid.UUID, at time.Time, action Action, actor auth.Actor, note string) error {
	var actorID *uuid.UUID
	if actor.Role != auth.RoleSystem {
		actorID = &actor.UserID
	}
	name := actor.DisplayName
	if name == "" {
		name = actor.Username
	}
	_, err := tx.Exec(ctx, `INSERT INTO alert_history (alert_id, at, action, actor_id, actor_name, note) VALUES ($1, $2, $3, $4, $5, $6)`,
		id, at, string(action), actorID, name, note)
	return postgres.Translate(err, "alerts: history")
}

// insertAlert writes a new alert unless its dedupe key is taken; inserted
// tells which. The competent bureau of the division is filled in when the
// signal named none.
func insertAlert(ctx context.Context, tx pgx.Tx, a Alert, now time.Time) (inserted bool, err error) {
	var id uuid.UUID
	err = tx.QueryRow(ctx, `
		INSERT INTO alerts (id, dedupe_key, rule, severity, subject_type, subject_id, business_day, title, detail, link,
		                    school_id, enterprise_id, bureau_id, division_code, status, raised_at, delivered_at,
		                    notify_due_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
		        COALESCE($13, (SELECT id FROM orgs WHERE kind = 'bureau' AND division_code = $14)),
		        $14, 'open', $15, $16, $16, $16)
		ON CONFLICT (dedupe_key) DO NOTHING
		RETURNING id`,
		a.ID, a.DedupeKey, string(a.Rule), string(a.Severity), a.SubjectType, a.SubjectID, a.Day.SQL(), a.Title, a.Detail, a.Link,
		a.SchoolID, a.EnterpriseID, a.BureauID, a.DivisionCode, a.RaisedAt, now).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, postgres.Translate(err, "alerts: insert "+a.DedupeKey)
	}
	return true, nil
}

func updateState(ctx context.Context, tx pgx.Tx, a Alert, now time.Time, actorID *uuid.UUID) error {
	_, err := tx.Exec(ctx, `
		UPDATE alerts SET status = $2,
		       acknowledged_at = COALESCE(acknowledged_at, CASE WHEN $2 <> 'open' THEN $3::timestamptz END),
		       acknowledged_by = COALESCE(acknowledged_by, CASE WHEN $2 <> 'open' THEN $4::uuid END),
		       resolved_at = CASE WHEN $2 = 'resolved' THEN $3::timestamptz END,
		       resolved_by = CASE WHEN $2 = 'resolved' THEN $4::uuid END,
		       resolve_note = $5, updated_at = $3
		WHERE id = $1`, a.ID, string(a.Status), now, actorID, a.ResolveNote)
	return postgres.Translate(err, "alerts: update "+a.ID.String())
}

// Outbox rows as the relay reads them.
type outboxRow struct {
	ID        int64
	Payload   []byte
	CreatedAt time.Time
}

// claimOutbox locks up to limit rows to send: never sent first, then rows
// sent at least resendAfter ago and still not delivered. SKIP LOCKED lets
// every worker relay at once without sending a row twice at the same time.
func claimOutbox(ctx context.Context, tx pgx.Tx, limit int, resendBefore time.Time) ([]outboxRow, error) {
	scan := func(r pgx.Row) (outboxRow, error) {
		var o outboxRow
		return o, r.Scan(&o.ID, &o.Payload, &o.CreatedAt)
	}
	rows, err := postgres.List(ctx, tx, "alerts: claim outbox", scan, `
		SELECT id, payload, created_at FROM alert_outbox WHERE sent_at IS NULL
		ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`, limit)
	if err != nil || len(rows) == limit {
		return rows, err
	}
	stale, err := postgres.List(ctx, tx, "alerts: claim stale outbox", scan, `
		SELECT id, payload, created_at FROM alert_outbox WHERE sent_at IS NOT NULL AND delivered_at IS NULL AND sent_at < $2
		ORDER BY sent_at LIMIT $1 FOR UPDATE SKIP LOCKED`, limit-len(rows), resendBefore)
	return append(rows, stale...), err
}

func markSent(ctx context.Context, tx pgx.Tx, ids []int64, now time.Time) error {
	_, err := tx.Exec(ctx, `UPDATE alert_outbox SET sent_at = $2, send_count = send_count + 1 WHERE id = ANY ($1)`, ids, now)
	return postgres.Translate(err, "alerts: mark sent")
}

func markDelivered(ctx context.Context, tx pgx.Tx, outboxID int64, now time.Time) error {
	_, err := tx.Exec(ctx, `UPDATE alert_outbox SET delivered_at = $2 WHERE id = $1 AND delivered_at IS NULL`, outboxID, now)
	return postgres.Translate(err, "alerts: mark delivered")
}

// Backlog is what the outbox still holds: rows never sent, and rows sent
// but not delivered yet.
type Backlog struct {
	Unsent, Undelivered int64
}

func outboxBacklog(ctx context.Context, db postgres.DBTX) (Backlog, error) {
	var b Backlog
	err := db.QueryRow(ctx, `SELECT (SELECT count(*) FROM alert_outbox WHERE sent_at IS NULL),
		(SELECT count(*) FROM alert_outbox WHERE sent_at IS NOT NULL AND delivered_at IS NULL)`).Scan(&b.Unsent, &b.Undelivered)
	return b, postgres.Translate(err, "alerts: backlog")
}

// pruneOutbox forgets delivered rows older than the cutoff; the alert they
// made keeps what matters.
func pruneOutbox(ctx context.Context, db postgres.DBTX, before time.Time) (int64, error) {
	tag, err := db.Exec(ctx, `DELETE FROM alert_outbox WHERE delivered_at < $1`, before)
	return tag.RowsAffected(), postgres.Translate(err, "alerts: prune outbox")
}

// dueEscalation is a critical alert to hand one bureau up.
type dueEscalation struct {
	ID       uuid.UUID
	Division string
	Level    int
	To       uuid.UUID
	ToName   string
}

// dueForEscalation finds critical alerts open since before cutoff (raised,
// or last escalated) whose acting bureau has a bureau above it. Reads the
// orgs and divisions of the identity domain.
func dueForEscalation(ctx context.Context, tx pgx.Tx, cutoff time.Time) ([]dueEscalation, error) {
	return postgres.List(ctx, tx, "alerts: due escalation", func(r pgx.Row) (dueEscalation, error) {
		var d dueEscalation
		return d, r.Scan(&d.ID, &d.Division, &d.Level, &d.To, &d.ToName)
	}, `
		SELECT a.id, a.division_code, a.escalation_level, up.id, up.name
		FROM alerts a
		JOIN orgs acting ON acting.id = COALESCE(a.escalated_to, a.bureau_id)
		JOIN divisions d ON d.code = acting.division_code
		JOIN orgs up ON up.kind = 'bureau' AND up.division_code = d.parent_code
		WHERE a.status = 'open' AND a.severity = 'critical' AND COALESCE(a.escalated_at, a.raised_at) < $1
		ORDER BY a.raised_at
		LIMIT 500
		FOR UPDATE OF a SKIP LOCKED`, cutoff)
}

func escalate(ctx context.Context, tx pgx.Tx, d dueEscalation, now time.Time) error {
	_, err := tx.Exec(ctx, `
		UPDATE alerts SET escalation_level = escalation_level + 1, escalated_to = $2, escalated_at = $3,
		       notify_event = 'alert.escalated', notify_due_at = $3, notify_attempts = 0, notify_error = NULL, updated_at = $3
		WHERE id = $1`, d.ID, d.To, now)
	return postgres.Translate(err, "alerts: escalate")
}

// claimNotifications leases up to limit alerts whose outside notification is
// due: their due time moves lease ahead, so another worker leaves them alone
// while this one sends, and a worker that dies mid-send leaves them to be
// tried again after the lease.
func claimNotifications(ctx context.Context, db postgres.DBTX, limit int, now time.Time, lease time.Duration) ([]dueNotification, error) {
	return postgres.List(ctx, db, "alerts: claim notifications", func(r pgx.Row) (dueNotification, error) {
		var n dueNotification
		return n, r.Scan(&n.ID, &n.Event, &n.Attempts)
	}, `
		UPDATE alerts SET notify_due_at = $2::timestamptz + $3::interval
		WHERE id IN (SELECT id FROM alerts WHERE notify_due_at <= $2 ORDER BY notify_due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
		RETURNING id, notify_event, notify_attempts`, limit, now, lease)
}

// dueNotification is what to send for one alert and how often it failed.
type dueNotification struct {
	ID       uuid.UUID
	Event    string
	Attempts int
}

// notified records the outcome of one attempt: done clears the due time;
// a failure counts the attempt and sets the next try (nil next: give up).
func notified(ctx context.Context, db postgres.DBTX, id uuid.UUID, next *time.Time, failure string) error {
	_, err := db.Exec(ctx, `
		UPDATE alerts SET notify_due_at = $2, notify_attempts = notify_attempts + CASE WHEN $3 = '' THEN 0 ELSE 1 END,
		       notify_error = NULLIF($3, '')
		WHERE id = $1`, id, next, failure)
	return postgres.Translate(err, "alerts: notified")
}

// openAlertsOn locks the open alerts of the rules on a subject.
func openAlertsOn(ctx context.Context, tx pgx.Tx, subject uuid.UUID, rules ...outbox.Rule) ([]uuid.UUID, error) {
	names := make([]string, len(rules))
	for i, r := range rules {
		names[i] = string(r)
	}
	return postgres.List(ctx, tx, "alerts: open on subject", func(r pgx.Row) (uuid.UUID, error) {
		var id uuid.UUID
		return id, r.Scan(&id)
	}, `SELECT id FROM alerts WHERE subject_id = $1 AND rule = ANY ($2) AND status = 'open' ORDER BY id FOR UPDATE`, subject, names)
}
