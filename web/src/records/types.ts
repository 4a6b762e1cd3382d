// Short names for the joint-supervision schemas of the OpenAPI document
// (schema.d.ts is generated from ../internal/apidoc/openapi.json).
import type { components } from '../api/schema'
import { ApiError } from '../api/client'

type Schemas = components['schemas']

export type SupervisionRecord = Schemas['SupervisionRecord']
export type RecordKind = SupervisionRecord['kind']
export type RecordStatus = SupervisionRecord['status']
export type RecordAction = SupervisionRecord['can'][number]
export type IncidentKind = NonNullable<SupervisionRecord['incident_kind']>
export type RecordInput = Schemas['SupervisionRecordInput']
export type Patrol = Schemas['Patrol']
export type PatrolInput = Schemas['PatrolInput']
export type Presence = PatrolInput['lines'][number]['presence']
export type RosterInterns = Schemas['RosterInterns']

export const INCIDENT_KINDS: readonly IncidentKind[] = ['injury', 'missing', 'abuse', 'unpaid', 'other']
export const PRESENCES: readonly Presence[] = ['present', 'absent', 'concern']

/** The tag colour of a record's status: waiting is warning, disputes and reports are danger. */
export function statusTone(status: RecordStatus): 'warning' | 'success' | 'danger' | 'primary' | 'default' {
  switch (status) {
    case 'awaiting_countersign':
      return 'warning'
    case 'countersigned':
    case 'closed':
      return 'success'
    case 'disputed':
    case 'reported':
      return 'danger'
    case 'acknowledged':
      return 'primary'
  }
}

/** An incident still being handled marks its placement. */
export function isOpenIncident(r: Pick<SupervisionRecord, 'kind' | 'status'>): boolean {
  return r.kind === 'incident' && (r.status === 'reported' || r.status === 'acknowledged')
}

/** A local "YYYY-MM-DDTHH:mm" for a datetime-local input, and back to RFC 3339 with the offset. */
export function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

export function fromLocalInput(value: string): string {
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return value
  const offset = -d.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0')
  return `${toLocalInput(d)}:00${sign}${pad(offset / 60)}:${pad(offset % 60)}`
}

/** Field → message of a refused request, so each message shows beside its input ("lines[2].note" as sent). */
export function fieldErrorsOf(err: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!(err instanceof ApiError)) return out
  for (const d of err.details) {
    if ('field' in d && typeof d.field === 'string' && !(d.field in out)) out[d.field] = d.message
  }
  return out
}
