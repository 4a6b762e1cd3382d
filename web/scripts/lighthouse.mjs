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

// One Lighthouse run on a shared two-core machine scores the same page from
// 0.89 to 0.97 (Total Blocking Time 140–380 ms under its simulated slow
// CPU). Lighthouse's own advice for a stable figure is the median of several
// runs: the run with the median performance score is the one judged.
const runs = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 3))

let failed = false
try {
  const lhrs = []
  for (let i = 0; i < runs; i++) {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: Object.keys(TARGETS),
    })
    if (!result) throw new Error('Lighthouse returned no result')
    if (result.lhr.runtimeError) throw new Error(`Lighthouse: ${result.lhr.runtimeError.message}`)
    lhrs.push(result.lhr)
  }
  const byPerformance = [...lhrs].sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0))
  const lhr = byPerformance[Math.floor((byPerformance.length - 1) / 2)]
  const { categories, audits } = lhr
  // The whole report, for finding what to improve: LIGHTHOUSE_JSON=path.
  if (process.env.LIGHTHOUSE_JSON) writeFileSync(process.env.LIGHTHOUSE_JSON, JSON.stringify(lhr, null, 1))
  const scores = lhrs.map((r) => (r.categories.performance?.score ?? 0).toFixed(2)).join(', ')
  console.log(`Lighthouse ${lhr.lighthouseVersion}, ${lhr.configSettings.formFactor}, ${url}: median of ${runs} runs (performance ${scores})`)
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
