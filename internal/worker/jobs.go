package worker

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/platform/clock"
)

// CalendarCoverage warns when the official holiday calendar for the current
// year, or from mid-November for the next year, has not been loaded: without
// it every rest-day rule would treat public holidays as working days.
func CalendarCoverage(pool *pgxpool.Pool, clk clock.Clock, logger *slog.Logger) Job {
	return Job{
		Name:     "calendar-coverage",
		Interval: time.Hour,
		Run: func(ctx context.Context) error {
			missing, err := MissingCalendarYears(ctx, pool, clock.BusinessDay(clk.Now()))
			if err != nil {
				return err
			}
			for _, year := range missing {
				logger.WarnContext(ctx, "official holiday calendar not loaded; run `huhang calendar load FILE`", "year", year)
			}
			return nil
		},
	}
}

// StaleUploads removes uploads nobody attached within a day (files.StaleAfter).
func StaleUploads(remove func(ctx context.Context) (int, error), logger *slog.Logger) Job {
	return Job{Name: "stale-uploads", Interval: time.Hour, Run: func(ctx context.Context) error {
		n, err := remove(ctx)
		if n > 0 {
			logger.InfoContext(ctx, "stale uploads removed", "files", n)
		}
		return err
	}}
}

// MissingCalendarYears lists the years that should be loaded by today but are not.
func MissingCalendarYears(ctx context.Context, pool *pgxpool.Pool, today clock.Date) ([]int, error) {
	years := []int{today.Year}
	// The State Council publishes next year's arrangement in early November.
	if today.Month == time.December || (today.Month == time.November && today.Day >= 15) {
		years = append(years, today.Year+1)
	}
	var missing []int
	for _, y := range years {
		var n int
		err := pool.QueryRow(ctx,
			`SELECT count(*) FROM calendar_days WHERE day >= make_date($1, 1, 1) AND day < make_date($1 + 1, 1, 1)`, y).Scan(&n)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			missing = append(missing, y)
		}
	}
	return missing, nil
}
