// Registers the service worker (/sw.js is written by pwa/plugin.ts at
// build time), after the page has loaded so it never competes with the
// first paint for the phone's bandwidth. The dev server has no worker.
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined)
  })
}
