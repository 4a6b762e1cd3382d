import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import App from '../../src/App.vue'
import { createAppRouter } from '../../src/router'
import { installVant } from '../../src/vant'
import type { Me } from '../../src/api/types'
import {
  crumbLinks,
  exportFileName,
  headlineCards,
  hostRatio,
  metricFromQuery,
  metricValue,
  parentLink,
  percent,
  schoolPlacementsLink,
  statsQuery,
  trendSeries,
  trendSummary,
  unitFacts,
  unitRows,
  unitsKind,
  updatedText,
  weekLabel,
} from '../../src/stats/stats'
import { barChartHeight, barOption, lineOption } from '../../src/stats/chartOptions'
import type { StatsFigures, StatsOverview } from '../../src/stats/types'
import { quietAlerts } from './quietAlerts'

// The chart library draws on a canvas jsdom does not have; the page is
// tested with a stand-in that records what it was given and can be tapped.
const charts = vi.hoisted(() => [] as { option: unknown; handlers: Record<string, (p: unknown) => void>; disposed: boolean }[])
vi.mock('../../src/stats/echarts', () => ({
  init: () => {
    const chart = { option: null as unknown, handlers: {} as Record<string, (p: unknown) => void>, disposed: false }
    charts.push(chart)
    return {
      setOption: (o: unknown) => (chart.option = o),
      on: (name: string, fn: (p: unknown) => void) => (chart.handlers[name] = fn),
      resize: () => undefined,
      dispose: () => (chart.disposed = true),
    }
  },
}))

function figures(over: Partial<StatsFigures> = {}): StatsFigures {
  return {
    plans: { draft: 1, submitted: 3, approved: 2 },
    review: { waiting: 3, avg_wait_days: 2.46, max_wait_days: 6 },
    placements: { proposed: 2, active: 7, completed: 1 },
    quota: { hosts: 4, over_unit: 1, over_post: 0 },
    duty: { today_due: 10, today_covered: 7, week_due: 50, week_covered: 50 },
    patrol_gaps: 4,
    incidents: { total: 2, open: 1 },
    alerts: { open: 5, by_severity: { critical: 1, serious: 2, minor: 2 }, by_rule: { 'A-INSURANCE': 2 } },
    findings: { by_status: { open: 1, closed: 3 }, overdue: 1 },
    ...over,
  }
}

const SCHOOL_ID = '11111111-1111-4111-8111-111111111111'

function cityOverview(): StatsOverview {
  return {
    scope: { kind: 'division', code: '511900', name: '巴中市', level: 'city', school_id: null, school_name: null },
    crumbs: [{ code: '511900', name: '巴中市', school_id: null }],
    as_of: '2026-12-06',
    refreshed_at: '2026-12-06T00:05:00Z',
    totals: figures(),
    children: [
      { code: '511921', name: '通江县', figures: figures({ alerts: { open: 2, by_severity: {}, by_rule: {} } }) },
      { code: '511922', name: '南江县', figures: figures({ duty: { today_due: 0, today_covered: 0, week_due: 0, week_covered: 0 } }) },
    ],
    schools: [{ id: SCHOOL_ID, name: '巴中职业技术学院', division_code: '511900', figures: figures() }],
    trends: [
      { week: '2026-09-14', checkins: 3, patrols: 1, incidents: 0, alerts: 1, findings: 0, plans_submitted: 0 },
      { week: '2026-09-21', checkins: 5, patrols: 2, incidents: 1, alerts: 0, findings: 2, plans_submitted: 1 },
    ],
    risk: {
      hosts: [
        { enterprise_id: 'e1', name: '南江县光雾山旅游服务有限公司', open_alerts: 3, critical: 1, open_findings: 2, interns: 40, staff: 200, ratio: 0.2 },
      ],
      placements: [
        {
          placement_id: 'p1',
          student: '张**',
          school_name: '南江县小河职业中学',
          enterprise_name: '南江县光雾山旅游服务有限公司',
          open_alerts: 2,
          critical: 1,
          open_incidents: 1,
        },
      ],
    },
  }
}

