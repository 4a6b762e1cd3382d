import { expect, test, type Page } from '@playwright/test'
import { checkScreen, daysAgo, expectNoSevereA11yViolations, hasHorizontalScroll, openAs, saveScreenshot } from './helpers'

// Placements (实习安排, domain.md §5.2) on a phone, against the real server
// and the 南江 demo data: the school proposes students, the host confirms,
// the school gathers every document and activates; the gates refuse an
// under-age student; the student uploads the signed consent form and the
// school confirms it; the host records a month's pay below both Art 18
// standards; the school withdraws a placement that has not started.

const RUNNING_PLAN = '2023级导游专业岗位实习'
const UPCOMING_PLAN = '2024级景区服务专业岗位实习'
const SCAN = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const POST = '景区导览员'
const today = daysAgo(0)

/** Leaves the current account (cookie gone, fresh page) and opens `path` as another. */
async function as(page: Page, username: string, path: string): Promise<void> {
  await page.context().clearCookies()
  await openAs(page, username, path)
}

const main = (page: Page) => page.getByRole('main')
const status = (page: Page) => page.getByTestId('placement-head').locator('.placement-status')

/** The school's board of the running plan, opened from the 实习 tab. */
async function openRunningBoard(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('tab', { name: '实习' }).tap()
  await expect(page).toHaveURL(/\/placements$/)
  await main(page).getByRole('link', { name: new RegExp(RUNNING_PLAN) }).tap()
  await expect(page).toHaveURL(/\/placements\?plan_id=/)
  await expect(page.getByTestId('board-plan')).toContainText(RUNNING_PLAN)
}

/** Proposes one student of the running plan on its 景区导览员 post; returns the outcome line. */
async function propose(page: Page, name: string) {
  await page.getByRole('link', { name: '安排学生' }).tap()
  await expect(page).toHaveURL(/\/placements\/propose\?plan_id=/)
  await page.getByRole('radio', { name: new RegExp(POST) }).tap()
  await page.getByLabel('搜索学生').fill(name)
  const box = page.getByRole('checkbox', { name: new RegExp(name) })
  await expect(box).toBeVisible()
  await box.tap()
  await expect(box).toHaveAttribute('aria-checked', 'true')
  await expect(main(page)).toContainText('已选 1 人')
  await page.getByRole('button', { name: '提交安排（1 人）' }).tap()
  const outcomes = page.getByTestId('bulk-outcomes')
  await expect(outcomes).toBeVisible()
  return outcomes.locator(`[data-name="${name}"]`)
}

/** Fills and saves one document sheet opened by its button on the detail page. */
async function openSheet(page: Page, button: string, title: string) {
  await main(page).getByRole('button', { name: button }).tap()
  const sheet = page.getByRole('dialog', { name: title })
  await expect(sheet).toBeVisible()
  return sheet
}

test.afterEach(async ({ page }, testInfo) => {
  if (page.url() !== 'about:blank') await saveScreenshot(page, testInfo)
})

