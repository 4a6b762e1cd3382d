import { expect, test, type Page } from '@playwright/test'
import { checkScreen, daysAgo, openAs, saveScreenshot } from './helpers'

// Student logs and leave (Art 21, 24) on a phone against the 南江 demo data:
// 张浩宇 (student3) interns at 光雾山 with teacher2 as instructor and mentor2
// as mentor (student1 of 通江 has no placement in the demo). He writes this
// week's log and both sides review it; he asks for a day's leave on a
// working day, both approve, and the instructor confirms his return; the
// school files his lodging outside the dormitory and checks the archive.

const RUNNING_PLAN = '2023级导游专业岗位实习'

async function as(page: Page, username: string, path: string): Promise<void> {
  await page.context().clearCookies()
  await openAs(page, username, path)
}

/** Accepts the confirmation dialog that every approve, reject, review and finalize asks first. */
async function confirmDialog(page: Page, button: string): Promise<void> {
  const dialog = page.locator('.van-dialog')
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: button }).tap()
}

/** The student opens his running placement from the 实习 tab and then one of its supervision pages. */
async function openOwnPlacement(page: Page, link: string): Promise<string> {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('tab', { name: '实习' }).tap()
  await page.getByRole('main').getByRole('link', { name: '查看详情' }).first().tap()
  await expect(page).toHaveURL(/\/placements\/[0-9a-f-]{36}$/)
  const id = page.url().split('/').pop()!
  await page.getByTestId('sup-links').getByRole('link', { name: link }).tap()
  return id
}

/** The next Monday–Thursday after today, as YYYY-MM-DD in Beijing time. */
function nextWorkingDay(): string {
  for (let k = 1; k < 8; k++) {
    const day = daysAgo(-k)
    const wd = new Date(`${day}T12:00:00+08:00`).getUTCDay()
    if (wd >= 2 && wd <= 4) return day
  }
  throw new Error('no working day ahead')
}

test.afterEach(async ({ page }, testInfo) => {
  if (page.url() !== 'about:blank') await saveScreenshot(page, testInfo)
})

test('张浩宇 writes this week’s log; teacher2 and mentor2 each review it with a comment and a score', async ({ page }, testInfo) => {
  test.setTimeout(120_000)
  await as(page, 'student3', '/')
  await expect(page.getByTestId('todo-list')).toContainText('填写本周的实习周志')
  const placement = await openOwnPlacement(page, '实习日志与报告')
  await expect(page.getByTestId('log-frequency')).toHaveText('本校要求每周填写实习周志')
  // Two past weeks reviewed by both, last week's waiting: the demo's history.
  await expect(page.getByTestId('log-item')).toHaveCount(3)
  await page.getByTestId('write-log').tap()
  const sheet = page.getByRole('dialog', { name: '填写实习日志' })
  await expect(sheet).toBeVisible()
  await sheet.getByLabel('内容').fill('本周跟随郑师傅带了 4 个团，第一次独立讲解了桃园景区的全线，学会了用对讲机联系游客中心。')
  await checkScreen(page, testInfo, '01-student-writes')
  await sheet.getByRole('button', { name: '提交' }).tap()
  await expect(page.getByTestId('log-item')).toHaveCount(4)
  const mine = page.getByTestId('log-item').first()
  await expect(mine).toContainText('第一次独立讲解')
  await expect(mine).toHaveAttribute('data-status', 'submitted')
  await expect(mine).toContainText('待指导教师批阅')
  await expect(mine).toContainText('待企业导师批阅')
  await checkScreen(page, testInfo, '02-student-submitted')

  for (const [user, comment, score, who] of [
    ['teacher2', '讲解完整，注意与游客的互动。', '88', '指导教师 钱志远 · 88 分'],
    ['mentor2', '独立带团表现稳定，继续练习应急引导。', '91', '企业导师 郑师傅 · 91 分'],
  ] as const) {
    await as(page, user, `/placements/${placement}/logs`)
    const log = page.getByTestId('log-item').filter({ hasText: '第一次独立讲解' })
    await log.getByTestId('review-log').tap()
    const review = page.getByRole('dialog', { name: '批阅日志' })
    await review.getByLabel('评语').fill(comment)
    await review.getByLabel('评分（0–100）').fill(score)
    await review.getByRole('button', { name: '提交批阅' }).tap()
    await confirmDialog(page, '提交批阅')
    await expect(log.getByTestId('log-review').filter({ hasText: who })).toBeVisible()
    await expect(log.getByTestId('review-log')).toHaveCount(0)
    await checkScreen(page, testInfo, `03-${user}-reviewed`)
  }
  const done = page.getByTestId('log-item').filter({ hasText: '第一次独立讲解' })
  await expect(done).toHaveAttribute('data-status', 'reviewed')
  await expect(done.getByTestId('log-review')).toHaveCount(2)

  // The mentor, still signed in, writes the host's part of the assessment;
  // the reviewed logs are the process evidence beyond attendance (Art 27).
  await page.goto(`/placements/${placement}/assessment`)
  await expect(page.getByTestId('assessment-head')).toContainText('评定中')
  await expect(page.getByRole('main')).toContainText('过程材料不只是出勤')
  await page.getByTestId('edit-part').tap()
  const part = page.getByRole('dialog', { name: '企业导师评价' })
  await part.getByLabel('过程考核分（0–100）').fill('86')
  await part.getByLabel('结果考核分（0–100）').fill('90')
  await part.getByLabel('考核评语').fill('讲解扎实，服务意识强，能独立带团。')
  await part.getByRole('button', { name: '保存评价' }).tap()
  await expect(page.getByTestId('part-mentor')).toContainText('过程 86 分 · 结果 90 分')
  await expect(page.getByTestId('finalize')).toHaveCount(0)
  await checkScreen(page, testInfo, '04-mentor-assessment')
})

