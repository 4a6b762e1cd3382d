// Small format checks shared by the forms. Each mirrors the server's rule.

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{2,31}$/
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/
export const DIVISION_CODE_PATTERN = /^\d{6}$/
export const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/

/** The server lower-cases usernames; the form does the same as one types. */
export function normalizeUsername(input: string): string {
  return input.trim().toLowerCase()
}

export function isValidUsername(username: string): boolean {
  return USERNAME_PATTERN.test(username)
}

export function isValidMobile(phone: string): boolean {
  return MOBILE_PATTERN.test(phone)
}

/** A real calendar date written YYYY-MM-DD. */
export function isValidDate(text: string): boolean {
  if (!DATE_PATTERN.test(text)) return false
  const [y, m, d] = text.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/** Today as YYYY-MM-DD in the phone's own time zone. */
export function todayISO(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/**
 * Parses a decimal string ("12", "-3.5") without the surprises of Number():
 * empty strings, "1e3", "0x10" and trailing junk give null.
 */
export function parseDecimal(text: string): number | null {
  const t = text.trim()
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null
  return Number(t)
}

export function parseInteger(text: string): number | null {
  const t = text.trim()
  if (!/^-?\d+$/.test(t)) return null
  const n = Number(t)
  return Number.isSafeInteger(n) ? n : null
}

/**
 * Yuan as typed ("3500", "3500.5", "3500.50") to integer fen, by string
 * arithmetic so that 0.1 + 0.2 never happens. null for anything else,
 * including negative amounts and more than two decimals.
 */
export function yuanToFen(text: string): number | null {
  const t = text.trim().replace(/,/g, '')
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t)
  if (!match) return null
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
  return Number.isSafeInteger(fen) ? fen : null
}

/** Integer fen to a yuan string with two decimals, e.g. 350050 → "3500.50". */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}
