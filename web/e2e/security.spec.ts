import { expect, test, type Page } from '@playwright/test'
import { settle, signIn } from './helpers'

// The server sends a Content-Security-Policy without inline script on every
// answer. These tests walk the built client as a phone does and fail on any
// violation the browser reports, so a component that needs more than the
// policy allows is caught here rather than by a blank screen in production.

async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = []
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text())
  })
  await page.exposeFunction('__reportCsp', (text: string) => violations.push(text))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportCsp: (t: string) => void }).__reportCsp
      report(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`)
    })
  })
  return violations
}

test('the built client renders under the CSP and the browser reports no violation', async ({ page }) => {
  const violations = await watchCsp(page)
  const answer = await page.goto('/')
  const csp = answer?.headers()['content-security-policy'] ?? ''
  expect(csp).toContain("default-src 'self'")
  expect(csp).toContain("frame-ancestors 'none'")
  expect(csp).not.toMatch(/script-src[^;]*unsafe/)
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toBeVisible()

  // Field errors on an empty form.
  await page.goto('/login')
  await page.getByRole('button', { name: '登录', exact: true }).tap()
  await expect(page.getByText('请填写用户名')).toBeVisible()

  await signIn(page, 'school1')
  for (const path of ['/me', '/me/sessions', '/plans', '/plans/new', '/placements', '/manage/users', '/manage/enterprises']) {
    await page.goto(path)
    await expect(page.getByRole('main')).toBeVisible()
    await settle(page)
  }
  // The icon font comes from a data: URL inside Vant's CSS.
  await page.goto('/me')
  await expect(page.locator('.van-icon').first()).toBeVisible()
  const iconFont = await page.evaluate(async () => {
    await document.fonts.load('16px vant-icon')
    return [...document.fonts].filter((f) => f.family.includes('vant-icon')).map((f) => f.status)
  })
  expect(iconFont).toEqual(['loaded'])
  expect(violations).toEqual([])
})

test('every answer carries the security headers; no HSTS outside production', async ({ request }) => {
  for (const path of ['/', '/plans/123', '/healthz', '/api/v1/openapi.json', '/api/v1/auth/me', '/api/v1/nowhere', '/assets/missing-0000.js']) {
    const r = await request.get(path)
    const h = r.headers()
    expect(h['content-security-policy'], path).toContain("object-src 'none'")
    expect(h['x-content-type-options'], path).toBe('nosniff')
    expect(h['referrer-policy'], path).toBe('same-origin')
    expect(h['strict-transport-security'], path).toBeUndefined()
  }
})

test('login refuses another site and bodies that do not say they are JSON', async ({ request, baseURL }) => {
  const data = JSON.stringify({ username: 'teacher1', password: 'not-the-password' })
  const crossSite = await request.post('/api/v1/auth/login', {
    data,
    headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
  })
  expect(crossSite.status()).toBe(403)
  const text = await request.post('/api/v1/auth/login', { data, headers: { 'Content-Type': 'text/plain' } })
  expect(text.status()).toBe(415)
  expect((await text.json()).error.message).toContain('application/json')
  // The site's own origin passes on to the password check (which fails here).
  const own = await request.post('/api/v1/auth/login', {
    data: JSON.stringify({ username: 'teacher1', password: '' }),
    headers: { 'Content-Type': 'application/json', Origin: baseURL! },
  })
  expect(own.status()).toBe(400)
})
