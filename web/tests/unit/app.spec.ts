import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import App from '../../src/App.vue'
import { createAppRouter } from '../../src/router'
import { installVant } from '../../src/vant'
import { messages } from '../../src/messages'

function readyzAnswer(status: number, body: unknown) {
  return vi.fn<typeof fetch>(async () => Response.json(body, { status }))
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
  it('renders the title, the intro, the four tabs and a healthy status on the home page', async () => {
    const fetchStub = readyzAnswer(200, { status: 'ok', checks: { postgres: 'ok', redis: 'ok' } })
    const { wrapper } = await mountAt('/', fetchStub)

    expect(wrapper.find('header h1').text()).toBe('护航 · 职业学校学生实习监管平台')
    expect(document.title).toBe('护航 · 职业学校学生实习监管平台')
    expect(wrapper.find('main').text()).toContain('方案审批备案')

    const tabs = wrapper.findAll('nav [role="tab"]')
    expect(tabs.map((t) => t.text())).toEqual(['首页', '方案', '预警', '我的'])
    expect(tabs[0]!.attributes('aria-selected')).toBe('true')
    expect(tabs[1]!.attributes('aria-selected')).toBe('false')

    expect(fetchStub).toHaveBeenCalledWith('/readyz', expect.anything())
    expect(wrapper.get('[data-testid="readiness-value"]').text()).toBe('正常')
  })

  it('shows which dependency is down', async () => {
    const fetchStub = readyzAnswer(503, { status: 'unavailable', checks: { postgres: 'ok', redis: 'connection refused' } })
    const { wrapper } = await mountAt('/', fetchStub)
    expect(wrapper.get('[data-testid="readiness-value"]').text()).toBe('异常：缓存服务不可用')
  })

  it('navigates to the plans tab and asks a signed-out visitor to sign in', async () => {
    const { wrapper, router } = await mountAt('/', readyzAnswer(200, { status: 'ok', checks: {} }))
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
    const { wrapper, router } = await mountAt('/', readyzAnswer(200, { status: 'ok', checks: {} }))
    await wrapper.findAll('nav [role="tab"]')[2]!.trigger('keydown', { key: 'Enter' })
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/alerts'))
    await flushPromises()
    expect(wrapper.find('main').text()).toContain(messages.comingSoon.alerts)
  })

  it('shows the 404 page with a link home for unknown paths and no active tab', async () => {
    const { wrapper } = await mountAt('/no-such-page', readyzAnswer(200, { status: 'ok', checks: {} }))
    expect(wrapper.find('main').text()).toContain('页面不存在')
    const home = wrapper.get('main a')
    expect(home.text()).toBe('返回首页')
    expect(home.attributes('href')).toBe('/')
    expect(wrapper.findAll('nav [role="tab"][aria-selected="true"]')).toHaveLength(0)
  })
})
