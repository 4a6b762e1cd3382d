// The plan form as the phone edits it (strings for what is typed), its
// conversion to and from the API's PlanInput, and the checks done before
// anything is sent. Error keys are the server's field paths
// ("posts[0].pay_fen"), so the phone's and the server's messages land on the
// same input.
import type { Plan, PlanInput, PlanType, Post, SpecialCovers, Staff } from '../api/types'
import { messages, type Messages } from '../messages'
import { fenToYuan, isValidDate, parseInteger, yuanToFen } from '../validation/formats'

export type StepKey = 'basics' | 'posts' | 'safety' | 'check'
export const STEPS: readonly StepKey[] = ['basics', 'posts', 'safety', 'check']

/** What the form shows about a post beside the numbers the school types. */
export type PostRef = Pick<
  Post,
  | 'wage_fen'
  | 'hours_per_day'
  | 'hours_per_week'
  | 'shift_start'
  | 'shift_end'
  | 'labour_grade'
  | 'high_risk'
  | 'major_category'
  | 'works_rest_days'
  | 'headcount'
>

export interface PostLineForm {
  post_id: string
  post_name: string
  enterprise_id: string
  enterprise_name: string
  planned_count: string
  /** Monthly pay in yuan as typed, e.g. "3400" or "3400.50". */
  pay: string
  ref: PostRef | null
}

export interface SpecialForm {
  covers: SpecialCovers | ''
  post_id: string
  reason: string
}

export interface PlanForm {
  type: PlanType
  title: string
  major: string
  major_category: string
  cohort: string
  starts_on: string
  ends_on: string
  content: string
  safety_measures: string
  emergency_plan: string
  insurance_arrangement: string
  posts: PostLineForm[]
  special: SpecialForm[]
  /** Teachers of the school who instruct (Art 8), by user id. */
  instructor_ids: string[]
  /**
   * Mentors of the hosts (Art 8), by user id: only mentors of an enterprise
   * that hosts one of the plan's posts (see mentorChoices, keepOfferedMentors).
   */
  mentor_ids: string[]
  /** Instructors (among instructor_ids) on site for the whole period; needed for a host abroad (Art 25). */
  on_site_instructor_ids: string[]
}

export const BASIC_FIELDS = ['type', 'title', 'major', 'major_category', 'cohort', 'starts_on', 'ends_on'] as const
export const SAFETY_FIELDS = ['content', 'safety_measures', 'emergency_plan', 'insurance_arrangement'] as const
export const STAFF_FIELDS = ['instructor_ids', 'mentor_ids'] as const
export const SPECIAL_COVERS: readonly SpecialCovers[] = ['night', 'restday', 'highrisk', 'overtime']

const MAX_TEXT = 20000

export function emptyPlanForm(): PlanForm {
  return {
    type: 'post',
    title: '',
    major: '',
    major_category: '',
    cohort: '',
    starts_on: '',
    ends_on: '',
    content: '',
    safety_measures: '',
    emergency_plan: '',
    insurance_arrangement: '',
    posts: [],
    special: [],
    instructor_ids: [],
    mentor_ids: [],
    on_site_instructor_ids: [],
  }
}

export function postLineFromPost(post: Post, enterpriseName: string): PostLineForm {
  return {
    post_id: post.id,
    post_name: post.name,
    enterprise_id: post.enterprise_id,
    enterprise_name: enterpriseName,
    planned_count: '',
    pay: '',
    ref: refOf(post),
  }
}

export function refOf(post: Post): PostRef {
  return {
    wage_fen: post.wage_fen,
    hours_per_day: post.hours_per_day,
    hours_per_week: post.hours_per_week,
    shift_start: post.shift_start,
    shift_end: post.shift_end,
    labour_grade: post.labour_grade,
    high_risk: post.high_risk,
    major_category: post.major_category,
    works_rest_days: post.works_rest_days,
    headcount: post.headcount,
  }
}

/** The form of a saved plan; refs come from the host posts when known. */
export function formFromPlan(plan: Plan, refs: ReadonlyMap<string, PostRef> = new Map()): PlanForm {
  return {
    type: plan.type,
    title: plan.title,
    major: plan.major,
    major_category: plan.major_category,
    cohort: plan.cohort,
    starts_on: plan.starts_on,
    ends_on: plan.ends_on,
    content: plan.content ?? '',
    safety_measures: plan.safety_measures ?? '',
    emergency_plan: plan.emergency_plan ?? '',
    insurance_arrangement: plan.insurance_arrangement ?? '',
    posts: plan.posts.map((p) => ({
      post_id: p.post_id,
      post_name: p.post_name,
      enterprise_id: p.enterprise_id,
      enterprise_name: p.enterprise_name,
      planned_count: String(p.planned_count),
      pay: fenToYuan(p.pay_fen),
      ref: refs.get(p.post_id) ?? null,
    })),
    special: plan.special_arrangements.map((s) => ({ covers: s.covers, post_id: s.post_id, reason: s.reason })),
    instructor_ids: (plan.instructors ?? []).map((s) => s.user_id),
    mentor_ids: (plan.mentors ?? []).map((s) => s.user_id),
    on_site_instructor_ids: (plan.instructors ?? []).filter((s) => s.on_site).map((s) => s.user_id),
  }
}

