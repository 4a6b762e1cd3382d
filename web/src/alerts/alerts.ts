// Small pure helpers of the alert screens and store, kept apart from the
// views so they are unit-tested: colours, the list's filters, how a live
// event changes the list and the counts, ages, and the forms' checks.
import { messages, type Messages } from '../messages'
import { ALERT_RULES, LIMITS, SEVERITIES, type Alert, type AlertSeverity, type AlertStatus, type AlertSummary } from './types'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'default'

/** Red for critical, orange for serious; the tag always carries its word too. */
export function severityTone(severity: AlertSeverity): TagType {
  switch (severity) {
    case 'critical':
      return 'danger'
    case 'serious':
      return 'warning'
    default:
      return 'default'
  }
}

/** Waiting for someone stands out; being handled is calmer; resolved recedes. */
export function statusTone(status: AlertStatus): TagType {
  switch (status) {
    case 'open':
      return 'primary'
    case 'acknowledged':
      return 'warning'
    case 'resolved':
      return 'success'
    default:
      return 'default'
  }
}

// ---- the list's filters

export type StatusFilter = AlertStatus | 'all'
export const STATUS_FILTERS: readonly StatusFilter[] = ['open', 'acknowledged', 'resolved', 'all']

export interface AlertFilter {
  status: StatusFilter
  /** '' for every severity. */
  severity: AlertSeverity | ''
  /** '' for every rule. */
  rule: string
}

/** The filters from the query string; what is unknown falls back to the default (open, everything). */
export function filterFromQuery(query: Readonly<Record<string, unknown>>): AlertFilter {
  const one = (v: unknown) => (Array.isArray(v) ? v[0] : v)
  const status = one(query.status)
  const severity = one(query.severity)
  const rule = one(query.rule)
  return {
    status: typeof status === 'string' && (STATUS_FILTERS as readonly string[]).includes(status) ? (status as StatusFilter) : 'open',
    severity: typeof severity === 'string' && (SEVERITIES as readonly string[]).includes(severity) ? (severity as AlertSeverity) : '',
    rule: typeof rule === 'string' && (ALERT_RULES as readonly string[]).includes(rule) ? rule : '',
  }
}

/** The query string of the filters, leaving out the defaults so a plain /alerts stays plain. */
export function filterToQuery(f: AlertFilter): Record<string, string> {
  const q: Record<string, string> = {}
  if (f.status !== 'open') q.status = f.status
  if (f.severity) q.severity = f.severity
  if (f.rule) q.rule = f.rule
  return q
}

/** The query of GET /alerts for the filters; 全部 sends no status. */
export function listQuery(f: AlertFilter): { status?: string; severity?: string; rule?: string } {
  return {
    status: f.status === 'all' ? undefined : f.status,
    severity: f.severity || undefined,
    rule: f.rule || undefined,
  }
}

export function matchesFilter(a: Alert, f: AlertFilter): boolean {
  return (f.status === 'all' || a.status === f.status) && (!f.severity || a.severity === f.severity) && (!f.rule || a.rule === f.rule)
}

export type LiveChange = 'added' | 'replaced' | null

/**
 * The list after a live event: a changed alert takes its row's place (even
 * when it no longer fits the filter: rows do not vanish under a finger);
 * a new one that fits the filter goes on top, where it is seen at once.
 */
export function mergeLive(items: readonly Alert[], alert: Alert, f: AlertFilter): { items: Alert[]; change: LiveChange } {
  const at = items.findIndex((a) => a.id === alert.id)
  if (at >= 0) {
    const next = items.slice()
    next[at] = alert
    return { items: next, change: 'replaced' }
  }
  if (!matchesFilter(alert, f)) return { items: items.slice(), change: null }
  return { items: [alert, ...items], change: 'added' }
}

/** The first of each id: a live row put on top is not shown again when a later page brings it. */
export function uniqueById(items: readonly Alert[]): Alert[] {
  const seen = new Set<string>()
  return items.filter((a) => {
    if (seen.has(a.id)) return false
    seen.add(a.id)
    return true
  })
}

// ---- the badge's counts

/** What this phone last saw of an alert: enough to tell which counts an event moves. */
export interface KnownAlert {
  status: AlertStatus
  /**
   * Open, and the caller's organisation must act on it (the server offers
   * 确认收到): one of the summary's `to_act`, the tab badge.
   */
  toAct: boolean
}

