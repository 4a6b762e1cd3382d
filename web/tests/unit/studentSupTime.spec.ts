import { describe, expect, it } from 'vitest'
import { beijingRFC3339, parseScore, shortBeijing, todayBeijing } from '../../src/studentsup/time'

describe('leave times', () => {
  it('reads a datetime-local value as Beijing time', () => {
    expect(beijingRFC3339('2026-12-07T09:00')).toBe('2026-12-07T09:00:00+08:00')
    expect(beijingRFC3339('2026-12-07')).toBe('')
    expect(beijingRFC3339('')).toBe('')
  })
  it('shows an instant in Beijing whatever the zone of the phone', () => {
    expect(shortBeijing('2026-12-07T01:00:00Z')).toBe('12-07 09:00')
    expect(todayBeijing(new Date('2026-12-06T17:00:00Z'))).toBe('2026-12-07')
  })
  it('takes only whole scores from 0 to 100', () => {
    expect(parseScore('88')).toBe(88)
    expect(parseScore(' 0 ')).toBe(0)
    expect(parseScore('100')).toBe(100)
    expect(parseScore('101')).toBeNull()
    expect(parseScore('8.5')).toBeNull()
    expect(parseScore('')).toBeNull()
  })
})
