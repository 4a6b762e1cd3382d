import { describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { createAppRouter } from '../../src/router'
import { useAuthStore } from '../../src/stores/auth'

// Opened with no network, the start-up refresh gets no answer at all: the
// duty page (meta.offline) opens on what the phone has saved, every other
// guarded page still asks for a sign-in. A 401 is a real sign-out.
async function start(fetchImpl: typeof fetch) {
  vi.stubGlobal('fetch', vi.fn(fetchImpl))
  setActivePinia(createPinia())
  const router = createAppRouter(createMemoryHistory())
  return { router, auth: useAuthStore() }
}

// The first push compiles the lazily loaded duty page, slow on a busy machine.
describe('the duty page without network', { timeout: 30_000 }, () => {
  it('opens offline, while other pages still ask for a sign-in', async () => {
    const { router, auth } = await start(() => Promise.reject(new TypeError('Failed to fetch')))
    await router.push('/duty')
    expect(router.currentRoute.value.name).toBe('duty')
    expect(auth.offline).toBe(true)
    expect(auth.signedIn).toBe(false)
    await router.push('/duty/rosters')
    expect(router.currentRoute.value.name).toBe('login')
  })

  it('asks a signed-out phone to sign in', async () => {
    const { router, auth } = await start(() =>
      Promise.resolve(Response.json({ error: { code: 'UNAUTHENTICATED', message: '' } }, { status: 401 })),
    )
    await router.push('/duty')
    expect(router.currentRoute.value.name).toBe('login')
    expect(auth.offline).toBe(false)
  })

  it('renews the session from the cookie once the network is back', async () => {
    let online = false
    const user = { id: 'u9', username: 'teacher1', display_name: 'T', role: 'teacher', org_id: 'o1', org_kind: 'school', org_name: 'S', division_code: '511921' }
    const { router, auth } = await start(() =>
      online
        ? Promise.resolve(Response.json({ access_token: 'tok', token_type: 'Bearer', expires_in: 900, user }))
        : Promise.reject(new TypeError('Failed to fetch')),
    )
    await router.push('/duty')
    expect(await auth.resume()).toBe(false)
    online = true
    expect(await auth.resume()).toBe(true)
    expect(auth.signedIn).toBe(true)
    expect(auth.offline).toBe(false)
    expect(auth.user?.username).toBe('teacher1')
  })
})
