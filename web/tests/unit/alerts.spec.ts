import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import App from '../../src/App.vue'
import { createAppRouter } from '../../src/router'
import { installVant } from '../../src/vant'
import { useAuthStore } from '../../src/stores/auth'
import { SUMMARY_SETTLE_MS, useAlertsStore } from '../../src/stores/alerts'
import {
  ageText,
  applyToSummary,
  filterFromQuery,
  knownOf,
  filterToQuery,
  listQuery,
  matchesFilter,
  mergeLive,
  orgsLine,
  ruleName,
  severityTone,
  uniqueById,
  validateAckNote,
  validateResolveNote,
  type AlertFilter,
  type KnownAlert,
} from '../../src/alerts/alerts'
import { alertPath } from '../../src/alerts/links'
import { ALERT_RULES, type Alert, type AlertSummary } from '../../src/alerts/types'
import { hasAlertInbox, routeRoles } from '../../src/access'
import { messages } from '../../src/messages'
import type { Me } from '../../src/api/types'

const ID1 = '0190a000-0000-7000-8000-0000000000a1'
const ID2 = '0190a000-0000-7000-8000-0000000000a2'
const ID3 = '0190a000-0000-7000-8000-0000000000a3'

function alert(over: Partial<Alert> = {}): Alert {
  return {
    id: ID1,
    rule: 'A-DUTY-MISSED',
    rule_name: '值守缺勤',
    severity: 'serious',
    status: 'open',
    title: '赵明 3 月 2 日未到岗值守',
    detail: '值守安排：巴中经开区精工机械有限公司，3 月 2 日无签到记录。',
    subject: { type: 'duty_roster', id: '0190a000-0000-7000-8000-0000000000d1' },
    link: '/duty/coverage?roster_id=0190a000-0000-7000-8000-0000000000d1',
    school_name: '通江县职业高级中学',
    enterprise_name: '巴中经开区精工机械有限公司',
    bureau_name: '通江县教育局',
    division_code: '511921',
    business_day: '2026-03-02',
    raised_at: '2026-03-02T10:00:00Z',
    acknowledged_at: null,
    acknowledged_by_name: null,
    resolved_at: null,
    resolved_by_name: null,
    resolve_note: null,
    escalation_level: 0,
    escalated_to_name: null,
    escalated_at: null,
    actions: ['ack', 'resolve'],
    ...over,
  }
}

/** The counts; a school acts on every open alert of its own, so to_act defaults to open. */
const summaryOf = (open: number, acknowledged = 0, openCritical = 0, toAct = open): AlertSummary => ({
  open,
  acknowledged,
  open_critical: openCritical,
  to_act: toAct,
})

const openToAct: KnownAlert = { status: 'open', toAct: true }
const openNotMine: KnownAlert = { status: 'open', toAct: false }

const openFilter: AlertFilter = { status: 'open', severity: '', rule: '' }

