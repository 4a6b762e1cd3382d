// The shapes of GET /api/v1/stats/overview, from the contract.
import type { components } from '../api/schema'

type Schemas = components['schemas']

export type StatsOverview = Schemas['StatsOverview']
export type StatsFigures = Schemas['StatsFigures']
export type StatsWeek = Schemas['StatsWeek']
export type StatsCrumb = Schemas['StatsCrumb']
export type StatsChild = StatsOverview['children'][number]
export type StatsSchool = StatsOverview['schools'][number]
export type RiskHost = StatsOverview['risk']['hosts'][number]
export type RiskPlacement = StatsOverview['risk']['placements'][number]
