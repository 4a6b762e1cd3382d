import { describe, expect, it, vi } from 'vitest'
import { ApiError, buildUrl, createApiClient, NetworkError, type FetchLike } from '../../src/api/client'
import type { Me, Token } from '../../src/api/types'

const me: Me = {
  id: '00000000-0000-0000-0000-000000000001',
  username: 'school1',
  display_name: '学校管理员',
  role: 'school_admin',
  org_id: '00000000-0000-0000-0000-000000000002',
  org_kind: 'school',
  org_name: '通江县职业高级中学',
  division_code: '511921',
}

function token(access: string): Token {
  return { access_token: access, token_type: 'Bearer', expires_in: 900, user: me }
}

function errorResponse(status: number, code: string, extra: Record<string, unknown> = {}, headers?: HeadersInit) {
  return Response.json({ error: { code, message: '', ...extra } }, { status, headers })
}

/** A session held the way the auth store holds it, plus a fake server. */
function setup(server: (url: string, init: RequestInit) => Promise<Response>) {
  let access: string | null = 'old'
  const onSessionLost = vi.fn()
  const fetchImpl = vi.fn<FetchLike>(server)
  const client = createApiClient(
    {
      getAccessToken: () => access,
      onToken: (t) => {
        access = t.access_token
      },
      onSessionLost,
    },
    fetchImpl,
  )
  const calls = (path: string) => fetchImpl.mock.calls.filter(([url]) => url === path)
  return { client, fetchImpl, onSessionLost, calls, token: () => access }
}

const auth = (init: RequestInit) => (init.headers as Record<string, string>).Authorization

