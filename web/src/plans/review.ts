// The bureau's answers as the phone reads them: return reasons per plan
// field, and the field-by-field diff of a resubmitted version.
import type { PlanChange, PlanVersion } from '../api/types'
import { messages, type Messages } from '../messages'
import { fenToYuan } from '../validation/formats'
import { BASIC_FIELDS, SAFETY_FIELDS } from './form'

export interface ReturnReason {
  field: string
  message: string
}

/** Fields an auditor can name when returning a plan, in the picker's order. */
export const RETURN_FIELDS = [
  'plan',
  ...BASIC_FIELDS,
  'posts',
  ...SAFETY_FIELDS,
  'special_arrangements',
] as const
export type ReturnField = (typeof RETURN_FIELDS)[number]

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The reasons of a version as stored (any JSON); malformed entries are dropped. */
export function parseReasons(raw: unknown): ReturnReason[] {
  if (!Array.isArray(raw)) return []
  return raw.flatMap((item) =>
    isRecord(item) && typeof item.message === 'string' && item.message.trim()
      ? [{ field: typeof item.field === 'string' ? item.field : 'plan', message: item.message.trim() }]
      : [],
  )
}

/** The newest version the bureau returned, with its reasons. */
export function latestReturn(versions: readonly PlanVersion[]): { version: number; reasons: ReturnReason[] } | null {
  const returned = versions.filter((v) => v.outcome === 'returned').sort((a, b) => b.version - a.version)[0]
  return returned ? { version: returned.version, reasons: parseReasons(returned.reasons) } : null
}

