import { createRouter, createWebHistory, type RouteRecordRaw, type RouterHistory } from 'vue-router'
import HomeView from './views/HomeView.vue'
import { messages } from './messages'

declare module 'vue-router' {
  interface RouteMeta {
    /** Section name for the document title; absent on the home page. */
    pageTitle?: string
  }
}

// Feature pages are small now; they become lazy chunks once they carry real
// code, so the first paint on a phone only pays for the home page.
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView },
  {
    path: '/plans',
    name: 'plans',
    component: () => import('./views/ComingSoonView.vue'),
    props: { feature: 'plans' },
    meta: { pageTitle: messages.nav.plans },
  },
  {
    path: '/alerts',
    name: 'alerts',
    component: () => import('./views/ComingSoonView.vue'),
    props: { feature: 'alerts' },
    meta: { pageTitle: messages.nav.alerts },
  },
  {
    path: '/me',
    name: 'me',
    component: () => import('./views/ComingSoonView.vue'),
    props: { feature: 'me' },
    meta: { pageTitle: messages.nav.me },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./views/NotFoundView.vue'),
    meta: { pageTitle: messages.notFound.title },
  },
]

export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)) {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: () => ({ top: 0 }),
  })
  // A distinct title per page lets screen readers and the browser history
  // tell pages apart.
  router.afterEach((to) => {
    document.title = to.meta.pageTitle ? messages.app.pageTitle(to.meta.pageTitle) : messages.app.title
  })
  return router
}
