import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { checkScreen, daysAgo, DEMO_PASSWORD, expectNoSevereA11yViolations, openAs } from './helpers'

// Teacher on-site duty (跟岗值守, domain.md §5.3) on a phone against the real
// server: school1 assigns teacher1 a roster at 精工机械 that covers every day
// and hour (so the run does not depend on the clock), teacher1 checks in
// inside and outside the fence with an emulated GPS, a GCJ-02 position is
// converted into the fence, a check-in made offline is sent later exactly
// once, the page opens with no network at all, and the schools and bureaus
// see the demo's doubtful check-ins with their signals.

// The machines that run this share their cores: a form walk with an axe
// scan and screenshots can take longer than the default 30 s.
test.describe.configure({ timeout: 60_000 })

const SITE = '巴中经开区精工机械有限公司'
const WINDOW = '值守时段 00:00–23:59'
const today = daysAgo(0)

interface Roster {
  id: string
  teacher_name: string
  enterprise_name: string
  lat: number
  lng: number
  fence_radius_m: number
  window_start: string
  window_end: string
  status: string
}

interface Checkin {
  id: string
  kind: string
  in_fence: boolean
  distance_m: number
  anomalies: string[]
}

/** An access token of a demo account, for reading what the pages wrote. */
async function tokenOf(request: APIRequestContext, username: string): Promise<string> {
  const res = await request.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } })
  expect(res.ok()).toBe(true)
  return ((await res.json()) as { access_token: string }).access_token
}

async function apiGet<T>(request: APIRequestContext, token: string, path: string): Promise<T> {
  const res = await request.get(path, { headers: { Authorization: `Bearer ${token}` } })
  expect(res.ok(), `${path}: ${res.status()}`).toBe(true)
  return (await res.json()) as T
}

/**
 * The roster this spec assigns: teacher1 at 精工机械, all day, every day.
 * The first test creates it through the school's page; should that test
 * have failed, it is created here through the API, so that one broken form
 * does not hide whether check-ins work.
 */
async function e2eRoster(request: APIRequestContext): Promise<Roster> {
  const token = await tokenOf(request, 'school1')
  const find = async () => {
    const list = await apiGet<{ items: Roster[] }>(request, token, '/api/v1/duty/rosters?status=active&limit=200')
    return list.items.find((x) => x.enterprise_name === SITE && x.window_start === '00:00' && x.window_end === '23:59')
  }
  const found = await find()
  if (found) return found
  const me = await apiGet<{ org_id: string }>(request, token, '/api/v1/auth/me')
  const teachers = await apiGet<{ items: { id: string; username: string }[] }>(request, token, '/api/v1/users?role=teacher&q=teacher1')
  const hosts = await apiGet<{ items: { enterprise_id: string; enterprise_name: string }[] }>(request, token, `/api/v1/schools/${me.org_id}/hosts`)
  const res = await request.post('/api/v1/duty/rosters', {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      teacher_id: teachers.items.find((u) => u.username === 'teacher1')!.id,
      enterprise_id: hosts.items.find((h) => h.enterprise_name === SITE)!.enterprise_id,
      starts_on: today,
      ends_on: today,
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      window_start: '00:00',
      window_end: '23:59',
    },
  })
  expect(res.status()).toBe(201)
  return (await find())!
}

async function checkinsOf(request: APIRequestContext, rosterId: string): Promise<Checkin[]> {
  const token = await tokenOf(request, 'teacher1')
  const list = await apiGet<{ items: Checkin[] }>(request, token, `/api/v1/duty/checkins?roster_id=${rosterId}&from=${today}&to=${today}`)
  return list.items
}

/** A point `metres` north of the site (1° of latitude ≈ 111 km). */
function north(r: Roster, metres: number): { latitude: number; longitude: number; accuracy: number } {
  return { latitude: r.lat + metres / 111_320, longitude: r.lng, accuracy: 10 }
}

// WGS-84 → GCJ-02, the public formula, written again here so the test does
// not share a bug with the server's conversion.
function wgsToGcj(lat: number, lng: number): [number, number] {
  const a = 6378245.0
  const ee = 0.00669342162296594323
  const x = lng - 105.0
  const y = lat - 35.0
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  dLat += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0
  dLat += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0
  dLat += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0
  let dLng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  dLng += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0
  dLng += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0
  dLng += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0
  const radLat = (lat / 180.0) * Math.PI
  let magic = Math.sin(radLat)
  magic = 1 - ee * magic * magic
  const sqrtMagic = Math.sqrt(magic)
  dLat = (dLat * 180.0) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI)
  dLng = (dLng * 180.0) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI)
  return [lat + dLat, lng + dLng]
}

