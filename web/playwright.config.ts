import { defineConfig } from '@playwright/test'

// Debian's Chromium, not a Playwright-downloaded build: the machines that run
// these tests can reach no browser download host.
const chromium = process.env.HUHANG_E2E_CHROMIUM ?? '/usr/bin/chromium'
// HUHANG_E2E_PORT lets two checkouts run their browser tests side by side.
const port = process.env.HUHANG_E2E_PORT ?? '18080'
const baseURL = `http://127.0.0.1:${port}`

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // One worker: every spec acts on the same demo database, and the workspace
  // test needs the demo's to-dos before other specs resolve them.
  workers: 1,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  outputDir: './test-results',
  use: {
    baseURL,
    headless: true,
    trace: 'retain-on-failure',
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
  projects: [
    {
      name: 'phone',
      use: {
        browserName: 'chromium',
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 3,
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      },
    },
  ],
  webServer: {
    // Relative to this file's directory: a real server on a throwaway database.
    command: 'bash ../deploy/e2e-server.sh',
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    // stdout carries only migrate/seed chatter; the server's log and start-up
    // errors go to stderr, which stays visible so a failed run can be read.
    stdout: 'ignore',
    stderr: 'pipe',
  },
})
