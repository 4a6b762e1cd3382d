import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { backoffDelay, IDLE_TIMEOUT_MS, openAlertStream, STREAM_PATH, type AlertStream, type StreamState } from '../../src/alerts/stream'
import type { Alert } from '../../src/alerts/types'

/** A response whose body the test writes to, as the server would. */
function eventStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c
    },
  })
  const encoder = new TextEncoder()
  return {
    response: new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }),
    send: (text: string) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
    fail: () => controller.error(new TypeError('network error')),
  }
}

type Stream = ReturnType<typeof eventStream>

const alertEvent = (id: string, streamId: string) => `event: alert\nid: ${streamId}\ndata: ${JSON.stringify({ id, title: id })}\n\n`

const problem = (status: number) => Response.json({ error: { code: 'X', message: '' } }, { status })

/**
 * A fake fetch: each call takes the next answer (a stream, a status code or
 * a thrown network error) and records the headers it was sent with.
 */
function fakeFetch(answers: Array<Stream | number | 'offline'>) {
  const streams: Stream[] = []
  const calls: Array<{ url: string; headers: Record<string, string>; signal: AbortSignal }> = []
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    const signal = init.signal!
    calls.push({ url, headers: { ...(init.headers as Record<string, string>) }, signal })
    const next = answers.shift()
    if (next === undefined || next === 'offline') throw new TypeError('Failed to fetch')
    if (typeof next === 'number') return problem(next)
    streams.push(next)
    // Aborting the request errors the body, as a browser does.
    signal.addEventListener('abort', () => {
      try {
        next.fail()
      } catch {
        // already closed
      }
    })
    return next.response
  })
  return { fetch, calls, streams }
}

let stream: AlertStream | undefined

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  stream?.stop()
  stream = undefined
  vi.useRealTimers()
})

function open(
  fetch: ReturnType<typeof fakeFetch>['fetch'],
  extra: Partial<Parameters<typeof openAlertStream>[0]> = {},
) {
  const alerts: Array<{ id: string; streamId: string }> = []
  const opens: boolean[] = []
  const states: StreamState[] = []
  const gaveUp: number[] = []
  let token = 'token-1'
  const refresh = vi.fn(async (): Promise<string | null> => {
    token = 'token-2'
    return token
  })
  stream = openAlertStream({
    fetch,
    getToken: () => token,
    refresh,
    onAlert: (a: Alert, streamId) => alerts.push({ id: a.id, streamId }),
    onOpen: (resumed) => opens.push(resumed),
    onStateChange: (s) => states.push(s),
    onGiveUp: (status) => gaveUp.push(status),
    ...extra,
  })
  return { alerts, opens, states, gaveUp, refresh, setToken: (t: string) => (token = t) }
}

describe('backoffDelay', () => {
  it('doubles from one second up to thirty', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20, 1000].map(backoffDelay)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000])
  })
})

