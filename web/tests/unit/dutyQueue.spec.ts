import { describe, expect, it } from 'vitest'
import { IDBFactory } from 'fake-indexeddb'
import { ApiError, NetworkError } from '../../src/api/client'
import type { DutyCheckinAnswer, DutyCheckinInput } from '../../src/api/types'
import {
  flushOutbox,
  isFinal,
  makeCheckin,
  MemoryOutbox,
  requestBody,
  singleFlight,
  waiting,
  type FlushResult,
  type NewCheckin,
  type OutboxStore,
  type QueuedCheckin,
} from '../../src/duty/queue'
import { forgetToday, IdbOutbox, lastUser, loadToday, openDutyDb, saveToday } from '../../src/duty/store'
import { addDays, calendarWeeks, isoWeekday, weekdaysText } from '../../src/duty/calendar'

const ROSTER = '0190f000-0000-7000-8000-000000000001'

function pressed(kind: 'in' | 'out', at: string, userId = 'teacher-1'): QueuedCheckin {
  const input: NewCheckin = { userId, rosterId: ROSTER, siteName: 'site', kind, lat: 31.86, lng: 106.75, accuracyM: 12 }
  let n = 0
  return makeCheckin(input, new Date(at), () => `key-${kind}-${at}-${n++}`)
}

/**
 * The server's side of the contract: one row per Idempotency-Key, and a
 * retry with the same key and body (sent_at aside) gets the first answer.
 */
class FakeServer {
  rows = new Map<string, { body: DutyCheckinInput; answer: DutyCheckinAnswer }>()
  calls: { key: string; body: DutyCheckinInput }[] = []
  /** Failures to give, in order, before answering normally. */
  failures: unknown[] = []
  /** Store the row, then lose the answer on the way back (the signal dropped). */
  loseAnswers = 0

  send = async (key: string, body: DutyCheckinInput): Promise<DutyCheckinAnswer> => {
    this.calls.push({ key, body })
    const failure = this.failures.shift()
    if (failure) throw failure
    const { sent_at: _ignored, ...asked } = body
    let row = this.rows.get(key)
    if (row) {
      const { sent_at: _first, ...before } = row.body
      if (JSON.stringify(before) !== JSON.stringify(asked)) throw new ApiError({ status: 422, code: 'IDEMPOTENCY_MISMATCH', message: 'mismatch' })
    } else {
      row = {
        body,
        answer: {
          id: `row-${this.rows.size + 1}`,
          roster_id: body.roster_id,
          kind: body.kind,
          in_fence: true,
          distance_m: 20,
          anomalies: [],
          occurred_at: body.client_time,
          delayed_s: 0,
        },
      }
      this.rows.set(key, row)
    }
    if (this.loseAnswers > 0) {
      this.loseAnswers--
      throw new NetworkError(new TypeError('Failed to fetch'))
    }
    return row.answer
  }
}

const offline = () => new NetworkError(new TypeError('Failed to fetch'))

