import { describe, expect, it } from 'vitest'
import { retryAfterSeconds, waitTime } from '../../src/api/retryAfter'
import { rateLimitText } from '../../src/api/describe'

describe('Retry-After', () => {
  it('reads delay-seconds', () => {
    expect(retryAfterSeconds('120')).toBe(120)
    expect(retryAfterSeconds(' 5 ')).toBe(5)
    expect(retryAfterSeconds('0')).toBe(0)
  })

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT')
    expect(retryAfterSeconds('Wed, 21 Oct 2026 07:30:00 GMT', now)).toBe(120)
    expect(retryAfterSeconds('Wed, 21 Oct 2026 07:27:00 GMT', now)).toBe(0)
  })

  it('gives null for a missing or unreadable header', () => {
    expect(retryAfterSeconds(null)).toBeNull()
    expect(retryAfterSeconds('')).toBeNull()
    expect(retryAfterSeconds('soon')).toBeNull()
    expect(retryAfterSeconds('-5')).toBeNull()
  })

  it.each([
    [0, { unit: 'seconds', value: 1 }],
    [1, { unit: 'seconds', value: 1 }],
    [59, { unit: 'seconds', value: 59 }],
    [60, { unit: 'minutes', value: 1 }],
    [61, { unit: 'minutes', value: 2 }],
    [119, { unit: 'minutes', value: 2 }],
    [120, { unit: 'minutes', value: 2 }],
    [900, { unit: 'minutes', value: 15 }],
    [901, { unit: 'minutes', value: 16 }],
  ])('%i s → %j', (seconds, wait) => {
    expect(waitTime(seconds)).toEqual(wait)
  })

  it('says it in Chinese', () => {
    expect(rateLimitText('900')).toBe('尝试次数过多，请 15 分钟后再试')
    expect(rateLimitText('61')).toBe('尝试次数过多，请 2 分钟后再试')
    expect(rateLimitText('59')).toBe('尝试次数过多，请 59 秒后再试')
    expect(rateLimitText(null)).toBe('尝试次数过多，请稍后再试')
  })
})
