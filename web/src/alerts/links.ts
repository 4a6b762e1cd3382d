// Where the alert screens live, for links from other screens. Kept free of
// imports so that access.ts and router.ts could both use it.

export const ALERTS_PATH = '/alerts'

export function alertPath(id: string): string {
  return `${ALERTS_PATH}/${encodeURIComponent(id)}`
}
