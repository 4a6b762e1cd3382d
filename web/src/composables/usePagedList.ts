import { ref, shallowRef } from 'vue'
import { describeError } from '../api/describe'

export interface Page<T> {
  items: T[]
  next_cursor?: string | null
}

/** A list read page by page with the API's keyset cursor. */
export function usePagedList<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  const items = shallowRef<T[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref('')
  const nextCursor = ref<string | null>(null)
  let generation = 0

  async function load(reset: boolean): Promise<void> {
    const mine = reset ? ++generation : generation
    loading.value = true
    error.value = ''
    try {
      const page = await fetchPage(reset ? undefined : (nextCursor.value ?? undefined))
      // A newer reload (a changed filter) has started: drop this answer.
      if (mine !== generation) return
      items.value = reset ? page.items : [...items.value, ...page.items]
      nextCursor.value = page.next_cursor || null
      loaded.value = true
    } catch (err) {
      if (mine !== generation) return
      error.value = describeError(err)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  return {
    items,
    loading,
    loaded,
    error,
    nextCursor,
    reload: () => load(true),
    loadMore: () => load(false),
  }
}

/** What usePagedList returns, for components that show such a list. */
export type PagedList<T> = ReturnType<typeof usePagedList<T>>