describe('the dashboard figures', () => {
  it('rounds coverage so that only full coverage reads 100%, and says nothing was owed as —', () => {
    expect(percent(7, 10)).toBe(70)
    expect(percent(199, 200)).toBe(99)
    expect(percent(200, 200)).toBe(100)
    expect(percent(1, 300)).toBe(0)
    expect(percent(0, 0)).toBeNull()
  })

  it('labels every headline card in Chinese, with hints and links the role can use', () => {
    const cards = headlineCards(figures(), 'bureau_auditor')
    expect(cards.map((c) => [c.label, c.value])).toEqual([
      ['待审核方案', '3'],
      ['在岗实习学生', '7'],
      ['今日跟岗到岗率', '70%'],
      ['本周跟岗到岗率', '100%'],
      ['巡查缺口', '4'],
      ['未确认突发事件', '1'],
      ['未解决预警', '5'],
      ['逾期整改', '1'],
    ])
    const by = Object.fromEntries(cards.map((c) => [c.key, c]))
    expect(by.waiting!.hint).toBe('平均已等 2.5 天，最长 6 天')
    expect(by.waiting!.link).toBe('/plans/review')
    expect(by.active!.hint).toBe('各环节共 10 人次')
    expect(by.dutyToday!.hint).toBe('应到 10 班次，已到 7')
    expect(by.dutyToday!.tone).toBe('warn')
    expect(by.dutyWeek!.tone).toBe('good')
    expect(by.alerts!.hint).toBe('其中严重 1 条')
    expect(by.alerts!.tone).toBe('bad')
    // A school's own plans are on its 方案 tab, not the bureau's review queue.
    expect(headlineCards(figures(), 'school_admin')[0]!.link).toBe('/plans')
  })

  it('shows no percentage and no colour when no duty was owed', () => {
    const none = headlineCards(
      figures({
        duty: { today_due: 0, today_covered: 0, week_due: 0, week_covered: 0 },
        review: { waiting: 0, avg_wait_days: 0, max_wait_days: 0 },
      }),
      'school_admin',
    )
    const today = none.find((c) => c.key === 'dutyToday')!
    expect([today.value, today.hint, today.tone]).toEqual(['—', '没有跟岗值守安排', undefined])
    expect(none.find((c) => c.key === 'waiting')!.hint).toBe('没有等待审核的方案')
  })

  it('picks each metric of a unit, coverage as a whole per cent or null', () => {
    const f = figures()
    expect(['alerts', 'coverage', 'waiting', 'active'].map((k) => metricValue(f, metricFromQuery(k)))).toEqual([5, 100, 3, 7])
    expect(metricValue(figures({ duty: { today_due: 0, today_covered: 0, week_due: 0, week_covered: 0 } }), 'coverage')).toBeNull()
    expect(metricFromQuery('nonsense')).toBe('alerts')
  })
})

describe('drilling down', () => {
  it('lists sub-divisions first, then the schools at this level, each linking one level down', () => {
    const rows = unitRows(cityOverview())
    expect(rows.map((r) => [r.kind, r.name, r.to])).toEqual([
      ['division', '通江县', '/stats?division=511921'],
      ['division', '南江县', '/stats?division=511922'],
      ['school', '巴中职业技术学院', `/stats?division=511900&school=${SCHOOL_ID}`],
    ])
    expect(unitsKind(rows)).toBe('division')
    expect(unitsKind(rows.filter((r) => r.kind === 'school'))).toBe('school')
    expect(unitFacts(rows[1]!.figures)).toEqual(['在岗 7', '预警 5', '到岗率 —', '待审 3'])
  })

  it('turns the crumbs into links up, the last one being the page itself', () => {
    const crumbs = [
      { code: '511900', name: '巴中市', school_id: null },
      { code: '511922', name: '南江县', school_id: null },
      { code: '511922', name: '南江县小河职业中学', school_id: SCHOOL_ID },
    ]
    expect(crumbLinks(crumbs).map((c) => [c.name, c.to])).toEqual([
      ['巴中市', '/stats?division=511900'],
      ['南江县', '/stats?division=511922'],
      ['南江县小河职业中学', undefined],
    ])
    expect(parentLink(crumbs)).toBe('/stats?division=511922')
    expect(parentLink(crumbs.slice(0, 1))).toBeUndefined()
  })

  it('reads the scope from the address, ignoring empty and repeated values', () => {
    expect(statsQuery({})).toEqual({})
    expect(statsQuery({ division: '511922', school: SCHOOL_ID })).toEqual({ division: '511922', school: SCHOOL_ID })
    expect(statsQuery({ division: ['511921', '511922'], school: '' })).toEqual({ division: '511921' })
  })

  it("leads a bureau to the school's placements and a school to its own board", () => {
    expect(schoolPlacementsLink('bureau_auditor', SCHOOL_ID, '511922')).toBe(`/placements?school_id=${SCHOOL_ID}&division=511922`)
    expect(schoolPlacementsLink('school_admin', SCHOOL_ID, '511922')).toBe('/placements')
  })
})

