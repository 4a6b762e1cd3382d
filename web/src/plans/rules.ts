// The compliance checklist: the server's dry run answers one result per rule
// and subject (a host, a post or the plan); the phone shows one row per rule,
// in the registry's order, and points each failing rule at the form step
// where it can be fixed.
import type { Rule, RuleEffect, RuleResult } from '../api/types'
import type { StepKey } from './form'
import { messages, type Messages } from '../messages'

export interface RuleRow {
  id: string
  article: string
  effect: RuleEffect
  /** The rule's short name; the id when the registry could not be read. */
  title: string
  /** null: the rule has not been checked yet. */
  passed: boolean | null
  /** Passed only thanks to a filed special arrangement. */
  covered: boolean
  /** Failing results first; all results when the rule passed. */
  results: RuleResult[]
}

/** Where a failing rule can be fixed. */
export const RULE_STEPS: Readonly<Record<string, readonly StepKey[]>> = {
  'R-VENUE': ['posts'],
  'R-INTERMEDIARY': ['posts'],
  'R-LABOUR3': ['posts'],
  'R-HOSTLIST': ['posts'],
  'R-SAFETY3Y': ['posts'],
  'R-QUOTA-UNIT': ['posts'],
  'R-QUOTA-POST': ['posts'],
  'R-MAJOR': ['basics', 'posts'],
  'R-DURATION': ['basics'],
  'R-HOURS': ['posts'],
  'R-NIGHT': ['posts', 'safety'],
  'R-RESTDAY': ['posts', 'safety'],
  'R-HIGHRISK': ['posts', 'safety'],
  'R-PAY': ['posts'],
  'R-LEADTIME': ['basics'],
  'R-CROSSPROV': ['posts'],
  'R-ABROAD': ['posts'],
}

/** One row per rule of the registry (its order), with the results of a check. */
export function groupResults(registry: readonly Rule[], results: readonly RuleResult[] | null): RuleRow[] {
  const byRule = new Map<string, RuleResult[]>()
  for (const r of results ?? []) {
    const list = byRule.get(r.rule)
    if (list) list.push(r)
    else byRule.set(r.rule, [r])
  }
  const rows: RuleRow[] = registry.map((rule) => row(rule.id, rule.article, rule.effect, rule.title, byRule.get(rule.id), results !== null))
  // Rules the registry did not list (or no registry at all): still shown.
  const known = new Set(registry.map((r) => r.id))
  for (const [id, list] of byRule) {
    if (known.has(id)) continue
    const first = list[0]!
    rows.push(row(id, first.article, first.effect, id, list, true))
  }
  return rows
}

function row(
  id: string,
  article: string,
  effect: RuleEffect,
  title: string,
  list: RuleResult[] | undefined,
  checked: boolean,
): RuleRow {
  const results = list ?? []
  const failing = results.filter((r) => !r.passed)
  return {
    id,
    article,
    effect,
    title,
    passed: checked ? failing.length === 0 : null,
    covered: results.some((r) => r.passed && r.covered),
    results: failing.length > 0 ? failing : results,
  }
}

/** Failing rules per form step, for the notes beside each step. */
export function failingByStep(rows: readonly RuleRow[]): Record<StepKey, RuleRow[]> {
  const out: Record<StepKey, RuleRow[]> = { basics: [], posts: [], safety: [], check: [] }
  for (const r of rows) {
    if (r.passed !== false) continue
    for (const step of RULE_STEPS[r.id] ?? []) out[step].push(r)
    out.check.push(r)
  }
  return out
}

/** A row's state as the rule-row classes and data-state attribute name it. */
export function rowState(row: RuleRow): 'pass' | 'fail' | 'pending' {
  return row.passed === null ? 'pending' : row.passed ? 'pass' : 'fail'
}

/** Failing rules of one effect: override ones need an exemption request. */
export function failingWith(rows: readonly RuleRow[], effect: RuleEffect): RuleRow[] {
  return rows.filter((r) => r.passed === false && r.effect === effect)
}

export interface CheckSummary {
  total: number
  passed: number
  failed: number
  blocking: number
}

export function summarize(rows: readonly RuleRow[]): CheckSummary {
  const failed = rows.filter((r) => r.passed === false)
  return {
    total: rows.length,
    passed: rows.filter((r) => r.passed === true).length,
    failed: failed.length,
    blocking: failed.filter((r) => r.effect === 'block').length,
  }
}

// ---- reading order and citations

/** Failures first, the gravest effect first; then unchecked rules; passes last. */
const EFFECT_WEIGHT: Readonly<Record<RuleEffect, number>> = { block: 0, override: 1, route: 2, warn: 3 }

function stateWeight(row: RuleRow): number {
  return row.passed === false ? 0 : row.passed === null ? 1 : 2
}

/**
 * The rows as a reader should meet them: every failing rule before any
 * pass, prohibitions before what an exemption or a note can settle; the
 * registry's order otherwise (the sort is stable).
 */
export function readingOrder(rows: readonly RuleRow[]): RuleRow[] {
  return [...rows].sort(
    (a, b) =>
      stateWeight(a) - stateWeight(b) ||
      (a.passed === false ? (EFFECT_WEIGHT[a.effect] ?? 9) - (EFFECT_WEIGHT[b.effect] ?? 9) : 0),
  )
}

export interface ChecklistParts {
  failing: RuleRow[]
  pending: RuleRow[]
  passed: RuleRow[]
}

/** The rows split as the checklist shows them: failures open, passes folded away. */
export function checklistParts(rows: readonly RuleRow[]): ChecklistParts {
  const ordered = readingOrder(rows)
  return {
    failing: ordered.filter((r) => r.passed === false),
    pending: ordered.filter((r) => r.passed === null),
    passed: ordered.filter((r) => r.passed === true),
  }
}

/** A title shortened for the one-line summary: the row below carries it whole. */
export function shortTitle(title: string, max = 8): string {
  const chars = [...title]
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : title
}

/** Every failing rule by id and shortened title, in reading order, as one list. */
export function failureNames(rows: readonly RuleRow[], m: Messages = messages): string {
  return checklistParts(rows)
    .failing.map((r) => (r.title && r.title !== r.id ? `${r.id} ${shortTitle(r.title)}` : r.id))
    .join(m.plans.check.listJoin)
}

/** 1–99 in Chinese numerals as statutes write them; other numbers stay Arabic. */
export function chineseNumber(n: number, m: Messages = messages): string {
  const c = m.plans.check.citation
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n)
  if (n < 10) return c.digits[n]!
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${tens === 1 ? '' : c.digits[tens]}${c.ten}${ones === 0 ? '' : c.digits[ones]}`
}

/**
 * The registry's article reference in legal style: "16(5)" → article 16,
 * item (5) in Chinese numerals, "local" → the city's own rule, "5, local" →
 * both. Anything else is shown as written rather than guessed at.
 */
export function citeArticle(article: string, m: Messages = messages): string {
  const c = m.plans.check.citation
  return article
    .split(/[,;\uFF0C\uFF1B]/) // ASCII or full-width comma and semicolon
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((part) => {
      if (part.toLowerCase() === 'local') return c.local
      const hit = /^(\d{1,2})(?:\((\d{1,2})\))?$/.exec(part)
      if (!hit) return part
      const item = hit[2] ? c.item(chineseNumber(Number(hit[2]), m)) : ''
      return c.article(chineseNumber(Number(hit[1]), m)) + item
    })
    .join(m.plans.check.listJoin)
}