describe('alert helpers', () => {
  it('colours severities: critical red, serious orange, minor plain', () => {
    expect(severityTone('critical')).toBe('danger')
    expect(severityTone('serious')).toBe('warning')
    expect(severityTone('minor')).toBe('default')
  })

  it('reads the filters from the query, falling back to open and everything', () => {
    expect(filterFromQuery({})).toEqual(openFilter)
    expect(filterFromQuery({ status: 'all', severity: 'critical', rule: 'A-INCIDENT' })).toEqual({
      status: 'all',
      severity: 'critical',
      rule: 'A-INCIDENT',
    })
    expect(filterFromQuery({ status: 'bogus', severity: 'huge', rule: 'A-NOPE' })).toEqual(openFilter)
    expect(filterFromQuery({ status: ['resolved', 'open'] }).status).toBe('resolved')
  })

  it('writes only what differs from the default into the query; 全部 sends no status to the API', () => {
    expect(filterToQuery(openFilter)).toEqual({})
    expect(filterToQuery({ status: 'all', severity: 'minor', rule: 'A-FEES' })).toEqual({ status: 'all', severity: 'minor', rule: 'A-FEES' })
    expect(listQuery(openFilter)).toEqual({ status: 'open', severity: undefined, rule: undefined })
    expect(listQuery({ status: 'all', severity: 'critical', rule: 'A-INCIDENT' })).toEqual({
      status: undefined,
      severity: 'critical',
      rule: 'A-INCIDENT',
    })
  })

  it('matches an alert against the filters', () => {
    expect(matchesFilter(alert(), openFilter)).toBe(true)
    expect(matchesFilter(alert({ status: 'acknowledged' }), openFilter)).toBe(false)
    expect(matchesFilter(alert({ status: 'resolved' }), { ...openFilter, status: 'all' })).toBe(true)
    expect(matchesFilter(alert(), { ...openFilter, severity: 'critical' })).toBe(false)
    expect(matchesFilter(alert(), { ...openFilter, rule: 'A-DUTY-MISSED' })).toBe(true)
    expect(matchesFilter(alert(), { ...openFilter, rule: 'A-INCIDENT' })).toBe(false)
  })

  it('puts a new live alert on top and a changed one in its row', () => {
    const a = alert({ id: ID1 })
    const b = alert({ id: ID2 })
    const added = mergeLive([a, b], alert({ id: ID3, severity: 'critical' }), openFilter)
    expect(added.change).toBe('added')
    expect(added.items.map((x) => x.id)).toEqual([ID3, ID1, ID2])

    // Acknowledged elsewhere: the row stays where it is, showing its new state.
    const replaced = mergeLive([a, b], alert({ id: ID2, status: 'acknowledged' }), openFilter)
    expect(replaced.change).toBe('replaced')
    expect(replaced.items.map((x) => [x.id, x.status])).toEqual([
      [ID1, 'open'],
      [ID2, 'acknowledged'],
    ])

    // A new alert the filter does not show is left out.
    const skipped = mergeLive([a], alert({ id: ID3, rule: 'A-FEES' }), { ...openFilter, rule: 'A-INCIDENT' })
    expect(skipped.change).toBeNull()
    expect(skipped.items).toEqual([a])
  })

  it('shows an alert once when a later page brings one that arrived live', () => {
    expect(uniqueById([alert({ id: ID3, title: 'live' }), alert({ id: ID1 }), alert({ id: ID3, title: 'paged' })]).map((a) => a.title)).toEqual([
      'live',
      alert().title,
    ])
  })

  it('counts a just-raised alert as new, and moves a known one between counts', () => {
    const raised = applyToSummary(summaryOf(2, 1, 0), undefined, alert({ severity: 'critical' }))
    expect(raised).toEqual({ summary: summaryOf(3, 1, 1), exact: true })

    const acked = applyToSummary(summaryOf(3, 1, 1), openToAct, alert({ severity: 'critical', status: 'acknowledged', actions: ['resolve'] }))
    expect(acked).toEqual({ summary: summaryOf(2, 2, 0), exact: true })

    const resolved = applyToSummary(summaryOf(2, 2, 0), { status: 'acknowledged', toAct: false }, alert({ status: 'resolved', actions: [] }))
    expect(resolved.summary).toEqual(summaryOf(2, 1, 0))

    // An escalation of an alert already counted changes nothing.
    expect(applyToSummary(summaryOf(2, 1, 0), openToAct, alert({ escalation_level: 1 })).summary).toEqual(summaryOf(2, 1, 0))
  })

  it('knows an alert as to act on only while it is open and 确认收到 is offered', () => {
    expect(knownOf(alert())).toEqual(openToAct)
    expect(knownOf(alert({ actions: [] }))).toEqual(openNotMine)
    expect(knownOf(alert({ status: 'acknowledged', actions: ['resolve'] }))).toEqual({ status: 'acknowledged', toAct: false })
    // Even should a stale answer still offer ack, only an open alert waits for it.
    expect(knownOf(alert({ status: 'resolved', actions: ['ack', 'resolve'] })).toAct).toBe(false)
  })

  it('counts on the badge only what the organisation must act on', () => {
    // Raised, and this user's to act on: the badge grows.
    expect(applyToSummary(summaryOf(2, 0, 0, 1), undefined, alert())).toEqual({ summary: summaryOf(3, 0, 0, 2), exact: true })
    // A city bureau sees a county's fresh alert in its scope, with no actions: open only.
    expect(applyToSummary(summaryOf(2, 0, 0, 1), undefined, alert({ actions: [] }))).toEqual({ summary: summaryOf(3, 0, 0, 1), exact: true })

    // Acknowledged by anyone: it leaves the badge if it was on it, and only then.
    const ackedElsewhere = alert({ status: 'acknowledged', acknowledged_at: '2026-03-02T11:00:00Z', actions: [] })
    expect(applyToSummary(summaryOf(3, 0, 0, 2), openToAct, ackedElsewhere).summary).toEqual(summaryOf(2, 1, 0, 1))
    expect(applyToSummary(summaryOf(3, 0, 0, 2), openNotMine, ackedElsewhere).summary).toEqual(summaryOf(2, 1, 0, 2))
    // Resolved straight from open, too.
    expect(applyToSummary(summaryOf(3, 0, 0, 2), openToAct, alert({ status: 'resolved', actions: [] })).summary).toEqual(summaryOf(2, 0, 0, 1))

    // Escalated to this bureau: known as open with no actions, now offered 确认收到.
    const escalated = alert({ escalation_level: 1, escalated_to_name: '巴中市教育局', escalated_at: '2026-03-02T12:00:00Z' })
    expect(applyToSummary(summaryOf(3, 0, 0, 1), openNotMine, escalated)).toEqual({ summary: summaryOf(3, 0, 0, 2), exact: true })
    // Escalated past it (still open, nothing offered any more): it leaves.
    expect(applyToSummary(summaryOf(3, 0, 0, 2), openToAct, { ...escalated, actions: [] }).summary).toEqual(summaryOf(3, 0, 0, 1))
    // Escalated, but to someone else: nothing changes.
    expect(applyToSummary(summaryOf(3, 0, 0, 1), openNotMine, { ...escalated, actions: [] }).summary).toEqual(summaryOf(3, 0, 0, 1))
    // Escalated to this bureau before this phone ever saw it: the server says.
    expect(applyToSummary(summaryOf(3, 0, 0, 1), undefined, escalated).exact).toBe(false)

    // A move within open is not bent by a count that was already 0.
    expect(applyToSummary(summaryOf(0, 0, 0, 0), openNotMine, escalated).summary).toEqual(summaryOf(0, 0, 0, 1))
    expect(applyToSummary(summaryOf(1, 0, 0, 0), openToAct, alert({ status: 'resolved', actions: [] })).summary.to_act).toBe(0)
  })

  it('cannot tell what an alert never seen, and no longer fresh, changed', () => {
    expect(applyToSummary(summaryOf(2), undefined, alert({ status: 'acknowledged', acknowledged_at: '2026-03-02T11:00:00Z' })).exact).toBe(false)
    expect(applyToSummary(summaryOf(2), undefined, alert({ escalation_level: 1 })).exact).toBe(false)
    expect(applyToSummary(summaryOf(0), openToAct, alert({ status: 'resolved' })).summary.open).toBe(0)
  })

  it('says how long ago in words', () => {
    const at = Date.parse('2026-03-02T10:00:00Z')
    const iso = '2026-03-02T10:00:00Z'
    expect(ageText(iso, at + 30_000)).toBe('刚刚')
    expect(ageText(iso, at + 5 * 60_000)).toBe('5 分钟前')
    expect(ageText(iso, at + 3 * 3_600_000 + 59 * 60_000)).toBe('3 小时前')
    expect(ageText(iso, at + 2 * 86_400_000)).toBe('2 天前')
    expect(ageText(iso, at + 40 * 86_400_000)).toBe('2026-03-02')
  })

  it('names the organisations and the rule', () => {
    expect(orgsLine(alert())).toBe('通江县职业高级中学 · 巴中经开区精工机械有限公司')
    expect(orgsLine(alert({ school_name: null, enterprise_name: null }))).toBe('通江县教育局')
    expect(ruleName('A-INCIDENT', '')).toBe('突发事件')
    expect(ruleName('A-INCIDENT', '突发事件（人身伤害）')).toBe('突发事件（人身伤害）')
    expect(ruleName('A-NEW', '')).toBe('A-NEW')
    // Every rule the filter offers has a Chinese name.
    for (const rule of ALERT_RULES) expect(messages.alerts.rules[rule]).toMatch(/\p{Script=Han}/u)
  })

  it('requires a resolve note, and keeps both notes within 2000 characters', () => {
    expect(validateResolveNote('  ')).toBe('请填写处理情况')
    expect(validateResolveNote('已送医，无大碍')).toBe('')
    expect(validateResolveNote('字'.repeat(2001))).toBe('处理情况不能超过 2000 个字')
    expect(validateAckNote('')).toBe('')
    expect(validateAckNote('字'.repeat(2001))).toBe('备注不能超过 2000 个字')
  })

  it('gives an inbox to the admins and the bureaus only', () => {
    expect(routeRoles.alerts).toEqual(['school_admin', 'enterprise_admin', 'bureau_auditor', 'platform_admin'])
    expect(hasAlertInbox('school_admin')).toBe(true)
    expect(hasAlertInbox('teacher')).toBe(false)
    expect(hasAlertInbox(null)).toBe(false)
    expect(alertPath(ID1)).toBe(`/alerts/${ID1}`)
  })
})

