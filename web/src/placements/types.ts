// Short names for the placement schemas of the OpenAPI document (schema.d.ts
// is generated from ../internal/apidoc/openapi.json by `npm run gen:api`).
import type { components, operations } from '../api/schema'

type Schemas = components['schemas']

export type Placement = Schemas['Placement']
export type PlacementStatus = Placement['status']
export type PlacementDocument = Schemas['Document']
export type DocumentKind = PlacementDocument['kind']
export type AgreementInput = Schemas['AgreementInput']
export type Signer = AgreementInput['signers'][number]
export type ConsentInput = Schemas['ConsentInput']
export type TrainingInput = Schemas['TrainingInput']
export type InsuranceInput = Schemas['InsuranceInput']
export type InsurancePayer = InsuranceInput['payer']
export type PayRecord = Schemas['PayRecord']
export type PayRecordInput = Schemas['PayRecordInput']
export type PayMethod = PayRecordInput['method']
export type PayCorrectionInput = operations['correctPay']['requestBody']['content']['application/json']
export type FeeReport = Schemas['FeeReport']
export type FeeKind = FeeReport['kind']
export type BulkResult = Schemas['BulkResult']
export type BulkItem = Schemas['BulkItem']
export type UploadedFile = Schemas['File']
export type Student = Schemas['Student']

export const PLACEMENT_STATUSES = [
  'proposed',
  'confirmed',
  'declined',
  'ready',
  'active',
  'completed',
  'terminated',
  'transferred',
  'withdrawn',
] as const satisfies readonly PlacementStatus[]

export const DOCUMENT_KINDS = ['agreement', 'consent', 'training', 'insurance'] as const satisfies readonly DocumentKind[]
export const SIGNERS = ['school', 'enterprise', 'student', 'guardian'] as const satisfies readonly Signer[]
export const PAYERS = ['school', 'enterprise'] as const satisfies readonly InsurancePayer[]
export const FEE_KINDS = ['fee', 'deposit', 'guarantee', 'withheld_id'] as const satisfies readonly FeeKind[]
export const PAY_METHODS = ['bank_transfer', 'mobile_payment', 'cash', 'in_kind'] as const satisfies readonly PayMethod[]
