import { describe, expect, it } from 'vitest'
import { ApiError } from '../../src/api/client'
import { fieldErrorsOf, fromLocalInput, isOpenIncident, statusTone, toLocalInput } from '../../src/records/types'

describe('joint records', () => {
  it('sends the time a phone shows with its offset, so the server stores the same instant', () => {
    const local = toLocalInput(new Date(2026, 11, 5, 9, 7))
    expect(local).toBe('2026-12-05T09:07')
    const sent = fromLocalInput(local)
    expect(sent).toMatch(/^2026-12-05T09:07:00[+-]\d{2}:\d{2}$/)
    expect(new Date(sent).getTime()).toBe(new Date(2026, 11, 5, 9, 7).getTime())
  })

  it('puts each refused field beside its input, a patrol line by its index', () => {
    const err = new ApiError({
      status: 400,
      code: 'INVALID',
      message: '巡查记录填写有误',
      details: [
        { field: 'lines[1].note', message: '请填写缺勤或需关注的情况说明' },
        { field: 'lines', message: '还有 1 名学生未填写：张浩宇' },
        { field: 'lines', message: '第二条被忽略' },
      ],
    })
    expect(fieldErrorsOf(err)).toEqual({ 'lines[1].note': '请填写缺勤或需关注的情况说明', lines: '还有 1 名学生未填写：张浩宇' })
    expect(fieldErrorsOf(new Error('offline'))).toEqual({})
  })

  it('flags an incident until the school closes it', () => {
    expect(isOpenIncident({ kind: 'incident', status: 'reported' })).toBe(true)
    expect(isOpenIncident({ kind: 'incident', status: 'acknowledged' })).toBe(true)
    expect(isOpenIncident({ kind: 'incident', status: 'closed' })).toBe(false)
    expect(isOpenIncident({ kind: 'talk', status: 'awaiting_countersign' })).toBe(false)
    expect(statusTone('reported')).toBe('danger')
    expect(statusTone('countersigned')).toBe('success')
  })
})
