import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { expectNoSevereA11yViolations, hasHorizontalScroll, openAs, saveScreenshot } from './helpers'

// The school's roster: a rejected import lists every bad cell and changes
// nothing; a good one adds everybody; the school admin sees the full ID
// number (audited) and whole contacts, a county auditor only masked ones
// until 查看完整信息 (audited). A whole ID number is searched by POST and
// never appears in an address.

test.afterEach(async ({ page }, testInfo) => {
  if (page.url() !== 'about:blank') await saveScreenshot(page, testInfo)
})

// GB 11643, written again here rather than imported from src/, so that the
// tests do not share a bug with the code they test.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
function idNumber(region: string, birth: string, sequence: string): string {
  const first17 = `${region}${birth.replace(/-/g, '')}${sequence}`
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!
  return first17 + '10X98765432'[sum % 11]
}

/** Today in Asia/Shanghai as [year, month, day]. */
function today(): [number, number, number] {
  const text = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
  return text.split('-').map(Number) as [number, number, number]
}

const pad = (n: number) => String(n).padStart(2, '0')

/** A birth date that makes someone exactly `age` today (40 days past the birthday). */
function bornYearsAgo(age: number): string {
  const [y, m, d] = today()
  const at = new Date(Date.UTC(y - age, m - 1, d - 40))
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`
}

// Given names built from digits keep names unique within a run and still Chinese.
const GIVEN = '明华强伟芳娜静敏丽军'
let serial = 0
function uniqueTag(): string {
  return `${String(Date.now() % 1_000_000).padStart(6, '0')}${serial++ % 10}`
}
const chineseName = (surname: string, tag: string) => surname + [...tag.slice(-3)].map((c) => GIVEN[Number(c)]).join('')

const HEADER = '学号,姓名,身份证号,专业,专业大类,入学日期,班级,手机号,监护人姓名,监护人手机号'
type Row = [string, string, string, string, string, string, string, string, string, string]
const csv = (rows: Row[]) => Buffer.from(`${[HEADER, ...rows.map((r) => r.join(','))].join('\r\n')}\r\n`, 'utf8')

/** From the 我的 page, where the test stands, to the import page. */
async function openImport(page: Page): Promise<void> {
  await page.getByRole('region', { name: '管理' }).getByRole('button', { name: '学生名单' }).tap()
  await expect(page).toHaveURL(/\/students$/)
  await page.getByRole('link', { name: '批量导入' }).tap()
  await expect(page).toHaveURL(/\/students\/import$/)
  await expect(page.getByRole('main').getByRole('heading', { name: '批量导入学生' })).toBeVisible()
}

async function upload(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<void> {
  await page.locator('#import-file').setInputFiles({ name, mimeType, buffer })
  await expect(page.getByTestId('import-file-name')).toContainText(name)
  await page.getByRole('button', { name: '开始导入' }).tap()
}

/** Searches the roster and returns its rows. */
async function searchRoster(page: Page, q: string) {
  await page.goto('/students')
  await page.getByLabel('搜索学生').fill(q)
  return page.getByTestId('student-list').getByRole('listitem')
}

test('an import with errors lists every bad row and column and changes nothing', async ({ page }, testInfo) => {
  const tag = uniqueTag()
  const [y] = today()
  const enrolled = `${y - 3}-09-01`
  const goodName = chineseName('甲', tag)
  const rows: Row[] = [
    // Row 2: fine on its own.
    [`${tag}01`, goodName, idNumber('511922', bornYearsAgo(19), '011'), '数控技术应用', '装备制造大类', enrolled, `${y - 3}级数控1班`, '13800138001', '', ''],
    // Row 3: a wrong check character.
    [`${tag}02`, chineseName('乙', tag), (() => {
      const good = idNumber('511922', bornYearsAgo(18), '022')
      return good.slice(0, 17) + (good[17] === '1' ? '2' : '1')
    })(), '数控技术应用', '装备制造大类', enrolled, `${y - 3}级数控1班`, '', '', ''],
    // Row 4: born on 31 February (the check character matches, only the date is wrong).
    [`${tag}03`, chineseName('丙', tag), idNumber('511922', '2008-02-31', '033'), '数控技术应用', '装备制造大类', enrolled, `${y - 3}级数控1班`, '', '乙家长', '13900139003'],
    // Row 5: born next year.
    [`${tag}04`, chineseName('丁', tag), idNumber('511922', `${y + 1}-06-15`, '044'), '数控技术应用', '装备制造大类', enrolled, `${y - 3}级数控1班`, '', '丁家长', '13900139004'],
    // Row 6: the student number of row 2 again.
    [`${tag}01`, chineseName('戊', tag), idNumber('511922', bornYearsAgo(19), '055'), '数控技术应用', '装备制造大类', enrolled, `${y - 3}级数控1班`, '', '', ''],
  ]

  await openAs(page, 'school2', '/me')
  await openImport(page)
  await upload(page, `roster-${tag}.csv`, 'text/csv', csv(rows))

  const errors = page.getByTestId('import-errors')
  await expect(errors).toBeVisible()
  await expect(errors).toContainText('导入失败，未导入任何学生')
  const table = page.getByTestId('import-problems')
  await expect(table.getByRole('columnheader')).toHaveText(['行', '列', '问题'])
  const cells = table.locator('tbody tr')
  const listed = await cells.evaluateAll((trs) =>
    trs.map((tr) => [Number(tr.getAttribute('data-row')), tr.getAttribute('data-column') ?? '']),
  )
  // Every bad row and the column it is about.
  for (const expected of [
    [3, '身份证号'],
    [4, '身份证号'],
    [5, '身份证号'],
    [6, '学号'],
  ]) {
    expect(listed).toContainEqual(expected)
  }
  // Sorted by row.
  const rowNumbers = listed.map(([r]) => r as number)
  expect(rowNumbers).toEqual([...rowNumbers].sort((a, b) => a - b))
  // Every listed problem has a message a person can read.
  for (const text of await cells.locator('td:nth-child(3)').allInnerTexts()) expect(text.trim()).not.toBe('')
  await expect(page.getByRole('heading', { name: '导入失败，未导入任何学生' })).toBeFocused()
  expect(await hasHorizontalScroll(page)).toBe(false)
  await expectNoSevereA11yViolations(page)
  await saveScreenshot(page, testInfo, 'errors')

  // All or nothing: not even the good row 2 was imported.
  const found = await searchRoster(page, goodName)
  await expect(page.getByText('没有符合条件的学生')).toBeVisible()
  await expect(found).toHaveCount(0)
})

test('a good import adds everybody; the school sees the full ID, the county auditor a masked one', async ({ page }, testInfo) => {
  // Two users' whole walk through the roster, on a machine shared with others.
  test.setTimeout(60_000)
  const tag = uniqueTag()
  const [y] = today()
  const enrolled = `${y - 3}-09-01`
  const className = `${y - 3}级旅游${tag.slice(-3)}班`
  const people = [
    { age: 17, name: chineseName('赵', tag), no: `${tag}11`, seq: '113', guardian: ['赵家长', '13900139111'] }, // male
    { age: 18, name: chineseName('钱', tag), no: `${tag}12`, seq: '124', guardian: ['', ''] }, // female
    { age: 19, name: chineseName('孙', tag), no: `${tag}13`, seq: '135', guardian: ['', ''] }, // male
  ].map((p) => ({ ...p, id: idNumber('511922', bornYearsAgo(p.age), p.seq) }))
  const rows: Row[] = people.map((p) => [
    p.no,
    p.name,
    p.id,
    '旅游服务与管理',
    '旅游大类',
    enrolled,
    className,
    '',
    p.guardian[0]!,
    p.guardian[1]!,
  ])

  // Every address the page asks for, to prove no ID number is ever in one.
  const requested: string[] = []
  page.on('request', (req) => requested.push(req.url()))

  await openAs(page, 'school2', '/me')
  await openImport(page)
  expect(await hasHorizontalScroll(page)).toBe(false)
  await saveScreenshot(page, testInfo, 'import-page')
  await upload(page, `roster-${tag}.csv`, 'text/csv', csv(rows))

  const success = page.getByTestId('import-success')
  await expect(success).toBeVisible()
  await expect(page.getByTestId('import-counts')).toHaveText('新增 3 人，更新 0 人')
  await saveScreenshot(page, testInfo, 'success')

  // The new students are on the roster, in their class.
  await success.getByRole('link', { name: '查看学生名单' }).tap()
  await expect(page).toHaveURL(/\/students$/)
  await page.getByLabel('班级').selectOption(className)
  await expect(page).toHaveURL(/class=/)
  const list = page.getByTestId('student-list').getByRole('listitem')
  await expect(list).toHaveCount(3)
  for (const p of people) await expect(list.filter({ hasText: p.name })).toHaveCount(1)
  const minor = list.filter({ hasText: people[0]!.name })
  await expect(minor).toContainText('未成年')
  await expect(minor).toContainText(`男 · 17 岁`)
  await expect(minor).toContainText(`学号 ${people[0]!.no}`)
  // The list never shows a whole ID number; the school sees the guardian whole.
  await expect(minor).not.toContainText(people[0]!.id)
  await expect(minor.getByTestId('student-guardian')).toHaveText('监护人 赵家长 13900139111')
  await expect(list.filter({ hasText: people[1]!.name })).toContainText('女 · 18 岁')
  expect(await hasHorizontalScroll(page)).toBe(false)
  await expectNoSevereA11yViolations(page)
  await saveScreenshot(page, testInfo, 'list')

  // A whole ID number finds its student, through a POST body.
  const searched = page.waitForRequest((req) => req.url().endsWith('/api/v1/students/search') && req.method() === 'POST')
  const byId = await searchRoster(page, people[2]!.id)
  expect((await searched).postDataJSON()).toEqual({ id_number: people[2]!.id })
  await expect(byId).toHaveCount(1)
  await expect(byId).toContainText(people[2]!.name)

  // The school admin sees the whole number, with the note that the view is recorded.
  await byId.getByRole('link').tap()
  await expect(page).toHaveURL(/\/students\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('student-name')).toHaveText(people[2]!.name)
  await expect(page.getByTestId('student-id-number')).toHaveText(people[2]!.id)
  await expect(page.getByTestId('id-audit-note')).toContainText('已记录查看')
  await expect(page.getByTestId('student-facts')).toContainText(bornYearsAgo(19))
  await expect(page.getByTestId('student-facts')).toContainText(enrolled)
  expect(await hasHorizontalScroll(page)).toBe(false)
  await expectNoSevereA11yViolations(page)
  await saveScreenshot(page, testInfo, 'detail')

  // 开通账号, with the password rules shown as one types.
  await page.getByRole('button', { name: '开通账号' }).tap()
  const sheet = page.getByRole('dialog', { name: '开通学生账号' })
  await expect(sheet.getByLabel('用户名')).toHaveValue(people[2]!.no)
  await sheet.getByLabel('初始密码').fill('short')
  await sheet.getByRole('button', { name: '开通账号' }).tap()
  await expect(sheet.getByLabel('初始密码')).toHaveAccessibleDescription('密码不符合要求')
  await sheet.getByLabel('初始密码').fill('Student-E2E-2026')
  await expect(sheet.locator('[data-rule="length"]')).toHaveAttribute('data-met', 'true')
  await expectNoSevereA11yViolations(page)
  await saveScreenshot(page, testInfo, 'account')
  await sheet.getByRole('button', { name: '开通账号' }).tap()
  await expect(sheet).toBeHidden()
  await expect(page.getByTestId('student-account')).toContainText(people[2]!.no)
  await expect(page.getByRole('button', { name: '开通账号' })).toHaveCount(0)

  // The county auditor reads the roster of its schools: masked, no changes offered.
  await page.context().clearCookies()
  await openAs(page, 'county2', '/me')
  await page.getByRole('region', { name: '管理' }).getByRole('button', { name: '学生名单' }).tap()
  await expect(page).toHaveURL(/\/students$/)
  await expect(page.getByRole('link', { name: '添加学生' })).toHaveCount(0)
  await expect(page.getByRole('link', { name: '批量导入' })).toHaveCount(0)
  await page.getByLabel('搜索学生').fill(people[0]!.name)
  const seen = page.getByTestId('student-list').getByRole('listitem')
  await expect(seen).toHaveCount(1)
  await expect(seen).toContainText('南江县小河职业中学')
  // Contacts are masked in the auditor's list.
  await expect(seen.getByTestId('student-guardian')).toHaveText('监护人 赵** 139****9111')
  await expect(seen).not.toContainText('13900139111')
  await seen.getByRole('link').tap()
  await expect(page.getByTestId('student-name')).toHaveText(people[0]!.name)
  await expect(page.getByTestId('student-id-number')).not.toHaveText(people[0]!.id)
  await expect(page.getByTestId('student-id-number')).toContainText('*')
  await expect(page.getByTestId('id-audit-note')).toHaveCount(0)
  await expect(page.getByRole('link', { name: '修改信息' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: '开通账号' })).toHaveCount(0)
  const facts = page.getByTestId('student-facts')
  await expect(facts).toContainText('赵**')
  await expect(facts).toContainText('139****9111')
  await expect(facts).not.toContainText('13900139111')
  await expect(page.getByTestId('contact-audit-note')).toHaveCount(0)
  await saveScreenshot(page, testInfo, 'auditor')

  // 查看完整信息 opens them, and the page says the view is recorded.
  await page.getByRole('button', { name: '查看完整信息' }).tap()
  await expect(page.getByTestId('contact-audit-note')).toContainText('已记录查看')
  await expect(facts).toContainText('赵家长')
  await expect(facts).toContainText('13900139111')
  await expect(page.getByRole('button', { name: '查看完整信息' })).toHaveCount(0)
  expect(await hasHorizontalScroll(page)).toBe(false)
  await saveScreenshot(page, testInfo, 'auditor-contact')

  // No address the page asked for carried a whole ID number.
  for (const p of people) expect(requested.filter((url) => url.includes(p.id))).toEqual([])
})

test('a file that is not a spreadsheet is refused with a clear message', async ({ page }, testInfo) => {
  // The first bytes of a PNG image, named as if it were a workbook.
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e0f1f90000000049454e44ae426082', 'hex')
  await openAs(page, 'school2', '/students/import')
  await upload(page, 'roster.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', png)
  const errors = page.getByTestId('import-errors')
  await expect(errors).toContainText('导入失败，未导入任何学生')
  const fileErrors = page.getByTestId('import-file-errors').getByRole('listitem')
  await expect(fileErrors.first()).toBeVisible()
  expect((await fileErrors.first().innerText()).trim().length).toBeGreaterThan(4)
  await expect(page.getByTestId('import-problems')).toHaveCount(0)
  await saveScreenshot(page, testInfo, 'refused')

  // A file of another type never leaves the phone.
  await page.locator('#import-file').setInputFiles({ name: 'roster.png', mimeType: 'image/png', buffer: png })
  await expect(page.getByRole('alert')).toHaveText('只能导入 .csv 或 .xlsx 文件')
  await expect(page.getByTestId('import-errors')).toHaveCount(0)
})

test('the templates download with the session token', async ({ page }) => {
  await openAs(page, 'school2', '/students/import')
  await expect(page.getByTestId('required-columns')).toHaveText('学号、姓名、身份证号、专业、专业大类、入学日期、班级')

  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 Excel 模板' }).tap()])
  expect(xlsx.suggestedFilename()).toBe('学生名单导入模板.xlsx')
  const workbook = readFileSync((await xlsx.path())!)
  expect(workbook.subarray(0, 2).toString('latin1')).toBe('PK') // a zip container

  const [csvFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 CSV 模板' }).tap()])
  expect(csvFile.suggestedFilename()).toBe('学生名单导入模板.csv')
  const text = readFileSync((await csvFile.path())!).toString('utf8').replace(/^\uFEFF/, '')
  for (const column of HEADER.split(',')) expect(text.split(/\r?\n/)[0]).toContain(column)
})

test('the add form checks the ID number, derives gender and age, and asks a minor for a guardian', async ({ page }, testInfo) => {
  const tag = uniqueTag()
  const [y] = today()
  const name = chineseName('周', tag)
  const id = idNumber('511922', bornYearsAgo(16), '208') // even 17th digit: female
  await openAs(page, 'school2', '/students')
  await page.getByRole('link', { name: '添加学生' }).tap()
  await expect(page).toHaveURL(/\/students\/new$/)

  await page.getByLabel('学号').fill(`${tag}21`)
  await page.getByLabel('姓名', { exact: true }).fill(name)
  const idField = page.getByLabel('身份证号')
  await idField.fill(id.slice(0, 17) + (id[17] === '3' ? '4' : '3'))
  await page.getByLabel('专业', { exact: true }).fill('旅游服务与管理')
  await page.getByLabel('专业大类').fill('旅游大类')
  await page.getByLabel('班级').fill(`${y - 1}级旅游1班`)
  await page.getByLabel('入学日期').fill(`${y - 1}-09-01`)
  await page.getByRole('button', { name: '保存' }).tap()
  await expect(idField).toHaveAccessibleDescription(/身份证号校验位不正确/)
  await expect(idField).toBeFocused()

  // A valid number shows what it says at once, and makes the guardian required.
  await idField.fill(id.toLowerCase())
  await expect(idField).toHaveAccessibleDescription(`女 · 出生日期 ${bornYearsAgo(16)} · 16 岁`)
  await expect(page.getByTestId('guardian-note')).toContainText('未满 18 周岁')
  await page.getByRole('button', { name: '保存' }).tap()
  await expect(page.getByLabel('监护人姓名')).toHaveAccessibleDescription('学生未满 18 周岁，请填写监护人姓名')
  await expect(page.getByLabel('监护人手机号')).toHaveAccessibleDescription('学生未满 18 周岁，请填写监护人手机号')
  expect(await hasHorizontalScroll(page)).toBe(false)
  await expectNoSevereA11yViolations(page)
  await saveScreenshot(page, testInfo, 'form')

  await page.getByLabel('监护人姓名').fill('周家长')
  await page.getByLabel('监护人手机号').fill('13900139021')
  await page.getByRole('button', { name: '保存' }).tap()
  await expect(page).toHaveURL(/\/students\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('student-name')).toHaveText(name)
  await expect(page.getByTestId('student-id-number')).toHaveText(id)
  await expect(page.getByTestId('student-facts')).toContainText('女')
  await expect(page.getByTestId('student-facts')).toContainText('周家长')

  // Editing starts from what is stored, the whole ID number included.
  await page.getByRole('link', { name: '修改信息' }).tap()
  await expect(page).toHaveURL(/\/students\/[0-9a-f-]{36}\/edit$/)
  await expect(page.getByLabel('身份证号')).toHaveValue(id)
  await expect(page.getByLabel('监护人姓名')).toHaveValue('周家长')
  await page.getByLabel('手机号（选填）').fill('13700137021')
  await page.getByRole('button', { name: '保存' }).tap()
  await expect(page).toHaveURL(/\/students\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('student-facts')).toContainText('13700137021')

  // The same student number again is refused beside its field.
  await page.goto('/students/new')
  await page.getByLabel('学号').fill(`${tag}21`)
  await page.getByLabel('姓名', { exact: true }).fill(chineseName('吴', tag))
  await page.getByLabel('身份证号').fill(idNumber('511922', bornYearsAgo(19), '219'))
  await page.getByLabel('专业', { exact: true }).fill('旅游服务与管理')
  await page.getByLabel('专业大类').fill('旅游大类')
  await page.getByLabel('班级').fill(`${y - 1}级旅游1班`)
  await page.getByLabel('入学日期').fill(`${y - 1}-09-01`)
  await page.getByRole('button', { name: '保存' }).tap()
  await expect(page).toHaveURL(/\/students\/new$/)
  await expect(page.getByLabel('学号')).toHaveAttribute('aria-invalid', 'true')
})
