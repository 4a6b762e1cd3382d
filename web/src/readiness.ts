import { messages, type Messages } from './messages'

/** What one call of GET /readyz produced, before any interpretation. */
export type ReadinessOutcome =
  | { kind: 'response'; httpStatus: number; body: unknown }
  | { kind: 'network-error' }
  | { kind: 'timeout' }

export type ReadinessLevel = 'ok' | 'down' | 'unknown'

export interface ReadinessView {
  level: ReadinessLevel
  /** Localized text for the 服务状态 cell. */
  text: string
  /** Names of dependencies the server reported as failing, as sent. */
  failing: string[]
}

interface ReadyzBody {
  status?: unknown
  checks?: unknown
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Dependencies whose check is anything but "ok". The server puts the error
 * text in place of "ok", so any other value (or a non-string) counts as down.
 * Sorted so the display does not depend on JSON key order.
 */
export function failingChecks(body: unknown): string[] {
  if (!isRecord(body) || !isRecord((body as ReadyzBody).checks)) return []
  const checks = (body as ReadyzBody).checks as Record<string, unknown>
  return Object.keys(checks)
    .filter((name) => checks[name] !== 'ok')
    .sort()
}

/**
 * Turns a /readyz outcome into what the home page shows. Pure, so every
 * failure mode can be unit tested without a server.
 */
export function describeReadiness(outcome: ReadinessOutcome, m: Messages = messages): ReadinessView {
  const r = m.readiness
  if (outcome.kind === 'network-error') return { level: 'down', text: r.networkError, failing: [] }
  if (outcome.kind === 'timeout') return { level: 'down', text: r.timeout, failing: [] }

  const { httpStatus, body } = outcome
  const failing = failingChecks(body)
  // A named failing dependency is the most useful thing to tell an operator,
  // whatever the HTTP status says.
  if (failing.length > 0) {
    const names = failing.map((name) => r.dependencyNames[name] ?? name)
    return { level: 'down', text: r.dependenciesDown(names), failing }
  }
  if (httpStatus === 200) {
    // A 200 without the expected JSON usually means the request never reached
    // the API (e.g. an SPA fallback answered with index.html), so it proves
    // nothing about the dependencies.
    if (isRecord(body) && body.status === 'ok') return { level: 'ok', text: r.ok, failing }
    return { level: 'unknown', text: r.badResponse, failing }
  }
  if (httpStatus === 503) return { level: 'down', text: r.unavailable(httpStatus), failing }
  return { level: 'down', text: r.httpError(httpStatus), failing }
}

export const READYZ_PATH = '/readyz'
export const READYZ_TIMEOUT_MS = 8000

/**
 * Performs GET /readyz and never throws: every failure becomes an outcome, so
 * the caller only has to render it. A body that is not JSON becomes null.
 */
export async function fetchReadiness(
  fetchImpl: typeof fetch = fetch,
  timeoutMs: number = READYZ_TIMEOUT_MS,
): Promise<ReadinessOutcome> {
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, timeoutMs)
  try {
    const res = await fetchImpl(READYZ_PATH, {
      headers: { Accept: 'application/json' },
      // Readiness must reflect now, not whatever a proxy or the browser kept.
      cache: 'no-store',
      signal: controller.signal,
    })
    let body: unknown = null
    try {
      body = await res.json()
    } catch {
      body = null
    }
    return { kind: 'response', httpStatus: res.status, body }
  } catch {
    return timedOut ? { kind: 'timeout' } : { kind: 'network-error' }
  } finally {
    clearTimeout(timer)
  }
}
