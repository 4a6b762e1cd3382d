import { describe, expect, it } from 'vitest'
import type { Division, Plan, PlanChange, PlanVersion, Rule, RuleResult } from '../../src/api/types'
import { fenToYuan, yuanToFen } from '../../src/validation/formats'
import {
  emptyPlanForm,
  formFromPlan,
  isPlanFormField,
  keepOfferedMentors,
  mentorChoices,
  payFloorFen,
  stepOfField,
  toPlanInput,
  validatePlanForm,
  type PlanForm,
} from '../../src/plans/form'
import { failingByStep, failingWith, groupResults, summarize } from '../../src/plans/rules'
import { mapErrorDetails } from '../../src/forms/fieldErrors'
import { fieldLabel, formatChange, latestReturn, parseReasons, reasonField, reasonsByField } from '../../src/plans/review'
import { BROWSE_STATUSES, countyOptions, filtersFromQuery, queryFromFilters, reviewBackTarget } from '../../src/plans/browse'
import { messages } from '../../src/messages'

const POST_ID = '0190d3a0-0000-7000-8000-000000000001'
const ENT_ID = '0190d3a0-0000-7000-8000-0000000000e1'
const TEACHER_ID = '0190d3a0-0000-7000-8000-0000000000a1'
const MENTOR_ID = '0190d3a0-0000-7000-8000-0000000000b1'
const OTHER_ENT_ID = '0190d3a0-0000-7000-8000-0000000000e2'
const OFF_LIST_ENT_ID = '0190d3a0-0000-7000-8000-0000000000e3'

describe('yuan and fen', () => {
  it.each([
    ['3360.00', 336000],
    ['3400', 340000],
    ['0.1', 10],
    ['0.29', 29], // 0.29 * 100 is 28.999999999999996 in floating point
    ['1.005', null], // three decimals
    ['4200.5', 420050],
    ['19.99', 1999],
    ['-1', null],
    ['', null],
    ['1e3', null],
  ])('%s 元 → %s 分', (yuan, fen) => {
    expect(yuanToFen(yuan)).toBe(fen)
  })

  it('round-trips every cent of a range without drift', () => {
    for (let fen = 0; fen <= 100_000; fen += 7) expect(yuanToFen(fenToYuan(fen))).toBe(fen)
  })

  it('computes the 80% pay floor as the server does (rounded up to the fen)', () => {
    expect(payFloorFen(420000)).toBe(336000)
    expect(payFloorFen(100001)).toBe(80001) // 80000.8 → 80001
    expect(payFloorFen(0)).toBe(0)
    expect(payFloorFen(1)).toBe(1)
  })
})

function filledForm(): PlanForm {
  return {
    ...emptyPlanForm(),
    title: '2024级数控岗位实习方案',
    major: '数控技术应用',
    major_category: '装备制造大类',
    cohort: '2024级',
    starts_on: '2026-12-28',
    ends_on: '2027-03-28',
    posts: [
      {
        post_id: POST_ID,
        post_name: '数控车床操作员',
        enterprise_id: ENT_ID,
        enterprise_name: '巴中经开区精工机械有限公司',
        planned_count: '6',
        pay: '3400',
        ref: null,
      },
    ],
  }
}

