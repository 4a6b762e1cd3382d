// The things a finding can be about, read from the lists the auditor can
// already see: schools of the campaign's area, enterprises, plans and
// placements. The server still checks the target lies in the campaign's
// scope and names target_id when it does not.
import type { ApiClient } from '../api/client'
import type { Org, Plan } from '../api/types'
import type { Placement } from '../placements/types'
import type { PickerOption } from '../components/picker'
import { messages as m } from '../messages'
import type { Campaign, TargetKind } from './types'

const PAGE = 100

export function orgOption(org: Pick<Org, 'id' | 'name' | 'division_code' | 'division_name'>): PickerOption {
  return { value: org.id, label: org.name, description: org.division_name ?? org.division_code }
}

export function planOption(p: Pick<Plan, 'id' | 'title' | 'school_name' | 'status_name'>): PickerOption {
  return { value: p.id, label: p.title, description: [p.school_name, p.status_name].filter(Boolean).join(' · ') }
}

export function placementOption(
  p: Pick<Placement, 'id' | 'student_name' | 'post_name' | 'school_name' | 'enterprise_name' | 'status_name'>,
): PickerOption {
  return {
    value: p.id,
    label: [p.student_name, p.post_name].filter(Boolean).join(' · '),
    description: [p.school_name, p.enterprise_name, p.status_name].filter(Boolean).join(' · '),
  }
}

/** Matches the query in the label or the description; every option for an empty query. */
export function matchOptions(options: readonly PickerOption[], query: string): PickerOption[] {
  const q = query.trim()
  if (!q) return [...options]
  return options.filter((o) => o.label.includes(q) || (o.description ?? '').includes(q))
}

/** Candidates of a kind for the target picker, searched by name. */
export async function searchTargets(api: ApiClient, kind: TargetKind, campaign: Campaign, query: string): Promise<PickerOption[]> {
  const q = query.trim() || undefined
  switch (kind) {
    case 'school': {
      const res = await api.get('/api/v1/orgs', { query: { kind: 'school', division: campaign.division_code, q, limit: PAGE } })
      return res.items.map(orgOption)
    }
    case 'enterprise': {
      // A host outside the area is in scope when the area's schools place
      // students there, so the list is not narrowed by division.
      const res = await api.get('/api/v1/orgs', { query: { kind: 'enterprise', q, limit: PAGE } })
      return res.items.map(orgOption)
    }
    case 'plan': {
      const res = await api.get('/api/v1/plans', { query: { division: campaign.division_code, limit: PAGE } })
      return matchOptions(res.items.map(planOption), query)
    }
    case 'placement': {
      const res = await api.get('/api/v1/placements', { query: { limit: PAGE } })
      return matchOptions(res.items.map(placementOption), query)
    }
  }
}

/** The target a complaint points at, to start the form with: its school, else its enterprise. */
export function complaintTarget(c: {
  school_id: string | null
  school_name: string
  enterprise_id: string | null
  enterprise_name: string
  enterprise_matched: string
}): { kind: TargetKind; option: PickerOption } | null {
  if (c.school_id) return { kind: 'school', option: { value: c.school_id, label: c.school_name } }
  if (c.enterprise_id) return { kind: 'enterprise', option: { value: c.enterprise_id, label: c.enterprise_matched || c.enterprise_name } }
  return null
}

/** The kind's name, for labels built around it. */
export function targetKindName(kind: TargetKind | string): string {
  return (m.inspections.targetKinds as Record<string, string>)[kind] ?? kind
}
