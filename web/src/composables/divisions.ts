import type { ApiClient } from '../api/client'
import type { Division } from '../api/types'
import { messages as m } from '../messages'
import type { PickerOption } from '../components/picker'

// Divisions change once a year at most: one load per page visit is plenty.
let cache: Promise<Division[]> | null = null

export function loadDivisions(api: ApiClient): Promise<Division[]> {
  if (!cache) {
    // One province's divisions: a short list, answered in one page (the
    // operation takes no cursor).
    cache = api
      .get('/api/v1/divisions')
      .then((res) => res.items)
      .catch((err: unknown) => {
        cache = null
        throw err
      })
  }
  return cache
}

/** Forget the cached list (tests). */
export function resetDivisionCache(): void {
  cache = null
}

/** "四川省 / 巴中市 / 南江县" for a division, from its parents in the list. */
export function divisionPath(code: string, byCode: ReadonlyMap<string, Division>): string {
  const names: string[] = []
  let current = byCode.get(code)
  for (let depth = 0; current && depth < 5; depth++) {
    names.unshift(current.name)
    current = current.parent_code ? byCode.get(current.parent_code) : undefined
  }
  return names.join(' / ')
}

export function divisionOption(d: Division, byCode: ReadonlyMap<string, Division>): PickerOption {
  return {
    value: d.code,
    label: m.manage.divisionPicker.optionLabel(d.name, d.code),
    description: `${m.divisionLevels[d.level]} · ${divisionPath(d.code, byCode)}`,
  }
}

/** Matches a name fragment or a code prefix; the whole list for an empty query. */
export function filterDivisions(divisions: readonly Division[], query: string): Division[] {
  const q = query.trim()
  if (!q) return [...divisions]
  return divisions.filter((d) => d.code.startsWith(q) || d.name.includes(q))
}

/**
 * The code prefix that names a division's subtree, as the server computes
 * it (ids.DivisionPrefix): trailing "00" pairs dropped, the province's two
 * digits kept. "" for a malformed code, which must never mean "everything".
 */
export function divisionPrefix(code: string): string {
  if (!/^\d{6}$/.test(code)) return ''
  if (code.endsWith('0000')) return code.slice(0, 2)
  if (code.endsWith('00')) return code.slice(0, 4)
  return code
}

/** Whether `code` lies in the subtree of `root` (itself included). */
export function inSubtree(root: string, code: string): boolean {
  const prefix = divisionPrefix(root)
  return prefix !== '' && /^\d{6}$/.test(code) && code.startsWith(prefix)
}