describe('plan form', () => {
  it('accepts a complete form and converts pay to integer fen', () => {
    const form = filledForm()
    form.posts[0]!.pay = '3360.00'
    expect(validatePlanForm(form)).toEqual({})
    const input = toPlanInput(form)
    expect(input.posts).toEqual([{ post_id: POST_ID, planned_count: 6, pay_fen: 336000 }])
    expect(input.special_arrangements).toEqual([])
  })

  it('reports every missing field of every step at once, keyed by server field paths', () => {
    const form = emptyPlanForm()
    form.special.push({ covers: '', post_id: '', reason: ' ' })
    const errors = validatePlanForm(form)
    expect(Object.keys(errors).sort()).toEqual(
      [
        'cohort',
        'ends_on',
        'major',
        'major_category',
        'posts',
        'special_arrangements[0].covers',
        'special_arrangements[0].post_id',
        'special_arrangements[0].reason',
        'starts_on',
        'title',
      ].sort(),
    )
  })

  it('checks only the steps asked for', () => {
    expect(Object.keys(validatePlanForm(emptyPlanForm(), ['posts']))).toEqual(['posts'])
  })

  it('refuses an end before the start, counts below 1 and negative or over-precise pay', () => {
    const form = filledForm()
    form.ends_on = '2026-12-27'
    form.posts[0]!.planned_count = '0'
    form.posts[0]!.pay = '-5'
    const errors = validatePlanForm(form)
    expect(errors.ends_on).toBe('结束日期不能早于开始日期')
    expect(errors['posts[0].planned_count']).toMatch(/计划人数/)
    expect(errors['posts[0].pay_fen']).toBeTruthy()
    form.ends_on = form.starts_on // one-day internship is fine
    form.posts[0]!.planned_count = '1'
    form.posts[0]!.pay = '0'
    expect(validatePlanForm(form)).toEqual({})
    form.posts[0]!.pay = '12.345'
    expect(validatePlanForm(form)['posts[0].pay_fen']).toBeTruthy()
  })

  it('maps field paths to steps', () => {
    expect(stepOfField('title')).toBe('basics')
    expect(stepOfField('ends_on')).toBe('basics')
    expect(stepOfField('posts[3].pay_fen')).toBe('posts')
    expect(stepOfField('posts')).toBe('posts')
    expect(stepOfField('special_arrangements[0].reason')).toBe('safety')
    expect(stepOfField('insurance_arrangement')).toBe('safety')
    expect(stepOfField('plan')).toBeNull()
    expect(isPlanFormField('posts[0].planned_count')).toBe(true)
    expect(isPlanFormField('posts[0].bogus')).toBe(false)
    expect(isPlanFormField('exemption_requests[0].reason')).toBe(false)
  })

  it('fills the form from a saved plan with pay back in yuan', () => {
    const plan = {
      type: 'post',
      title: 't',
      major: 'm',
      major_category: 'c',
      cohort: '2024级',
      starts_on: '2026-12-28',
      ends_on: '2027-03-28',
      content: 'x',
      posts: [
        { post_id: POST_ID, post_name: 'p', enterprise_id: ENT_ID, enterprise_name: 'e', planned_count: 8, pay_fen: 340050 },
      ],
      special_arrangements: [{ covers: 'night', post_id: POST_ID, reason: 'r' }],
    } as unknown as Plan
    const form = formFromPlan(plan)
    expect(form.posts[0]).toMatchObject({ planned_count: '8', pay: '3400.50', ref: null })
    expect(form.safety_measures).toBe('')
    expect(toPlanInput(form).posts[0]!.pay_fen).toBe(340050)
    expect(toPlanInput(form).special_arrangements).toEqual([{ covers: 'night', post_id: POST_ID, reason: 'r' }])
    // A plan of before Art 8 staff were recorded names nobody.
    expect(toPlanInput(form)).toMatchObject({ instructor_ids: [], mentor_ids: [] })
  })

  it('sends the chosen instructors and mentors, as loaded and as ticked', () => {
    expect(toPlanInput(emptyPlanForm())).toMatchObject({ instructor_ids: [], mentor_ids: [] })
    const plan = {
      ...emptyPlanForm(),
      special_arrangements: [],
      posts: [],
      instructors: [{ user_id: TEACHER_ID, display_name: '赵明', org_name: '通江县职业高级中学' }],
      mentors: [{ user_id: MENTOR_ID, display_name: '孙师傅', org_name: '巴中经开区精工机械有限公司' }],
    } as unknown as Plan
    const form = formFromPlan(plan)
    expect(form.instructor_ids).toEqual([TEACHER_ID])
    expect(form.mentor_ids).toEqual([MENTOR_ID])
    form.instructor_ids.push(POST_ID)
    const input = toPlanInput(form)
    expect(input.instructor_ids).toEqual([TEACHER_ID, POST_ID])
    expect(input.mentor_ids).toEqual([MENTOR_ID])
    // The body is a copy: later ticks do not change what was sent.
    form.instructor_ids.pop()
    expect(input.instructor_ids).toHaveLength(2)
  })

  it('offers only the mentors of the hosts of the chosen posts, hosts in post order', () => {
    const jinggong = { enterprise_id: ENT_ID, enterprise_name: '巴中经开区精工机械有限公司' }
    const other = { enterprise_id: OTHER_ENT_ID, enterprise_name: '巴中云顶食品有限公司' }
    const listed = [
      { id: 'm-other', display_name: '李师傅', org_id: OTHER_ENT_ID, org_name: other.enterprise_name },
      { id: MENTOR_ID, display_name: '孙师傅', org_id: ENT_ID, org_name: jinggong.enterprise_name },
      { id: 'm-off', display_name: '王师傅', org_id: OFF_LIST_ENT_ID, org_name: '不在方案中的单位' },
    ]
    expect(mentorChoices(listed, [], [])).toEqual([])
    expect(mentorChoices(listed, [], [jinggong, jinggong]).map((c) => c.display_name)).toEqual(['孙师傅'])
    expect(mentorChoices(listed, [], [jinggong, other]).map((c) => c.display_name)).toEqual(['孙师傅', '李师傅'])
    // A mentor the saved plan names but the list lacks stays offered at its host
    // while that host is in the plan, and is not offered once it has left.
    const named = [{ user_id: 'm-named', display_name: '周师傅', org_name: other.enterprise_name, on_site: false }]
    expect(mentorChoices([], named, [jinggong, other])).toEqual([
      { id: 'm-named', display_name: '周师傅', org_id: OTHER_ENT_ID, org_name: other.enterprise_name },
    ])
    expect(mentorChoices([], named, [jinggong])).toEqual([])
    // The list's own entry wins over the plan's, and never doubles it.
    const again = [{ user_id: MENTOR_ID, display_name: '孙师傅', org_name: jinggong.enterprise_name, on_site: false }]
    expect(mentorChoices(listed, again, [jinggong])).toHaveLength(1)
  })

  it('drops the ticked mentors of a host whose last post left the plan', () => {
    const jinggong = { enterprise_id: ENT_ID, enterprise_name: '巴中经开区精工机械有限公司' }
    const other = { enterprise_id: OTHER_ENT_ID, enterprise_name: '巴中云顶食品有限公司' }
    const listed = [
      { id: MENTOR_ID, display_name: '孙师傅', org_id: ENT_ID, org_name: jinggong.enterprise_name },
      { id: 'm-other', display_name: '李师傅', org_id: OTHER_ENT_ID, org_name: other.enterprise_name },
    ]
    const ticked = [MENTOR_ID, 'm-other']
    // Two posts at 精工, one at the other host: removing one 精工 post changes nothing.
    expect(keepOfferedMentors(ticked, mentorChoices(listed, [], [jinggong, jinggong, other]))).toEqual(ticked)
    expect(keepOfferedMentors(ticked, mentorChoices(listed, [], [jinggong, other]))).toEqual(ticked)
    // The other host's only post goes: so does its mentor.
    expect(keepOfferedMentors(ticked, mentorChoices(listed, [], [jinggong]))).toEqual([MENTOR_ID])
    expect(keepOfferedMentors(ticked, mentorChoices(listed, [], []))).toEqual([])
    // A mentor of an enterprise that is not even on the list is never kept.
    expect(keepOfferedMentors(['stranger'], mentorChoices(listed, [], [jinggong, other]))).toEqual([])
  })

  it('puts the server message about one instructor or mentor on its list, in step 3', () => {
    const mapped = mapErrorDetails(
      [
        { field: 'instructor_ids[1]', message: '须为本校的实习指导教师（不可重复）' },
        { field: 'mentor_ids.0', message: '须为本方案实习单位的企业导师（不可重复）' },
      ],
      isPlanFormField,
    )
    expect(mapped).toEqual({
      fields: { instructor_ids: '须为本校的实习指导教师（不可重复）', mentor_ids: '须为本方案实习单位的企业导师（不可重复）' },
      unmatched: [],
    })
    expect(stepOfField('instructor_ids[1]')).toBe('safety')
    expect(stepOfField('mentor_ids')).toBe('safety')
  })
})

