// Bulk proposals (school) and bulk answers (enterprise) answer item by item:
// each student or placement gets its own line saying whether it went
// through, and if not, why, with every rule it broke.
import type { Violation } from '../api/types'
import { violationsOf } from './gates'
import type { BulkItem, BulkResult, Placement } from './types'

export interface BulkOutcome {
  /** Stable key: the student or placement id, or the item's position. */
  key: string
  ok: boolean
  /** Who the line is about (the student's name). */
  name: string
  /** The placement the item made or answered, when it did. */
  placement: Placement | null
  /** The server's Chinese message for a failed item. */
  message: string
  code: string
  violations: Violation[]
  /** Field messages of a 400 item. */
  fieldMessages: string[]
}

export interface BulkSubject {
  key: string
  name: string
}

/**
 * One outcome per item of the answer. The server answers in request order;
 * the ids it echoes (student_id, id) are preferred to the position, so a
 * reordered answer still lands on the right name.
 */
export function bulkOutcomes(result: BulkResult, subjects: readonly BulkSubject[]): BulkOutcome[] {
  const byKey = new Map(subjects.map((s) => [s.key, s]))
  return result.items.map((item: BulkItem, i) => {
    const key = item.student_id ?? item.id ?? subjects[i]?.key ?? String(i)
    const subject = byKey.get(key) ?? subjects[i]
    const details = item.error?.details ?? []
    return {
      key,
      ok: item.ok,
      name: item.placement?.student_name ?? subject?.name ?? key,
      placement: item.placement ?? null,
      message: item.error?.message ?? '',
      code: item.error?.code ?? '',
      violations: violationsOf(details),
      fieldMessages: details.flatMap((d) => ('field' in d && typeof d.field === 'string' ? [d.message] : [])),
    }
  })
}

/** Successful items first would hide the failures below the fold: failures first. */
export function failuresFirst(outcomes: readonly BulkOutcome[]): BulkOutcome[] {
  return [...outcomes.filter((o) => !o.ok), ...outcomes.filter((o) => o.ok)]
}