test('the school proposes 周子涵, the host confirms, the school files every document and she starts', async ({ page }, testInfo) => {
  test.setTimeout(180_000)

  // ---- school2 proposes 周子涵 on the running plan's post
  await as(page, 'school2', '/')
  const nav = page.getByRole('navigation', { name: '主导航' })
  // Tabs may carry a to-do badge after their name.
  await expect(nav.getByRole('tab')).toHaveText([/首页/, /方案/, /实习/, /预警/, /我的/])
  await openRunningBoard(page)
  // The board groups the seeded placements by status, with counts.
  const chips = main(page).getByRole('group', { name: '按状态筛选' })
  await expect(chips.getByRole('button', { name: /^全部 \d+$/ })).toBeVisible()
  await expect(chips.getByRole('button', { name: /^实习中 \d+$/ })).toBeVisible()
  // 刘子轩 waits for the host and has documents to gather (and a deposit reported).
  await chips.getByRole('button', { name: /^待企业确认 \d+$/ }).tap()
  const waiting = page.getByTestId('placement-list').getByRole('link', { name: /刘子轩/ })
  await expect(waiting).toBeVisible()
  await expect(waiting.getByTestId('blocking')).toHaveText(/还差 \d+ 项/)
  // The deposit reported on him stays open on the plan's board (Art 20).
  await expect(waiting.getByTestId('open-fee')).toHaveText('收费举报未处理')
  await expect(page.getByTestId('open-fees')).toContainText('刘子轩：押金')
  await expect(page.getByTestId('placement-list').getByRole('link', { name: /张浩宇/ })).toHaveCount(0)
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, '01-school-board')
  await chips.getByRole('button', { name: /^全部 \d+$/ }).tap()

  const line = await propose(page, '周子涵')
  await expect(line).toHaveAttribute('data-outcome', 'ok')
  await expect(line).toContainText('已提交，等待实习单位确认')
  // Proposed once, the student is marked and cannot be picked twice.
  await expect(page.getByRole('checkbox', { name: /周子涵/ })).toContainText('已安排（待企业确认）')
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, '02-school-proposed')

  // ---- ent2 confirms her from the inbox
  await as(page, 'ent2', '/placements')
  await expect(main(page).getByRole('heading', { name: '实习安排' })).toBeVisible()
  await expect(main(page).getByRole('button', { name: '待确认' })).toHaveAttribute('aria-pressed', 'true')
  const her = page.getByTestId('inbox-list').getByRole('checkbox', { name: /周子涵/ })
  await expect(her).toBeVisible()
  await her.tap()
  await expect(main(page)).toContainText('已选 1 人')
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, '03-enterprise-inbox')
  await page.getByRole('button', { name: '确认接收（1）' }).tap()
  const answered = page.getByTestId('bulk-outcomes').locator('[data-name="周子涵"]')
  await expect(answered).toHaveAttribute('data-outcome', 'ok')
  await expect(answered).toContainText('已确认接收')
  await expect(page.getByTestId('inbox-list').getByRole('checkbox', { name: /周子涵/ })).toHaveCount(0)
  await checkScreen(page, testInfo, '04-enterprise-confirmed')

  // ---- school2 opens her placement: everything is still missing
  await as(page, 'school2', '/')
  await openRunningBoard(page)
  await page.getByTestId('placement-list').getByRole('link', { name: /周子涵/ }).tap()
  await expect(page).toHaveURL(/\/placements\/[0-9a-f-]{36}$/)
  await expect(status(page)).toHaveText('已确认')
  const period = page.getByTestId('placement-period')
  const startsOn = (await period.getAttribute('data-starts'))!
  const endsOn = (await period.getAttribute('data-ends'))!
  expect(startsOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  const gates = page.getByTestId('gates')
  for (const rule of ['R-AGREEMENT', 'R-CONSENT', 'R-TRAINING', 'R-INSURANCE', 'R-MENTORS']) {
    await expect(gates.locator(`[data-rule="${rule}"]`)).toHaveAttribute('data-state', 'fail')
  }
  await expect(gates.locator('[data-rule="R-AGE16"]')).toHaveAttribute('data-state', 'pass')

  // Nothing starts straight from 已确认: no 确认上岗 until every gate passes;
  // before the start the school may withdraw, not terminate.
  await expect(main(page).getByRole('button', { name: '确认上岗' })).toHaveCount(0)
  await expect(main(page).getByRole('button', { name: '终止实习' })).toHaveCount(0)
  await expect(main(page).getByRole('button', { name: '撤回安排' })).toBeVisible()
  await expect(gates.locator('[data-rule="R-CONSENT"]')).toContainText('知情同意书')
  await expect(status(page)).toHaveText('已确认')
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, '05-school-activate-refused')

  // The tripartite agreement, with a scan attached (a wrong file type is refused on the phone).
  let sheet = await openSheet(page, '登记三方协议', '登记三方协议')
  await sheet.getByRole('button', { name: '保存' }).tap()
  await expect(sheet.getByLabel('签订日期')).toHaveAccessibleDescription('请填写签订日期')
  await sheet.getByLabel('签订日期').fill(today)
  for (const party of ['学校', '企业', '学生']) await sheet.getByRole('checkbox', { name: party }).tap()
  await sheet.getByLabel('附件（选填）').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a scan') })
  await expect(sheet.getByRole('alert').filter({ hasText: '只能上传 PDF、JPG 或 PNG 文件' })).toBeVisible()
  await sheet.getByLabel('附件（选填）').setInputFiles({
    name: 'agreement.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  })
  await expect(sheet.getByTestId('file-chosen')).toContainText('agreement.pdf')
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, '06-school-agreement-sheet')
  await sheet.getByRole('button', { name: '保存' }).tap()
  await expect(sheet).toBeHidden()
  await expect(gates.locator('[data-rule="R-AGREEMENT"]')).toHaveAttribute('data-state', 'pass')
  const agreement = page.locator('.placement-doc[data-kind="agreement"]')
  await expect(agreement).toHaveAttribute('data-on-file', 'true')
  await expect(agreement).toContainText('学校、企业、学生')
  await expect(agreement).toContainText('agreement.pdf')

  // The consent form: the student's name is filled in; the signed scan is required.
  sheet = await openSheet(page, '登记知情同意书', '登记知情同意书')
  await expect(sheet.getByLabel('学生姓名')).toHaveValue('周子涵')
  await sheet.getByLabel('监护人姓名').fill('周家长')
  await sheet.getByLabel('签署日期').fill(today)
  await sheet.getByRole('button', { name: '保存' }).tap()
  await expect(sheet.getByRole('alert').filter({ hasText: '请上传签字的知情同意书扫描件' })).toBeVisible()
  await sheet.getByLabel('签字的知情同意书扫描件').setInputFiles({ name: 'consent.pdf', mimeType: 'application/pdf', buffer: SCAN })
  await sheet.getByRole('button', { name: '保存' }).tap()
  await expect(sheet).toBeHidden()
  // The school recording the form confirms it.
  await expect(gates.locator('[data-rule="R-CONSENT"]')).toHaveAttribute('data-state', 'pass')
  await expect(page.getByTestId('consent-confirmation').locator('[data-confirmed]')).toHaveAttribute('data-confirmed', 'true')

  // Safety training.
  sheet = await openSheet(page, '登记安全培训', '登记安全培训')
  await sheet.getByLabel('培训日期').fill(today)
  // Vant draws its tick as an icon-font glyph inside the name; 不合格 also contains 合格.
  await sheet.getByRole('radio', { name: /^[^不]*合格$/ }).tap()
  await sheet.getByLabel('培训学时（选填）').fill('8')
  await sheet.getByRole('button', { name: '保存' }).tap()
  await expect(sheet).toBeHidden()
  await expect(gates.locator('[data-rule="R-TRAINING"]')).toHaveAttribute('data-state', 'pass')

  // Insurance: a day short of the period is flagged before saving; the whole period passes.
  sheet = await openSheet(page, '登记实习责任保险', '登记实习责任保险')
  await expect(sheet).toContainText(`保障期须覆盖实习期 ${startsOn} 至 ${endsOn} 的每一天`)
  await sheet.getByLabel('保险公司').fill('中国人民财产保险股份有限公司巴中市分公司')
  await sheet.getByLabel('保单号').fill(`PICC-E2E-${Date.now() % 1_000_000}`)
  await sheet.getByLabel('保障开始日期').fill(startsOn)
  await sheet.getByLabel('保障结束日期').fill(startsOn)
  await expect(sheet.getByLabel('保障结束日期')).toHaveAccessibleDescription(/保障期没有覆盖实习期/)
  await sheet.getByLabel('保障结束日期').fill(endsOn)
  await expect(sheet.getByLabel('保障结束日期')).not.toHaveAccessibleDescription(/保障期没有覆盖实习期/)
  await sheet.getByRole('radio', { name: '学校' }).tap()
  await checkScreen(page, testInfo, '07-school-insurance-sheet')
  await sheet.getByRole('button', { name: '保存' }).tap()
  await expect(sheet).toBeHidden()
  await expect(gates.locator('[data-rule="R-INSURANCE"]')).toHaveAttribute('data-state', 'pass')

  // Mentors: a teacher of the school and a mentor of the host.
  sheet = await openSheet(page, '安排指导人员', '安排指导人员')
  await sheet.getByLabel('学校指导教师').selectOption({ label: '钱志远' })
  await sheet.getByLabel('企业导师').selectOption({ label: '郑师傅' })
  await sheet.getByRole('button', { name: '保存' }).tap()
  await expect(sheet).toBeHidden()
  await expect(page.getByTestId('instructor')).toHaveText('钱志远')
  await expect(page.getByTestId('mentor')).toHaveText('郑师傅')
  await expect(gates.locator('[data-rule="R-MENTORS"]')).toHaveAttribute('data-state', 'pass')

  await expect(page.getByTestId('gates-summary')).toContainText('全部满足，可以确认上岗')
  await expect(gates.locator('[data-state="fail"]')).toHaveCount(0)
  await checkScreen(page, testInfo, '08-school-all-gates-pass')

  // ---- 确认上岗: she is interning now
  await page.getByRole('button', { name: '确认上岗' }).tap()
  await expect(status(page)).toHaveText('实习中')
  await expect(page.getByTestId('violations')).toHaveCount(0)
  await expect(page.getByRole('button', { name: '终止实习' })).toBeVisible()
  await expect(page.getByRole('button', { name: '转岗' })).toBeVisible()
  await checkScreen(page, testInfo, '09-school-active')
})