/** The form field a reason is about: "posts[1]" → posts; unknown → plan. */
export function reasonField(field: string): ReturnField {
  const root = field.trim().replace(/[[.].*$/, '')
  return (RETURN_FIELDS as readonly string[]).includes(root) ? (root as ReturnField) : 'plan'
}

/** Messages per form field, in the order given. */
export function reasonsByField(reasons: readonly ReturnReason[]): Partial<Record<ReturnField, string[]>> {
  const out: Partial<Record<ReturnField, string[]>> = {}
  for (const r of reasons) {
    const key = reasonField(r.field)
    ;(out[key] ??= []).push(r.message)
  }
  return out
}

/** The Chinese label of a field an auditor named. */
export function fieldLabel(field: string, m: Messages = messages): string {
  return m.plans.fields[reasonField(field)]
}

export interface DiffLine {
  name: string
  before: string
  after: string
}

export interface DiffRow {
  key: string
  label: string
  kind: PlanChange['kind']
  lines: DiffLine[]
  /** A changed free text: its words, inserted and deleted ones marked (see wordDiff). */
  inline?: DiffPart[]
}

interface PostSnapshot {
  post_name: string
  enterprise_name: string
  planned_count: number
  pay_fen: number
}

function asPost(value: unknown): PostSnapshot | null {
  if (!isRecord(value) || typeof value.planned_count !== 'number' || typeof value.pay_fen !== 'number') return null
  return {
    post_name: typeof value.post_name === 'string' ? value.post_name : '',
    enterprise_name: typeof value.enterprise_name === 'string' ? value.enterprise_name : '',
    planned_count: value.planned_count,
    pay_fen: value.pay_fen,
  }
}

function asSpecial(value: unknown): { covers: string; reason: string } | null {
  if (!isRecord(value) || typeof value.covers !== 'string') return null
  return { covers: value.covers, reason: typeof value.reason === 'string' ? value.reason : '' }
}

/** An instructor or mentor as the snapshot stores them. */
function asStaff(value: unknown): { display_name: string; org_name: string } | null {
  if (!isRecord(value) || typeof value.user_id !== 'string' || typeof value.display_name !== 'string') return null
  return { display_name: value.display_name, org_name: typeof value.org_name === 'string' ? value.org_name : '' }
}

function describe(value: unknown, field: string, m: Messages): string {
  if (value === null || value === undefined) return ''
  const post = asPost(value)
  if (post) return m.plans.diff.post(post.enterprise_name, post.post_name, post.planned_count, fenToYuan(post.pay_fen))
  const special = asSpecial(value)
  if (special) {
    const covers = m.plans.covers[special.covers as keyof Messages['plans']['covers']] ?? special.covers
    return m.plans.diff.special(covers, special.reason)
  }
  const staff = asStaff(value)
  if (staff) return m.plans.diff.staff(staff.display_name, staff.org_name)
  if (typeof value === 'string') {
    if (field === 'type') return m.plans.types[value as keyof Messages['plans']['types']] ?? value
    return value
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value)
}

/** One change of the diff as rows of "before → after" a reader can follow. */
export function formatChange(change: PlanChange, m: Messages = messages): DiffRow {
  const d = m.plans.diff
  const base = { key: `${change.kind}:${change.field}`, label: change.label, kind: change.kind }
  const before = asPost(change.before)
  const after = asPost(change.after)
  if (change.kind === 'changed' && before && after) {
    const lines: DiffLine[] = []
    if (before.planned_count !== after.planned_count)
      lines.push({ name: d.plannedCount, before: d.people(before.planned_count), after: d.people(after.planned_count) })
    if (before.pay_fen !== after.pay_fen)
      lines.push({ name: d.pay, before: d.yuan(fenToYuan(before.pay_fen)), after: d.yuan(fenToYuan(after.pay_fen)) })
    if (lines.length > 0) return { ...base, lines }
  }
  const line = { name: change.label, before: describe(change.before, change.field, m), after: describe(change.after, change.field, m) }
  // Free text reads best with the changed words marked inside it; a coded
  // value (the type) is a different choice, not an edit, and stays whole.
  if (change.kind === 'changed' && typeof change.before === 'string' && typeof change.after === 'string' && change.field !== 'type')
    return { ...base, lines: [line], inline: wordDiff(change.before, change.after) }
  return { ...base, lines: [line] }
}

/**
 * The subject of an exemption as people read it: a post or host of the plan
 * by name, else the plan itself.
 */
export function exemptionSubjectLabel(
  posts: readonly { post_id: string; post_name: string; enterprise_id: string; enterprise_name: string }[],
  subject: string,
  m: Messages = messages,
): string {
  const [kind, id] = subject.split(':')
  if (kind === 'post') return posts.find((p) => p.post_id === id)?.post_name ?? subject
  if (kind === 'host') return posts.find((p) => p.enterprise_id === id)?.enterprise_name ?? subject
  return m.plans.exemptionSubjectPlan
}

// ---- the words that changed inside a text

export interface DiffPart {
  op: 'same' | 'ins' | 'del'
  text: string
}

/**
 * Splits a text into the units a reader compares: each CJK character on its
 * own (Chinese has no spaces to find words by), runs of Latin letters and
 * digits as words, runs of white space, and any other character alone.
 */
export function diffTokens(text: string): string[] {
  return (
    text.match(
      /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}_])+|\s+|[^\p{L}\p{N}_\s]/gu,
    ) ?? []
  )
}

/** Beyond this many LCS cells a changed text is shown as replaced whole. */
const MAX_CELLS = 4_000_000

function push(out: DiffPart[], op: DiffPart['op'], text: string): void {
  if (!text) return
  const last = out[out.length - 1]
  if (last && last.op === op) last.text += text
  else out.push({ op, text })
}

/**
 * The inserted and deleted words between two versions of a text, as runs in
 * reading order (deletions before insertions where both replace the same
 * place), from a longest common subsequence of diffTokens.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = diffTokens(before)
  const b = diffTokens(after)
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const out: DiffPart[] = []
  push(out, 'same', a.slice(0, start).join(''))
  const midA = a.slice(start, endA)
  const midB = b.slice(start, endB)
  const n = midA.length
  const m = midB.length
  if (n * m > MAX_CELLS) {
    push(out, 'del', midA.join(''))
    push(out, 'ins', midB.join(''))
  } else {
    // lcs[i][j]: the LCS length of midA[i:] and midB[j:], row-major in one array.
    const w = m + 1
    const lcs = new Uint32Array((n + 1) * w)
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = midA[i] === midB[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!)
      }
    }
    let i = 0
    let j = 0
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        push(out, 'same', midA[i]!)
        i++
        j++
      } else if (j >= m || (i < n && lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) {
        push(out, 'del', midA[i]!)
        i++
      } else {
        push(out, 'ins', midB[j]!)
        j++
      }
    }
  }
  push(out, 'same', a.slice(endA).join(''))
  return out
}