describe('duty outbox', () => {
  it('makes each press a new key and keeps the moment it was pressed', () => {
    const a = makeCheckin({ userId: 'u', rosterId: ROSTER, siteName: 's', kind: 'in', lat: 1, lng: 2, accuracyM: 3 }, new Date('2026-03-02T00:30:00Z'))
    const b = makeCheckin({ userId: 'u', rosterId: ROSTER, siteName: 's', kind: 'in', lat: 1, lng: 2, accuracyM: 3 })
    expect(a.key).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(a.key).not.toBe(b.key)
    expect(a.clientTime).toBe('2026-03-02T00:30:00.000Z')
    expect(a.state).toBe('pending')
  })

  it('sends WGS-84 with the press time, and a fresh sent_at at each send', () => {
    const item = pressed('in', '2026-03-02T00:30:00Z')
    const first = requestBody(item, new Date('2026-03-02T00:30:01Z'))
    const later = requestBody(item, new Date('2026-03-02T02:00:00Z'))
    expect(first).toEqual({
      roster_id: ROSTER,
      kind: 'in',
      lat: 31.86,
      lng: 106.75,
      accuracy_m: 12,
      datum: 'wgs84',
      client_time: '2026-03-02T00:30:00.000Z',
      sent_at: '2026-03-02T00:30:01.000Z',
    })
    expect({ ...later, sent_at: first.sent_at }).toEqual(first)
    expect(later.sent_at).toBe('2026-03-02T02:00:00.000Z')
  })

  it('sends the waiting check-ins oldest first and empties the outbox', async () => {
    const store = new MemoryOutbox()
    const server = new FakeServer()
    await store.put(pressed('out', '2026-03-02T09:00:00Z'))
    await store.put(pressed('in', '2026-03-02T00:30:00Z'))
    const result = await flushOutbox(store, 'teacher-1', server.send)
    expect(server.calls.map((c) => c.body.kind)).toEqual(['in', 'out'])
    expect(result.sent).toHaveLength(2)
    expect(result.left).toBe(0)
    expect(await store.all()).toEqual([])
  })

  it('keeps everything while offline and sends it once the network is back', async () => {
    const store = new MemoryOutbox()
    const server = new FakeServer()
    await store.put(pressed('in', '2026-03-02T00:30:00Z'))
    await store.put(pressed('out', '2026-03-02T09:00:00Z'))
    server.failures = [offline()]
    const first = await flushOutbox(store, 'teacher-1', server.send)
    expect(first).toMatchObject({ sent: [], refused: [], left: 2 })
    // The round stopped at the first failure: the check-out never went ahead of its check-in.
    expect(server.calls).toHaveLength(1)
    expect((await store.all()).map((i) => [i.kind, i.state, i.attempts])).toEqual(
      expect.arrayContaining([
        ['in', 'pending', 1],
        ['out', 'pending', 0],
      ]),
    )
    const second = await flushOutbox(store, 'teacher-1', server.send)
    expect(second.sent).toHaveLength(2)
    expect(server.rows.size).toBe(2)
    expect(await store.all()).toEqual([])
  })

  it('counts a check-in once when the answer was lost after the server stored it', async () => {
    const store = new MemoryOutbox()
    const server = new FakeServer()
    const item = pressed('in', '2026-03-02T00:30:00Z')
    await store.put(item)
    server.loseAnswers = 1
    await flushOutbox(store, 'teacher-1', server.send, () => new Date('2026-03-02T00:30:01Z'))
    expect(await waiting(store, 'teacher-1')).toHaveLength(1)
    const again = await flushOutbox(store, 'teacher-1', server.send, () => new Date('2026-03-02T00:45:00Z'))
    expect(again.sent).toHaveLength(1)
    expect(again.sent[0]!.answer.id).toBe('row-1')
    // The same key both times, with only sent_at changed: one row.
    expect(server.calls.map((c) => c.key)).toEqual([item.key, item.key])
    expect(server.calls.map((c) => c.body.sent_at)).toEqual(['2026-03-02T00:30:01.000Z', '2026-03-02T00:45:00.000Z'])
    expect(server.rows.size).toBe(1)
  })

  it('keeps a check-in the server refused, marked and never resent', async () => {
    const store = new MemoryOutbox()
    const server = new FakeServer()
    await store.put(pressed('in', '2026-03-02T00:30:00Z'))
    await store.put(pressed('out', '2026-03-02T09:00:00Z'))
    server.failures = [new ApiError({ status: 404, code: 'NOT_FOUND', message: 'roster gone' })]
    const result = await flushOutbox(store, 'teacher-1', server.send)
    expect(result.refused.map((r) => [r.kind, r.error])).toEqual([['in', 'roster gone']])
    // A refusal of one does not hold back the others.
    expect(result.sent.map((s) => s.item.kind)).toEqual(['out'])
    const left = await store.all()
    expect(left.map((i) => [i.kind, i.state])).toEqual([['in', 'refused']])
    await flushOutbox(store, 'teacher-1', server.send)
    expect(server.calls).toHaveLength(2)
  })

  it('retries later after a lost session, throttling or a server error', () => {
    for (const status of [401, 408, 429, 500, 502, 503]) expect(isFinal(new ApiError({ status, code: 'X', message: '' }))).toBe(false)
    for (const status of [400, 403, 404, 409, 415, 422]) expect(isFinal(new ApiError({ status, code: 'X', message: '' }))).toBe(true)
    expect(isFinal(offline())).toBe(false)
  })

  it("never sends another user's check-ins", async () => {
    const store = new MemoryOutbox()
    const server = new FakeServer()
    await store.put(pressed('in', '2026-03-02T00:30:00Z', 'teacher-2'))
    const result = await flushOutbox(store, 'teacher-1', server.send)
    expect(result.sent).toEqual([])
    expect(server.calls).toEqual([])
    expect(await waiting(store, 'teacher-2')).toHaveLength(1)
  })

  it('runs one round at a time, and one more for a press during a round', async () => {
    let rounds = 0
    let release: () => void = () => {}
    const flush = singleFlight(async (): Promise<FlushResult> => {
      rounds++
      if (rounds === 1) await new Promise<void>((r) => (release = r))
      return { sent: [], refused: [], left: 0 }
    })
    const a = flush()
    const b = flush()
    const c = flush()
    expect(rounds).toBe(1)
    expect(b).toBe(c)
    release()
    await Promise.all([a, b, c])
    expect(rounds).toBe(2)
  })
})

