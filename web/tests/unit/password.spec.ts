import { describe, expect, it } from 'vitest'
import { checkPassword, passwordProblems } from '../../src/validation/password'

describe('password policy', () => {
  it.each([
    // length: 9 vs 10 characters, three classes each
    ['Abcdefgh1', 'teacher1', ['tooShort']],
    ['Abcdefgh12', 'teacher1', []],
    // classes: two vs three of four
    ['abcdefghij1', 'teacher1', ['fewClasses']], // lower + digit
    ['ABCDEFGHIJ1', 'teacher1', ['fewClasses']], // upper + digit
    ['abcdefghij-', 'teacher1', ['fewClasses']], // lower + other
    ['Abcdefghij1', 'teacher1', []], // upper + lower + digit
    ['abcdefghi-1', 'teacher1', []], // lower + other + digit
    ['ABCDEFGHI-a', 'teacher1', []], // upper + other + lower
    ['Huhang-Demo-2026', 'school1', []], // the demo password: all four
    // username inside, in any case
    ['Xteacher1-Y', 'teacher1', ['containsUsername']],
    ['XTEACHER1-Y', 'teacher1', ['containsUsername']],
    ['Xteacher-1Y', 'teacher1', []], // not the same string
    ['Abcdefgh12', '', []], // no username yet: nothing to contain
    // everything wrong at once
    ['abc', 'abc', ['tooShort', 'fewClasses', 'containsUsername']],
  ])('%s for %s → %j', (password, username, problems) => {
    expect(passwordProblems(username, password)).toEqual(problems)
    expect(checkPassword(username, password).ok).toBe(problems.length === 0)
  })

  it('counts code points, not UTF-16 units, like the server counts runes', () => {
    // 9 characters, one of them outside the BMP (two UTF-16 units)
    expect(checkPassword('', 'Abcdefg1😀').length).toBe(9)
    expect(checkPassword('', 'Abcdefg1😀').longEnough).toBe(false)
    expect(checkPassword('', 'Abcdefg1😀x').longEnough).toBe(true)
  })

  it('counts a Chinese character as "other", as Go unicode does', () => {
    const check = checkPassword('', '护航abcdefgh')
    expect(check.classCount).toBe(2) // lower + other
    expect(checkPassword('', '护航abcdefg1').classCount).toBe(3)
  })

  it('reports the class count for the live checklist', () => {
    expect(checkPassword('', '').classCount).toBe(0)
    expect(checkPassword('', 'aA1-').classCount).toBe(4)
  })
})