test('a 15-year-old is refused a post internship by R-AGE16, with the reason in Chinese', async ({ page }, testInfo) => {
  await as(page, 'school2', '/')
  await openRunningBoard(page)
  // The board links to its plan, and the plan back to its board.
  await page.getByTestId('board-plan').getByRole('link', { name: RUNNING_PLAN }).tap()
  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]{36}$/)
  await main(page).getByRole('link', { name: '实习安排' }).tap()
  await expect(page.getByTestId('board-plan')).toContainText(RUNNING_PLAN)
  const line = await propose(page, '何小凡')
  await expect(line).toHaveAttribute('data-outcome', 'failed')
  await expect(line).toContainText('未通过')
  const rule = line.locator('[data-rule="R-AGE16"]')
  await expect(rule).toBeVisible()
  await expect(rule).toContainText('R-AGE16')
  await expect(rule).toContainText('岗位实习学生须年满16周岁')
  await expect(rule).toContainText('未满16周岁不得参加岗位实习')
  // Nothing was proposed: the student can still be picked.
  await expect(page.getByRole('checkbox', { name: /何小凡/ })).not.toContainText('已安排')
  await checkScreen(page, testInfo, '10-school-age16-refused')
})

test('student2 uploads the signed consent form; only the school confirmation completes it', async ({ page }, testInfo) => {
  // Two accounts and several round trips: room for a loaded machine.
  test.setTimeout(90_000)
  await as(page, 'student2', '/')
  const nav = page.getByRole('navigation', { name: '主导航' })
  // Tabs may carry a to-do badge after their name.
  await expect(nav.getByRole('tab')).toHaveText([/首页/, /方案/, /实习/, /预警/, /我的/])
  await nav.getByRole('tab', { name: '实习' }).tap()
  await expect(main(page).getByRole('heading', { name: '我的实习' })).toBeVisible()
  const missing = page.getByTestId('missing')
  await expect(missing).toContainText('还需要完成')
  const plain = '知情同意书须由你和监护人签字，上传扫描件后由学校核对确认。'
  await expect(missing.locator('[data-rule="R-CONSENT"]')).toHaveText(plain)
  const gate = page.getByTestId('gates').locator('[data-rule="R-CONSENT"]')
  await expect(gate).toHaveAttribute('data-state', 'fail')
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, '11-student-missing-consent')

  // The consent page: the 知情同意书 filled from the placement, then the scan.
  await main(page).getByRole('button', { name: '签署知情同意书', exact: true }).tap()
  await expect(page).toHaveURL(/\/placements\/[0-9a-f-]+\/consent$/)
  const text = page.getByTestId('consent-text')
  await expect(text.getByRole('heading', { name: '学生实习知情同意书' })).toBeVisible()
  await expect(text).toContainText('南江县光雾山旅游服务有限公司')
  await expect(text).toContainText(POST)
  await expect(text).toContainText('每天不超过 8 小时')
  await expect(text).toContainText('实习责任保险')
  await expect(text).toContainText('李思琪')
  await expect(text).toContainText('第九条')
  const consentStatus = page.getByTestId('consent-status')
  await expect(consentStatus).toContainText('还没有上传签字的同意书')
  await expect(consentStatus).toContainText('上传后由学校核对扫描件并确认')
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, '11a-student-consent-text')
  await main(page).getByRole('button', { name: '上传签字的同意书' }).tap()
  const sheet = page.getByRole('dialog', { name: '登记知情同意书' })
  await expect(sheet.getByLabel('学生姓名')).toHaveValue('李思琪')
  await sheet.getByRole('button', { name: '保存' }).tap()
  await expect(sheet.getByLabel('监护人姓名')).toHaveAccessibleDescription('请填写监护人姓名')
  await sheet.getByLabel('监护人姓名').fill('李家长')
  await sheet.getByLabel('签署日期').fill(today)
  await sheet.getByLabel('签字的知情同意书扫描件').setInputFiles({ name: 'consent.pdf', mimeType: 'application/pdf', buffer: SCAN })
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, '12-student-consent-sheet')
  await sheet.getByRole('button', { name: '保存' }).tap()
  await expect(sheet).toBeHidden()
  await expect(consentStatus).toContainText('已上传：consent.pdf，等待学校核对确认')
  await expect(consentStatus.locator('[data-confirmed]')).toHaveAttribute('data-confirmed', 'false')
  await page.getByRole('link', { name: '返回' }).tap()

  // Uploaded, but the student alone never completes the gate.
  await expect(gate).toHaveAttribute('data-state', 'fail')
  await expect(gate).toContainText('尚待学校核对扫描件并确认')
  await expect(missing.locator('[data-rule="R-CONSENT"]')).toHaveText(plain)
  await expect(main(page).getByRole('button', { name: '修改知情同意书' })).toBeVisible()
  await checkScreen(page, testInfo, '13-student-consent-uploaded')

  // ---- school2 checks the scan and confirms it
  await as(page, 'school2', '/')
  await openRunningBoard(page)
  await page.getByTestId('placement-list').getByRole('link', { name: /李思琪/ }).tap()
  const confirmation = page.getByTestId('consent-confirmation')
  await expect(confirmation).toContainText('待学校核对确认')
  await expect(page.locator('.placement-doc[data-kind="consent"]')).toContainText('consent.pdf')
  await checkScreen(page, testInfo, '13a-school-consent-awaiting')
  // The failing gate leads to the 确认 button, not to another form.
  await page.getByTestId('gates').getByRole('button', { name: '去确认：学生及监护人签字的知情同意书已上传并经学校确认' }).tap()
  await expect(confirmation.getByRole('button', { name: '核对扫描件后确认知情同意书' })).toBeFocused()
  await confirmation.getByRole('button', { name: '核对扫描件后确认知情同意书' }).tap()
  await expect(confirmation).toContainText('学校已确认')
  const schoolGate = page.getByTestId('gates').locator('[data-rule="R-CONSENT"]')
  await expect(schoolGate).toHaveAttribute('data-state', 'pass')
  await expect(schoolGate).toContainText('李家长')
  await expect(status(page)).toHaveText('待上岗')
  await checkScreen(page, testInfo, '13b-school-consent-confirmed')
})

