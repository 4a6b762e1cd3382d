import { describe, expect, it } from 'vitest'
import {
  fenToYuan,
  isValidDate,
  isValidMobile,
  isValidUsername,
  normalizeUsername,
  parseDecimal,
  parseInteger,
  TIME_PATTERN,
  todayISO,
  yuanToFen,
} from '../../src/validation/formats'

describe('username', () => {
  it.each([
    ['ab', false], // 2 characters
    ['abc', true], // 3
    ['a'.repeat(32), true],
    ['a'.repeat(33), false],
    ['_abc', false], // must start with a letter or digit
    ['.abc', false],
    ['1abc', true],
    ['a_b.c-d', true],
    ['Abc', false], // upper case is lower-cased before the check
    ['ab c', false],
    ['张三abc', false],
  ])('%s → %s', (name, valid) => {
    expect(isValidUsername(name)).toBe(valid)
  })

  it('is lower-cased and trimmed like the server does', () => {
    expect(normalizeUsername('  Teacher1 ')).toBe('teacher1')
    expect(isValidUsername(normalizeUsername('Abc'))).toBe(true)
  })
})

describe('mobile', () => {
  it.each([
    ['13800138000', true],
    ['19912345678', true],
    ['12800138000', false], // second digit 2
    ['10800138000', false],
    ['1380013800', false], // 10 digits
    ['138001380000', false], // 12 digits
    ['+8613800138000', false],
  ])('%s → %s', (phone, valid) => {
    expect(isValidMobile(phone)).toBe(valid)
  })
})

describe('dates and times', () => {
  it.each([
    ['2026-02-28', true],
    ['2026-02-29', false], // 2026 is not a leap year
    ['2028-02-29', true],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['', false],
  ])('date %s → %s', (text, valid) => {
    expect(isValidDate(text)).toBe(valid)
  })

  it('gives today in local time as YYYY-MM-DD', () => {
    expect(todayISO(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05')
  })

  it.each([
    ['00:00', true],
    ['23:59', true],
    ['24:00', false],
    ['8:30', false],
    ['08:60', false],
  ])('time %s → %s', (text, valid) => {
    expect(TIME_PATTERN.test(text)).toBe(valid)
  })
})

describe('numbers', () => {
  it('parses plain decimals only', () => {
    expect(parseDecimal('31.8673')).toBe(31.8673)
    expect(parseDecimal(' -3.5 ')).toBe(-3.5)
    expect(parseDecimal('1e3')).toBeNull()
    expect(parseDecimal('0x10')).toBeNull()
    expect(parseDecimal('')).toBeNull()
    expect(parseDecimal('12abc')).toBeNull()
  })

  it('parses integers only', () => {
    expect(parseInteger('300')).toBe(300)
    expect(parseInteger('3.0')).toBeNull()
    expect(parseInteger('')).toBeNull()
  })
})

describe('yuan to fen', () => {
  it.each([
    ['3500', 350000],
    ['3500.5', 350050],
    ['3500.50', 350050],
    ['0.01', 1],
    ['0', 0],
    ['1,234.56', 123456],
    ['0.1', 10],
    ['4200.29', 420029], // 4200.29 * 100 is 420028.99999999994 in floating point
    ['3500.505', null], // three decimals
    ['-1', null],
    ['', null],
    ['abc', null],
    ['.5', null],
  ])('%s → %s', (text, fen) => {
    expect(yuanToFen(text)).toBe(fen)
  })

  it('formats fen back to yuan', () => {
    expect(fenToYuan(350050)).toBe('3500.50')
    expect(fenToYuan(1)).toBe('0.01')
    expect(fenToYuan(0)).toBe('0.00')
  })
})
