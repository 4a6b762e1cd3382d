import { expect, test } from '@playwright/test'
import { expectNoSevereA11yViolations, hasHorizontalScroll, saveScreenshot } from './helpers'

const TITLE = '护航 · 职业学校学生实习监管平台'

test.afterEach(async ({ page }, testInfo) => {
  // API-only tests never open a page; a blank screenshot would only mislead.
  if (page.url() !== 'about:blank') await saveScreenshot(page, testInfo)
})

test('home page on a phone: title, intro, tab bar, one heading bar, no operator status, accessible', async ({ page }) => {
  await page.goto('/')

  await expect(page).toHaveTitle(TITLE)
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  // One top bar: no product bar above the page; the visitor home names the product itself.
  await expect(page.getByRole('banner')).toHaveCount(0)
  const main = page.getByRole('main')
  await expect(main.getByRole('heading', { level: 1 })).toHaveText(TITLE)

  await expect(main.getByRole('heading', { name: '平台简介' })).toBeVisible()
  for (const feature of ['方案审批备案', '协作共管', '跟岗巡查', '专项排查台账', '预警']) {
    await expect(main.getByRole('heading', { name: feature, exact: true })).toBeVisible()
  }
  // The operator check lives at /readyz, not on a user page.
  await expect(main.getByText('系统状态')).toHaveCount(0)

  const nav = page.getByRole('navigation', { name: '主导航' })
  await expect(nav.getByRole('tab')).toHaveText(['首页', '方案', '预警', '我的'])
  await expect(nav.getByRole('tab', { name: '首页' })).toHaveAttribute('aria-selected', 'true')

  // Touch targets: each tab and the sign-in link are at least 44px tall.
  for (const box of [
    await nav.getByRole('tab', { name: '方案' }).boundingBox(),
    await main.getByRole('link', { name: '登录' }).boundingBox(),
  ]) {
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44)
  }

  expect(await hasHorizontalScroll(page)).toBe(false)

  await expectNoSevereA11yViolations(page)
})

test('the 方案 tab opens /plans, and a deep link to /plans renders the app', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: '平台简介' })).toBeVisible()

  await page.getByRole('navigation', { name: '主导航' }).getByRole('tab', { name: '方案' }).tap()
  await expect(page).toHaveURL(/\/plans$/)
  // Signed out: the plan screens ask for a sign-in instead of a placeholder.
  await expect(page.getByRole('main').getByRole('heading', { name: '登录后办理实习方案' })).toBeVisible()
  await expect(page).toHaveTitle(`方案 | ${TITLE}`)

  // A reload asks the server for /plans itself: it must answer with the app (SPA fallback).
  const response = await page.reload()
  expect(response?.status()).toBe(200)
  expect(response?.headers()['content-type']).toContain('text/html')
  await expect(page.getByRole('main').getByRole('heading', { name: '登录后办理实习方案' })).toBeVisible()
  await expect(page.getByRole('tab', { name: '方案' })).toHaveAttribute('aria-selected', 'true')
  expect(await hasHorizontalScroll(page)).toBe(false)

  await expectNoSevereA11yViolations(page)
})

test('an unknown client path shows the 404 page with a way home', async ({ page }, testInfo) => {
  await page.goto('/no-such-page')
  const main = page.getByRole('main')
  await expect(main.getByRole('heading', { name: '页面不存在' })).toBeVisible()
  await expect(page).toHaveTitle(`页面不存在 | ${TITLE}`)
  expect(await hasHorizontalScroll(page)).toBe(false)
  await saveScreenshot(page, testInfo, 'not-found')

  await main.getByRole('link', { name: '返回首页' }).tap()
  await expect(page).toHaveURL(/\/$/)
  await expect(page.getByRole('heading', { name: '平台简介' })).toBeVisible()
})

test('an unknown API route answers a JSON 404, not the app', async ({ request }) => {
  const res = await request.get('/api/v1/no-such-route')
  expect(res.status()).toBe(404)
  expect(res.headers()['content-type']).toContain('application/json')
  const body = await res.json()
  expect(body).toMatchObject({ error: { code: 'NOT_FOUND' } })
})

test('hashed assets are cached forever and index.html is revalidated', async ({ request }) => {
  const index = await request.get('/')
  expect(index.status()).toBe(200)
  expect(index.headers()['cache-control']).toContain('no-cache')

  const html = await index.text()
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!)
  expect(assets.length).toBeGreaterThanOrEqual(2) // at least the entry script and the stylesheet
  for (const asset of assets) {
    const res = await request.get(asset)
    expect(res.status(), asset).toBe(200)
    expect(res.headers()['cache-control'], asset).toContain('immutable')
  }

  // A client route served through the SPA fallback must not be cached either,
  // or a phone keeps an index.html that points at assets of an old release.
  const deepLink = await request.get('/plans')
  expect(deepLink.headers()['cache-control']).toContain('no-cache')
})
