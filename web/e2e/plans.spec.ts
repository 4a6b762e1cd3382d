import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { checkScreen, creditCodeFor, DEMO_PASSWORD, expectFitsWidths, expectNoSevereA11yViolations, hasHorizontalScroll, openAs, saveScreenshot, settle, uniqueCreditCode } from './helpers'

// The plan filing workflow of domain.md §5.1 on a phone, against the real
// server and its rules: the school drafts and checks, the host co-signs, the
// county bureau returns, the school fixes, the bureau approves with a
// gapless filing number, and the filing record prints.

/** YYYY-MM-DD in Asia/Shanghai, the server's business-day zone. */
function shanghaiDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at)
}

function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/** The same day n months later, or the month's last day when it has none. */
function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate()
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10)
}

const today = shanghaiDate(new Date())
const startsOn = addDays(today, 30)
const endsOn = addMonths(startsOn, 3)
const year = today.slice(0, 4)

/** Leaves the current account (cookie gone, fresh page) and opens `path` as another. */
async function as(page: Page, username: string, path: string): Promise<void> {
  await page.context().clearCookies()
  await openAs(page, username, path)
}

const status = (page: Page) => page.getByRole('main').locator('.plan-detail__status .plan-status')

/** Answers the one question a decisive step asks (a Vant dialog naming what happens). */
async function confirmStep(page: Page, title: string, button: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: title })
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: button }).tap()
  await expect(dialog).toBeHidden()
}

test.afterEach(async ({ page }, testInfo) => {
  if (page.url() !== 'about:blank') await saveScreenshot(page, testInfo)
})

