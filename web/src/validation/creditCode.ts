// Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters
// from the 31-symbol alphabet below (no I, O, S, V, Z), each worth its index;
// the 18th is a check character computed from the first 17.

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const
const SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{18}$/

/** Trims and upper-cases what a person typed or pasted. */
export function normalizeCreditCode(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase()
}

/**
 * The check character for the first 17 characters, or null when they are not
 * 17 characters of the alphabet.
 */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i]!)
    if (value < 0) return null
    sum += value * WEIGHTS[i]!
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]!
}

export type CreditCodeProblem = 'format' | 'checksum'

/** null when valid; otherwise whether the shape or only the check character is wrong. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (!SHAPE.test(code)) return 'format'
  return creditCodeCheckChar(code.slice(0, 17)) === code[17] ? null : 'checksum'
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null
}