// ---- the store and the pages, against a fake server with a live stream

const school1: Me = {
  id: 'u1',
  username: 'school1',
  display_name: '陈晓燕',
  role: 'school_admin',
  org_id: 'o1',
  org_kind: 'school',
  org_name: '通江县职业高级中学',
  division_code: '511921',
}

const teacher1: Me = { ...school1, id: 'u2', username: 'teacher1', display_name: '赵明', role: 'teacher' }

const city1: Me = {
  id: 'u3',
  username: 'city1',
  display_name: '王建国',
  role: 'bureau_auditor',
  org_id: 'o3',
  org_kind: 'bureau',
  org_name: '巴中市教育局',
  division_code: '511900',
}

/** The live stream the fake server hands out; each connection gets a new one. */
class LiveStream {
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null
  private readonly encoder = new TextEncoder()
  private serial = 0
  readonly headers: Array<Record<string, string>> = []

  open(init: RequestInit): Response {
    this.headers.push({ ...(init.headers as Record<string, string>) })
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        this.controller = c
      },
    })
    init.signal?.addEventListener('abort', () => this.drop())
    return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } })
  }

  get connected(): boolean {
    return this.controller !== null
  }

  send(a: Alert): void {
    this.serial++
    this.controller?.enqueue(this.encoder.encode(`event: alert\nid: ${this.serial}-0\ndata: ${JSON.stringify(a)}\n\n`))
  }

  drop(): void {
    try {
      this.controller?.error(new TypeError('network error'))
    } catch {
      // already gone
    }
    this.controller = null
  }
}

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>

