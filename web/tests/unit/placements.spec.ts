import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import App from '../../src/App.vue'
import { createAppRouter } from '../../src/router'
import { installVant } from '../../src/vant'
import { messages } from '../../src/messages'
import { ApiError } from '../../src/api/client'
import type { Rule, RuleResult } from '../../src/api/types'
import { formatYuan, isValidMonth, monthOf, parseYuan, previousMonth, shortfallFen, yuanInput } from '../../src/placements/money'
import {
  filterByStatus,
  groupByStatus,
  isClosed,
  isGathering,
  loadAll,
  openFeeReports,
  statusChips,
  statusCounts,
  statusFromQuery,
  statusTone,
} from '../../src/placements/board'
import {
  failingGates,
  gateFor,
  gateRows,
  gateSummary,
  missingItems,
  placementRegistry,
  violationsOf,
  violationsOfError,
} from '../../src/placements/gates'
import {
  coverageGap,
  documentBody,
  documentFacts,
  documentForm,
  emptyDocumentForm,
  validateDocument,
} from '../../src/placements/documents'
import { correctionBody, emptyPayForm, payBody, payFormOf, validatePay } from '../../src/placements/pay'
import { bulkOutcomes, failuresFirst } from '../../src/placements/bulk'
import { checkUpload, formatSize, uploadErrorText, MAX_UPLOAD_BYTES } from '../../src/placements/upload'
import type { PayRecord, Placement, PlacementStatus } from '../../src/placements/types'
import PaySection from '../../src/placements/PaySection.vue'
import { formatDateTime } from '../../src/format'

const t = messages.placements
const TODAY = '2026-03-15'

function gate(rule: string, passed: boolean, message = `${rule} message`): RuleResult {
  return { rule, article: '9', effect: 'block', passed, message, subject: 'placement' }
}

const GATES: RuleResult[] = [
  gate('R-AGE16', true, '学生周岁 17 岁，已满16周岁'),
  gate('R-FEES', true),
  gate('R-AGREEMENT', true),
  gate('R-CONSENT', false, '知情同意书未上传；请由学生本人及其监护人签字后上传'),
  gate('R-INSURANCE', true),
  gate('R-TRAINING', true),
  gate('R-MENTORS', true),
  gate('R-FILED', true),
]

let serial = 0
function placement(over: Partial<Placement> = {}): Placement {
  serial++
  return {
    id: `0190d3a0-0000-7000-8000-${String(serial).padStart(12, '0')}`,
    plan_id: '0190d3a0-0000-7000-8000-00000000aaaa',
    plan_title: '2023级导游专业岗位实习',
    plan_type: 'post',
    plan_status: 'in_progress',
    filing_no: '511922-2026-0001',
    school_id: '0190d3a0-0000-7000-8000-00000000bbbb',
    school_name: '南江县小河职业中学',
    student_id: `0190d3a0-0000-7000-8000-${String(serial + 5000).padStart(12, '0')}`,
    student_name: '李思琪',
    student_no: '2023010201',
    class_name: '2023级导游1班',
    student_gender: 'female',
    student_age: 18,
    enterprise_id: '0190d3a0-0000-7000-8000-00000000cccc',
    enterprise_name: '南江县光雾山旅游服务有限公司',
    post_id: '0190d3a0-0000-7000-8000-00000000dddd',
    post_name: '景区导览员',
    status: 'confirmed',
    status_name: '已确认',
    starts_on: '2026-02-13',
    ends_on: '2026-08-12',
    documents: [],
    gates: GATES,
    blocking: 1,
    pay_records: [],
    fee_reports: [],
    created_at: '2026-02-01T00:00:00Z',
    updated_at: '2026-02-01T00:00:00Z',
    ...over,
  }
}

function payRecord(over: Partial<PayRecord> = {}): PayRecord {
  serial++
  return {
    id: `0190d3a0-0000-7000-8000-${String(serial + 9000).padStart(12, '0')}`,
    month: '2026-02',
    amount_fen: 120050,
    paid_on: '2026-03-10',
    method: 'bank_transfer',
    compliant: false,
    required_fen: 268800,
    message: '实发低于同岗位工资的 80%',
    violation: { rule: 'R-PAY', article: '18', message: '实发低于同岗位工资的 80%', subject: 'month:2026-02' },
    recorded_by_name: '张经理',
    created_at: '2026-03-10T08:00:00Z',
    corrected_at: null,
    ...over,
  }
}

