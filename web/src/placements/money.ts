// Money on the placement screens: amounts are typed in yuan and sent in
// integer fen. Never through floating point: "0.29" * 100 is
// 28.999999999999996, so the digits are read as text and combined as integers.

/** The largest monthly amount a form accepts, as the server does: 1 million yuan in fen. */
export const MAX_FEN = 100_000_000

const FULL_WIDTH = /[\uff10-\uff19\uff0e\uff0c]/g

/** Full-width digits, dot and comma (a Chinese IME's) to their ASCII forms. */
function toAscii(text: string): string {
  return text.replace(FULL_WIDTH, (ch) => {
    const code = ch.charCodeAt(0)
    if (code === 0xff0e) return '.'
    if (code === 0xff0c) return ','
    return String.fromCharCode(code - 0xff10 + 0x30)
  })
}

/**
 * Yuan as a person types it to integer fen: "3200", "3200.5", "3,200.50",
 * "¥3200", "３２００" (full-width). null for anything else: a sign, more than
 * two decimals, an exponent, misplaced thousands separators, an empty string
 * or more than MAX_FEN.
 */
export function parseYuan(input: string): number | null {
  let t = toAscii(input).trim()
  t = t.replace(/^[¥\uffe5]\s*/, '')
  t = t.replace(/\s*(\u5143|yuan|CNY|RMB)$/i, '')
  if (t.includes(',')) {
    // Thousands separators only in their places: 1,234,567.89
    if (!/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(t)) return null
    t = t.replace(/,/g, '')
  }
  const match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(t)
  if (!match) return null
  const whole = match[1]!.replace(/^0+(?=\d)/, '')
  if (whole.length > 8) return null
  const fen = Number(whole) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
  return fen <= MAX_FEN ? fen : null
}

/** Integer fen to yuan with two decimals and thousands separators: 320050 → "3,200.50". */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(fen))
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`
}

/**
 * Integer fen as a person would type it back into an amount field, without
 * thousands separators: 320000 → "3200", 120050 → "1200.50", 5 → "0.05".
 * parseYuan reads it back to the same fen.
 */
export function yuanInput(fen: number): string {
  const abs = Math.abs(Math.trunc(fen))
  const whole = String(Math.floor(abs / 100))
  const cents = abs % 100
  return cents === 0 ? whole : `${whole}.${String(cents).padStart(2, '0')}`
}

/** How far a payment falls short of the required amount, in fen; 0 when it does not. */
export function shortfallFen(amountFen: number, requiredFen: number): number {
  return Math.max(0, requiredFen - amountFen)
}

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/

/** A calendar month written YYYY-MM (the pay record's month). */
export function isValidMonth(text: string): boolean {
  return MONTH_PATTERN.test(text)
}

/** YYYY-MM of a date in the phone's own time zone. */
export function monthOf(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`
}

/** The month before a YYYY-MM month: pay is usually recorded for the month just ended. */
export function previousMonth(month: string): string {
  const match = MONTH_PATTERN.exec(month)
  if (!match) return month
  const y = Number(match[1])
  const m = Number(match[2])
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}
