// The placement rules of the registry (GET /api/v1/rules?level=placement):
// their short titles name the gates and the violations. They change only
// with a release: one load per page visit.
import type { ApiClient } from '../api/client'
import type { Rule } from '../api/types'

let cache: Promise<Rule[]> | null = null

export function loadPlacementRules(api: ApiClient): Promise<Rule[]> {
  if (!cache) {
    cache = api
      .get('/api/v1/rules', { query: { level: 'placement' } })
      .then((res) => res.items)
      .catch((err: unknown) => {
        cache = null
        throw err
      })
  }
  return cache
}

/** Forget the cached list (tests). */
export function resetPlacementRules(): void {
  cache = null
}