describe('duty outbox in IndexedDB', () => {
  async function reopen(factory: IDBFactory): Promise<{ db: Promise<IDBDatabase>; store: OutboxStore }> {
    const db = openDutyDb(factory)
    return { db, store: new IdbOutbox(db) }
  }

  it('keeps waiting check-ins across a reload of the page', async () => {
    const factory = new IDBFactory()
    const first = await reopen(factory)
    const item = pressed('in', '2026-03-02T00:30:00Z')
    await first.store.put(item)
    ;(await first.db).close()

    const second = await reopen(factory)
    expect(await second.store.all()).toEqual([item])
    const server = new FakeServer()
    const result = await flushOutbox(second.store, 'teacher-1', server.send)
    expect(result.sent).toHaveLength(1)
    expect(await second.store.all()).toEqual([])
  })

  it("keeps the last teacher's duties for opening the page offline", async () => {
    const factory = new IDBFactory()
    const { db } = await reopen(factory)
    expect(await lastUser(db)).toBeNull()
    const today = { date: '2026-03-02', rest_day: false, items: [] }
    await saveToday(db, 'teacher-1', today)
    await saveToday(db, 'teacher-2', { ...today, rest_day: true })
    expect(await lastUser(db)).toBe('teacher-2')
    expect(await loadToday(db, 'teacher-2')).toEqual({ ...today, rest_day: true })
    // One teacher's duties at a time on a phone.
    expect(await loadToday(db, 'teacher-1')).toBeNull()
  })

  it('forgets the saved duties on sign-out but keeps the unsent check-ins', async () => {
    const factory = new IDBFactory()
    const { db, store } = await reopen(factory)
    const item = pressed('in', '2026-03-02T00:30:00Z')
    await store.put(item)
    await saveToday(db, 'teacher-1', { date: '2026-03-02', rest_day: false, items: [] })
    ;(await db).close()
    await forgetToday(factory)
    const again = await reopen(factory)
    expect(await lastUser(again.db)).toBeNull()
    expect(await again.store.all()).toEqual([item])
  })
})

describe('duty calendar', () => {
  it('names weekdays in order', () => {
    expect(weekdaysText([5, 1, 3])).toBe('一、三、五')
  })

  it('lays out whole weeks, Monday first', () => {
    // 2026-03-04 is a Wednesday.
    expect(isoWeekday('2026-03-04')).toBe(3)
    expect(isoWeekday('2026-03-08')).toBe(7)
    const weeks = calendarWeeks('2026-03-04', '2026-03-10')
    expect(weeks).toEqual([
      [null, null, '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08'],
      ['2026-03-09', '2026-03-10', null, null, null, null, null],
    ])
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(calendarWeeks('2026-03-10', '2026-03-09')).toEqual([])
  })
})