test('张浩宇 asks for a day’s leave; both approve, and teacher2 confirms his return', async ({ page }, testInfo) => {
  test.setTimeout(120_000)
  const day = nextWorkingDay()
  await as(page, 'student3', '/')
  await openOwnPlacement(page, '请假与校外住宿')
  await page.getByTestId('ask-leave').tap()
  const sheet = page.getByRole('dialog', { name: '请假申请' })
  // An end before the start is refused and the end field says why.
  await sheet.getByLabel('开始时间').fill(`${day}T14:00`)
  await sheet.getByLabel('结束时间').fill(`${day}T09:00`)
  await sheet.getByLabel('事由').fill('到南江县人民医院复查牙齿。')
  await sheet.getByRole('button', { name: '提交申请' }).tap()
  await expect(sheet.locator('#leave-ends-error')).toHaveText('结束时间须晚于开始时间')
  await checkScreen(page, testInfo, '01-end-before-start')
  await sheet.getByLabel('开始时间').fill(`${day}T08:30`)
  await sheet.getByLabel('结束时间').fill(`${day}T17:30`)
  await sheet.getByRole('button', { name: '提交申请' }).tap()
  await expect(page).toHaveURL(/\/leaves\/[0-9a-f-]{36}$/)
  const leave = page.url().split('/').pop()!
  await expect(page.getByTestId('leave-status')).toHaveAttribute('data-status', 'requested')
  await expect(page.getByTestId('leave-detail')).toContainText('须指导教师和企业导师审批')
  await checkScreen(page, testInfo, '02-asked')

  await as(page, 'teacher2', '/')
  await page.getByTestId('todo-list').getByRole('link', { name: /审批请假：张浩宇/ }).first().waitFor()
  await page.goto(`/leaves/${leave}`)
  await page.getByTestId('approve-leave').tap()
  await confirmDialog(page, '批准')
  await expect(page.getByTestId('approve-leave')).toHaveCount(0)
  await expect(page.getByTestId('leave-status')).toHaveAttribute('data-status', 'requested')
  await expect(page.getByTestId('leave-permitted')).toHaveText('尚未生效')

  await as(page, 'mentor2', `/leaves/${leave}`)
  await page.getByTestId('approve-leave').tap()
  await confirmDialog(page, '批准')
  await expect(page.getByTestId('leave-status')).toHaveAttribute('data-status', 'approved')
  await expect(page.getByTestId('leave-permitted')).toHaveText('已生效')
  await checkScreen(page, testInfo, '03-approved-by-both')

  await as(page, 'teacher2', `/leaves/${leave}`)
  await page.getByTestId('return-leave').tap()
  await confirmDialog(page, '确认销假')
  await expect(page.getByTestId('leave-status')).toHaveAttribute('data-status', 'returned')
  await expect(page.getByTestId('return-leave')).toHaveCount(0)
  await checkScreen(page, testInfo, '04-returned')

  // A leave he no longer needs: he takes it back before anyone decides.
  await as(page, 'student3', `/leaves/${leave}`)
  await expect(page.getByTestId('leave-status')).toHaveAttribute('data-status', 'returned')
  await expect(page.getByTestId('withdraw-leave')).toHaveCount(0)
  await page.getByRole('link', { name: '返回' }).tap()
  await page.getByTestId('ask-leave').tap()
  await sheet.getByLabel('开始时间').fill(`${day}T18:00`)
  await sheet.getByLabel('结束时间').fill(`${day}T20:00`)
  await sheet.getByLabel('事由').fill('晚上回家取换季衣物。')
  await sheet.getByRole('button', { name: '提交申请' }).tap()
  await expect(page).toHaveURL((url) => /\/leaves\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(leave))
  await expect(page.getByTestId('leave-status')).toHaveAttribute('data-status', 'requested')
  await checkScreen(page, testInfo, '05-withdrawable')
  await page.getByTestId('withdraw-leave').tap()
  await confirmDialog(page, '撤回申请')
  await expect(page.getByTestId('leave-status')).toHaveAttribute('data-status', 'withdrawn')
  await expect(page.getByTestId('withdraw-leave')).toHaveCount(0)
})

test('school2 files the lodging outside the dormitory and checks the archive of the running plan', async ({ page }, testInfo) => {
  test.setTimeout(90_000)
  await as(page, 'school2', '/')
  await page.getByTestId('todo-list').getByRole('link', { name: /校外住宿备案：张浩宇/ }).tap()
  await expect(page).toHaveURL(/\/leaves\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('leave-status')).toHaveAttribute('data-status', 'awaiting_filing')
  await page.getByTestId('file-lodging').tap()
  await confirmDialog(page, '学校备案')
  await expect(page.getByTestId('leave-status')).toHaveAttribute('data-status', 'filed')
  await expect(page.getByTestId('leave-permitted')).toHaveText('已生效')
  await checkScreen(page, testInfo, '01-filed')

  await page.getByRole('navigation', { name: '主导航' }).getByRole('tab', { name: '方案' }).tap()
  await page.getByRole('main').getByRole('link', { name: new RegExp(RUNNING_PLAN) }).first().tap()
  await page.getByTestId('plan-archive-link').tap()
  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]{36}\/archive$/)
  const row = page.getByTestId('archive-item').filter({ hasText: '张浩宇' })
  await expect(row.locator('[data-item="logs"]')).toHaveAttribute('data-present', 'true')
  await expect(row.locator('[data-item="report"]')).toHaveAttribute('data-present', 'false')
  await expect(row).toContainText('缺少：')
  await checkScreen(page, testInfo, '02-archive')
})
