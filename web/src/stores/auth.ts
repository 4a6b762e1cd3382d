import { defineStore } from 'pinia'
import { computed, markRaw, ref } from 'vue'
import { ApiError, createApiClient, isToken, NetworkError, type FetchLike } from '../api/client'
import type { Me, Token } from '../api/types'

/** A request that may have changed what the caller has to do. */
function isChange(url: string, init: RequestInit): boolean {
  const method = (init.method ?? 'GET').toUpperCase()
  if (method === 'GET' || method === 'HEAD') return false
  const path = url.split('?')[0] ?? ''
  // Sessions change nobody's work; /check endpoints answer without writing.
  return !path.startsWith('/api/v1/auth/') && !path.endsWith('/check')
}

export type AuthStatus = 'unknown' | 'signedIn' | 'signedOut'

// The access token is kept here, in memory only: never in localStorage or a
// readable cookie, where an injected script could take it. A reload loses it
// and the refresh cookie (httpOnly, SameSite=Strict) gets a new one.
export const useAuthStore = defineStore('auth', () => {
  const accessToken = ref<string | null>(null)
  const user = ref<Me | null>(null)
  const status = ref<AuthStatus>('unknown')
  /** Bumped when a request finds the session gone; App.vue opens the login page. */
  const sessionLostCount = ref(0)
  /**
   * The start-up refresh got no answer at all (no network): the user may
   * well be signed in. Pages that work offline (the duty page) open anyway;
   * every other page still asks for a sign-in.
   */
  const offline = ref(false)
  /**
   * Bumped after every successful request that changed something (any
   * non-GET outside the session calls and the dry-run checks), so that what
   * depends on the server's state (the to-do list, the tab badges) refreshes
   * after an action without each page having to remember it.
   */
  const changeCount = ref(0)

  const signedIn = computed(() => status.value === 'signedIn' && user.value !== null)
  const role = computed(() => user.value?.role ?? null)

  function applyToken(token: Token): void {
    offline.value = false
    accessToken.value = token.access_token
    user.value = token.user
    status.value = 'signedIn'
  }

  function clear(): void {
    accessToken.value = null
    user.value = null
    status.value = 'signedOut'
  }

  let fetchImpl: FetchLike | undefined

  const api = markRaw(
    createApiClient(
      {
        getAccessToken: () => accessToken.value,
        onToken: applyToken,
        onSessionLost: () => {
          clear()
          sessionLostCount.value++
        },
      },
      (input, init) => {
        const pending = (fetchImpl ?? fetch)(input, init)
        if (!isChange(input, init)) return pending
        return pending.then((res) => {
          if (res.ok) changeCount.value++
          return res
        })
      },
    ),
  )

  /** Tests swap the transport; the app uses the global fetch. */
  function useFetch(impl: FetchLike | undefined): void {
    fetchImpl = impl
  }

  let restoring: Promise<void> | null = null

  /**
   * Restores a session from the refresh cookie, once per page load; later
   * calls wait for the same answer. Any failure means signed out.
   */
  function restore(): Promise<void> {
    if (status.value !== 'unknown') return Promise.resolve()
    if (!restoring) {
      restoring = api
        .refreshSession()
        .then((token) => {
          if (!token && status.value === 'unknown') clear()
        })
        .catch((err: unknown) => {
          if (status.value !== 'unknown') return
          clear()
          offline.value = err instanceof NetworkError
        })
    }
    return restoring
  }

  /**
   * After a start without network, tries the refresh cookie again (the
   * network is back). True once signed in; a 401 ends the offline grace.
   */
  async function resume(): Promise<boolean> {
    if (signedIn.value) return true
    if (!offline.value) return false
    try {
      const token = await api.refreshSession()
      if (!token) offline.value = false
      return token !== null
    } catch {
      return false
    }
  }

  async function login(username: string, password: string): Promise<Me> {
    const body = await api.post('/api/v1/auth/login', { body: { username, password }, auth: false })
    if (!isToken(body)) throw new ApiError({ status: 500, code: 'BAD_RESPONSE', message: '' })
    applyToken(body)
    return body.user
  }

  /** Ends the session on the server when it can; always ends it here. */
  async function logout(): Promise<void> {
    try {
      if (accessToken.value) await api.post('/api/v1/auth/logout', { reportSessionLoss: false })
    } catch {
      // Offline or already expired: the local session ends all the same.
    } finally {
      clear()
    }
  }

  async function reloadMe(): Promise<void> {
    user.value = await api.get('/api/v1/auth/me')
  }

  return {
    accessToken,
    user,
    status,
    sessionLostCount,
    offline,
    changeCount,
    signedIn,
    role,
    api,
    useFetch,
    restore,
    resume,
    login,
    logout,
    reloadMe,
    clear,
  }
})

/** The typed API client bound to the session of the auth store. */
export function useApi() {
  return useAuthStore().api
}