describe('trends, risk and freshness', () => {
  it('builds one series per kind over the weeks, with short week labels and totals in words', () => {
    const { labels, series } = trendSeries(cityOverview().trends)
    expect(labels).toEqual(['9/14', '9/21'])
    expect(series.map((s) => [s.name, s.data, s.total])).toEqual([
      ['跟岗签到', [3, 5], 8],
      ['日常巡查', [1, 2], 3],
      ['突发事件', [0, 1], 1],
      ['预警', [1, 0], 1],
      ['检查问题', [0, 2], 2],
    ])
    expect(trendSummary(series)).toBe('近 12 周合计：跟岗签到 8，日常巡查 3，突发事件 1，预警 1，检查问题 2')
    expect(weekLabel('not a date')).toBe('not a date')
  })

  it('states the intern ratio of a host and flags it above 10%', () => {
    const host = cityOverview().risk.hosts[0]!
    expect(hostRatio(host)).toEqual({ text: '实习生 40 人 / 在岗职工 200 人（20%）', over: true })
    expect(hostRatio({ ...host, interns: 5, staff: 80, ratio: 0.0625 })).toEqual({ text: '实习生 5 人 / 在岗职工 80 人（6.3%）', over: false })
    expect(hostRatio({ ...host, staff: 0, ratio: 0 }).text).toBe('实习生 40 人，在岗职工人数未填报')
  })

  it('tells the refresh time in Beijing, with the date when it is not today', () => {
    const now = new Date('2026-12-06T04:00:00Z')
    expect(updatedText('2026-12-06T00:05:00Z', now)).toBe('数据更新于 08:05')
    expect(updatedText('2026-12-05T15:59:00Z', now)).toBe('数据更新于 12月5日 23:59')
    expect(updatedText(null, now)).toBe('数据尚未汇总，请稍后再看')
  })

  it('names the export after the scope and the day, without characters a phone cannot save', () => {
    expect(exportFileName('巴中市', '2026-12-06')).toBe('数据看板-巴中市-2026-12-06.xlsx')
    expect(exportFileName('A/B:学校', '2026-12-06')).toBe('数据看板-A B 学校-2026-12-06.xlsx')
  })
})

describe('chart options', () => {
  it('lays the bars down in list order, percentages capped at 100 and missing values left out', () => {
    const option = barOption(
      [
        { name: '通江县', value: 80 },
        { name: '南江县', value: null },
      ],
      { seriesName: '本周到岗率', percent: true, none: '—' },
    ) as Record<string, any>
    expect(option.yAxis.type).toBe('category')
    expect(option.yAxis.inverse).toBe(true)
    expect(option.yAxis.data).toEqual(['通江县', '南江县'])
    expect(option.xAxis.max).toBe(100)
    expect(option.series[0].data).toEqual([80, null])
    expect(option.series[0].label.formatter({ value: 80 })).toBe('80%')
    expect(option.series[0].label.formatter({ value: null })).toBe('—')
    const counts = barOption([{ name: '通江县', value: 3 }], { seriesName: '预警', percent: false, none: '—' }) as Record<string, any>
    expect(counts.xAxis.max).toBeUndefined()
    expect(counts.xAxis.minInterval).toBe(1)
    // A finger-sized row per bar.
    expect(barChartHeight(5)).toBeGreaterThanOrEqual(5 * 44)
  })

  it('draws one line per trend series over the week labels', () => {
    const { labels, series } = trendSeries(cityOverview().trends)
    const option = lineOption(labels, series) as Record<string, any>
    expect(option.xAxis.data).toEqual(['9/14', '9/21'])
    expect(option.series.map((s: { name: string; type: string }) => `${s.type}:${s.name}`)).toEqual([
      'line:跟岗签到',
      'line:日常巡查',
      'line:突发事件',
      'line:预警',
      'line:检查问题',
    ])
  })
})

// ---- the page

const city1: Me = {
  id: 'u1',
  username: 'city1',
  display_name: '王建国',
  role: 'bureau_auditor',
  org_id: 'o1',
  org_kind: 'bureau',
  org_name: '巴中市教育体育局',
  division_code: '511900',
}

function schoolOverview(): StatsOverview {
  return {
    ...cityOverview(),
    scope: { kind: 'school', code: '511922', name: '南江县', level: 'county', school_id: SCHOOL_ID, school_name: '南江县小河职业中学' },
    crumbs: [
      { code: '511900', name: '巴中市', school_id: null },
      { code: '511922', name: '南江县', school_id: null },
      { code: '511922', name: '南江县小河职业中学', school_id: SCHOOL_ID },
    ],
    children: [],
    schools: [],
  }
}

let wrapper: VueWrapper | undefined