describe('yuan to fen, by string arithmetic', () => {
  it.each([
    ['3200', 320000],
    ['3200.5', 320050],
    ['3200.50', 320050],
    ['0.29', 29], // 0.29 * 100 is 28.999999999999996 in floating point
    ['0.1', 10],
    ['1.', 100],
    ['3,200.50', 320050],
    ['123,456.7', 12345670],
    ['1,000,000', 100000000],
    ['¥3200', 320000],
    ['￥ 3200', 320000],
    ['3200元', 320000],
    ['３２００．５', 320050], // a Chinese IME's full-width digits
    ['  2560  ', 256000],
    ['007', 700],
  ])('%s 元 → %s 分', (yuan, fen) => {
    expect(parseYuan(yuan)).toBe(fen)
  })

  it.each(['', ' ', '-1', '+1', '1.005', '1e3', '0x10', 'abc', '1,23', '12,3456', '.5', '1.2.3', '99999999999', 'NaN', 'Infinity', '1000000.01'])(
    'refuses %j',
    (text) => {
      expect(parseYuan(text)).toBeNull()
    },
  )

  it('never drifts over a range of cents', () => {
    for (let fen = 0; fen <= 200_000; fen += 13) expect(parseYuan(formatYuan(fen))).toBe(fen)
  })

  it('writes fen back as one types yuan, which reads back to the same fen', () => {
    expect(yuanInput(0)).toBe('0')
    expect(yuanInput(5)).toBe('0.05')
    expect(yuanInput(120050)).toBe('1200.50')
    expect(yuanInput(320000)).toBe('3200')
    expect(yuanInput(123456789)).toBe('1234567.89')
    for (let fen = 0; fen <= 200_000; fen += 7) expect(parseYuan(yuanInput(fen))).toBe(fen)
  })

  it('formats fen with separators and two decimals', () => {
    expect(formatYuan(0)).toBe('0.00')
    expect(formatYuan(5)).toBe('0.05')
    expect(formatYuan(320050)).toBe('3,200.50')
    expect(formatYuan(123456789)).toBe('1,234,567.89')
    expect(formatYuan(-150)).toBe('-1.50')
  })

  it('computes the shortfall in fen', () => {
    expect(shortfallFen(256000, 336000)).toBe(80000)
    expect(shortfallFen(400000, 336000)).toBe(0)
  })

  it('reads months', () => {
    expect(isValidMonth('2026-03')).toBe(true)
    expect(isValidMonth('2026-13')).toBe(false)
    expect(isValidMonth('2026-3')).toBe(false)
    expect(monthOf(new Date(2026, 0, 31))).toBe('2026-01')
    expect(previousMonth('2026-01')).toBe('2025-12')
    expect(previousMonth('2026-10')).toBe('2026-09')
  })
})

describe('the board: grouping by status', () => {
  const list = [
    placement({ status: 'active' }),
    placement({ status: 'proposed' }),
    placement({ status: 'active' }),
    placement({ status: 'declined' }),
  ]

  it('groups and counts every status, in the board order', () => {
    const groups = groupByStatus(list)
    expect(Object.keys(groups)).toEqual([
      'proposed',
      'confirmed',
      'declined',
      'ready',
      'active',
      'completed',
      'terminated',
      'transferred',
      'withdrawn',
    ])
    expect(groups.active).toHaveLength(2)
    expect(statusCounts(list)).toMatchObject({ proposed: 1, active: 2, declined: 1, confirmed: 0 })
  })

  it('lists the open fee reports, resolved ones left out', () => {
    const withFees = [
      placement({
        student_name: '甲',
        fee_reports: [
          { id: 'f1', kind: 'guarantee', description: '担保书', reported_by_name: '校', created_at: '2026-03-01T00:00:00Z' },
          {
            id: 'f2',
            kind: 'deposit',
            description: '押金',
            reported_by_name: '校',
            created_at: '2026-03-01T00:00:00Z',
            resolved_at: '2026-03-02T00:00:00Z',
            resolution: '已退还',
          },
        ],
      }),
      placement({ student_name: '乙' }),
    ]
    const open = openFeeReports(withFees)
    expect(open.map((f) => [f.studentName, f.report.kind])).toEqual([['甲', 'guarantee']])
    expect(t.detail.feeKinds.guarantee).toBe('担保')
  })

  it('offers chips for 全部 and the statuses that have placements, with counts', () => {
    const chips = statusChips(list, { all: t.chipAll, status: (s, n) => t.chipStatus(t.statuses[s], n) })
    expect(chips.map((c) => c.label)).toEqual(['全部 4', '待企业确认 1', '企业已拒绝 1', '实习中 2'])
    // The chosen chip stays even when its group is empty.
    const kept = statusChips(list, { all: t.chipAll, status: (s, n) => t.chipStatus(t.statuses[s], n) }, 'ready')
    expect(kept.map((c) => c.value)).toContain('ready')
  })

  it('filters, and reads a filter from the query', () => {
    expect(filterByStatus(list, 'active')).toHaveLength(2)
    expect(filterByStatus(list, 'all')).toHaveLength(4)
    expect(statusFromQuery('active', ['all', 'active'])).toBe('active')
    expect(statusFromQuery(['active'], ['all', 'active'])).toBe('active')
    expect(statusFromQuery('bogus', ['all', 'active'])).toBeNull()
    expect(statusFromQuery(undefined, ['all'])).toBeNull()
  })

  it('knows which statuses gather documents and which are over', () => {
    const gathering = (['proposed', 'confirmed', 'ready', 'active', 'declined'] as PlacementStatus[]).filter(isGathering)
    expect(gathering).toEqual(['proposed', 'confirmed', 'ready'])
    expect(isClosed('terminated')).toBe(true)
    expect(isClosed('active')).toBe(false)
    expect(statusTone('active')).toBe('success')
    expect(statusTone('declined')).toBe('danger')
    expect(statusTone('proposed')).toBe('warning')
  })

  it('follows the cursor to the end, and says when it stopped early', async () => {
    const pages: Record<string, { items: number[]; next_cursor?: string | null }> = {
      start: { items: [1, 2], next_cursor: 'a' },
      a: { items: [3], next_cursor: 'b' },
      b: { items: [4], next_cursor: null },
    }
    const fetchPage = vi.fn(async (cursor: string | undefined) => pages[cursor ?? 'start']!)
    expect(await loadAll(fetchPage)).toEqual({ items: [1, 2, 3, 4], truncated: false })
    expect(await loadAll(fetchPage, 2)).toEqual({ items: [1, 2, 3], truncated: true })
  })
})