test('ent2 records a month of pay below 80% of the reference wage and sees it flagged', async ({ page }, testInfo) => {
  // Two accounts and several round trips: room for a loaded machine.
  test.setTimeout(90_000)
  await as(page, 'ent2', '/placements')
  await main(page).getByRole('button', { name: '实习中' }).tap()
  await page.getByTestId('placement-list').getByRole('link', { name: /张浩宇/ }).tap()
  await expect(status(page)).toHaveText('实习中')
  // The seed recorded the month the placement started.
  await expect(page.getByTestId('pay-records').locator('.pay-record')).toHaveCount(1)

  await main(page).getByRole('button', { name: '登记工资' }).tap()
  const sheet = page.getByRole('dialog', { name: '登记工资' })
  await expect(sheet.getByLabel('实发金额（元）')).toHaveAccessibleDescription(
    /不得低于 [\d,]+\.\d{2} 元（同岗位工资的 80% 或本单位最低档工资标准，取其一）/,
  )
  // The month of today: the seed recorded the month the placement started, 45 days ago, so always an earlier month.
  await sheet.getByLabel('工资月份').fill(today.slice(0, 7))
  await sheet.getByLabel('实发金额（元）').fill('1200.5.0')
  await sheet.getByLabel('发放日期').fill(today)
  await sheet.getByRole('radio', { name: '银行转账' }).tap()
  await sheet.getByRole('button', { name: '保存' }).tap()
  await expect(sheet.getByLabel('实发金额（元）')).toHaveAccessibleDescription(/^请输入不小于 0 的金额，最多两位小数/)
  await sheet.getByLabel('实发金额（元）').fill('1,200.50')
  await checkScreen(page, testInfo, '14-enterprise-pay-sheet')
  await sheet.getByRole('button', { name: '保存' }).tap()
  await expect(sheet).toBeHidden()

  const result = page.getByTestId('pay-result')
  await expect(result).toHaveAttribute('data-compliant', 'false')
  await expect(result).toContainText('已登记，但报酬不符合规定')
  await expect(result).toContainText('实发 1,200.50 元')
  await expect(result).toContainText('R-PAY')
  // The verdict names both Art 18 standards and is recorded, not refused.
  await expect(result).toContainText('本单位最低档工资标准')
  await expect(result).toContainText('已记录备查')
  const record = page.getByTestId('pay-records').locator(`[data-month="${today.slice(0, 7)}"]`)
  await expect(record).toHaveAttribute('data-compliant', 'false')
  await expect(record).toContainText('不符合规定')
  await expect(record).toContainText('1,200.50 元')
  await expect(record).toHaveAttribute('data-corrected', 'false')
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, '15-enterprise-pay-flagged')

  // The amount was wrong: 更正 opens the same sheet with the record, its month fixed.
  await record.getByRole('button', { name: `更正 ${today.slice(0, 7)} 工资` }).tap()
  const fix = page.getByRole('dialog', { name: '更正工资' })
  await expect(fix).toBeVisible()
  await expect(fix.getByLabel('工资月份')).toHaveValue(today.slice(0, 7))
  await expect(fix.getByLabel('工资月份')).not.toBeEditable()
  await expect(fix.getByLabel('实发金额（元）')).toHaveValue('1200.50')
  await expect(fix.getByLabel('发放日期')).toHaveValue(today)
  await expect(fix.getByRole('radio', { name: '银行转账' })).toHaveAttribute('aria-checked', 'true')
  // Exactly the lower of the two standards is enough: the demo host declares a
  // lowest-grade wage (2,200 元) below 80 % of the post's wage.
  const hint = await fix.locator('.form-field__hint', { hasText: '不得低于' }).textContent()
  const floor = /不得低于 ([\d,]+\.\d{2}) 元/.exec(hint ?? '')?.[1]
  expect(floor, 'the sheet names the least lawful pay').toBeTruthy()
  await fix.getByLabel('实发金额（元）').fill(floor!)
  await checkScreen(page, testInfo, '15a-enterprise-pay-correct-sheet')
  await fix.getByRole('button', { name: '保存' }).tap()
  await expect(fix).toBeHidden()

  await expect(result).toHaveAttribute('data-compliant', 'true')
  await expect(result).toContainText('已更正，报酬符合规定')
  await expect(result).toContainText(`实发 ${floor} 元`)
  await expect(record).toHaveAttribute('data-compliant', 'true')
  await expect(record).toHaveAttribute('data-corrected', 'true')
  await expect(record).toContainText('符合规定')
  await expect(record).not.toContainText('不符合规定')
  await expect(record).toContainText(`${floor} 元`)
  await expect(record.locator('.pay-record__corrected')).toHaveText('已更正')
  await expect(record.getByTestId('pay-verdict')).toContainText('适用标准：本单位最低档工资标准')
  await expect(record).toContainText(/于 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} 更正/)
  // Still one record for the month: corrected, not recorded twice.
  await expect(page.getByTestId('pay-records').locator(`[data-month="${today.slice(0, 7)}"]`)).toHaveCount(1)
  await checkScreen(page, testInfo, '15b-enterprise-pay-corrected')

  // ---- 本月工资: the month for two interns at once, one under the standard
  await as(page, 'ent2', '/placements')
  await main(page).getByRole('button', { name: '本月工资' }).tap()
  await expect(main(page).getByRole('heading', { name: '本月工资' })).toBeVisible()
  await expect(page.locator('#pay-month')).toHaveValue(today.slice(0, 7))
  const rows = page.getByTestId('pay-sheet')
  const zhang = rows.locator('[data-name="张浩宇"]')
  const chen = rows.locator('[data-name="陈雨桐"]')
  await expect(chen.getByTestId('pay-floor')).toContainText(/不得低于 [\d,]+\.\d{2} 元/)
  // 张浩宇's month is on file (corrected above): saving corrects it.
  await expect(zhang).toContainText(`本月已登记 ${floor} 元`)
  await expect(chen.getByLabel('陈雨桐 发放日期')).toHaveValue(today)
  await zhang.getByLabel('张浩宇 实发金额（元）').fill('9000')
  await chen.getByLabel('陈雨桐 实发金额（元）').fill('1000')
  await chen.getByLabel('陈雨桐 发放方式').selectOption('bank_transfer')
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, '15c-enterprise-pay-month-sheet')
  await main(page).getByRole('button', { name: '保存（2 人）' }).tap()
  const sheetResult = page.getByTestId('pay-sheet-result')
  await expect(sheetResult).toContainText('新登记 1 人，更正 1 人，未保存 0 人；其中 1 人低于规定标准')
  await expect(zhang).toHaveAttribute('data-verdict', 'corrected')
  await expect(zhang.getByTestId('pay-row-answer')).toContainText('已更正 · 符合规定')
  await expect(chen).toHaveAttribute('data-verdict', 'flagged')
  await expect(chen.getByTestId('pay-row-answer')).toContainText('低于规定标准，已记录备查')
  await expect(chen.getByTestId('pay-row-answer')).toContainText('1000.00 元')
  await expect(chen).toContainText('本月已登记 1,000.00 元')
  await checkScreen(page, testInfo, '15d-enterprise-pay-month-saved')
})

