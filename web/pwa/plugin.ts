// Installable client: the web app manifest, its icons and the service
// worker, all written by the build. The service worker precaches the app
// shell, the entry and the code of the routes that must open offline (the
// teacher's duty page); every other built asset is cached when first used.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Plugin, Rollup } from 'vite'
import { iconPng } from './icon.ts'

export interface PwaOptions {
  name: string
  shortName: string
  description: string
  /** Route components (path suffixes of their source) whose code is precached. */
  offlineRoutes: readonly string[]
  shortcuts: ReadonlyArray<{ name: string; url: string }>
}

export const ICON_SIZES = [192, 512] as const
export const MANIFEST_FILE = 'manifest.webmanifest'
export const SW_FILE = 'sw.js'

/** Files the offline routes need: the entry, the routes, what they import, CSS and fonts. */
export function precacheFiles(bundle: Rollup.OutputBundle, offlineRoutes: readonly string[]): string[] {
  const chunks = Object.values(bundle).filter((f): f is Rollup.OutputChunk => f.type === 'chunk')
  const roots = chunks.filter((c) => c.isEntry || offlineRoutes.some((r) => c.facadeModuleId?.endsWith(r)))
  if (roots.length !== offlineRoutes.length + 1) {
    throw new Error(`pwa: expected the entry and ${offlineRoutes.join(', ')} among the chunks`)
  }
  const files = new Set<string>()
  const visit = (name: string) => {
    if (files.has(name)) return
    files.add(name)
    const chunk = bundle[name]
    if (chunk?.type !== 'chunk') return
    chunk.viteMetadata?.importedCss.forEach((f) => files.add(f))
    chunk.viteMetadata?.importedAssets.forEach((f) => files.add(f))
    chunk.imports.forEach(visit)
  }
  roots.forEach((c) => visit(c.fileName))
  // The icon font is referenced from CSS, not from a chunk.
  for (const f of Object.keys(bundle)) if (/\.woff2$/.test(f)) files.add(f)
  return [...files].sort().map((f) => `/${f}`)
}

export function pwa(options: PwaOptions): Plugin {
  const template = readFileSync(fileURLToPath(new URL('./sw.js', import.meta.url)), 'utf8')
  const icons = ICON_SIZES.map((size) => ({ size, file: `icons/icon-${size}.png` }))
  return {
    name: 'huhang-pwa',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'link', attrs: { rel: 'manifest', href: `/${MANIFEST_FILE}` }, injectTo: 'head' },
      { tag: 'link', attrs: { rel: 'apple-touch-icon', href: `/${icons[0]!.file}` }, injectTo: 'head' },
    ],
    generateBundle(_options, bundle) {
      for (const { size, file } of icons) this.emitFile({ type: 'asset', fileName: file, source: iconPng(size) })
      const manifest = {
        name: options.name,
        short_name: options.shortName,
        description: options.description,
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f7f8fa',
        theme_color: '#ffffff',
        icons: [
          ...icons.map(({ size, file }) => ({ src: `/${file}`, sizes: `${size}x${size}`, type: 'image/png', purpose: 'any' })),
          ...icons.map(({ size, file }) => ({ src: `/${file}`, sizes: `${size}x${size}`, type: 'image/png', purpose: 'maskable' })),
        ],
        shortcuts: options.shortcuts.map((s) => ({ ...s, icons: [{ src: `/${icons[0]!.file}`, sizes: '192x192' }] })),
      }
      this.emitFile({ type: 'asset', fileName: MANIFEST_FILE, source: JSON.stringify(manifest, null, 2) })
      const precache = [...precacheFiles(bundle, options.offlineRoutes), `/${MANIFEST_FILE}`, ...icons.map((i) => `/${i.file}`)]
      // A new build is a new worker (and a new cache) exactly when a precached name changed.
      const version = createHash('sha256').update(template).update(precache.join('\n')).digest('hex').slice(0, 16)
      const source = template
        .replace('__HUHANG_SW_VERSION__', version)
        .replace('__HUHANG_SW_PRECACHE__', JSON.stringify(precache, null, 2))
      this.emitFile({ type: 'asset', fileName: SW_FILE, source })
    },
  }
}
