// Package audit keeps the append-only trail of who changed what. Every
// state-changing service method calls Record inside its own transaction, so
// the event exists exactly when the change does.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/platform/postgres"
	"huhang/internal/platform/sqlb"
)

// Who is the acting user as audit needs it; auth.Actor provides it. Empty
// for the operator's command line.
type Who struct {
	UserID   *uuid.UUID
	Username string
	Role     string
	OrgID    *uuid.UUID
}

// Event is one state change.
type Event struct {
	Action       string // verb in dotted form: "user.create", "plan.approve"
	SubjectType  string
	SubjectID    string
	DivisionCode string // division of the subject, so bureaus can read their subtree's events
	Before       any
	After        any
}

type requestMeta struct {
	clientIP  string
	requestID string
}

type ctxKey struct{}

// WithRequest attaches the client IP and request id the HTTP layer knows, so
// services record them without taking them as parameters.
func WithRequest(ctx context.Context, clientIP, requestID string) context.Context {
	return context.WithValue(ctx, ctxKey{}, requestMeta{clientIP: clientIP, requestID: requestID})
}

// Record writes the event in tx.
func Record(ctx context.Context, tx pgx.Tx, who Who, e Event) error {
	before, err := marshal(e.Before)
	if err != nil {
		return err
	}
	after, err := marshal(e.After)
	if err != nil {
		return err
	}
	meta, _ := ctx.Value(ctxKey{}).(requestMeta)
	_, err = tx.Exec(ctx, `
		INSERT INTO audit_events (id, at, actor_id, actor_username, actor_role, org_id, division_code,
		                          action, subject_type, subject_id, before, after, client_ip, request_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		uuid.Must(uuid.NewV7()), time.Now().UTC(), who.UserID, nullable(who.Username), nullable(who.Role), who.OrgID,
		nullable(e.DivisionCode), e.Action, e.SubjectType, e.SubjectID, before, after,
		nullable(meta.clientIP), nullable(meta.requestID))
	return postgres.Translate(err, "audit: record "+e.Action)
}

func marshal(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: marshal: %w", err)
	}
	return b, nil
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Entry is a stored event.
type Entry struct {
	ID            uuid.UUID
	At            time.Time
	ActorID       *uuid.UUID
	ActorUsername *string
	ActorRole     *string
	OrgID         *uuid.UUID
	Action        string
	SubjectType   string
	SubjectID     string
	Before        json.RawMessage
	After         json.RawMessage
	ClientIP      *string
	RequestID     *string
}

// ListFilter selects the events of one subject, limited to a division
// subtree. The scope is explicit both ways: Everything for platform
// administrators, otherwise DivisionPrefix; a filter with neither selects
// nothing, so a caller that forgets the scope (or a bureau account without a
// division) fails closed instead of reading the whole trail.
type ListFilter struct {
	SubjectType    string
	SubjectID      string
	Everything     bool
	DivisionPrefix string
	After          *uuid.UUID
	Limit          int
}

// List returns events oldest first, keyset-paged by id (UUIDv7 ids sort by
// time), served by audit_events_subject_idx (subject_type, subject_id, id).
func List(ctx context.Context, db postgres.DBTX, f ListFilter) ([]Entry, error) {
	w := sqlb.With()
	w.Add("subject_type = %s AND subject_id = %s", f.SubjectType, f.SubjectID)
	if !f.Everything {
		if f.DivisionPrefix == "" {
			return []Entry{}, nil
		}
		w.HasPrefix("division_code", f.DivisionPrefix)
	}
	if f.After != nil {
		w.Add("id > %s", *f.After)
	}
	rows, err := db.Query(ctx, `
		SELECT id, at, actor_id, actor_username, actor_role, org_id, action, subject_type, subject_id,
		       before, after, client_ip, request_id
		FROM audit_events WHERE `+w.String()+` ORDER BY id`+sqlb.Limit(f.Limit), w.Args()...)
	if err != nil {
		return nil, postgres.Translate(err, "audit: list")
	}
	entries, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Entry, error) {
		var e Entry
		err := row.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorUsername, &e.ActorRole, &e.OrgID, &e.Action,
			&e.SubjectType, &e.SubjectID, &e.Before, &e.After, &e.ClientIP, &e.RequestID)
		return e, err
	})
	return entries, postgres.Translate(err, "audit: list")
}