describe('gates: the document checklist', () => {
  const registry: Rule[] = [
    { id: 'R-VENUE', article: '16(5)', effect: 'block', title: '禁止场所（方案）', applies_to: ['post'], level: 'plan' },
    { id: 'R-AGE16', article: '16(2)', effect: 'block', title: '岗位实习学生须年满16周岁', applies_to: ['post'], level: 'placement' },
    { id: 'R-FEES', article: '20', effect: 'block', title: '不得收取费用', applies_to: ['post'], level: 'placement' },
    { id: 'R-AGREEMENT', article: '14', effect: 'block', title: '已签订三方实习协议', applies_to: ['post'], level: 'placement' },
    { id: 'R-CONSENT', article: '9', effect: 'block', title: '学生及监护人已签署知情同意书', applies_to: ['post'], level: 'placement' },
    { id: 'R-VENUE', article: '16(5)', effect: 'block', title: '不得安排到营业性娱乐场所实习', applies_to: ['post'], level: 'placement' },
  ]

  it('prefers the placement entry of a rule registered at both levels', () => {
    const venue = placementRegistry(registry).find((r) => r.id === 'R-VENUE')
    expect(venue?.title).toBe('不得安排到营业性娱乐场所实习')
  })

  it('makes one row per gate with the registry title, unknown rules by their id', () => {
    const rows = gateRows(registry, GATES)
    expect(rows.map((r) => r.id)).toEqual([
      'R-AGE16',
      'R-FEES',
      'R-AGREEMENT',
      'R-CONSENT',
      'R-INSURANCE',
      'R-TRAINING',
      'R-MENTORS',
      'R-FILED',
    ])
    expect(rows.find((r) => r.id === 'R-CONSENT')).toMatchObject({ title: '学生及监护人已签署知情同意书', passed: false })
    expect(rows.find((r) => r.id === 'R-FILED')).toMatchObject({ title: 'R-FILED', passed: true })
    // Rules that are no gate of this placement are not listed.
    expect(rows.some((r) => r.id === 'R-VENUE')).toBe(false)
  })

  it('summarizes: total, passed and failing rules', () => {
    expect(gateSummary(GATES)).toEqual({ total: 8, passed: 7, failing: 1 })
    expect(failingGates(GATES).map((g) => g.rule)).toEqual(['R-CONSENT'])
    const twice = [...GATES, gate('R-CONSENT', false, 'second subject')]
    expect(failingGates(twice)).toHaveLength(1)
    expect(gateSummary([])).toEqual({ total: 0, passed: 0, failing: 0 })
  })

  it('says what is missing in plain words where it has some, else the server message', () => {
    const items = missingItems(
      [gate('R-CONSENT', false), gate('R-NEW', false, '服务器的说明'), gate('R-AGREEMENT', true)],
      t.mine.plain,
    )
    expect(items).toEqual([
      { rule: 'R-CONSENT', text: t.mine.plain['R-CONSENT'], message: 'R-CONSENT message', target: 'consent' },
      { rule: 'R-NEW', text: '服务器的说明', message: '服务器的说明', target: null },
    ])
  })

  it('finds the gate of a document', () => {
    expect(gateFor(GATES, 'consent')?.passed).toBe(false)
    expect(gateFor(GATES, 'mentors')?.rule).toBe('R-MENTORS')
  })

  it('reads rule violations from error details and errors', () => {
    const details = [
      { field: 'student_id', message: '不存在' },
      { rule: 'R-AGE16', article: '16(2)', message: '未满16周岁不得参加岗位实习' },
    ]
    expect(violationsOf(details).map((v) => v.rule)).toEqual(['R-AGE16'])
    const err = new ApiError({ status: 422, code: 'RULE_VIOLATION', message: '不符合规定', details })
    expect(violationsOfError(err)).toHaveLength(1)
    expect(violationsOfError(new Error('x'))).toEqual([])
  })
})