const REGISTRY: Rule[] = [
  { id: 'R-VENUE', article: '16(5)', effect: 'block', title: 'venue', applies_to: ['cognitive', 'post'], level: 'plan' },
  { id: 'R-MAJOR', article: '8', effect: 'override', title: 'major', applies_to: ['cognitive', 'post'], level: 'plan' },
  { id: 'R-NIGHT', article: '17', effect: 'block', title: 'night', applies_to: ['cognitive', 'post'], level: 'plan' },
  { id: 'R-PAY', article: '18', effect: 'block', title: 'pay', applies_to: ['post'], level: 'plan' },
  { id: 'R-LEADTIME', article: 'local', effect: 'warn', title: 'lead', applies_to: ['cognitive', 'post'], level: 'plan' },
]

function result(rule: string, effect: RuleResult['effect'], passed: boolean, subject = 'plan', covered = false): RuleResult {
  return { rule, article: '', effect, passed, covered, subject, message: `${rule} ${subject} ${passed}` }
}

describe('rule check grouping', () => {
  const results = [
    result('R-VENUE', 'block', true, 'host:a'),
    result('R-VENUE', 'block', true, 'host:b'),
    result('R-MAJOR', 'override', true, 'post:1'),
    result('R-MAJOR', 'override', false, 'post:2'),
    result('R-NIGHT', 'block', true, 'post:1', true),
    result('R-PAY', 'block', false, 'post:1'),
    result('R-PAY', 'block', false, 'post:2'),
    result('R-LEADTIME', 'warn', false),
    result('R-EXTRA', 'route', true),
  ]

  it('gives one row per rule in registry order, failing results first, unknown rules last', () => {
    const rows = groupResults(REGISTRY, results)
    expect(rows.map((r) => [r.id, r.passed])).toEqual([
      ['R-VENUE', true],
      ['R-MAJOR', false],
      ['R-NIGHT', true],
      ['R-PAY', false],
      ['R-LEADTIME', false],
      ['R-EXTRA', true],
    ])
    expect(rows[0]!.results).toHaveLength(2) // all passing results kept
    expect(rows[1]!.results.map((r) => r.subject)).toEqual(['post:2']) // only the failing one
    expect(rows[2]!.covered).toBe(true)
    expect(summarize(rows)).toEqual({ total: 6, passed: 3, failed: 3, blocking: 1 })
    expect(failingWith(rows, 'override').map((r) => r.id)).toEqual(['R-MAJOR'])
  })

  it('shows every rule as not yet checked before a check', () => {
    const rows = groupResults(REGISTRY, null)
    expect(rows).toHaveLength(REGISTRY.length)
    expect(rows.every((r) => r.passed === null)).toBe(true)
    expect(failingByStep(rows).check).toEqual([])
  })

  it('places failing rules beside the steps that can fix them', () => {
    const byStep = failingByStep(groupResults(REGISTRY, results))
    expect(byStep.basics.map((r) => r.id)).toEqual(['R-MAJOR', 'R-LEADTIME'])
    expect(byStep.posts.map((r) => r.id)).toEqual(['R-MAJOR', 'R-PAY'])
    expect(byStep.safety).toEqual([])
    expect(byStep.check.map((r) => r.id)).toEqual(['R-MAJOR', 'R-PAY', 'R-LEADTIME'])
  })
})

