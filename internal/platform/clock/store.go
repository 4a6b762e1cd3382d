package clock

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jackc/pgx/v5"

	"huhang/internal/platform/postgres"
)

// LoadCalendar reads the overrides between from and to (inclusive) from the
// calendar_days table into a Calendar.
func LoadCalendar(ctx context.Context, db postgres.DBTX, from, to Date) (*Calendar, error) {
	rows, err := db.Query(ctx,
		`SELECT to_char(day, 'YYYY-MM-DD'), kind, name FROM calendar_days WHERE day BETWEEN $1 AND $2 ORDER BY day`,
		from.String(), to.String())
	if err != nil {
		return nil, postgres.Translate(err, "clock: load calendar")
	}
	overrides, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Override, error) {
		var o Override
		var day string
		if err := row.Scan(&day, &o.Kind, &o.Name); err != nil {
			return o, err
		}
		// Read as text: a date must not pass through a time zone on its way in.
		parsed, err := ParseDate(day)
		o.Day = parsed
		return o, err
	})
	if err != nil {
		return nil, postgres.Translate(err, "clock: load calendar")
	}
	return NewCalendar(overrides), nil
}

// ParseCalendarCSV reads the official calendar in the shape of
// shared/data/calendar-2026.csv (date,kind,name). Every bad line is reported,
// so the administrator fixes the file once.
func ParseCalendarCSV(r io.Reader) ([]Override, error) {
	reader := csv.NewReader(r)
	reader.FieldsPerRecord = -1
	records, err := reader.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("calendar: not a CSV file: %w", err)
	}
	if len(records) == 0 {
		return nil, errors.New("calendar: empty file")
	}
	header := strings.Join(records[0], ",")
	if strings.TrimPrefix(header, "\ufeff") != "date,kind,name" {
		return nil, fmt.Errorf("calendar: header must be date,kind,name, got %q", header)
	}
	var problems []string
	seen := map[Date]int{}
	out := make([]Override, 0, len(records)-1)
	for i, rec := range records[1:] {
		line := i + 2
		if len(rec) != 3 {
			problems = append(problems, fmt.Sprintf("line %d: want 3 columns, got %d", line, len(rec)))
			continue
		}
		day, err := ParseDate(strings.TrimSpace(rec[0]))
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: %v", line, err))
		}
		kind := DayKind(strings.TrimSpace(rec[1]))
		if kind != Holiday && kind != Workday {
			problems = append(problems, fmt.Sprintf("line %d: kind must be holiday or workday, got %q", line, rec[1]))
		}
		name := strings.TrimSpace(rec[2])
		if name == "" {
			problems = append(problems, fmt.Sprintf("line %d: name is empty", line))
		}
		if prev, dup := seen[day]; dup && err == nil {
			problems = append(problems, fmt.Sprintf("line %d: %s already given on line %d", line, day, prev))
		}
		seen[day] = line
		out = append(out, Override{Day: day, Kind: kind, Name: name})
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("calendar: %s", strings.Join(problems, "; "))
	}
	return out, nil
}

// SaveOverrides upserts the overrides in one transaction: a corrected notice
// replaces what an earlier load wrote for the same day.
func SaveOverrides(ctx context.Context, db postgres.TxBeginner, overrides []Override) error {
	return postgres.InTx(ctx, db, func(tx pgx.Tx) error {
		for _, o := range overrides {
			_, err := tx.Exec(ctx, `
				INSERT INTO calendar_days (day, kind, name) VALUES ($1, $2, $3)
				ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, updated_at = now()`,
				o.Day.String(), string(o.Kind), o.Name)
			if err != nil {
				return postgres.Translate(err, "clock: save calendar day "+o.Day.String())
			}
		}
		return nil
	})
}
