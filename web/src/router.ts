import { createRouter, createWebHistory, type RouteRecordRaw, type RouterHistory } from 'vue-router'
import HomeView from './views/HomeView.vue'
import { messages } from './messages'
import type { Role } from './api/types'
import { DUTY_COVERAGE_PATH, DUTY_PATH, DUTY_ROSTERS_PATH, routeRoles, safeRedirect } from './access'
import { useAuthStore } from './stores/auth'
import { CAMPAIGNS_PATH, RECTIFICATIONS_PATH } from './inspections/links'
import { STATS_PATH } from './stats/links'

declare module 'vue-router' {
  interface RouteMeta {
    /** Section name for the document title; absent on the home page. */
    pageTitle?: string
    /** Only for a signed-in user; others go to /login?redirect=…. */
    requiresAuth?: boolean
    /** Only for these roles; others see the 无权访问 page. */
    roles?: readonly Role[]
    /** The login page: a signed-in user is sent on to the redirect target. */
    guestOnly?: boolean
    /**
     * Opens without a session when the start-up refresh got no network
     * answer: the duty page takes check-ins offline and sends them later.
     */
    offline?: boolean
  }
}

const mg = messages.manage
const pl = messages.plans

// Everything under 我的 (including the management pages, which are reached
// from it) is a child of the /me record, so the 我的 tab stays highlighted:
// Vant's route-aware tab bar matches a tab against every matched record.
// Children with a leading slash keep their own absolute paths.
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView },
  // Every plan page is a child of /plans, so the 方案 tab stays highlighted.
  {
    path: '/plans',
    meta: { pageTitle: messages.nav.plans },
    children: [
      { path: '', name: 'plans', component: () => import('./views/plans/PlansView.vue') },
      {
        path: 'new',
        name: 'plan-new',
        component: () => import('./views/plans/PlanEditView.vue'),
        meta: { pageTitle: pl.form.newTitle, roles: routeRoles.planEdit },
      },
      {
        path: 'review',
        name: 'plan-review-queue',
        component: () => import('./views/plans/PlanReviewQueueView.vue'),
        meta: { pageTitle: pl.review.queueTitle, roles: routeRoles.planReview },
      },
      {
        path: 'all',
        name: 'plan-browse',
        component: () => import('./views/plans/PlanBrowseView.vue'),
        meta: { pageTitle: pl.browse.title, roles: routeRoles.planReview },
      },
      {
        path: ':id',
        name: 'plan',
        component: () => import('./views/plans/PlanDetailView.vue'),
        meta: { pageTitle: pl.title, roles: routeRoles.planView },
      },
      {
        path: ':id/edit',
        name: 'plan-edit',
        component: () => import('./views/plans/PlanEditView.vue'),
        meta: { pageTitle: pl.form.editTitle, roles: routeRoles.planEdit },
      },
      {
        path: ':id/review',
        name: 'plan-review',
        component: () => import('./views/plans/PlanReviewView.vue'),
        meta: { pageTitle: pl.review.title, roles: routeRoles.planReview },
      },
      {
        path: ':id/archive',
        name: 'plan-archive',
        component: () => import('./views/studentsup/ArchiveView.vue'),
        meta: { pageTitle: messages.studentSup.archive.title, roles: routeRoles.archive },
      },
      {
        path: ':id/record',
        name: 'plan-record',
        component: () => import('./views/plans/PlanRecordView.vue'),
        meta: { pageTitle: pl.record.title, roles: routeRoles.planView },
      },
    ],
  },
  // Every placement page is a child of /placements, so the 实习 tab stays highlighted.
  {
    path: '/placements',
    meta: { pageTitle: messages.nav.placements },
    children: [
      {
        path: '',
        name: 'placements',
        component: () => import('./views/placements/PlacementsView.vue'),
        meta: { roles: routeRoles.placements },
      },
      {
        path: 'propose',
        name: 'placement-propose',
        component: () => import('./views/placements/PlacementProposeView.vue'),
        meta: { pageTitle: messages.placements.propose.title, roles: routeRoles.placementPropose },
      },
      {
        path: 'pay',
        name: 'placement-pay',
        component: () => import('./views/placements/PayMonthView.vue'),
        meta: { pageTitle: messages.placements.paySheet.title, roles: ['enterprise_admin'] },
      },
      {
        path: ':id/consent',
        name: 'placement-consent',
        component: () => import('./views/placements/ConsentView.vue'),
        meta: { pageTitle: messages.placements.consent.title, roles: ['student'] },
      },
      // Logs, leave and assessment of a placement (joint supervision).
      {
        path: ':id/logs',
        name: 'placement-logs',
        component: () => import('./views/studentsup/LogsView.vue'),
        meta: { pageTitle: messages.studentSup.logs.title, roles: routeRoles.placements },
      },
      {
        path: ':id/leaves',
        name: 'placement-leaves',
        component: () => import('./views/studentsup/LeavesView.vue'),
        meta: { pageTitle: messages.studentSup.leaves.title, roles: routeRoles.placements },
      },
      {
        path: ':id/assessment',
        name: 'placement-assessment',
        component: () => import('./views/studentsup/AssessmentView.vue'),
        meta: { pageTitle: messages.studentSup.assessment.title, roles: routeRoles.placements },
      },
      {
        path: '/leaves/:id',
        name: 'leave',
        component: () => import('./views/studentsup/LeaveView.vue'),
        meta: { pageTitle: messages.studentSup.leaves.detailTitle, roles: routeRoles.placements },
      },
      {
        path: ':id/records',
        name: 'placement-records',
        component: () => import('./views/records/RecordsView.vue'),
        meta: { pageTitle: messages.records.list.title, roles: routeRoles.records },
      },
      {
        path: ':id/incident',
        name: 'incident-report',
        component: () => import('./views/records/IncidentReportView.vue'),
        meta: { pageTitle: messages.records.incident.reportTitle, roles: routeRoles.incidentReport },
      },
      {
        path: ':id',
        name: 'placement',
        component: () => import('./views/placements/PlacementDetailView.vue'),
        meta: { pageTitle: messages.placements.detail.title, roles: routeRoles.placements },
      },
    ],
  },
  // Joint supervision (协作共管): incidents, patrols and the duty sites' patrol forms.
  {
    path: '/incidents',
    meta: { pageTitle: messages.records.incident.listTitle, roles: routeRoles.incidents },
    children: [
      { path: '', name: 'incidents', component: () => import('./views/records/IncidentsView.vue') },
      { path: ':id', name: 'incident', component: () => import('./views/records/IncidentView.vue') },
    ],
  },
  {
    path: '/patrols',
    meta: { pageTitle: messages.records.patrol.title, roles: routeRoles.patrols },
    children: [
      { path: '', name: 'patrols', component: () => import('./views/records/PatrolsView.vue') },
      { path: ':id', name: 'patrol', component: () => import('./views/records/PatrolView.vue') },
    ],
  },
  {
    path: '/duty/patrols',
    name: 'duty-patrols',
    component: () => import('./views/records/DutyPatrolsView.vue'),
    meta: { pageTitle: messages.records.patrol.title, roles: routeRoles.patrolForm },
  },
  {
    path: '/duty/rosters/:id/patrol',
    name: 'patrol-form',
    component: () => import('./views/records/PatrolFormView.vue'),
    meta: { pageTitle: messages.records.patrol.title, roles: routeRoles.patrolForm },
  },
  // The teacher's 跟岗 tab: opens offline too (the service worker has its code).
  {
    path: DUTY_PATH,
    name: 'duty',
    component: () => import('./views/duty/DutyView.vue'),
    meta: { pageTitle: messages.duty.title, roles: routeRoles.duty, offline: true },
  },
  // The 预警 inbox; one alert is a child, so the 预警 tab stays highlighted.
  // The list itself has no guard: it tells a visitor to sign in and other
  // roles who handles alerts, since the tab is on everyone's bar.
  {
    path: '/alerts',
    meta: { pageTitle: messages.nav.alerts },
    children: [
      { path: '', name: 'alerts', component: () => import('./views/alerts/AlertsView.vue') },
      {
        path: ':id',
        name: 'alert',
        component: () => import('./views/alerts/AlertView.vue'),
        meta: { pageTitle: messages.alerts.detail.title, roles: routeRoles.alerts },
      },
    ],
  },
  // The public complaint form and its status page need no account (Art 45).
  {
    path: '/complaint',
    name: 'complaint',
    component: () => import('./views/complaints/ComplaintFormView.vue'),
    meta: { pageTitle: messages.complaints.form.pageTitle },
  },
  {
    path: '/complaint/status',
    name: 'complaint-status',
    component: () => import('./views/complaints/ComplaintStatusView.vue'),
    meta: { pageTitle: messages.complaints.status.pageTitle },
  },
  // The public check of a filing, opened from the QR code of the printed
  // 备案表 by anyone, typically a parent; without a number it asks for one.
  {
    path: '/verify/:filing?',
    name: 'verify',
    component: () => import('./views/plans/VerifyView.vue'),
    meta: { pageTitle: messages.verify.pageTitle },
  },
  // The bureau's ledger of complaints, reached from 首页's to-dos and 我的 → 管理.
  {
    path: '/complaints',
    meta: { pageTitle: messages.complaints.list.pageTitle, roles: routeRoles.complaints },
    children: [
      { path: '', name: 'complaints', component: () => import('./views/complaints/ComplaintsView.vue') },
      {
        path: ':id',
        name: 'complaint-detail',
        component: () => import('./views/complaints/ComplaintDetailView.vue'),
        meta: { pageTitle: messages.complaints.detail.pageTitle },
      },
    ],
  },
  // Special inspections and their ledger (专项排查台账): the bureau's
  // campaigns, reached from 我的 → 管理, and the rectification board, which a
  // bureau and the responsible schools and enterprises each see.
  {
    path: CAMPAIGNS_PATH,
    meta: { pageTitle: messages.inspections.list.title, roles: routeRoles.campaigns },
    children: [
      { path: '', name: 'campaigns', component: () => import('./views/inspections/CampaignsView.vue') },
      {
        path: 'new',
        name: 'campaign-new',
        component: () => import('./views/inspections/CampaignNewView.vue'),
        meta: { pageTitle: messages.inspections.form.title, roles: routeRoles.campaignManage },
      },
      {
        path: 'pick',
        name: 'campaign-pick',
        component: () => import('./views/inspections/CampaignPickView.vue'),
        meta: { pageTitle: messages.inspections.pick.title, roles: routeRoles.campaignManage },
      },
      {
        path: ':id',
        name: 'campaign',
        component: () => import('./views/inspections/CampaignView.vue'),
        meta: { pageTitle: messages.inspections.detail.title },
      },
      {
        path: ':id/findings/new',
        name: 'finding-new',
        component: () => import('./views/inspections/FindingNewView.vue'),
        meta: { pageTitle: messages.inspections.record.title, roles: routeRoles.campaignManage },
      },
    ],
  },
  {
    path: '/findings/:id',
    meta: { pageTitle: messages.inspections.finding.title, roles: routeRoles.rectifications },
    children: [
      { path: '', name: 'finding', component: () => import('./views/inspections/FindingView.vue') },
      {
        path: 'notice',
        name: 'finding-notice',
        component: () => import('./views/inspections/FindingNoticeView.vue'),
        meta: { pageTitle: messages.inspections.notice.title, roles: routeRoles.rectifications },
      },
    ],
  },
  {
    path: RECTIFICATIONS_PATH,
    name: 'rectifications',
    component: () => import('./views/inspections/RectificationsView.vue'),
    meta: { pageTitle: messages.inspections.board.title, roles: routeRoles.rectifications },
  },
  // The dashboard of a bureau's division or a school, reached from the
  // workspace and 我的 → 管理. Its chart library loads with this page only.
  {
    path: STATS_PATH,
    name: 'stats',
    component: () => import('./views/stats/StatsView.vue'),
    meta: { pageTitle: messages.stats.title, roles: routeRoles.stats },
  },
  {
    path: '/login',
    name: 'login',
    component: () => import('./views/LoginView.vue'),
    meta: { pageTitle: messages.login.pageTitle, guestOnly: true },
  },
  {
    path: '/me',
    meta: { pageTitle: messages.nav.me },
    children: [
      { path: '', name: 'me', component: () => import('./views/MeView.vue') },
      {
        path: 'sessions',
        name: 'sessions',
        component: () => import('./views/SessionsView.vue'),
        meta: { pageTitle: messages.sessions.pageTitle, requiresAuth: true },
      },
      {
        path: 'password',
        name: 'password',
        component: () => import('./views/PasswordView.vue'),
        meta: { pageTitle: messages.changePassword.pageTitle, requiresAuth: true },
      },
      {
        path: '/manage/orgs',
        name: 'orgs',
        component: () => import('./views/manage/OrgsView.vue'),
        meta: { pageTitle: mg.links.orgs, roles: routeRoles.orgs },
      },
      {
        path: '/manage/orgs/new',
        name: 'org-new',
        component: () => import('./views/manage/OrgNewView.vue'),
        meta: { pageTitle: mg.orgs.newTitle, roles: routeRoles.orgCreate },
      },
      {
        path: '/manage/users',
        name: 'users',
        component: () => import('./views/manage/UsersView.vue'),
        meta: { pageTitle: mg.links.users, roles: routeRoles.users },
      },
      {
        path: '/manage/users/new',
        name: 'user-new',
        component: () => import('./views/manage/UserNewView.vue'),
        meta: { pageTitle: mg.links.users, roles: routeRoles.users },
      },
      {
        path: '/manage/enterprises',
        name: 'enterprises',
        component: () => import('./views/manage/EnterprisesView.vue'),
        meta: { pageTitle: mg.links.enterprises, roles: routeRoles.enterprises },
      },
      {
        path: '/manage/enterprises/new',
        name: 'enterprise-new',
        component: () => import('./views/manage/EnterpriseNewView.vue'),
        meta: { pageTitle: mg.enterprises.newTitle, roles: routeRoles.enterprises },
      },
      {
        path: '/manage/hosts',
        name: 'hosts',
        component: () => import('./views/manage/HostsView.vue'),
        meta: { pageTitle: mg.links.hosts, roles: routeRoles.hosts },
      },
      {
        path: '/manage/hosts/new',
        name: 'host-new',
        component: () => import('./views/manage/HostNewView.vue'),
        meta: { pageTitle: mg.hosts.newTitle, roles: routeRoles.hosts },
      },
      {
        path: '/manage/posts',
        name: 'posts',
        component: () => import('./views/manage/PostsView.vue'),
        meta: { pageTitle: mg.links.posts, roles: routeRoles.posts },
      },
      {
        path: '/manage/posts/new',
        name: 'post-new',
        component: () => import('./views/manage/PostNewView.vue'),
        meta: { pageTitle: mg.posts.newTitle, roles: routeRoles.posts },
      },
      // The student roster (学生名单), reached from 我的 → 管理.
      {
        path: '/students',
        name: 'students',
        component: () => import('./views/students/StudentsView.vue'),
        meta: { pageTitle: messages.students.title, roles: routeRoles.students },
      },
      {
        path: '/students/new',
        name: 'student-new',
        component: () => import('./views/students/StudentEditView.vue'),
        meta: { pageTitle: messages.students.form.newTitle, roles: routeRoles.studentEdit },
      },
      {
        path: '/students/import',
        name: 'student-import',
        component: () => import('./views/students/StudentImportView.vue'),
        meta: { pageTitle: messages.students.importPage.title, roles: routeRoles.studentEdit },
      },
      {
        path: '/students/:id',
        name: 'student',
        component: () => import('./views/students/StudentDetailView.vue'),
        meta: { pageTitle: messages.students.detail.title, roles: routeRoles.students },
      },
      {
        path: '/students/:id/edit',
        name: 'student-edit',
        component: () => import('./views/students/StudentEditView.vue'),
        meta: { pageTitle: messages.students.form.editTitle, roles: routeRoles.studentEdit },
      },
      // Duty rosters and coverage, reached from 我的 → 管理 and from the to-dos.
      {
        path: DUTY_ROSTERS_PATH,
        name: 'duty-rosters',
        component: () => import('./views/duty/RostersView.vue'),
        meta: { pageTitle: messages.duty.rosters.title, roles: routeRoles.dutyRosters },
      },
      {
        path: `${DUTY_ROSTERS_PATH}/new`,
        name: 'duty-roster-new',
        component: () => import('./views/duty/RosterNewView.vue'),
        meta: { pageTitle: messages.duty.rosters.newTitle, roles: routeRoles.dutyRosters },
      },
      {
        path: DUTY_COVERAGE_PATH,
        name: 'duty-coverage',
        component: () => import('./views/duty/CoverageView.vue'),
        meta: { pageTitle: messages.duty.coverage.title, roles: routeRoles.dutyCoverage },
      },
      {
        path: '/forbidden',
        name: 'forbidden',
        component: () => import('./views/ForbiddenView.vue'),
        meta: { pageTitle: messages.forbidden.title },
      },
    ],
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

  // Public pages never wait for the session; the others wait for the one
  // refresh call made at start-up (a reload of /manage/users must not bounce
  // to the login page while the cookie is still being exchanged).
  router.beforeEach(async (to) => {
    const { requiresAuth, roles, guestOnly, offline } = to.meta
    if (!requiresAuth && !roles && !guestOnly) return true
    const auth = useAuthStore()
    await auth.restore()
    if (guestOnly) return auth.signedIn ? safeRedirect(to.query.redirect) : true
    if (!auth.signedIn) return offline && auth.offline ? true : { name: 'login', query: { redirect: to.fullPath } }
    if (roles && !(auth.role && roles.includes(auth.role))) return { name: 'forbidden', replace: true }
    return true
  })

  // A distinct title per page lets screen readers and the browser history
  // tell pages apart.
  router.afterEach((to) => {
    document.title = to.meta.pageTitle ? messages.app.pageTitle(to.meta.pageTitle) : messages.app.title
  })
  return router
}