function server(user: Me, routes: Record<string, Handler> = {}) {
  const live = new LiveStream()
  let summary = summaryOf(2, 1, 0)
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    const path = url.split('?')[0]!
    const key = `${(init?.method ?? 'GET').toUpperCase()} ${path}`
    const handler = routes[key]
    if (handler) return handler(url, init ?? {})
    switch (key) {
      case 'POST /api/v1/auth/refresh':
        return Response.json({ access_token: `token-${user.username}`, token_type: 'Bearer', expires_in: 900, user })
      case 'GET /api/v1/todos':
        return Response.json({ items: [], counts: { plans: 0, placements: 0, students: 0, total: 0 } })
      case 'GET /api/v1/alerts/summary':
        return Response.json(summary)
      case 'GET /api/v1/alerts/stream':
        return live.open(init ?? {})
      default:
        return Response.json({ error: { code: 'NOT_FOUND', message: '' } }, { status: 404 })
    }
  })
  return {
    fetchStub,
    live,
    setSummary: (s: AlertSummary) => (summary = s),
    calls: (path: string) => fetchStub.mock.calls.filter(([u]) => String(u).split('?')[0] === path),
  }
}

let wrapper: VueWrapper | undefined
let store: ReturnType<typeof useAlertsStore> | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  // The store outlives the component: close this test's stream.
  store?.clear()
  store = undefined
  vi.useRealTimers()
})

async function signIn(fake: ReturnType<typeof server>) {
  vi.stubGlobal('fetch', fake.fetchStub)
  setActivePinia(createPinia())
  const auth = useAuthStore()
  const alerts = useAlertsStore()
  store = alerts
  await auth.restore()
  await flushPromises()
  return { auth, alerts }
}

