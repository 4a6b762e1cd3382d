import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { zhCN } from '../../src/messages'

// import.meta.url is not a file: URL under the jsdom environment; Vitest's
// module runner provides __dirname.
const srcDir = resolve(__dirname, '../../src')
const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(ts|vue)$/.test(entry.name) ? [path] : []
  })
}

// Comments may quote UI text to explain it; only code and templates count.
function withoutComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
}

describe('messages', () => {
  it('is the only source file with Chinese text, so a second locale needs no hunt', () => {
    const offenders = sourceFiles(srcDir)
      .filter((file) => !file.endsWith('messages.ts'))
      // Generated from the OpenAPI document, whose descriptions are Chinese.
      .filter((file) => relative(srcDir, file) !== join('api', 'schema.d.ts'))
      .filter((file) => CJK.test(withoutComments(readFileSync(file, 'utf8'))))
      .map((file) => relative(srcDir, file))
    expect(offenders).toEqual([])
  })

  it('has no empty strings', () => {
    const empty: string[] = []
    const walk = (value: unknown, path: string) => {
      if (typeof value === 'string') {
        if (value.trim() === '') empty.push(path)
      } else if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`)
      }
    }
    walk(zhCN, 'zhCN')
    expect(empty).toEqual([])
  })
})
