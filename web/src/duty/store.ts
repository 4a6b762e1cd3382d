// IndexedDB on the phone: the outbox of check-ins (queue.ts) and the last
// answer of GET /duty/today per teacher, so that the duty page can show the
// sites and take a check-in with no network at all. IndexedDB rather than
// localStorage: it survives the browser clearing "site data" less eagerly on
// Android, is readable from a service worker, and writes are transactional.
import type { DutyToday } from '../api/types'
import type { OutboxStore, QueuedCheckin } from './queue'

const DB_NAME = 'huhang-duty'
const DB_VERSION = 1
const OUTBOX = 'outbox'
const TODAY = 'today'

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
  })
}

export function openDutyDb(factory: IDBFactory = indexedDB): Promise<IDBDatabase> {
  const req = factory.open(DB_NAME, DB_VERSION)
  req.onupgradeneeded = () => {
    const db = req.result
    if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: 'key' })
    if (!db.objectStoreNames.contains(TODAY)) db.createObjectStore(TODAY, { keyPath: 'userId' })
  }
  return done(req)
}

/** The outbox in IndexedDB; a write resolves once it is committed to disk. */
export class IdbOutbox implements OutboxStore {
  constructor(private readonly db: Promise<IDBDatabase>) {}

  private async write(action: (s: IDBObjectStore) => void): Promise<void> {
    const tx = (await this.db).transaction(OUTBOX, 'readwrite')
    action(tx.objectStore(OUTBOX))
    await committed(tx)
  }

  put(item: QueuedCheckin): Promise<void> {
    return this.write((s) => s.put(item))
  }

  delete(key: string): Promise<void> {
    return this.write((s) => s.delete(key))
  }

  async all(): Promise<QueuedCheckin[]> {
    const tx = (await this.db).transaction(OUTBOX, 'readonly')
    return done(tx.objectStore(OUTBOX).getAll() as IDBRequest<QueuedCheckin[]>)
  }
}

interface TodayRecord {
  userId: string
  today: DutyToday
}

/** The last GET /duty/today of a teacher, for opening the page offline. */
export async function saveToday(db: Promise<IDBDatabase>, userId: string, today: DutyToday): Promise<void> {
  const tx = (await db).transaction(TODAY, 'readwrite')
  // One teacher's duties at a time: offline, the page shows the last one's.
  tx.objectStore(TODAY).clear()
  tx.objectStore(TODAY).put({ userId, today } satisfies TodayRecord)
  await committed(tx)
}

export async function loadToday(db: Promise<IDBDatabase>, userId: string): Promise<DutyToday | null> {
  const tx = (await db).transaction(TODAY, 'readonly')
  const rec = (await done(tx.objectStore(TODAY).get(userId))) as TodayRecord | undefined
  return rec?.today ?? null
}

/** The teacher the phone last showed duties for: whose outbox to show offline. */
export async function lastUser(db: Promise<IDBDatabase>): Promise<string | null> {
  const tx = (await db).transaction(TODAY, 'readonly')
  const keys = (await done(tx.objectStore(TODAY).getAllKeys())) as string[]
  return keys[0] ?? null
}

/**
 * Signing out forgets the saved duties, so the next person holding the
 * phone cannot open them offline. The outbox stays: its check-ins are the
 * teacher's record and go out at the teacher's next sign-in.
 */
export async function forgetToday(factory: IDBFactory = indexedDB): Promise<void> {
  const db = await openDutyDb(factory)
  try {
    const tx = db.transaction(TODAY, 'readwrite')
    tx.objectStore(TODAY).clear()
    await committed(tx)
  } finally {
    db.close()
  }
}
