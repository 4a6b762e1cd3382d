import { expect, test, type Page } from '@playwright/test'
import {
  daysAgo,
  expectFitsWidths,
  expectNoSevereA11yViolations,
  hasHorizontalScroll,
  openAs,
  saveScreenshot,
  settle,
  uniqueCreditCode,
} from './helpers'

// One management form per role, each against the real server, plus the
// server's field errors shown beside their fields.

test.afterEach(async ({ page }, testInfo) => {
  if (page.url() !== 'about:blank') await saveScreenshot(page, testInfo)
})

/** Opens a 管理 entry of the 我的 page, where the test stands, by its name. */
async function openManage(page: Page, name: string): Promise<void> {
  await page.getByRole('region', { name: '管理' }).getByRole('button', { name }).tap()
}

test('platform admin creates a school in 南江县 and finds it in the list', async ({ page }, testInfo) => {
  const name = `南江县E2E职业学校${Date.now()}`
  await openAs(page, 'admin', '/me')
  await expect(page.getByRole('region', { name: '管理' }).getByRole('button')).toHaveText(['机构管理', '用户管理', '投诉处理'])
  await openManage(page, '机构管理')
  await expect(page).toHaveURL(/\/manage\/orgs$/)
  await expect(page.getByTestId('org-list').getByRole('listitem').first()).toBeVisible()

  await page.getByRole('link', { name: '新建机构' }).tap()
  await expect(page).toHaveURL(/\/manage\/orgs\/new$/)
  // Nothing filled in: every required field says so, nothing is sent.
  await page.getByRole('button', { name: '创建机构' }).tap()
  await expect(page.getByLabel('机构名称')).toHaveAccessibleDescription('请填写机构名称')
  await expect(page.getByLabel('行政区划', { exact: true })).toHaveAccessibleDescription('请选择行政区划')

  await page.getByRole('radio', { name: '学校' }).tap()
  await page.getByLabel('机构名称').fill(name)
  await page.getByLabel('行政区划', { exact: true }).tap()
  const sheet = page.getByRole('dialog', { name: '选择行政区划' })
  await sheet.getByLabel('输入名称或 6 位代码').fill('511922')
  await sheet.getByRole('button', { name: /南江县（511922）/ }).tap()
  await expect(sheet).toBeHidden()
  await expect(page.getByLabel('行政区划', { exact: true })).toHaveValue('南江县（511922）')
  expect(await hasHorizontalScroll(page)).toBe(false)
  await expectNoSevereA11yViolations(page)
  await saveScreenshot(page, testInfo, 'form')

  await page.getByRole('button', { name: '创建机构' }).tap()
  await expect(page).toHaveURL(/\/manage\/orgs$/)
  await page.getByRole('button', { name: '学校', exact: true }).tap()
  await page.getByLabel('搜索').fill(name)
  // The server filters by name: only the new school is left.
  const items = page.getByTestId('org-list').getByRole('listitem')
  await expect(items).toHaveCount(1)
  const card = items.filter({ hasText: name })
  await expect(card).toHaveCount(1)
  await expect(card).toContainText('南江县')
  await expect(card).toContainText('学校')
})

