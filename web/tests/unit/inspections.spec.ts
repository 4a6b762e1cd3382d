import { describe, expect, it } from 'vitest'
import {
  boardFilterFrom,
  boardQuery,
  boardSections,
  campaignTone,
  canRecordComplaint,
  chainView,
  checklistOption,
  defaultResponsible,
  drawnTargetOptions,
  filterChecklist,
  findingHistory,
  findingTone,
  ledgerFileName,
  mergeOptions,
  nextStepText,
  noticeDate,
  parseCount,
  requiredText,
  responsibleOptions,
  severityTone,
  shortHash,
  validateCampaign,
  validateDraw,
  validateOrder,
} from '../../src/inspections/inspections'
import { evidenceBusy, evidenceIds, evidenceRoom, extensionFor, type EvidenceItem } from '../../src/inspections/evidence'
import { complaintTarget, matchOptions, placementOption, planOption } from '../../src/inspections/targets'
import { campaignPickLink, findingNewLink, findingNoticePath, findingPath } from '../../src/inspections/links'
import type { Draw, Finding } from '../../src/inspections/types'
import { divisionPrefix, inSubtree } from '../../src/composables/divisions'
import { manageLinks, routeRoles } from '../../src/access'
import { routes } from '../../src/router'

const SCHOOL = '0190a000-0000-7000-8000-000000000001'
const ENTERPRISE = '0190a000-0000-7000-8000-000000000002'

function finding(over: Partial<Finding> = {}): Finding {
  return {
    id: '0190a000-0000-7000-8000-0000000000f1',
    campaign_id: '0190a000-0000-7000-8000-0000000000c1',
    campaign_title: '春季岗位实习专项检查',
    bureau_name: '通江县教育局',
    basis_text: '',
    seq: 1,
    target_kind: 'school',
    target_id: SCHOOL,
    target_name: '通江县职业高级中学',
    school_id: SCHOOL,
    school_name: '通江县职业高级中学',
    enterprise_id: null,
    enterprise_name: '',
    rule: null,
    checklist_item: 'D-INSURANCE',
    article: '35',
    description: '未为学生投保实习责任保险',
    severity: 'serious',
    severity_name: '较重',
    evidence: [],
    complaint_id: null,
    discovered_by_name: '李秀英',
    discovered_on: '2026-03-02',
    status: 'recorded',
    status_name: '待下达整改',
    overdue: false,
    order_no: null,
    responsible_org_id: null,
    responsible_org_name: '',
    responsible_person: null,
    measure: null,
    deadline: null,
    submission_note: null,
    submission_evidence: [],
    reopen_reason: null,
    reopen_count: 0,
    ordered_at: null,
    submitted_at: null,
    verified_at: null,
    closed_at: null,
    created_at: '2026-03-02T02:00:00Z',
    actions: [],
    ...over,
  }
}

function draw(over: Partial<Draw> = {}): Draw {
  return {
    campaign_id: '0190a000-0000-7000-8000-0000000000c1',
    seed: 'abc',
    target_kind: 'school',
    algorithm: '…',
    target_candidates: [],
    inspector_candidates: [],
    targets: [
      { id: SCHOOL, name: '通江县职业高级中学' },
      { id: '0190a000-0000-7000-8000-000000000003', name: '巴中职业技术学院' },
    ],
    inspectors: [],
    drawn_by_name: '李秀英',
    drawn_at: '2026-03-01T01:00:00Z',
    ...over,
  }
}

describe('tag colours', () => {
  it('makes what waits on someone stand out and what is settled recede', () => {
    expect(campaignTone('draft')).toBe('warning')
    expect(campaignTone('open')).toBe('primary')
    expect(campaignTone('closed')).toBe('default')
    expect(findingTone('recorded')).toBe('warning')
    expect(findingTone('open')).toBe('warning')
    expect(findingTone('submitted')).toBe('primary')
    expect(findingTone('verified')).toBe('success')
    expect(findingTone('closed')).toBe('default')
    expect(severityTone('critical')).toBe('danger')
    expect(severityTone('serious')).toBe('warning')
    expect(severityTone('minor')).toBe('primary')
  })
})

