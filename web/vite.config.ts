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

// The Go server in this repository; `make run` listens here.
const apiTarget = process.env.HUHANG_DEV_API ?? 'http://127.0.0.1:8080'

export default defineConfig({
  base: '/',
  plugins: [vue(), htmlMessages(), emptyOutDirKeeping(['.gitignore'])],
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