/** teacher1's duty page with the emulated GPS at `at`. */
async function openDuty(page: Page, at: { latitude: number; longitude: number; accuracy: number }): Promise<void> {
  await page.context().grantPermissions(['geolocation'])
  await page.context().setGeolocation(at)
  await openAs(page, 'teacher1', '/')
  await page.getByRole('navigation', { name: '主导航' }).getByRole('tab', { name: '跟岗' }).tap()
  await expect(page).toHaveURL(/\/duty$/)
}

const card = (page: Page) => page.getByTestId('duty-card').filter({ hasText: WINDOW })

test('the school assigns teacher1 to on-site duty at a host of its list', async ({ page }, testInfo) => {
  await openAs(page, 'school1', '/me')
  await page.getByRole('button', { name: '值守安排' }).tap()
  await expect(page).toHaveURL(/\/duty\/rosters$/)
  await page.getByRole('link', { name: '新建值守安排' }).tap()

  await page.getByLabel('实习指导教师', { exact: true }).tap()
  const teachers = page.getByRole('dialog', { name: '选择实习指导教师' })
  await teachers.getByRole('button', { name: /赵明/ }).tap()
  await expect(page.getByLabel('实习指导教师', { exact: true })).toHaveValue('赵明')
  await page.getByLabel('值守单位', { exact: true }).tap()
  const hosts = page.getByRole('dialog', { name: '选择值守单位' })
  await hosts.getByRole('button', { name: new RegExp(SITE) }).tap()
  await expect(page.getByLabel('值守单位', { exact: true })).toHaveValue(SITE)
  await expect(page.getByLabel('开始日期')).toHaveValue(today)
  // Every day and hour, so the teacher's tests below hold whenever they run.
  await page.getByRole('checkbox', { name: '周六' }).tap()
  await page.getByRole('checkbox', { name: '周日' }).tap()
  await page.getByLabel('值守开始时间').fill('00:00')
  await page.getByLabel('值守结束时间').fill('23:59')
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, 'form')
  await page.getByRole('button', { name: '保存安排' }).tap()

  await expect(page).toHaveURL(/\/duty\/rosters$/)
  const item = page.getByTestId('roster-list').getByRole('listitem').filter({ hasText: WINDOW })
  await expect(item).toHaveCount(1)
  await expect(item).toContainText(`赵明 · ${SITE}`)
  await expect(item).toContainText('每周一、二、三、四、五、六、日')
  await expect(item).toContainText('值守中')
  await checkScreen(page, testInfo, 'list')
})

test('teacher1 checks in at the gate: in the fence, distance shown', async ({ page, request }, testInfo) => {
  const r = await e2eRoster(request)
  await openDuty(page, north(r, 40))
  const duty = card(page)
  await expect(duty).toContainText('待签到')
  await expect(duty).toContainText('到达实习单位后点击签到')
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, 'before')

  await duty.getByRole('button', { name: new RegExp(`签到\\s*${SITE}`) }).tap()
  const result = duty.getByTestId('duty-result')
  await expect(result).toContainText('签到成功')
  await expect(result).toContainText(/距离值守地点 (3\d|4\d) 米/)
  await expect(result).toContainText('在考勤范围内')
  // The next thing to do is leave: the button turns into 签退.
  await expect(duty.getByRole('button', { name: new RegExp(`签退\\s*${SITE}`) })).toBeVisible()
  await expect(duty.getByTestId('duty-status')).toHaveText('已签到')
  await checkScreen(page, testInfo, 'after')

  const rows = await checkinsOf(request, r.id)
  expect(rows.filter((c) => c.kind === 'in' && c.in_fence)).toHaveLength(1)
})

test('a check-out 5 km away is out of the fence and says why it is doubtful', async ({ page, request }, testInfo) => {
  const r = await e2eRoster(request)
  await openDuty(page, north(r, 5000))
  const duty = card(page)
  await duty.getByRole('button', { name: new RegExp(`签退\\s*${SITE}`) }).tap()
  const result = duty.getByTestId('duty-result')
  await expect(result).toContainText('签退成功')
  await expect(result).toContainText('不在考勤范围内')
  await expect(result).toContainText(/距离值守地点 (49\d\d|50\d\d) 米/)
  // 5 km within seconds of the check-in at the gate.
  await expect(result).toContainText('以下情况将提示学校核实')
  await expect(result).toContainText('与上一次打卡相比移动速度不可能')
  await checkScreen(page, testInfo, 'result')
})