describe('return reasons', () => {
  const versions = [
    { version: 1, snapshot: {}, submitted_at: '', outcome: 'returned', reasons: [{ field: 'title', message: 'old' }] },
    {
      version: 2,
      snapshot: {},
      submitted_at: '',
      outcome: 'returned',
      reasons: [
        { field: 'posts', message: '人数偏少' },
        { field: 'posts[0].planned_count', message: '请核对' },
        { field: 'starts_on', message: '日期' },
        { field: 'whatever', message: '整体' },
        { field: 'safety_measures', message: '  ' },
        'junk',
      ],
    },
    { version: 3, snapshot: {}, submitted_at: '', outcome: null, reasons: null },
  ] as unknown as PlanVersion[]

  it('reads the newest returned version and drops malformed reasons', () => {
    const last = latestReturn(versions)
    expect(last?.version).toBe(2)
    expect(last?.reasons).toHaveLength(4)
    expect(latestReturn([])).toBeNull()
    expect(parseReasons(null)).toEqual([])
    expect(parseReasons([{ message: 'x' }])).toEqual([{ field: 'plan', message: 'x' }])
  })

  it('maps each reason to the form field it is about', () => {
    const byField = reasonsByField(latestReturn(versions)!.reasons)
    expect(byField.posts).toEqual(['人数偏少', '请核对'])
    expect(byField.starts_on).toEqual(['日期'])
    expect(byField.plan).toEqual(['整体'])
    expect(reasonField('special_arrangements[night:x]')).toBe('special_arrangements')
    expect(fieldLabel('posts')).toBe('岗位与人数')
    expect(fieldLabel('safety_measures')).toBe('安全保障措施')
    expect(fieldLabel('nonsense')).toBe('方案整体')
  })
})

