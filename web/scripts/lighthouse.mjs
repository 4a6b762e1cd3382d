// Lighthouse in mobile mode (its default: a mid-range phone on slow 4G) on
// the login page, the first page every user sees. Run by `make bench`, which
// starts a server for it; never part of `make test`.
//
// Usage: node scripts/lighthouse.mjs [url]   (default http://127.0.0.1:18180/login)
//
// The Chromium is Debian's (/usr/bin/chromium, or CHROME_PATH): nothing is
// downloaded. The flags are those of the Playwright config, so Chromium makes
// no background requests that would skew the timings.
import { writeFileSync } from 'node:fs'
import { launch } from 'chrome-launcher'
import lighthouse from 'lighthouse'

// Done when (issue 10).
const TARGETS = { performance: 0.95, accessibility: 1.0 }

const url = process.argv[2] ?? process.env.HUHANG_BENCH_URL ?? 'http://127.0.0.1:18180/login'
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium'

const chrome = await launch({
  chromePath,
  chromeFlags: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
})

let failed = false
try {
  const result = await lighthouse(url, {
    port: chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: Object.keys(TARGETS),
  })
  if (!result) throw new Error('Lighthouse returned no result')
  const { categories, audits } = result.lhr
  // The whole report, for finding what to improve: LIGHTHOUSE_JSON=path.
  if (process.env.LIGHTHOUSE_JSON) writeFileSync(process.env.LIGHTHOUSE_JSON, JSON.stringify(result.lhr, null, 1))
  if (result.lhr.runtimeError) throw new Error(`Lighthouse: ${result.lhr.runtimeError.message}`)
  console.log(`Lighthouse ${result.lhr.lighthouseVersion}, ${result.lhr.configSettings.formFactor}, ${url}`)
  for (const [name, target] of Object.entries(TARGETS)) {
    const score = categories[name]?.score ?? 0
    const ok = score >= target
    if (!ok) failed = true
    console.log(`  ${name.padEnd(14)} ${score.toFixed(2)}  (target ≥ ${target.toFixed(2)}) ${ok ? 'ok' : 'BELOW TARGET'}`)
  }
  for (const id of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']) {
    const a = audits[id]
    if (a) console.log(`  ${a.title.padEnd(28)} ${a.displayValue ?? ''}`)
  }
  for (const cat of Object.keys(TARGETS)) {
    for (const ref of categories[cat]?.auditRefs ?? []) {
      const a = audits[ref.id]
      if (ref.weight > 0 && a && a.score !== null && a.score < 0.9) {
        console.log(`  - ${cat}: ${a.title}: ${a.displayValue ?? a.score}`)
      }
    }
  }
} finally {
  await chrome.kill()
}
process.exit(failed ? 1 : 0)