describe('the alert stream', () => {
  it('sends the token, reads alert events and skips the heartbeat and other events', async () => {
    const s = eventStream()
    const { fetch, calls } = fakeFetch([s])
    const { alerts, opens, states } = open(fetch)
    await vi.advanceTimersByTimeAsync(0)
    expect(calls[0]!.url).toBe(STREAM_PATH)
    expect(calls[0]!.headers).toEqual({ Accept: 'text/event-stream', Authorization: 'Bearer token-1' })
    s.send(': ping\n\nevent: other\ndata: {}\n\n' + alertEvent('a1', '1-0').slice(0, 20))
    await vi.advanceTimersByTimeAsync(0)
    expect(alerts).toEqual([])
    s.send(alertEvent('a1', '1-0').slice(20) + 'event: alert\ndata: not json\n\n' + alertEvent('a2', '2-0'))
    await vi.advanceTimersByTimeAsync(0)
    expect(alerts).toEqual([
      { id: 'a1', streamId: '1-0' },
      { id: 'a2', streamId: '2-0' },
    ])
    expect(opens).toEqual([false])
    expect(states).toEqual(['open'])
    expect(stream!.lastEventId).toBe('2-0')
  })

  it('reconnects after a drop with Last-Event-ID, pausing 1 s, 2 s, 4 s … while attempts fail', async () => {
    const first = eventStream()
    const second = eventStream()
    const { fetch, calls } = fakeFetch([first, 'offline', 503, 'offline', second])
    const { alerts, opens, states } = open(fetch)
    await vi.advanceTimersByTimeAsync(0)
    first.send(alertEvent('a1', '10-0'))
    await vi.advanceTimersByTimeAsync(0)
    first.close()
    await vi.advanceTimersByTimeAsync(0)
    expect(states.at(-1)).toBe('retrying')

    // It had received something, so the pauses start from one second.
    await vi.advanceTimersByTimeAsync(999)
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toHaveLength(2) // offline
    await vi.advanceTimersByTimeAsync(1999)
    expect(calls).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toHaveLength(3) // 503
    await vi.advanceTimersByTimeAsync(4000)
    expect(calls).toHaveLength(4) // offline
    await vi.advanceTimersByTimeAsync(7999)
    expect(calls).toHaveLength(4)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toHaveLength(5)
    for (const call of calls.slice(1)) expect(call.headers['Last-Event-ID']).toBe('10-0')

    second.send(alertEvent('a2', '11-0'))
    await vi.advanceTimersByTimeAsync(0)
    expect(alerts.map((a) => a.id)).toEqual(['a1', 'a2'])
    // After a drop, the caller is told events may have been missed.
    expect(opens).toEqual([false, true])
    expect(states.at(-1)).toBe('open')
  })

  it('starts the pauses again from one second once a connection has carried data', async () => {
    const streams = [eventStream(), eventStream(), eventStream()]
    const { fetch, calls } = fakeFetch(['offline', 'offline', streams[0]!, streams[1]!, streams[2]!])
    open(fetch)
    await vi.advanceTimersByTimeAsync(0)
    await vi.advanceTimersByTimeAsync(1000 + 2000)
    expect(calls).toHaveLength(3)
    streams[0]!.send(': ping\n\n')
    await vi.advanceTimersByTimeAsync(0)
    streams[0]!.close()
    await vi.advanceTimersByTimeAsync(1000)
    expect(calls).toHaveLength(4)
    // This one opened but said nothing before closing: the pause grows.
    streams[1]!.close()
    await vi.advanceTimersByTimeAsync(1000)
    expect(calls).toHaveLength(4)
    await vi.advanceTimersByTimeAsync(1000)
    expect(calls).toHaveLength(5)
    // No event had an id yet: no Last-Event-ID.
    expect(calls[4]!.headers['Last-Event-ID']).toBeUndefined()
  })

  it('gives up on a connection that stays silent past three heartbeats and opens another', async () => {
    const first = eventStream()
    const second = eventStream()
    const { fetch, calls } = fakeFetch([first, second])
    open(fetch)
    await vi.advanceTimersByTimeAsync(0)
    first.send(': ping\n\n')
    await vi.advanceTimersByTimeAsync(IDLE_TIMEOUT_MS - 1)
    expect(calls[0]!.signal.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls[0]!.signal.aborted).toBe(true)
    await vi.advanceTimersByTimeAsync(1000)
    expect(calls).toHaveLength(2)
  })

  it('on a 401 refreshes the token once through the client and reconnects with the new one', async () => {
    const s = eventStream()
    const { fetch, calls } = fakeFetch([401, s])
    const { refresh, gaveUp } = open(fetch)
    await vi.advanceTimersByTimeAsync(0)
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(calls.map((c) => c.headers.Authorization)).toEqual(['Bearer token-1', 'Bearer token-2'])
    expect(gaveUp).toEqual([])
    expect(stream!.state).toBe('open')
  })

  it('gives up when the refreshed token is refused too', async () => {
    const { fetch, calls } = fakeFetch([401, 401])
    const { refresh, gaveUp, states } = open(fetch)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(calls).toHaveLength(2)
    expect(gaveUp).toEqual([401])
    expect(states.at(-1)).toBe('stopped')
  })

  it('gives up when the session cannot be refreshed', async () => {
    const { fetch, calls } = fakeFetch([401])
    const { gaveUp } = open(fetch, { refresh: async () => null })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(calls).toHaveLength(1)
    expect(gaveUp).toEqual([401])
  })

  it('refreshes again after a later expiry, once the token had worked', async () => {
    const s = eventStream()
    const t = eventStream()
    const { fetch } = fakeFetch([401, s, 401, t])
    const { refresh, gaveUp } = open(fetch)
    await vi.advanceTimersByTimeAsync(0)
    expect(refresh).toHaveBeenCalledTimes(1)
    s.send(': ping\n\n')
    await vi.advanceTimersByTimeAsync(0)
    s.close()
    await vi.advanceTimersByTimeAsync(1000)
    expect(refresh).toHaveBeenCalledTimes(2)
    expect(gaveUp).toEqual([])
    expect(stream!.state).toBe('open')
  })

  it('uses a token another request renewed meanwhile without refreshing', async () => {
    const s = eventStream()
    const { fetch, calls } = fakeFetch([401, s])
    let token = 'old'
    const refresh = vi.fn(async () => 'never')
    stream = openAlertStream({
      fetch: (url, init) => {
        const answer = fetch(url, init)
        token = 'renewed'
        return answer
      },
      getToken: () => token,
      refresh,
      onAlert: () => {},
    })
    await vi.advanceTimersByTimeAsync(0)
    expect(refresh).not.toHaveBeenCalled()
    expect(calls.map((c) => c.headers.Authorization)).toEqual(['Bearer old', 'Bearer renewed'])
  })

  it('gives up on a 403 (no inbox for this role)', async () => {
    const { fetch, calls } = fakeFetch([403])
    const { gaveUp } = open(fetch)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(calls).toHaveLength(1)
    expect(gaveUp).toEqual([403])
  })

  it('stops reading and reconnecting when stopped, and wake() ends a pause early', async () => {
    const s = eventStream()
    const { fetch, calls } = fakeFetch(['offline', s])
    const { states } = open(fetch)
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toHaveLength(1)
    stream!.wake()
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toHaveLength(2)
    stream!.stop()
    expect(calls[1]!.signal.aborted).toBe(true)
    await vi.advanceTimersByTimeAsync(120_000)
    expect(calls).toHaveLength(2)
    expect(states.at(-1)).toBe('stopped')
  })

  it('survives a listener that throws: the error surfaces, the stream goes on', async () => {
    const s = eventStream()
    const { fetch, calls } = fakeFetch([s])
    const seen: string[] = []
    // The error is rethrown from a microtask, where the page's error handling sees it.
    const rethrown: Array<() => void> = []
    vi.stubGlobal('queueMicrotask', (task: () => void) => rethrown.push(task))
    stream = openAlertStream({
      fetch,
      getToken: () => 't',
      refresh: async () => null,
      onAlert: (a) => {
        seen.push(a.id)
        if (a.id === 'bad') throw new Error('listener bug')
      },
    })
    await vi.advanceTimersByTimeAsync(0)
    s.send(alertEvent('bad', '1') + alertEvent('good', '2'))
    await vi.advanceTimersByTimeAsync(0)
    expect(seen).toEqual(['bad', 'good'])
    expect(calls).toHaveLength(1)
    expect(stream.lastEventId).toBe('2')
    expect(rethrown).toHaveLength(1)
    expect(() => rethrown[0]!()).toThrow('listener bug')
  })
})
