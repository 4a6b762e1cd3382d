import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { messages } from './src/messages.ts'
import { pwa } from './pwa/plugin.ts'

// index.html takes its <title> and <noscript> text from messages.ts so that
// the product name exists in exactly one place.
function htmlMessages(): Plugin {
  const replacements: Record<string, string> = {
    '%HUHANG_APP_TITLE%': messages.app.title,
    '%HUHANG_NOSCRIPT%': messages.app.noscript,
  }
  return {
    name: 'huhang-html-messages',
    transformIndexHtml(html) {
      return Object.entries(replacements).reduce((out, [token, text]) => out.replaceAll(token, text), html)
    },
  }
}

const outDir = fileURLToPath(new URL('../internal/webui/dist', import.meta.url))

// Vite's emptyOutDir would also delete dist/.gitignore, the one tracked file
// that keeps the go:embed folder present (and the Go build green) on a fresh
// clone. So the folder is emptied here, sparing that file; stale hashed
// assets still never pile up in the binary.
function emptyOutDirKeeping(keep: readonly string[]): Plugin {
  return {
    name: 'huhang-empty-out-dir',
    apply: 'build',
    buildStart() {
      if (!existsSync(outDir)) return
      for (const entry of readdirSync(outDir)) {
        if (!keep.includes(entry)) rmSync(join(outDir, entry), { recursive: true, force: true })
      }
    },
  }
}