test('school admin creates a teacher account and sees it listed', async ({ page }) => {
  const username = `t${Date.now()}`
  // Through the login page and back is identity.spec.ts's deep-link test.
  await openAs(page, 'school1', '/manage/users')
  await expect(page.getByRole('main').getByRole('heading', { name: '账号管理' })).toBeVisible()

  await page.getByRole('link', { name: '新建账号' }).tap()
  // A school admin may create only teachers and students, in the own school.
  await expect(page.getByRole('radio')).toHaveText(['实习指导教师', '学生'])
  await expect(page.getByRole('main')).toContainText('通江县职业高级中学')
  await page.getByRole('radio', { name: '实习指导教师' }).tap()
  await page.getByLabel('用户名').fill(username.toUpperCase())
  await expect(page.getByLabel('用户名')).toHaveValue(username) // lower-cased while typing
  await page.getByLabel('姓名').fill('王老师')
  await page.getByLabel('初始密码').fill('Teach-E2E-2026')
  await page.getByLabel('手机号（选填）').fill('12345')
  await page.getByRole('button', { name: '创建账号' }).tap()
  await expect(page.getByLabel('手机号（选填）')).toHaveAccessibleDescription('请输入 11 位手机号码')
  await page.getByLabel('手机号（选填）').fill('13800138000')
  await page.getByRole('button', { name: '创建账号' }).tap()

  await expect(page).toHaveURL(/\/manage\/users$/)
  await page.getByLabel('搜索').fill(username)
  await expect(page.getByTestId('user-list').getByRole('listitem')).toHaveCount(1)
  const card = page.getByTestId('user-list').getByRole('listitem').filter({ hasText: username })
  await expect(card).toHaveCount(1)
  await expect(card).toContainText('王老师')
  await expect(card).toContainText('实习指导教师')
})

test('a taken username is reported under the username field', async ({ page }) => {
  await openAs(page, 'school1', '/manage/users/new')
  await page.getByRole('radio', { name: '学生' }).tap()
  await page.getByLabel('用户名').fill('teacher1')
  await page.getByLabel('姓名').fill('重名测试')
  await page.getByLabel('初始密码').fill('Dup-Name-2026')
  await page.getByRole('button', { name: '创建账号' }).tap()
  const username = page.getByLabel('用户名')
  await expect(username).toHaveAccessibleDescription(/用户名已被使用/)
  await expect(username).toHaveAttribute('aria-invalid', 'true')
  await expect(username).toBeFocused()
  await expect(page).toHaveURL(/\/manage\/users\/new$/)
})

test('school admin registers an enterprise with a valid credit code and sees it listed', async ({ page }, testInfo) => {
  const code = uniqueCreditCode()
  const name = `通江县E2E实习单位${code.slice(10, 17)}`
  await openAs(page, 'school1', '/me')
  await openManage(page, '实习单位')
  await expect(page).toHaveURL(/\/manage\/enterprises$/)
  await page.getByRole('link', { name: '登记实习单位' }).tap()

  await page.getByLabel('单位名称').fill(name)
  // A code with a wrong check character is caught on the phone.
  const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0')
  await page.getByLabel('统一社会信用代码').fill(wrong)
  await page.getByLabel('所属行业').fill('农产品加工')
  await page.getByLabel('在岗职工人数').fill('120')
  // Art 18: the host's lowest-grade wage, the second standard R-PAY accepts.
  await page.getByLabel('本单位最低档工资标准（元/月，选填）').fill('2200')
  // The school's own county is preselected.
  await expect(page.getByLabel('所在行政区划')).toHaveValue('通江县（511921）')
  await page.getByLabel('详细地址').fill('通江县诺江镇工业园 6 号')
  await page.getByLabel('纬度').fill('31.9120')
  await page.getByLabel('经度').fill('107.2450')
  await page.getByRole('radio', { name: '高德·腾讯地图 GCJ-02' }).tap()
  await expect(page.getByLabel('考勤范围半径（米）')).toHaveValue('300')
  await page.getByRole('button', { name: '添加一条记录' }).tap()
  await page.getByLabel('发生日期').fill(daysAgo(400))
  await page.getByLabel('情况摘要').fill('E2E：高处作业未系安全带，已罚款并整改')
  expect(await hasHorizontalScroll(page)).toBe(false)
  await expectNoSevereA11yViolations(page)

  await page.getByRole('button', { name: '提交登记' }).tap()
  await expect(page.getByLabel('统一社会信用代码')).toHaveAccessibleDescription('统一社会信用代码校验位不正确，请核对')
  await expect(page.getByLabel('统一社会信用代码')).toBeFocused()
  await saveScreenshot(page, testInfo, 'form')
  await page.getByLabel('统一社会信用代码').fill(code.toLowerCase())
  await page.getByRole('button', { name: '提交登记' }).tap()

  await expect(page).toHaveURL(/\/manage\/enterprises$/)
  await page.getByLabel('搜索').fill(code)
  await expect(page.getByTestId('enterprise-list').getByRole('listitem')).toHaveCount(1)
  const card = page.getByTestId('enterprise-list').getByRole('listitem').filter({ hasText: name })
  await expect(card).toHaveCount(1)
  await expect(card).toContainText(code)
  await expect(card).toContainText('存在禁止性情形') // the safety violation is on record
})