/** The request body; call only after validatePlanForm found nothing. */
export function toPlanInput(form: PlanForm): PlanInput {
  return {
    type: form.type,
    title: form.title.trim(),
    major: form.major.trim(),
    major_category: form.major_category.trim(),
    cohort: form.cohort.trim(),
    starts_on: form.starts_on,
    ends_on: form.ends_on,
    content: form.content,
    safety_measures: form.safety_measures,
    emergency_plan: form.emergency_plan,
    insurance_arrangement: form.insurance_arrangement,
    posts: form.posts.map((p) => ({
      post_id: p.post_id,
      planned_count: parseInteger(p.planned_count) ?? 0,
      pay_fen: yuanToFen(p.pay) ?? 0,
    })),
    special_arrangements: form.special
      .filter((s) => s.covers !== '')
      .map((s) => ({ covers: s.covers as SpecialCovers, post_id: s.post_id, reason: s.reason.trim() })),
    instructor_ids: [...form.instructor_ids],
    mentor_ids: [...form.mentor_ids],
    on_site_instructor_ids: form.on_site_instructor_ids.filter((id) => form.instructor_ids.includes(id)),
  }
}

/** A mentor the form can offer: an enterprise mentor and the enterprise they work for. */
export interface MentorChoice {
  id: string
  display_name: string
  org_id: string
  org_name: string
}

/** The host enterprises of the posts chosen, by id. */
export function planHostIds(posts: readonly Pick<PostLineForm, 'enterprise_id'>[]): Set<string> {
  return new Set(posts.map((p) => p.enterprise_id))
}

/**
 * The mentors step 3 offers: those of the listed mentors who work for a host
 * of a chosen post, hosts in the order of the posts. A mentor the saved plan
 * names but the list lacks (the list failed or is longer than one page) is
 * placed at the host whose name the plan gives for them, so that a saved
 * choice stays visible and can be unticked while that host is in the plan.
 */
export function mentorChoices(
  listed: readonly MentorChoice[],
  named: readonly Staff[],
  posts: readonly Pick<PostLineForm, 'enterprise_id' | 'enterprise_name'>[],
): MentorChoice[] {
  const order = [...planHostIds(posts)]
  const hostByName = new Map(posts.map((p) => [p.enterprise_name, p.enterprise_id]))
  const known = new Set(listed.map((u) => u.id))
  const out = listed.filter((u) => order.includes(u.org_id))
  for (const s of named) {
    const org = hostByName.get(s.org_name)
    if (org && !known.has(s.user_id)) out.push({ id: s.user_id, display_name: s.display_name, org_id: org, org_name: s.org_name })
  }
  // Array.prototype.sort is stable: within a host the list's order stays.
  return out.sort((a, b) => order.indexOf(a.org_id) - order.indexOf(b.org_id))
}

/**
 * The ticked mentors that are still offered. When the last post of a host
 * leaves the plan its mentors leave the choice too, so the server is never
 * sent a mentor of an enterprise the plan does not use.
 */
export function keepOfferedMentors(selected: readonly string[], offered: readonly Pick<MentorChoice, 'id'>[]): string[] {
  const ids = new Set(offered.map((o) => o.id))
  return selected.filter((id) => ids.has(id))
}

/** The least monthly pay in fen that meets 80% of the reference wage (Art 18). */
export function payFloorFen(wageFen: number): number {
  // Integer arithmetic, as the server's rule: ceil(wage × 80 / 100).
  return Math.floor((wageFen * 80 + 99) / 100)
}

function textLength(text: string): number {
  return [...text].length
}

/**
 * Every problem of the steps asked for, keyed by the server's field path.
 * Checks mirror the server's (required fields, lengths, dates, counts, pay).
 */
