// Huhang's service worker: makes the client installable and lets the pages
// whose code is cached (above all the teacher's duty page) open with no
// network. Written by the build (pwa/plugin.ts), which fills in PRECACHE and
// VERSION. API answers are never cached: they are personal, and a stale one
// would show yesterday's duties as today's. The duty page keeps its own
// offline data in IndexedDB.
/* global self, caches, fetch, URL, Response */
const VERSION = '__HUHANG_SW_VERSION__'
const PRECACHE = __HUHANG_SW_PRECACHE__
const CACHE = `huhang-${VERSION}`
const SHELL = '/'

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([SHELL, ...PRECACHE]))
      .then(() => self.skipWaiting()),
  )
})

// Each build is one cache; the previous build's goes once this one runs.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('huhang-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})

function never(url) {
  return url.pathname.startsWith('/api/') || url.pathname === '/readyz' || url.pathname === '/healthz' || url.pathname === '/sw.js'
}

self.addEventListener('fetch', (event) => {
  const req = event.request
  if (req.method !== 'GET') return
  const url = new URL(req.url)
  if (url.origin !== self.location.origin || never(url)) return

  // Pages: the network first (a deploy must reach the phone at once), the
  // cached app shell when there is none. Every client route is the shell.
  if (req.mode === 'navigate') {
    event.respondWith(
      fetch(req)
        .then((res) => {
          if (res.ok && (res.headers.get('Content-Type') || '').startsWith('text/html')) {
            const copy = res.clone()
            event.waitUntil(caches.open(CACHE).then((cache) => cache.put(SHELL, copy)))
          }
          return res
        })
        .catch(() => caches.match(SHELL).then((hit) => hit || Response.error())),
    )
    return
  }

  // Built assets carry a content hash: a cached copy is always right.
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches.match(req).then(
        (hit) =>
          hit ||
          fetch(req).then((res) => {
            if (res.ok) {
              const copy = res.clone()
              event.waitUntil(caches.open(CACHE).then((cache) => cache.put(req, copy)))
            }
            return res
          }),
      ),
    )
    return
  }

  // The manifest and icons: fresh when online, cached when not.
  event.respondWith(fetch(req).catch(() => caches.match(req).then((hit) => hit || Response.error())))
})
