import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, type Page, type Request, type TestInfo } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'

const screenshotDir = fileURLToPath(new URL('../e2e-screenshots/', import.meta.url))

/** Saves a full-page screenshot named after the test, for a human to look at. */
export async function saveScreenshot(
  page: Page,
  testInfo: TestInfo,
  suffix = '',
  { always = false }: { always?: boolean } = {},
): Promise<void> {
  // Screenshots are for people looking at the screens (HUHANG_E2E_SCREENSHOTS=1
  // npx playwright test); a full-page PNG at the phone's pixel ratio costs a
  // second or two of a CI core and asserts nothing. Only the role workspaces
  // are always kept, one picture per role, as the review of each run.
  if (!always && !process.env.HUHANG_E2E_SCREENSHOTS) return
  mkdirSync(screenshotDir, { recursive: true })
  const slug = testInfo.titlePath
    .slice(1)
    .join('-')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
  // A plain full-page capture draws the fixed tab bar where the viewport ended,
  // on top of the content; growing the viewport to the page first shows the
  // page as a phone shows it when scrolled to the bottom.
  // Let toasts finish (2 s) so they do not cover what the test left on screen.
  await expect(page.locator('.van-toast:visible'))
    .toHaveCount(0, { timeout: 4000 })
    .catch(() => undefined)
  const viewport = page.viewportSize()
  const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight)
  if (viewport && pageHeight > viewport.height) await page.setViewportSize({ width: viewport.width, height: pageHeight })
  try {
    await page.screenshot({ path: `${screenshotDir}${slug}${suffix ? `-${suffix}` : ''}.png`, fullPage: true })
  } finally {
    if (viewport) await page.setViewportSize(viewport)
  }
}

/** Asserts the screen does not scroll sideways, then saves it (when screenshots are asked for) under `name`. */
export async function checkScreen(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  expect(await hasHorizontalScroll(page), `${name}: no sideways scrolling`).toBe(false)
  await saveScreenshot(page, testInfo, name)
}

/** True when the page can be scrolled sideways, which must never happen on a phone. */
export async function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement
    return root.scrollWidth > window.innerWidth
  })
}

/**
 * Asserts the page as it stands scrolls sideways at none of `widths` (CSS
 * px; the phones the product supports span 360 to 430). The page is resized
 * in place rather than loaded again per width: the client reads no window
 * size in script, so the layout is the one a load at that width gives, at
 * a page load less per width on the shared CI cores.
 */
export async function expectFitsWidths(page: Page, name: string, widths: readonly number[] = [360, 430]): Promise<void> {
  for (const width of widths) {
    await page.setViewportSize({ width, height: 800 })
    expect(await hasHorizontalScroll(page), `${name} at ${width}px`).toBe(false)
  }
}

/** The password of every demo account (internal/seed). */
export const DEMO_PASSWORD = 'Huhang-Demo-2026'

/**
 * Signs in through the login page and waits until it has moved on. For the
 * specs about signing in (identity, security); the others use openAs.
 */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD, path = '/login'): Promise<void> {
  // From here on settle() sees every request the page makes.
  trackRequests(page)
  await page.goto(path)
  await page.getByLabel('用户名', { exact: true }).fill(username)
  await page.getByLabel('密码', { exact: true }).fill(password)
  await page.getByRole('button', { name: '登录', exact: true }).tap()
  await page.waitForURL((url) => url.pathname !== '/login')
}

/**
 * Opens `path` signed in as `username`, without the login page: the API
 * login leaves the refresh cookie in the page's browser context, and the
 * page, loading, exchanges it for a token as after any reload (main.ts).
 * The login page itself is identity.spec.ts's subject; for every other spec
 * it was one more page load, render and form per sign-in on a CI core that
 * the browsers already saturate.
 */
export async function openAs(page: Page, username: string, path = '/', password = DEMO_PASSWORD): Promise<void> {
  // From here on settle() sees every request the page makes.
  trackRequests(page)
  const login = await page.request.post('/api/v1/auth/login', { data: { username, password } })
  expect(login.status(), `API login of ${username}`).toBe(200)
  // Every page load starts with this exchange; its answer says whether the
  // page is signed in before the test looks for anything on it.
  const restored = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/refresh')
  await page.goto(path)
  expect((await restored).status(), `session of ${username} restored on ${path}`).toBe(200)
}

// ---- waiting for the page to settle

