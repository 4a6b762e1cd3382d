import { describe, expect, it } from 'vitest'
import { bulkBody, earlierMissing, filledRows, rowErrors, rowOf, validateRow, type PayMonthItem } from '../../src/placements/paySheet'

function item(over: Partial<PayMonthItem> = {}): PayMonthItem {
  return {
    placement_id: 'p1',
    student_name: '张浩宇',
    student_no: '01',
    class_name: '导游1班',
    school_name: '南江县小河职业中学',
    post_name: '导游',
    starts_on: '2026-09-15',
    ends_on: '2027-03-15',
    required_fen: 240000,
    recordable: true,
    record: null,
    missing_months: [],
    ...over,
  }
}

const record = {
  id: 'r1',
  month: '2026-11',
  amount_fen: 320050,
  paid_on: '2026-11-20',
  method: 'bank_transfer' as const,
  compliant: true,
  required_fen: 240000,
  message: '',
  violation: null,
  recorded_by_name: '吴桂芳',
  created_at: '2026-11-20T08:00:00+08:00',
  corrected_at: null,
}

describe('the pay sheet', () => {
  it('opens a blank row dated today, or the month on file to correct', () => {
    expect(rowOf(item(), '2026-11-28')).toEqual({ placementId: 'p1', amount: '', method: '', paidOn: '2026-11-28' })
    expect(rowOf(item({ record }), '2026-11-28')).toEqual({
      placementId: 'p1',
      amount: '3200.50',
      method: 'bank_transfer',
      paidOn: '2026-11-20',
    })
  })

  it('flags only the months missing before the sheet month', () => {
    expect(earlierMissing(item({ missing_months: ['2026-09', '2026-10'] }), '2026-10')).toEqual(['2026-09'])
    expect(earlierMissing(item({ missing_months: ['2026-09', '2026-10'] }), '2026-11')).toEqual(['2026-09', '2026-10'])
  })

  it('sends only rows typed, recordable and changed', () => {
    const items = [
      item(),
      item({ placement_id: 'p2', recordable: false }),
      item({ placement_id: 'p3', record }),
      item({ placement_id: 'p4', record }),
      item({ placement_id: 'p5' }),
    ]
    const rows = [
      { placementId: 'p1', amount: '3000', method: 'cash' as const, paidOn: '2026-11-28' },
      { placementId: 'p2', amount: '3000', method: 'cash' as const, paidOn: '2026-11-28' },
      { placementId: 'p3', amount: '3200.5', method: 'bank_transfer' as const, paidOn: '2026-11-20' },
      { placementId: 'p4', amount: '3300', method: 'bank_transfer' as const, paidOn: '2026-11-20' },
      { placementId: 'p5', amount: ' ', method: '' as const, paidOn: '2026-11-28' },
    ]
    expect(filledRows(rows, items).map((r) => r.placementId)).toEqual(['p1', 'p4'])
  })

  it('checks a row like the single form and sends integer fen', () => {
    expect(Object.keys(validateRow({ placementId: 'p1', amount: '1.234', method: '', paidOn: '2026-11-29' }, '2026-11-28')).sort()).toEqual(
      ['amount_fen', 'method', 'paid_on'],
    )
    const row = { placementId: 'p1', amount: '0.29', method: 'cash' as const, paidOn: '2026-11-28' }
    expect(validateRow(row, '2026-11-28')).toEqual({})
    expect(bulkBody('2026-11', [row])).toEqual({
      month: '2026-11',
      items: [{ placement_id: 'p1', amount_fen: 29, method: 'cash', paid_on: '2026-11-28' }],
    })
  })

  it('reads the field messages of a refused row', () => {
    expect(
      rowErrors({
        placement_id: 'p1',
        ok: false,
        outcome: null,
        record: null,
        error: { code: 'INVALID', message: '工资记录有误', details: [{ field: 'paid_on', message: '发放日期不能晚于今天' }] },
      }),
    ).toEqual({ paid_on: '发放日期不能晚于今天' })
  })
})
