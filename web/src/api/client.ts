// A small fetch client typed by the OpenAPI document (schema.d.ts is generated
// from ../internal/apidoc/openapi.json). Path, query, body and the success
// body of each call are checked against the contract at compile time.
//
// Authentication: the access token lives only in memory (the auth store hands
// it over through `getAccessToken`); the refresh token is an httpOnly cookie
// the page never sees. A 401 triggers one refresh, shared by every request
// that is waiting on it (single flight), and the request is retried once.
import type { paths } from './schema'
import type { ErrorDetail, Token } from './types'

export type HttpMethod = 'get' | 'post' | 'put' | 'delete'

/** Paths of the document that have an operation for this method. */
export type PathsFor<M extends HttpMethod> = {
  [P in keyof paths]: paths[P][M] extends { responses: unknown } ? P : never
}[keyof paths]

type JsonOf<T> = T extends { content: { 'application/json': infer B } } ? B : undefined

export type ResponseOf<O> = O extends { responses: infer R }
  ? R extends { 200: infer S }
    ? JsonOf<S>
    : R extends { 201: infer S }
      ? JsonOf<S>
      : undefined
  : never

// `requestBody?:` too: an optional body (POST /alerts/{id}/ack) is still a
// body; the caller sends one, possibly empty. `requestBody?: never` stays never.
export type RequestBodyOf<O> = O extends { requestBody?: infer RB }
  ? RB extends { content: { 'application/json': infer B } }
    ? B
    : never
  : never

export type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never
export type PathParamsOf<O> = O extends { parameters: { path: infer PP } } ? PP : never

/** Paths of the document whose POST takes a multipart/form-data body (file uploads). */
export type MultipartPaths = {
  [P in keyof paths]: paths[P]['post'] extends { requestBody: { content: { 'multipart/form-data': unknown } } } ? P : never
}[keyof paths]

/** How a response body is read: JSON (the API's answers) or a Blob (downloads). */
type ResponseKind = 'json' | 'blob'

interface CommonOptions {
  signal?: AbortSignal
  /**
   * false for the calls that establish a session (login, refresh): no bearer
   * token is sent and a 401 is final.
   */
  auth?: boolean
  /**
   * When a 401 cannot be cured by a refresh, the session is reported lost (the
   * app then clears the store and opens the login page). Logout opts out: it
   * is leaving anyway.
   */
  reportSessionLoss?: boolean
  /** Extra request headers the contract asks for (Idempotency-Key). */
  headers?: Record<string, string>
}

export type RequestOptions<O> = CommonOptions & { query?: QueryOf<O> } & ([PathParamsOf<O>] extends [never]
    ? { path?: undefined }
    : { path: PathParamsOf<O> }) &
  ([RequestBodyOf<O>] extends [never] ? { body?: undefined } : { body: RequestBodyOf<O> })

type Args<O> = object extends RequestOptions<O> ? [options?: RequestOptions<O>] : [options: RequestOptions<O>]

export type UploadOptions<O> = CommonOptions &
  ([PathParamsOf<O>] extends [never] ? { path?: undefined } : { path: PathParamsOf<O> })
type UploadArgs<O> = object extends UploadOptions<O> ? [options?: UploadOptions<O>] : [options: UploadOptions<O>]

/** An answer of the API other than 2xx, with the error body of the contract. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: ErrorDetail[]
  readonly requestId: string | undefined
  /** Raw Retry-After header (429, 503). */
  readonly retryAfter: string | null

  constructor(init: {
    status: number
    code: string
    message: string
    details?: ErrorDetail[]
    requestId?: string
    retryAfter?: string | null
  }) {
    super(init.message)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.details = init.details ?? []
    this.requestId = init.requestId
    this.retryAfter = init.retryAfter ?? null
  }
}

/** The request never got an HTTP answer (offline, DNS, connection reset). */
export class NetworkError extends Error {
  constructor(cause?: unknown) {
    super('network error', { cause })
    this.name = 'NetworkError'
  }
}

export interface AuthHooks {
  /** The access token held in memory, if any. */
  getAccessToken(): string | null
  /** Called with every token obtained by login or refresh. */
  onToken(token: Token): void
  /** A 401 that a refresh could not cure: the session is over. */
  onSessionLost(): void
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** True for a body that has the shape of the Token schema. */
export function isToken(value: unknown): value is Token {
  return (
    isRecord(value) &&
    typeof value.access_token === 'string' &&
    value.access_token !== '' &&
    isRecord(value.user) &&
    typeof value.user.role === 'string'
  )
}

export function buildUrl(path: string, params?: Record<string, unknown>, query?: Record<string, unknown>): string {
  let url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name]
    if (value === undefined || value === null || value === '') throw new Error(`missing path parameter ${name}`)
    return encodeURIComponent(String(value))
  })
  if (query) {
    const search = new URLSearchParams()
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '') continue
      search.append(key, String(value))
    }
    const text = search.toString()
    if (text) url += `?${text}`
  }
  return url
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    body = null
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : {}
  return new ApiError({
    status: res.status,
    code: typeof error.code === 'string' ? error.code : `HTTP_${res.status}`,
    message: typeof error.message === 'string' ? error.message : '',
    details: Array.isArray(error.details) ? (error.details.filter(isRecord) as unknown as ErrorDetail[]) : [],
    requestId:
      typeof error.request_id === 'string' ? error.request_id : (res.headers.get('X-Request-ID') ?? undefined),
    retryAfter: res.headers.get('Retry-After'),
  })
}