async function mountAt(path: string, user: Me = city1) {
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    const path = url.split('?')[0]!
    const method = (init?.method ?? 'GET').toUpperCase()
    if (method === 'POST' && path === '/api/v1/auth/refresh')
      return Response.json({ access_token: 't', token_type: 'Bearer', expires_in: 900, user })
    if (path === '/api/v1/stats/overview') return Response.json(url.includes('school=') ? schoolOverview() : cityOverview())
    if (path === '/api/v1/todos') return Response.json({ items: [], counts: { plans: 0, placements: 0, students: 0, total: 0 } })
    if (path === '/api/v1/workspace') return Response.json({ figures: [] })
    if (path === '/api/v1/placements') return Response.json({ items: [], next_cursor: null })
    return quietAlerts(path) ?? Response.json({ error: { code: 'NOT_FOUND', message: '' } }, { status: 404 })
  })
  vi.stubGlobal('fetch', fetchStub)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  await router.isReady()
  wrapper = mount(App, { global: { plugins: [installVant, pinia, router] }, attachTo: document.body })
  await flushPromises()
  await flushPromises()
  return { wrapper, router, fetchStub }
}

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  charts.length = 0
})

describe('the dashboard page', () => {
  it('is reached from the workspace of a bureau auditor', async () => {
    const { wrapper } = await mountAt('/')
    expect(wrapper.get('[data-testid="stats-entry"]').attributes('href')).toBe('/stats')
  })

  it('shows the city: cards, a chart and a plain list that drill down, trends and risk', async () => {
    const { wrapper, router } = await mountAt('/stats')
    expect(wrapper.get('[data-testid="stats-scope"]').text()).toBe('巴中市')
    expect(wrapper.get('[data-testid="stat-alerts"] [data-testid="stat-value"]').text()).toBe('5')
    expect(wrapper.get('[data-testid="stats-updated"]').text()).toContain('数据更新于')
    expect(wrapper.findAll('[data-testid="stats-units-division"] a').map((a) => a.attributes('href'))).toEqual([
      '/stats?division=511921',
      '/stats?division=511922',
    ])
    expect(wrapper.get('[data-testid="stats-units-school"] a').attributes('href')).toBe(`/stats?division=511900&school=${SCHOOL_ID}`)
    expect(wrapper.get('[data-testid="stats-risk-placements"] a').attributes('href')).toBe('/placements/p1')
    expect(wrapper.get('[data-testid="stats-risk-hosts"]').text()).toContain('超过 10%')
    // A bar chart of the units and the trend lines.
    expect(charts).toHaveLength(2)
    const bars = charts[0]!.option as Record<string, any>
    expect(bars.yAxis.data).toEqual(['通江县', '南江县', '巴中职业技术学院'])
    expect(bars.series[0].data).toEqual([2, 5, 5])

    // Another metric redraws the same chart.
    await wrapper.findAll('.chip-filter__chip').find((b) => b.text() === '本周到岗率')!.trigger('click')
    await flushPromises()
    expect((charts[0]!.option as Record<string, any>).series[0].data).toEqual([100, null, 100])

    // Tapping a bar opens its level.
    charts[0]!.handlers.click!({ componentType: 'series', dataIndex: 1 })
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/stats?division=511922')
  })

  it('shows a school with links to its placements and alerts, and disposes the charts when left', async () => {
    const { wrapper, router, fetchStub } = await mountAt(`/stats?division=511922&school=${SCHOOL_ID}`)
    expect(wrapper.get('[data-testid="stats-scope"]').text()).toBe('南江县小河职业中学')
    expect(wrapper.find('[data-testid="stats-units-school"]').exists()).toBe(false)
    expect(wrapper.get('.page-header__back').attributes('href')).toBe('/stats?division=511922')
    const link = wrapper.get('[data-testid="stats-school-placements"]')
    expect(link.attributes('href')).toBe(`/placements?school_id=${SCHOOL_ID}&division=511922`)
    expect(wrapper.get('[data-testid="stats-school-alerts"]').attributes('href')).toBe('/alerts')

    const overviews = () => fetchStub.mock.calls.filter(([u]) => String(u).startsWith('/api/v1/stats/overview')).length
    expect(overviews()).toBe(1)
    await router.push(link.attributes('href')!)
    await flushPromises()
    expect(charts.every((c) => c.disposed)).toBe(true)
    // Leaving empties the query; that is no reason to read the figures again.
    expect(overviews()).toBe(1)
    // The list asks the server for that school only, and leads back to its figures.
    const asked = fetchStub.mock.calls.map(([u]) => String(u)).filter((u) => u.startsWith('/api/v1/placements?'))
    expect(asked.at(-1)).toContain(`school_id=${SCHOOL_ID}`)
    expect(wrapper.get('[data-testid="placement-school-filter"]').text()).toContain('查看全部学校')
    expect(wrapper.get('.page-header__back').attributes('href')).toBe(`/stats?division=511922&school=${SCHOOL_ID}`)
  })
})