describe('single-flight refresh', () => {
  it('two concurrent 401s share one refresh call, and both requests are retried with the new token', async () => {
    let releaseRefresh!: () => void
    const refreshGate = new Promise<void>((resolve) => (releaseRefresh = resolve))
    const { client, calls, onSessionLost } = setup(async (url, init) => {
      if (url === '/api/v1/auth/refresh') {
        await refreshGate
        return Response.json(token('new'))
      }
      if (auth(init) === 'Bearer new') return Response.json(url === '/api/v1/auth/me' ? me : { items: [] })
      return errorResponse(401, 'UNAUTHENTICATED')
    })

    const both = Promise.all([client.get('/api/v1/auth/me'), client.get('/api/v1/auth/sessions')])
    // Let both first attempts fail before the refresh answers.
    await vi.waitFor(() => expect(calls('/api/v1/auth/refresh')).toHaveLength(1))
    releaseRefresh()
    const [who, sessions] = await both

    expect(who.username).toBe('school1')
    expect(sessions.items).toEqual([])
    expect(calls('/api/v1/auth/refresh')).toHaveLength(1)
    expect(calls('/api/v1/auth/me').map(([, init]) => auth(init))).toEqual(['Bearer old', 'Bearer new'])
    expect(calls('/api/v1/auth/sessions').map(([, init]) => auth(init))).toEqual(['Bearer old', 'Bearer new'])
    expect(onSessionLost).not.toHaveBeenCalled()
  })

  it('a 401 that arrives after another request already refreshed retries without a second refresh', async () => {
    let meAttempts = 0
    let releaseSlow!: () => void
    const slowGate = new Promise<void>((resolve) => (releaseSlow = resolve))
    const { client, calls } = setup(async (url, init) => {
      if (url === '/api/v1/auth/refresh') return Response.json(token('new'))
      if (url === '/api/v1/auth/sessions' && auth(init) === 'Bearer old') {
        await slowGate // answers 401 only after the other request has refreshed
        return errorResponse(401, 'UNAUTHENTICATED')
      }
      if (auth(init) === 'Bearer new') return Response.json(url === '/api/v1/auth/me' ? me : { items: [] })
      meAttempts++
      return errorResponse(401, 'UNAUTHENTICATED')
    })
    const slow = client.get('/api/v1/auth/sessions')
    await client.get('/api/v1/auth/me')
    releaseSlow()
    await slow
    expect(meAttempts).toBe(1)
    expect(calls('/api/v1/auth/refresh')).toHaveLength(1)
  })

  it('refreshes again for a later, separate expiry', async () => {
    let generation = 0
    const { client, calls } = setup(async (url, init) => {
      if (url === '/api/v1/auth/refresh') return Response.json(token(`t${++generation}`))
      if (auth(init) === `Bearer t${generation}` && generation > 0) return Response.json(me)
      return errorResponse(401, 'UNAUTHENTICATED')
    })
    await client.get('/api/v1/auth/me')
    generation++ // the server forgets t1 (say, 15 minutes later)
    await client.get('/api/v1/auth/me')
    expect(calls('/api/v1/auth/refresh')).toHaveLength(2)
  })

  it('when the refresh fails, reports the session lost once per request and rethrows the 401', async () => {
    const { client, calls, onSessionLost } = setup(async (url) => {
      if (url === '/api/v1/auth/refresh') return errorResponse(401, 'UNAUTHENTICATED')
      return errorResponse(401, 'UNAUTHENTICATED')
    })
    const results = await Promise.allSettled([client.get('/api/v1/auth/me'), client.get('/api/v1/auth/sessions')])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(ApiError)
    expect(calls('/api/v1/auth/refresh')).toHaveLength(1)
    expect(onSessionLost).toHaveBeenCalled()
  })

  it('retries only once: a second 401 after a good refresh is final', async () => {
    const { client, calls, onSessionLost } = setup(async (url) => {
      if (url === '/api/v1/auth/refresh') return Response.json(token('new'))
      return errorResponse(401, 'UNAUTHENTICATED')
    })
    await expect(client.get('/api/v1/auth/me')).rejects.toMatchObject({ status: 401 })
    expect(calls('/api/v1/auth/me')).toHaveLength(2)
    expect(calls('/api/v1/auth/refresh')).toHaveLength(1)
    expect(onSessionLost).not.toHaveBeenCalled()
  })

  it('does not refresh for a wrong password in the body (INVALID_CREDENTIALS)', async () => {
    const { client, calls } = setup(async () => errorResponse(401, 'INVALID_CREDENTIALS'))
    await expect(
      client.post('/api/v1/auth/password', { body: { current_password: 'x', new_password: 'Abcdefgh12' } }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' })
    expect(calls('/api/v1/auth/refresh')).toHaveLength(0)
  })

  it('does not refresh for calls without auth (login)', async () => {
    const { client, calls } = setup(async () => errorResponse(401, 'INVALID_CREDENTIALS'))
    await expect(
      client.post('/api/v1/auth/login', { body: { username: 'a', password: 'b' }, auth: false }),
    ).rejects.toBeInstanceOf(ApiError)
    expect(calls('/api/v1/auth/refresh')).toHaveLength(0)
    expect(auth(calls('/api/v1/auth/login')[0]![1])).toBeUndefined()
  })

  it('refreshSession resolves null on 401 and rejects on a network failure', async () => {
    const down = setup(async () => {
      throw new TypeError('Failed to fetch')
    })
    await expect(down.client.refreshSession()).rejects.toBeInstanceOf(NetworkError)
    const out = setup(async () => errorResponse(401, 'UNAUTHENTICATED'))
    await expect(out.client.refreshSession()).resolves.toBeNull()
    const fine = setup(async () => Response.json(token('fresh')))
    await expect(fine.client.refreshSession()).resolves.toMatchObject({ access_token: 'fresh' })
    expect(fine.token()).toBe('fresh')
    // The cookie must travel with the refresh.
    expect(fine.fetchImpl.mock.calls[0]![1].credentials).toBe('same-origin')
    expect(fine.fetchImpl.mock.calls[0]![1].method).toBe('POST')
  })

  it('treats a 200 refresh without a token as signed out', async () => {
    const { client } = setup(async () => Response.json({ status: 'ok' }))
    await expect(client.refreshSession()).resolves.toBeNull()
  })
})

describe('requests and errors', () => {
  it('sends JSON with the bearer token and parses the answer', async () => {
    const { client, fetchImpl } = setup(async () => Response.json({ id: 'x' }, { status: 201 }))
    await client.post('/api/v1/enterprises/{id}/posts', {
      path: { id: 'e/1' },
      body: {
        name: 'n',
        major_category: 'c',
        headcount: 1,
        hours_per_day: 8,
        hours_per_week: 40,
        shift_start: '08:30',
        shift_end: '17:30',
        labour_grade: 1,
        wage_fen: 0,
      },
    })
    const [url, init] = fetchImpl.mock.calls[0]!
    expect(url).toBe('/api/v1/enterprises/e%2F1/posts')
    expect(init.method).toBe('POST')
    expect(auth(init)).toBe('Bearer old')
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json')
    expect(JSON.parse(init.body as string)).toMatchObject({ name: 'n', wage_fen: 0 })
  })

  it('returns undefined for 204', async () => {
    const { client } = setup(async () => new Response(null, { status: 204 }))
    await expect(client.post('/api/v1/auth/logout')).resolves.toBeUndefined()
  })

  it('turns the error body into an ApiError with details, request id and Retry-After', async () => {
    const { client } = setup(async () =>
      errorResponse(
        409,
        'CREDIT_CODE_EXISTS',
        {
          message: '该企业已登记',
          request_id: 'req-1',
          details: [{ field: 'credit_code', message: '已存在', existing_id: 'abc' }],
        },
        { 'Retry-After': '30' },
      ),
    )
    const err = await client.get('/api/v1/enterprises').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({
      status: 409,
      code: 'CREDIT_CODE_EXISTS',
      message: '该企业已登记',
      requestId: 'req-1',
      retryAfter: '30',
      details: [{ field: 'credit_code', message: '已存在', existing_id: 'abc' }],
    })
  })

  it('survives an error answer that is not JSON', async () => {
    const { client } = setup(async () => new Response('<html>bad gateway</html>', { status: 502 }))
    await expect(client.get('/api/v1/orgs')).rejects.toMatchObject({ status: 502, code: 'HTTP_502', details: [] })
  })

  it('reports a failed fetch as a NetworkError', async () => {
    const { client } = setup(async () => {
      throw new TypeError('Failed to fetch')
    })
    await expect(client.get('/api/v1/orgs')).rejects.toBeInstanceOf(NetworkError)
  })

  it('builds query strings without empty values', () => {
    expect(buildUrl('/api/v1/orgs', undefined, { kind: 'school', q: '', division: undefined, limit: 50 })).toBe(
      '/api/v1/orgs?kind=school&limit=50',
    )
    expect(buildUrl('/api/v1/orgs', undefined, { q: '通江' })).toBe('/api/v1/orgs?q=%E9%80%9A%E6%B1%9F')
    expect(() => buildUrl('/api/v1/orgs/{id}', {})).toThrow(/missing path parameter id/)
  })
})

// The server answers 415 to a body that does not say it is JSON (so another
// site's form cannot post to the API): every JSON body must carry the header,
// the first attempt and the retry after a refresh alike.
describe('Content-Type', () => {
  const contentType = (init: RequestInit) => (init.headers as Record<string, string>)['Content-Type']

  it('says application/json for every JSON body, whatever the method, also on the retry', async () => {
    const { client, fetchImpl } = setup(async (url, init) => {
      if (url === '/api/v1/auth/refresh') return Response.json(token('new'))
      if (auth(init) !== 'Bearer new') return errorResponse(401, 'UNAUTHENTICATED')
      return Response.json({})
    })
    await client.request('post', '/api/v1/plans', { body: { title: 't' } } as never)
    await client.request('put', '/api/v1/plans/p1', { body: { title: 't' } } as never)
    await client.request('delete', '/api/v1/things/1', { body: { reason: 'r' } } as never)
    await client.request('post', '/api/v1/zero', { body: 0 } as never)
    const withBody = fetchImpl.mock.calls.filter(([, init]) => init.body !== undefined)
    // The first is sent twice (401, then the retry with the new token); the
    // other three go out once with the new token.
    expect(withBody).toHaveLength(5)
    for (const [, init] of withBody) {
      expect(contentType(init)).toBe('application/json')
      expect(() => JSON.parse(init.body as string)).not.toThrow()
    }
  })

  it('sends neither body nor Content-Type when there is no body (refresh, logout, bodiless actions)', async () => {
    const { client, fetchImpl } = setup(async (url) =>
      url === '/api/v1/auth/refresh' ? Response.json(token('t')) : new Response(null, { status: 204 }),
    )
    await client.post('/api/v1/auth/logout')
    await client.refreshSession()
    for (const [, init] of fetchImpl.mock.calls) {
      expect(init.body).toBeUndefined()
      expect(contentType(init)).toBeUndefined()
    }
  })

  it('leaves an upload to the browser, which writes multipart/form-data with its boundary', async () => {
    const { client, fetchImpl } = setup(async () => Response.json({ id: 'f' }, { status: 201 }))
    const form = new FormData()
    form.append('file', new Blob(['%PDF-1.7']), 'a.pdf')
    await client.upload('/api/v1/files', form)
    const [, init] = fetchImpl.mock.calls[0]!
    expect(init.body).toBe(form)
    expect(contentType(init)).toBeUndefined()
  })
})
