import { describe, expect, it } from 'vitest'
import { emptyPlanForm, liveCheckBody, offeredSuggestions, type PlanForm } from '../../src/plans/form'

function basics(): PlanForm {
  const form = emptyPlanForm()
  Object.assign(form, {
    title: '2024级数控技术应用专业岗位实习方案',
    major: '数控技术应用',
    major_category: '装备制造大类',
    cohort: '2024级',
    starts_on: '2026-12-21',
    ends_on: '2027-05-20',
  })
  form.posts.push({
    post_id: 'p1',
    post_name: '数控车床操作员',
    enterprise_id: 'e1',
    enterprise_name: '精工机械',
    planned_count: '6',
    pay: '3000',
    ref: null,
  })
  return form
}

describe('liveCheckBody', () => {
  it('sends the unsaved body once the basics and every post line are filled, even with empty safety sections', () => {
    const body = liveCheckBody(basics())
    expect(body).not.toBeNull()
    expect(body!.posts).toEqual([{ post_id: 'p1', planned_count: 6, pay_fen: 300000 }])
    expect(body!.safety_measures).toBe('')
  })

  it('waits while a field the server needs is missing or malformed', () => {
    const noCategory = basics()
    noCategory.major_category = ''
    expect(liveCheckBody(noCategory)).toBeNull()
    const halfPay = basics()
    halfPay.posts[0]!.pay = '30.123'
    expect(liveCheckBody(halfPay)).toBeNull()
    const noPosts = basics()
    noPosts.posts = []
    expect(liveCheckBody(noPosts)).toBeNull()
  })
})

describe('offeredSuggestions', () => {
  it('keeps the server order, leaves out what the field holds, and caps the list', () => {
    expect(offeredSuggestions(['数控技术', '机电技术应用', '旅游服务与管理'], ' 数控技术 ')).toEqual(['机电技术应用', '旅游服务与管理'])
    expect(offeredSuggestions(['a', 'b', 'c', 'd'], '', 2)).toEqual(['a', 'b'])
    expect(offeredSuggestions([], 'x')).toEqual([])
  })
})
