// The alert endpoints as a server with nothing to report answers them, for
// the tests of other features that mount the whole app: the shell's alert
// store asks for the counts and opens the live stream for every user who
// has an inbox, and those calls must neither fail nor trigger a refresh.
export function quietAlerts(path: string): Response | undefined {
  if (path === '/api/v1/alerts/summary') return Response.json({ open: 0, acknowledged: 0, open_critical: 0, to_act: 0 })
  if (path === '/api/v1/alerts') return Response.json({ items: [], next_cursor: null })
  // 403 ends the stream for good: no reconnect timers outlive the test.
  if (path === '/api/v1/alerts/stream') return Response.json({ error: { code: 'FORBIDDEN', message: '' } }, { status: 403 })
  return undefined
}