describe('the rectification board', () => {
  it('reads its filter from the query string and sends the matching query', () => {
    expect(boardFilterFrom('overdue')).toBe('overdue')
    expect(boardFilterFrom('submitted')).toBe('submitted')
    expect(boardFilterFrom('nonsense')).toBe('all')
    expect(boardFilterFrom(['overdue'])).toBe('all')
    expect(boardQuery('all')).toEqual({})
    expect(boardQuery('overdue')).toEqual({ overdue: 'true' })
    expect(boardQuery('rectifying')).toEqual({ status: 'rectifying' })
  })

  it('puts overdue items first, keeping the server order inside each section', () => {
    const a = finding({ id: 'a', status: 'open', overdue: false, deadline: '2026-03-20' })
    const b = finding({ id: 'b', status: 'rectifying', overdue: true, deadline: '2026-03-01' })
    const c = finding({ id: 'c', status: 'closed', overdue: false })
    const d = finding({ id: 'd', status: 'verified', overdue: true, deadline: '2026-03-05' })
    // A later page may bring one more overdue item after the open ones.
    const sections = boardSections([a, c, b, d])
    expect(sections.map((s) => s.key)).toEqual(['overdue', 'active', 'closed'])
    expect(sections[0]!.items.map((f) => f.id)).toEqual(['b', 'd'])
    expect(sections[1]!.items.map((f) => f.id)).toEqual(['a'])
    expect(sections[2]!.items.map((f) => f.id)).toEqual(['c'])
  })

  it('leaves out empty sections', () => {
    expect(boardSections([])).toEqual([])
    expect(boardSections([finding({ status: 'open' })]).map((s) => s.key)).toEqual(['active'])
  })
})

describe('one finding', () => {
  it('tells its history oldest first, a send-back before the current submission', () => {
    const f = finding({
      status: 'submitted',
      order_no: 'ZG0190A000-001',
      ordered_at: '2026-03-02T03:00:00Z',
      reopen_count: 2,
      reopen_reason: '照片不清楚',
      submitted_at: '2026-03-09T03:00:00Z',
    })
    const steps = findingHistory(f)
    expect(steps.map((s) => s.key)).toEqual(['recorded', 'ordered', 'reopened', 'submitted'])
    expect(steps[0]!.detail).toBe('李秀英')
    expect(steps[1]!.detail).toBe('ZG0190A000-001')
    expect(steps[2]).toMatchObject({ at: null, detail: '照片不清楚' })
    expect(steps[2]!.label).toContain('2')
  })

  it('ends with verification and 销号 once done', () => {
    const f = finding({
      status: 'closed',
      ordered_at: '2026-03-02T03:00:00Z',
      submitted_at: '2026-03-09T03:00:00Z',
      verified_at: '2026-03-10T03:00:00Z',
      closed_at: '2026-03-11T03:00:00Z',
    })
    expect(findingHistory(f).map((s) => s.key)).toEqual(['recorded', 'ordered', 'submitted', 'verified', 'closed'])
  })

  it('says the next step: the caller’s own button first, else whose turn it is', () => {
    const m = (over: Partial<Finding>) => nextStepText(finding(over))
    expect(m({ status: 'recorded', actions: ['order'] })).toContain('下达整改')
    expect(m({ status: 'open', actions: ['start', 'submit'] })).toContain('开始整改')
    expect(m({ status: 'rectifying', actions: ['submit'] })).toContain('提交')
    expect(m({ status: 'submitted', actions: ['verify', 'reopen'] })).toContain('验收')
    expect(m({ status: 'verified', actions: ['close'] })).toContain('销号')
    expect(m({ status: 'recorded', actions: [] })).toBe('等待教育局下达整改要求。')
    expect(m({ status: 'submitted', actions: [] })).toBe('等待教育局验收。')
  })

  it('offers the school and the enterprise as the responsible unit, choosing only when there is one', () => {
    const both = finding({ target_kind: 'placement', enterprise_id: ENTERPRISE, enterprise_name: '精工机械' })
    expect(responsibleOptions(both).map((o) => [o.value, o.kind])).toEqual([
      [SCHOOL, 'school'],
      [ENTERPRISE, 'enterprise'],
    ])
    expect(responsibleOptions(both)[1]!.label).toContain('精工机械')
    expect(defaultResponsible(both)).toBe('')
    expect(defaultResponsible(finding())).toBe(SCHOOL)
    const ent = finding({ school_id: null, school_name: '', enterprise_id: ENTERPRISE, enterprise_name: '精工机械' })
    expect(defaultResponsible(ent)).toBe(ENTERPRISE)
  })
})