test('an already registered credit code offers the host list, and the host is added', async ({ page }) => {
  await openAs(page, 'school1', '/manage/enterprises/new')
  // 四川秦巴汽车零部件有限公司 of the demo data, not yet on the school's host list.
  await page.getByLabel('单位名称').fill('四川秦巴汽车零部件有限公司')
  await page.getByLabel('统一社会信用代码').fill('91511903MA62QB002C')
  await page.getByLabel('在岗职工人数').fill('300')
  await page.getByLabel('详细地址').fill('巴中市恩阳区工业园区')
  await page.getByLabel('纬度').fill('31.7890')
  await page.getByLabel('经度').fill('106.6380')
  await page.getByRole('button', { name: '提交登记' }).tap()

  const dialog = page.getByRole('dialog').filter({ hasText: '该企业已登记' })
  await expect(dialog).toContainText('该企业已登记')
  await expect(page.getByLabel('统一社会信用代码')).toHaveAccessibleDescription('该统一社会信用代码的企业已登记')
  await dialog.getByRole('button', { name: '加入合作单位名单' }).tap()

  await expect(page).toHaveURL(/\/manage\/hosts\/new\?enterprise_id=/)
  await expect(page.getByLabel('实习单位', { exact: true })).toHaveValue('四川秦巴汽车零部件有限公司')
  // Approval before assessment is refused on the phone.
  await page.getByLabel('实地考察日期').fill(daysAgo(5))
  await page.getByLabel('考察报告').fill('E2E：实地考察场地、安全条件与带教安排，符合要求。')
  await page.getByLabel('学校审批日期').fill(daysAgo(8))
  await page.getByRole('button', { name: '加入名单' }).tap()
  await expect(page.getByLabel('学校审批日期')).toHaveAccessibleDescription('审批日期不能早于考察日期')
  await page.getByLabel('学校审批日期').fill(daysAgo(2))
  await page.getByRole('button', { name: '加入名单' }).tap()

  await expect(page).toHaveURL(/\/manage\/hosts$/)
  const hosts = page.getByTestId('host-list').getByRole('listitem')
  await expect(hosts.filter({ hasText: '四川秦巴汽车零部件有限公司' })).toHaveCount(1)
  await expect(hosts.filter({ hasText: '巴中经开区精工机械有限公司' })).toHaveCount(1)
  expect(await hasHorizontalScroll(page)).toBe(false)
})

