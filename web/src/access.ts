// Who may open which management page. The server enforces the same rules
// (and scope) on every call; this only decides what the phone offers.
import type { OrgKind, Role } from './api/types'
import { messages as m } from './messages'
import { STUDENTS_PATH } from './students/links'
import { CAMPAIGNS_PATH, RECTIFICATIONS_PATH } from './inspections/links'
import { STATS_PATH } from './stats/links'

/** The teacher's check-in page, its own tab. */
export const DUTY_PATH = '/duty'
export const DUTY_ROSTERS_PATH = '/duty/rosters'
/** Where the duty to-dos of a school lead (internal/duty/todos.go). */
export const DUTY_COVERAGE_PATH = '/duty/coverage'

export const ALL_ROLES: readonly Role[] = [
  'platform_admin',
  'bureau_auditor',
  'school_admin',
  'teacher',
  'enterprise_admin',
  'enterprise_mentor',
  'student',
]

export const ORG_KINDS: readonly OrgKind[] = ['bureau', 'school', 'enterprise']

export const routeRoles = {
  orgs: ['platform_admin', 'bureau_auditor'],
  orgCreate: ['platform_admin'],
  users: ['platform_admin', 'school_admin', 'enterprise_admin'],
  enterprises: ['school_admin'],
  hosts: ['school_admin'],
  posts: ['enterprise_admin'],
  planEdit: ['school_admin'],
  planView: ['school_admin', 'enterprise_admin', 'bureau_auditor'],
  planReview: ['bureau_auditor'],
  placements: ['school_admin', 'enterprise_admin', 'student', 'teacher', 'enterprise_mentor', 'bureau_auditor'],
  placementPropose: ['school_admin'],
  archive: ['school_admin', 'bureau_auditor'],
  students: ['school_admin', 'bureau_auditor'],
  studentEdit: ['school_admin'],
  complaints: ['bureau_auditor', 'platform_admin'],
  records: ['school_admin', 'enterprise_admin', 'student', 'teacher', 'enterprise_mentor', 'bureau_auditor', 'platform_admin'],
  incidentReport: ['teacher', 'enterprise_mentor', 'student'],
  incidents: ['school_admin', 'teacher', 'bureau_auditor', 'platform_admin'],
  patrolForm: ['teacher'],
  patrols: ['enterprise_mentor', 'enterprise_admin', 'teacher', 'school_admin', 'bureau_auditor', 'platform_admin'],
  duty: ['teacher'],
  dutyRosters: ['school_admin'],
  dutyCoverage: ['school_admin', 'bureau_auditor', 'platform_admin'],
  campaigns: ['bureau_auditor', 'platform_admin'],
  campaignManage: ['bureau_auditor'],
  rectifications: ['bureau_auditor', 'platform_admin', 'school_admin', 'enterprise_admin'],
  // Those who must act on an alert (or oversee those who must); teachers,
  // mentors and students raise the facts alerts come from but have no inbox.
  alerts: ['school_admin', 'enterprise_admin', 'bureau_auditor', 'platform_admin'],
  // The dashboard summarises a division or a school; hosts and the platform
  // have no such scope on the server.
  stats: ['bureau_auditor', 'school_admin'],
} as const satisfies Record<string, readonly Role[]>

/** True for a role with a dashboard (数据看板): its entry on the workspace. */
export function hasStats(role: Role | null | undefined): boolean {
  return !!role && (routeRoles.stats as readonly Role[]).includes(role)
}

/** True for a role with an alert inbox (the 预警 tab's list, its badge and the live stream). */
export function hasAlertInbox(role: Role | null | undefined): boolean {
  return !!role && (routeRoles.alerts as readonly Role[]).includes(role)
}

export interface ManageLink {
  to: string
  label: string
  icon: string
}