test('a post internship goes from draft through co-signing, return and resubmission to filing', async ({ page }, testInfo) => {
  test.setTimeout(240_000)
  const title = `2024级数控技术应用专业岗位实习方案E2E${Date.now() % 100000}`

  // ---- school1 drafts the plan in four steps
  await as(page, 'school1', '/plans')
  await expect(page.getByRole('main').getByRole('heading', { name: '实习方案' })).toBeVisible()
  await expect(page.getByRole('tab', { name: '全部' })).toHaveAttribute('aria-selected', 'true')
  await page.getByRole('link', { name: '新建实习方案' }).tap()
  await expect(page).toHaveURL(/\/plans\/new$/)

  // Nothing filled in: the phone says what is missing and stays on step 1.
  await page.getByRole('button', { name: '下一步' }).tap()
  await expect(page.getByLabel('方案名称')).toHaveAccessibleDescription('请填写方案名称')
  await expect(page.getByLabel('专业大类')).toHaveAccessibleDescription(/请填写专业大类/)
  await expect(page.getByLabel('方案名称')).toBeFocused()

  await expect(page.getByRole('radio', { name: '岗位实习' })).toHaveAttribute('aria-checked', 'true')
  await page.getByLabel('方案名称').fill(title)
  await page.getByLabel('专业', { exact: true }).fill('数控技术应用')
  await page.getByLabel('专业大类').fill('装备制造大类')
  await page.getByLabel('年级').fill('2024级')
  // An end before the start is caught on the phone.
  await page.getByLabel('开始日期').fill(startsOn)
  await page.getByLabel('结束日期').fill(addDays(startsOn, -1))
  await page.getByRole('button', { name: '下一步' }).tap()
  await expect(page.getByLabel('结束日期')).toHaveAccessibleDescription('结束日期不能早于开始日期')
  await page.getByLabel('结束日期').fill(endsOn)
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, '01-school-step1-basics')
  await page.getByRole('button', { name: '下一步' }).tap()

  // Step 2: a post from the host list, with its reference wage and 80% line.
  await expect(page.locator('#plan-step-heading')).toContainText('岗位与人数')
  await page.getByRole('button', { name: '下一步' }).tap()
  await expect(page.getByRole('alert').filter({ hasText: '请至少选择一个实习岗位' })).toBeVisible()
  await page.getByLabel('添加实习岗位').tap()
  const sheet = page.getByRole('dialog', { name: '选择实习岗位' })
  await sheet.getByLabel('输入岗位或单位名称搜索').fill('数控')
  await sheet.getByRole('button', { name: /数控车床操作员.*巴中经开区精工机械有限公司/ }).tap()
  await expect(sheet).toBeHidden()
  const line = page.getByTestId('plan-post-lines').getByRole('listitem')
  await expect(line).toHaveCount(1)
  await expect(line).toContainText('巴中经开区精工机械有限公司')
  await expect(line.getByTestId('wage-ref')).toHaveText('同岗位参考工资 4200.00 元/月，80% 为 3360.00 元')
  await page.getByLabel('计划人数').fill('0')
  await page.getByLabel('月实习报酬（元）').fill('3000')
  // Below the 80% line the phone warns before the server refuses.
  await expect(page.getByLabel('月实习报酬（元）')).toHaveAccessibleDescription(/低于参考工资的 80%（3360.00 元）/)
  await page.getByRole('button', { name: '下一步' }).tap()
  await expect(page.getByLabel('计划人数')).toHaveAccessibleDescription('计划人数应为 1–100000 之间的整数')
  await page.getByLabel('计划人数').fill('6')
  await page.getByLabel('月实习报酬（元）').fill('3400')
  await expect(page.getByLabel('月实习报酬（元）')).not.toHaveAttribute('aria-invalid', 'true')
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, '02-school-step2-posts')
  await page.getByRole('button', { name: '下一步' }).tap()

  // Step 3: content and safeguards.
  await page.getByLabel('实习内容').fill('数控车床操作、工件检测与设备日常保养，在企业导师指导下完成岗位任务。')
  await page.getByLabel('安全保障措施').fill('上岗前三级安全教育；配发劳动防护用品；指导教师每日巡查。')
  await page.getByLabel('应急预案').fill('发生伤害事故立即送医并报告学校和教育局，24 小时值班电话。')
  await page.getByLabel('保险安排').fill('学校为全体实习学生投保实习责任保险，费用不由学生承担。')
  // Art 8: a teacher of the school instructs, a mentor of the host guides.
  const instructors = page.getByTestId('plan-instructors')
  await instructors.getByRole('checkbox', { name: '赵明' }).tap()
  await expect(instructors.getByRole('checkbox', { name: '赵明' })).toHaveAttribute('aria-checked', 'true')
  // Art 25's on-site instructor is offered among the ticked instructors; a host in the province needs none.
  await expect(page.getByTestId('plan-on-site').getByRole('checkbox', { name: '赵明' })).toHaveAttribute('aria-checked', 'false')
  await page.getByTestId('plan-mentors').getByRole('checkbox', { name: /孙师傅.*巴中经开区精工机械有限公司/ }).tap()
  await expect(page.getByRole('checkbox', { name: /孙师傅/ })).toHaveAttribute('aria-checked', 'true')
  await checkScreen(page, testInfo, '03-school-step3-safety')
  await page.getByRole('button', { name: '下一步' }).tap()

  // Step 4: save the draft and run every rule.
  await page.getByRole('button', { name: '保存并检查' }).tap()
  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]{36}\/edit/)
  const checklist = page.getByRole('region', { name: '合规检查' })
  await expect(checklist.locator('[data-rule]')).toHaveCount(17)
  await expect(page.getByTestId('check-summary')).toContainText('禁止性规则全部通过')
  for (const rule of ['R-VENUE', 'R-HOSTLIST', 'R-LABOUR3', 'R-HOURS', 'R-PAY', 'R-MAJOR', 'R-DURATION']) {
    await expect(checklist.locator(`[data-rule="${rule}"]`)).toHaveAttribute('data-state', 'pass')
  }
  await expect(checklist.locator('[data-rule="R-PAY"]')).toContainText('禁止')
  await expect(checklist.locator('[data-rule="R-MAJOR"]')).toContainText('可申请豁免')
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, '04-school-step4-check')
  const planId = /\/plans\/([0-9a-f-]{36})\//.exec(page.url())![1]!

  await page.getByRole('button', { name: '提交企业会签' }).tap()
  await expect(page).toHaveURL(new RegExp(`/plans/${planId}$`))
  await expect(status(page)).toHaveText('待企业会签')

  // ---- ent1 co-signs on the phone
  const cosign = async (shotName: string) => {
    await as(page, 'ent1', '/plans')
    await expect(page.getByRole('main').getByRole('heading', { name: '待会签方案' })).toBeVisible()
    await page.getByTestId('plan-list').getByRole('link', { name: new RegExp(title) }).tap()
    await expect(status(page)).toHaveText('待企业会签')
    // The plan's compliance summary comes before the host's buttons.
    const summary = page.getByTestId('cosign-check-summary')
    await expect(summary).toContainText('17 项规则全部通过')
    const buttons = page.getByTestId('cosign-actions')
    expect((await summary.boundingBox())!.y).toBeLessThan((await buttons.boundingBox())!.y)
    await checkScreen(page, testInfo, shotName)
    // Co-signing asks first; cancelling changes nothing.
    await page.getByRole('button', { name: '会签同意' }).tap()
    const ask = page.getByRole('dialog', { name: '确认会签' })
    await expect(ask).toContainText('同意按此方案接收实习学生')
    await ask.getByRole('button', { name: '取消' }).tap()
    await expect(ask).toBeHidden()
    await expect(status(page)).toHaveText('待企业会签')
    await page.getByRole('button', { name: '会签同意' }).tap()
    await confirmStep(page, '确认会签', '确认会签')
    await expect(status(page)).toHaveText('已会签')
    await expect(page.getByTestId('detail-cosigns-list')).toContainText('已会签')
  }
  await cosign('05-enterprise-cosign')

  // ---- school1 submits for review
  const submit = async () => {
    await as(page, 'school1', `/plans/${planId}`)
    await expect(status(page)).toHaveText('已会签')
    await page.getByRole('button', { name: '报送审核' }).tap()
    await confirmStep(page, '确认报送审核', '确认报送')
    await expect(status(page)).toHaveText('待审核')
  }
  await submit()

  // ---- county1 returns it with a reason about the posts
  await as(page, 'county1', '/plans/review')
  const queue = page.getByTestId('review-queue')
  const item = queue.getByRole('link', { name: new RegExp(title) })
  await expect(item).toContainText('已等待 0 天')
  await expect(item).toContainText('通江县职业高级中学')
  // Filters: type, major and school narrow the queue on the server.
  const main = page.getByRole('main')
  await main.getByRole('button', { name: '认识实习', exact: true }).tap()
  await expect(main).toContainText('暂无待审核的方案')
  await main.getByRole('button', { name: '岗位实习', exact: true }).tap()
  await expect(item).toBeVisible()
  await page.getByLabel('专业', { exact: true }).fill('不存在的专业')
  await expect(main).toContainText('暂无待审核的方案')
  await page.getByLabel('专业', { exact: true }).fill('数控技术')
  await expect(item).toBeVisible()
  await page.getByLabel('学校', { exact: true }).tap()
  const schools = page.getByRole('dialog', { name: '选择学校' })
  await schools.getByRole('button', { name: /通江县职业高级中学/ }).tap()
  await expect(page.getByLabel('学校', { exact: true })).toHaveValue('通江县职业高级中学')
  await expect(item).toBeVisible()
  await expect(item).toContainText('已等待 0 天')
  await checkScreen(page, testInfo, '06-bureau-queue')
  await item.tap()
  await expect(page).toHaveURL(new RegExp(`/plans/${planId}/review$`))
  await expect(page.getByRole('region', { name: '合规检查' }).locator('[data-rule]')).toHaveCount(17)
  // The decisions are in reach on the first screen, above the tab bar, and stay there while reading.
  const bar = page.getByTestId('review-actions')
  const tabBar = page.getByRole('navigation', { name: '主导航' })
  for (const scrollTo of [0, 1200, 1e6]) {
    await page.evaluate((y) => window.scrollTo(0, y), scrollTo)
    for (const name of ['批准备案', '退回修改', '不予备案']) await expect(bar.getByRole('button', { name })).toBeInViewport()
    const barBox = (await bar.boundingBox())!
    const tabBox = (await tabBar.locator('.van-tabbar').boundingBox())!
    expect(barBox.y + barBox.height, `bar above the tab bar at scroll ${scrollTo}`).toBeLessThanOrEqual(tabBox.y + 1)
  }
  await page.evaluate(() => window.scrollTo(0, 0))
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, '06b-bureau-review-first-screen')
  await page.getByRole('button', { name: '退回修改' }).tap()
  const returnSheet = page.getByRole('dialog', { name: '退回修改' })
  await returnSheet.getByLabel('第 1 条：修改内容').selectOption({ label: '岗位与人数' })
  await returnSheet.getByRole('button', { name: '退回修改' }).tap()
  await expect(returnSheet.getByLabel('第 1 条：修改意见')).toHaveAccessibleDescription('请填写第 1 条：修改意见')
  await returnSheet.getByLabel('第 1 条：修改意见').fill('企业带教能力可容纳 8 人，请将计划人数调整为 8 人。')
  await checkScreen(page, testInfo, '07-bureau-return-sheet')
  await returnSheet.getByRole('button', { name: '退回修改' }).tap()
  await confirmStep(page, '确认退回修改', '确认退回')
  await expect(returnSheet).toBeHidden()
  await expect(page.locator('.plan-detail__status .plan-status')).toHaveText('已退回')

  // ---- school1 sees the reason beside the posts, changes 6 → 8 and resubmits
  await as(page, 'school1', `/plans/${planId}`)
  await expect(status(page)).toHaveText('已退回')
  await expect(page.getByTestId('return-reasons')).toContainText('岗位与人数')
  await expect(page.getByTestId('return-reasons')).toContainText('请将计划人数调整为 8 人')
  await page.getByRole('link', { name: '修改方案' }).tap()
  await expect(page).toHaveURL(new RegExp(`/plans/${planId}/edit$`))
  await expect(page.getByTestId('return-reasons')).toContainText('请将计划人数调整为 8 人')
  await page.getByRole('button', { name: '下一步' }).tap()
  await expect(page.getByTestId('posts-reason')).toContainText('请将计划人数调整为 8 人')
  await expect(page.getByLabel('计划人数')).toHaveValue('6')
  await page.getByLabel('计划人数').fill('8')
  await checkScreen(page, testInfo, '08-school-returned-edit')
  await page.getByRole('button', { name: '下一步' }).tap()
  await page.getByRole('button', { name: '下一步' }).tap()
  await page.getByRole('button', { name: '保存并检查' }).tap()
  await expect(page.getByTestId('check-summary')).toContainText('禁止性规则全部通过')
  await page.getByRole('button', { name: '提交企业会签' }).tap()
  await expect(page).toHaveURL(new RegExp(`/plans/${planId}$`))
  await expect(status(page)).toHaveText('待企业会签')

  await cosign('09-enterprise-cosign-again')
  await submit()

  // ---- county1 sees the diff 6 → 8 and approves
  await as(page, 'county1', '/plans/review')
  await page.getByTestId('review-queue').getByRole('link', { name: new RegExp(title) }).tap()
  const diff = page.getByTestId('diff')
  await expect(diff).toContainText('第 1 版（已退回）→ 第 2 版')
  const change = diff.locator('[data-kind="changed"]').filter({ hasText: '数控车床操作员' })
  await expect(change).toContainText('计划人数')
  await expect(change.locator('del')).toHaveText('修改前6 人')
  await expect(change.locator('ins')).toHaveText('修改后8 人')
  await expect(page.getByTestId('exemptions')).toContainText('没有需要豁免的规则')
  await checkScreen(page, testInfo, '10-bureau-review-diff')
  await page.getByRole('button', { name: '批准备案' }).tap()
  const approveSheet = page.getByRole('dialog', { name: '批准备案' })
  await approveSheet.getByLabel('审核意见（选填）').fill('方案内容完整，安全保障措施到位，同意备案。')
  await approveSheet.getByRole('button', { name: '批准备案' }).tap()
  await confirmStep(page, '确认批准备案', '确认批准')
  const filingNo = `511921-${year}-0001`
  await expect(page.getByTestId('filing-no')).toHaveText(`备案号 ${filingNo}`)
  await expect(page.locator('.plan-detail__status .plan-status')).toHaveText('已备案')
  await checkScreen(page, testInfo, '11-bureau-approved')

  // ---- school1's phone shows the filing number, and the record prints
  await as(page, 'school1', '/plans')
  await page.getByRole('tab', { name: '已备案' }).tap()
  const approved = page.getByTestId('plan-list').getByRole('link', { name: new RegExp(title) })
  await expect(approved.getByTestId('filing-no')).toHaveText(`备案号 ${filingNo}`)
  await checkScreen(page, testInfo, '12-school-list-approved')
  await approved.tap()
  await expect(page.getByTestId('filing-no')).toHaveText(`备案号 ${filingNo}`)
  await page.getByRole('link', { name: '查看备案表' }).tap()
  await expect(page).toHaveURL(new RegExp(`/plans/${planId}/record$`))
  const record = page.getByRole('article', { name: '实习方案备案表' })
  await expect(record.getByTestId('record-filing-no-cell')).toHaveText(filingNo)
  await expect(record).toContainText(title)
  await expect(record).toContainText('通江县职业高级中学')
  await expect(record).toContainText(`${startsOn} 至 ${endsOn}`)
  await expect(record).toContainText('通江县（511921）')
  await expect(record.getByTestId('record-instructors')).toContainText('赵明')
  await expect(record.getByTestId('record-mentors')).toContainText('孙师傅')
  const postRow = record.getByTestId('record-posts').getByRole('row').filter({ hasText: '数控车床操作员' })
  await expect(postRow).toContainText('巴中经开区精工机械有限公司')
  await expect(postRow).toContainText('8')
  await expect(postRow).toContainText('3400.00')
  await checkScreen(page, testInfo, '13-record')

  await page.evaluate(() => {
    ;(window as unknown as { printed: number }).printed = 0
    window.print = () => {
      ;(window as unknown as { printed: number }).printed++
    }
  })
  await page.getByRole('button', { name: '打印' }).tap()
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1)

  // Printed: no bars, no buttons, black on white.
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByRole('banner')).toBeHidden()
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeHidden()
  await expect(page.getByRole('button', { name: '打印' })).toBeHidden()
  expect(await record.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 255)')
  expect(await record.locator('td').first().evaluate((el) => getComputedStyle(el).color)).toBe('rgb(0, 0, 0)')
  await saveScreenshot(page, testInfo, '14-record-print')
  await page.emulateMedia({ media: 'screen' })
})