test('enterprise admin declares a post and sees it listed', async ({ page }) => {
  const name = `数控车床操作E2E${Date.now() % 100000}`
  await openAs(page, 'ent1', '/me')
  await expect(page.getByRole('region', { name: '管理' }).getByRole('button')).toHaveText(['岗位管理', '企业导师', '我的整改'])
  await openManage(page, '岗位管理')
  await expect(page).toHaveURL(/\/manage\/posts$/)
  await page.getByRole('link', { name: '新增岗位' }).tap()

  await page.getByLabel('岗位名称').fill(name)
  await page.getByLabel('对应专业大类').fill('装备制造大类')
  await page.getByLabel('岗位在岗人数').fill('40')
  await page.getByLabel('每日工作时长（小时）').fill('8')
  await page.getByLabel('每周工作时长（小时）').fill('40')
  await page.getByLabel('上班时间').fill('08:00')
  await page.getByLabel('下班时间').fill('17:00')
  // Art 17: nine hours on site with an hour's break is eight hours of work.
  await expect(page.getByLabel('班中休息（分钟）')).toHaveValue('60')
  await page.getByRole('radio', { name: 'Ⅱ级' }).tap()
  await page.getByRole('checkbox', { name: '高处' }).tap()
  await page.getByRole('checkbox', { name: '未成年人禁止从事' }).tap()
  await page.getByLabel('同岗位参考工资（元/月）').fill('4200.5')
  expect(await hasHorizontalScroll(page)).toBe(false)
  await page.getByRole('button', { name: '保存岗位' }).tap()

  await expect(page).toHaveURL(/\/manage\/posts$/)
  const card = page.getByTestId('post-list').getByRole('listitem').filter({ hasText: name })
  await expect(card).toHaveCount(1)
  await expect(card).toContainText('08:00–17:00')
  await expect(card).toContainText('4200.50 元/月') // 420050 fen, back in yuan
  await expect(card).toContainText('强度Ⅱ级')
  await expect(card).toContainText('高处')
  await expect(card).toContainText('未成年人禁止从事')
})

test('enterprise admin creates a mentor of the own enterprise', async ({ page }) => {
  const username = `m${Date.now()}`
  await openAs(page, 'ent1', '/me')
  await openManage(page, '企业导师')
  await expect(page.getByRole('main').getByRole('heading', { name: '企业导师' })).toBeVisible()
  await expect(page.getByTestId('user-list')).toContainText('mentor1')
  await page.getByRole('link', { name: '新建企业导师' }).tap()
  await expect(page.getByRole('radio')).toHaveCount(0) // the role is fixed
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('姓名').fill('李师傅')
  await page.getByLabel('初始密码').fill('Mentor-E2E-2026')
  await page.getByRole('button', { name: '创建账号' }).tap()
  await expect(page).toHaveURL(/\/manage\/users$/)
  await expect(page.getByTestId('user-list').getByRole('listitem').filter({ hasText: username })).toContainText(
    '企业导师',
  )
})

test('a bureau auditor sees the organisations read-only', async ({ page }) => {
  await openAs(page, 'county1', '/me')
  await expect(page.getByRole('region', { name: '管理' }).getByRole('button')).toHaveText(['数据看板', '机构列表', '学生名单', '跟岗覆盖', '突发事件', '投诉处理', '专项检查', '整改台账'])
  await openManage(page, '机构列表')
  await expect(page.getByTestId('org-list')).toContainText('通江县职业高级中学')
  await expect(page.getByRole('link', { name: '新建机构' })).toHaveCount(0)
  await page.goto('/manage/orgs/new')
  await expect(page.getByRole('main').getByRole('heading', { name: '无权访问' })).toBeVisible()
})

test('management pages fit phones from 360 to 430 px wide', async ({ page }, testInfo) => {
  const paths = ['/me', '/manage/users', '/manage/users/new', '/manage/enterprises/new', '/manage/hosts', '/me/sessions']
  await openAs(page, 'school1', paths[0])
  for (const path of paths) {
    if (new URL(page.url()).pathname !== path) await page.goto(path)
    await expect(page.getByRole('main').getByRole('heading').first()).toBeVisible()
    await settle(page)
    await expectFitsWidths(page, path)
  }
  await page.setViewportSize({ width: 360, height: 800 })
  await page.goto('/manage/enterprises/new')
  await page.getByRole('button', { name: '添加一条记录' }).tap()
  await page.getByRole('button', { name: '提交登记' }).tap()
  await expect(page.getByLabel('单位名称')).toHaveAccessibleDescription('请填写单位名称')
  expect(await hasHorizontalScroll(page)).toBe(false)
  await saveScreenshot(page, testInfo, 'enterprise-form-360')
})