test('a GCJ-02 position of the gate is converted into the fence', async ({ request }) => {
  const r = await e2eRoster(request)
  const token = await tokenOf(request, 'teacher1')
  const [gLat, gLng] = wgsToGcj(r.lat, r.lng)
  const post = async (datum: string, key: string) => {
    const now = new Date().toISOString()
    const res = await request.post('/api/v1/duty/checkins', {
      headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
      data: { roster_id: r.id, kind: 'in', lat: gLat, lng: gLng, accuracy_m: 5, datum, client_time: now, sent_at: now },
    })
    expect(res.status()).toBe(201)
    return (await res.json()) as Checkin
  }
  const stamp = Date.now().toString(36)
  // The same numbers read as WGS-84 lie hundreds of metres off: the offset is real.
  const raw = await post('wgs84', `e2e-gcj-raw-${stamp}`)
  expect(raw.distance_m).toBeGreaterThan(r.fence_radius_m + 5)
  expect(raw.in_fence).toBe(false)
  const converted = await post('gcj02', `e2e-gcj-conv-${stamp}`)
  expect(converted.in_fence).toBe(true)
  expect(converted.distance_m).toBeLessThan(10)
})

test('a check-in made offline waits as 待上传 and is stored exactly once when the network returns', async ({ page, request }, testInfo) => {
  const r = await e2eRoster(request)
  await openDuty(page, north(r, 60))
  const before = (await checkinsOf(request, r.id)).length
  const duty = card(page)
  await expect(duty.getByTestId('duty-press')).toBeEnabled()

  await page.context().setOffline(true)
  await expect(page.getByTestId('duty-offline')).toBeVisible()
  await duty.getByTestId('duty-press').tap()
  await expect(duty.getByTestId('duty-result')).toContainText('已保存，待上传')
  const outbox = page.getByTestId('duty-outbox')
  await expect(outbox).toContainText('待上传（1）')
  await expect(outbox).toContainText(SITE)
  await expect(duty.locator('.card__head')).toContainText('待上传')
  await checkScreen(page, testInfo, 'offline')

  // Back online, the first send reaches the server but its answer is lost
  // on the way back, as on a bad signal: the phone must send again with the
  // same key, and the server must not count it twice.
  let lost = 0
  await page.route('**/api/v1/duty/checkins', async (route) => {
    const sent = route.request()
    if (sent.method() !== 'POST' || lost > 0) return route.fallback()
    lost++
    // The very request the phone sent reaches the server…
    const stored = await request.post(sent.url(), { headers: sent.headers(), data: sent.postDataBuffer() ?? undefined })
    expect(stored.status()).toBe(201)
    // …and its answer never comes back.
    await route.abort('internetdisconnected')
  })
  await page.context().setOffline(false)
  await expect.poll(() => lost).toBe(1)
  await expect(outbox).toContainText('待上传（1）')
  expect(await checkinsOf(request, r.id)).toHaveLength(before + 1)
  await page.unroute('**/api/v1/duty/checkins')
  await outbox.getByRole('button', { name: '立即上传' }).tap()

  await expect(outbox).toBeHidden()
  await expect(duty.getByTestId('duty-result')).toContainText('成功')
  await expect(duty.getByTestId('duty-result')).toContainText('在考勤范围内')
  await checkScreen(page, testInfo, 'sent')
  const after = await checkinsOf(request, r.id)
  expect(after).toHaveLength(before + 1)
  // Reloading sends nothing more: the outbox on the phone is empty.
  await page.reload()
  await expect(card(page)).toBeVisible()
  await expect(page.getByTestId('duty-outbox')).toBeHidden()
  expect(await checkinsOf(request, r.id)).toHaveLength(before + 1)
})

