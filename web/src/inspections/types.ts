// Short names for the inspection schemas of the OpenAPI document
// (schema.d.ts is generated from ../internal/apidoc/openapi.json).
import type { components } from '../api/schema'

type Schemas = components['schemas']

export type Campaign = Schemas['Campaign']
export type CampaignStatus = Campaign['status']
export type CampaignInput = Schemas['CampaignInput']
export type Method = CampaignInput['methods'][number]
export type ChecklistItem = Schemas['ChecklistItem']
export type Draw = Schemas['Draw']
export type DrawInput = Schemas['DrawInput']
export type DrawTargetKind = NonNullable<DrawInput['target_kind']>
export type DrawCandidate = Schemas['DrawCandidate']
export type Finding = Schemas['Finding']
export type FindingInput = Schemas['FindingInput']
export type TargetKind = FindingInput['target_kind']
export type Severity = Finding['severity']
export type FindingStatus = Finding['status']
export type FindingAction = Finding['actions'][number]
export type RectificationOrder = Schemas['RectificationOrder']
export type LedgerVerification = Schemas['LedgerVerification']

export const METHODS: readonly Method[] = ['documents', 'site_visit', 'student_talk', 'questionnaire']
export const TARGET_KINDS: readonly TargetKind[] = ['school', 'enterprise', 'plan', 'placement']
export const DRAW_TARGET_KINDS: readonly DrawTargetKind[] = ['school', 'enterprise', 'placement']
export const SEVERITIES: readonly Severity[] = ['minor', 'serious', 'critical']
/** The order the action buttons stand in: the step forward first. */
export const FINDING_ACTIONS: readonly FindingAction[] = ['order', 'start', 'submit', 'verify', 'close', 'reopen']

/** Limits the server enforces (internal/inspections), checked on the phone first. */
export const LIMITS = {
  title: 128,
  description: 2000,
  measure: 1000,
  person: 64,
  note: 1000,
  evidence: 9,
  drawTargets: 200,
  drawInspectors: 50,
  seed: 64,
} as const
