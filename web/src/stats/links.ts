// Where the dashboard lives, for links from other screens. Kept free of
// imports so that access.ts and router.ts can both use it.

export const STATS_PATH = '/stats'

/** The dashboard of a division, or of one school in it. */
export function statsLink(division: string, school?: string | null): string {
  const query = new URLSearchParams({ division })
  if (school) query.set('school', school)
  return `${STATS_PATH}?${query.toString()}`
}