describe('pickers', () => {
  const items = [
    { id: 'D-INSURANCE', article: '35', text: '为实习学生投保实习责任保险' },
    { id: 'R-NIGHT', rule: 'R-NIGHT', article: '16(5)', text: '不得安排学生加班和夜班' },
  ]

  it('shows a checklist item with its article in legal style', () => {
    expect(checklistOption(items[1]!)).toEqual({
      value: 'R-NIGHT',
      label: '不得安排学生加班和夜班',
      description: '第十六条第（五）项 · R-NIGHT',
    })
  })

  it('finds checklist items by words, code or article', () => {
    expect(filterChecklist(items, '').length).toBe(2)
    expect(filterChecklist(items, '保险').map((i) => i.id)).toEqual(['D-INSURANCE'])
    expect(filterChecklist(items, 'r-night').map((i) => i.id)).toEqual(['R-NIGHT'])
    expect(filterChecklist(items, '35').map((i) => i.id)).toEqual(['D-INSURANCE'])
    expect(filterChecklist(items, '第十六条').map((i) => i.id)).toEqual(['R-NIGHT'])
  })

  it('offers the drawn targets first, only for the kind that was drawn', () => {
    expect(drawnTargetOptions(null, 'school')).toEqual([])
    expect(drawnTargetOptions(draw(), 'enterprise')).toEqual([])
    const drawn = drawnTargetOptions(draw(), 'school')
    expect(drawn.map((o) => o.value)).toEqual([SCHOOL, '0190a000-0000-7000-8000-000000000003'])
    expect(drawn[0]!.description).toBe('随机抽中')
    expect(drawnTargetOptions(draw(), 'school', '巴中').map((o) => o.label)).toEqual(['巴中职业技术学院'])
    const merged = mergeOptions(drawn, [
      { value: SCHOOL, label: '通江县职业高级中学', description: '通江县' },
      { value: 'x', label: '平昌县职业中学' },
    ])
    expect(merged.map((o) => o.value)).toEqual([SCHOOL, '0190a000-0000-7000-8000-000000000003', 'x'])
    expect(merged[0]!.description).toBe('随机抽中')
  })

  it('names plans and placements so they can be told apart, and searches both lines', () => {
    const plan = planOption({ id: 'p', title: '2026 届数控岗位实习', school_name: '通江职高', status_name: '已备案' })
    expect(plan).toEqual({ value: 'p', label: '2026 届数控岗位实习', description: '通江职高 · 已备案' })
    const placement = placementOption({
      id: 'pl',
      student_name: '杨小雨',
      post_name: '数控操作工',
      school_name: '通江职高',
      enterprise_name: '精工机械',
      status_name: '实习中',
    })
    expect(placement.label).toBe('杨小雨 · 数控操作工')
    expect(matchOptions([plan, placement], '精工').map((o) => o.value)).toEqual(['pl'])
    expect(matchOptions([plan, placement], ' ').length).toBe(2)
  })

  it('starts a finding from a complaint with its school, else its enterprise', () => {
    const c = { school_id: SCHOOL, school_name: '通江职高', enterprise_id: ENTERPRISE, enterprise_name: '精工', enterprise_matched: '精工机械' }
    expect(complaintTarget(c)).toEqual({ kind: 'school', option: { value: SCHOOL, label: '通江职高' } })
    expect(complaintTarget({ ...c, school_id: null })).toEqual({ kind: 'enterprise', option: { value: ENTERPRISE, label: '精工机械' } })
    expect(complaintTarget({ ...c, school_id: null, enterprise_id: null })).toBeNull()
  })
})

