import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import App from '../../src/App.vue'
import { createAppRouter } from '../../src/router'
import { installVant } from '../../src/vant'
import { useAuthStore } from '../../src/stores/auth'
import { TODOS_MAX_AGE_MS, useTodosStore } from '../../src/stores/todos'
import { describeDue, severityLabel, todayInChina } from '../../src/workspace/due'
import type { Me } from '../../src/api/types'
import type { TodoFeed, Workspace } from '../../src/workspace/types'
import { quietAlerts } from './quietAlerts'

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

function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

const today = todayInChina()

const feed: TodoFeed = {
  items: [
    {
      kind: 'placement.gates',
      title: '李明：岗位实习开始前缺少三方协议',
      detail: '开始日期前须补齐',
      subject: { type: 'placement', id: 'pl1' },
      due_on: addDays(today, -2),
      severity: 'critical',
      link: '/placements/pl1',
    },
    {
      kind: 'plan.submit',
      title: '2026 年数控专业岗位实习方案待提交',
      subject: { type: 'plan', id: 'p1' },
      due_on: addDays(today, 5),
      severity: 'serious',
      link: '/plans/p1',
    },
    {
      kind: 'plan.returned',
      title: '2026 年护理专业认识实习方案被退回',
      subject: { type: 'plan', id: 'p2' },
      severity: 'minor',
      link: '/plans/p2',
    },
  ],
  counts: { plans: 2, placements: 1, students: 0, total: 3 },
}

const figures: Workspace = {
  figures: [
    { key: 'plans_draft', label: '草稿方案', value: 2, link: '/plans' },
    { key: 'students_unplaced', label: '未安排实习的学生', value: 14, hint: '含 3 名未满 18 周岁' },
  ],
  breakdown: { title: '各专业实习人数', rows: [{ name: '数控技术应用', value: 12, hint: '岗位实习' }] },
}

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>

function server(routes: Record<string, Handler>) {
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    const handler = routes[`${(init?.method ?? 'GET').toUpperCase()} ${url.split('?')[0]}`]
    if (handler) return handler(url, init ?? {})
    return quietAlerts(url.split('?')[0]!) ?? Response.json({ error: { code: 'UNAUTHENTICATED', message: '请先登录' } }, { status: 401 })
  })
}

function signedInServer(todos: TodoFeed = feed, extra: Record<string, Handler> = {}) {
  return server({
    'POST /api/v1/auth/refresh': () =>
      Response.json({ access_token: 'token-school1', token_type: 'Bearer', expires_in: 900, user: school1 }),
    'GET /api/v1/todos': () => Response.json(todos),
    'GET /api/v1/workspace': () => Response.json(figures),
    ...extra,
  })
}

function calls(fetchStub: ReturnType<typeof server>, path: string): number {
  return fetchStub.mock.calls.filter(([url]) => String(url).split('?')[0] === path).length
}

let wrapper: VueWrapper | undefined

async function mountAt(path: string, fetchStub: ReturnType<typeof server>) {
  vi.stubGlobal('fetch', fetchStub)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  await router.isReady()
  wrapper = mount(App, { global: { plugins: [installVant, pinia, router] }, attachTo: document.body })
  await flushPromises()
  await flushPromises()
  return { wrapper, router, auth: useAuthStore(), todos: useTodosStore() }
}

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  vi.useRealTimers()
})

describe('due dates and severity', () => {
  it('counts whole calendar days on both sides of the deadline', () => {
    const on = '2026-03-10'
    expect(describeDue('2026-03-11', on)).toEqual({ text: '还剩 1 天', overdue: false })
    expect(describeDue('2026-03-10', on)).toEqual({ text: '今天到期', overdue: false })
    expect(describeDue('2026-03-09', on)).toEqual({ text: '已逾期 1 天', overdue: true })
    // Across a month end and a leap day.
    expect(describeDue('2028-03-01', '2028-02-28')).toEqual({ text: '还剩 2 天', overdue: false })
    expect(describeDue(undefined, on)).toBeNull()
  })

  it('takes today on the China calendar, whatever the phone is set to', () => {
    // 2026-03-09 17:00 UTC is already 03-10 01:00 in Beijing.
    expect(todayInChina(new Date('2026-03-09T17:00:00Z'))).toBe('2026-03-10')
    expect(todayInChina(new Date('2026-03-09T15:59:00Z'))).toBe('2026-03-09')
  })

  it('names every severity in words', () => {
    expect(['critical', 'serious', 'minor'].map(severityLabel)).toEqual(['紧急', '重要', '一般'])
  })
})

