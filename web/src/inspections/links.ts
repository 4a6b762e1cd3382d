// Where the inspection screens live, for links from other screens (a
// complaint leads to the finding form; the 我的 page lists the board). Kept
// free of imports so that access.ts and router.ts can both use it.

export const CAMPAIGNS_PATH = '/campaigns'
export const CAMPAIGN_NEW_PATH = '/campaigns/new'
export const CAMPAIGN_PICK_PATH = '/campaigns/pick'
export const RECTIFICATIONS_PATH = '/rectifications'

export function campaignPath(id: string): string {
  return `${CAMPAIGNS_PATH}/${encodeURIComponent(id)}`
}

/** The finding form of a campaign, naming the complaint it records when there is one. */
export function findingNewLink(campaignId: string, complaintId?: string): string | { path: string; query: { complaint: string } } {
  const path = `${campaignPath(campaignId)}/findings/new`
  return complaintId ? { path, query: { complaint: complaintId } } : path
}

/** The list of open campaigns to record a referred complaint in. */
export function campaignPickLink(complaintId: string): { path: string; query: { complaint: string } } {
  return { path: CAMPAIGN_PICK_PATH, query: { complaint: complaintId } }
}

export function findingPath(id: string): string {
  return `/findings/${encodeURIComponent(id)}`
}

export function findingNoticePath(id: string): string {
  return `${findingPath(id)}/notice`
}
