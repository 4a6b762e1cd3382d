// How the roster is searched. A whole ID number never goes into the address
// (proxies, browser history and access logs keep addresses): it is sent in
// the body of POST /api/v1/students/search. The server refuses it in ?q=.

/** The search text as the server compares it: full-width forms folded, spaces dropped, x upper-cased. */
export function normalizeSearch(q: string): string {
  return q.normalize('NFKC').replace(/\s+/g, '').toUpperCase()
}

/**
 * True when the text is, or is meant to be, a whole ID number (18 characters
 * ending in a digit or X, or 15 digits), valid or not; mirrors the server's
 * students.LooksLikeIDNumber so the two never disagree about where it goes.
 */
export function looksLikeIdNumber(q: string): boolean {
  const s = normalizeSearch(q)
  return /^\d{17}[\dX]$/.test(s) || /^\d{15}$/.test(s)
}

/** The guardian part of a list card; empty when nothing was entered. */
export function guardianParts(s: { guardian_name: string; guardian_phone: string }): string[] {
  return [s.guardian_name, s.guardian_phone].filter((v) => v !== '')
}