/** Signs in through the API (no browser cookie) and answers the bearer token. */
async function apiToken(request: APIRequestContext, username: string): Promise<{ token: string; orgId: string }> {
  const res = await request.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } })
  expect(res.status()).toBe(200)
  const body = await res.json()
  return { token: body.access_token, orgId: body.user.org_id }
}

test('a submission that breaks several rules shows every violation of the 422 at once', async ({ page, request }, testInfo) => {
  test.setTimeout(90_000)
  const title = `违规示例方案E2E${Date.now() % 100000}`
  // Set-up through the API: a plan paying below 80% (R-PAY, block) on a post
  // of another major category (R-MAJOR, override). The block rule stops the
  // co-sign request already; the override rule waits for the submission.
  const illegal = await draftPlan(request, `${title}（低薪）`, { planned_count: 4, pay_fen: 300000 }, '电子与信息大类')
  const refused = await request.post(`/api/v1/plans/${illegal.planId}/request-cosign`, { headers: illegal.auth })
  expect(refused.status()).toBe(422)
  const named = JSON.stringify(await refused.json())
  expect(named).toContain('"rule":"R-PAY"')
  expect(named).not.toContain('R-MAJOR')
  const { planId, auth } = await draftPlan(request, title, { planned_count: 4, pay_fen: 340000 }, '电子与信息大类')
  expect((await request.post(`/api/v1/plans/${planId}/request-cosign`, { headers: auth })).status()).toBe(200)
  const ent = await apiToken(request, 'ent1')
  const cosigned = await request.post(`/api/v1/plans/${planId}/cosign`, { headers: { Authorization: `Bearer ${ent.token}` } })
  expect(cosigned.status()).toBe(200)

  await as(page, 'school1', `/plans/${planId}`)
  await expect(status(page)).toHaveText('已会签')
  const checklist = page.getByRole('region', { name: '合规检查' })
  await expect(checklist.locator('[data-rule="R-PAY"]')).toHaveAttribute('data-state', 'pass')
  await expect(checklist.locator('[data-rule="R-MAJOR"]')).toHaveAttribute('data-state', 'fail')
  // Failures first, each named in one line with its effect; passes folded.
  await expect(checklist.getByTestId('check-failures')).toContainText(/^未通过 1 项：R-MAJOR /)
  const open = checklist.getByTestId('check-open').locator('[data-rule]')
  await expect(open).toHaveCount(1)
  await expect(open.nth(0)).toHaveAttribute('data-rule', 'R-MAJOR')
  await expect(open.nth(0).getByTestId('rule-effect')).toHaveText('可申请豁免')
  await expect(open.nth(0)).toContainText('第八条')
  const passed = checklist.getByTestId('check-passed')
  await expect(passed.locator('summary.rule-checklist__fold')).toHaveText(/^已通过 \d+ 项$/)
  await expect(passed.locator('[data-rule="R-VENUE"]')).toBeHidden()
  await passed.locator('summary.rule-checklist__fold').tap()
  await expect(passed.locator('[data-rule="R-VENUE"]')).toContainText('第十六条第（五）项')
  await expect(passed.locator('[data-rule="R-PAY"]')).toContainText('第十八条')
  await passed.locator('summary.rule-checklist__fold').tap()
  await saveScreenshot(page, testInfo, 'checklist-failures-first')

  // The sheet offers an exemption for the override rule.
  await page.getByRole('button', { name: '报送审核' }).tap()
  const sheet = page.getByRole('dialog', { name: '申请豁免并报送' })
  await expect(sheet).toContainText('R-MAJOR')
  await expect(sheet).not.toContainText('R-PAY')
  await saveScreenshot(page, testInfo, 'exemption-sheet')
  await sheet.getByRole('button', { name: '报送审核' }).tap()
  await confirmStep(page, '确认报送审核', '确认报送')

  // Without an exemption request the rule comes back in the 422.
  const violations = page.getByTestId('violations')
  await expect(violations).toContainText('以下 1 项规则未通过')
  await expect(violations.locator('[data-rule="R-MAJOR"]')).toContainText('可申请豁免')
  await expect(status(page)).toHaveText('已会签')
  await checkScreen(page, testInfo, 'violations')

  // Asking for the exemption sends the plan for review.
  await violations.getByRole('button', { name: '为可豁免项申请豁免' }).tap()
  await sheet.getByLabel('R-MAJOR 的豁免理由').fill('该岗位与专业核心课程高度相关，学校已安排专业教师跟岗指导。')
  await sheet.getByRole('button', { name: '报送审核' }).tap()
  await confirmStep(page, '确认报送审核', '确认报送')
  await expect(status(page)).toHaveText('待审核')
})

