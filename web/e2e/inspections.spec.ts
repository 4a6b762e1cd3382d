import { readFileSync } from 'node:fs'
import { expect, test, type Browser, type Page } from '@playwright/test'
import { checkScreen, DEMO_PASSWORD, expectNoSevereA11yViolations, openAs } from './helpers'

// Special inspections and their ledger (Art 42, 45, 46): 通江县教育局
// (county1) opens a campaign, makes its public random draw, records a
// finding on a school and orders its rectification; the school (school1)
// submits, is sent back once, submits again; the bureau verifies and strikes
// it off, and downloads the ledger. Then a parent checks a printed filing
// form through its QR link, without an account.

test.describe.configure({ timeout: 150_000 })

async function confirm(page: Page): Promise<void> {
  const dialog = page.locator('.confirm-step[role="dialog"]')
  await expect(dialog).toBeVisible()
  await dialog.locator('.van-dialog__confirm').tap()
  await expect(dialog).toBeHidden()
}

function inDays(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86_400_000))
}

async function phoneAs(browser: Browser, username: string, path: string): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await openAs(page, username, path)
  return page
}

test('a campaign draws, records a finding, and its rectification goes round to 销号 with the ledger exported', async ({ page, browser }, testInfo) => {
  await openAs(page, 'county1', '/campaigns/new')
  const title = `端到端专项检查 ${Date.now()}`
  await page.getByTestId('campaign-title').locator('input').fill(title)
  // The division is the auditor's own county unless changed.
  await expect(page.locator('#campaign-division_code')).toHaveValue(/通江/)
  await page.getByTestId('campaign-submit').tap()
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/)
  const campaignUrl = page.url()
  await expect(page.getByTestId('campaign-status')).toContainText('草稿')

  // 双随机: the draw is published with its seed, and cannot be made again.
  await page.getByTestId('draw-open').tap()
  await page.getByTestId('draw-seed-input').locator('input').fill('e2e-种子-42')
  await page.getByTestId('draw-submit').tap()
  await confirm(page)
  await expect(page.getByTestId('draw-seed')).toContainText('e2e-种子-42')
  await expect(page.getByTestId('draw-targets')).toContainText('通江县职业高级中学')
  await expect(page.getByTestId('draw-open')).toHaveCount(0)

  await page.getByTestId('campaign-open').tap()
  await confirm(page)
  await expect(page.getByTestId('campaign-status')).toContainText('进行中')
  await checkScreen(page, testInfo, 'campaign')

  // A finding on site: the school, a checklist item, a photo.
  await page.getByTestId('campaign-record').tap()
  await expect(page).toHaveURL(/\/findings\/new$/)
  await page.locator('#finding-target_id').tap()
  await page.locator('.picker-sheet__option', { hasText: '通江县职业高级中学' }).first().tap()
  await page.locator('#finding-checklist_item').tap()
  await page.locator('#finding-checklist_item-search').fill('巡查')
  await page.locator('.picker-sheet__option', { hasText: '指导教师定期巡查' }).tap()
  const description = `10月份巡查记录缺失（${title}）`
  await page.getByTestId('finding-description').locator('textarea').fill(description)
  await page.getByTestId('finding-severity-serious').check()
  await page.getByTestId('finding-evidence-file').setInputFiles({
    name: '现场照片.png',
    mimeType: 'image/png',
    buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64'),
  })
  await expect(page.getByTestId('finding-evidence-list')).toContainText('现场照片')
  await expect(page.getByTestId('finding-submit')).toBeEnabled()
  await checkScreen(page, testInfo, 'finding-form')
  await page.getByTestId('finding-submit').tap()
  await confirm(page)
  await expect(page).toHaveURL(/\/findings\/[0-9a-f-]{36}$/)
  const findingUrl = page.url()
  await expect(page.getByTestId('finding-status')).toContainText('待下达整改')
  await expect(page.getByTestId('finding-basis')).toContainText('第十九条')

  // 责令改正: to the school, with a deadline.
  await page.getByTestId('finding-action-order').tap()
  await page.getByTestId('order-org-school').check()
  await page.getByTestId('order-person').locator('input').fill('陈晓燕')
  await page.getByTestId('order-measure').locator('textarea').fill('补齐巡查记录，并制定指导教师巡查排班')
  await page.getByTestId('order-deadline').locator('input').fill(inDays(14))
  await page.getByTestId('order-form').locator('button[type="submit"]').tap()
  await confirm(page)
  await expect(page.getByTestId('finding-status')).toContainText('待整改')
  const orderNo = (await page.getByTestId('finding-order-no').innerText()).trim()
  expect(orderNo).toMatch(/ZG\d{4}-\d{6}/)

  // The school finds it in 我的整改 and submits; the bureau sends it back.
  const school = await phoneAs(browser, 'school1', '/rectifications')
  await school.locator('[data-testid="rectification-board"]').getByText(description).tap()
  await expect(school).toHaveURL(findingUrl)
  await expect(school.getByTestId('finding-action-verify')).toHaveCount(0)
  const submit = async (note: string): Promise<void> => {
    await school.getByTestId('finding-action-submit').tap()
    await school.getByTestId('submit-note').locator('textarea').fill(note)
    await school.getByTestId('submit-form').locator('button[type="submit"]').tap()
    await confirm(school)
    await expect(school.getByTestId('finding-status')).toContainText('待验收')
  }
  await submit('已补齐10月巡查记录')
  await checkScreen(school, testInfo, 'school-submitted')
  await expectNoSevereA11yViolations(school)

  await page.reload()
  await page.getByTestId('finding-action-reopen').tap()
  await page.getByTestId('reopen-reason').locator('textarea').fill('未附巡查排班表')
  await page.getByTestId('reopen-form').locator('button[type="submit"]').tap()
  await confirm(page)
  await expect(page.getByTestId('finding-status')).toContainText('整改中')

  await school.reload()
  await expect(school.getByTestId('finding-reopen-reason')).toContainText('未附巡查排班表')
  await submit('已补充巡查排班表')

  await page.reload()
  await page.getByTestId('finding-action-verify').tap()
  await confirm(page)
  await expect(page.getByTestId('finding-status')).toContainText('已验收')
  await page.getByTestId('finding-action-close').tap()
  await confirm(page)
  await expect(page.getByTestId('finding-status')).toContainText('已销号')
  await expect(page.getByTestId('finding-actions')).toHaveCount(0)

  // The ledger: both exports download, and the chain verifies.
  await page.goto(campaignUrl)
  await expect(page.locator('[data-testid="ledger-chain"] [data-state]')).toHaveAttribute('data-state', 'ok')
  const head = (await page.getByTestId('ledger-head').getAttribute('title')) ?? ''
  expect(head).toMatch(/^[0-9a-f]{64}$/)
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-export-xlsx').tap()])
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/)
  expect(readFileSync(await xlsx.path()).subarray(0, 2).toString()).toBe('PK')
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-export-csv').tap()])
  const text = readFileSync(await csv.path(), 'utf8')
  expect(text.charCodeAt(0)).toBe(0xfeff)
  expect(text).toContain('序号,排查时间,学校,实习单位,问题描述,依据条款,严重程度,整改措施,责任单位,责任人,整改时限,整改状态,销号时间')
  expect(text).toContain(description)
  expect(text).toContain('已销号')
  // The printed ledger carries the chain head the screen shows.
  expect(text).toContain(head)
  await school.context().close()
})