test.describe('with the service worker', () => {
  test.use({ serviceWorkers: 'allow' })

  test('the duty page opens with no network and sends its check-in later', async ({ page, request }, testInfo) => {
    const r = await e2eRoster(request)
    await openDuty(page, north(r, 30))
    await expect(card(page)).toBeVisible()
    // Installed and in control, with the duty page's code in its cache.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
    await expect
      .poll(() => page.evaluate(async () => (await caches.keys()).some((k) => k.startsWith('huhang-'))))
      .toBe(true)
    const manifest = await request.get('/manifest.webmanifest')
    expect(manifest.headers()['cache-control']).toBe('no-cache')
    expect(await manifest.json()).toMatchObject({ short_name: '护航', display: 'standalone' })
    const before = (await checkinsOf(request, r.id)).length

    await page.context().setOffline(true)
    const response = await page.reload()
    expect(response?.fromServiceWorker()).toBe(true)
    const duty = card(page)
    await expect(duty).toBeVisible()
    await expect(page.getByTestId('duty-offline')).toBeVisible()
    await duty.getByTestId('duty-press').tap()
    await expect(page.getByTestId('duty-outbox')).toContainText('待上传（1）')
    await checkScreen(page, testInfo, 'offline')

    await page.context().setOffline(false)
    await expect(page.getByTestId('duty-outbox')).toBeHidden({ timeout: 15_000 })
    await expect(page.getByTestId('duty-offline')).toBeHidden()
    expect(await checkinsOf(request, r.id)).toHaveLength(before + 1)
  })
})

test('the school opens a missed duty from its to-do and sees the doubtful check-ins with their signals', async ({ page }, testInfo) => {
  await openAs(page, 'school2', '/')
  // The demo's teacher2 missed a day this week: the to-do leads to his roster.
  const todo = page.getByRole('link', { name: /跟岗缺勤：钱志远/ })
  await expect(todo).toBeVisible()
  await todo.tap()
  await expect(page).toHaveURL(/\/duty\/coverage\?roster_id=/)
  await expect(page.getByRole('main')).toContainText('只显示此值守安排')
  await page.getByRole('button', { name: '近 31 天' }).tap()
  const row = page.getByTestId('coverage-row').filter({ hasText: '钱志远 · 南江县光雾山旅游服务有限公司' })
  await expect(row).toHaveCount(1)
  const doubts = row.getByTestId('coverage-doubts')
  for (const signal of ['未签到即签退', '与上一次打卡相比移动速度不可能', '夜间（22:00–06:00）', '手机时间与服务器相差超过5分钟']) {
    await expect(doubts).toContainText(signal)
  }
  await expect(row).toContainText(/缺勤：\d\d-\d\d/)
  await expect(row.getByRole('img', { name: /存疑$/ }).first()).toBeVisible()
  await expectNoSevereA11yViolations(page)
  await checkScreen(page, testInfo, 'coverage')
})

test('a bureau reads coverage across its schools and narrows it to one', async ({ page }, testInfo) => {
  await openAs(page, 'city1', '/me')
  await page.getByRole('button', { name: '跟岗覆盖' }).tap()
  await expect(page).toHaveURL(/\/duty\/coverage$/)
  const rows = page.getByTestId('coverage-row')
  await expect(rows.filter({ hasText: '南江县小河职业中学' }).first()).toBeVisible()
  await expect(rows.filter({ hasText: '通江县职业高级中学' }).first()).toBeVisible()
  await page.getByLabel('学校', { exact: true }).tap()
  const sheet = page.getByRole('dialog', { name: '选择学校' })
  await sheet.getByLabel('输入机构名称搜索').fill('小河')
  await sheet.getByRole('button', { name: /南江县小河职业中学/ }).tap()
  await expect(rows.filter({ hasText: '通江县职业高级中学' })).toHaveCount(0)
  await expect(rows.filter({ hasText: '南江县小河职业中学' }).first()).toBeVisible()
  await checkScreen(page, testInfo, 'coverage')
})

test('the school cancels the roster, with a reason', async ({ page }) => {
  await openAs(page, 'school1', '/duty/rosters')
  const item = page.getByTestId('roster-list').getByRole('listitem').filter({ hasText: WINDOW })
  await item.getByRole('button', { name: '取消安排' }).tap()
  const sheet = page.getByRole('dialog', { name: '取消值守安排' })
  await sheet.getByRole('button', { name: '确认取消' }).tap()
  await expect(sheet.getByLabel('取消原因')).toHaveAccessibleDescription('请填写取消原因')
  await sheet.getByLabel('取消原因').fill('端到端测试结束')
  await sheet.getByRole('button', { name: '确认取消' }).tap()
  await expect(sheet).toBeHidden()
  await expect(page.getByTestId('roster-list').getByRole('listitem').filter({ hasText: WINDOW })).toHaveCount(0)
  await page.getByRole('button', { name: '已取消' }).tap()
  await expect(page.getByTestId('roster-list').getByRole('listitem').filter({ hasText: WINDOW })).toContainText('已取消：端到端测试结束')
})
