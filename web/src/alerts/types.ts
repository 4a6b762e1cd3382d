// Short names for the alert schemas of the OpenAPI document
// (schema.d.ts is generated from ../internal/apidoc/openapi.json).
import type { components } from '../api/schema'

type Schemas = components['schemas']

export type Alert = Schemas['Alert']
export type AlertList = Schemas['AlertList']
export type AlertSummary = Schemas['AlertSummary']
export type AlertHistoryEntry = Schemas['AlertHistoryEntry']
export type AlertSeverity = Alert['severity']
export type AlertStatus = Alert['status']
export type AlertAction = Alert['actions'][number]
export type AlertHistoryAction = AlertHistoryEntry['action']

/**
 * The rules that raise alerts (domain.md §7), in the order the filter
 * offers them: what threatens a student first, paperwork last. The server
 * names each rule in `rule_name`; the filter needs the names before any
 * alert has arrived, so they are in messages.ts too.
 */
export const ALERT_RULES = [
  'A-INCIDENT',
  'A-INCIDENT-UNACKED',
  'A-COMPLAINT',
  'A-DUTY-MISSED',
  'A-PATROL-GAP',
  'A-CHECKIN-ANOMALY',
  'A-RESTDAY-WORK',
  'A-NOT-FILED',
  'A-INSURANCE',
  'A-PAY-MISSING',
  'A-PAY-LOW',
  'A-FEES',
  'A-QUOTA',
  'A-RECTIFY-OVERDUE',
] as const
export type AlertRule = (typeof ALERT_RULES)[number]

/** Most severe first, as the server sorts. */
export const SEVERITIES: readonly AlertSeverity[] = ['critical', 'serious', 'minor']

/** The buttons of the detail page, in the order they stand. */
export const ALERT_ACTIONS: readonly AlertAction[] = ['ack', 'resolve']

/** Limits the server enforces on the notes of ack and resolve. */
export const LIMITS = { note: 2000 } as const