test('ent2 declines a proposed student from the detail page with a reason', async ({ page }, testInfo) => {
  // The narrowest phone the product supports.
  await page.setViewportSize({ width: 360, height: 740 })
  await as(page, 'ent2', '/placements')
  expect(await hasHorizontalScroll(page)).toBe(false)
  await page.getByTestId('inbox-list').getByRole('link', { name: '详情 黄诗涵' }).tap()
  await expect(status(page)).toHaveText('待企业确认')
  // The host sees the gates but cannot fill in the school's documents.
  await expect(main(page).getByRole('button', { name: '登记三方协议' })).toHaveCount(0)
  await main(page).getByRole('button', { name: '拒绝接收' }).tap()
  const sheet = page.getByRole('dialog', { name: '拒绝接收' })
  await sheet.getByRole('button', { name: '拒绝接收' }).tap()
  await expect(sheet.getByLabel('拒绝理由')).toHaveAccessibleDescription('请填写拒绝理由')
  await sheet.getByLabel('拒绝理由').fill('该岗位本期已满，请安排到游客中心接待员岗位。')
  await sheet.getByRole('button', { name: '拒绝接收' }).tap()
  await expect(sheet).toBeHidden()
  await expect(status(page)).toHaveText('企业已拒绝')
  await expect(page.getByTestId('placement-head')).toContainText('企业拒绝理由：该岗位本期已满')
  await expect(main(page).getByRole('button', { name: '确认接收' })).toHaveCount(0)
  await checkScreen(page, testInfo, '16-enterprise-declined')
})

