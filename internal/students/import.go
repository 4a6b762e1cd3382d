package students

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/postgres"
)

// ImportResult counts what an import wrote.
type ImportResult struct {
	Created, Updated int
}

// RowError is one bad cell of an import file: the spreadsheet row as Excel
// numbers it and the column header, besides the usual field path.
type RowError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	Row     int    `json:"row"`
	Column  string `json:"column"`
}

// Import reads a roster file and writes it all or nothing. A row whose
// student number is already on the roster updates that student, but only
// when the ID number matches too: a number that now names someone else is a
// typing slip to fix, not an update. Any bad row answers 400 listing every
// bad row and column, and nothing is written.
func (s *Service) Import(ctx context.Context, actor auth.Actor, data []byte) (ImportResult, error) {
	schoolID, err := ownSchool(actor)
	if err != nil {
		return ImportResult{}, err
	}
	rows, err := ReadRoster(data)
	if err != nil {
		return ImportResult{}, err
	}
	school, err := s.orgs.OrgByID(ctx, nil, schoolID)
	if err != nil {
		return ImportResult{}, err
	}
	current, err := rosterOf(ctx, s.pool, schoolID)
	if err != nil {
		return ImportResult{}, err
	}
	byNo := make(map[string]existing, len(current))
	byHash := make(map[string]existing, len(current))
	for _, e := range current {
		byNo[e.StudentNo] = e
		byHash[string(e.Hash)] = e
	}

	now := s.clock.Now()
	var errs []RowError
	bad := func(line int, field, message string) {
		errs = append(errs, RowError{Field: fmt.Sprintf("rows[%d].%s", line, field), Message: message, Row: line, Column: fieldLabels[field]})
	}
	seenNo := map[string]int{}
	seenID := map[string]int{}
	records := make([]record, 0, len(rows))
	var created, updated []string
	for _, row := range rows {
		v, fe := validate(Input{StudentNo: row.StudentNo, Name: row.Name, IDNumber: row.IDNumber, Major: row.Major,
			MajorCategory: row.MajorCategory, EnrolledOn: row.EnrolledOn, ClassName: row.ClassName, Phone: row.Phone,
			GuardianName: row.GuardianName, GuardianPhone: row.GuardianPhone}, now, ParseRosterDate)
		for _, f := range fe {
			bad(row.Line, f.Field, f.Message)
		}
		if first, dup := seenNo[v.StudentNo]; dup && v.StudentNo != "" {
			bad(row.Line, "student_no", fmt.Sprintf("学号 %s 与第 %d 行重复", v.StudentNo, first))
			continue
		}
		seenNo[v.StudentNo] = row.Line
		if v.id.Normalized == "" {
			continue
		}
		if first, dup := seenID[v.id.Normalized]; dup {
			bad(row.Line, "id_number", fmt.Sprintf("身份证号与第 %d 行重复", first))
			continue
		}
		seenID[v.id.Normalized] = row.Line
		hashes := s.keys.Hashes(v.id.Normalized)
		known, onRoster := byNo[v.StudentNo]
		switch {
		case onRoster && !slices.ContainsFunc(hashes, func(h []byte) bool { return bytes.Equal(h, known.Hash) }):
			bad(row.Line, "student_no", fmt.Sprintf("学号 %s 已登记给另一名学生（身份证号不同），请核对", v.StudentNo))
		case !onRoster:
			for _, h := range hashes {
				if other, taken := byHash[string(h)]; taken {
					bad(row.Line, "id_number", fmt.Sprintf("该身份证号已登记在学号 %s 名下", other.StudentNo))
					break
				}
			}
		}
		if len(fe) > 0 || len(errs) > 0 {
			continue // keep checking every row, but build nothing once the file is refused
		}
		if onRoster {
			records = append(records, s.seal(v, known.ID, schoolID))
			updated = append(updated, v.StudentNo)
		} else {
			records = append(records, s.seal(v, uuid.Must(uuid.NewV7()), schoolID))
			created = append(created, v.StudentNo)
		}
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b RowError) int { return a.Row - b.Row })
		e := apperr.Invalid(fmt.Sprintf("导入文件有 %d 处错误，未导入任何学生，请改正后重新上传", len(errs)))
		e.Details = errs
		return ImportResult{}, e
	}
	digest := sha256.Sum256(data)
	err = postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := upsertRoster(ctx, tx, records); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "student.import", SubjectType: "school",
			SubjectID: schoolID.String(), DivisionCode: school.DivisionCode,
			After: map[string]any{"file_sha256": hex.EncodeToString(digest[:]), "rows": len(rows),
				"created": created, "updated": updated}})
	})
	if err != nil {
		return ImportResult{}, err
	}
	return ImportResult{Created: len(created), Updated: len(updated)}, nil
}

// upsertRoster writes many students with one COPY and one statement, so ten
// thousand rows cost a few round trips rather than ten thousand.
func upsertRoster(ctx context.Context, tx pgx.Tx, records []record) error {
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE students_import (LIKE students INCLUDING DEFAULTS) ON COMMIT DROP`); err != nil {
		return postgres.Translate(err, "students: import table")
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"students_import"}, recordColumns,
		pgx.CopyFromSlice(len(records), func(i int) ([]any, error) { return records[i].values(), nil })); err != nil {
		return translateUnique(err, "students: import copy")
	}
	cols := ""
	set := ""
	for i, c := range recordColumns {
		if i > 0 {
			cols += ", "
		}
		cols += c
		if c != "id" && c != "school_id" {
			set += c + " = EXCLUDED." + c + ", "
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO students (`+cols+`) SELECT `+cols+` FROM students_import
		ON CONFLICT (id) DO UPDATE SET `+set+`updated_at = now()`)
	return translateUnique(err, "students: import upsert")
}
