import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test'
import { checkScreen, DEMO_PASSWORD, expectNoSevereA11yViolations, openAs, saveScreenshot } from './helpers'

// The early-warning inbox (预警) live, on phones, against the real server:
// a school admin and the county bureau keep 预警 open side by side; a
// teacher of the school reports an incident through the form; within
// seconds and without a reload both inboxes show the critical A-INCIDENT
// alert on top and the school's 预警 badge grows by one; the school opens it
// and acknowledges it, which the bureau's inbox shows at once too.

// Who acts: a school, its county bureau and a teacher of the school who
// guides a running placement. 通江 comes first, but the demo leaves its
// plans for whoever tries the workflow first, so it may have no placement
// yet; 南江's teacher2 guides running ones.
const CASTS = [
  { school: 'school1', county: 'county1', teacher: 'teacher1' }, // 通江县职业高级中学, 通江县教育局
  { school: 'school2', county: 'county2', teacher: 'teacher2' }, // 南江县小河职业中学, 南江县教育局
] as const

test.afterEach(async ({ page }, testInfo) => {
  if (page.url() !== 'about:blank') await saveScreenshot(page, testInfo)
})

/** The first cast whose teacher is the instructor of a running placement, and that placement. */
async function castWithPlacement(request: APIRequestContext) {
  for (const cast of CASTS) {
    const login = await request.post('/api/v1/auth/login', { data: { username: cast.teacher, password: DEMO_PASSWORD } })
    expect(login.ok()).toBe(true)
    const { access_token: token, user } = (await login.json()) as { access_token: string; user: { id: string } }
    // A teacher reads the school's placements but reports only on those they instruct.
    const res = await request.get('/api/v1/placements?status=active&limit=200', { headers: { Authorization: `Bearer ${token}` } })
    expect(res.ok()).toBe(true)
    const { items } = (await res.json()) as { items: Array<{ id: string; instructor_id: string | null }> }
    const mine = items.find((p) => p.instructor_id === user.id)
    if (mine) return { ...cast, placementId: mine.id }
  }
  throw new Error('no teacher of the demo instructs a running placement')
}

const path = (url: string) => new URL(url).pathname

/**
 * Signs in on /alerts and waits until the inbox is live: its first page
 * read, the badge's counts in, the stream open. Returns the badge: the
 * open alerts the user's organisation must act on (`to_act`).
 */
async function openInbox(page: Page, username: string): Promise<number> {
  const answer = (p: string) => page.waitForResponse((r) => path(r.url()) === p)
  const responses = Promise.all([answer('/api/v1/alerts/summary'), answer('/api/v1/alerts/stream'), answer('/api/v1/alerts')])
  await openAs(page, username, '/alerts')
  const [summary, stream, list] = await responses
  expect([summary.status(), stream.status(), list.status()], `${username}: summary, stream, list`).toEqual([200, 200, 200])
  const counts = (await summary.json()) as { to_act: number }
  // 待确认 (open) is what the inbox shows first.
  await expect(page.getByRole('group', { name: '按状态筛选' }).getByRole('button', { name: '待确认' })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByTestId('tab-/alerts')).toHaveAttribute('data-badge', String(counts.to_act))
  // Survives only as long as the page is not reloaded.
  await page.evaluate(() => Object.assign(window, { e2eNoReload: true }))
  return counts.to_act
}

async function newPhone(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage()
}

test('an incident reaches the open inboxes of the school and the county at once, and the school acknowledges it', async ({
  page: school,
  browser,
  request,
}, testInfo) => {
  test.setTimeout(120_000)
  const cast = await castWithPlacement(request)
  const county = await newPhone(browser)
  const teacher = await newPhone(browser)
  const [before] = await Promise.all([openInbox(school, cast.school), openInbox(county, cast.county)])

  // The teacher reports through the form: the kind, what happened, what was done.
  const what = `实习学生在岗位上滑倒扭伤脚踝 ${Date.now() % 100000}`
  await openAs(teacher, cast.teacher, `/placements/${cast.placementId}/incident`)
  await teacher.getByRole('radio', { name: '人身伤害' }).tap()
  await teacher.getByLabel('事件经过', { exact: true }).fill(what)
  await teacher.getByLabel('已采取的措施', { exact: true }).fill('已送医检查，已通知家长。')
  await teacher.getByRole('button', { name: '立即报告' }).tap()
  await expect(teacher).toHaveURL(/\/placements\/[0-9a-f-]+\/records$/)

  // Live, on top of both lists; the school's badge counts it.
  const row = (page: Page) =>
    page.getByTestId('alert-list').locator('[data-alert][data-rule="A-INCIDENT"][data-severity="critical"]').filter({ hasText: what })
  await Promise.all([
    expect(row(school)).toBeVisible({ timeout: 10_000 }),
    expect(row(county)).toBeVisible({ timeout: 10_000 }),
  ])
  await expect(school.getByTestId('tab-/alerts')).toHaveAttribute('data-badge', String(before + 1))
  await expect(school.getByTestId('alert-list').locator('[data-alert]').first()).toContainText(what)
  for (const page of [school, county]) expect(await page.evaluate(() => 'e2eNoReload' in window)).toBe(true)

  // The school takes it on.
  await row(school).tap()
  await expect(school).toHaveURL(/\/alerts\/[0-9a-f-]{36}$/)
  await expect(school.getByTestId('alert-detail')).toContainText(what)
  await school.getByTestId('alert-action-ack').tap()
  await school.getByTestId('alert-ack-form').getByRole('button', { name: '确认收到' }).tap()
  await expect(school.getByTestId('alert-status')).toHaveText('已确认')
  await expect(school.getByTestId('alert-history').locator('[data-action="ack"]')).toBeVisible()
  await expect(school.getByTestId('tab-/alerts')).toHaveAttribute('data-badge', String(before))
  // The bureau's row follows without a reload.
  await expect(row(county)).toHaveAttribute('data-status', 'acknowledged')
  // A success toast fading out (half transparent) is not the page.
  await expectNoSevereA11yViolations(school, { exclude: '.van-toast' })
  await checkScreen(school, testInfo, 'acknowledged')

  await Promise.all([county.context().close(), teacher.context().close()])
})
