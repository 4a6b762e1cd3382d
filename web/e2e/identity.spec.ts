import { expect, request as playwrightRequest, test } from '@playwright/test'
import {
  DEMO_PASSWORD,
  expectNoSevereA11yViolations,
  hasHorizontalScroll,
  saveScreenshot,
  signIn,
} from './helpers'

// Sign-in, the 我的 page, sessions, password change and role guards against
// the real server with the demo data of `huhang seed demo`.
//
// The server throttles failed logins per username (after 5, a doubling delay)
// AND per client IP (20 in 10 minutes); every spec runs from 127.0.0.1, so the
// whole file may fail a login only once or twice. The 429 message (the wait
// from Retry-After) is the login page's unit test's (tests/unit/auth.spec.ts,
// retryAfter.spec.ts); the server's Retry-After, internal/auth/flow_test.go's.

test.afterEach(async ({ page }, testInfo) => {
  if (page.url() !== 'about:blank') await saveScreenshot(page, testInfo)
})

const WORKSPACE_TITLE = '护航 · 职业学校学生实习监管平台'

// One demo account of every role (and both bureau levels), each with
// something to do. It runs first, before other specs act on the demo data
// (confirming a consent form, for one, takes teacher2's to-do away). The 通江 accounts start without plans on purpose (its
// first approval gets filing number 0001), so their lists may be empty.
const DEMO_ROLES = ['school2', 'ent2', 'county2', 'city1', 'teacher2', 'student2', 'mentor2', 'admin']

