// Resident identity card number (居民身份证号, GB 11643-1999): 6 digits of the
// issuing division, 8 of the birth date (YYYYMMDD), 3 of a sequence whose last
// one is odd for men and even for women, and a check character computed from
// the first 17 digits. Mirrors the server (internal/students), so a phone can
// say what is wrong before anything is sent.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
/** Indexed by the weighted sum mod 11. */
const CHECK_CHARS = '10X98765432'
const SHAPE = /^\d{17}[\dX]$/

export type Gender = 'male' | 'female'

/**
 * Folds full-width characters (a Chinese keyboard may type １２Ｘ), removes
 * spaces and upper-cases the check character ("x" → "X").
 */
export function normalizeIdNumber(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xff01 + 0x21))
    .replace(/\s+/g, '')
    .toUpperCase()
}

/** The check character for 17 digits, or null when they are not 17 digits. */
export function idNumberCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!
  return CHECK_CHARS[sum % 11]!
}

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/**
 * - format: not 17 digits followed by a digit or X
 * - division: the first 6 digits cannot be a division code (first digit 1–8)
 * - birthDate: characters 7–14 are not a calendar date
 * - future: the birth date is after `today`
 * - checksum: the 18th character does not match the first 17
 */
export type IdNumberProblem = 'format' | 'division' | 'birthDate' | 'future' | 'checksum'

/**
 * null when valid. `today` is YYYY-MM-DD (the phone's date; the server uses
 * the business day in Asia/Shanghai, which a phone in China shares). The date
 * is checked before the check character: "2008-02-31" says more to a person
 * than "wrong check character".
 */
export function idNumberProblem(id: string, today: string): IdNumberProblem | null {
  if (!SHAPE.test(id)) return 'format'
  if (id[0] === '0' || id[0] === '9') return 'division'
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  if (y < 1900 || !isRealDate(y, m, d)) return 'birthDate'
  if (birthDateOf(id) > today) return 'future'
  return idNumberCheckChar(id.slice(0, 17)) === id[17] ? null : 'checksum'
}

export function isValidIdNumber(id: string, today: string): boolean {
  return idNumberProblem(id, today) === null
}

/** "YYYY-MM-DD" from characters 7–14; no check that it is a real date. */
export function birthDateOf(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
}

/** Character 17: odd for a man, even for a woman. */
export function genderOf(id: string): Gender {
  return Number(id[16]) % 2 === 1 ? 'male' : 'female'
}

/** Whole years from `birthDate` to `on` (both YYYY-MM-DD); a birthday counts on the day itself. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number]
  const [y, m, d] = on.split('-').map(Number) as [number, number, number]
  let age = y - by
  if (m < bm || (m === bm && d < bd)) age--
  return age
}

export interface IdFacts {
  birthDate: string
  gender: Gender
  /** Age on `today`. */
  age: number
}

/** What a valid number tells about its holder, or null for an invalid one. */
export function idFacts(id: string, today: string): IdFacts | null {
  if (!isValidIdNumber(id, today)) return null
  const birthDate = birthDateOf(id)
  return { birthDate, gender: genderOf(id), age: ageOn(birthDate, today) }
}