export function knownOf(a: Pick<Alert, 'status' | 'actions'>): KnownAlert {
  return { status: a.status, toAct: a.status === 'open' && a.actions.includes('ack') }
}

/**
 * The counts after a live event, from what this phone knew of the alert
 * before. `exact` is false when the change cannot be told from here (an
 * alert never seen that is no longer fresh, such as one just escalated to
 * this organisation): the caller then asks the server.
 *
 * `to_act` follows the alert's `actions`, which the server computes for
 * the user who receives it: a county alert a city bureau sees in its scope
 * but need not act on comes with none, and so joins `open` only.
 */
export function applyToSummary(
  summary: AlertSummary,
  before: KnownAlert | undefined,
  alert: Alert,
): { summary: AlertSummary; exact: boolean } {
  const critical = alert.severity === 'critical'
  const now = knownOf(alert)
  // Deltas first, then one clamp per count: a move within open (escalated
  // to this organisation) must not be bent by a count that was already 0.
  const delta = { open: 0, acknowledged: 0, open_critical: 0, to_act: 0 }
  const count = (known: KnownAlert, sign: 1 | -1) => {
    if (known.status === 'open') {
      delta.open += sign
      if (critical) delta.open_critical += sign
    } else if (known.status === 'acknowledged') {
      delta.acknowledged += sign
    }
    if (known.toAct) delta.to_act += sign
  }
  const result = () => ({
    ...summary,
    open: Math.max(0, summary.open + delta.open),
    acknowledged: Math.max(0, summary.acknowledged + delta.acknowledged),
    open_critical: Math.max(0, summary.open_critical + delta.open_critical),
    to_act: Math.max(0, summary.to_act + delta.to_act),
  })
  if (before === undefined) {
    // Only a just-raised alert is surely new to the counts.
    const fresh = alert.status === 'open' && !alert.acknowledged_at && alert.escalation_level === 0
    if (!fresh) return { summary: { ...summary }, exact: false }
    count(now, 1)
    return { summary: result(), exact: true }
  }
  // Acknowledged or resolved by anyone: it leaves to_act if it was there.
  // Escalated to this organisation (still open, 确认收到 now offered): it joins.
  count(before, -1)
  count(now, 1)
  return { summary: result(), exact: true }
}

// ---- ages

/** "刚刚", "5 分钟前", "3 小时前", "2 天前"; past a month, the date. */
export function ageText(iso: string, now: number, m: Messages = messages): string {
  const at = new Date(iso).getTime()
  if (Number.isNaN(at)) return iso
  const minutes = Math.floor((now - at) / 60_000)
  if (minutes < 1) return m.alerts.age.justNow
  if (minutes < 60) return m.alerts.age.minutes(minutes)
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return m.alerts.age.hours(hours)
  const days = Math.floor(hours / 24)
  if (days < 30) return m.alerts.age.days(days)
  return iso.slice(0, 10)
}

/** The organisations an alert is about, for a list row: school · enterprise. */
export function orgsLine(a: Pick<Alert, 'school_name' | 'enterprise_name' | 'bureau_name'>, m: Messages = messages): string {
  const names = [a.school_name, a.enterprise_name].filter((n): n is string => !!n)
  return names.length > 0 ? names.join(m.alerts.list.orgJoin) : (a.bureau_name ?? '')
}

/** The rule's Chinese name: the server's when given, else the filter's. */
export function ruleName(rule: string, serverName = '', m: Messages = messages): string {
  return serverName || m.alerts.rules[rule as keyof typeof m.alerts.rules] || rule
}

// ---- the forms

/** A resolve note is required (what was done), and at most LIMITS.note characters. */
export function validateResolveNote(note: string, m: Messages = messages): string {
  const text = note.trim()
  if (!text) return m.alerts.resolve.required
  if ([...text].length > LIMITS.note) return m.validation.tooLong(m.alerts.resolve.note, LIMITS.note)
  return ''
}

/** An ack note is optional. */
export function validateAckNote(note: string, m: Messages = messages): string {
  return [...note.trim()].length > LIMITS.note ? m.validation.tooLong(m.alerts.ack.note, LIMITS.note) : ''
}
