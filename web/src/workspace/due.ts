import { messages as m } from '../messages'
import type { Severity } from './types'

const DAY_MS = 86_400_000

/** Today as YYYY-MM-DD on the calendar the deadlines are set in (China Standard Time). */
export function todayInChina(now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now)
}

function dayNumber(isoDate: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate)
  if (!match) return null
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS
}

export interface DueView {
  text: string
  overdue: boolean
}

/**
 * "还剩 N 天" / "今天到期" / "已逾期 N 天" counted in whole calendar days, so
 * the text does not change with the hour at which the page is opened.
 */
export function describeDue(dueOn: string | undefined, today: string = todayInChina()): DueView | null {
  if (!dueOn) return null
  const due = dayNumber(dueOn)
  const now = dayNumber(today)
  if (due === null || now === null) return { text: m.workspace.dueOn(dueOn), overdue: false }
  const days = due - now
  if (days > 0) return { text: m.workspace.dueIn(days), overdue: false }
  if (days === 0) return { text: m.workspace.dueToday, overdue: false }
  return { text: m.workspace.overdue(-days), overdue: true }
}

/** The severity as words: colour alone must never carry it. */
export function severityLabel(severity: Severity | string): string {
  return (m.workspace.severity as Record<string, string>)[severity] ?? m.workspace.severity.minor
}
