// Leave times: the phone's datetime-local input has no zone, and the
// business runs on Beijing time (Asia/Shanghai, no summer time), so the
// value is read as +08:00 whatever zone the phone is set to.

/** "2026-12-07T09:00" → "2026-12-07T09:00:00+08:00"; "" when incomplete. */
export function beijingRFC3339(local: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return ''
  return `${local}:00+08:00`
}

const fmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})

/** "12-07 09:00" in Beijing time. */
export function shortBeijing(iso: string): string {
  const parts = Object.fromEntries(fmt.formatToParts(new Date(iso)).map((p) => [p.type, p.value]))
  return `${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
}

/** Today in Beijing as YYYY-MM-DD. */
export function todayBeijing(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now)
}

/** A score typed into a field: an integer 0–100, or null. */
export function parseScore(raw: string): number | null {
  if (!/^\d{1,3}$/.test(raw.trim())) return null
  const n = Number(raw.trim())
  return n >= 0 && n <= 100 ? n : null
}
