import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { messages } from './src/messages.ts'

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

// The Go server in this repository; `make run` listens here.
const apiTarget = process.env.HUHANG_DEV_API ?? 'http://127.0.0.1:8080'

export default defineConfig({
  base: '/',
  plugins: [vue(), htmlMessages(), emptyOutDirKeeping(['.gitignore']), noRemoteFonts()],
  build: {
    // Embedded into the Go binary by internal/webui (go:embed dist).
    outDir,
    // Done by emptyOutDirKeeping above; true here would delete .gitignore.
    emptyOutDir: false,
    assetsDir: 'assets',
    // Chromium-based WeChat browsers and iOS Safari 14+ cover the target phones.
    target: ['es2020', 'chrome87', 'safari14'],
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/readyz': apiTarget,
      '/healthz': apiTarget,
    },
  },
})