describe('the ledger', () => {
  const campaign = '0190a000-0000-7000-8000-0000000000c1'
  const head = 'a'.repeat(56) + '0123456789'

  it('reads the chain status of one campaign', () => {
    expect(chainView({ ok: true, rows_checked: 7, heads: { [campaign]: head } }, campaign)).toEqual({ state: 'ok', rows: 7, head })
    expect(chainView({ ok: true, rows_checked: 0, heads: {} }, campaign)).toEqual({ state: 'empty', rows: 0 })
    expect(
      chainView(
        { ok: false, rows_checked: 3, heads: {}, first_broken: { ledger_id: campaign, seq: 3, row_id: 9, reason: '本行哈希与其内容不符' } },
        campaign,
      ),
    ).toEqual({ state: 'broken', rows: 3, seq: 3, reason: '本行哈希与其内容不符' })
  })

  it('shortens a hash to its two ends', () => {
    expect(shortHash(head)).toBe('aaaaaaaa…23456789')
    expect(shortHash('abcd')).toBe('abcd')
  })

  it('names the export after the campaign, without characters a phone refuses', () => {
    expect(ledgerFileName('春季/专项:检查', 'xlsx')).toBe('春季 专项 检查-整改台账.xlsx')
    expect(ledgerFileName('   ', 'csv')).toBe('专项检查-整改台账.csv')
  })
})

describe('form checks', () => {
  it('checks the campaign form as the server does', () => {
    const ok = { title: '春季检查', division_code: '511921', starts_on: '2026-03-01', ends_on: '2026-03-31', methods: ['documents' as const] }
    expect(validateCampaign(ok)).toEqual({})
    const bad = validateCampaign({ title: ' ', division_code: '', starts_on: '2026-03-31', ends_on: '2026-03-01', methods: [] })
    expect(Object.keys(bad).sort()).toEqual(['division_code', 'ends_on', 'methods', 'title'])
    expect(validateCampaign({ ...ok, title: '检'.repeat(129) }).title).toContain('128')
    expect(validateCampaign({ ...ok, starts_on: '2026-02-30' }).starts_on).toBeTruthy()
  })

  it('takes whole numbers in range for the draw', () => {
    expect(parseCount(' 3 ')).toBe(3)
    expect(parseCount('3.5')).toBeNull()
    expect(parseCount('')).toBeNull()
    expect(validateDraw({ targets: '3', inspectors: '2', seed: '' })).toEqual({})
    expect(Object.keys(validateDraw({ targets: '0', inspectors: '51', seed: 'x'.repeat(65) })).sort()).toEqual([
      'inspectors',
      'seed',
      'targets',
    ])
  })

  it('refuses an order without a unit, a person, a measure or a deadline from today on', () => {
    const ok = { responsible_org_id: SCHOOL, responsible_person: '王校长', measure: '补办保险', deadline: '2026-03-20' }
    expect(validateOrder(ok, '2026-03-02')).toEqual({})
    expect(validateOrder({ ...ok, deadline: '2026-03-01' }, '2026-03-02').deadline).toBe('整改时限不能早于今天')
    expect(validateOrder({ ...ok, deadline: '2026-03-02' }, '2026-03-02')).toEqual({})
    expect(Object.keys(validateOrder({ responsible_org_id: '', responsible_person: '', measure: ' ', deadline: '' }, '2026-03-02')).sort()).toEqual([
      'deadline',
      'measure',
      'responsible_org_id',
      'responsible_person',
    ])
  })

  it('counts characters, not bytes, for required texts', () => {
    expect(requiredText('  ', '整改说明', 10)).toBe('请填写整改说明')
    expect(requiredText('整'.repeat(10), '整改说明', 10)).toBe('')
    expect(requiredText('整'.repeat(11), '整改说明', 10)).toContain('10')
  })
})

describe('the notice', () => {
  it('writes dates the way an official document does, on China Standard Time', () => {
    expect(noticeDate('2026-03-02')).toBe('2026年3月2日')
    // 23:30 UTC is already the next day in Beijing.
    expect(noticeDate('2026-03-02T23:30:00Z')).toBe('2026年3月3日')
    expect(noticeDate(null)).toBe('')
    expect(noticeDate('not a date')).toBe('')
  })
})