/** A drafted plan on 数控车床操作员, made through the API; answers its id and the school's auth header. */
async function draftPlan(
  request: APIRequestContext,
  title: string,
  line: { planned_count: number; pay_fen: number },
  majorCategory = '装备制造大类',
): Promise<{ planId: string; auth: Record<string, string> }> {
  const school = await apiToken(request, 'school1')
  const auth = { Authorization: `Bearer ${school.token}` }
  const hosts = await (await request.get(`/api/v1/schools/${school.orgId}/hosts`, { headers: auth })).json()
  const host = hosts.items.find((h: { enterprise_name: string }) => h.enterprise_name === '巴中经开区精工机械有限公司')
  const posts = await (await request.get(`/api/v1/enterprises/${host.enterprise_id}/posts`, { headers: auth })).json()
  const post = posts.items.find((p: { name: string }) => p.name === '数控车床操作员')
  const created = await request.post('/api/v1/plans', {
    headers: auth,
    data: {
      type: 'post',
      title,
      major: '数控技术应用',
      major_category: majorCategory,
      cohort: '2024级',
      starts_on: startsOn,
      ends_on: endsOn,
      content: '示例',
      safety_measures: '示例',
      emergency_plan: '示例',
      insurance_arrangement: '示例',
      posts: [{ post_id: post.id, ...line }],
    },
  })
  expect(created.status()).toBe(201)
  return { planId: (await created.json()).id, auth }
}

