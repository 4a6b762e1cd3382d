import { describe, expect, it } from 'vitest'
import {
  CREDIT_CODE_ALPHABET,
  creditCodeCheckChar,
  creditCodeProblem,
  isValidCreditCode,
  normalizeCreditCode,
} from '../../src/validation/creditCode'

// 91350100M000100Y43 checked by hand: values 9 1 3 5 0 1 0 0 M=21 0 0 0 1 0 0 Y=30 4,
// weighted sum 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640, 1640 mod 31 = 28,
// (31 − 28) mod 31 = 3 → "3".
describe('credit code (GB 32100)', () => {
  it('has the 31-symbol alphabet without I O S V Z', () => {
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31)
    for (const banned of 'IOSVZ') expect(CREDIT_CODE_ALPHABET).not.toContain(banned)
  })

  it.each([
    ['91350100M000100Y43', true],
    ['91110000600037341L', true],
    ['91510000MA61XXXXXJ', true], // check value 18 → J
    ['11100000000013127R', false], // wrong check character (should be something else)
    ['91350100M000100Y44', false], // check off by one
    ['91350100M000100Y4', false], // 17 characters
    ['91350100M000100Y430', false], // 19 characters
    ['91350100M000100I43', false], // I is not in the alphabet
    ['91350100M000100O43', false], // O
    ['91350100M000100S43', false], // S
    ['91350100M000100V43', false], // V
    ['91350100M000100Z43', false], // Z
    ['91350100m000100y43', false], // lower case is not normalised here
    ['', false],
  ])('%s → %s', (code, valid) => {
    expect(isValidCreditCode(code)).toBe(valid)
  })

  it('tells a wrong check character from a wrong shape', () => {
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull()
    expect(creditCodeProblem('91350100M000100Y44')).toBe('checksum')
    expect(creditCodeProblem('91350100M000100Y4')).toBe('format')
    expect(creditCodeProblem('91350100M00010OY43')).toBe('format')
  })

  it('maps a check value of 0 to "0" (the (31 − 0) mod 31 edge)', () => {
    // Find 17 characters whose weighted sum is a multiple of 31 by adjusting the last one.
    const base = '9151192100000000'
    const weights17 = 28
    let found = ''
    for (const ch of CREDIT_CODE_ALPHABET) {
      const first17 = base + ch
      let sum = 0
      const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, weights17]
      for (let i = 0; i < 17; i++) sum += CREDIT_CODE_ALPHABET.indexOf(first17[i]!) * w[i]!
      if (sum % 31 === 0) found = first17
    }
    expect(found).not.toBe('')
    expect(creditCodeCheckChar(found)).toBe('0')
    expect(isValidCreditCode(`${found}0`)).toBe(true)
  })

  it('computes the check character only for 17 valid characters', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3')
    expect(creditCodeCheckChar('91350100M000100Y')).toBeNull()
    expect(creditCodeCheckChar('91350100M000100I4')).toBeNull()
  })

  it('every check character it computes validates, and every other one does not', () => {
    const first17 = '91511921MA6ABCDEF'
    const check = creditCodeCheckChar(first17)!
    for (const ch of CREDIT_CODE_ALPHABET) {
      expect(isValidCreditCode(first17 + ch)).toBe(ch === check)
    }
  })

  it('normalises what a person types or pastes', () => {
    expect(normalizeCreditCode(' 91350100m000100y43 ')).toBe('91350100M000100Y43')
    expect(normalizeCreditCode('9135 0100 M000 100Y 43')).toBe('91350100M000100Y43')
  })
})
