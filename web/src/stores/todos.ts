import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { useAuthStore } from './auth'
import type { Todo, TodoCounts } from '../workspace/types'

/** A route change asks the server again only when the list is older than this. */
export const TODOS_MAX_AGE_MS = 30_000

// One list for the workspace and the tab badges, so both always agree and a
// tab switch does not cost a request each time.
export const useTodosStore = defineStore('todos', () => {
  const auth = useAuthStore()
  const items = ref<Todo[]>([])
  const counts = ref<TodoCounts | null>(null)
  const loading = ref(false)
  const failed = ref(false)
  let loadedAt = 0
  let inFlight: Promise<void> | null = null
  let again = false
  // Bumped when the user changes, so an answer for the previous one is dropped.
  let generation = 0

  function clear(): void {
    generation++
    items.value = []
    counts.value = null
    failed.value = false
    loadedAt = 0
    again = false
  }

  async function fetchOnce(): Promise<void> {
    const mine = generation
    loading.value = true
    try {
      // A background poll: a page's own requests report a lost session.
      const feed = await auth.api.get('/api/v1/todos', { reportSessionLoss: false })
      if (mine !== generation) return
      items.value = feed.items
      counts.value = feed.counts
      failed.value = false
      loadedAt = Date.now()
    } catch {
      // Keep what was shown: a badge from a minute ago beats none.
      if (mine === generation) failed.value = true
    } finally {
      loading.value = false
    }
  }

  /**
   * Asks the server now. A call while a request is running is answered by one
   * more request after it, since the running one may predate an action.
   */
  function refresh(): Promise<void> {
    if (!auth.signedIn) {
      clear()
      return Promise.resolve()
    }
    if (inFlight) {
      again = true
      return inFlight
    }
    inFlight = (async () => {
      do {
        again = false
        await fetchOnce()
      } while (again && auth.signedIn)
    })().finally(() => {
      inFlight = null
    })
    return inFlight
  }

  /** For route changes: at most one request per TODOS_MAX_AGE_MS. */
  function refreshIfStale(now: number = Date.now()): Promise<void> {
    if (!auth.signedIn) return Promise.resolve()
    if (inFlight || (loadedAt > 0 && now - loadedAt < TODOS_MAX_AGE_MS)) return inFlight ?? Promise.resolve()
    return refresh()
  }

  // Sign-in (or a session restored on reload) loads the list; sign-out or a
  // different account drops it at once.
  watch(
    () => (auth.signedIn ? auth.user?.id : null),
    (id) => {
      clear()
      if (id) void refresh()
    },
    { immediate: true },
  )

  watch(
    () => auth.changeCount,
    () => {
      if (auth.signedIn) void refresh()
    },
  )

  return { items, counts, loading, failed, refresh, refreshIfStale, clear }
})
