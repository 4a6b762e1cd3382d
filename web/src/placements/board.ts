// The school's 实习安排 board and the other placement lists: placements
// grouped by status with counts, each card saying how many gates still
// block activation.
import type { Placement, PlacementStatus } from './types'
import { PLACEMENT_STATUSES } from './types'

export type StatusFilter = 'all' | PlacementStatus

/** The order of the board: the pipeline first, then the ends. */
export const BOARD_ORDER: readonly PlacementStatus[] = PLACEMENT_STATUSES

/** Statuses in which documents and mentors are still being gathered. */
const GATHERING: ReadonlySet<PlacementStatus> = new Set(['proposed', 'confirmed', 'ready'])

export function isGathering(status: PlacementStatus): boolean {
  return GATHERING.has(status)
}

/** Statuses after which nothing changes any more. */
const CLOSED: ReadonlySet<PlacementStatus> = new Set(['declined', 'completed', 'terminated', 'transferred', 'withdrawn'])

export function isClosed(status: PlacementStatus): boolean {
  return CLOSED.has(status)
}

/** A report of a fee, deposit, guarantee or withheld ID still open on a placement (Art 20). */
export interface OpenFee {
  placementId: string
  studentName: string
  report: Placement['fee_reports'][number]
}

/**
 * The open fee reports of a list of placements, in list order: R-FEES holds
 * at any time, so a report on an active placement stays in view on the plan's
 * board and in the bureau's list until the school or the bureau resolves it.
 */
export function openFeeReports(list: readonly Placement[]): OpenFee[] {
  const out: OpenFee[] = []
  for (const p of list) {
    for (const r of p.fee_reports) {
      if (!r.resolved_at) out.push({ placementId: p.id, studentName: p.student_name, report: r })
    }
  }
  return out
}

export function groupByStatus(list: readonly Placement[]): Record<PlacementStatus, Placement[]> {
  const groups = Object.fromEntries(BOARD_ORDER.map((s) => [s, [] as Placement[]])) as Record<PlacementStatus, Placement[]>
  for (const p of list) (groups[p.status] ??= []).push(p)
  return groups
}

export function statusCounts(list: readonly Placement[]): Record<PlacementStatus, number> {
  const groups = groupByStatus(list)
  return Object.fromEntries(BOARD_ORDER.map((s) => [s, groups[s].length])) as Record<PlacementStatus, number>
}

export interface StatusChip {
  value: StatusFilter
  label: string
}

/**
 * The chips of a board: 全部 and every status that has placements, each
 * with its count; the active filter stays even when its group emptied.
 */
export function statusChips(
  list: readonly Placement[],
  labels: { all: (n: number) => string; status: (status: PlacementStatus, n: number) => string },
  active: StatusFilter = 'all',
): StatusChip[] {
  const counts = statusCounts(list)
  const chips: StatusChip[] = [{ value: 'all', label: labels.all(list.length) }]
  for (const s of BOARD_ORDER) {
    if (counts[s] > 0 || s === active) chips.push({ value: s, label: labels.status(s, counts[s]) })
  }
  return chips
}

export function filterByStatus(list: readonly Placement[], filter: StatusFilter): Placement[] {
  return filter === 'all' ? [...list] : list.filter((p) => p.status === filter)
}

/** Vant tag colour of a status. */
export function statusTone(status: PlacementStatus): 'primary' | 'success' | 'warning' | 'danger' | 'default' {
  switch (status) {
    case 'proposed':
      return 'warning'
    case 'confirmed':
    case 'ready':
      return 'primary'
    case 'active':
    case 'completed':
      return 'success'
    case 'declined':
    case 'terminated':
      return 'danger'
    default:
      return 'default'
  }
}

/** A status filter read from the page's query string. */
export function statusFromQuery(value: unknown, allowed: readonly StatusFilter[]): StatusFilter | null {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as StatusFilter) : null
}

export interface Page<T> {
  items: T[]
  next_cursor?: string | null
}

/**
 * Every item of a keyset-paged list, following next_cursor up to maxPages
 * pages (a plan's placements fit in a few pages of 200). `truncated` says
 * that more pages were left unread.
 */
export async function loadAll<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  maxPages = 10,
): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = []
  let cursor: string | undefined
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(cursor)
    items.push(...page.items)
    if (!page.next_cursor) return { items, truncated: false }
    cursor = page.next_cursor
  }
  return { items, truncated: true }
}
