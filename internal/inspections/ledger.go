// Package inspections holds the bureau's special inspections (专项排查) and
// their ledger (台账, Art 45). This file is the ledger itself: an
// append-only hash chain per ledger (one per campaign) that shows its whole
// history and proves nobody rewrote it.
package inspections

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/platform/postgres"
)

// GenesisHash is the previous hash of a ledger's first row.
var GenesisHash = make([]byte, sha256.Size)

// Entry is what a use case records in a ledger, inside its own transaction.
type Entry struct {
	LedgerID    uuid.UUID
	Kind        string // dotted, like audit actions: "finding.record", "rectification.submit"
	SubjectType string
	SubjectID   uuid.UUID
	// Corrects names an earlier row this one corrects; history is never edited.
	Corrects *int64
	ActorID  *uuid.UUID
	// Data is the entry's own content (what was found, decided, submitted).
	Data map[string]any
}

// content is the canonical form that is hashed and stored. Field order is
// fixed by the struct and map keys are sorted by encoding/json, so the same
// entry always gives the same bytes.
type content struct {
	LedgerID    uuid.UUID      `json:"ledger_id"`
	Seq         int            `json:"seq"`
	Kind        string         `json:"kind"`
	SubjectType string         `json:"subject_type"`
	SubjectID   uuid.UUID      `json:"subject_id"`
	Corrects    *int64         `json:"corrects"`
	ActorID     *uuid.UUID     `json:"actor_id"`
	RecordedAt  time.Time      `json:"recorded_at"`
	Data        map[string]any `json:"data"`
}

// ChainHash is SHA-256 over the previous row's hash followed by the row's
// canonical content.
func ChainHash(prev []byte, canonical []byte) []byte {
	h := sha256.New()
	h.Write(prev)
	h.Write(canonical)
	return h.Sum(nil)
}

// Appended is the row a use case wrote.
type Appended struct {
	ID   int64
	Seq  int
	Hash []byte
}

