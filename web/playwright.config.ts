import { readdirSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// Debian's Chromium, not a Playwright-downloaded build: the machines that run
// these tests can reach no browser download host.
const chromium = process.env.HUHANG_E2E_CHROMIUM ?? '/usr/bin/chromium'
// HUHANG_E2E_PORT lets two checkouts run their browser tests side by side;
// each of the two halves below gets its own server and database on that
// port and the next one.
const firstPort = Number(process.env.HUHANG_E2E_PORT ?? '18080')
const baseURLOf = (half: number) => `http://127.0.0.1:${firstPort + half}`

// The specs act on the demo database, in file order, and some take away
// what a later one looks for (the workspace test wants the demo's to-dos
// untouched). So the suite runs as two halves, each one file at a time on
// its own server and database, side by side on the two cores CI has.
// The halves carry about the same test time, measured; on two cores both
// halves' browsers and servers share the CPU, so the total is what counts.
const halves = [
  ['complaints', 'identity', 'manage', 'perf', 'plans', 'security', 'shell', 'supervision-records'],
  ['alerts', 'duty', 'inspections', 'placements', 'stats', 'students', 'supervision-students'],
]
// A new spec must be given to a half, or it would silently never run.
const unassigned = readdirSync(new URL('./e2e', import.meta.url))
  .filter((f) => f.endsWith('.spec.ts'))
  .filter((f) => !halves.flat().includes(f.replace(/\.spec\.ts$/, '')))
if (unassigned.length > 0) throw new Error(`playwright.config.ts: give ${unassigned.join(', ')} to a half`)

const phone = {
  browserName: 'chromium' as const,
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
}

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: halves.length,
  reporter: 'list',
  // Long flows on two busy cores: CI runs both halves side by side.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: './test-results',
  use: {
    headless: true,
    // A failed test keeps its trace: every step with the DOM as it stood,
    // which the trace viewer draws with the page's own CSS. Not the
    // screencast: a JPEG of every frame the phone paints, at its pixel
    // ratio, cost a quarter of the suite's CPU on the two CI cores.
    trace: { mode: 'retain-on-failure', screenshots: false },
    // The phone asks for reduced motion, which the client honours
    // (styles.css): Vant's sheets, dialogs and toasts open and close at
    // once, and no transition is left painting frames while a test waits
    // for it to settle.
    reducedMotion: 'reduce',
    // The client registers a service worker that serves built assets from
    // its cache; page.route() cannot see those requests and a first load
    // would no longer be a first load. Specs about offline use allow it.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: halves.map((files, half) => ({
    name: `phone-${half + 1}`,
    testMatch: files.map((f) => `${f}.spec.ts`),
    workers: 1,
    use: { ...phone, baseURL: baseURLOf(half) },
  })),
  webServer: halves.map((_, half) => ({
    // Relative to this file's directory: a real server on a throwaway database.
    command: 'bash ../deploy/e2e-server.sh',
    env: { HUHANG_E2E_PORT: String(firstPort + half) },
    url: `${baseURLOf(half)}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    // stdout carries only migrate/seed chatter; the server's log and start-up
    // errors go to stderr, which stays visible so a failed run can be read.
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
  })),
})
