// The public check of a filing (/verify/{filing_no}?c={code}): what is read
// from the address or typed by a parent, and the verdict shown. Pure helpers,
// kept apart from the view so they are unit-tested.
import type { LocationQuery, RouteParams } from 'vue-router'
import type { PublicFiling } from '../api/types'

/** The printed code's length (internal/plans/verify.go, VerifyCodeLength). */
export const VERIFY_CODE_LENGTH = 8

/** filed: in force (green); revoked: filed once, no longer (orange); unknown: no such filing or a wrong code (red). */
export type Verdict = 'filed' | 'revoked' | 'unknown'

/**
 * A code as people type it from paper: case, spaces and dashes do not
 * matter. The code is base32, which has no digit 0, so a 0 can only be a
 * misread O; 1 and 8 are left alone, since each could be two letters.
 */
export function normalizeVerifyCode(text: string): string {
  return text
    .toUpperCase()
    .replace(/[\s\u00a0\-\u2010-\u2015\uff0d]/g, '')
    .replace(/0/g, 'O')
}

/** Whether a normalized code can be a printed one, so an obvious typo is caught before a request spends the rate limit. */
export function isVerifyCode(code: string): boolean {
  return new RegExp(`^[A-Z2-7]{${VERIFY_CODE_LENGTH}}$`).test(code)
}

/**
 * A filing number as people type it: spaces dropped, full-width or typographic
 * dashes made plain, and the dashes put back into a bare run of 14 digits
 * (division-year-sequence, e.g. 511921-2026-0001).
 */
export function normalizeFilingNo(text: string): string {
  const plain = text.replace(/[\s\u00a0]/g, '').replace(/[\u2010-\u2015\uff0d]/g, '-')
  const bare = /^(\d{6})(\d{4})(\d{4})$/.exec(plain)
  return bare ? `${bare[1]}-${bare[2]}-${bare[3]}` : plain
}

function first(value: unknown): string {
  if (Array.isArray(value)) return first(value[0])
  return typeof value === 'string' ? value : ''
}

/** The filing number of the path and the code of ?c=, either "" when absent. */
export function verifyTarget(params: RouteParams, query: LocationQuery): { filingNo: string; code: string } {
  return { filingNo: normalizeFilingNo(first(params.filing)), code: normalizeVerifyCode(first(query.c)) }
}

/**
 * The code inside a plan's verify_url ("/verify/…?c=ABCD2345"), printed on
 * the form beside the QR code for whoever types rather than scans.
 */
export function codeOfVerifyUrl(verifyUrl: string): string {
  const at = verifyUrl.indexOf('?')
  if (at < 0) return ''
  return normalizeVerifyCode(new URLSearchParams(verifyUrl.slice(at + 1)).get('c') ?? '')
}

/** The absolute address for the QR code: the server sends a path, the printed form needs the host too. */
export function absoluteVerifyUrl(origin: string, verifyUrl: string): string {
  if (!verifyUrl) return ''
  return origin.replace(/\/+$/, '') + (verifyUrl.startsWith('/') ? verifyUrl : `/${verifyUrl}`)
}

/** The verdict of an answer; null (a 404) means nothing matched the number and code. */
export function verdictOf(filing: Pick<PublicFiling, 'valid'> | null): Verdict {
  if (!filing) return 'unknown'
  // A filing number exists only once a plan was approved, so a filing that
  // is not in force was revoked by the bureau.
  return filing.valid ? 'filed' : 'revoked'
}
