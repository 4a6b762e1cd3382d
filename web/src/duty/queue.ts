// The phone's outbox of check-ins. A check-in is written here first, with
// its Idempotency-Key and the moment the button was pressed, and only then
// sent; it leaves the outbox once the server has answered 201. A send whose
// answer is lost (the signal drops mid-request) is simply sent again with
// the same key, and the server replays its first answer instead of writing
// a second row: nothing is lost and nothing counts twice.
import { ApiError, NetworkError } from '../api/client'
import type { DutyCheckinAnswer, DutyCheckinInput } from '../api/types'

export type CheckinKind = DutyCheckinInput['kind']

/** One check-in waiting on the phone. */
export interface QueuedCheckin {
  /** The Idempotency-Key, generated once when the button is pressed. */
  key: string
  /** Whose check-in: only that user's session sends it. */
  userId: string
  rosterId: string
  /** The site's name, to show the waiting check-in without the network. */
  siteName: string
  kind: CheckinKind
  lat: number
  lng: number
  accuracyM: number
  /** When the button was pressed, by the phone's clock (RFC 3339). */
  clientTime: string
  note?: string
  /**
   * 'pending' is retried until the server answers; 'refused' got a 4xx the
   * same request can never cure (kept and shown, never silently dropped).
   */
  state: 'pending' | 'refused'
  attempts: number
  /** The server's message for a refused check-in. */
  error?: string
}

/** Where the outbox lives: IndexedDB on the phone (store.ts), memory in tests. */
export interface OutboxStore {
  put(item: QueuedCheckin): Promise<void>
  delete(key: string): Promise<void>
  all(): Promise<QueuedCheckin[]>
}

export class MemoryOutbox implements OutboxStore {
  readonly items = new Map<string, QueuedCheckin>()
  async put(item: QueuedCheckin): Promise<void> {
    this.items.set(item.key, structuredClone(item))
  }
  async delete(key: string): Promise<void> {
    this.items.delete(key)
  }
  async all(): Promise<QueuedCheckin[]> {
    return [...this.items.values()].map((i) => structuredClone(i))
  }
}

export interface NewCheckin {
  userId: string
  rosterId: string
  siteName: string
  kind: CheckinKind
  lat: number
  lng: number
  accuracyM: number
  note?: string
}

/** A check-in as pressed now: a fresh key and the phone's time. */
export function makeCheckin(input: NewCheckin, now: Date = new Date(), newKey: () => string = () => crypto.randomUUID()): QueuedCheckin {
  return { ...input, key: newKey(), clientTime: now.toISOString(), state: 'pending', attempts: 0 }
}

/**
 * The request body. sent_at is the phone's clock at this send, so the
 * server can tell how long the check-in waited; every other field is the
 * same at each send, which is what lets the server replay on the key.
 */
export function requestBody(item: QueuedCheckin, sentAt: Date): DutyCheckinInput {
  const body: DutyCheckinInput = {
    roster_id: item.rosterId,
    kind: item.kind,
    lat: item.lat,
    lng: item.lng,
    accuracy_m: item.accuracyM,
    datum: 'wgs84',
    client_time: item.clientTime,
    sent_at: sentAt.toISOString(),
  }
  if (item.note) body.note = item.note
  return body
}

/** The user's waiting check-ins, oldest first: a check-out must follow its check-in. */
export async function waiting(store: OutboxStore, userId: string): Promise<QueuedCheckin[]> {
  const all = await store.all()
  return all.filter((i) => i.userId === userId).sort((a, b) => a.clientTime.localeCompare(b.clientTime))
}

export type Send = (key: string, body: DutyCheckinInput) => Promise<DutyCheckinAnswer>

export interface FlushResult {
  sent: { item: QueuedCheckin; answer: DutyCheckinAnswer }[]
  refused: QueuedCheckin[]
  /** Still waiting: offline, the server busy or the session gone. */
  left: number
}

/**
 * Whether an error says this very request will never succeed. Offline,
 * 401 (the session is renewed and the outbox flushed again), 408, 429 and
 * 5xx are worth another try later; other 4xx are about the request itself.
 */
export function isFinal(err: unknown): err is ApiError {
  if (!(err instanceof ApiError)) return false
  if (err.status === 401 || err.status === 408 || err.status === 429) return false
  return err.status >= 400 && err.status < 500
}

/**
 * Sends the user's pending check-ins one by one, oldest first. The first
 * error that is not final stops the round (the rest would fail the same
 * way, and order matters); the items stay for the next round.
 */
export async function flushOutbox(store: OutboxStore, userId: string, send: Send, now: () => Date = () => new Date()): Promise<FlushResult> {
  const result: FlushResult = { sent: [], refused: [], left: 0 }
  const items = (await waiting(store, userId)).filter((i) => i.state === 'pending')
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!
    item.attempts++
    try {
      const answer = await send(item.key, requestBody(item, now()))
      await store.delete(item.key)
      result.sent.push({ item, answer })
    } catch (err) {
      if (isFinal(err)) {
        item.state = 'refused'
        item.error = err.message || `HTTP ${err.status}`
        await store.put(item)
        result.refused.push(item)
        continue
      }
      await store.put(item)
      result.left = items.length - i
      if (!(err instanceof NetworkError) && !(err instanceof ApiError)) throw err
      return result
    }
  }
  return result
}

/**
 * One flush at a time per outbox: the online event, the timer and a tap can
 * all ask at once, and two rounds would send each item twice (harmless for
 * the server, wasteful on a weak signal). A call during a round gets one
 * more round after it, since the running one may have read the outbox
 * before the check-in just pressed.
 */
export function singleFlight(flush: () => Promise<FlushResult>): () => Promise<FlushResult> {
  let running: Promise<FlushResult> | null = null
  let queued: Promise<FlushResult> | null = null
  const start = (): Promise<FlushResult> => {
    running = flush().finally(() => (running = null))
    return running
  }
  return () => {
    if (!running) return start()
    if (!queued) {
      queued = running.catch(() => undefined).then(() => {
        queued = null
        return start()
      })
    }
    return queued
  }
}
