import { expect, test, type Page } from '@playwright/test'
import { checkScreen, daysAgo, expectNoSevereA11yViolations, openAs } from './helpers'

// Joint supervision (协作共管, domain.md §5.3) on a phone, against the real
// server and the 南江 demo data: teacher2 writes today's patrol of 光雾山
// (one line per intern) and mentor2 countersigns it from the workspace; a
// student reports an incident in three taps and it reaches the school's and
// the county bureau's to-do lists; the school acknowledges it and the
// bureau's item goes.

/** Leaves the current account (cookie gone) and opens path as another. */
async function as(page: Page, username: string, path: string): Promise<void> {
  await page.context().clearCookies()
  await openAs(page, username, path)
}

const todo = (page: Page, text: RegExp) => page.getByTestId('todo-list').getByRole('link', { name: text })

test('teacher2 patrols 光雾山 and mentor2 countersigns every line at once', async ({ page }, testInfo) => {
  test.setTimeout(180_000)
  await as(page, 'teacher2', '/duty/patrols')
  const site = page.locator('[data-roster]').filter({ hasText: '南江县光雾山旅游服务有限公司' })
  await site.getByRole('button', { name: '填写今日巡查' }).tap()
  await expect(page).toHaveURL(/\/duty\/rosters\/[0-9a-f-]+\/patrol$/)
  const lines = page.locator('fieldset.patrol-line')
  await expect(lines.first()).toBeVisible()
  const count = await lines.count()
  expect(count).toBeGreaterThan(1)
  // Everyone is present by default; one student gets a concern, which needs a word.
  const first = lines.first()
  const student = (await first.getAttribute('data-student')) ?? ''
  await first.getByRole('radio', { name: '需关注' }).tap()
  await page.getByRole('button', { name: `提交巡查（${count} 名学生）` }).tap()
  await expect(first.locator('.van-field__error-message')).toContainText('请填写缺勤或需关注的情况说明')
  await first.getByPlaceholder('缺勤或需关注时必填').fill('右手腕扭伤，已提醒企业调整为游客引导岗。')
  await checkScreen(page, testInfo, 'form')
  await page.getByRole('button', { name: `提交巡查（${count} 名学生）` }).tap()
  const patrol = page.locator('section.patrol')
  await expect(patrol).toHaveAttribute('data-status', 'awaiting_countersign')
  await expect(page.getByTestId('patrol-lines').locator('[data-record]')).toHaveCount(count)
  await expect(page.getByTestId('patrol-lines')).toContainText('右手腕扭伤')
  await checkScreen(page, testInfo, 'sent')

  await as(page, 'mentor2', '/')
  // Today's patrol, not the demo's of the last working day still waiting.
  await todo(page, new RegExp(`会签日常巡查：钱志远 ${daysAgo(0)}`)).tap()
  await expect(page).toHaveURL(/\/patrols\/[0-9a-f-]+$/)
  await expect(page.locator('section.patrol')).toHaveAttribute('data-status', 'awaiting_countersign')
  await expect(page.getByTestId('patrol-lines')).toContainText(student)
  await expect(page.getByTestId('patrol-lines')).toContainText('右手腕扭伤')
  await page.getByRole('button', { name: /全部会签/ }).tap()
  const dialog = page.getByRole('dialog', { name: '会签本次巡查？' })
  await expect(dialog).toContainText(`${count} 名学生`)
  await dialog.getByRole('button', { name: '全部会签' }).tap()
  await expect(page.locator('section.patrol')).toHaveAttribute('data-status', 'countersigned')
  await expect(page.getByTestId('patrol-lines').locator('[data-status="countersigned"]')).toHaveCount(count)
  await expect(page.getByRole('button', { name: /全部会签/ })).toHaveCount(0)
  // A success toast fading out (half transparent) is not the page.
  await expectNoSevereA11yViolations(page, { exclude: '.van-toast' })
  await checkScreen(page, testInfo, 'countersigned')
})

test('an incident a student reports reaches the school and the county, and leaves once the school acknowledges it', async ({ page }, testInfo) => {
  test.setTimeout(180_000)
  // Unique and short enough to show whole in a to-do's detail line.
  const what = `游客推搡致学生摔伤膝盖 ${Date.now() % 100000}`
  await as(page, 'student2', '/placements')
  // Three taps: the button on the placement, the kind, then send after saying what happened.
  await page.getByTestId('incident-button').first().tap()
  await expect(page).toHaveURL(/\/placements\/[0-9a-f-]+\/incident$/)
  await page.getByRole('radio', { name: '人身伤害' }).tap()
  await expect(page.getByRole('radio', { name: '人身伤害' })).toHaveAttribute('aria-checked', 'true')
  await page.getByLabel('事件经过', { exact: true }).fill(what)
  await expect(page.getByLabel('事发地点')).toHaveValue('南江县光雾山旅游服务有限公司')
  await checkScreen(page, testInfo, 'report')
  await page.getByRole('button', { name: '立即报告' }).tap()
  await expect(page).toHaveURL(/\/placements\/[0-9a-f-]+\/records$/)
  await expect(page.getByTestId('open-incidents')).toBeVisible()
  const card = page.getByTestId('records').locator('[data-kind="incident"]').filter({ hasText: what })
  await expect(card).toHaveAttribute('data-status', 'reported')
  await checkScreen(page, testInfo, 'reported')

  await as(page, 'county2', '/')
  await expect(todo(page, new RegExp(what))).toBeVisible()
  await expect(todo(page, new RegExp(what))).toContainText('突发事件待确认：李思琪（人身伤害）')
  await checkScreen(page, testInfo, 'county-todo')

  await as(page, 'school2', '/')
  await todo(page, new RegExp(what)).tap()
  await expect(page).toHaveURL(/\/incidents\/[0-9a-f-]+$/)
  await page.getByRole('button', { name: '确认收到' }).tap()
  await page.getByRole('dialog', { name: '确认收到该突发事件？' }).getByRole('button', { name: '确认收到' }).tap()
  await expect(page.locator('[data-kind="incident"]')).toHaveAttribute('data-status', 'acknowledged')
  await expect(page.getByRole('button', { name: '处置完毕' })).toBeVisible()
  // A success toast fading out (half transparent) is not the page.
  await expectNoSevereA11yViolations(page, { exclude: '.van-toast' })
  await checkScreen(page, testInfo, 'acknowledged')

  await as(page, 'county2', '/incidents')
  await expect(page.getByTestId('incidents').locator('[data-kind="incident"]').filter({ hasText: what })).toHaveAttribute(
    'data-status',
    'acknowledged',
  )
  await page.goto('/')
  await expect(page.getByTestId('todos-heading')).toBeVisible()
  await expect(todo(page, new RegExp(what))).toHaveCount(0)
})
