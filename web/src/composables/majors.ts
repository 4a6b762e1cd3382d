// The 19 专业大类 of the 2021 vocational catalogue, read once per page load:
// the list changes only with a new national catalogue.
import type { useApi } from '../stores/auth'

type Api = ReturnType<typeof useApi>

let cached: Promise<string[]> | null = null

export function loadMajorCategories(api: Api): Promise<string[]> {
  if (!cached) {
    cached = api.get('/api/v1/major-categories').then((res) => res.items)
    // A failed load is tried again next time, not remembered.
    cached.catch(() => {
      cached = null
    })
  }
  return cached
}
