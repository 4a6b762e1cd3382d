// Small pure helpers of the complaint pages, kept apart from the views so
// they are unit-tested.
import type { ComplaintStatus } from '../api/types'

/** Vant tag type per status: open ones stand out, decided ones recede. */
export function statusTagType(status: ComplaintStatus): 'warning' | 'primary' | 'success' | 'default' {
  switch (status) {
    case 'received':
      return 'warning'
    case 'triaging':
      return 'primary'
    case 'resolved':
      return 'success'
    default:
      return 'default'
  }
}

/** A reference as people type it: trimmed, upper case, with the dashes. */
export function normalizeReference(text: string): string {
  const plain = text.toUpperCase().replace(/[\s\u00a0]/g, '')
  const m = /^TS-?(\d{8})-?([0-9A-Z]{4})$/.exec(plain)
  return m ? `TS-${m[1]}-${m[2]}` : plain
}

/** A check code as people type it: case, spaces and dashes do not matter. */
export function normalizeCode(text: string): string {
  const plain = text.toUpperCase().replace(/[\s\u00a0-]/g, '')
  return plain.length === 12 ? `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}` : plain
}

/** The first line or so of a complaint for a list card. */
export function excerpt(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return [...flat].length > max ? `${[...flat].slice(0, max).join('')}…` : flat
}
