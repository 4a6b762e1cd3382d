import { afterEach, describe, expect, it } from 'vitest'
import { nextTick, type App } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { installChunkRetry, isChunkLoadError } from '../../src/chunkRetry'

describe('isChunkLoadError', () => {
  it('knows what each browser says when a chunk fails', () => {
    for (const message of [
      'Failed to fetch dynamically imported module: http://x/assets/LoginView-abc.js',
      'Importing a module script failed.',
      'error loading dynamically imported module: http://x/a.js',
      'Unable to preload CSS for /assets/a.css',
    ]) {
      expect(isChunkLoadError(new TypeError(message)), message).toBe(true)
    }
  })

  it('leaves other navigation errors alone', () => {
    expect(isChunkLoadError(new Error('guard exploded'))).toBe(false)
    expect(isChunkLoadError(undefined)).toBe(false)
    expect(isChunkLoadError('Failed to fetch dynamically imported module')).toBe(false)
  })
})

describe('installChunkRetry', () => {
  let notice: App | undefined
  afterEach(() => {
    notice?.unmount()
    document.body.innerHTML = ''
  })

  it('shows 重试 when a page fails to load and clears it once the retry loads the page', async () => {
    let online = false
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { render: () => null } },
        {
          path: '/plans',
          component: () =>
            online
              ? Promise.resolve({ render: () => null })
              : Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/PlansView.js')),
        },
      ],
    })
    notice = installChunkRetry(router)
    await router.push('/')
    await router.push('/plans').catch(() => undefined)
    await nextTick()
    const button = document.querySelector<HTMLButtonElement>('.chunk-error__retry')
    expect(document.querySelector('.chunk-error')?.textContent).toContain('页面加载失败')
    expect(button?.textContent).toBe('重试')
    expect(router.currentRoute.value.path).toBe('/')

    // Still offline: the notice stays.
    button!.click()
    await new Promise((r) => setTimeout(r, 0))
    await nextTick()
    expect(document.querySelector('.chunk-error')).not.toBeNull()

    online = true
    document.querySelector<HTMLButtonElement>('.chunk-error__retry')!.click()
    await new Promise((r) => setTimeout(r, 0))
    await nextTick()
    expect(router.currentRoute.value.path).toBe('/plans')
    expect(document.querySelector('.chunk-error')).toBeNull()
  })

  it('ignores errors that are not failed chunks', async () => {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { render: () => null } },
        { path: '/x', component: () => Promise.reject(new Error('bug')) },
      ],
    })
    notice = installChunkRetry(router)
    await router.push('/')
    await router.push('/x').catch(() => undefined)
    await nextTick()
    expect(document.querySelector('.chunk-error')).toBeNull()
  })
})
