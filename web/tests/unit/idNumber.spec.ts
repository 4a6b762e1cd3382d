import { describe, expect, it } from 'vitest'
import {
  ageOn,
  birthDateOf,
  genderOf,
  idFacts,
  idNumberCheckChar,
  idNumberProblem,
  isValidIdNumber,
  normalizeIdNumber,
} from '../../src/validation/idNumber'

// 11010519491231002X checked by hand: digits 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2,
// weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2: 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167,
// 167 mod 11 = 2 → "10X98765432"[2] = "X".
const TODAY = '2026-03-15'

describe('ID number (GB 11643)', () => {
  it.each([
    ['11010519491231002X', null], // check X
    ['511921200802290010', null], // check 0 (sum mod 11 = 1), born on a leap day
    ['511922200805151231', null], // check 1 (sum mod 11 = 0)
    ['440304199901010041', null],
    ['110101199003070003', null],
    ['11010519491231002x', 'format'], // lower-case x is not normalised here
    ['11010519491231002', 'format'], // 17 characters
    ['11010519491231002X1', 'format'], // 19 characters
    ['1101051949123100XX', 'format'], // X only in the last place
    ['11010519491231 02X', 'format'],
    ['', 'format'],
    ['011921200802290013', 'division'], // division codes start with 1–8
    ['911921200802290013', 'division'],
    ['511922200802310014', 'birthDate'], // 2008-02-31, even with a matching check character
    ['511921200702290013', 'birthDate'], // 2007 is not a leap year
    ['511921200813010017', 'birthDate'], // month 13
    ['511921200800010017', 'birthDate'], // month 0
    ['511921200801000017', 'birthDate'], // day 0
    ['511921189912310013', 'birthDate'], // before 1900
    ['511921202703150015', 'future'], // born next year
    ['511921202603160019', 'future'], // born tomorrow
    ['110105194912310021', 'checksum'],
    ['511921200802290011', 'checksum'],
  ] as const)('%s → %s', (id, problem) => {
    expect(idNumberProblem(id, TODAY)).toBe(problem)
    expect(isValidIdNumber(id, TODAY)).toBe(problem === null)
  })

  it('accepts someone born today', () => {
    const first17 = '51192120260315001'
    const id = first17 + idNumberCheckChar(first17)
    expect(idNumberProblem(id, TODAY)).toBeNull()
  })

  it('computes the check character only for 17 digits', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X')
    expect(idNumberCheckChar('1101051949123100')).toBeNull()
    expect(idNumberCheckChar('1101051949123100X')).toBeNull()
  })

  it('every check character it computes validates, and every other one does not', () => {
    const first17 = '51192220080515123'
    const check = idNumberCheckChar(first17)!
    for (const ch of '0123456789X') {
      expect(idNumberProblem(first17 + ch, TODAY)).toBe(ch === check ? null : 'checksum')
    }
  })

  it('maps every remainder to its check character', () => {
    // Vary the sequence digits until each of the 11 remainders has been seen.
    const seen = new Map<string, string>()
    for (let n = 0; n < 1000 && seen.size < 11; n++) {
      const first17 = `51192120080101${String(n).padStart(3, '0')}`
      const check = idNumberCheckChar(first17)!
      if (!seen.has(check)) seen.set(check, first17)
    }
    expect([...seen.keys()].sort()).toEqual([...'0123456789X'].sort())
  })

  it('normalises what a person types or pastes', () => {
    expect(normalizeIdNumber(' 11010519491231002x ')).toBe('11010519491231002X')
    expect(normalizeIdNumber('110105 19491231 002X')).toBe('11010519491231002X')
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２ｘ')).toBe('11010519491231002X')
  })

  it('reads birth date and gender', () => {
    expect(birthDateOf('11010519491231002X')).toBe('1949-12-31')
    expect(genderOf('11010519491231002X')).toBe('female') // 17th digit 2
    expect(genderOf('511922200805151231')).toBe('male') // 17th digit 3
  })

  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('2008-03-15', '2026-03-15')).toBe(18)
    expect(ageOn('2008-03-16', '2026-03-15')).toBe(17)
    expect(ageOn('2008-04-01', '2026-03-15')).toBe(17)
    expect(ageOn('2008-01-01', '2026-03-15')).toBe(18)
    // Born on 29 February: 18 on 1 March of a common year, not on 28 February.
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17)
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18)
    expect(ageOn('2026-03-15', '2026-03-15')).toBe(0)
  })

  it('gives the facts of a valid number only', () => {
    expect(idFacts('511921200802290010', TODAY)).toEqual({ birthDate: '2008-02-29', gender: 'male', age: 18 })
    expect(idFacts('511922200805151231', TODAY)).toEqual({ birthDate: '2008-05-15', gender: 'male', age: 17 })
    expect(idFacts('511922200802310014', TODAY)).toBeNull()
    expect(idFacts('511921200802290011', TODAY)).toBeNull()
  })
})
