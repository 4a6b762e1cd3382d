// The outbox of the duty page bound to IndexedDB and the session: what is
// waiting, and a send that runs on page load, when the network returns and
// every half minute while anything waits.
import { onBeforeUnmount, onMounted, ref, shallowRef } from 'vue'
import type { DutyCheckinInput } from '../api/types'
import { useAuthStore } from '../stores/auth'
import { flushOutbox, MemoryOutbox, singleFlight, waiting, type FlushResult, type OutboxStore, type QueuedCheckin } from './queue'
import { IdbOutbox, openDutyDb } from './store'

/** How often a waiting check-in is tried again while the page is open. */
export const RETRY_MS = 30_000

let shared: { db: Promise<IDBDatabase> | null; outbox: OutboxStore } | null = null

/**
 * One database connection per page load. Without IndexedDB (some private
 * modes refuse it) the outbox lives in memory: it still survives a lost
 * signal while the page stays open, which is the common case.
 */
export function dutyStorage(): { db: Promise<IDBDatabase> | null; outbox: OutboxStore } {
  if (shared) return shared
  try {
    const db = openDutyDb()
    // A refused open must not become an unhandled rejection; users of db catch too.
    db.catch(() => undefined)
    shared = { db, outbox: new IdbOutbox(db) }
  } catch {
    shared = { db: null, outbox: new MemoryOutbox() }
  }
  return shared
}

export interface OutboxHooks {
  /** Whose check-ins to show and send. */
  userId: () => string | null
  /** Before each send: e.g. renew a session that started offline. */
  prepare?: () => Promise<void>
  /** After a send that sent or refused something. */
  onSent: (r: FlushResult) => void
}

export function useOutbox({ userId, prepare, onSent }: OutboxHooks) {
  const auth = useAuthStore()
  const { outbox } = dutyStorage()
  const items = shallowRef<QueuedCheckin[]>([])
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)

  async function refresh(): Promise<void> {
    const id = userId()
    items.value = id ? await waiting(outbox, id) : []
  }

  const flush = singleFlight(async () => {
    const id = userId()
    if (!auth.signedIn || !id || auth.user?.id !== id) return { sent: [], refused: [], left: 0 }
    return flushOutbox(outbox, id, (key: string, body: DutyCheckinInput) =>
      auth.api.post('/api/v1/duty/checkins', { body, headers: { 'Idempotency-Key': key } }),
    )
  })

  /** Sends what waits; the answer says what was sent, refused or is still waiting. */
  async function send(): Promise<FlushResult> {
    try {
      await prepare?.()
      const result = await flush()
      if (result.sent.length > 0 || result.refused.length > 0) onSent(result)
      return result
    } finally {
      await refresh()
    }
  }

  async function add(item: QueuedCheckin): Promise<void> {
    // Committed to the phone before anything goes on the network.
    await outbox.put(item)
    await refresh()
  }

  let timer: ReturnType<typeof setInterval> | undefined
  const goOnline = () => {
    online.value = true
    void send()
  }
  const goOffline = () => {
    online.value = false
  }
  onMounted(() => {
    window.addEventListener('online', goOnline)
    window.addEventListener('offline', goOffline)
    timer = setInterval(() => {
      if (items.value.some((i) => i.state === 'pending')) void send()
    }, RETRY_MS)
  })
  onBeforeUnmount(() => {
    window.removeEventListener('online', goOnline)
    window.removeEventListener('offline', goOffline)
    clearInterval(timer)
  })

  return { items, online, refresh, send, add }
}
