import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import App from '../../src/App.vue'
import { createAppRouter } from '../../src/router'
import { installVant } from '../../src/vant'
import type { Me } from '../../src/api/types'
import { quietAlerts } from './quietAlerts'

// The server's field errors land beside the matching inputs of the real
// forms; what no field can show becomes a toast.

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

const ent1: Me = {
  ...school1,
  id: 'u2',
  username: 'ent1',
  role: 'enterprise_admin',
  org_id: 'e1',
  org_kind: 'enterprise',
  org_name: '巴中经开区精工机械有限公司',
}

type Routes = Record<string, (init: RequestInit) => Response>

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

async function mountAt(path: string, routes: Routes, user: Me = school1) {
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const key = `${(init?.method ?? 'GET').toUpperCase()} ${String(input).split('?')[0]}`
    if (key === 'POST /api/v1/auth/refresh')
      return Response.json({ access_token: 't', token_type: 'Bearer', expires_in: 900, user })
    const handler = routes[key]
    const alerts = quietAlerts(String(input).split('?')[0]!)
    if (!handler && alerts) return alerts
    if (!handler) throw new Error(`unexpected ${key}`)
    return handler(init ?? {})
  })
  vi.stubGlobal('fetch', fetchStub)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  await router.isReady()
  wrapper = mount(App, { global: { plugins: [installVant, pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router, fetchStub }
}

const describedBy = (id: string) => {
  const ids = document.getElementById(id)?.getAttribute('aria-describedby') ?? ''
  return ids
    .split(' ')
    .map((ref) => document.getElementById(ref)?.textContent ?? '')
    .join(' ')
    .trim()
}

describe('server field errors', () => {
  it('USERNAME_TAKEN appears under the username field; unknown fields become a toast', async () => {
    const { wrapper } = await mountAt('/manage/users/new', {
      'POST /api/v1/users': (init) => {
        const body = JSON.parse(String(init.body))
        expect(body).toMatchObject({ username: 'teacher1', role: 'teacher', org_id: 'o1', display_name: '赵明' })
        expect(body).not.toHaveProperty('phone')
        return Response.json(
          {
            error: {
              code: 'USERNAME_TAKEN',
              message: '用户名已被使用',
              details: [
                { field: 'username', message: 'username taken' },
                { field: 'mystery', message: '服务器的其他问题' },
              ],
            },
          },
          { status: 409 },
        )
      },
    })
    await wrapper.get('#user-username').setValue('Teacher1')
    await wrapper.get('#user-display_name').setValue('赵明')
    await wrapper.get('#user-password').setValue('Abcdefgh-123')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    // The client's own words for a known code, beside the field.
    expect(describedBy('user-username')).toContain('用户名已被使用')
    expect(document.getElementById('user-username')?.getAttribute('aria-invalid')).toBe('true')
    expect(document.body.textContent).toContain('服务器的其他问题')
  })

  it('nested paths of the enterprise form reach the right row', async () => {
    const { wrapper } = await mountAt('/manage/enterprises/new', {
      'GET /api/v1/divisions': () =>
        Response.json({
          items: [
            { code: '511900', name: '巴中市', parent_code: null, level: 'city' },
            { code: '511921', name: '通江县', parent_code: '511900', level: 'county' },
          ],
        }),
      'POST /api/v1/enterprises': (init) => {
        const body = JSON.parse(String(init.body))
        expect(body).toMatchObject({
          credit_code: '91350100M000100Y43',
          division_code: '511921',
          lat: 31.9,
          lng: 107.2,
          datum: 'wgs84',
          fence_radius_m: 300,
          headcount: 10,
          safety_violations: [
            { occurred_on: '2025-01-02', summary: 'a' },
            { occurred_on: '2025-02-03', summary: 'b' },
          ],
        })
        return Response.json(
          {
            error: {
              code: 'INVALID_INPUT',
              message: '企业信息有误',
              details: [
                { field: 'safety_violations[1].occurred_on', message: '日期早于企业成立日期' },
                { field: 'headcount', message: '人数与社保记录不符' },
              ],
            },
          },
          { status: 400 },
        )
      },
    })
    await wrapper.get('#enterprise-name').setValue('测试企业')
    await wrapper.get('#enterprise-credit_code').setValue('91350100m000100y43')
    await wrapper.get('#enterprise-headcount').setValue('10')
    await wrapper.get('#enterprise-address').setValue('某路 1 号')
    await wrapper.get('#enterprise-lat').setValue('31.9')
    await wrapper.get('#enterprise-lng').setValue('107.2')
    const add = wrapper.findAll('button').find((b) => b.text() === '添加一条记录')!
    await add.trigger('click')
    await add.trigger('click')
    await wrapper.get('#enterprise-safety_violations-0-occurred_on').setValue('2025-01-02')
    await wrapper.get('#enterprise-safety_violations-0-summary').setValue('a')
    await wrapper.get('#enterprise-safety_violations-1-occurred_on').setValue('2025-02-03')
    await wrapper.get('#enterprise-safety_violations-1-summary').setValue('b')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(describedBy('enterprise-safety_violations-1-occurred_on')).toBe('日期早于企业成立日期')
    expect(describedBy('enterprise-safety_violations-0-occurred_on')).toBe('')
    expect(describedBy('enterprise-headcount')).toBe('人数与社保记录不符')
  })

  it('a post is sent with every NewPost field and the wage in fen', async () => {
    let sent: Record<string, unknown> = {}
    const { wrapper, router } = await mountAt('/manage/posts/new', {
      'POST /api/v1/enterprises/e1/posts': (init) => {
        sent = JSON.parse(String(init.body))
        return Response.json({ ...sent, id: 'p1', enterprise_id: 'e1', created_at: '2026-01-01T00:00:00Z' }, { status: 201 })
      },
      'GET /api/v1/enterprises/e1/posts': () => Response.json({ items: [] }),
    }, ent1)
    await wrapper.get('#post-name').setValue('焊工')
    await wrapper.get('#post-major_category').setValue('装备制造大类')
    await wrapper.get('#post-headcount').setValue('12')
    await wrapper.get('#post-wage_fen').setValue('4200.29')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(sent).toEqual({
      name: '焊工',
      major_category: '装备制造大类',
      headcount: 12,
      hours_per_day: 8,
      hours_per_week: 40,
      shift_start: '08:30',
      shift_end: '17:30',
      break_minutes: 60,
      works_rest_days: false,
      labour_grade: 1,
      high_risk: [],
      forbidden_for_minors: false,
      forbidden_for_women: false,
      wage_fen: 420029,
    })
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/manage/posts'))
  })
})
