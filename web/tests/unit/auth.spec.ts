import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import App from '../../src/App.vue'
import { createAppRouter } from '../../src/router'
import { installVant } from '../../src/vant'
import { useAuthStore } from '../../src/stores/auth'
import type { Me } from '../../src/api/types'
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

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>

const unauthorized = () => Response.json({ error: { code: 'UNAUTHENTICATED', message: '请先登录' } }, { status: 401 })

/** A fake server: the given routes, 401 for every other API call. */
function server(routes: Record<string, Handler> = {}) {
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    const path = url.split('?')[0]!
    const handler = routes[`${(init?.method ?? 'GET').toUpperCase()} ${path}`]
    if (handler) return handler(url, init ?? {})
    // Every signed-in page loads the to-do feed for the tab badges.
    if (path === '/api/v1/todos') return Response.json({ items: [], counts: { plans: 0, placements: 0, students: 0, total: 0 } })
    // And the alert counts and stream for the 预警 tab.
    const alerts = quietAlerts(path)
    if (alerts) return alerts
    return unauthorized()
  })
}

function tokenFor(user: Me) {
  return Response.json({ access_token: `token-${user.username}`, token_type: 'Bearer', expires_in: 900, user })
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
  return { wrapper, router, auth: useAuthStore() }
}

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

describe('signed out', () => {
  it('the 我的 page offers to sign in and comes back after', async () => {
    const { wrapper } = await mountAt('/me', server())
    expect(wrapper.find('main').text()).toContain('您尚未登录')
    const link = wrapper.get('main a')
    expect(link.text()).toBe('登录')
    expect(link.attributes('href')).toBe('/login?redirect=/me')
  })

  it('a management page sends to the login page with a redirect', async () => {
    const { router } = await mountAt('/manage/orgs', server())
    expect(router.currentRoute.value.fullPath).toBe('/login?redirect=/manage/orgs')
  })

  it('restores the session from the refresh cookie once, however many pages ask', async () => {
    const fetchStub = server({
      'POST /api/v1/auth/refresh': () => tokenFor(school1),
      'GET /api/v1/users': () => Response.json({ items: [] }),
    })
    const { router, auth } = await mountAt('/manage/users', fetchStub)
    await router.push('/me')
    await flushPromises()
    expect(auth.user?.username).toBe('school1')
    const refreshes = fetchStub.mock.calls.filter(([url]) => String(url) === '/api/v1/auth/refresh')
    expect(refreshes).toHaveLength(1)
    expect(refreshes[0]![1]?.credentials).toBe('same-origin')
  })
})

describe('login page', () => {
  async function submitLogin(wrapper: VueWrapper, username: string, password: string) {
    await wrapper.get('#login-username').setValue(username)
    await wrapper.get('#login-password').setValue(password)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
  }

  it('says 用户名或密码错误 on 401', async () => {
    const { wrapper } = await mountAt(
      '/login',
      server({
        'POST /api/v1/auth/login': () =>
          Response.json({ error: { code: 'INVALID_CREDENTIALS', message: 'x' } }, { status: 401 }),
      }),
    )
    await submitLogin(wrapper, 'teacher1', 'wrong-password')
    expect(wrapper.get('[data-testid="login-error"]').text()).toBe('用户名或密码错误')
  })

  it('says how long to wait on 429, from Retry-After', async () => {
    const { wrapper } = await mountAt(
      '/login',
      server({
        'POST /api/v1/auth/login': () =>
          Response.json({ error: { code: 'RATE_LIMITED', message: 'x' } }, { status: 429, headers: { 'Retry-After': '61' } }),
      }),
    )
    await submitLogin(wrapper, 'teacher1', 'whatever-1A')
    expect(wrapper.get('[data-testid="login-error"]').text()).toBe('尝试次数过多，请 2 分钟后再试')
  })

  it('reports a network failure', async () => {
    const fetchStub = server()
    const { wrapper } = await mountAt('/login', fetchStub)
    fetchStub.mockImplementation(async () => {
      throw new TypeError('Failed to fetch')
    })
    await submitLogin(wrapper, 'teacher1', 'whatever-1A')
    expect(wrapper.get('[data-testid="login-error"]').text()).toBe('无法连接服务器，请检查网络后重试')
  })

  it('checks empty fields without calling the server, and clears the message once typed', async () => {
    const fetchStub = server()
    const { wrapper } = await mountAt('/login', fetchStub)
    const before = fetchStub.mock.calls.length
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fetchStub.mock.calls.length).toBe(before)
    expect(wrapper.text()).toContain('请填写用户名')
    expect(document.getElementById('login-username')?.getAttribute('aria-describedby')).toBe('login-username-error')
    expect(document.getElementById('login-username')?.getAttribute('aria-invalid')).toBe('true')
    await wrapper.get('#login-username').setValue('school1')
    await flushPromises()
    expect(wrapper.text()).not.toContain('请填写用户名')
    expect(wrapper.text()).toContain('请填写密码')
  })

  it('signs in, keeps the token in memory only and goes to the redirect target', async () => {
    const { wrapper, router, auth } = await mountAt(
      '/login?redirect=/manage/hosts',
      server({
        'POST /api/v1/auth/login': (_url, init) => {
          expect(JSON.parse(String(init.body))).toEqual({ username: 'school1', password: 'Huhang-Demo-2026' })
          return tokenFor(school1)
        },
        'GET /api/v1/schools/o1/hosts': () => Response.json({ items: [] }),
      }),
    )
    await submitLogin(wrapper, ' school1 ', 'Huhang-Demo-2026')
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/manage/hosts'))
    expect(auth.accessToken).toBe('token-school1')
    expect(localStorage.length).toBe(0)
    expect(sessionStorage.length).toBe(0)
  })

  it('ignores a redirect to another site', async () => {
    const { wrapper, router } = await mountAt(
      '/login?redirect=//evil.example/',
      server({ 'POST /api/v1/auth/login': () => tokenFor(school1) }),
    )
    await submitLogin(wrapper, 'school1', 'Huhang-Demo-2026')
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/'))
  })
})

