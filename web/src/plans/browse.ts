// The bureau auditor's 全部方案 list: its filters as kept in the page's
// query string (so a reload, a shared link or the review page's back arrow
// returns to the same list), and where the review page leads back to.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { Division, PlanStatus, PlanType } from '../api/types'

/**
 * The status filter's choices, in the order shown; '' is 全部. Every state
 * a bureau can meet a plan in: from its first submission on a plan may be
 * back with its host (returned, then awaiting or holding co-signature) or
 * withdrawn; only a draft never sent is the school's alone.
 */
export const BROWSE_STATUSES = [
  '',
  'submitted',
  'approved',
  'returned',
  'awaiting_cosign',
  'cosigned',
  'in_progress',
  'completed',
  'revoked',
  'rejected',
  'withdrawn',
] as const satisfies readonly ('' | PlanStatus)[]
export type BrowseStatus = (typeof BROWSE_STATUSES)[number]

export const BROWSE_TYPES = ['', 'cognitive', 'post'] as const satisfies readonly ('' | PlanType)[]
export type BrowseType = (typeof BROWSE_TYPES)[number]

export const BROWSE_PATH = '/plans/all'
export const QUEUE_PATH = '/plans/review'

export interface BrowseFilters {
  status: BrowseStatus
  type: BrowseType
  /** A county's division code (a city auditor's filter); '' for all. */
  county: string
  /** The chosen school, with its name so the picker shows it after a reload. */
  school: { id: string; name: string } | null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function first(value: LocationQuery[string] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v : ''
}

function oneOf<T extends string>(choices: readonly T[], value: string): T {
  return (choices as readonly string[]).includes(value) ? (value as T) : choices[0]!
}

/** The filters of a query string; anything unknown or malformed reads as 全部. */
export function filtersFromQuery(query: LocationQuery): BrowseFilters {
  const id = first(query.school_id)
  const name = first(query.school_name).trim()
  return {
    status: oneOf(BROWSE_STATUSES, first(query.status)),
    type: oneOf(BROWSE_TYPES, first(query.type)),
    county: /^\d{6}$/.test(first(query.division)) ? first(query.division) : '',
    school: UUID.test(id) ? { id, name: name || id } : null,
  }
}

/** The query string of a set of filters, without the ones left at 全部. */
export function queryFromFilters(f: BrowseFilters): LocationQueryRaw {
  const q: LocationQueryRaw = {}
  if (f.status) q.status = f.status
  if (f.type) q.type = f.type
  if (f.county) q.division = f.county
  if (f.school) {
    q.school_id = f.school.id
    q.school_name = f.school.name
  }
  return q
}

/**
 * Where the review page's back arrow leads: the 全部方案 list the plan was
 * opened from, with its filters, when the router's history says so (Vue
 * Router keeps the previous location in history.state.back); the review
 * queue otherwise.
 */
export function reviewBackTarget(historyBack: unknown): string {
  if (typeof historyBack !== 'string') return QUEUE_PATH
  if (historyBack === BROWSE_PATH || historyBack.startsWith(`${BROWSE_PATH}?`)) return historyBack
  return QUEUE_PATH
}

/**
 * The counties a bureau may narrow its lists to: the divisions directly
 * under its own, in code order. None for a county bureau (nothing below it).
 */
export function countyOptions(divisions: readonly Division[], own: string | null | undefined): Division[] {
  if (!own) return []
  return divisions.filter((d) => d.parent_code === own && d.code !== own).sort((a, b) => a.code.localeCompare(b.code))
}
