import { describe, expect, it, vi } from 'vitest'
import { describeReadiness, failingChecks, fetchReadiness } from '../../src/readiness'

describe('describeReadiness', () => {
  it('shows 正常 when the server answers 200 with status ok', () => {
    const view = describeReadiness({
      kind: 'response',
      httpStatus: 200,
      body: { status: 'ok', checks: { postgres: 'ok', redis: 'ok' } },
    })
    expect(view).toEqual({ level: 'ok', text: '正常', failing: [] })
  })

  it('names Redis when only Redis is down', () => {
    const view = describeReadiness({
      kind: 'response',
      httpStatus: 503,
      body: { status: 'unavailable', checks: { postgres: 'ok', redis: 'dial tcp 127.0.0.1:6379: connection refused' } },
    })
    expect(view.level).toBe('down')
    expect(view.text).toBe('异常：缓存服务不可用')
    expect(view.failing).toEqual(['redis'])
  })

  it('names the database when only PostgreSQL is down', () => {
    const view = describeReadiness({
      kind: 'response',
      httpStatus: 503,
      body: { status: 'unavailable', checks: { postgres: 'context deadline exceeded', redis: 'ok' } },
    })
    expect(view.text).toBe('异常：数据库不可用')
    expect(view.failing).toEqual(['postgres'])
  })

  it('lists every failing dependency in a stable order', () => {
    const view = describeReadiness({
      kind: 'response',
      httpStatus: 503,
      body: { status: 'unavailable', checks: { redis: 'timeout', postgres: 'refused' } },
    })
    expect(view.text).toBe('异常：数据库、缓存服务不可用')
    expect(view.failing).toEqual(['postgres', 'redis'])
  })

  it('shows the raw name of a dependency it has no label for', () => {
    const view = describeReadiness({
      kind: 'response',
      httpStatus: 503,
      body: { status: 'unavailable', checks: { postgres: 'ok', redis: 'ok', objectstore: 'no such bucket' } },
    })
    expect(view.text).toBe('异常：objectstore不可用')
  })

  it('trusts a failing check even if the status code claims 200', () => {
    const view = describeReadiness({
      kind: 'response',
      httpStatus: 200,
      body: { status: 'ok', checks: { postgres: 'ok', redis: 'down' } },
    })
    expect(view.level).toBe('down')
    expect(view.failing).toEqual(['redis'])
  })

  it('reports 503 without a readable body as unavailable with the status', () => {
    const view = describeReadiness({ kind: 'response', httpStatus: 503, body: null })
    expect(view).toEqual({ level: 'down', text: '服务暂不可用（HTTP 503）', failing: [] })
  })

  it('reports other HTTP errors with their status', () => {
    expect(describeReadiness({ kind: 'response', httpStatus: 500, body: null }).text).toBe('服务异常（HTTP 500）')
    expect(describeReadiness({ kind: 'response', httpStatus: 404, body: { error: {} } }).text).toBe(
      '服务异常（HTTP 404）',
    )
  })

  it('does not call a 200 without the readiness JSON healthy', () => {
    // e.g. an SPA fallback answering /readyz with index.html
    const view = describeReadiness({ kind: 'response', httpStatus: 200, body: null })
    expect(view.level).toBe('unknown')
    expect(view.text).toBe('状态未知：服务器响应格式不正确')
    expect(describeReadiness({ kind: 'response', httpStatus: 200, body: { status: 'starting' } }).level).toBe(
      'unknown',
    )
  })

  it('reports network failures and timeouts', () => {
    expect(describeReadiness({ kind: 'network-error' })).toEqual({ level: 'down', text: '无法连接服务器', failing: [] })
    expect(describeReadiness({ kind: 'timeout' })).toEqual({ level: 'down', text: '服务器响应超时', failing: [] })
  })
})

describe('failingChecks', () => {
  it('ignores bodies without a checks object', () => {
    expect(failingChecks(null)).toEqual([])
    expect(failingChecks('ok')).toEqual([])
    expect(failingChecks({ checks: ['redis'] })).toEqual([])
  })

  it('treats non-string check values as failures', () => {
    expect(failingChecks({ checks: { postgres: 'ok', redis: null } })).toEqual(['redis'])
  })
})

describe('fetchReadiness', () => {
  it('requests /readyz without caching and returns status and JSON body', async () => {
    const body = { status: 'ok', checks: { postgres: 'ok', redis: 'ok' } }
    const fetchStub = vi.fn<typeof fetch>(async () => Response.json(body, { status: 200 }))
    const outcome = await fetchReadiness(fetchStub)
    expect(outcome).toEqual({ kind: 'response', httpStatus: 200, body })
    expect(fetchStub).toHaveBeenCalledTimes(1)
    const [url, init] = fetchStub.mock.calls[0]!
    expect(url).toBe('/readyz')
    expect(init?.cache).toBe('no-store')
  })

  it('keeps the status when the body is not JSON', async () => {
    const fetchStub = vi.fn<typeof fetch>(async () => new Response('<!doctype html>', { status: 503 }))
    expect(await fetchReadiness(fetchStub)).toEqual({ kind: 'response', httpStatus: 503, body: null })
  })

  it('turns a rejected fetch into a network error', async () => {
    const fetchStub = vi.fn<typeof fetch>(async () => {
      throw new TypeError('Failed to fetch')
    })
    expect(await fetchReadiness(fetchStub)).toEqual({ kind: 'network-error' })
  })

  it('aborts and reports a timeout when the server does not answer in time', async () => {
    const fetchStub = vi.fn<typeof fetch>(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
        }),
    )
    expect(await fetchReadiness(fetchStub, 10)).toEqual({ kind: 'timeout' })
  })
})