const REFRESH_PATH = '/api/v1/auth/refresh'

export function createApiClient(hooks: AuthHooks, fetchImpl: FetchLike = (input, init) => fetch(input, init)) {
  let refreshing: Promise<Token | null> | null = null

  async function send(
    method: HttpMethod,
    url: string,
    body: unknown,
    token: string | null,
    signal: AbortSignal | undefined,
    responseKind: ResponseKind = 'json',
    extraHeaders?: Record<string, string>,
  ): Promise<unknown> {
    // A FormData body goes as is: the browser writes the multipart
    // Content-Type with its boundary. Errors still answer in JSON. Every
    // other body is JSON and must say so: the server answers 415 otherwise,
    // which is what keeps another site's forms off the API.
    const multipart = typeof FormData !== 'undefined' && body instanceof FormData
    const headers: Record<string, string> = {
      ...extraHeaders,
      Accept: responseKind === 'json' ? 'application/json' : '*/*',
    }
    if (body !== undefined && !multipart) headers['Content-Type'] = 'application/json'
    if (token) headers.Authorization = `Bearer ${token}`
    let res: Response
    try {
      res = await fetchImpl(url, {
        method: method.toUpperCase(),
        headers,
        body: body === undefined ? undefined : multipart ? (body as FormData) : JSON.stringify(body),
        // The refresh cookie is scoped to /api/v1/auth on this origin.
        credentials: 'same-origin',
        cache: 'no-store',
        signal,
      })
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err
      throw new NetworkError(err)
    }
    if (!res.ok) throw await toApiError(res)
    if (responseKind === 'blob') return res.blob()
    if (res.status === 204) return undefined
    const text = await res.text()
    return text === '' ? undefined : (JSON.parse(text) as unknown)
  }

  /**
   * POST /api/v1/auth/refresh with the cookie. Concurrent callers share one
   * call. Resolves to null when the server says the session is gone (401);
   * throws NetworkError or ApiError for anything that says nothing about it.
   */
  function refreshSession(): Promise<Token | null> {
    if (!refreshing) {
      refreshing = (async () => {
        try {
          const body = await send('post', REFRESH_PATH, undefined, null, undefined)
          if (!isToken(body)) return null
          hooks.onToken(body)
          return body
        } catch (err) {
          if (err instanceof ApiError && err.status === 401) return null
          throw err
        }
      })().finally(() => {
        refreshing = null
      })
    }
    return refreshing
  }

  async function request(method: HttpMethod, path: string, options: RequestOptions<unknown> = {}): Promise<unknown> {
    const opts = options as CommonOptions & {
      path?: Record<string, unknown>
      query?: Record<string, unknown>
      body?: unknown
      responseKind?: ResponseKind
    }
    const url = buildUrl(path, opts.path, opts.query)
    const useAuth = opts.auth !== false
    const usedToken = useAuth ? hooks.getAccessToken() : null
    try {
      return await send(method, url, opts.body, usedToken, opts.signal, opts.responseKind, opts.headers)
    } catch (err) {
      // INVALID_CREDENTIALS is about a password in the body (e.g. the current
      // password of a change), not about the token: a refresh cannot cure it.
      if (!(err instanceof ApiError) || err.status !== 401 || !useAuth || err.code === 'INVALID_CREDENTIALS') throw err
      let token = hooks.getAccessToken()
      // Another request may have refreshed while this one was in flight.
      if (!token || token === usedToken) {
        const fresh = await refreshSession()
        if (!fresh) {
          if (opts.reportSessionLoss !== false) hooks.onSessionLost()
          throw err
        }
        token = fresh.access_token
      }
      return send(method, url, opts.body, token, opts.signal, opts.responseKind, opts.headers)
    }
  }

  return {
    refreshSession,
    request,
    get<P extends PathsFor<'get'>>(path: P, ...args: Args<paths[P]['get']>) {
      return request('get', path, args[0] as RequestOptions<unknown>) as Promise<ResponseOf<paths[P]['get']>>
    },
    post<P extends PathsFor<'post'>>(path: P, ...args: Args<paths[P]['post']>) {
      return request('post', path, args[0] as RequestOptions<unknown>) as Promise<ResponseOf<paths[P]['post']>>
    },
    put<P extends PathsFor<'put'>>(path: P, ...args: Args<paths[P]['put']>) {
      return request('put', path, args[0] as RequestOptions<unknown>) as Promise<ResponseOf<paths[P]['put']>>
    },
    del<P extends PathsFor<'delete'>>(path: P, ...args: Args<paths[P]['delete']>) {
      return request('delete', path, args[0] as RequestOptions<unknown>) as Promise<ResponseOf<paths[P]['delete']>>
    },
    /** POST of a multipart form (a file upload); same auth and refresh as every call. */
    upload<P extends MultipartPaths>(path: P, form: FormData, ...args: UploadArgs<paths[P]['post']>) {
      const options = { ...args[0], body: form } as unknown as RequestOptions<unknown>
      return request('post', path, options) as Promise<ResponseOf<paths[P]['post']>>
    },
    /** GET of a file (a template, a spreadsheet) as a Blob; same auth and refresh as every call. */
    download<P extends PathsFor<'get'>>(path: P, ...args: Args<paths[P]['get']>): Promise<Blob> {
      const options = { ...args[0], responseKind: 'blob' } as unknown as RequestOptions<unknown>
      return request('get', path, options) as Promise<Blob>
    },
  }
}

export type ApiClient = ReturnType<typeof createApiClient>
