import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { useAuthStore } from './auth'
import { hasAlertInbox } from '../access'
import { getAlertSummary } from '../alerts/api'
import { applyToSummary, knownOf, type KnownAlert } from '../alerts/alerts'
import { openAlertStream, type AlertStream, type StreamState } from '../alerts/stream'
import type { Alert, AlertSummary } from '../alerts/types'

/**
 * Live events move the counts at once; the server's own counts follow when
 * the events have been quiet this long. What this phone infers from an
 * event can be wrong (an alert it never saw, events replayed after a
 * reconnect), and the server's answer puts it right.
 */
export const SUMMARY_SETTLE_MS = 1500

export type AlertListener = (alert: Alert) => void

// One live connection per signed-in user with an inbox, shared by the tab
// badge and every open alert page: the counts here, each changed alert
// handed to the pages that listen.
export const useAlertsStore = defineStore('alerts', () => {
  const auth = useAuthStore()
  const summary = ref<AlertSummary | null>(null)
  /** off: no stream (signed out, or a role without an inbox). */
  const streamState = ref<StreamState | 'off'>('off')
  /**
   * The 预警 tab's badge: open alerts this user's organisation must act on
   * now. Not every open alert in scope: a city bureau sees its counties'
   * alerts but acts only on those escalated to it.
   */
  const toActCount = computed(() => summary.value?.to_act ?? 0)

  const listeners = new Set<AlertListener>()
  // The status each alert had when this phone last saw it, and whether it
  // was this organisation's to act on, so an event can say which counts it
  // leaves and which it joins.
  const known = new Map<string, KnownAlert>()
  let stream: AlertStream | null = null
  // Bumped when the user changes, so an answer for the previous one is dropped.
  let generation = 0
  let inFlight: Promise<void> | null = null
  let again = false
  let settle: ReturnType<typeof setTimeout> | undefined

  const active = () => auth.signedIn && hasAlertInbox(auth.role)

  async function fetchOnce(): Promise<void> {
    const mine = generation
    try {
      const counts = await getAlertSummary(auth.api)
      if (mine === generation) summary.value = counts
    } catch {
      // Keep what is shown: a badge from a minute ago beats none.
    }
  }

  /**
   * Asks the server for the counts. A call while one runs gets one more
   * request after it, since the running one may predate what prompted it.
   */
  function refreshSummary(): Promise<void> {
    if (!active()) return Promise.resolve()
    if (inFlight) {
      again = true
      return inFlight
    }
    inFlight = (async () => {
      do {
        again = false
        await fetchOnce()
      } while (again && active())
    })().finally(() => {
      inFlight = null
    })
    return inFlight
  }

  function scheduleSettle(): void {
    clearTimeout(settle)
    settle = setTimeout(() => void refreshSummary(), SUMMARY_SETTLE_MS)
  }

  /** Alerts a page has loaded: what later events are compared with. */
  function remember(alerts: readonly Alert[]): void {
    for (const a of alerts) known.set(a.id, knownOf(a))
  }

  /**
   * An alert raised or changed: from the stream, or the answer to this
   * user's own 确认收到 / 处理完毕 (so the pages agree even while the
   * stream is down). Updates the counts and tells every listening page.
   */
  function apply(alert: Alert): void {
    if (summary.value) {
      const next = applyToSummary(summary.value, known.get(alert.id), alert)
      if (next.exact) summary.value = next.summary
    }
    known.set(alert.id, knownOf(alert))
    if (inFlight) again = true
    scheduleSettle()
    for (const listener of [...listeners]) listener(alert)
  }

  /** Listens to every alert that changes; returns the call that stops listening. */
  function onAlert(listener: AlertListener): () => void {
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  }

  function stopStream(): void {
    stream?.stop()
    stream = null
    streamState.value = 'off'
  }

  function startStream(): void {
    stopStream()
    streamState.value = 'connecting'
    stream = openAlertStream({
      fetch: (input, init) => fetch(input, init),
      getToken: () => auth.accessToken,
      refresh: async () => (await auth.api.refreshSession())?.access_token ?? null,
      onAlert: apply,
      // After a drop the server replays what was missed, but the counts may
      // have moved in ways no event tells (an alert that left the scope).
      onOpen: (resumed) => {
        if (resumed) void refreshSummary()
      },
      onStateChange: (state) => {
        streamState.value = state
      },
    })
  }

  function clear(): void {
    generation++
    stopStream()
    clearTimeout(settle)
    summary.value = null
    known.clear()
    again = false
  }

  // Sign-in (or a session restored on reload) opens the stream; sign-out or
  // another account closes it at once.
  watch(
    () => (active() ? (auth.user?.id ?? null) : null),
    (id) => {
      clear()
      if (!id) return
      void refreshSummary()
      startStream()
    },
    { immediate: true },
  )

  // A pause between reconnects ends as soon as there is reason to hope.
  if (typeof window !== 'undefined') {
    window.addEventListener('online', () => stream?.wake())
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') stream?.wake()
    })
  }

  return { summary, toActCount, streamState, refreshSummary, remember, apply, onAlert, clear }
})