describe('signed in', () => {
  it('the 我的 page shows name, role, organisation and what the role may manage', async () => {
    const { wrapper } = await mountAt('/me', server({ 'POST /api/v1/auth/refresh': () => tokenFor(school1) }))
    expect(wrapper.get('[data-testid="profile-name"]').text()).toBe('陈晓燕')
    expect(wrapper.get('[data-testid="profile-role"]').text()).toBe('学校管理员')
    expect(wrapper.get('[data-testid="profile-org"]').text()).toBe('通江县职业高级中学')
    const manage = wrapper.get('section[aria-labelledby="me-manage-heading"]')
    expect(manage.findAll('.van-cell__title').map((c) => c.text())).toEqual([
      '数据看板',
      '账号管理',
      '学生名单',
      '实习单位',
      '合作单位名单',
      '值守安排',
      '跟岗覆盖',
      '突发事件',
      '我的整改',
    ])
  })

  it('a role without the right sees 无权访问 instead of the page', async () => {
    const teacher: Me = { ...school1, username: 'teacher1', role: 'teacher' }
    const { wrapper, router } = await mountAt(
      '/manage/enterprises',
      server({ 'POST /api/v1/auth/refresh': () => tokenFor(teacher) }),
    )
    expect(router.currentRoute.value.name).toBe('forbidden')
    expect(wrapper.find('main').text()).toContain('无权访问')
  })

  it('when the session dies and cannot be refreshed, the store is cleared and the login page opens', async () => {
    let refreshes = 0
    const { router, auth } = await mountAt(
      '/me/sessions',
      server({
        'POST /api/v1/auth/refresh': () => (++refreshes === 1 ? tokenFor(school1) : unauthorized()),
        // The session was revoked elsewhere: every call is 401 from now on.
      }),
    )
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/login'))
    expect(router.currentRoute.value.query.redirect).toBe('/me/sessions')
    expect(auth.accessToken).toBeNull()
    expect(auth.user).toBeNull()
    expect(refreshes).toBe(2)
  })

  it('logout ends the session on the server and here', async () => {
    const fetchStub = server({
      'POST /api/v1/auth/refresh': () => tokenFor(school1),
      'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
    })
    const { wrapper, router, auth } = await mountAt('/me', fetchStub)
    const logout = wrapper.findAll('button').find((b) => b.text() === '退出登录')!
    await logout.trigger('click')
    await flushPromises()
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/login'))
    expect(auth.signedIn).toBe(false)
    const call = fetchStub.mock.calls.find(([url]) => String(url) === '/api/v1/auth/logout')!
    expect((call[1]?.headers as Record<string, string>).Authorization).toBe('Bearer token-school1')
  })
})
