import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page, TestInfo } from '@playwright/test'

const screenshotDir = fileURLToPath(new URL('../e2e-screenshots/', import.meta.url))

/** Saves a full-page screenshot named after the test, for a human to look at. */
export async function saveScreenshot(page: Page, testInfo: TestInfo, suffix = ''): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true })
  const slug = testInfo.titlePath
    .slice(1)
    .join('-')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
  // A plain full-page capture draws the fixed tab bar where the viewport ended,
  // on top of the content; growing the viewport to the page first shows the
  // page as a phone shows it when scrolled to the bottom.
  const viewport = page.viewportSize()
  const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight)
  if (viewport && pageHeight > viewport.height) await page.setViewportSize({ width: viewport.width, height: pageHeight })
  try {
    await page.screenshot({ path: `${screenshotDir}${slug}${suffix ? `-${suffix}` : ''}.png`, fullPage: true })
  } finally {
    if (viewport) await page.setViewportSize(viewport)
  }
}

/** True when the page can be scrolled sideways, which must never happen on a phone. */
export async function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement
    return root.scrollWidth > window.innerWidth
  })
}