test('a parent checks a printed filing form through its QR link, without an account', async ({ page, browser, request }, testInfo) => {
  // An approved plan of 南江 (the demo's school2), found as its school would.
  const login = await request.post('/api/v1/auth/login', { data: { username: 'school2', password: DEMO_PASSWORD } })
  const token = ((await login.json()) as { access_token: string }).access_token
  const list = await request.get('/api/v1/plans?status=approved', { headers: { Authorization: `Bearer ${token}` } })
  const [plan] = ((await list.json()) as { items: { id: string; filing_no: string }[] }).items
  if (!plan?.filing_no) throw new Error('the demo has no approved plan of 南江 with a filing number')

  await openAs(page, 'school2', `/plans/${plan.id}/record`)
  await expect(page.getByTestId('verify-qr')).toBeVisible()
  const link = page.getByTestId('verify-link')
  const href = await link.getAttribute('href')
  expect(href).toContain(`/verify/${plan.filing_no}?c=`)

  // The parent's phone has never signed in.
  const parent = await (await browser.newContext()).newPage()
  await parent.goto(href!)
  await expect(parent.getByTestId('verify-verdict')).toHaveAttribute('data-verdict', 'filed')
  await expect(parent.getByTestId('verify-filing-no')).toContainText(plan.filing_no)
  await expect(parent.getByTestId('verify-school')).toContainText('南江县小河职业中学')
  await checkScreen(parent, testInfo, 'verify')
  await expectNoSevereA11yViolations(parent)

  // A code that does not match is not found, and says what to do.
  const wrong = href!.replace(/c=([A-Z2-7])/, (_, ch: string) => `c=${ch === 'A' ? 'B' : 'A'}`)
  await parent.goto(wrong)
  await expect(parent.getByTestId('verify-verdict')).toHaveAttribute('data-verdict', 'unknown')
  await expect(parent.getByTestId('verify-steps')).toBeVisible()
  await parent.context().close()
})
