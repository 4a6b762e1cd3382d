// Retry-After (RFC 9110 §10.2.3) is either delay-seconds or an HTTP date.

/** Seconds to wait, or null when the header is missing or unreadable. */
export function retryAfterSeconds(header: string | null | undefined, now: number = Date.now()): number | null {
  if (header === null || header === undefined) return null
  const text = header.trim()
  if (text === '') return null
  if (/^\d+$/.test(text)) return Number(text)
  // An HTTP date always names a month; Date.parse would read "-5" as a year.
  if (!/[A-Za-z]{3}/.test(text)) return null
  const at = Date.parse(text)
  if (Number.isNaN(at)) return null
  return Math.max(0, Math.ceil((at - now) / 1000))
}

export type WaitTime = { unit: 'seconds' | 'minutes'; value: number }

/**
 * What to tell a person: whole seconds below a minute, otherwise minutes
 * rounded up (61 s is "2 minutes", never "1 minute" that turns out too short).
 */
export function waitTime(seconds: number): WaitTime {
  const s = Math.max(1, Math.ceil(seconds))
  if (s < 60) return { unit: 'seconds', value: s }
  return { unit: 'minutes', value: Math.ceil(s / 60) }
}