describe('complaints referred to inspection', () => {
  const complaint = { awaiting_finding: true, bureau_id: 'b1' }
  it('lets only an auditor of the bureau it was routed to record it', () => {
    expect(canRecordComplaint(complaint, { role: 'bureau_auditor', org_id: 'b1' })).toBe(true)
    expect(canRecordComplaint(complaint, { role: 'bureau_auditor', org_id: 'city' })).toBe(false)
    expect(canRecordComplaint(complaint, { role: 'platform_admin', org_id: null })).toBe(false)
    expect(canRecordComplaint({ ...complaint, awaiting_finding: false }, { role: 'bureau_auditor', org_id: 'b1' })).toBe(false)
    expect(canRecordComplaint(complaint, null)).toBe(false)
  })
})

describe('evidence', () => {
  const item = (key: string, state: EvidenceItem['state'], fileId?: string): EvidenceItem => ({ key, name: `${key}.jpg`, size: 1, state, fileId })

  it('sends only what was uploaded and waits for what is still uploading', () => {
    const list = [item('a', 'done', 'f1'), item('b', 'uploading'), item('c', 'failed'), item('d', 'done', 'f2')]
    expect(evidenceIds(list)).toEqual(['f1', 'f2'])
    expect(evidenceBusy(list)).toBe(true)
    expect(evidenceBusy([item('a', 'done', 'f1')])).toBe(false)
  })

  it('leaves room for nine, not counting failures', () => {
    expect(evidenceRoom([])).toBe(9)
    expect(evidenceRoom([item('a', 'done', 'f'), item('b', 'failed')])).toBe(8)
    expect(evidenceRoom(Array.from({ length: 10 }, (_, i) => item(String(i), 'done', 'f')))).toBe(0)
  })

  it('names a downloaded file by its type', () => {
    expect(extensionFor('application/pdf')).toBe('pdf')
    expect(extensionFor('image/jpeg')).toBe('jpg')
    expect(extensionFor('image/png')).toBe('png')
    expect(extensionFor('text/plain')).toBe('bin')
  })
})

describe('a bureau’s own area', () => {
  it('computes the subtree prefix as the server does', () => {
    expect(divisionPrefix('510000')).toBe('51')
    expect(divisionPrefix('511900')).toBe('5119')
    expect(divisionPrefix('511921')).toBe('511921')
    expect(divisionPrefix('51190')).toBe('')
  })

  it('keeps a county to itself and a city to its counties', () => {
    expect(inSubtree('511900', '511921')).toBe(true)
    expect(inSubtree('511900', '511900')).toBe(true)
    expect(inSubtree('511921', '511922')).toBe(false)
    expect(inSubtree('511921', '511900')).toBe(false)
    expect(inSubtree('', '511921')).toBe(false)
  })
})

describe('inspection routes and links', () => {
  it('builds the links other screens use', () => {
    expect(findingPath('f1')).toBe('/findings/f1')
    expect(findingNoticePath('f1')).toBe('/findings/f1/notice')
    expect(findingNewLink('c1')).toBe('/campaigns/c1/findings/new')
    expect(findingNewLink('c1', 'k1')).toEqual({ path: '/campaigns/c1/findings/new', query: { complaint: 'k1' } })
    expect(campaignPickLink('k1')).toEqual({ path: '/campaigns/pick', query: { complaint: 'k1' } })
  })

  it('lets bureaus reach the campaigns and every party the board', () => {
    const byPath = new Map(routes.map((r) => [r.path, r]))
    expect(byPath.get('/campaigns')?.meta?.roles).toEqual(routeRoles.campaigns)
    expect(byPath.get('/rectifications')?.meta?.roles).toEqual(routeRoles.rectifications)
    expect(byPath.get('/findings/:id')?.meta?.roles).toEqual(routeRoles.rectifications)
    const children = byPath.get('/campaigns')?.children ?? []
    expect(children.map((c) => c.path)).toEqual(expect.arrayContaining(['', 'new', 'pick', ':id', ':id/findings/new']))
    expect(children.find((c) => c.path === 'new')?.meta?.roles).toEqual(['bureau_auditor'])
    expect(manageLinks('bureau_auditor').map((l) => l.to)).toEqual(expect.arrayContaining(['/campaigns', '/rectifications']))
    expect(manageLinks('school_admin').map((l) => l.to)).toContain('/rectifications')
    expect(manageLinks('enterprise_admin').map((l) => l.to)).toContain('/rectifications')
    expect(manageLinks('teacher').map((l) => l.to)).not.toContain('/rectifications')
  })
})
