// The enterprise's monthly pay record (Art 18). The amount is typed in yuan
// and sent in integer fen; the server answers whether R-PAY holds.
import { messages as m } from '../messages'
import { isValidDate } from '../validation/formats'
import { isValidMonth, parseYuan } from './money'
import type { PayMethod, PayRecordInput } from './types'

export interface PayForm {
  month: string
  /** Yuan as typed. */
  amount: string
  paid_on: string
  method: '' | PayMethod
}

export const PAY_FIELDS = ['month', 'amount_fen', 'paid_on', 'method'] as const

export function emptyPayForm(month: string): PayForm {
  return { month, amount: '', paid_on: '', method: '' }
}

/** Checks keyed like the server's fields (amount → amount_fen). */
export function validatePay(form: PayForm, today: string): Record<string, string> {
  const f = m.placements.pay
  const v = m.validation
  const found: Record<string, string> = {}
  if (!form.month) found.month = v.choose(f.month)
  else if (!isValidMonth(form.month)) found.month = f.monthFormat
  else if (form.month > today.slice(0, 7)) found.month = v.notInFuture(f.month)
  if (!form.amount.trim()) found.amount_fen = v.required(f.amount)
  else if (parseYuan(form.amount) === null) found.amount_fen = v.wage
  if (!form.paid_on) found.paid_on = v.required(f.paidOn)
  else if (!isValidDate(form.paid_on)) found.paid_on = v.date(f.paidOn)
  else if (form.paid_on > today) found.paid_on = v.notInFuture(f.paidOn)
  if (!form.method) found.method = v.choose(f.method)
  return found
}

/** The body of POST …/pay-records; call after validatePay found nothing. */
export function payBody(form: PayForm): PayRecordInput {
  const fen = parseYuan(form.amount)
  if (fen === null || !form.method) throw new Error('payBody: invalid form')
  return { month: form.month, amount_fen: fen, paid_on: form.paid_on, method: form.method }
}
