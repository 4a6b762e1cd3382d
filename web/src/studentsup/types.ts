// Short names for the student-supervision schemas (logs, leave, assessment,
// archive), generated from the OpenAPI document like every other type.
import type { components } from '../api/schema'

type Schemas = components['schemas']

export type StudentLog = Schemas['StudentLog']
export type StudentLogList = Schemas['StudentLogList']
export type Leave = Schemas['Leave']
export type Assessment = Schemas['Assessment']
export type AssessmentPart = Schemas['AssessmentPart']
export type Archive = Schemas['Archive']
export type LogSide = Schemas['StudentLogReview']['side']