test('each demo role lands on its workspace with a to-do that opens the right page', async ({ page }, testInfo) => {
  test.setTimeout(120_000)
  for (const username of DEMO_ROLES) {
    await test.step(username, async () => {
      // A fresh load without the refresh cookie is a signed-out visitor.
      await page.context().clearCookies()
      await signIn(page, username)
      await expect(page).toHaveURL(/\/$/)
      const main = page.getByRole('main')
      await expect(main.getByRole('heading', { level: 1 })).toHaveText('工作台')
      await expect(page).toHaveTitle(`工作台 | ${WORKSPACE_TITLE}`)
      await expect(main.getByRole('heading', { name: '平台简介' })).toHaveCount(0)

      const list = page.getByTestId('todo-list')
      const items = list.getByRole('listitem')
      await expect(items.first(), `${username} has a to-do`).toBeVisible()
      const count = await items.count()
      await expect(page.getByTestId('todos-heading')).toContainText(`（`)
      // Severity is written out, not only coloured.
      await expect(items.first().locator('.todo__severity')).toHaveText(/^(紧急|重要|一般)$/)
      // The tab badges add up to what the list heading says.
      const total = Number((await page.getByTestId('todos-heading').textContent())?.match(/（(\d+)）/)?.[1])
      expect(total, username).toBeGreaterThanOrEqual(count)
      let badges = 0
      for (const text of await page.locator('nav .van-badge').allTextContents()) badges += Number(text)
      expect(badges, username).toBe(total)

      const first = items.first().getByRole('link')
      expect((await first.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44)
      expect(await hasHorizontalScroll(page)).toBe(false)
      // One screen whatever the role, so one scan (of the first role's).
      if (username === DEMO_ROLES[0]) await expectNoSevereA11yViolations(page)
      await saveScreenshot(page, testInfo, username, { always: true })

      const href = (await first.getAttribute('href')) ?? ''
      expect(href, username).toMatch(/^\//)
      await first.tap()
      await expect(page).toHaveURL((url) => url.pathname + url.search === href)
      // The page it opens is a real one the role may see, with its own heading.
      await expect(main.getByRole('heading', { level: 1 }).first()).toBeVisible()
      await expect(main.getByRole('heading', { name: /页面不存在|无权访问/ })).toHaveCount(0)
    })
  }
})


test('school1 signs in from 我的 and sees role and school; the login page is accessible', async ({ page }, testInfo) => {
  await page.goto('/me')
  const main = page.getByRole('main')
  await expect(main.getByRole('heading', { name: '您尚未登录' })).toBeVisible()
  await main.getByRole('link', { name: '登录' }).tap()
  await expect(page).toHaveURL(/\/login\?redirect=\/me$/)
  await expect(page).toHaveTitle(/^登录 \|/)

  expect(await hasHorizontalScroll(page)).toBe(false)
  await expectNoSevereA11yViolations(page)
  const submit = page.getByRole('button', { name: '登录', exact: true })
  expect((await submit.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44)
  await saveScreenshot(page, testInfo, 'login')

  await page.getByLabel('用户名', { exact: true }).fill('school1')
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD)
  await submit.tap()

  await expect(page).toHaveURL(/\/me$/)
  await expect(page.getByTestId('profile-role')).toHaveText('学校管理员')
  await expect(page.getByTestId('profile-org')).toHaveText('通江县职业高级中学')
  // The 管理 section lists exactly what a school admin may do.
  const manage = page.getByRole('region', { name: '管理' })
  await expect(manage.getByRole('button')).toHaveText(['数据看板', '账号管理', '学生名单', '实习单位', '合作单位名单', '值守安排', '跟岗覆盖', '突发事件', '我的整改'])
  await expect(page.getByRole('tab', { name: '我的' })).toHaveAttribute('aria-selected', 'true')
  expect(await hasHorizontalScroll(page)).toBe(false)

  // The access token lives in memory only.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))
  expect(stored).not.toContain('eyJ')
  expect(await page.evaluate(() => document.cookie)).not.toContain('huhang_refresh')

  // A reload restores the session from the httpOnly refresh cookie.
  await page.reload()
  await expect(page.getByTestId('profile-org')).toHaveText('通江县职业高级中学')
})

test('a wrong password shows 用户名或密码错误', async ({ page }) => {
  await page.goto('/login')
  await page.getByLabel('用户名', { exact: true }).fill('teacher1')
  await page.getByLabel('密码', { exact: true }).fill('Not-the-password-1')
  await page.getByRole('button', { name: '登录', exact: true }).tap()
  await expect(page.getByRole('alert').filter({ hasText: '用户名或密码错误' })).toBeVisible()
  await expect(page).toHaveURL(/\/login$/)
  // Empty fields are caught before anything is sent.
  await page.getByLabel('用户名', { exact: true }).fill('')
  await page.getByRole('button', { name: '登录', exact: true }).tap()
  await expect(page.getByLabel('用户名', { exact: true })).toHaveAccessibleDescription('请填写用户名')
})

test('logout returns to the signed-out state and a reload does not bring the session back', async ({ page }) => {
  await signIn(page, 'teacher1', DEMO_PASSWORD, '/login?redirect=/me')
  await expect(page.getByTestId('profile-role')).toHaveText('实习指导教师')
  // A teacher manages no accounts or organisations, only the supervision work.
  await expect(page.getByRole('region', { name: '管理' }).getByRole('button')).toHaveText(['日常巡查', '突发事件'])

  await page.getByRole('button', { name: '退出登录' }).tap()
  await expect(page).toHaveURL(/\/login$/)

  await page.goto('/me')
  await expect(page.getByRole('main').getByRole('link', { name: '登录' })).toBeVisible()
  await page.reload()
  await expect(page.getByRole('main').getByRole('heading', { name: '您尚未登录' })).toBeVisible()
  // The server ended the session: the cookie no longer buys a token.
  const refresh = await page.request.post('/api/v1/auth/refresh')
  expect(refresh.status()).toBe(401)
})

test('a signed-out deep link goes through the login page and back; a wrong role sees 无权访问', async ({ page }, testInfo) => {
  await page.goto('/manage/orgs')
  await expect(page).toHaveURL(/\/login\?redirect=\/manage\/orgs$/)
  await page.getByLabel('用户名', { exact: true }).fill('student1')
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: '登录', exact: true }).tap()
  // A student may not open the organisation list.
  await expect(page.getByRole('main').getByRole('heading', { name: '无权访问' })).toBeVisible()
  await expect(page).toHaveTitle(/^无权访问 \|/)
  await saveScreenshot(page, testInfo, 'forbidden')
  await page.getByRole('link', { name: '返回我的' }).tap()
  await expect(page.getByTestId('profile-role')).toHaveText('学生')
})

