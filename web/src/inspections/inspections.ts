// Small pure helpers of the inspection screens, kept apart from the views so
// they are unit-tested: colours, the board's filters and sections, the
// finding's history and next step, the chain status, and the forms' checks.
import { messages, type Messages } from '../messages'
import type { PickerOption } from '../components/picker'
import { citeArticle } from '../plans/rules'
import { isValidDate } from '../validation/formats'
import {
  LIMITS,
  type CampaignStatus,
  type ChecklistItem,
  type Draw,
  type Finding,
  type FindingStatus,
  type LedgerVerification,
  type Method,
  type Severity,
  type TargetKind,
} from './types'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'default'

/** A draft still needs the bureau; a running campaign stands out; a closed one recedes. */
export function campaignTone(status: CampaignStatus): TagType {
  switch (status) {
    case 'draft':
      return 'warning'
    case 'open':
      return 'primary'
    default:
      return 'default'
  }
}

/** Waiting on someone is warning, handed in is primary, settled is success. */
export function findingTone(status: FindingStatus): TagType {
  switch (status) {
    case 'recorded':
    case 'open':
      return 'warning'
    case 'rectifying':
    case 'submitted':
      return 'primary'
    case 'verified':
      return 'success'
    default:
      return 'default'
  }
}

/** The colour of a severity; the tag always carries its word too. */
export function severityTone(severity: Severity): TagType {
  switch (severity) {
    case 'critical':
      return 'danger'
    case 'serious':
      return 'warning'
    default:
      return 'primary'
  }
}

// ---- the board

export type BoardFilter = 'all' | 'overdue' | 'open' | 'rectifying' | 'submitted' | 'verified' | 'closed'
export const BOARD_FILTERS: readonly BoardFilter[] = ['all', 'overdue', 'open', 'rectifying', 'submitted', 'verified', 'closed']

/** A filter chip from the query string, or the default (everything). */
export function boardFilterFrom(raw: unknown): BoardFilter {
  return typeof raw === 'string' && (BOARD_FILTERS as readonly string[]).includes(raw) ? (raw as BoardFilter) : 'all'
}

/** The query of GET /rectifications for a filter chip. */
export function boardQuery(filter: BoardFilter): { status?: string; overdue?: 'true' } {
  if (filter === 'all') return {}
  if (filter === 'overdue') return { overdue: 'true' }
  return { status: filter }
}

export type BoardSectionKey = 'overdue' | 'active' | 'closed'

export interface BoardSection {
  key: BoardSectionKey
  items: Finding[]
}

function sectionOf(f: Pick<Finding, 'status' | 'overdue'>): BoardSectionKey {
  if (f.status === 'closed') return 'closed'
  return f.overdue ? 'overdue' : 'active'
}

/**
 * The board in three sections — overdue, under way, struck off — each in
 * the server's order (by deadline), so overdue items always come first even
 * when a later page brings one more. Empty sections are left out.
 */
export function boardSections(items: readonly Finding[]): BoardSection[] {
  const out: Record<BoardSectionKey, Finding[]> = { overdue: [], active: [], closed: [] }
  for (const f of items) out[sectionOf(f)].push(f)
  return (['overdue', 'active', 'closed'] as const).filter((key) => out[key].length > 0).map((key) => ({ key, items: out[key] }))
}

// ---- one finding

export interface HistoryStep {
  key: string
  label: string
  /** RFC 3339 time, when the step kept one. */
  at: string | null
  detail?: string
}

/**
 * What happened to a finding, oldest first, from the times it carries. A
 * send-back keeps no time of its own (the submission it answered is
 * forgotten), so it stands between the order and the current submission.
 */
export function findingHistory(f: Finding, m: Messages = messages): HistoryStep[] {
  const s = m.inspections.finding.steps
  const out: HistoryStep[] = [{ key: 'recorded', label: s.recorded, at: f.created_at, detail: f.discovered_by_name }]
  if (f.ordered_at) out.push({ key: 'ordered', label: s.ordered, at: f.ordered_at, detail: f.order_no ?? undefined })
  if (f.reopen_count > 0) out.push({ key: 'reopened', label: s.reopened(f.reopen_count), at: null, detail: f.reopen_reason ?? undefined })
  if (f.submitted_at) out.push({ key: 'submitted', label: s.submitted, at: f.submitted_at })
  if (f.verified_at) out.push({ key: 'verified', label: s.verified, at: f.verified_at })
  if (f.closed_at) out.push({ key: 'closed', label: s.closed, at: f.closed_at })
  return out
}