describe('documents', () => {
  it('starts a consent with the student name, and reads what is on file', () => {
    const p = placement({ student_name: '周子涵' })
    expect(documentForm(p, 'consent')).toMatchObject({ student_name: '周子涵', guardian_name: '', signed_on: '' })
    const onFile = placement({
      documents: [
        {
          kind: 'insurance',
          data: { insurer: '人保财险', policy_no: 'P-1', covers_from: '2026-02-01', covers_to: '2026-09-01', payer: 'school' },
          updated_at: '2026-02-01T00:00:00Z',
          updated_by_name: '学校管理员',
        },
        {
          kind: 'agreement',
          data: { signed_on: '2026-02-01', signers: ['student', 'school', 'bogus'] },
          updated_at: '2026-02-01T00:00:00Z',
          updated_by_name: '学校管理员',
        },
        {
          kind: 'training',
          data: { trained_on: '2026-02-02', passed: false, hours: 8 },
          updated_at: '2026-02-01T00:00:00Z',
          updated_by_name: '学校管理员',
        },
      ],
    })
    expect(documentForm(onFile, 'insurance')).toMatchObject({ insurer: '人保财险', payer: 'school', covers_to: '2026-09-01' })
    expect(documentForm(onFile, 'agreement').signers).toEqual(['school', 'student'])
    expect(documentForm(onFile, 'training')).toMatchObject({ passed: 'failed', hours: '8' })
    expect(documentFacts(onFile.documents[1]!)).toEqual([
      { label: t.docs.fields.agreementSignedOn, value: '2026-02-01' },
      { label: t.docs.fields.signers, value: '学校、学生' },
    ])
    expect(documentFacts(onFile.documents[0]!).map((f) => f.value)).toEqual([
      '人保财险',
      'P-1',
      '2026-02-01 至 2026-09-01',
      '学校',
    ])
  })

  it('checks each kind: required fields, real dates, nothing signed in the future', () => {
    const empty = emptyDocumentForm()
    expect(Object.keys(validateDocument('agreement', empty, TODAY))).toEqual(['signed_on', 'signers'])
    expect(Object.keys(validateDocument('consent', empty, TODAY))).toEqual(['student_name', 'guardian_name', 'signed_on'])
    expect(Object.keys(validateDocument('training', empty, TODAY))).toEqual(['trained_on', 'passed'])
    expect(Object.keys(validateDocument('insurance', empty, TODAY))).toEqual([
      'insurer',
      'policy_no',
      'covers_from',
      'covers_to',
      'payer',
    ])
    const future = { ...empty, signed_on: '2026-03-16', signers: ['school' as const] }
    expect(validateDocument('agreement', future, TODAY).signed_on).toBe(messages.validation.notInFuture('签订日期'))
    const badDate = { ...empty, trained_on: '2026-02-30', passed: 'passed' as const }
    expect(validateDocument('training', badDate, TODAY).trained_on).toBe(messages.validation.date('培训日期'))
    const hours = { ...empty, trained_on: '2026-03-01', passed: 'passed' as const, hours: '8.5' }
    expect(validateDocument('training', hours, TODAY)).toEqual({})
    expect(validateDocument('training', { ...hours, hours: '0' }, TODAY).hours).toBeDefined()
    const backwards = { ...empty, insurer: 'A', policy_no: 'B', covers_from: '2026-09-01', covers_to: '2026-02-01', payer: 'enterprise' as const }
    expect(validateDocument('insurance', backwards, TODAY)).toEqual({ covers_to: t.docs.coversEndBeforeStart })
    // A policy may run into the future.
    expect(validateDocument('insurance', { ...backwards, covers_from: '2026-02-01', covers_to: '2027-02-01' }, TODAY)).toEqual({})
  })

  it('sends exactly the kind input, with a file only when one is attached', () => {
    const form = {
      ...emptyDocumentForm(),
      signed_on: '2026-03-01',
      signers: ['student' as const, 'school' as const, 'enterprise' as const],
      student_name: ' 周子涵 ',
      guardian_name: '周建国',
      trained_on: '2026-03-02',
      passed: 'passed' as const,
      insurer: ' 人保财险 ',
      policy_no: 'P-1',
      covers_from: '2026-02-01',
      covers_to: '2026-09-01',
      payer: 'school' as const,
    }
    expect(documentBody('agreement', form)).toEqual({ signed_on: '2026-03-01', signers: ['school', 'enterprise', 'student'] })
    expect(documentBody('consent', form, 'file-1')).toEqual({
      student_name: '周子涵',
      guardian_name: '周建国',
      signed_on: '2026-03-01',
      file_id: 'file-1',
    })
    expect(documentBody('training', form)).toEqual({ trained_on: '2026-03-02', passed: true })
    expect(documentBody('training', { ...form, hours: '8' })).toEqual({ trained_on: '2026-03-02', passed: true, hours: 8 })
    expect(documentBody('insurance', form, null)).toEqual({
      insurer: '人保财险',
      policy_no: 'P-1',
      covers_from: '2026-02-01',
      covers_to: '2026-09-01',
      payer: 'school',
    })
  })

  it('warns when the policy leaves a day of the placement uncovered', () => {
    const p = { starts_on: '2026-02-13', ends_on: '2026-08-12' }
    const form = { ...emptyDocumentForm(), covers_from: '2026-02-13', covers_to: '2026-08-12' }
    expect(coverageGap(form, p)).toBeNull()
    expect(coverageGap({ ...form, covers_to: '2026-08-11' }, p)).toBe(t.docs.coverageGap('2026-02-13', '2026-08-12'))
    expect(coverageGap({ ...form, covers_from: '2026-02-14' }, p)).not.toBeNull()
    expect(coverageGap({ ...form, covers_from: '' }, p)).toBeNull()
  })
})