test('a cross-province plan: the school\'s own bureau consents, approves and records the provincial filing', async ({ page, request }, testInfo) => {
  test.setTimeout(120_000)
  const title = `跨省实习方案E2E${Date.now() % 100000}`
  // Set-up through the API: a host in Shenzhen on 通江's host list, a plan
  // on its post, co-signed by the host's new administrator and submitted.
  const school = await apiToken(request, 'school1')
  const auth = { Authorization: `Bearer ${school.token}` }
  const ent = await request.post('/api/v1/enterprises', {
    headers: auth,
    data: {
      name: `深圳鹏城智造有限公司${Date.now() % 100000}`,
      credit_code: creditCodeFor('91440300MA' + uniqueCreditCode().slice(10, 17)),
      division_code: '440300',
      address: '深圳市南山区科技园',
      lat: 22.54,
      lng: 113.93,
      datum: 'gcj02',
      fence_radius_m: 300,
      headcount: 2000,
      lowest_grade_wage_fen: 260000,
    },
  })
  expect(ent.status()).toBe(201)
  const enterpriseId = (await ent.json()).id
  expect(
    (
      await request.post(`/api/v1/schools/${school.orgId}/hosts`, {
        headers: auth,
        data: { enterprise_id: enterpriseId, assessed_on: addDays(today, -10), report: '赴深圳实地考察，条件符合', approved_on: addDays(today, -5) },
      })
    ).status(),
  ).toBe(201)
  const post = await request.post(`/api/v1/enterprises/${enterpriseId}/posts`, {
    headers: auth,
    data: {
      name: '智能产线操作员',
      major_category: '装备制造大类',
      headcount: 100,
      hours_per_day: 8,
      hours_per_week: 40,
      shift_start: '08:30',
      shift_end: '17:30',
      break_minutes: 60,
      labour_grade: 2,
      wage_fen: 500000,
    },
  })
  expect(post.status()).toBe(201)
  const created = await request.post('/api/v1/plans', {
    headers: auth,
    data: {
      type: 'post', title, major: '数控技术应用', major_category: '装备制造大类', cohort: '2024级', starts_on: startsOn, ends_on: endsOn,
      content: '智能产线跟岗', safety_measures: '岗前培训，企业导师带教', emergency_plan: '应急联络', insurance_arrangement: '学校投保',
      posts: [{ post_id: (await post.json()).id, planned_count: 5, pay_fen: 400000 }],
    },
  })
  expect(created.status()).toBe(201)
  const planId = (await created.json()).id
  expect((await request.post(`/api/v1/plans/${planId}/request-cosign`, { headers: auth })).status()).toBe(200)
  const admin = await apiToken(request, 'admin')
  const username = `pc${Date.now() % 1000000}`
  const user = await request.post('/api/v1/users', {
    headers: { Authorization: `Bearer ${admin.token}` },
    data: { username, password: 'Shenzhen-Host-2026', role: 'enterprise_admin', org_id: enterpriseId },
  })
  expect(user.status()).toBe(201)
  const hostLogin = await request.post('/api/v1/auth/login', { data: { username, password: 'Shenzhen-Host-2026' } })
  const hostToken = (await hostLogin.json()).access_token
  expect((await request.post(`/api/v1/plans/${planId}/cosign`, { headers: { Authorization: `Bearer ${hostToken}` } })).status()).toBe(200)
  expect((await request.post(`/api/v1/plans/${planId}/submit`, { headers: auth, data: {} })).status()).toBe(200)

  // ---- county1, the school's own competent bureau, consents first
  await as(page, 'county1', `/plans/${planId}/review`)
  const cross = page.getByTestId('review-cross-province')
  await expect(cross).toContainText('实习单位在省外')
  await expect(cross).toContainText('尚未同意')
  await page.getByRole('button', { name: '同意跨省（境外）实习' }).tap()
  const consent = page.getByRole('dialog', { name: '同意跨省（境外）实习' })
  await consent.getByLabel('意见（选填）').fill('同意赴深圳岗位实习，请学校全程管理。')
  await consent.getByRole('button', { name: '同意跨省（境外）实习' }).tap()
  await expect(cross).toContainText('主管教育行政部门已于')
  await expect(cross).toContainText('尚未登记省级备案')

  // ---- then approves, and records the provincial filing
  await page.getByRole('button', { name: '批准备案' }).tap()
  const approveSheet = page.getByRole('dialog', { name: '批准备案' })
  await approveSheet.getByRole('button', { name: '批准备案' }).tap()
  await confirmStep(page, '确认批准备案', '确认批准')
  await expect(page.getByRole('main').locator('.plan-status').first()).toHaveText('已备案')
  await page.getByRole('button', { name: '登记省级备案' }).tap()
  const filing = page.getByRole('dialog', { name: '登记省级备案' })
  await filing.getByLabel('备案日期').fill(today)
  await filing.getByLabel('备案文号').fill('川教备〔2026〕88号')
  await saveScreenshot(page, testInfo, 'provincial-filing-sheet')
  await filing.getByRole('button', { name: '登记省级备案' }).tap()
  await expect(cross).toContainText(`已于 ${today} 报省级教育行政部门备案，备案文号 川教备〔2026〕88号`)
  await expect(page.getByRole('button', { name: '登记省级备案' })).toHaveCount(0)
  await checkScreen(page, testInfo, 'cross-province-filed')

  // ---- the school reads the same record on its plan
  await as(page, 'school1', `/plans/${planId}`)
  await expect(page.getByRole('main')).toContainText('川教备〔2026〕88号')
})

