// The enterprise's monthly pay record (Art 18). The amount is typed in yuan
// and sent in integer fen; the server answers whether R-PAY holds. A month
// already recorded is corrected (PUT …/pay-records/{month}) rather than
// recorded again: the month is then fixed and only the payment changes.
import { messages as m } from '../messages'
import { isValidDate } from '../validation/formats'
import { isValidMonth, parseYuan, yuanInput } from './money'
import type { PayCorrectionInput, PayMethod, PayRecord, PayRecordInput } from './types'

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

/** The form of a correction: the record as it stands, its amount in yuan as one would type it. */
export function payFormOf(record: Pick<PayRecord, 'month' | 'amount_fen' | 'paid_on' | 'method'>): PayForm {
  return { month: record.month, amount: yuanInput(record.amount_fen), paid_on: record.paid_on, method: record.method }
}

/**
 * Checks keyed like the server's fields (amount → amount_fen). `recorded`
 * lists the months already on file: recording one of them again would be
 * refused (409 PAY_RECORD_EXISTS), so the form says to correct it instead.
 * A correction passes none: its month is the record's own.
 */
export function validatePay(form: PayForm, today: string, recorded: readonly string[] = []): Record<string, string> {
  const f = m.placements.pay
  const v = m.validation
  const found: Record<string, string> = {}
  if (!form.month) found.month = v.choose(f.month)
  else if (!isValidMonth(form.month)) found.month = f.monthFormat
  else if (form.month > today.slice(0, 7)) found.month = v.notInFuture(f.month)
  else if (recorded.includes(form.month)) found.month = f.monthRecorded(form.month)
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

/** The body of PUT …/pay-records/{month}: the month is in the path, not the body. */
export function correctionBody(form: PayForm): PayCorrectionInput {
  const { amount_fen, paid_on, method } = payBody(form)
  return { amount_fen, paid_on, method }
}
