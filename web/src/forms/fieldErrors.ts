// Maps the `details` of an API error onto the fields of a form, so that each
// server message appears beside the input it is about. Field paths are those
// of the request body: "username", "safety_violations[0].occurred_on".

import type { ErrorDetail } from '../api/types'

export interface MappedErrors {
  /** Form field key → message (the first message per field wins). */
  fields: Record<string, string>
  /** Messages no field of the form could show: the caller toasts them. */
  unmatched: string[]
}

/** "a.0.b" and "a[0].b" mean the same; the forms use the bracket form. */
export function normalizeFieldPath(path: string): string {
  return path.trim().replace(/\.(\d+)(?=\.|\[|$)/g, '[$1]')
}

/** "a[0].b" → "a[0]" → "a"; the path itself first. */
function candidates(path: string): string[] {
  const out = [path]
  let rest = path
  for (;;) {
    const cut = Math.max(rest.lastIndexOf('.'), rest.lastIndexOf('['))
    if (cut <= 0) break
    rest = rest.slice(0, cut)
    out.push(rest)
  }
  return out
}

export function mapErrorDetails(
  details: readonly ErrorDetail[],
  isKnownField: (field: string) => boolean,
  aliases: Readonly<Record<string, string>> = {},
): MappedErrors {
  const fields: Record<string, string> = {}
  const unmatched: string[] = []
  for (const detail of details) {
    const message = typeof detail.message === 'string' ? detail.message.trim() : ''
    if (!message) continue
    const raw = 'field' in detail && typeof detail.field === 'string' ? normalizeFieldPath(detail.field) : ''
    let target: string | undefined
    if (raw) {
      for (const candidate of candidates(raw)) {
        const key = aliases[candidate] ?? candidate
        if (isKnownField(key)) {
          target = key
          break
        }
      }
    }
    if (target === undefined) {
      if (!unmatched.includes(message)) unmatched.push(message)
    } else if (!(target in fields)) {
      fields[target] = message
    }
  }
  return { fields, unmatched }
}