test('the host declines with a reason, and the school sees it on the returned plan', async ({ page, request }, testInfo) => {
  const title = `会签退回示例E2E${Date.now() % 100000}`
  const { planId, auth } = await draftPlan(request, title, { planned_count: 3, pay_fen: 350000 })
  expect((await request.post(`/api/v1/plans/${planId}/request-cosign`, { headers: auth })).status()).toBe(200)

  await as(page, 'ent1', `/plans/${planId}`)
  await expect(status(page)).toHaveText('待企业会签')
  await page.getByRole('button', { name: '不同意' }).tap()
  const sheet = page.getByRole('dialog', { name: '不同意会签' })
  await sheet.getByRole('button', { name: '不同意' }).tap()
  await expect(sheet.getByLabel('不同意的理由')).toHaveAccessibleDescription('请填写不同意的理由')
  await sheet.getByLabel('不同意的理由').fill('三月为设备检修期，请将开始日期推迟到四月。')
  await saveScreenshot(page, testInfo, 'decline-sheet')
  await sheet.getByRole('button', { name: '不同意' }).tap()
  await confirmStep(page, '确认不同意会签', '确认不同意')
  await expect(status(page)).toHaveText('已退回')

  await as(page, 'school1', `/plans/${planId}`)
  await expect(page.getByTestId('return-reasons')).toContainText('巴中经开区精工机械有限公司不同意会签：三月为设备检修期')
  await expect(page.getByRole('link', { name: '修改方案' })).toBeVisible()
  await expect(page.getByRole('button', { name: '提交企业会签' })).toBeVisible()
})

