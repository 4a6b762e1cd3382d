// The activation gates of a placement (domain.md §4, "checked at placement
// activate"): the server evaluates them on every read and lists them in
// `gates`; the phone shows them as the placement's document checklist, with
// the rule registry's short titles, and points each failing gate at the form
// that fixes it.
import type { Rule, RuleResult, Violation } from '../api/types'
import { ApiError } from '../api/client'
import { groupResults, type RuleRow } from '../plans/rules'
import type { DocumentKind } from './types'

/** What fixes a failing gate: a document form or the mentors form. */
export type GateTarget = DocumentKind | 'mentors'

export const GATE_TARGETS: Readonly<Record<string, GateTarget>> = {
  'R-AGREEMENT': 'agreement',
  'R-CONSENT': 'consent',
  'R-TRAINING': 'training',
  'R-INSURANCE': 'insurance',
  'R-MENTORS': 'mentors',
}

/**
 * The rules of the registry that describe placements: where an ID exists at
 * both levels (R-VENUE, R-PAY, the quotas), the placement entry wins.
 */
export function placementRegistry(registry: readonly Rule[]): Rule[] {
  const byId = new Map<string, Rule>()
  for (const r of registry) {
    const seen = byId.get(r.id)
    if (!seen || (r.level === 'placement' && seen.level !== 'placement')) byId.set(r.id, r)
  }
  return [...byId.values()]
}

/** One checklist row per gate, in the registry's order. */
export function gateRows(registry: readonly Rule[], gates: readonly RuleResult[]): RuleRow[] {
  const ids = new Set(gates.map((g) => g.rule))
  return groupResults(
    placementRegistry(registry).filter((r) => ids.has(r.id)),
    gates,
  )
}

/** The gates that fail now, one per rule, in the server's order. */
export function failingGates(gates: readonly RuleResult[]): RuleResult[] {
  const seen = new Set<string>()
  const out: RuleResult[] = []
  for (const g of gates) {
    if (g.passed || seen.has(g.rule)) continue
    seen.add(g.rule)
    out.push(g)
  }
  return out
}

export interface GateSummary {
  total: number
  passed: number
  failing: number
}

export function gateSummary(gates: readonly RuleResult[]): GateSummary {
  const rules = new Set(gates.map((g) => g.rule))
  const failing = failingGates(gates).length
  return { total: rules.size, passed: rules.size - failing, failing }
}

/** The rule violations of a 422 (or of a bulk item's error details). */
export function violationsOf(details: readonly unknown[]): Violation[] {
  return details.filter(
    (d): d is Violation =>
      typeof d === 'object' && d !== null && typeof (d as Violation).rule === 'string' && typeof (d as Violation).message === 'string',
  )
}

/** The violations of a failed request; empty for anything but an API error that lists rules. */
export function violationsOfError(err: unknown): Violation[] {
  return err instanceof ApiError ? violationsOf(err.details) : []
}

export interface MissingItem {
  rule: string
  /** A plain sentence for the student, or the server's message. */
  text: string
  /** The server's own message, with the details. */
  message: string
  target: GateTarget | null
}

/** What is still missing, in plain words where there are some for the rule. */
export function missingItems(gates: readonly RuleResult[], plain: Readonly<Record<string, string>>): MissingItem[] {
  return failingGates(gates).map((g) => ({
    rule: g.rule,
    text: plain[g.rule] ?? g.message,
    message: g.message,
    target: GATE_TARGETS[g.rule] ?? null,
  }))
}

/** The gate row of a document kind or of the mentors, if the placement has one. */
export function gateFor(gates: readonly RuleResult[], target: GateTarget): RuleResult | undefined {
  const rule = Object.entries(GATE_TARGETS).find(([, t]) => t === target)?.[0]
  const results = gates.filter((g) => g.rule === rule)
  return results.find((g) => !g.passed) ?? results[0]
}
