// Pure date helpers of the duty screens: weekday names, date ranges and the
// month-style grid of the coverage calendar. Dates are "YYYY-MM-DD" strings
// of the business day (Asia/Shanghai), handled in UTC so the phone's own
// time zone can never shift a day.
import { messages as m } from '../messages'

/** ISO weekdays (1 = Monday) as "一、三、五". */
export function weekdaysText(days: readonly number[]): string {
  const t = m.duty.rosters
  return [...days]
    .sort((a, b) => a - b)
    .map((d) => t.weekdayNames[d - 1] ?? String(d))
    .join(t.daySeparator)
}

function utc(day: string): Date {
  return new Date(`${day}T00:00:00Z`)
}

export function addDays(day: string, n: number): string {
  const d = utc(day)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** ISO weekday of a date, Monday = 1 … Sunday = 7. */
export function isoWeekday(day: string): number {
  return utc(day).getUTCDay() || 7
}

/** Today's date in Asia/Shanghai, the server's business day. */
export function businessToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now)
}

/**
 * The calendar grid from `from` to `to`: whole weeks, Monday first, with
 * null for the cells before `from` and after `to`.
 */
export function calendarWeeks(from: string, to: string): (string | null)[][] {
  const weeks: (string | null)[][] = []
  if (to < from) return weeks
  let week: (string | null)[] = Array.from({ length: isoWeekday(from) - 1 }, () => null)
  for (let d = from; d <= to; d = addDays(d, 1)) {
    week.push(d)
    if (week.length === 7) {
      weeks.push(week)
      week = []
    }
  }
  if (week.length > 0) weeks.push([...week, ...Array.from({ length: 7 - week.length }, () => null)])
  return weeks
}