describe('pay records', () => {
  it('checks the form and converts the amount to integer fen', () => {
    const form = emptyPayForm('2026-02')
    expect(Object.keys(validatePay(form, TODAY))).toEqual(['amount_fen', 'paid_on', 'method'])
    const filled = { ...form, amount: '2,560.5', paid_on: '2026-03-10', method: 'bank_transfer' as const }
    expect(validatePay(filled, TODAY)).toEqual({})
    expect(payBody(filled)).toEqual({ month: '2026-02', amount_fen: 256050, paid_on: '2026-03-10', method: 'bank_transfer' })
    expect(validatePay({ ...filled, amount: '2560.555' }, TODAY).amount_fen).toBe(messages.validation.wage)
    expect(validatePay({ ...filled, month: '2026-04' }, TODAY).month).toBe(messages.validation.notInFuture('工资月份'))
    expect(validatePay({ ...filled, month: '2026-3' }, TODAY).month).toBe(t.pay.monthFormat)
    expect(validatePay({ ...filled, paid_on: '2026-03-16' }, TODAY).paid_on).toBeDefined()
    expect(() => payBody({ ...filled, amount: 'x' })).toThrow()
  })

  it('sends a month already on file to 更正 instead of recording it again', () => {
    const filled = { month: '2026-02', amount: '2560', paid_on: '2026-03-10', method: 'cash' as const }
    expect(validatePay(filled, TODAY, ['2026-01', '2026-02']).month).toBe(t.pay.monthRecorded('2026-02'))
    expect(t.pay.monthRecorded('2026-02')).toContain('更正')
    expect(validatePay(filled, TODAY, ['2026-01'])).toEqual({})
    // The format and future checks come first.
    expect(validatePay({ ...filled, month: '2026-3' }, TODAY, ['2026-3']).month).toBe(t.pay.monthFormat)
  })

  it('prefills a correction with the record and sends it without the month', () => {
    const record = payRecord({ month: '2026-02', amount_fen: 120050, paid_on: '2026-03-10', method: 'mobile_payment' })
    const form = payFormOf(record)
    expect(form).toEqual({ month: '2026-02', amount: '1200.50', paid_on: '2026-03-10', method: 'mobile_payment' })
    expect(validatePay(form, TODAY)).toEqual({})
    expect(correctionBody(form)).toEqual({ amount_fen: 120050, paid_on: '2026-03-10', method: 'mobile_payment' })
    const corrected = { ...form, amount: '2,688', method: 'bank_transfer' as const }
    expect(correctionBody(corrected)).toEqual({ amount_fen: 268800, paid_on: '2026-03-10', method: 'bank_transfer' })
    expect(correctionBody(corrected)).not.toHaveProperty('month')
    expect(() => correctionBody({ ...form, amount: '12.345' })).toThrow()
    expect(() => correctionBody({ ...form, method: '' })).toThrow()
  })

  it('offers 更正 on each record to the host and marks a corrected one with its time', async () => {
    const corrected = payRecord({
      month: '2026-02',
      amount_fen: 268800,
      compliant: true,
      violation: null,
      recorded_by_name: '王经理',
      corrected_at: '2026-03-12T02:30:00Z',
    })
    const flagged = payRecord({ month: '2026-03', corrected_at: null })
    const p = placement({ status: 'active', pay_records: [corrected, flagged] })
    const host = mount(PaySection, { props: { placement: p, canRecord: true }, global: { plugins: [installVant] } })
    const cards = host.findAll('.pay-record')
    expect(cards.map((c) => c.attributes('data-corrected'))).toEqual(['true', 'false'])
    expect(cards[0]!.get('.pay-record__corrected').text()).toBe(t.pay.corrected)
    expect(cards[0]!.text()).toContain(t.pay.correctedBy('王经理', formatDateTime('2026-03-12T02:30:00Z')))
    expect(cards[1]!.find('.pay-record__corrected').exists()).toBe(false)
    expect(cards[1]!.text()).toContain(t.pay.recordedBy('张经理'))
    const button = cards[1]!.get('.pay-record__correct')
    expect(button.attributes('aria-label')).toBe(t.pay.correctLabel('2026-03'))
    await button.trigger('click')
    expect(host.emitted('correct')).toEqual([[flagged]])
    host.unmount()

    const reader = mount(PaySection, { props: { placement: p, canRecord: false }, global: { plugins: [installVant] } })
    expect(reader.findAll('.pay-record__correct')).toHaveLength(0)
    // Everyone sees that a record was corrected.
    expect(reader.findAll('.pay-record__corrected')).toHaveLength(1)
    reader.unmount()
  })
})