test('teacher2 reads the placements of the school without any action', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 740 })
  await as(page, 'teacher2', '/')
  const nav = page.getByRole('navigation', { name: '主导航' })
  await nav.getByRole('tab', { name: '实习' }).tap()
  await expect(main(page).getByRole('heading', { name: '实习安排' })).toBeVisible()
  await main(page).getByRole('button', { name: '实习中', exact: true }).tap()
  const card = page.getByTestId('placement-list').getByRole('link', { name: /张浩宇/ })
  await expect(card).toBeVisible()
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, '17-teacher-list')
  await card.tap()
  await expect(status(page)).toHaveText('实习中')
  await expect(page.getByTestId('instructor')).toHaveText('钱志远')
  for (const action of ['终止实习', '转岗', '登记工资', '安排指导人员', '修改']) {
    await expect(main(page).getByRole('button', { name: action })).toHaveCount(0)
  }
  expect(await hasHorizontalScroll(page)).toBe(false)
})

test('the school transfers an active student to the other post and ends another placement', async ({ page }, testInfo) => {
  // Two accounts and several round trips: room for a loaded machine.
  test.setTimeout(90_000)
  await as(page, 'school2', '/')
  await openRunningBoard(page)
  const chips = main(page).getByRole('group', { name: '按状态筛选' })
  await chips.getByRole('button', { name: /^实习中 \d+$/ }).tap()
  await page.getByTestId('placement-list').getByRole('link', { name: /陈雨桐/ }).tap()
  await expect(status(page)).toHaveText('实习中')

  // 转岗: a post of the plan and a reason, confirmed in a dialog.
  await main(page).getByRole('button', { name: '转岗' }).tap()
  const sheet = page.getByRole('dialog', { name: '转岗' })
  await sheet.getByRole('button', { name: '转岗' }).tap()
  await expect(sheet.getByRole('alert').filter({ hasText: '请选择转到岗位' })).toBeVisible()
  await sheet.getByLabel('转到岗位').selectOption({ label: '游客中心接待员 · 南江县光雾山旅游服务有限公司' })
  await sheet.getByLabel('转岗原因').fill('学生普通话标准、沟通能力强，调至游客中心接待岗位。')
  await checkScreen(page, testInfo, '18-school-transfer-sheet')
  await sheet.getByRole('button', { name: '转岗' }).tap()
  // Vant's confirmation dialog has no accessible name; its text finds it.
  const dialog = page.getByRole('dialog').filter({ hasText: '确定将陈雨桐转到“游客中心接待员”吗？' })
  await dialog.getByRole('button', { name: '转岗' }).tap()
  // The new placement waits for the host; the old one ended as 已转岗.
  await expect(status(page)).toHaveText('待企业确认')
  await expect(page.getByTestId('placement-head')).toContainText('游客中心接待员')
  await page.getByRole('link', { name: '查看转岗前的安排' }).tap()
  await expect(status(page)).toHaveText('已转岗')
  await expect(page.getByTestId('placement-head')).toContainText('调至游客中心接待岗位')

  // 终止实习: a reason, then a confirmation.
  await page.getByRole('link', { name: '返回' }).tap()
  await chips.getByRole('button', { name: /^实习中 \d+$/ }).tap()
  await page.getByTestId('placement-list').getByRole('link', { name: /周雨萱/ }).tap()
  await expect(status(page)).toHaveText('实习中')
  await main(page).getByRole('button', { name: '终止实习' }).tap()
  const end = page.getByRole('dialog', { name: '终止实习' })
  await end.getByLabel('终止原因').fill('学生家长申请，学生转学至外地。')
  await end.getByRole('button', { name: '终止实习' }).tap()
  const confirm = page.getByRole('dialog').filter({ hasText: '确定终止周雨萱的实习吗？' })
  await expect(confirm).toBeVisible()
  await expectNoSevereA11yViolations(page)
  await confirm.getByRole('button', { name: '终止实习' }).tap()
  await expect(status(page)).toHaveText('已终止')
  await expect(page.getByTestId('placement-head')).toContainText('终止原因：学生家长申请')
  await checkScreen(page, testInfo, '19-school-terminated')
})

