import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import App from '../../src/App.vue'
import { createAppRouter } from '../../src/router'
import { installVant } from '../../src/vant'
import { messages } from '../../src/messages'

// A visitor: every API call answers 401, so the refresh at start-up finds no session.
function signedOutServer() {
  return vi.fn<typeof fetch>(async () =>
    Response.json({ error: { code: 'UNAUTHENTICATED', message: '请先登录' } }, { status: 401 }),
  )
}

async function mountAt(path: string, fetchStub: typeof fetch) {
  vi.stubGlobal('fetch', fetchStub)
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  await router.isReady()
  const wrapper = mount(App, {
    global: { plugins: [installVant, createPinia(), router] },
  })
  await flushPromises()
  return { wrapper, router }
}

describe('App shell', () => {
  it('shows a visitor the brochure with the product name, the four tabs and no top bar or operator status', async () => {
    const fetchStub = signedOutServer()
    const { wrapper } = await mountAt('/', fetchStub)

    // One top bar: the page's own heading, no product bar above it.
    expect(wrapper.find('header').exists()).toBe(false)
    expect(wrapper.find('.van-nav-bar').exists()).toBe(false)
    expect(wrapper.get('main h1').text()).toBe('护航 · 职业学校学生实习监管平台')
    expect(document.title).toBe('护航 · 职业学校学生实习监管平台')
    expect(wrapper.find('main').text()).toContain('方案审批备案')
    expect(wrapper.get('main a[href="/login"]').text()).toBe('登录')

    const tabs = wrapper.findAll('nav [role="tab"]')
    expect(tabs.map((t) => t.text())).toEqual(['首页', '方案', '预警', '我的'])
    expect(tabs[0]!.attributes('aria-selected')).toBe('true')
    expect(tabs[1]!.attributes('aria-selected')).toBe('false')

    // The operator check is gone from user pages: /readyz is for operators.
    expect(wrapper.find('main').text()).not.toContain('系统状态')
    expect(fetchStub.mock.calls.map(([url]) => String(url))).not.toContain('/readyz')
    // Nobody is signed in, so no to-do feed is asked for.
    expect(fetchStub.mock.calls.map(([url]) => String(url))).not.toContain('/api/v1/todos')
  })

  it('navigates to the plans tab and asks a signed-out visitor to sign in', async () => {
    const { wrapper, router } = await mountAt('/', signedOutServer())
    await wrapper.findAll('nav [role="tab"]')[1]!.trigger('click')
    // The route component is a lazy chunk, so navigation settles after a dynamic import.
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/plans'))
    await flushPromises()
    await vi.waitFor(() => expect(wrapper.find('main').text()).toContain(messages.plans.signedOutTitle))
    expect(wrapper.get('main a').attributes('href')).toBe('/login?redirect=/plans')
    expect(document.title).toBe('方案 | 护航 · 职业学校学生实习监管平台')
    expect(wrapper.findAll('nav [role="tab"]')[1]!.attributes('aria-selected')).toBe('true')
  })

  it('opens a tab from the keyboard', async () => {
    const { wrapper, router } = await mountAt('/', signedOutServer())
    await wrapper.findAll('nav [role="tab"]')[2]!.trigger('keydown', { key: 'Enter' })
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/alerts'))
    await flushPromises()
    await vi.waitFor(() => expect(wrapper.find('main').text()).toContain(messages.alerts.signedOutTitle))
  })

  it('shows the 404 page with a link home for unknown paths and no active tab', async () => {
    const { wrapper } = await mountAt('/no-such-page', signedOutServer())
    expect(wrapper.find('main').text()).toContain('页面不存在')
    const home = wrapper.get('main a')
    expect(home.text()).toBe('返回首页')
    expect(home.attributes('href')).toBe('/')
    expect(wrapper.findAll('nav [role="tab"][aria-selected="true"]')).toHaveLength(0)
  })
})
