// The live alert stream: GET /api/v1/alerts/stream read with fetch (an
// EventSource cannot send the bearer token), parsed by sse.ts, reopened
// after every drop with a growing pause and the Last-Event-ID of the last
// event seen, so the server sends what was missed in between.
import { createSseParser } from './sse'
import type { Alert } from './types'

export const STREAM_PATH = '/api/v1/alerts/stream'
export const BACKOFF_START_MS = 1000
export const BACKOFF_MAX_MS = 30_000
/**
 * The server writes a comment every 15 s. Three missed in a row means the
 * connection is dead even though TCP has not noticed yet (a phone that
 * changed networks keeps a half-open socket for minutes).
 */
export const IDLE_TIMEOUT_MS = 45_000

/** connecting: first attempt; open: reading; retrying: after a drop; stopped: for good. */
export type StreamState = 'connecting' | 'open' | 'retrying' | 'stopped'

export interface AlertStreamOptions {
  fetch: (input: string, init: RequestInit) => Promise<Response>
  /** The access token held in memory. */
  getToken: () => string | null
  /**
   * The API client's refresh (shared with every other request): the new
   * access token, null when the session is gone; throws when it got no answer.
   */
  refresh: () => Promise<string | null>
  onAlert: (alert: Alert, id: string) => void
  /** Every time the stream opens; `resumed` after a drop, when events may have been missed. */
  onOpen?: (resumed: boolean) => void
  onStateChange?: (state: StreamState) => void
  /**
   * The stream stopped for good: 401 after a refresh (the session is over),
   * or an answer no retry can change (403: no inbox for this role).
   */
  onGiveUp?: (status: number) => void
  lastEventId?: string
  url?: string
}

export interface AlertStream {
  stop(): void
  /** Ends a pause between attempts now (the network is back). */
  wake(): void
  readonly lastEventId: string
  readonly state: StreamState
}

/** The pause before reconnect attempt `attempt` (0-based): 1 s, 2 s, 4 s, … at most 30 s. */
export function backoffDelay(attempt: number): number {
  return Math.min(BACKOFF_START_MS * 2 ** Math.min(attempt, 16), BACKOFF_MAX_MS)
}

/** Answers a later attempt may get past: timeouts, rate limits, a server restarting. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}

type Outcome = { kind: 'ended'; opened: boolean; received: boolean } | { kind: 'unauthorized' } | { kind: 'fatal'; status: number }

export function openAlertStream(options: AlertStreamOptions): AlertStream {
  const url = options.url ?? STREAM_PATH
  let stopped = false
  let state: StreamState = 'connecting'
  let lastEventId = options.lastEventId ?? ''
  let everOpened = false
  let current: AbortController | null = null
  let wakeUp: (() => void) | null = null

  function setState(next: StreamState): void {
    if (state === next) return
    state = next
    options.onStateChange?.(next)
  }

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        wakeUp = null
        resolve()
      }
      const timer = setTimeout(done, ms)
      wakeUp = done
    })
  }

  function deliver(data: string, id: string): void {
    let alert: Alert
    try {
      alert = JSON.parse(data) as Alert
    } catch {
      return // a garbled event must not end the stream
    }
    try {
      options.onAlert(alert, id)
    } catch (err) {
      // A listener's bug must surface, but not as a dropped connection:
      // the reconnect would replay the same event and fail the same way.
      queueMicrotask(() => {
        throw err
      })
    }
  }

  async function connect(token: string | null): Promise<Outcome> {
    const controller = new AbortController()
    current = controller
    const headers: Record<string, string> = { Accept: 'text/event-stream' }
    if (token) headers.Authorization = `Bearer ${token}`
    if (lastEventId) headers['Last-Event-ID'] = lastEventId
    let res: Response
    try {
      res = await options.fetch(url, {
        method: 'GET',
        headers,
        credentials: 'same-origin',
        cache: 'no-store',
        signal: controller.signal,
      })
    } catch {
      return { kind: 'ended', opened: false, received: false }
    }
    const isStream = (res.headers.get('Content-Type') ?? '').includes('text/event-stream')
    if (!res.ok || !res.body || !isStream) {
      void res.body?.cancel().catch(() => undefined)
      if (res.status === 401) return { kind: 'unauthorized' }
      // A 200 that is not a stream (a proxy's page) is treated as a drop.
      if (res.ok || retryable(res.status)) return { kind: 'ended', opened: false, received: false }
      return { kind: 'fatal', status: res.status }
    }
    if (stopped) {
      void res.body.cancel().catch(() => undefined)
      return { kind: 'ended', opened: false, received: false }
    }

    const resumed = everOpened
    everOpened = true
    setState('open')
    options.onOpen?.(resumed)

    const parser = createSseParser(
      {
        onEvent: (e) => {
          lastEventId = e.id
          if (e.event === 'alert') deliver(e.data, e.id)
        },
      },
      lastEventId,
    )
    const reader = res.body.getReader()
    const decoder = new TextDecoder()
    let received = false
    let idle: ReturnType<typeof setTimeout> | undefined
    const watch = () => {
      clearTimeout(idle)
      idle = setTimeout(() => controller.abort(), IDLE_TIMEOUT_MS)
    }
    watch()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        received = true
        watch()
        parser.push(decoder.decode(value, { stream: true }))
      }
    } catch {
      // Dropped, aborted by the idle watch, or stopped: the loop decides.
    } finally {
      clearTimeout(idle)
    }
    return { kind: 'ended', opened: true, received }
  }

  async function run(): Promise<void> {
    let attempt = 0
    // One refresh per spell of 401s, as every other request gets.
    let refreshed = false
    while (!stopped) {
      const token = options.getToken()
      const outcome = await connect(token)
      if (stopped) return
      if (outcome.kind === 'fatal') {
        giveUp(outcome.status)
        return
      }
      if (outcome.kind === 'unauthorized') {
        const now = options.getToken()
        // Another request renewed the token while this one was on its way.
        if (now && now !== token) continue
        if (refreshed) {
          giveUp(401)
          return
        }
        refreshed = true
        // undefined: the refresh got no answer (offline), which says nothing
        // about the session; try again after a pause.
        let fresh: string | null | undefined
        try {
          fresh = await options.refresh()
        } catch {
          refreshed = false
          fresh = undefined
        }
        if (stopped) return
        if (fresh === null) {
          giveUp(401)
          return
        }
        if (fresh !== undefined) continue
      } else {
        // The token was good: a later 401 (it expired) earns a refresh again.
        if (outcome.opened) refreshed = false
        // It worked for a while: start the pauses again from one second.
        if (outcome.received) attempt = 0
      }
      setState('retrying')
      await pause(backoffDelay(attempt++))
    }
  }

  function giveUp(status: number): void {
    stopped = true
    setState('stopped')
    options.onGiveUp?.(status)
  }

  void run()

  return {
    stop() {
      if (stopped) return
      stopped = true
      current?.abort()
      wakeUp?.()
      setState('stopped')
    },
    wake() {
      wakeUp?.()
    },
    get lastEventId() {
      return lastEventId
    },
    get state() {
      return state
    },
  }
}