describe('bulk answers', () => {
  it('gives each student a line, failures first, with every violated rule', () => {
    const ok = placement({ student_name: '周子涵' })
    const outcomes = bulkOutcomes(
      {
        succeeded: 1,
        failed: 2,
        items: [
          { ok: true, student_id: 's1', id: ok.id, placement: ok },
          {
            ok: false,
            student_id: 's2',
            error: {
              code: 'RULE_VIOLATION',
              message: '不符合实习规定',
              details: [{ rule: 'R-AGE16', article: '16(2)', message: '学生周岁 15 岁，未满16周岁不得参加岗位实习' }],
            },
          },
          { ok: false, error: { code: 'INVALID_INPUT', message: '填写有误', details: [{ field: 'items[2].post_id', message: '岗位不在方案中' }] } },
        ],
      },
      [
        { key: 's1', name: '周子涵' },
        { key: 's2', name: '何小凡' },
        { key: 's3', name: '吴宇航' },
      ],
    )
    expect(outcomes.map((o) => [o.name, o.ok])).toEqual([
      ['周子涵', true],
      ['何小凡', false],
      ['吴宇航', false],
    ])
    expect(outcomes[1]!.violations).toEqual([{ rule: 'R-AGE16', article: '16(2)', message: '学生周岁 15 岁，未满16周岁不得参加岗位实习' }])
    expect(outcomes[2]!.fieldMessages).toEqual(['岗位不在方案中'])
    expect(failuresFirst(outcomes).map((o) => o.name)).toEqual(['何小凡', '吴宇航', '周子涵'])
  })

  it('matches answers by the echoed id, not only by position', () => {
    const outcomes = bulkOutcomes(
      { succeeded: 1, failed: 0, items: [{ ok: true, id: 'p2' }] },
      [
        { key: 'p1', name: '甲' },
        { key: 'p2', name: '乙' },
      ],
    )
    expect(outcomes[0]!.name).toBe('乙')
  })
})

describe('uploads', () => {
  it('takes PDF, JPEG and PNG up to 10 MiB', () => {
    expect(checkUpload({ name: 'a.pdf', size: 1000, type: 'application/pdf' })).toBeNull()
    expect(checkUpload({ name: 'a.png', size: MAX_UPLOAD_BYTES, type: 'image/png' })).toBeNull()
    expect(checkUpload({ name: 'a.png', size: MAX_UPLOAD_BYTES + 1, type: 'image/png' })).toBe('size')
    expect(checkUpload({ name: 'a.docx', size: 10, type: 'application/msword' })).toBe('type')
    expect(checkUpload({ name: 'scan.JPG', size: 10, type: '' })).toBeNull()
    expect(checkUpload({ name: 'scan.heic', size: 10, type: '' })).toBe('type')
    expect(checkUpload({ name: 'a.pdf', size: 0, type: 'application/pdf' })).toBe('empty')
    expect(formatSize(1536 * 1024)).toBe('1.5 MB')
    expect(formatSize(100)).toBe('1 KB')
  })

  it('explains 413 and 400 answers', () => {
    expect(uploadErrorText(new ApiError({ status: 413, code: 'TOO_LARGE', message: '' }))).toBe(t.upload.size)
    expect(uploadErrorText(new ApiError({ status: 400, code: 'INVALID_INPUT', message: '不支持的文件类型' }))).toBe('不支持的文件类型')
    expect(uploadErrorText(new ApiError({ status: 400, code: 'INVALID_INPUT', message: '' }))).toBe(t.upload.type)
  })
})

// ---- the student's page, mounted with the app and a fake server

const STUDENT = {
  id: '0190d3a0-0000-7000-8000-00000000eeee',
  username: 'student2',
  display_name: '李思琪',
  role: 'student',
  org_id: '0190d3a0-0000-7000-8000-00000000bbbb',
  org_kind: 'school',
  org_name: '南江县小河职业中学',
  division_code: '511922',
}

const SCAN_ID = '0190d3a0-0000-7000-8000-00000000aaaa'