// AppendLedger writes e as the next row of its ledger in tx. Appends to one
// ledger are serialised by a transaction-scoped advisory lock, taken before
// the head is read, so concurrent writers queue instead of forking the chain;
// different ledgers do not wait for each other.
func AppendLedger(ctx context.Context, tx pgx.Tx, e Entry, now time.Time) (Appended, error) {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, ledgerLockSpace, e.LedgerID.String()); err != nil {
		return Appended{}, postgres.Translate(err, "ledger: lock")
	}
	prev, seq := GenesisHash, 0
	err := tx.QueryRow(ctx, `SELECT seq, hash FROM ledger_entries WHERE ledger_id = $1 ORDER BY seq DESC LIMIT 1`, e.LedgerID).Scan(&seq, &prev)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return Appended{}, postgres.Translate(err, "ledger: head")
	}
	data := e.Data
	if data == nil {
		data = map[string]any{}
	}
	c := content{LedgerID: e.LedgerID, Seq: seq + 1, Kind: e.Kind, SubjectType: e.SubjectType, SubjectID: e.SubjectID,
		Corrects: e.Corrects, ActorID: e.ActorID, RecordedAt: storedTime(now), Data: data}
	canonical, err := json.Marshal(c)
	if err != nil {
		return Appended{}, fmt.Errorf("ledger: encode %s: %w", e.Kind, err)
	}
	out := Appended{Seq: c.Seq, Hash: ChainHash(prev, canonical)}
	err = tx.QueryRow(ctx, `INSERT INTO ledger_entries (ledger_id, seq, kind, subject_type, subject_id, corrects, actor_id, recorded_at,
		content, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		c.LedgerID, c.Seq, c.Kind, c.SubjectType, c.SubjectID, c.Corrects, c.ActorID, c.RecordedAt, string(canonical), prev, out.Hash).Scan(&out.ID)
	return out, postgres.Translate(err, "ledger: append")
}

// ledgerLockSpace keeps the ledger's advisory locks apart from others'.
const ledgerLockSpace = 0x4c4447 // "LDG"

// storedTime is t as PostgreSQL keeps it (UTC, microseconds), so the content
// hashed at write time is the content read back.
func storedTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// Broken names the first row whose chain does not hold, and why.
type Broken struct {
	LedgerID uuid.UUID `json:"ledger_id"`
	Seq      int       `json:"seq"`
	RowID    int64     `json:"row_id"`
	Reason   string    `json:"reason"`
}

// Verification is the answer of a full recomputation.
type Verification struct {
	OK          bool    `json:"ok"`
	RowsChecked int     `json:"rows_checked"`
	FirstBroken *Broken `json:"first_broken,omitempty"`
	// Heads are the last hash of each ledger, hex: what a printed ledger
	// carries so paper can be checked against the system.
	Heads map[uuid.UUID]string `json:"heads,omitempty"`
}

// VerifyLedgers recomputes every chain from its first row, in one pass in
// (ledger, seq) order, and names the first row that does not hold: a gap in
// the sequence, a previous hash that is not the previous row's, a hash that
// is not the content's, or a column that says something else than the
// hashed content. Only ledgers is checked when given.
func VerifyLedgers(ctx context.Context, db postgres.DBTX, ledgers ...uuid.UUID) (Verification, error) {
	sql := `SELECT id, ledger_id, seq, kind, subject_type, subject_id, corrects, actor_id, recorded_at, content, prev_hash, hash
		FROM ledger_entries`
	var args []any
	if len(ledgers) > 0 {
		sql += ` WHERE ledger_id = ANY($1)`
		args = append(args, ledgers)
	}
	rows, err := db.Query(ctx, sql+` ORDER BY ledger_id, seq`, args...)
	if err != nil {
		return Verification{}, postgres.Translate(err, "ledger: read")
	}
	defer rows.Close()
	v := Verification{OK: true, Heads: map[uuid.UUID]string{}}
	var (
		current  uuid.UUID
		prevHash []byte
		prevSeq  int
	)
	for rows.Next() {
		var (
			row            content
			id             int64
			text           string
			stored, hashed []byte
		)
		if err := rows.Scan(&id, &row.LedgerID, &row.Seq, &row.Kind, &row.SubjectType, &row.SubjectID, &row.Corrects, &row.ActorID,
			&row.RecordedAt, &text, &stored, &hashed); err != nil {
			return Verification{}, postgres.Translate(err, "ledger: scan")
		}
		if row.LedgerID != current || v.RowsChecked == 0 {
			current, prevHash, prevSeq = row.LedgerID, GenesisHash, 0
		}
		v.RowsChecked++
		if reason := checkRow(row, text, stored, hashed, prevHash, prevSeq); reason != "" {
			v.OK = false
			v.FirstBroken = &Broken{LedgerID: row.LedgerID, Seq: row.Seq, RowID: id, Reason: reason}
			v.Heads = nil
			return v, nil
		}
		prevHash, prevSeq = hashed, row.Seq
		v.Heads[row.LedgerID] = hex.EncodeToString(hashed)
	}
	if err := rows.Err(); err != nil {
		return Verification{}, postgres.Translate(err, "ledger: read")
	}
	return v, nil
}

func checkRow(row content, text string, prevStored, hash, prevHash []byte, prevSeq int) string {
	switch {
	case row.Seq != prevSeq+1:
		return fmt.Sprintf("序号不连续：上一行是第 %d 行", prevSeq)
	case !bytes.Equal(prevStored, prevHash):
		return "前序哈希与上一行的哈希不符"
	case !bytes.Equal(hash, ChainHash(prevHash, []byte(text))):
		return "本行哈希与其内容不符"
	}
	var hashed content
	if err := json.Unmarshal([]byte(text), &hashed); err != nil {
		return "内容不是有效的 JSON"
	}
	same := hashed.LedgerID == row.LedgerID && hashed.Seq == row.Seq && hashed.Kind == row.Kind &&
		hashed.SubjectType == row.SubjectType && hashed.SubjectID == row.SubjectID && equalPtr(hashed.Corrects, row.Corrects) &&
		equalPtr(hashed.ActorID, row.ActorID) && hashed.RecordedAt.Equal(row.RecordedAt)
	if !same {
		return "字段与已签名的内容不符"
	}
	return ""
}

func equalPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
