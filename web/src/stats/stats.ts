// The dashboard's arithmetic and wording, kept out of the page so it can be
// tested without a chart or a server.
import type { LocationQuery } from 'vue-router'
import { messages, type Messages } from '../messages'
import type { Role } from '../api/types'
import { ALERTS_PATH } from '../alerts/links'
import { RECTIFICATIONS_PATH } from '../inspections/links'
import { statsLink } from './links'
import type { RiskHost, StatsCrumb, StatsFigures, StatsOverview, StatsWeek } from './types'

/** The scope asked for in the address: a division, and maybe one school in it. */
export interface StatsQuery {
  division?: string
  school?: string
}

function single(value: LocationQuery[string] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined
}

export function statsQuery(query: LocationQuery): StatsQuery {
  const out: StatsQuery = {}
  const division = single(query.division)
  const school = single(query.school)
  if (division) out.division = division
  if (school) out.school = school
  return out
}

/**
 * Whole per cent of `part` in `whole`; null when nothing was owed. Never
 * 100 unless all is covered: a day with one missed duty must not read as
 * perfect on a screen that exists to show gaps.
 */
export function percent(part: number, whole: number): number | null {
  if (!(whole > 0)) return null
  if (part >= whole) return 100
  return Math.min(99, Math.max(0, Math.round((part * 100) / whole)))
}

export function percentText(value: number | null, m: Messages = messages): string {
  return value === null ? m.stats.none : `${value}%`
}

/** "2.5", "6": days with at most one decimal. */
export function days(value: number): string {
  return String(Math.round(value * 10) / 10)
}

export function sumOf(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((sum, n) => sum + (Number.isFinite(n) ? n : 0), 0)
}

export type Tone = 'bad' | 'warn' | 'good'

export interface HeadlineCard {
  key: 'waiting' | 'active' | 'dutyToday' | 'dutyWeek' | 'patrolGaps' | 'incidents' | 'alerts' | 'overdue'
  label: string
  value: string
  hint?: string
  /** Colours the value; always with the label saying what it is. */
  tone?: Tone
  link?: string
}

function coverageTone(p: number | null): Tone | undefined {
  if (p === null) return undefined
  if (p >= 90) return 'good'
  return p >= 60 ? 'warn' : 'bad'
}

/** The headline figures of a scope, in reading order, with links where this role can act on them. */
export function headlineCards(f: StatsFigures, role: Role | null, m: Messages = messages): HeadlineCard[] {
  const t = m.stats.cards
  const today = percent(f.duty.today_covered, f.duty.today_due)
  const week = percent(f.duty.week_covered, f.duty.week_due)
  const critical = f.alerts.by_severity.critical ?? 0
  const bureau = role === 'bureau_auditor'
  return [
    {
      key: 'waiting',
      label: t.waiting,
      value: String(f.review.waiting),
      hint: f.review.waiting > 0 ? t.waitingHint(days(f.review.avg_wait_days), days(f.review.max_wait_days)) : t.waitingNone,
      tone: f.review.max_wait_days > 15 ? 'warn' : undefined,
      link: bureau ? '/plans/review' : role === 'school_admin' ? '/plans' : undefined,
    },
    {
      key: 'active',
      label: t.active,
      value: String(f.placements.active ?? 0),
      hint: t.activeHint(sumOf(f.placements)),
    },
    {
      key: 'dutyToday',
      label: t.dutyToday,
      value: percentText(today, m),
      hint: f.duty.today_due > 0 ? t.dutyHint(f.duty.today_covered, f.duty.today_due) : t.dutyNone,
      tone: coverageTone(today),
      link: '/duty/coverage',
    },
    {
      key: 'dutyWeek',
      label: t.dutyWeek,
      value: percentText(week, m),
      hint: f.duty.week_due > 0 ? t.dutyHint(f.duty.week_covered, f.duty.week_due) : t.dutyNone,
      tone: coverageTone(week),
      link: '/duty/coverage',
    },
    {
      key: 'patrolGaps',
      label: t.patrolGaps,
      value: String(f.patrol_gaps),
      hint: t.patrolGapsHint,
      tone: f.patrol_gaps > 0 ? 'warn' : undefined,
    },
    {
      key: 'incidents',
      label: t.incidents,
      value: String(f.incidents.open),
      hint: t.incidentsHint(f.incidents.total),
      tone: f.incidents.open > 0 ? 'bad' : undefined,
      link: '/incidents',
    },
    {
      key: 'alerts',
      label: t.alerts,
      value: String(f.alerts.open),
      hint: t.alertsHint(critical),
      tone: critical > 0 ? 'bad' : f.alerts.open > 0 ? 'warn' : undefined,
      link: ALERTS_PATH,
    },
    {
      key: 'overdue',
      label: t.overdue,
      value: String(f.findings.overdue),
      hint: t.overdueHint,
      tone: f.findings.overdue > 0 ? 'bad' : undefined,
      link: RECTIFICATIONS_PATH,
    },
  ]
}

// ---- comparing the units one level down

export const METRICS = ['alerts', 'coverage', 'waiting', 'active'] as const
export type Metric = (typeof METRICS)[number]

export function metricFromQuery(raw: unknown): Metric {
  return typeof raw === 'string' && (METRICS as readonly string[]).includes(raw) ? (raw as Metric) : 'alerts'
}

/** One unit's figure for the comparison chart; null when it means nothing (no duty owed). */
export function metricValue(f: StatsFigures, metric: Metric): number | null {
  switch (metric) {
    case 'alerts':
      return f.alerts.open
    case 'coverage':
      return percent(f.duty.week_covered, f.duty.week_due)
    case 'waiting':
      return f.review.waiting
    case 'active':
      return f.placements.active ?? 0
  }
}