// Vant's icon font ships inline (a data: woff2) with a fallback on a CDN
// (at.alicdn.com). Every browser the client targets takes the woff2, but
// Chromium still checks the fallback against the Content-Security-Policy
// (font-src 'self' data:) and reports a violation on every page. The client
// must never reach a third-party host, so the remote fallbacks are dropped.
function noRemoteFonts(): Plugin {
  const remote = /,\s*url\(\s*["']?(?:https?:)?\/\/[^)]*\)\s*format\(["'][^"']*["']\)/g
  return {
    name: 'huhang-no-remote-fonts',
    apply: 'build',
    // Before the asset is hashed, so the file name changes with its content.
    transform(code, id) {
      if (!/\.css($|\?)/.test(id)) return null
      const stripped = code.replace(remote, '')
      return stripped === code ? null : { code: stripped, map: null }
    },
  }
}

// Brotli and gzip copies of every text file of the build, written next to
// it (app.js → app.js.br, app.js.gz). internal/webui picks one by the
// request's Accept-Encoding, so the server never compresses per request and
// the highest levels cost nothing at run time. Binary formats that are
// already compressed (images, woff2) are left alone.
function precompress(): Plugin {
  const textFile = /\.(?:js|mjs|css|html|svg|json|txt|map|webmanifest)$/
  return {
    name: 'huhang-precompress',
    apply: 'build',
    // After the files are on disk: later generateBundle hooks (preload
    // rewriting, CSS extraction) still change chunks, and the copies must
    // match the bytes the identity file has.
    writeBundle(options, bundle) {
      const dir = options.dir ?? outDir
      for (const fileName of Object.keys(bundle)) {
        if (!textFile.test(fileName)) continue
        const raw = readFileSync(join(dir, fileName))
        // Tiny files gain nothing from an encoded copy.
        if (raw.length < 512) continue
        const br = brotliCompressSync(raw, {
          params: {
            [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
            [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        })
        writeFileSync(join(dir, `${fileName}.br`), br)
        writeFileSync(join(dir, `${fileName}.gz`), gzipSync(raw, { level: 9 }))
      }
    },
  }
}

// Vant's icon font (about 34 kB) ships inline in its CSS as a data: URL, so
// every page's render-blocking stylesheet carried it, even pages without an
// icon. Written out as a file instead, Vite hashes and emits it like any
// asset: the stylesheet shrinks by a third and the font is fetched only when
// an icon is drawn (font-src 'self' allows it).
function iconFontAsFile(): Plugin {
  const inline = /url\(\s*["']?data:font\/woff2;(?:charset=[\w-]+;)?base64,([A-Za-z0-9+/=]+)["']?\s*\)/g
  const cacheDir = fileURLToPath(new URL('./node_modules/.cache/huhang-fonts/', import.meta.url))
  return {
    name: 'huhang-icon-font-as-file',
    apply: 'build',
    // Before vite:css, which resolves and hashes the url() written here.
    enforce: 'pre',
    transform(code, id) {
      if (!/\.css($|\?)/.test(id) || !code.includes('data:font/woff2')) return null
      const out = code.replace(inline, (_match, base64: string) => {
        const font = Buffer.from(base64, 'base64')
        const name = `icon-${createHash('sha256').update(font).digest('hex').slice(0, 12)}.woff2`
        mkdirSync(cacheDir, { recursive: true })
        writeFileSync(join(cacheDir, name), font)
        const rel = relative(dirname(id.replace(/\?.*$/, '')), join(cacheDir, name)).split(sep).join('/')
        return `url("${rel.startsWith('.') ? rel : `./${rel}`}")`
      })
      return out === code ? null : { code: out, map: null }
    },
  }
}

// The login page is the first page of every phone that is not signed in,
// and Lighthouse's: its chunk and the chunks it imports are preloaded by
// the HTML, so they download alongside the entry instead of after it has
// run. About 5 kB compressed, which a signed-in phone also fetches once.
function preloadRoute(component: string): Plugin {
  return {
    name: 'huhang-preload-route',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle
        if (!bundle) return []
        const chunks = Object.values(bundle).filter((f) => f.type === 'chunk')
        const route = chunks.find((c) => c.facadeModuleId?.endsWith(component))
        const entry = chunks.find((c) => c.isEntry)
        if (!route || !entry) throw new Error(`preloadRoute: no chunk for ${component}`)
        const skip = new Set([entry.fileName, ...entry.imports])
        const files = new Set<string>()
        const css = new Set<string>()
        const visit = (name: string) => {
          if (skip.has(name) || files.has(name)) return
          files.add(name)
          const chunk = bundle[name]
          if (chunk?.type !== 'chunk') return
          chunk.viteMetadata?.importedCss.forEach((f) => css.add(f))
          chunk.imports.forEach(visit)
        }
        visit(route.fileName)
        return [
          ...[...files].map((f) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` },
            injectTo: 'head' as const,
          })),
          ...[...css].map((f) => ({
            tag: 'link',
            attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `/${f}` },
            injectTo: 'head' as const,
          })),
        ]
      },
    },
  }
}

// The Go server in this repository; `make run` listens here.
const apiTarget = process.env.HUHANG_DEV_API ?? 'http://127.0.0.1:8080'

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    htmlMessages(),
    emptyOutDirKeeping(['.gitignore']),
    noRemoteFonts(),
    iconFontAsFile(),
    preloadRoute('/src/views/LoginView.vue'),
    // The teacher's duty page opens with no network: its code is precached.
    pwa({
      name: messages.app.title,
      shortName: messages.app.shortName,
      description: messages.app.description,
      offlineRoutes: ['/src/views/duty/DutyView.vue'],
      shortcuts: [{ name: messages.duty.title, url: '/duty' }],
    }),
    precompress(),
  ],
  build: {
    // Embedded into the Go binary by internal/webui (go:embed dist).
    outDir,
    // Done by emptyOutDirKeeping above; true here would delete .gitignore.
    emptyOutDir: false,
    assetsDir: 'assets',
    // Chromium-based WeChat browsers and iOS Safari 14+ cover the target phones.
    target: ['es2020', 'chrome87', 'safari14'],
    // The dashboard's route chunk carries ECharts (core, bar, line, grid,
    // tooltip, legend, canvas: about 550 kB, 155 kB over the wire as brotli).
    // Only /stats loads it, never the first load that e2e/perf.spec.ts
    // budgets; the limit sits just above it so any other chunk that grows
    // this big, or the dashboard's growing further, still warns.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/readyz': apiTarget,
      '/healthz': apiTarget,
    },
  },
})