test('plan screens fit phones from 360 to 430 px and guard by role', async ({ page, request }) => {
  const { planId } = await draftPlan(request, `窄屏示例E2E${Date.now() % 100000}`, { planned_count: 2, pay_fen: 340000 })
  await as(page, 'school1', '/plans')
  for (const path of ['/plans', '/plans/new', `/plans/${planId}`, `/plans/${planId}/edit`]) {
    if (new URL(page.url()).pathname !== path) await page.goto(path)
    await expect(page.getByRole('main').getByRole('heading').first()).toBeVisible()
    await settle(page)
    await expectFitsWidths(page, path)
  }
  // The edit page is open: its later steps.
  for (let step = 0; step < 3; step++) {
    await page.getByRole('button', { name: '下一步' }).tap()
    await expectFitsWidths(page, `edit step ${step + 2}`)
  }
  // The review queue and the list of every plan are the bureau's.
  for (const path of ['/plans/review', '/plans/all']) {
    await page.goto(path)
    await expect(page.getByRole('main').getByRole('heading', { name: '无权访问' })).toBeVisible()
  }
  // A city auditor sees the queue of the city bureau, and the 方案 tab leads there.
  await as(page, 'city1', '/plans')
  await expect(page).toHaveURL(/\/plans\/review$/)
  await expect(page.getByRole('main').getByRole('heading', { name: '审核队列' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('tab', { name: '方案' })).toHaveAttribute('aria-selected', 'true')
  await page.setViewportSize({ width: 360, height: 800 })
  await settle(page)
  expect(await hasHorizontalScroll(page), 'review queue at 360px').toBe(false)
})

test('a county auditor browses every plan of the county, filters them and opens one read-only', async ({ page }, testInfo) => {
  // The demo data gives 南江县小河职业中学 (county2's county, 511922) a plan in every state.
  await as(page, 'county2', '/plans')
  await expect(page).toHaveURL(/\/plans\/review$/)
  await expect(page.getByRole('tab', { name: '审核队列' })).toHaveAttribute('aria-selected', 'true')
  await page.getByRole('tab', { name: '全部方案' }).tap()
  await expect(page).toHaveURL(/\/plans\/all$/)
  const main = page.getByRole('main')
  await expect(main.getByRole('heading', { name: '全部方案' })).toBeVisible()
  await expect(page.getByRole('tab', { name: '全部方案' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('tab', { name: '方案' })).toHaveAttribute('aria-selected', 'true')

  const rows = page.getByTestId('browse-list').getByRole('link')
  await expect(rows.first()).toBeVisible()
  expect(await rows.count()).toBeGreaterThanOrEqual(7)
  await expect(rows.filter({ hasText: '南江县小河职业中学' }).first()).toBeVisible()
  // Every state from the first submission on is there; a school's unsent draft never is.
  await expect(rows.locator('.plan-status').filter({ hasText: /^草稿$/ })).toHaveCount(0)
  for (const name of ['待审核', '已退回', '已备案', '实施中', '已完成', '已撤销', '未通过']) {
    await expect(rows.locator('.plan-status').filter({ hasText: new RegExp(`^${name}$`) }).first()).toBeVisible()
  }
  await expect(rows.first()).toContainText(/\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/)
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, 'browse-all')

  // 已备案 only: the filed plan with its county's filing number.
  const statuses = main.getByRole('group', { name: '方案状态' })
  await statuses.getByRole('button', { name: '已备案', exact: true }).tap()
  await expect(page).toHaveURL(/\/plans\/all\?status=approved$/)
  await expect(rows.locator('.plan-status').filter({ hasNotText: /^已备案$/ })).toHaveCount(0)
  const filed = rows.filter({ has: page.getByTestId('filing-no').filter({ hasText: /^备案号 511922-\d{4}-\d{4}$/ }) })
  await expect(filed.first()).toBeVisible()
  await expect(filed.first()).toContainText('南江县小河职业中学')
  await checkScreen(page, testInfo, 'browse-approved')

  // Type and school narrow it further on the server.
  const types = main.getByRole('group', { name: '实习类型' })
  await types.getByRole('button', { name: '认识实习', exact: true }).tap()
  await expect(main).toContainText('没有符合条件的方案')
  await types.getByRole('button', { name: '岗位实习', exact: true }).tap()
  await expect(filed.first()).toBeVisible()
  await page.getByLabel('学校', { exact: true }).tap()
  await page.getByRole('dialog', { name: '选择学校' }).getByRole('button', { name: /南江县小河职业中学/ }).tap()
  await expect(page.getByLabel('学校', { exact: true })).toHaveValue('南江县小河职业中学')
  await expect(page).toHaveURL(/school_id=/)
  await expect(filed.first()).toBeVisible()

  // The row opens the review page, read-only for a plan already filed.
  const filingNo = (await filed.first().getByTestId('filing-no').textContent())!.trim()
  await filed.first().tap()
  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]{36}\/review$/)
  await expect(status(page)).toHaveText('已备案')
  await expect(page.getByTestId('filing-no')).toHaveText(filingNo)
  await expect(page.getByRole('region', { name: '方案内容' })).toBeVisible()
  // Filed: nothing to decide but a revocation, which asks before it acts (cancelled here).
  await expect(page.getByTestId('review-actions').getByRole('button')).toHaveText(['撤销备案'])
  await expect(page.getByRole('button', { name: '批准备案' })).toHaveCount(0)
  await page.getByTestId('review-actions').getByRole('button', { name: '撤销备案' }).tap()
  const revokeSheet = page.getByRole('dialog', { name: '撤销备案' })
  await revokeSheet.getByLabel('撤销备案的理由').fill('演示：不会真的撤销')
  await revokeSheet.getByRole('button', { name: '撤销备案' }).tap()
  const ask = page.getByRole('dialog', { name: '确认撤销备案' })
  await expect(ask).toContainText('备案失效')
  await ask.getByRole('button', { name: '取消' }).tap()
  await expect(ask).toBeHidden()
  await revokeSheet.getByRole('button', { name: '关闭' }).tap()
  await expect(status(page)).toHaveText('已备案')
  await checkScreen(page, testInfo, 'browse-review-readonly')

  // Back leads to the same filtered list, filters kept.
  await page.getByRole('link', { name: '返回' }).tap()
  await expect(page).toHaveURL(/\/plans\/all\?status=approved&type=post&school_id=/)
  await expect(statuses.getByRole('button', { name: '已备案', exact: true })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByLabel('学校', { exact: true })).toHaveValue('南江县小河职业中学')
  await expect(filed.first()).toBeVisible()

  // Fits a narrow phone; the queue tab leads back to the queue.
  await page.setViewportSize({ width: 360, height: 800 })
  await settle(page)
  expect(await hasHorizontalScroll(page), 'all plans at 360px').toBe(false)
  await page.getByRole('tab', { name: '审核队列' }).tap()
  await expect(page).toHaveURL(/\/plans\/review$/)
  await expect(main.getByRole('heading', { name: '审核队列' })).toBeVisible()
})

// The plan form checks the unsaved plan as the school types (nothing is
// saved), and an illegal plan is not sent to the host for co-signing: the
// refusal names every rule it breaks.
test('the plan form checks live while typing; an illegal plan is refused co-signing with its rules named', async ({ page }, testInfo) => {
  test.setTimeout(120_000)
  await as(page, 'school1', '/plans/new')
  await expect(page.getByLabel('方案名称')).toBeVisible()
  await page.getByLabel('方案名称').fill(`实时检查E2E${Date.now() % 100000}`)
  await page.getByLabel('专业', { exact: true }).fill('数控技术应用')
  // 专业大类 from the 19 of the 2021 catalogue, picked from a sheet.
  await page.getByRole('button', { name: '从专业目录中选择' }).tap()
  await page.getByRole('button', { name: '装备制造大类', exact: true }).tap()
  await expect(page.getByLabel('专业大类')).toHaveValue('装备制造大类')
  await page.getByLabel('年级').fill('2024级')
  await page.getByLabel('开始日期').fill(startsOn)
  await page.getByLabel('结束日期').fill(endsOn)
  await page.getByRole('button', { name: '下一步' }).tap()

  await page.getByLabel('添加实习岗位').tap()
  const sheet = page.getByRole('dialog', { name: '选择实习岗位' })
  await sheet.getByLabel('输入岗位或单位名称搜索').fill('数控')
  await sheet.getByRole('button', { name: /数控车床操作员.*巴中经开区精工机械有限公司/ }).tap()
  await page.getByLabel('计划人数').fill('6')
  // Below Art 18's 80% line: the rule fails on screen while the plan is unsaved.
  const checked = page.waitForResponse((r) => r.url().endsWith('/api/v1/plans/check') && r.request().method() === 'POST')
  await page.getByLabel('月实习报酬（元）').fill('3000')
  expect((await checked).status()).toBe(200)
  const issues = page.getByTestId('step-issues')
  await expect(issues).toContainText('实习报酬不低于同岗位工资的80%')
  await expect(page).toHaveURL(/\/plans\/new$/)
  await checkScreen(page, testInfo, 'live-check-pay-below')
  await page.getByLabel('月实习报酬（元）').fill('3400')
  await expect(issues.filter({ hasText: '实习报酬不低于同岗位工资的80%' })).toHaveCount(0)
  await page.getByLabel('月实习报酬（元）').fill('3000')
  await expect(issues).toContainText('实习报酬不低于同岗位工资的80%')
  await page.getByRole('button', { name: '下一步' }).tap()

  // Content only: the safety sections stay empty.
  await page.getByLabel('实习内容').fill('数控车床操作与工件检测。')
  await page.getByRole('button', { name: '下一步' }).tap()
  const checklist = page.getByRole('region', { name: '合规检查' })
  await expect(checklist.locator('[data-rule="R-PAY"]')).toHaveAttribute('data-state', 'fail')
  await expect(page.getByTestId('live-check-note')).toContainText('实时检查')
  await expect(page).toHaveURL(/\/plans\/new$/)

  await page.getByRole('button', { name: '保存并检查' }).tap()
  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]{36}\/edit/)
  await page.getByRole('button', { name: '提交企业会签' }).tap()
  const refused = page.getByTestId('cosign-refused')
  await expect(refused).toBeVisible()
  await expect(refused.locator('[data-rule="R-PAY"]')).toContainText('实习报酬')
  await expect(refused).toContainText('未填写安全保障措施')
  await expect(refused).toContainText('未填写应急预案')
  await expect(refused).toContainText('未填写保险安排')
  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]{36}\/edit/)
  await checkScreen(page, testInfo, 'cosign-refused')
})