describe('the workspace at /', () => {
  it('shows a signed-in user the to-dos first, most urgent first, with severity in words, due days and links', async () => {
    const fetchStub = signedInServer()
    const { wrapper } = await mountAt('/', fetchStub)

    expect(wrapper.get('main h1').text()).toBe('工作台')
    expect(document.title).toBe('工作台 | 护航 · 职业学校学生实习监管平台')
    // No brochure, no product bar, no operator status for a user.
    expect(wrapper.find('main').text()).not.toContain('平台简介')
    expect(wrapper.find('main').text()).not.toContain('系统状态')
    expect(calls(fetchStub, '/readyz')).toBe(0)

    expect(wrapper.get('[data-testid="todos-heading"]').text()).toBe('待办（3）')
    const items = wrapper.findAll('[data-testid="todo-list"] > li')
    expect(items).toHaveLength(3)
    // The server's order (most urgent first) is kept.
    expect(items.map((li) => li.get('.todo__severity').text())).toEqual(['紧急', '重要', '一般'])
    expect(items.map((li) => li.get('a').attributes('href'))).toEqual(['/placements/pl1', '/plans/p1', '/plans/p2'])
    expect(items[0]!.get('.todo__due').text()).toBe('已逾期 2 天')
    expect(items[0]!.get('.todo__due').classes()).toContain('todo__due--overdue')
    expect(items[0]!.text()).toContain('开始日期前须补齐')
    expect(items[1]!.get('.todo__due').text()).toBe('还剩 5 天')
    expect(items[2]!.find('.todo__due').exists()).toBe(false)

    // Then the figures of the school's world.
    const cards = wrapper.findAll('[data-testid="figures"] > li')
    expect(cards.map((c) => c.get('.figure__label').text())).toEqual(['草稿方案', '未安排实习的学生'])
    expect(cards[0]!.get('a').attributes('href')).toBe('/plans')
    expect(cards[1]!.find('a').exists()).toBe(false)
    expect(cards[1]!.text()).toContain('含 3 名未满 18 周岁')
    expect(wrapper.get('[data-testid="breakdown"]').text()).toContain('数控技术应用')
    // To-dos come before the figures.
    const html = wrapper.get('main').html()
    expect(html.indexOf('todo-list')).toBeLessThan(html.indexOf('data-testid="figures"'))
  })

  it('shows each count on the tab that leads to it, announced in words', async () => {
    const { wrapper } = await mountAt('/', signedInServer())
    const tab = (to: string) => wrapper.get(`[data-testid="tab-${to}"]`)
    expect(tab('/plans').get('.van-badge').text()).toBe('2')
    expect(tab('/plans').get('.visually-hidden').text()).toBe('，2 项待办')
    expect(tab('/plans').get('.app-shell__badge').attributes('aria-hidden')).toBe('true')
    expect(tab('/placements').get('.van-badge').text()).toBe('1')
    // Nothing left for 首页 or 我的.
    expect(tab('/').find('.van-badge').exists()).toBe(false)
    expect(tab('/me').find('.visually-hidden').exists()).toBe(false)
  })

  it('counts to-dos without a tab of their own on 首页, so the badges add up to the total', async () => {
    const odd: TodoFeed = { items: feed.items, counts: { plans: 1, placements: 0, students: 1, total: 4 } }
    const { wrapper } = await mountAt('/', signedInServer(odd))
    expect(wrapper.get('[data-testid="tab-/"] .van-badge').text()).toBe('2')
    expect(wrapper.get('[data-testid="tab-/me"] .van-badge').text()).toBe('1')
  })

  it('gives a teacher 跟岗 in place of 方案, with the duty check-ins counted on it', async () => {
    const teacher: Me = { ...school1, id: 'u9', username: 'teacher1', display_name: '王老师', role: 'teacher' }
    const duty: TodoFeed = {
      items: [
        {
          kind: 'duty.checkin',
          title: '跟岗签到：巴中经开区精工机械有限公司',
          subject: { type: 'duty_roster', id: 'r1' },
          due_on: today,
          severity: 'serious',
          link: '/duty',
        },
        { ...feed.items[0]!, subject: { type: 'placement', id: 'pl2' } },
      ],
      counts: { plans: 0, placements: 1, students: 0, total: 2 },
    }
    const { wrapper } = await mountAt(
      '/',
      signedInServer(duty, {
        'POST /api/v1/auth/refresh': () =>
          Response.json({ access_token: 'token-teacher1', token_type: 'Bearer', expires_in: 900, user: teacher }),
      }),
    )
    const tabs = wrapper.findAll('nav [role="tab"]').map((t) => t.text().replace(/，.*$/, '').replace(/^\d+\s*/, ''))
    expect(tabs).toEqual(['首页', '跟岗', '实习', '预警', '我的'])
    expect(wrapper.get('[data-testid="tab-/duty"] .van-badge').text()).toBe('1')
    expect(wrapper.get('[data-testid="tab-/placements"] .van-badge').text()).toBe('1')
    expect(wrapper.get('[data-testid="tab-/"]').find('.van-badge').exists()).toBe(false)
  })

  it('says 暂无待办 and what the role can do next when there is nothing', async () => {
    const empty: TodoFeed = { items: [], counts: { plans: 0, placements: 0, students: 0, total: 0 } }
    const { wrapper } = await mountAt('/', signedInServer(empty))
    expect(wrapper.get('[data-testid="todos-heading"]').text()).toBe('待办（0）')
    const box = wrapper.get('[data-testid="todos-empty"]')
    expect(box.text()).toContain('暂无待办')
    expect(box.findAll('a').map((a) => a.attributes('href'))).toEqual(['/plans/new', '/placements', '/students', '/duty/rosters'])
    expect(wrapper.findAll('nav .van-badge')).toHaveLength(0)
  })

  it('offers a retry when the feed cannot be loaded', async () => {
    let fail = true
    const fetchStub = signedInServer(feed, {
      'GET /api/v1/todos': () =>
        fail ? Response.json({ error: { code: 'INTERNAL', message: 'x' } }, { status: 500 }) : Response.json(feed),
    })
    const { wrapper } = await mountAt('/', fetchStub)
    expect(wrapper.get('[role="alert"]').text()).toContain('待办加载失败')
    fail = false
    await wrapper.get('[role="alert"] button').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="todos-heading"]').text()).toBe('待办（3）')
  })
})