export interface UnitRow {
  key: string
  kind: 'division' | 'school'
  name: string
  figures: StatsFigures
  /** The next level of the dashboard. */
  to: string
}

/**
 * What one level down holds: sub-divisions first (a city's counties), then
 * the schools placed directly at this level (a city's own colleges, a
 * county's schools). Each row leads one level down.
 */
export function unitRows(o: Pick<StatsOverview, 'children' | 'schools'>): UnitRow[] {
  return [
    ...o.children.map((c) => ({ key: `d:${c.code}`, kind: 'division' as const, name: c.name, figures: c.figures, to: statsLink(c.code) })),
    ...o.schools.map((s) => ({
      key: `s:${s.id}`,
      kind: 'school' as const,
      name: s.name,
      figures: s.figures,
      to: statsLink(s.division_code, s.id),
    })),
  ]
}

/** The heading over the comparison: regions when there are any, else schools. */
export function unitsKind(rows: readonly UnitRow[]): 'division' | 'school' {
  return rows.some((r) => r.kind === 'division') ? 'division' : 'school'
}

/** The key numbers of a row in the plain list under the chart. */
export function unitFacts(f: StatsFigures, m: Messages = messages): string[] {
  const t = m.stats.rowFacts
  return [
    t.active(f.placements.active ?? 0),
    t.alerts(f.alerts.open),
    t.coverage(percentText(percent(f.duty.week_covered, f.duty.week_due), m)),
    t.waiting(f.review.waiting),
  ]
}

// ---- the breadcrumb

export interface CrumbLink {
  key: string
  name: string
  /** Absent on the last crumb: the page itself. */
  to?: string
}

export function crumbLinks(crumbs: readonly StatsCrumb[]): CrumbLink[] {
  return crumbs.map((c, i) => ({
    key: `${c.code}:${c.school_id ?? ''}`,
    name: c.name,
    to: i === crumbs.length - 1 ? undefined : statsLink(c.code, c.school_id),
  }))
}

/** One level up from the current scope, for the header's back arrow; none at the root. */
export function parentLink(crumbs: readonly StatsCrumb[]): string | undefined {
  return crumbLinks(crumbs).at(-2)?.to
}

// ---- a school's own lists

/**
 * A school's placements: a bureau reads the read-only list narrowed to the
 * school (the division only tells the way back); a school admin has its
 * own board.
 */
export function schoolPlacementsLink(role: Role | null, schoolId: string, division: string): string {
  if (role !== 'bureau_auditor') return '/placements'
  return `/placements?${new URLSearchParams({ school_id: schoolId, division }).toString()}`
}

// ---- trends

export const TREND_SERIES = ['checkins', 'patrols', 'incidents', 'alerts', 'findings'] as const
export type TrendKey = (typeof TREND_SERIES)[number]

/** "9/14" for the Monday 2026-09-14: short enough for twelve labels on a phone. */
export function weekLabel(isoDate: string): string {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(isoDate)
  return match ? `${Number(match[1])}/${Number(match[2])}` : isoDate
}

export interface TrendSeries {
  key: TrendKey
  name: string
  data: number[]
  total: number
}

export function trendSeries(weeks: readonly StatsWeek[], m: Messages = messages): { labels: string[]; series: TrendSeries[] } {
  return {
    labels: weeks.map((w) => weekLabel(w.week)),
    series: TREND_SERIES.map((key) => {
      const data = weeks.map((w) => w[key])
      return { key, name: m.stats.trends.series[key], data, total: data.reduce((a, b) => a + b, 0) }
    }),
  }
}

/** What the trend chart shows, in words, for a screen reader. */
export function trendSummary(series: readonly TrendSeries[], m: Messages = messages): string {
  return m.stats.trends.summary(series.map((s) => m.stats.trends.total(s.name, s.total)).join(m.stats.listJoin))
}

// ---- risk

/** Interns per on-post staff as the rule reads it (Art 11: at most 10%). */
export function hostRatio(h: RiskHost, m: Messages = messages): { text: string; over: boolean } {
  if (!(h.staff > 0)) return { text: m.stats.risk.ratioUnknown(h.interns), over: false }
  const pct = Math.round(h.ratio * 1000) / 10
  return { text: m.stats.risk.ratio(h.interns, h.staff, `${pct}%`), over: h.ratio > 0.1 }
}

// ---- freshness and export

const shanghaiDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
const shanghaiTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/**
 * "数据更新于 08:05" (Beijing time) when the figures were summed today,
 * with the date when older: yesterday's 08:05 must not pass for today's.
 */
export function updatedText(refreshedAt: string | null, now: Date = new Date(), m: Messages = messages): string {
  if (!refreshedAt) return m.stats.notRefreshed
  const at = new Date(refreshedAt)
  if (Number.isNaN(at.getTime())) return m.stats.notRefreshed
  const time = shanghaiTime.format(at)
  const day = shanghaiDay.format(at)
  if (day === shanghaiDay.format(now)) return m.stats.updatedAt(time)
  const [, month, date] = day.split('-').map(Number)
  return m.stats.updatedOn(month!, date!, time)
}

/** A file name safe on every phone: the scope's name without path or reserved characters. */
export function exportFileName(scopeName: string, asOf: string, m: Messages = messages): string {
  const safe = scopeName.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 60)
  return m.stats.exportFile(safe || m.stats.title, asOf)
}

/** The name of the scope shown: the school's when at a school. */
export function scopeTitle(o: Pick<StatsOverview, 'scope'>): string {
  return o.scope.kind === 'school' ? (o.scope.school_name ?? o.scope.name) : o.scope.name
}
