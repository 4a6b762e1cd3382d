// The alert calls of the API, in one place for the store and the pages.
import type { ApiClient } from '../api/client'
import { listQuery, type AlertFilter } from './alerts'
import type { Alert, AlertList, AlertSummary } from './types'

/** A page of the inbox, most severe first, then oldest. */
export function listAlerts(api: ApiClient, filter: AlertFilter, cursor?: string, limit = 50): Promise<AlertList> {
  return api.get('/api/v1/alerts', { query: { ...listQuery(filter), limit, cursor } })
}

/** The badge's counts. A background call: the pages' own requests report a lost session. */
export function getAlertSummary(api: ApiClient): Promise<AlertSummary> {
  return api.get('/api/v1/alerts/summary', { reportSessionLoss: false })
}

/** One alert with its history. */
export function getAlert(api: ApiClient, id: string): Promise<Alert> {
  return api.get('/api/v1/alerts/{id}', { path: { id } })
}

export function ackAlert(api: ApiClient, id: string, note: string): Promise<Alert> {
  const text = note.trim()
  return api.post('/api/v1/alerts/{id}/ack', { path: { id }, body: text ? { note: text } : {} })
}

export function resolveAlert(api: ApiClient, id: string, note: string): Promise<Alert> {
  return api.post('/api/v1/alerts/{id}/resolve', { path: { id }, body: { note: note.trim() } })
}
