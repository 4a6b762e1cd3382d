// The password policy of the server (internal/auth/password.go), checked on
// the phone before anything is sent: at least 10 characters, at least three
// of the four classes upper case, lower case, digit and other, and not
// containing the username (case-insensitive). Character classes follow Go's
// unicode.IsUpper / IsLower / IsDigit, so a CJK character counts as "other".

export const MIN_PASSWORD_LENGTH = 10

export interface PasswordCheck {
  /** Length in code points, as the server counts runes. */
  length: number
  longEnough: boolean
  classCount: number
  enoughClasses: boolean
  containsUsername: boolean
  ok: boolean
}

export type PasswordProblem = 'tooShort' | 'fewClasses' | 'containsUsername'

export function checkPassword(username: string, password: string): PasswordCheck {
  const length = [...password].length
  let upper = false
  let lower = false
  let digit = false
  let other = false
  for (const ch of password) {
    if (/\p{Lu}/u.test(ch)) upper = true
    else if (/\p{Ll}/u.test(ch)) lower = true
    else if (/\p{Nd}/u.test(ch)) digit = true
    else other = true
  }
  const classCount = [upper, lower, digit, other].filter(Boolean).length
  const name = username.trim().toLowerCase()
  const containsUsername = name !== '' && password.toLowerCase().includes(name)
  const longEnough = length >= MIN_PASSWORD_LENGTH
  const enoughClasses = classCount >= 3
  return {
    length,
    longEnough,
    classCount,
    enoughClasses,
    containsUsername,
    ok: longEnough && enoughClasses && !containsUsername,
  }
}

export function passwordProblems(username: string, password: string): PasswordProblem[] {
  const check = checkPassword(username, password)
  const problems: PasswordProblem[] = []
  if (!check.longEnough) problems.push('tooShort')
  if (!check.enoughClasses) problems.push('fewClasses')
  if (check.containsUsername) problems.push('containsUsername')
  return problems
}
