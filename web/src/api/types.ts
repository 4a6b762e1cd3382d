// Short names for the schemas of the OpenAPI document. schema.d.ts is
// generated from ../internal/apidoc/openapi.json (npm run gen:api), so a
// changed contract breaks `vue-tsc` here instead of at run time.
import type { components } from './schema'

type Schemas = components['schemas']

export type Me = Schemas['Me']
export type Role = Me['role']
export type Token = Schemas['Token']
export type Session = Schemas['Session']
export type Division = Schemas['Division']
export type Org = Schemas['Org']
export type OrgKind = Org['kind']
export type NewOrg = Schemas['NewOrg']
export type Enterprise = Schemas['Enterprise']
export type NewEnterprise = Schemas['NewEnterprise']
export type Datum = NewEnterprise['datum']
export type SafetyViolation = Schemas['SafetyViolation']
export type Post = Schemas['Post']
export type NewPost = Schemas['NewPost']
export type HighRisk = NonNullable<NewPost['high_risk']>[number]
export type Host = Schemas['Host']
export type NewHost = Schemas['NewHost']
export type User = Schemas['User']
export type NewUser = Schemas['NewUser']
export type ErrorBody = Schemas['Error']
export type FieldError = Schemas['FieldError']
export type Violation = Schemas['Violation']
export type ErrorDetail = FieldError | Violation
