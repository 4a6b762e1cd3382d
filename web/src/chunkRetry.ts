// A page's code is loaded when the page is first opened. On a phone that has
// just lost its signal that load fails, and without this the router would
// stay where it was (or, on the first page, show nothing at all). So a failed
// chunk shows a notice with 重试 over the page, and 重试 repeats the navigation.
import { createApp, defineComponent, h, reactive, type App } from 'vue'
import type { Router } from 'vue-router'
import { messages } from './messages'

const chunkMessages = messages.app.chunkError

// What the browsers say when a dynamic import or one of its preloads fails:
// Chromium, Safari, Firefox, and Vite's CSS preload helper.
const CHUNK_ERROR =
  /Failed to fetch dynamically imported module|Importing a module script failed|error loading dynamically imported module|Unable to preload CSS|Failed to load module script/i

export function isChunkLoadError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false
  const e = err as { name?: unknown; message?: unknown }
  return typeof e.message === 'string' && CHUNK_ERROR.test(e.message)
}

export interface ChunkFailure {
  /** The route the user tried to open; null while nothing failed. */
  target: string | null
  retrying: boolean
}

export const ChunkErrorNotice = defineComponent({
  name: 'ChunkErrorNotice',
  props: {
    state: { type: Object as () => ChunkFailure, required: true },
    onRetry: { type: Function as unknown as () => () => void, required: true },
  },
  setup(props) {
    return () =>
      props.state.target === null
        ? null
        : h('div', { class: 'chunk-error', role: 'alertdialog', 'aria-labelledby': 'chunk-error-title', 'aria-describedby': 'chunk-error-body' }, [
            h('div', { class: 'chunk-error__panel' }, [
              h('h2', { id: 'chunk-error-title', class: 'chunk-error__title' }, chunkMessages.title),
              h('p', { id: 'chunk-error-body', class: 'chunk-error__body' }, chunkMessages.body),
              h(
                'button',
                {
                  type: 'button',
                  class: 'chunk-error__retry',
                  disabled: props.state.retrying,
                  onClick: () => props.onRetry(),
                },
                props.state.retrying ? chunkMessages.retrying : chunkMessages.retry,
              ),
            ]),
          ])
  },
})

/**
 * Watches the router for route chunks that fail to load and shows the notice
 * in a small app of its own, so it works even when the failed page is the
 * first one and the main app has nothing on screen. Returns the notice's app
 * (tests unmount it).
 */
export function installChunkRetry(router: Router, host: HTMLElement = document.body): App {
  const state = reactive<ChunkFailure>({ target: null, retrying: false })

  router.onError((err, to) => {
    if (!isChunkLoadError(err)) return
    state.target = to.fullPath
    state.retrying = false
  })
  router.afterEach((_to, _from, failure) => {
    if (!failure) state.target = null
  })

  async function retry(): Promise<void> {
    const target = state.target
    if (target === null) return
    state.retrying = true
    try {
      // A failed import is not remembered by vue-router, so navigating again
      // fetches the chunk again; success clears the notice in afterEach.
      await router.push(target)
    } catch {
      // onError has already put the notice back.
    } finally {
      state.retrying = false
    }
  }

  const el = document.createElement('div')
  el.className = 'chunk-error-host'
  host.appendChild(el)
  const notice = createApp(ChunkErrorNotice, { state, onRetry: () => void retry() })
  notice.mount(el)
  return notice
}