/** The entries of the 管理 section of the 我的 page for a role, in order. */
export function manageLinks(role: Role | null | undefined): ManageLink[] {
  const l = m.manage.links
  switch (role) {
    case 'platform_admin':
      return [
        { to: '/manage/orgs', label: l.orgs, icon: 'cluster-o' },
        { to: '/manage/users', label: l.users, icon: 'friends-o' },
        { to: '/complaints', label: m.complaints.manageLink, icon: 'comment-o' },
      ]
    case 'bureau_auditor':
      return [
        { to: STATS_PATH, label: m.stats.entry, icon: 'chart-trending-o' },
        { to: '/manage/orgs', label: l.orgsReadOnly, icon: 'cluster-o' },
        { to: STUDENTS_PATH, label: m.students.title, icon: 'contact-o' },
        { to: DUTY_COVERAGE_PATH, label: m.duty.links.coverage, icon: 'calendar-o' },
        { to: '/incidents', label: m.records.incident.listTitle, icon: 'warning-o' },
        { to: '/complaints', label: m.complaints.manageLink, icon: 'comment-o' },
        { to: CAMPAIGNS_PATH, label: m.inspections.links.campaigns, icon: 'search' },
        { to: RECTIFICATIONS_PATH, label: m.inspections.links.board, icon: 'todo-list-o' },
      ]
    case 'school_admin':
      return [
        { to: STATS_PATH, label: m.stats.entry, icon: 'chart-trending-o' },
        { to: '/manage/users', label: l.schoolUsers, icon: 'friends-o' },
        { to: STUDENTS_PATH, label: m.students.title, icon: 'contact-o' },
        { to: '/manage/enterprises', label: l.enterprises, icon: 'shop-o' },
        { to: '/manage/hosts', label: l.hosts, icon: 'completed-o' },
        { to: DUTY_ROSTERS_PATH, label: m.duty.links.rosters, icon: 'location-o' },
        { to: DUTY_COVERAGE_PATH, label: m.duty.links.coverage, icon: 'calendar-o' },
        { to: '/incidents', label: m.records.incident.listTitle, icon: 'warning-o' },
        { to: RECTIFICATIONS_PATH, label: m.inspections.links.mine, icon: 'todo-list-o' },
      ]
    case 'teacher':
      return [
        { to: '/duty/patrols', label: m.records.patrol.title, icon: 'notes-o' },
        { to: '/incidents', label: m.records.incident.listTitle, icon: 'warning-o' },
      ]
    case 'enterprise_mentor':
      return [{ to: '/patrols', label: m.records.patrol.awaitingTitle, icon: 'notes-o' }]
    case 'enterprise_admin':
      return [
        { to: '/manage/posts', label: l.posts, icon: 'bag-o' },
        { to: '/manage/users', label: l.mentors, icon: 'friends-o' },
        { to: RECTIFICATIONS_PATH, label: m.inspections.links.mine, icon: 'todo-list-o' },
      ]
    default:
      return []
  }
}

/** The title of the account page, which differs by who manages whom. */
export function usersPageTitle(role: Role | null | undefined): string {
  if (role === 'school_admin') return m.manage.links.schoolUsers
  if (role === 'enterprise_admin') return m.manage.links.mentors
  return m.manage.links.users
}

/** Roles an actor may create accounts for. */
export function creatableRoles(actor: Role | null | undefined): Role[] {
  switch (actor) {
    case 'platform_admin':
      return [...ALL_ROLES]
    case 'school_admin':
      return ['teacher', 'student']
    case 'enterprise_admin':
      return ['enterprise_mentor']
    default:
      return []
  }
}

/** The kind of organisation an account of this role belongs to; null: none. */
export function orgKindForRole(role: Role): OrgKind | null {
  switch (role) {
    case 'bureau_auditor':
      return 'bureau'
    case 'school_admin':
    case 'teacher':
    case 'student':
      return 'school'
    case 'enterprise_admin':
    case 'enterprise_mentor':
      return 'enterprise'
    case 'platform_admin':
      return null
  }
}

/**
 * The login page's redirect target, only if it is a path of this app: an
 * open redirect to another site would make a convincing phishing link.
 */
export function safeRedirect(raw: unknown): string {
  const value = Array.isArray(raw) ? raw[0] : raw
  if (typeof value !== 'string') return '/'
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/'
  if (value === '/login' || value.startsWith('/login?') || value.startsWith('/login/')) return '/'
  return value
}