async function mountAt(path: string, fake: ReturnType<typeof server>) {
  vi.stubGlobal('fetch', fake.fetchStub)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  await router.isReady()
  wrapper = mount(App, { global: { plugins: [installVant, pinia, router] }, attachTo: document.body })
  await flushPromises()
  await flushPromises()
  store = useAlertsStore()
  return { wrapper, router, alerts: store }
}

/** Lets a streamed event travel through the reader, the parser and the store. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0))
    await flushPromises()
  }
}

describe('the alert store', () => {
  it('opens the stream on sign-in with the token, counts live alerts and tells the listeners', async () => {
    const fake = server(school1)
    const { alerts, auth } = await signIn(fake)
    expect(fake.calls('/api/v1/alerts/summary')).toHaveLength(1)
    expect(alerts.toActCount).toBe(2)
    expect(fake.live.headers[0]!.Authorization).toBe('Bearer token-school1')
    expect(alerts.streamState).toBe('open')

    const heard: string[] = []
    const stop = alerts.onAlert((a) => heard.push(a.id))
    fake.live.send(alert({ id: ID3, severity: 'critical' }))
    await settle()
    expect(alerts.toActCount).toBe(3)
    expect(alerts.summary?.open_critical).toBe(1)
    expect(heard).toEqual([ID3])

    // Acknowledged elsewhere: it leaves the open count.
    fake.live.send(alert({ id: ID3, severity: 'critical', status: 'acknowledged', acknowledged_at: '2026-03-02T11:00:00Z' }))
    await settle()
    expect(alerts.summary).toEqual(summaryOf(2, 2, 0))
    stop()
    fake.live.send(alert({ id: ID2 }))
    await settle()
    expect(heard).toEqual([ID3, ID3])

    // Sign-out closes the stream and forgets the counts.
    auth.clear()
    await flushPromises()
    expect(fake.live.connected).toBe(false)
    expect(alerts.summary).toBeNull()
    expect(alerts.streamState).toBe('off')
  })

  it('asks the server for the counts once the events have been quiet a moment', async () => {
    const fake = server(school1)
    const { alerts } = await signIn(fake)
    vi.useFakeTimers()
    fake.setSummary(summaryOf(5, 1, 2))
    fake.live.send(alert({ id: ID3 }))
    await vi.advanceTimersByTimeAsync(10)
    expect(alerts.toActCount).toBe(3)
    fake.live.send(alert({ id: ID2 }))
    await vi.advanceTimersByTimeAsync(SUMMARY_SETTLE_MS - 20)
    expect(fake.calls('/api/v1/alerts/summary')).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(100)
    expect(fake.calls('/api/v1/alerts/summary')).toHaveLength(2)
    expect(alerts.summary).toEqual(summaryOf(5, 1, 2))
  })

  it('reconnects after a drop with Last-Event-ID and asks for the counts again', async () => {
    const fake = server(school1)
    const { alerts } = await signIn(fake)
    fake.live.send(alert({ id: ID3 }))
    await settle()
    vi.useFakeTimers()
    fake.setSummary(summaryOf(7))
    fake.live.drop()
    await vi.advanceTimersByTimeAsync(0)
    expect(alerts.streamState).toBe('retrying')
    await vi.advanceTimersByTimeAsync(1000)
    expect(fake.live.headers).toHaveLength(2)
    expect(fake.live.headers[1]!['Last-Event-ID']).toBe('1-0')
    expect(alerts.streamState).toBe('open')
    await vi.advanceTimersByTimeAsync(0)
    expect(alerts.toActCount).toBe(7)
  })

  it('badges a city bureau only with what it must act on: not its counties\' alerts until escalated to it', async () => {
    const fake = server(city1)
    fake.setSummary(summaryOf(4, 1, 0, 1))
    const { alerts } = await signIn(fake)
    expect(alerts.toActCount).toBe(1)

    // A county's alert, in the city's scope but not the city's to act on.
    const county = alert({ id: ID3, bureau_name: '通江县教育局', actions: [] })
    fake.live.send(county)
    await settle()
    expect(alerts.summary).toEqual(summaryOf(5, 1, 0, 1))

    // Left unacknowledged, it is escalated to the city, which may now act on it.
    const escalated = { ...county, escalation_level: 1, escalated_to_name: '巴中市教育局', escalated_at: '2026-03-02T12:00:00Z', actions: ['ack', 'resolve'] } satisfies Alert
    fake.live.send(escalated)
    await settle()
    expect(alerts.toActCount).toBe(2)
    expect(alerts.summary?.open).toBe(5)

    // The county acknowledges it after all: off the city's badge.
    fake.live.send({ ...escalated, status: 'acknowledged', acknowledged_at: '2026-03-02T12:10:00Z', acknowledged_by_name: '李华', actions: [] })
    await settle()
    expect(alerts.summary).toEqual(summaryOf(4, 2, 0, 1))
  })

  it('leaves what it cannot tell to the server: an alert escalated to this bureau before the phone saw it', async () => {
    const fake = server(city1)
    fake.setSummary(summaryOf(4, 1, 0, 1))
    const { alerts } = await signIn(fake)
    vi.useFakeTimers()
    fake.setSummary(summaryOf(4, 1, 0, 2))
    fake.live.send(alert({ id: ID3, escalation_level: 1, escalated_to_name: '巴中市教育局', escalated_at: '2026-03-02T12:00:00Z' }))
    await vi.advanceTimersByTimeAsync(10)
    // Not guessed: the badge stays until the server has answered.
    expect(alerts.toActCount).toBe(1)
    await vi.advanceTimersByTimeAsync(SUMMARY_SETTLE_MS)
    expect(fake.calls('/api/v1/alerts/summary')).toHaveLength(2)
    expect(alerts.toActCount).toBe(2)
  })

  it('opens nothing for a role without an inbox', async () => {
    const fake = server(teacher1)
    const { alerts } = await signIn(fake)
    expect(fake.calls('/api/v1/alerts/summary')).toHaveLength(0)
    expect(fake.calls('/api/v1/alerts/stream')).toHaveLength(0)
    expect(alerts.streamState).toBe('off')
  })
})

describe('the 预警 tab and inbox', () => {
  const listed = [
    alert({ id: ID1, severity: 'critical', rule: 'A-INCIDENT', rule_name: '突发事件', title: '李思琪 人身伤害', escalation_level: 1 }),
    alert({ id: ID2 }),
  ]

  it('shows the count to act on on the tab and the open alerts as links, then a live one on top', async () => {
    const fake = server(school1, {
      'GET /api/v1/alerts': (url) => {
        const q = new URL(url, 'http://x').searchParams
        return Response.json({ items: q.get('status') === 'open' ? listed : [], next_cursor: null })
      },
    })
    // More are open in scope than the school must act on: the tab counts the latter.
    fake.setSummary(summaryOf(5, 1, 0, 2))
    const { wrapper } = await mountAt('/alerts', fake)
    const tab = wrapper.get('[data-testid="tab-/alerts"]')
    expect(tab.attributes('data-badge')).toBe('2')
    expect(tab.text()).toContain('2 条预警待确认')

    const list = wrapper.get('[data-testid="alert-list"]')
    await vi.waitFor(() => expect(list.findAll('[data-alert]')).toHaveLength(2))
    const first = list.get(`[data-alert="${ID1}"]`)
    expect(first.attributes('role')).toBe('link')
    expect(first.attributes('href')).toBe(`/alerts/${ID1}`)
    expect(first.attributes('data-severity')).toBe('critical')
    expect(first.attributes('data-status')).toBe('open')
    expect(first.text()).toContain('严重')
    expect(first.text()).toContain('突发事件')
    expect(first.text()).toContain('通江县职业高级中学')
    expect(first.text()).toContain('已升级')
    expect(list.get(`[data-alert="${ID2}"]`).text()).not.toContain('已升级')
    expect(fake.calls('/api/v1/alerts')[0]![0]).toContain('status=open')

    fake.live.send(alert({ id: ID3, severity: 'minor', title: '新的一条', raised_at: new Date().toISOString() }))
    await settle()
    const rows = list.findAll('[data-alert]')
    expect(rows.map((r) => r.attributes('data-alert'))).toEqual([ID3, ID1, ID2])
    expect(rows[0]!.attributes('data-fresh')).toBe('true')
    expect(rows[0]!.text()).toContain('刚刚')
    expect(tab.attributes('data-badge')).toBe('3')
    expect(wrapper.get('[data-testid="alerts-announcement"]').text()).toBe('新预警：新的一条')

    // Someone acknowledges the second one: its row changes in place.
    fake.live.send({ ...listed[1]!, status: 'acknowledged', acknowledged_at: '2026-03-02T11:00:00Z' })
    await settle()
    expect(list.findAll('[data-alert]').map((r) => r.attributes('data-status'))).toEqual(['open', 'open', 'acknowledged'])
    expect(tab.attributes('data-badge')).toBe('2')
  })

  it('filters by status, severity and rule, and says when there is nothing to handle', async () => {
    const fake = server(school1, { 'GET /api/v1/alerts': () => Response.json({ items: [], next_cursor: null }) })
    const { wrapper, router } = await mountAt('/alerts', fake)
    await vi.waitFor(() => expect(wrapper.find('main').text()).toContain('没有待确认的预警，眼下无需处理'))

    const status = wrapper.get('[role="group"][aria-label="按状态筛选"]')
    expect(status.findAll('button').map((b) => b.text())).toEqual(['待确认', '处理中', '已解决', '全部'])
    await status.findAll('button')[3]!.trigger('click')
    await flushPromises()
    const severity = wrapper.get('[role="group"][aria-label="按等级筛选"]')
    await severity.findAll('button')[1]!.trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid="alert-rule-filter"]').setValue('A-INCIDENT')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ status: 'all', severity: 'critical', rule: 'A-INCIDENT' })
    const last = String(fake.calls('/api/v1/alerts').at(-1)![0])
    expect(last).toContain('severity=critical')
    expect(last).toContain('rule=A-INCIDENT')
    expect(last).not.toContain('status=')
    expect(wrapper.find('main').text()).toContain('没有符合条件的预警')
  })

  it('tells a teacher who handles alerts, without asking for any', async () => {
    const fake = server(teacher1)
    const { wrapper } = await mountAt('/alerts', fake)
    await vi.waitFor(() => expect(wrapper.find('main').text()).toContain('预警由学校、实习单位和教育局处理'))
    expect(fake.calls('/api/v1/alerts')).toHaveLength(0)
    expect(wrapper.get('[data-testid="tab-/alerts"]').attributes('data-badge')).toBe('0')
  })
})

describe('one alert', () => {
  const history = [
    { at: '2026-03-02T10:00:00Z', action: 'raise' as const, actor_name: '系统', note: '' },
    { at: '2026-03-02T12:00:00Z', action: 'escalate' as const, actor_name: '系统', note: '2 小时未确认' },
  ]

  function detailServer(current: { value: Alert }) {
    return server(school1, {
      [`GET /api/v1/alerts/${ID1}`]: () => Response.json(current.value),
      [`POST /api/v1/alerts/${ID1}/ack`]: (_, init) => {
        const body = JSON.parse(String(init.body)) as { note?: string }
        current.value = {
          ...current.value,
          status: 'acknowledged',
          acknowledged_at: '2026-03-02T12:30:00Z',
          acknowledged_by_name: '陈晓燕',
          actions: ['resolve'],
          history: [...history, { at: '2026-03-02T12:30:00Z', action: 'ack', actor_name: '陈晓燕', note: body.note ?? '' }],
        }
        const { history: _h, ...answer } = current.value
        return Response.json(answer)
      },
      [`POST /api/v1/alerts/${ID1}/resolve`]: () =>
        Response.json({ error: { code: 'VALIDATION', message: '输入有误', details: [{ field: 'note', message: '处理情况太简单' }] } }, { status: 400 }),
    })
  }

  it('shows what, where and what happened; the subject link; and the actions on offer', async () => {
    const current = { value: alert({ id: ID1, escalation_level: 1, escalated_to_name: '通江县教育局', escalated_at: '2026-03-02T12:00:00Z', history }) }
    const { wrapper } = await mountAt(`/alerts/${ID1}`, detailServer(current))
    await vi.waitFor(() => expect(wrapper.find('[data-testid="alert-title"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="alert-title"]').text()).toBe(alert().title)
    expect(wrapper.get('[data-testid="alert-severity"]').text()).toBe('较重')
    expect(wrapper.get('[data-testid="alert-status"]').text()).toBe('待确认')
    const facts = wrapper.get('[data-testid="alert-facts"]').text()
    expect(facts).toContain('值守缺勤')
    expect(facts).toContain('巴中经开区精工机械有限公司')
    expect(facts).toContain('已升级至通江县教育局（第 1 级）')
    const subject = wrapper.get('[data-testid="alert-subject"]')
    expect(subject.text()).toBe('查看详情')
    expect(subject.attributes('href')).toBe(alert().link)
    const steps = wrapper.findAll('[data-testid="alert-history"] li')
    expect(steps.map((s) => s.attributes('data-action'))).toEqual(['raise', 'escalate'])
    expect(steps[1]!.text()).toContain('2 小时未确认')
    expect(wrapper.findAll('[data-testid="alert-actions"] button').map((b) => b.text())).toEqual(['确认收到', '处理完毕'])
  })

  it('asks for a resolve note on the field, and shows the server’s word there too', async () => {
    const current = { value: alert({ id: ID1, history }) }
    const fake = detailServer(current)
    const { wrapper } = await mountAt(`/alerts/${ID1}`, fake)
    await vi.waitFor(() => expect(wrapper.find('[data-testid="alert-action-resolve"]').exists()).toBe(true))
    await wrapper.get('[data-testid="alert-action-resolve"]').trigger('click')
    await flushPromises()
    const form = document.querySelector<HTMLFormElement>('[data-testid="alert-resolve-form"]')!
    form.dispatchEvent(new Event('submit', { cancelable: true }))
    await flushPromises()
    const error = document.getElementById('alert-resolve-note-error')
    expect(error?.textContent).toBe('请填写处理情况')
    expect(document.getElementById('alert-resolve-note')?.getAttribute('aria-invalid')).toBe('true')
    expect(fake.calls(`/api/v1/alerts/${ID1}/resolve`)).toHaveLength(0)

    const input = document.getElementById('alert-resolve-note') as HTMLTextAreaElement
    input.value = '已核实'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    form.dispatchEvent(new Event('submit', { cancelable: true }))
    await settle()
    expect(fake.calls(`/api/v1/alerts/${ID1}/resolve`)).toHaveLength(1)
    expect(document.getElementById('alert-resolve-note-error')?.textContent).toBe('处理情况太简单')
  })

  it('acknowledges with a note, then shows 已确认, the new history and the new counts', async () => {
    const current = { value: alert({ id: ID1, history }) }
    const fake = detailServer(current)
    const { wrapper, alerts } = await mountAt(`/alerts/${ID1}`, fake)
    await vi.waitFor(() => expect(wrapper.find('[data-testid="alert-action-ack"]').exists()).toBe(true))
    fake.setSummary(summaryOf(1, 2, 0))
    await wrapper.get('[data-testid="alert-action-ack"]').trigger('click')
    await flushPromises()
    const input = document.getElementById('alert-ack-note') as HTMLTextAreaElement
    input.value = '已电话联系'
    input.dispatchEvent(new Event('input'))
    document.querySelector('[data-testid="alert-ack-form"]')!.dispatchEvent(new Event('submit', { cancelable: true }))
    await settle()
    const ack = fake.calls(`/api/v1/alerts/${ID1}/ack`)
    expect(JSON.parse(String(ack[0]![1]!.body))).toEqual({ note: '已电话联系' })
    expect(wrapper.get('[data-testid="alert-status"]').text()).toBe('已确认')
    expect(wrapper.findAll('[data-testid="alert-history"] li').map((s) => s.attributes('data-action'))).toEqual(['raise', 'escalate', 'ack'])
    expect(wrapper.findAll('[data-testid="alert-actions"] button').map((b) => b.text())).toEqual(['处理完毕'])
    expect(fake.calls('/api/v1/alerts/summary').length).toBeGreaterThanOrEqual(2)
    expect(alerts.summary).toEqual(summaryOf(1, 2, 0))
    expect(wrapper.get('[data-testid="tab-/alerts"]').attributes('data-badge')).toBe('1')
  })
})