test('我的会话 marks this device and revokes another one', async ({ page, baseURL }, testInfo) => {
  // A second session of the same account, as if from another phone.
  const other = await playwrightRequest.newContext({ baseURL, userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1' })
  try {
    const res = await other.post('/api/v1/auth/login', { data: { username: 'mentor1', password: DEMO_PASSWORD } })
    expect(res.status()).toBe(200)

    await signIn(page, 'mentor1', DEMO_PASSWORD, '/login?redirect=/me')
    await page.getByRole('button', { name: '我的会话' }).tap()
    await expect(page).toHaveURL(/\/me\/sessions$/)
    const cards = page.getByTestId('session-list').getByRole('listitem')
    await expect(cards).toHaveCount(2)
    await expect(cards.first()).toContainText('当前设备')
    await expect(cards.nth(1)).toContainText('iOS')
    await expect(cards.nth(1)).not.toContainText('当前设备')
    expect(await hasHorizontalScroll(page)).toBe(false)
    await saveScreenshot(page, testInfo, 'two-sessions')

    await cards.nth(1).getByRole('button', { name: /下线/ }).tap()
    await page.getByRole('dialog').filter({ hasText: '下线该设备' }).getByRole('button', { name: '下线' }).tap()
    await expect(cards).toHaveCount(1)
    await expect(cards.first()).toContainText('当前设备')
    // The revoked session's refresh cookie is dead.
    expect((await other.post('/api/v1/auth/refresh')).status()).toBe(401)
  } finally {
    await other.dispose()
  }
})

test('修改密码 checks the policy live, and the new password works', async ({ page, baseURL }, testInfo) => {
  // A fresh account, so no demo login breaks for the other tests.
  const username = `pw${Date.now()}`
  const api = await playwrightRequest.newContext({ baseURL })
  try {
    const login = await api.post('/api/v1/auth/login', { data: { username: 'school1', password: DEMO_PASSWORD } })
    const { access_token: token, user } = await login.json()
    const created = await api.post('/api/v1/users', {
      headers: { Authorization: `Bearer ${token}` },
      data: { username, password: 'Start-Pass-2026', display_name: '改密测试', role: 'teacher', org_id: user.org_id },
    })
    expect(created.status()).toBe(201)
  } finally {
    await api.dispose()
  }

  await signIn(page, username, 'Start-Pass-2026', '/login?redirect=/me/password')
  await expect(page).toHaveURL(/\/me\/password$/)
  const rules = page.getByRole('list', { name: '新密码要求' })
  await page.getByLabel('当前密码').fill('Start-Pass-2026')
  await page.getByLabel('新密码', { exact: true }).fill('short')
  await expect(rules.locator('[data-rule="length"]')).toHaveAttribute('data-met', 'false')
  await page.getByLabel('新密码', { exact: true }).fill(`X-${username}-2026`)
  await expect(rules.locator('[data-rule="length"]')).toHaveAttribute('data-met', 'true')
  await expect(rules.locator('[data-rule="username"]')).toHaveAttribute('data-met', 'false')
  await page.getByLabel('新密码', { exact: true }).fill('Brand-New-2026')
  await expect(rules.locator('[data-met="false"]')).toHaveCount(0)
  await page.getByLabel('确认新密码').fill('Brand-New-2027')
  await page.getByRole('button', { name: '确认修改' }).tap()
  await expect(page.getByLabel('确认新密码')).toHaveAccessibleDescription('两次输入的新密码不一致')
  await saveScreenshot(page, testInfo, 'form')

  await page.getByLabel('确认新密码').fill('Brand-New-2026')
  await page.getByRole('button', { name: '确认修改' }).tap()
  await expect(page).toHaveURL(/\/me$/)

  await page.getByRole('button', { name: '退出登录' }).tap()
  await expect(page).toHaveURL(/\/login$/)
  await signIn(page, username, 'Brand-New-2026', '/login?redirect=/me')
  await expect(page.getByTestId('profile-name')).toHaveText('改密测试')
})