/** One sentence on what happens next, for the person looking: their button first, else whose turn it is. */
export function nextStepText(f: Pick<Finding, 'status' | 'actions'>, m: Messages = messages): string {
  const n = m.inspections.finding.next
  const a = f.actions
  if (a.includes('order')) return n.order
  if (a.includes('start')) return n.start
  if (a.includes('submit')) return n.submit
  if (a.includes('verify')) return n.verify
  if (a.includes('close')) return n.close
  return n[f.status]
}

export interface ResponsibleOption {
  value: string
  label: string
  kind: 'school' | 'enterprise'
}

/** The units a rectification may be ordered to: the finding's school and its enterprise. */
export function responsibleOptions(f: Finding, m: Messages = messages): ResponsibleOption[] {
  const out: ResponsibleOption[] = []
  const k = m.inspections.targetKinds
  const label = m.inspections.order.responsibleValue
  if (f.school_id) out.push({ value: f.school_id, label: label(f.school_name, k.school), kind: 'school' })
  if (f.enterprise_id) out.push({ value: f.enterprise_id, label: label(f.enterprise_name, k.enterprise), kind: 'enterprise' })
  return out
}

/** Chosen for the user only when there is nothing to choose. */
export function defaultResponsible(f: Finding): string {
  const options = responsibleOptions(f)
  return options.length === 1 ? options[0]!.value : ''
}

// ---- pickers

/** A checklist item as a picker choice: what to check, with its article. */
export function checklistOption(item: ChecklistItem, m: Messages = messages): PickerOption {
  return { value: item.id, label: item.text, description: `${citeArticle(item.article, m)} · ${item.id}` }
}

/** Matches a word of the text, the item's code, or its article ("22" or "第二十二条"). */
export function filterChecklist(items: readonly ChecklistItem[], query: string, m: Messages = messages): ChecklistItem[] {
  const q = query.trim().toLowerCase()
  if (!q) return [...items]
  return items.filter(
    (it) =>
      it.text.toLowerCase().includes(q) ||
      it.id.toLowerCase().includes(q) ||
      it.article === q ||
      citeArticle(it.article, m).includes(query.trim()),
  )
}

/** The draw's targets as choices, when the draw drew this kind. */
export function drawnTargetOptions(draw: Draw | null, kind: TargetKind, query = '', m: Messages = messages): PickerOption[] {
  if (!draw || draw.target_kind !== kind) return []
  const q = query.trim()
  return draw.targets
    .filter((t) => !q || t.name.includes(q))
    .map((t) => ({ value: t.id, label: t.name, description: m.inspections.record.targetDrawn }))
}

/** First the given options, then those of `more` not already among them. */
export function mergeOptions(first: readonly PickerOption[], more: readonly PickerOption[]): PickerOption[] {
  const seen = new Set(first.map((o) => o.value))
  return [...first, ...more.filter((o) => !seen.has(o.value))]
}

// ---- the ledger

export interface ChainView {
  state: 'ok' | 'empty' | 'broken'
  rows: number
  /** The broken row's 序号 and why. */
  seq?: number
  reason?: string
  /** The campaign's head hash, hex. */
  head?: string
}

/** The answer of GET /ledger/verify for one campaign. */
export function chainView(v: LedgerVerification, campaignId: string): ChainView {
  if (!v.ok && v.first_broken) return { state: 'broken', rows: v.rows_checked, seq: v.first_broken.seq, reason: v.first_broken.reason }
  const head = v.heads[campaignId]
  if (!head) return { state: 'empty', rows: v.rows_checked }
  return { state: 'ok', rows: v.rows_checked, head }
}

/** "3f9a1c2e…77b0d4e1": enough of a hash to compare by eye against paper. */
export function shortHash(hex: string, keep = 8): string {
  return hex.length > keep * 2 + 1 ? `${hex.slice(0, keep)}…${hex.slice(-keep)}` : hex
}

/** A file name safe on every phone: the title without path or reserved characters. */
export function ledgerFileName(title: string, format: 'xlsx' | 'csv', m: Messages = messages): string {
  const safe = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 60)
  return m.inspections.detail.exportFile(safe || m.inspections.detail.title, format)
}

