// The enterprise's 本月工资 sheet: one month's pay for every intern at once.
// Each row is typed like the single pay form (yuan → integer fen through
// money.ts, never floating point) and checked the same way; only rows with
// an amount are sent, and the server answers each row on its own.
import { messages as m } from '../messages'
import { isValidDate } from '../validation/formats'
import { parseYuan, yuanInput } from './money'
import type { PayMethod } from './types'
import type { components } from '../api/schema'

export type PayMonths = components['schemas']['PayMonths']
export type PayMonthItem = components['schemas']['PayMonthItem']
export type PayBulkResult = components['schemas']['PayBulkResult']
export type PayBulkItem = components['schemas']['PayBulkItem']

export interface PayRow {
  placementId: string
  /** Yuan as typed. */
  amount: string
  method: '' | PayMethod
  paidOn: string
}

/** A row as it opens: the month's record if there is one (saving corrects it), else blank with today's date. */
export function rowOf(item: PayMonthItem, today: string): PayRow {
  const r = item.record
  return r
    ? { placementId: item.placement_id, amount: yuanInput(r.amount_fen), method: r.method, paidOn: r.paid_on }
    : { placementId: item.placement_id, amount: '', method: '', paidOn: today }
}

/** Missing months before the sheet's month: the month on the sheet is the one being filled in. */
export function earlierMissing(item: PayMonthItem, month: string): string[] {
  return item.missing_months.filter((x) => x < month)
}

/** Rows that will be sent: recordable, with an amount typed, and changed from the record on file. */
export function filledRows(rows: readonly PayRow[], items: readonly PayMonthItem[]): PayRow[] {
  const byId = new Map(items.map((i) => [i.placement_id, i]))
  return rows.filter((row) => {
    const item = byId.get(row.placementId)
    if (!item?.recordable || !row.amount.trim()) return false
    const r = item.record
    return !r || parseYuan(row.amount) !== r.amount_fen || row.method !== r.method || row.paidOn !== r.paid_on
  })
}

/** Field errors of one row keyed like the server's (amount_fen, method, paid_on). */
export function validateRow(row: PayRow, today: string): Record<string, string> {
  const f = m.placements.pay
  const v = m.validation
  const found: Record<string, string> = {}
  if (!row.amount.trim()) found.amount_fen = v.required(f.amount)
  else if (parseYuan(row.amount) === null) found.amount_fen = v.wage
  if (!row.method) found.method = v.choose(f.method)
  if (!row.paidOn) found.paid_on = v.required(f.paidOn)
  else if (!isValidDate(row.paidOn)) found.paid_on = v.date(f.paidOn)
  else if (row.paidOn > today) found.paid_on = v.notInFuture(f.paidOn)
  return found
}

/** The body of POST /placements/pay-records/bulk; call after validateRow found nothing on each row. */
export function bulkBody(month: string, rows: readonly PayRow[]) {
  return {
    month,
    items: rows.map((row) => {
      const fen = parseYuan(row.amount)
      if (fen === null || !row.method) throw new Error('bulkBody: invalid row')
      return { placement_id: row.placementId, amount_fen: fen, method: row.method, paid_on: row.paidOn }
    }),
  }
}

/** Field messages of a refused row, keyed by field, from the server's details. */
export function rowErrors(item: PayBulkItem): Record<string, string> {
  const out: Record<string, string> = {}
  for (const d of item.error?.details ?? []) {
    if ('field' in d && typeof d.field === 'string' && !(d.field in out)) out[d.field] = d.message
  }
  return out
}