describe('diff formatting', () => {
  const post = { post_id: POST_ID, post_name: '数控车床操作员', enterprise_id: ENT_ID, enterprise_name: '精工', planned_count: 6, pay_fen: 340000 }

  it('shows a changed post as its changed numbers only', () => {
    const change: PlanChange = { field: `posts[${POST_ID}]`, label: '岗位“数控车床操作员”', kind: 'changed', before: post, after: { ...post, planned_count: 8 } }
    const row = formatChange(change)
    expect(row.kind).toBe('changed')
    expect(row.lines).toEqual([{ name: '计划人数', before: '6 人', after: '8 人' }])
    const both = formatChange({ ...change, after: { ...post, planned_count: 8, pay_fen: 350050 } })
    expect(both.lines[1]).toEqual({ name: '月报酬', before: '3400.00 元', after: '3500.50 元' })
  })

  it('describes added and removed posts and special arrangements whole', () => {
    const added = formatChange({ field: 'posts[x]', label: '岗位“数控车床操作员”', kind: 'added', before: null, after: post })
    expect(added.lines).toEqual([{ name: '岗位“数控车床操作员”', before: '', after: '精工 · 数控车床操作员：计划 6 人，月报酬 3400.00 元' }])
    const removed = formatChange({ field: 'posts[x]', label: 'p', kind: 'removed', before: post, after: null })
    expect(removed.lines[0]!.after).toBe('')
    expect(removed.lines[0]!.before).toContain('计划 6 人')
    const special = formatChange({
      field: 'special_arrangements[night:x]',
      label: '特殊安排',
      kind: 'added',
      after: { covers: 'night', post_id: POST_ID, reason: '设备连续运转' },
    })
    expect(special.lines[0]!.after).toBe('夜班：设备连续运转')
    const mentor = formatChange({
      field: `mentors[${MENTOR_ID}]`,
      label: '企业导师',
      kind: 'added',
      after: { user_id: MENTOR_ID, display_name: '孙师傅', org_name: '精工' },
    })
    expect(mentor.lines).toEqual([{ name: '企业导师', before: '', after: '孙师傅 · 精工' }])
  })

  it('shows scalar fields as before and after text, with the plan type in words', () => {
    expect(formatChange({ field: 'title', label: '方案名称', kind: 'changed', before: 'a', after: 'b' }).lines).toEqual([
      { name: '方案名称', before: 'a', after: 'b' },
    ])
    expect(formatChange({ field: 'type', label: '实习类型', kind: 'changed', before: 'cognitive', after: 'post' }).lines[0]).toEqual({
      name: '实习类型',
      before: '认识实习',
      after: '岗位实习',
    })
  })
})

describe('全部方案 filters', () => {
  const SCHOOL = '0190d3a0-0000-7000-8000-0000000000c1'

  it('reads the filters from the query string and writes them back the same', () => {
    const query = { status: 'approved', type: 'post', division: '511922', school_id: SCHOOL, school_name: '南江县小河职业中学' }
    const filters = filtersFromQuery(query)
    expect(filters).toEqual({ status: 'approved', type: 'post', county: '511922', school: { id: SCHOOL, name: '南江县小河职业中学' } })
    expect(queryFromFilters(filters)).toEqual(query)
  })

  it('reads anything unknown or malformed as 全部 and leaves 全部 out of the query', () => {
    const filters = filtersFromQuery({ status: 'draft', type: ['nope'], division: '5119', school_id: 'not-a-uuid', school_name: 'x' })
    expect(filters).toEqual({ status: '', type: '', county: '', school: null })
    expect(queryFromFilters(filters)).toEqual({})
    expect(filtersFromQuery({ status: ['returned', 'approved'] }).status).toBe('returned')
    expect(filtersFromQuery({ school_id: SCHOOL }).school).toEqual({ id: SCHOOL, name: SCHOOL })
  })

  it('labels every status choice', () => {
    const labels = BROWSE_STATUSES.map((s) => messages.plans.browse.statuses[s || 'all'])
    expect(labels).toEqual(['全部状态', '待审核', '已备案', '已退回', '待企业会签', '已会签', '实施中', '已完成', '已撤销', '未通过', '已撤回'])
  })

  it('offers every state a bureau meets, never the school\'s unsent draft', () => {
    expect(BROWSE_STATUSES).not.toContain('draft')
    expect(new Set(BROWSE_STATUSES).size).toBe(BROWSE_STATUSES.length)
  })

  it('offers a city auditor the counties under it, and a county auditor none', () => {
    const d = (code: string, parent: string | null, name: string) =>
      ({ code, parent_code: parent, name, level: parent ? 'county' : 'city' }) as Division
    const all = [d('511900', '510000', '巴中市'), d('511922', '511900', '南江县'), d('511921', '511900', '通江县'), d('511702', '511700', '通川区')]
    expect(countyOptions(all, '511900').map((x) => x.name)).toEqual(['通江县', '南江县'])
    expect(countyOptions(all, '511921')).toEqual([])
    expect(countyOptions(all, null)).toEqual([])
  })

  it('leads the review page back to the list it was opened from', () => {
    expect(reviewBackTarget('/plans/all?status=approved')).toBe('/plans/all?status=approved')
    expect(reviewBackTarget('/plans/all')).toBe('/plans/all')
    expect(reviewBackTarget('/plans/review')).toBe('/plans/review')
    expect(reviewBackTarget('/plans/allx')).toBe('/plans/review')
    expect(reviewBackTarget('https://evil.example/plans/all')).toBe('/plans/review')
    expect(reviewBackTarget(null)).toBe('/plans/review')
  })
})