// ---- form checks (the server checks the same; the phone says it at once)

const chars = (s: string) => [...s.trim()].length

export interface CampaignForm {
  title: string
  division_code: string
  starts_on: string
  ends_on: string
  methods: Method[]
}

export function validateCampaign(form: CampaignForm, m: Messages = messages): Record<string, string> {
  const v = m.validation
  const t = m.inspections.form
  const found: Record<string, string> = {}
  if (!form.title.trim()) found.title = v.required(t.name)
  else if (chars(form.title) > LIMITS.title) found.title = v.tooLong(t.name, LIMITS.title)
  if (!form.division_code) found.division_code = v.choose(t.division)
  if (!isValidDate(form.starts_on)) found.starts_on = v.date(t.startsOn)
  if (!isValidDate(form.ends_on)) found.ends_on = v.date(t.endsOn)
  else if (!found.starts_on && form.ends_on < form.starts_on) found.ends_on = t.endsBeforeStart
  if (form.methods.length === 0) found.methods = t.methodsRequired
  return found
}

export interface DrawForm {
  targets: string
  inspectors: string
  seed: string
}

/** A whole number typed in a count field, or null. */
export function parseCount(text: string): number | null {
  const t = text.trim()
  return /^\d{1,4}$/.test(t) ? Number(t) : null
}

export function validateDraw(form: DrawForm, m: Messages = messages): Record<string, string> {
  const d = m.inspections.draw
  const found: Record<string, string> = {}
  const targets = parseCount(form.targets)
  if (targets === null || targets < 1 || targets > LIMITS.drawTargets) found.targets = d.countInvalid(d.targets, LIMITS.drawTargets)
  const inspectors = parseCount(form.inspectors)
  if (inspectors === null || inspectors < 1 || inspectors > LIMITS.drawInspectors)
    found.inspectors = d.countInvalid(d.inspectors, LIMITS.drawInspectors)
  if (form.seed.trim().length > LIMITS.seed) found.seed = m.validation.tooLong(d.seedLabel, LIMITS.seed)
  return found
}

export interface OrderForm {
  responsible_org_id: string
  responsible_person: string
  measure: string
  deadline: string
}

export function validateOrder(form: OrderForm, today: string, m: Messages = messages): Record<string, string> {
  const v = m.validation
  const t = m.inspections.order
  const found: Record<string, string> = {}
  if (!form.responsible_org_id) found.responsible_org_id = v.choose(t.responsibleOrg)
  if (!form.responsible_person.trim()) found.responsible_person = v.required(t.person)
  else if (chars(form.responsible_person) > LIMITS.person) found.responsible_person = v.tooLong(t.person, LIMITS.person)
  if (!form.measure.trim()) found.measure = v.required(t.measure)
  else if (chars(form.measure) > LIMITS.measure) found.measure = v.tooLong(t.measure, LIMITS.measure)
  if (!isValidDate(form.deadline)) found.deadline = v.date(t.deadline)
  else if (form.deadline < today) found.deadline = t.deadlinePast
  return found
}

/** A required text of at most `max` characters: the message, or '' when fine. */
export function requiredText(value: string, label: string, max: number, m: Messages = messages): string {
  if (!value.trim()) return m.validation.required(label)
  if (chars(value) > max) return m.validation.tooLong(label, max)
  return ''
}

/**
 * "2026年3月1日" for the notice: a date (YYYY-MM-DD) as written, a time
 * on the calendar of China Standard Time; '' when unreadable.
 */
export function noticeDate(value: string | null | undefined, m: Messages = messages): string {
  if (!value) return ''
  let day = value
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const at = new Date(value)
    if (Number.isNaN(at.getTime())) return ''
    day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at)
  }
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number]
  return m.inspections.notice.date(y, mo, d)
}

/** Only the bureau the complaint was routed to may record it as a finding (internal/supervision CanDecide). */
export function canRecordComplaint(
  complaint: { awaiting_finding: boolean; bureau_id: string },
  user: { role: string; org_id: string | null } | null,
): boolean {
  return complaint.awaiting_finding && !!user && user.role === 'bureau_auditor' && user.org_id === complaint.bureau_id
}
