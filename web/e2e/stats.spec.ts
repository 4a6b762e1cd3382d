import { expect, test } from '@playwright/test'
import { checkScreen, expectNoSevereA11yViolations, settle, signIn } from './helpers'

// 数据看板 (issue 15): the city bureau (city1) opens its dashboard from the
// workspace, reads the same figures the API gives, exports them, and drills
// down 巴中市 → 南江县 → 南江县小河职业中学 → that school's placements.

interface Figures {
  review: { waiting: number }
  placements: Record<string, number>
  duty: { today_due: number; today_covered: number; week_due: number; week_covered: number }
  patrol_gaps: number
  incidents: { open: number }
  alerts: { open: number }
  findings: { overdue: number }
}

test('a city auditor reads its dashboard, exports it and drills down to a school’s placements', async ({ page }, testInfo) => {
  await signIn(page, 'city1')
  await settle(page)
  await checkScreen(page, testInfo, 'workspace')
  // The answer the page itself gets: the worker refreshes the figures every
  // few seconds, so a second request of the test's own could see newer ones.
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/stats/overview')
  await page.getByTestId('stats-entry').tap()
  await expect(page).toHaveURL(/\/stats$/)
  const res = await answer
  expect(res.status()).toBe(200)
  expect(res.request().headers()['authorization']).toMatch(/^Bearer /)
  const totals = ((await res.json()) as { totals: Figures }).totals
  await expect(page.getByTestId('stats-scope')).toHaveText('巴中市')
  await expect(page.getByTestId('stats-updated')).toContainText('统计日')

  // The headline cards say what the API says.
  const expected: Record<string, number> = {
    waiting: totals.review.waiting,
    active: totals.placements.active ?? 0,
    patrolGaps: totals.patrol_gaps,
    incidents: totals.incidents.open,
    alerts: totals.alerts.open,
    overdue: totals.findings.overdue,
  }
  for (const [key, value] of Object.entries(expected)) {
    await expect(page.getByTestId(`stat-${key}`).getByTestId('stat-value'), key).toHaveText(String(value))
  }
  const week = page.getByTestId('stat-dutyWeek')
  if (totals.duty.week_due > 0) await expect(week).toContainText(`应到 ${totals.duty.week_due} 班次，已到 ${totals.duty.week_covered}`)
  else await expect(week.getByTestId('stat-value')).toHaveText('—')

  await settle(page)
  await checkScreen(page, testInfo, 'city')
  await expectNoSevereA11yViolations(page)

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stats-export').tap()])
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/)

  // City → county → school, through the plain list under the chart.
  await page.getByTestId('stats-units-division').getByRole('link', { name: /南江县/ }).tap()
  await expect(page).toHaveURL(/\/stats\?division=511922$/)
  await expect(page.getByTestId('stats-scope')).toHaveText('南江县')
  await settle(page)
  await checkScreen(page, testInfo, 'county')

  await page.getByTestId('stats-units-school').getByRole('link', { name: /南江县小河职业中学/ }).tap()
  await expect(page).toHaveURL(/\/stats\?division=511922&school=[0-9a-f-]{36}$/)
  await expect(page.getByTestId('stats-scope')).toHaveText('南江县小河职业中学')
  await settle(page)
  await checkScreen(page, testInfo, 'school')

  await page.getByTestId('stats-school-placements').tap()
  await expect(page).toHaveURL(/\/placements\?school_id=[0-9a-f-]{36}&division=511922$/)
  await expect(page.getByTestId('placement-list').locator('li').first()).toBeVisible()
  await expect(page.getByTestId('placement-school-filter')).toContainText('南江县小河职业中学')
  await checkScreen(page, testInfo, 'placements')
})