function fakeServer(mine: Placement) {
  let current = mine
  const calls: { method: string; url: string; body: unknown }[] = []
  const fetchStub = vi.fn<typeof fetch>(async (input, init) => {
    const url = String(input)
    const method = init?.method ?? 'GET'
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined
    calls.push({ method, url, body })
    if (url === '/api/v1/auth/refresh') return Response.json({ access_token: 'tok', expires_in: 900, user: STUDENT })
    if (url.startsWith('/api/v1/rules')) return Response.json({ items: [] })
    if (url.startsWith('/api/v1/placements?')) return Response.json({ items: [current] })
    if (method === 'POST' && url === '/api/v1/files') {
      return Response.json(
        { id: SCAN_ID, name: '知情同意书.pdf', content_type: 'application/pdf', size: 1024, created_at: '2026-03-15T00:00:00Z' },
        { status: 201 },
      )
    }
    if (method === 'PUT' && url === `/api/v1/placements/${current.id}/documents/consent`) {
      // As the server does: a student's upload waits for the school's confirmation.
      const { file_id: _fileId, ...data } = body as Record<string, unknown>
      current = {
        ...current,
        gates: current.gates.map((g) => (g.rule === 'R-CONSENT' ? { ...g, passed: false, message: '知情同意书尚待学校核对扫描件并确认' } : g)),
        documents: [
          {
            kind: 'consent',
            data,
            file: { id: SCAN_ID, name: '知情同意书.pdf', content_type: 'application/pdf', size: 1024, sha256: 'ab', created_at: '2026-03-15T00:00:00Z' },
            updated_at: '2026-03-15T00:00:00Z',
            updated_by_name: '李思琪',
            confirmed_at: null,
            confirmed_by_name: null,
          },
        ],
      }
      return Response.json(current)
    }
    return Response.json({ error: { code: 'NOT_FOUND', message: '' } }, { status: 404 })
  })
  return { fetchStub, calls }
}

describe('我的实习 (student)', () => {
  it('shows the 实习 tab, what is missing, and signs the consent form', async () => {
    const { fetchStub, calls } = fakeServer(placement())
    vi.stubGlobal('fetch', fetchStub)
    const pinia = createPinia()
    setActivePinia(pinia)
    const router = createAppRouter(createMemoryHistory())
    await router.push('/placements')
    await router.isReady()
    const wrapper = mount(App, { global: { plugins: [installVant, pinia, router] }, attachTo: document.body })
    await flushPromises()
    await vi.waitFor(() => expect(wrapper.find('[data-testid="missing"]').exists()).toBe(true))

    expect(wrapper.findAll('nav [role="tab"]').map((tab) => tab.text())).toEqual(['首页', '方案', '实习', '预警', '我的'])
    expect(wrapper.get('[data-testid="missing"]').text()).toContain(t.mine.plain['R-CONSENT'])
    expect(wrapper.get('.rule-row[data-rule="R-CONSENT"]').attributes('data-state')).toBe('fail')

    const signButton = wrapper.findAll('button').find((b) => b.text() === t.mine.signConsent)!
    await signButton.trigger('click')
    await flushPromises()
    const sheet = document.querySelector('form[data-kind="consent"]') as HTMLFormElement
    expect(sheet).not.toBeNull()
    const student = document.getElementById('doc-student_name') as HTMLInputElement
    expect(student.value).toBe('李思琪')
    const guardian = document.getElementById('doc-guardian_name') as HTMLInputElement
    guardian.value = '李建国'
    guardian.dispatchEvent(new Event('input'))
    const date = document.getElementById('doc-signed_on') as HTMLInputElement
    date.value = '2026-03-01'
    date.dispatchEvent(new Event('input'))
    // Without the scan of the signed form nothing is sent.
    sheet.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(calls.some((c) => c.method === 'PUT')).toBe(false)
    expect(sheet.textContent).toContain(messages.placements.docs.consentFileMissing)

    const input = document.getElementById('doc-file_id') as HTMLInputElement
    Object.defineProperty(input, 'files', {
      configurable: true,
      value: [new File(['%PDF-1.7\n'], '知情同意书.pdf', { type: 'application/pdf' })],
    })
    input.dispatchEvent(new Event('change'))
    await flushPromises()
    sheet.dispatchEvent(new Event('submit'))
    await flushPromises()

    await vi.waitFor(() => expect(calls.find((c) => c.method === 'PUT')).toBeDefined())
    const put = calls.find((c) => c.method === 'PUT')
    expect(put?.body).toEqual({ student_name: '李思琪', guardian_name: '李建国', signed_on: '2026-03-01', file_id: SCAN_ID })
    // The student's upload alone never completes the gate: the school confirms.
    await vi.waitFor(() => expect(wrapper.get('[data-testid="missing"]').text()).toContain(t.mine.plain['R-CONSENT']))
    expect(wrapper.get('.rule-row[data-rule="R-CONSENT"]').attributes('data-state')).toBe('fail')
    wrapper.unmount()
  })
})

// ---- the host corrects a month on the detail page, against a fake server

const HOST_ADMIN = {
  id: '0190d3a0-0000-7000-8000-00000000ffff',
  username: 'ent2',
  display_name: '王经理',
  role: 'enterprise_admin',
  org_id: '0190d3a0-0000-7000-8000-00000000cccc',
  org_kind: 'enterprise',
  org_name: '南江县光雾山旅游服务有限公司',
  division_code: '511922',
}