/**
 * Requests that stay open by design: the live alert stream is in flight for
 * as long as someone with an inbox is signed in (and reopens after a drop),
 * which is why Playwright's 'networkidle' never comes on a signed-in page.
 */
const LONG_LIVED_PATHS: ReadonlySet<string> = new Set(['/api/v1/alerts/stream'])

interface Traffic {
  inFlight: Set<Request>
  /** Date.now() when a request last started or ended. */
  lastChange: number
}

const traffic = new WeakMap<Page, Traffic>()

function longLived(request: Request): boolean {
  try {
    return LONG_LIVED_PATHS.has(new URL(request.url()).pathname)
  } catch {
    return false
  }
}

/**
 * Starts counting the page's requests in flight, once per page. Playwright
 * reports a request only from the moment a listener is attached, so this
 * runs in signIn (before its first navigation) and in settle: a page that
 * settle sees first is counted from that call on (see settle).
 */
function trackRequests(page: Page): Traffic {
  const known = traffic.get(page)
  if (known) return known
  const state: Traffic = { inFlight: new Set(), lastChange: Date.now() }
  page.on('request', (r) => {
    if (longLived(r)) return
    state.inFlight.add(r)
    state.lastChange = Date.now()
  })
  const end = (r: Request) => {
    if (state.inFlight.delete(r)) state.lastChange = Date.now()
  }
  page.on('requestfinished', end)
  page.on('requestfailed', end)
  traffic.set(page, state)
  return state
}

/**
 * Waits for the page's 'load' and then until no request but the alert
 * stream has been in flight for `quietMs`: 'networkidle' without the
 * stream, which never ends. Requests are counted from signIn on; on a page
 * that never signed in they are counted from the first settle, whose quiet
 * window then only sees those that start or end after it was called (the
 * ones of the document itself are done by 'load'). Fails after `timeout`
 * naming what is still loading.
 */
export async function settle(page: Page, { quietMs = 500, timeout = 30_000 }: { quietMs?: number; timeout?: number } = {}): Promise<void> {
  const state = trackRequests(page)
  await page.waitForLoadState('load', { timeout })
  const deadline = Date.now() + timeout
  for (;;) {
    if (page.isClosed()) throw new Error('settle: the page was closed')
    const quietFor = Date.now() - state.lastChange
    if (state.inFlight.size === 0 && quietFor >= quietMs) return
    if (Date.now() > deadline) {
      const pending = [...state.inFlight].map((r) => `${r.method()} ${r.url()}`)
      throw new Error(`settle: the page was not quiet for ${quietMs} ms within ${timeout} ms; in flight: ${pending.join(', ') || 'none'}`)
    }
    // Events reach the test a moment after the browser: look again soon.
    await new Promise((resolve) => setTimeout(resolve, state.inFlight.size === 0 ? quietMs - quietFor : 50))
  }
}

// GB 32100, written again here rather than imported from src/, so that the
// tests do not share a bug with the code they test.
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export function creditCodeFor(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CREDIT_ALPHABET.indexOf(first17[i]!) * CREDIT_WEIGHTS[i]!
  return first17 + CREDIT_ALPHABET[(31 - (sum % 31)) % 31]
}

let creditSerial = 0

/** A valid credit code nobody has registered yet: time and a counter in base 31. */
export function uniqueCreditCode(): string {
  let n = Date.now() * 8 + (creditSerial++ % 8)
  let tail = ''
  for (let i = 0; i < 7; i++) {
    tail = CREDIT_ALPHABET[n % 31] + tail
    n = Math.floor(n / 31)
  }
  return creditCodeFor(`91511921MA${tail}`)
}

/** YYYY-MM-DD of today minus `days`, in the browser's time zone (Asia/Shanghai). */
export function daysAgo(days: number): string {
  const at = new Date(Date.now() - days * 86_400_000)
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at)
  return parts // en-CA formats as YYYY-MM-DD
}

/**
 * Fails the test on serious or critical axe findings (WCAG 2 A and AA).
 * Once per distinct screen (a page, a sheet, a dialog) across the suite:
 * a scan costs seconds of a CI core, and the same screen in another state
 * or for another role shows the same markup and colours again.
 */
export async function expectNoSevereA11yViolations(page: Page, options: { exclude?: string } = {}): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa'])
  if (options.exclude) builder = builder.exclude(options.exclude)
  const axe = await builder.analyze()
  const severe = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(severe.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([])
}