export function validatePlanForm(
  form: PlanForm,
  steps: readonly StepKey[] = STEPS,
  m: Messages = messages,
): Record<string, string> {
  const v = m.validation
  const f = m.plans.fields
  const found: Record<string, string> = {}
  if (steps.includes('basics')) {
    const required: Array<[keyof PlanForm & string, string, number]> = [
      ['title', f.title, 128],
      ['major', f.major, 64],
      ['major_category', f.major_category, 64],
      ['cohort', f.cohort, 32],
    ]
    for (const [key, label, max] of required) {
      const value = String(form[key]).trim()
      if (!value) found[key] = v.required(label)
      else if (textLength(value) > max) found[key] = v.tooLong(label, max)
    }
    if (form.type !== 'cognitive' && form.type !== 'post') found.type = v.choose(f.type)
    if (!form.starts_on) found.starts_on = v.required(f.starts_on)
    else if (!isValidDate(form.starts_on)) found.starts_on = v.date(f.starts_on)
    if (!form.ends_on) found.ends_on = v.required(f.ends_on)
    else if (!isValidDate(form.ends_on)) found.ends_on = v.date(f.ends_on)
    else if (!found.starts_on && form.ends_on < form.starts_on) found.ends_on = m.plans.form.endBeforeStart
  }
  if (steps.includes('posts')) {
    if (form.posts.length === 0) found.posts = m.plans.form.noPosts
    const seen = new Set<string>()
    form.posts.forEach((line, i) => {
      if (seen.has(line.post_id)) found[`posts[${i}].post_id`] = m.plans.form.duplicatePost
      seen.add(line.post_id)
      const count = parseInteger(line.planned_count)
      if (line.planned_count.trim() === '') found[`posts[${i}].planned_count`] = v.required(f.planned_count)
      else if (count === null || count < 1 || count > 100_000)
        found[`posts[${i}].planned_count`] = v.integerRange(f.planned_count, 1, 100_000)
      if (line.pay.trim() === '') found[`posts[${i}].pay_fen`] = v.required(f.pay)
      else if (yuanToFen(line.pay) === null) found[`posts[${i}].pay_fen`] = v.wage
    })
  }
  if (steps.includes('safety')) {
    for (const key of SAFETY_FIELDS) {
      if (textLength(form[key]) > MAX_TEXT) found[key] = v.tooLong(f[key], MAX_TEXT)
    }
    const postIds = new Set(form.posts.map((p) => p.post_id))
    const seen = new Set<string>()
    form.special.forEach((s, i) => {
      if (!s.covers) found[`special_arrangements[${i}].covers`] = v.choose(m.plans.form.specialCovers)
      if (!s.post_id || !postIds.has(s.post_id)) found[`special_arrangements[${i}].post_id`] = v.choose(m.plans.form.specialPost)
      const reason = s.reason.trim()
      if (!reason) found[`special_arrangements[${i}].reason`] = v.required(m.plans.form.specialReason)
      else if (textLength(reason) > 2000) found[`special_arrangements[${i}].reason`] = v.tooLong(m.plans.form.specialReason, 2000)
      const key = `${s.covers}:${s.post_id}`
      if (s.covers && s.post_id && seen.has(key)) found[`special_arrangements[${i}].covers`] = m.plans.form.duplicateSpecial
      seen.add(key)
    })
  }
  return found
}

/** Which step shows a field: "posts[2].pay_fen" → posts. null: none (e.g. "plan"). */
export function stepOfField(field: string): StepKey | null {
  const root = field.replace(/[[.].*$/, '')
  if ((BASIC_FIELDS as readonly string[]).includes(root)) return 'basics'
  if (root === 'posts') return 'posts'
  if (
    (SAFETY_FIELDS as readonly string[]).includes(root) ||
    (STAFF_FIELDS as readonly string[]).includes(root) ||
    root === 'special_arrangements'
  )
    return 'safety'
  return null
}

/**
 * True for a key this form can show beside an input. The server names one
 * person of a list ("instructor_ids[1]"); the message lands on the list.
 */
export function isPlanFormField(field: string): boolean {
  if (/^posts\[\d+\]\.(post_id|planned_count|pay_fen)$/.test(field)) return true
  if (/^special_arrangements\[\d+\]\.(covers|post_id|reason)$/.test(field)) return true
  return (
    field === 'posts' ||
    field === 'special_arrangements' ||
    (BASIC_FIELDS as readonly string[]).includes(field) ||
    (SAFETY_FIELDS as readonly string[]).includes(field) ||
    (STAFF_FIELDS as readonly string[]).includes(field)
  )
}

/** How long the form waits after the last keystroke before checking live. */
export const LIVE_CHECK_DELAY_MS = 600

/**
 * The body the live check may send, or null while the form is not yet
 * complete enough for the server to build the plan: the rules need the
 * basics and every post line, and a body the server would only refuse with
 * field errors costs a round trip that tells nothing new.
 */
export function liveCheckBody(form: PlanForm): PlanInput | null {
  const found = validatePlanForm(form, ['basics', 'posts', 'safety'])
  return Object.keys(found).length === 0 ? toPlanInput(form) : null
}

/**
 * Up to `max` suggestions to offer under a field: the used values that are
 * not what the field holds already, in the server's order (most recent first).
 */
export function offeredSuggestions(used: readonly string[], current: string, max = 6): string[] {
  const value = current.trim()
  return used.filter((u) => u !== value).slice(0, max)
}