describe('更正 a pay record (enterprise)', () => {
  it('opens the pay sheet with the record, the month fixed, and saves it with PUT', async () => {
    const flagged = payRecord({ month: '2026-02', amount_fen: 120050, paid_on: '2026-03-10', method: 'cash' })
    let current = placement({ status: 'active', status_name: '实习中', blocking: 0, pay_records: [flagged] })
    const calls: { method: string; url: string; body: unknown }[] = []
    const fetchStub = vi.fn<typeof fetch>(async (input, init) => {
      const url = String(input)
      const method = init?.method ?? 'GET'
      const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined
      calls.push({ method, url, body })
      if (url === '/api/v1/auth/refresh') return Response.json({ access_token: 'tok', expires_in: 900, user: HOST_ADMIN })
      if (url.startsWith('/api/v1/rules')) return Response.json({ items: [] })
      if (url.startsWith(`/api/v1/enterprises/${current.enterprise_id}/posts`)) return Response.json({ items: [] })
      if (method === 'GET' && url === `/api/v1/placements/${current.id}`) return Response.json(current)
      if (method === 'PUT' && url === `/api/v1/placements/${current.id}/pay-records/2026-02`) {
        const fixed: PayRecord = {
          ...flagged,
          ...(body as object),
          compliant: true,
          violation: null,
          recorded_by_name: '王经理',
          corrected_at: '2026-03-12T02:30:00Z',
        }
        current = { ...current, pay_records: [fixed] }
        return Response.json(fixed)
      }
      return Response.json({ error: { code: 'NOT_FOUND', message: '' } }, { status: 404 })
    })
    vi.stubGlobal('fetch', fetchStub)
    const pinia = createPinia()
    setActivePinia(pinia)
    const router = createAppRouter(createMemoryHistory())
    await router.push(`/placements/${current.id}`)
    await router.isReady()
    const wrapper = mount(App, { global: { plugins: [installVant, pinia, router] }, attachTo: document.body })
    await flushPromises()
    await vi.waitFor(() => expect(wrapper.find('.pay-record__correct').exists()).toBe(true))

    await wrapper.get('.pay-record[data-month="2026-02"] .pay-record__correct').trigger('click')
    await flushPromises()
    const sheet = document.querySelector('form[data-month="2026-02"]') as HTMLFormElement
    expect(sheet).not.toBeNull()
    expect(document.getElementById('pay-sheet-title')?.textContent).toBe(t.pay.correctTitle)
    const month = document.getElementById('pay-month') as HTMLInputElement
    expect(month.value).toBe('2026-02')
    expect(month.readOnly).toBe(true)
    const amount = document.getElementById('pay-amount_fen') as HTMLInputElement
    expect(amount.value).toBe('1200.50')
    expect((document.getElementById('pay-paid_on') as HTMLInputElement).value).toBe('2026-03-10')
    amount.value = '2,688'
    amount.dispatchEvent(new Event('input'))
    sheet.dispatchEvent(new Event('submit'))
    await flushPromises()

    expect(calls.some((c) => c.method === 'POST' && c.url.includes('/pay-records'))).toBe(false)
    const put = calls.find((c) => c.method === 'PUT')
    expect(put?.body).toEqual({ amount_fen: 268800, paid_on: '2026-03-10', method: 'cash' })
    await vi.waitFor(() => expect(wrapper.get('.pay-record[data-month="2026-02"]').attributes('data-compliant')).toBe('true'))
    const record = wrapper.get('.pay-record[data-month="2026-02"]')
    expect(record.attributes('data-corrected')).toBe('true')
    expect(record.text()).toContain(t.pay.corrected)
    expect(record.text()).toContain('2,688.00')
    expect(wrapper.get('[data-testid="pay-result"]').text()).toContain(t.pay.correctedOkTitle)

    // 登记工资 afterwards starts from an empty sheet again, and refuses the month on file.
    const recordButton = wrapper.findAll('button').find((b) => b.text() === t.detail.recordPay)!
    await recordButton.trigger('click')
    await flushPromises()
    expect(document.getElementById('pay-sheet-title')?.textContent).toBe(t.pay.title)
    const newMonth = document.getElementById('pay-month') as HTMLInputElement
    expect(newMonth.readOnly).toBe(false)
    expect((document.getElementById('pay-amount_fen') as HTMLInputElement).value).toBe('')
    const fill = (id: string, value: string) => {
      const input = document.getElementById(id) as HTMLInputElement
      input.value = value
      input.dispatchEvent(new Event('input'))
    }
    fill('pay-month', '2026-02')
    fill('pay-amount_fen', '2688')
    fill('pay-paid_on', '2026-03-10')
    const form = document.querySelector('#pay-month')!.closest('form')!
    form.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(document.getElementById('pay-month-error')?.textContent).toBe(t.pay.monthRecorded('2026-02'))
    expect(calls.some((c) => c.method === 'POST' && c.url.includes('/pay-records'))).toBe(false)
    wrapper.unmount()
  })
})
