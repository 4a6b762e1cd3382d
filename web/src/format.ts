// Display formatting shared by the pages. Locale-aware APIs, so the strings
// themselves stay out of the source.

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})

/** "2026/03/01 08:30" in the phone's time zone; the input as given if unreadable. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? iso : dateTime.format(at)
}

export interface DeviceInfo {
  browser: string
  os: string
}

/**
 * A rough, human name for a User-Agent string: enough to tell "the phone"
 * from "the office PC" in a session list. Order matters: WeChat and Edge
 * also claim to be Chrome and Safari.
 */
export function describeUserAgent(ua: string | null | undefined): DeviceInfo | null {
  if (!ua) return null
  const browser =
    (/MicroMessenger/i.test(ua) && 'WeChat') ||
    (/EdgA?\//.test(ua) && 'Edge') ||
    (/HeadlessChrome/.test(ua) && 'Headless Chrome') ||
    (/(Chrome|CriOS)\//.test(ua) && 'Chrome') ||
    (/(Firefox|FxiOS)\//.test(ua) && 'Firefox') ||
    (/Safari\//.test(ua) && 'Safari') ||
    (/curl\//.test(ua) && 'curl') ||
    ''
  const os =
    (/iPhone|iPad|iPod/.test(ua) && 'iOS') ||
    (/Android/.test(ua) && 'Android') ||
    (/HarmonyOS/.test(ua) && 'HarmonyOS') ||
    (/Windows/.test(ua) && 'Windows') ||
    (/Mac OS X/.test(ua) && 'macOS') ||
    (/Linux/.test(ua) && 'Linux') ||
    ''
  if (!browser && !os) return null
  return { browser: browser || '?', os: os || '?' }
}
