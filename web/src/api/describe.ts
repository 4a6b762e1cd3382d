import { messages, type Messages } from '../messages'
import { ApiError, NetworkError } from './client'
import { retryAfterSeconds, waitTime } from './retryAfter'

/** "请 N 分钟后再试" from a Retry-After header. */
export function rateLimitText(retryAfter: string | null, m: Messages = messages, now: number = Date.now()): string {
  const seconds = retryAfterSeconds(retryAfter, now)
  if (seconds === null) return m.errors.rateLimited
  const wait = waitTime(seconds)
  return wait.unit === 'seconds' ? m.errors.rateLimitedSeconds(wait.value) : m.errors.rateLimitedMinutes(wait.value)
}

/** One sentence for a toast or an alert, whatever went wrong. */
export function describeError(err: unknown, m: Messages = messages): string {
  if (err instanceof NetworkError) return m.errors.network
  if (!(err instanceof ApiError)) return m.errors.server()
  if (err.status === 429) return rateLimitText(err.retryAfter, m)
  if (err.status >= 500) return m.errors.server(err.requestId)
  // The server's messages are Chinese and meant for the user (Error schema).
  if (err.message) return err.message
  switch (err.status) {
    case 400:
      return m.errors.invalidInput
    case 401:
      return m.errors.unauthorized
    case 403:
      return m.errors.forbidden
    case 404:
      return m.errors.notFound
    case 409:
      return m.errors.conflict
    default:
      return m.errors.generic(err.status)
  }
}