describe('the to-do store', () => {
  it('loads on sign-in, asks again on a route change only after 30 s, and drops the list on sign-out', async () => {
    const fetchStub = signedInServer()
    const { router, auth, todos } = await mountAt('/me', fetchStub)
    expect(calls(fetchStub, '/api/v1/todos')).toBe(1)
    expect(todos.counts?.total).toBe(3)

    // Pages that ask nothing of the server, so only the store's own calls count.
    await router.push('/me/password')
    await flushPromises()
    await router.push('/me')
    await flushPromises()
    expect(calls(fetchStub, '/api/v1/todos')).toBe(1)

    await todos.refreshIfStale(Date.now() + TODOS_MAX_AGE_MS - 1000)
    expect(calls(fetchStub, '/api/v1/todos')).toBe(1)
    await todos.refreshIfStale(Date.now() + TODOS_MAX_AGE_MS + 1)
    expect(calls(fetchStub, '/api/v1/todos')).toBe(2)

    auth.clear()
    await flushPromises()
    expect(todos.counts).toBeNull()
    expect(todos.items).toEqual([])
  })

  it('refreshes after an action, but not after a dry-run check or a session call', async () => {
    const fetchStub = signedInServer(feed, {
      'POST /api/v1/plans/p1/submit': () => Response.json({}),
      'POST /api/v1/plans/check': () => Response.json({ results: [] }),
    })
    const { auth } = await mountAt('/me', fetchStub)
    expect(calls(fetchStub, '/api/v1/todos')).toBe(1)

    // The live checklist's dry run (another part of this work adds it to the contract).
    await auth.api.post('/api/v1/plans/check' as '/api/v1/plans/{id}/submit', { path: { id: 'x' } } as never)
    await flushPromises()
    expect(calls(fetchStub, '/api/v1/todos')).toBe(1)

    await auth.api.post('/api/v1/plans/{id}/submit', { path: { id: 'p1' } } as never)
    await flushPromises()
    expect(calls(fetchStub, '/api/v1/todos')).toBe(2)
  })

  it('keeps one request in flight and asks once more if an action happened meanwhile', async () => {
    let release: () => void = () => {}
    const fetchStub = signedInServer(feed, {
      'GET /api/v1/todos': () =>
        new Promise<Response>((resolve) => {
          release = () => resolve(Response.json(feed))
        }),
    })
    vi.stubGlobal('fetch', fetchStub)
    const pinia = createPinia()
    setActivePinia(pinia)
    const auth = useAuthStore()
    const todos = useTodosStore()
    await auth.restore()
    await flushPromises()
    expect(calls(fetchStub, '/api/v1/todos')).toBe(1)
    void todos.refresh()
    void todos.refresh()
    expect(calls(fetchStub, '/api/v1/todos')).toBe(1)
    release()
    await flushPromises()
    expect(calls(fetchStub, '/api/v1/todos')).toBe(2)
    release()
    await flushPromises()
    expect(todos.loading).toBe(false)
    expect(todos.counts?.total).toBe(3)
  })
})