test('the school withdraws a placement that has not started, with a reason', async ({ page }, testInfo) => {
  await as(page, 'school2', '/')
  await page.getByRole('navigation', { name: '主导航' }).getByRole('tab', { name: '实习' }).tap()
  await main(page).getByRole('link', { name: new RegExp(UPCOMING_PLAN) }).tap()
  await expect(page.getByTestId('board-plan')).toContainText(UPCOMING_PLAN)
  await page.getByTestId('placement-list').getByRole('link', { name: /赵欣怡/ }).tap()
  await expect(status(page)).toHaveText('待上岗')
  // Not started: terminate is not offered, withdraw is.
  await expect(main(page).getByRole('button', { name: '终止实习' })).toHaveCount(0)
  await main(page).getByRole('button', { name: '撤回安排' }).tap()
  const sheet = page.getByRole('dialog', { name: '撤回实习安排' })
  await sheet.getByRole('button', { name: '撤回安排' }).tap()
  await expect(sheet.getByLabel('撤回原因')).toHaveAccessibleDescription('请填写撤回原因')
  await sheet.getByLabel('撤回原因').fill('岗位安排有误，改派其他学生。')
  await sheet.getByRole('button', { name: '撤回安排' }).tap()
  const confirm = page.getByRole('dialog').filter({ hasText: '确定撤回赵欣怡的实习安排吗？' })
  await expect(confirm).toBeVisible()
  await confirm.getByRole('button', { name: '撤回安排' }).tap()
  await expect(status(page)).toHaveText('学校已撤回')
  await expect(page.getByTestId('placement-head')).toContainText('撤回原因：岗位安排有误')
  await expect(main(page).getByRole('button', { name: '撤回安排' })).toHaveCount(0)
  await checkScreen(page, testInfo, '20-school-withdrawn')
})

test('the competent bureau sees the open fee report in its list', async ({ page }, testInfo) => {
  await as(page, 'county2', '/placements')
  await expect(main(page).getByRole('heading', { name: '实习安排' })).toBeVisible()
  const open = page.getByTestId('open-fees')
  await expect(open).toContainText('刘子轩：押金')
  await expect(open).toContainText('工装押金')
  await checkScreen(page, testInfo, '21-bureau-open-fees')
})
