import { describe, expect, it } from 'vitest'
import { mapErrorDetails, normalizeFieldPath } from '../../src/forms/fieldErrors'

const known = (...fields: string[]) => (f: string) => fields.includes(f)

describe('mapErrorDetails', () => {
  it('puts each message beside its field', () => {
    const mapped = mapErrorDetails(
      [
        { field: 'username', message: '用户名已被使用' },
        { field: 'phone', message: '手机号格式不正确' },
      ],
      known('username', 'phone', 'password'),
    )
    expect(mapped).toEqual({ fields: { username: '用户名已被使用', phone: '手机号格式不正确' }, unmatched: [] })
  })

  it('sends fields the form does not have to the toast', () => {
    const mapped = mapErrorDetails(
      [
        { field: 'username', message: 'A' },
        { field: 'org_id', message: '机构不存在' },
      ],
      known('username'),
    )
    expect(mapped.fields).toEqual({ username: 'A' })
    expect(mapped.unmatched).toEqual(['机构不存在'])
  })

  it('maps nested array paths, and the dotted-index spelling too', () => {
    const isKnown = known('safety_violations[0].occurred_on', 'safety_violations[1].summary')
    const mapped = mapErrorDetails(
      [
        { field: 'safety_violations[0].occurred_on', message: '日期不能晚于今天' },
        { field: 'safety_violations.1.summary', message: '请填写摘要' },
      ],
      isKnown,
    )
    expect(mapped.fields).toEqual({
      'safety_violations[0].occurred_on': '日期不能晚于今天',
      'safety_violations[1].summary': '请填写摘要',
    })
  })

  it('falls back to the closest parent the form knows', () => {
    const mapped = mapErrorDetails([{ field: 'high_risk[1]', message: '未知的风险类型' }], known('high_risk'))
    expect(mapped.fields).toEqual({ high_risk: '未知的风险类型' })
  })

  it('applies aliases where the form names a field differently', () => {
    const mapped = mapErrorDetails([{ field: 'wage_fen', message: '不能为负' }], known('wage'), { wage_fen: 'wage' })
    expect(mapped.fields).toEqual({ wage: '不能为负' })
  })

  it('keeps the first message per field and drops repeats from the toast', () => {
    const mapped = mapErrorDetails(
      [
        { field: 'name', message: 'first' },
        { field: 'name', message: 'second' },
        { field: 'x', message: 'same' },
        { field: 'y', message: 'same' },
      ],
      known('name'),
    )
    expect(mapped.fields).toEqual({ name: 'first' })
    expect(mapped.unmatched).toEqual(['same'])
  })

  it('toasts rule violations, which name no field', () => {
    const mapped = mapErrorDetails([{ rule: 'R-AGE16', article: '16', message: '学生未满 16 周岁' }], known('name'))
    expect(mapped).toEqual({ fields: {}, unmatched: ['学生未满 16 周岁'] })
  })

  it('ignores details without a message', () => {
    expect(mapErrorDetails([{ field: 'name', message: ' ' }], known('name'))).toEqual({ fields: {}, unmatched: [] })
  })
})

describe('normalizeFieldPath', () => {
  it.each([
    ['a.0.b', 'a[0].b'],
    ['a[0].b', 'a[0].b'],
    ['posts.12.pay_fen', 'posts[12].pay_fen'],
    ['a.0', 'a[0]'],
    ['name', 'name'],
  ])('%s → %s', (input, output) => {
    expect(normalizeFieldPath(input)).toBe(output)
  })
})
