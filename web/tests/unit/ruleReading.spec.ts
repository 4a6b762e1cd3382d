import { describe, expect, it } from 'vitest'
import type { Rule, RuleResult } from '../../src/api/types'
import {
  checklistParts,
  chineseNumber,
  citeArticle,
  failureNames,
  groupResults,
  readingOrder,
  shortTitle,
} from '../../src/plans/rules'
import { diffTokens, formatChange, wordDiff } from '../../src/plans/review'

describe('legal citations', () => {
  it('writes 1–99 as statutes do', () => {
    expect([1, 5, 9, 10, 11, 16, 19, 20, 24, 35, 99].map((n) => chineseNumber(n))).toEqual([
      '一', '五', '九', '十', '十一', '十六', '十九', '二十', '二十四', '三十五', '九十九',
    ])
    expect(chineseNumber(0)).toBe('0')
    expect(chineseNumber(100)).toBe('100')
  })

  it('cites every article string the rules registry uses', () => {
    const cases: [string, string][] = [
      ['5', '第五条'],
      ['6', '第六条'],
      ['7', '第七条'],
      ['8', '第八条'],
      ['9', '第九条'],
      ['11', '第十一条'],
      ['12', '第十二条'],
      ['14', '第十四条'],
      ['16(1)', '第十六条第（一）项'],
      ['16(2)', '第十六条第（二）项'],
      ['16(3)', '第十六条第（三）项'],
      ['16(4)', '第十六条第（四）项'],
      ['16(5)', '第十六条第（五）项'],
      ['16(6)', '第十六条第（六）项'],
      ['16(7)', '第十六条第（七）项'],
      ['17', '第十七条'],
      ['18', '第十八条'],
      ['20', '第二十条'],
      ['24', '第二十四条'],
      ['25', '第二十五条'],
      ['31', '第三十一条'],
      ['35', '第三十五条'],
      ['local', '巴中市规定'],
      ['5, local', '第五条、巴中市规定'],
    ]
    for (const [article, cited] of cases) expect(citeArticle(article), article).toBe(cited)
  })

  it('shows what it cannot read as written, never a guess', () => {
    expect(citeArticle('附件2')).toBe('附件2')
    expect(citeArticle('')).toBe('')
  })
})

const REGISTRY: Rule[] = [
  { id: 'R-VENUE', article: '16(5)', effect: 'block', title: '不得安排到营业性娱乐场所实习', applies_to: ['post'], level: 'plan' },
  { id: 'R-MAJOR', article: '8', effect: 'override', title: '实习岗位与所学专业大类一致', applies_to: ['post'], level: 'plan' },
  { id: 'R-HOURS', article: '17', effect: 'block', title: '每日不超过8小时', applies_to: ['post'], level: 'plan' },
  { id: 'R-PAY', article: '18', effect: 'block', title: '实习报酬不低于同岗位工资的80%', applies_to: ['post'], level: 'plan' },
  { id: 'R-LEADTIME', article: 'local', effect: 'warn', title: '方案须提前报送审批备案', applies_to: ['post'], level: 'plan' },
  { id: 'R-CROSSPROV', article: '24', effect: 'route', title: '跨省实习', applies_to: ['post'], level: 'plan' },
]

function result(rule: string, passed: boolean): RuleResult {
  const effect = REGISTRY.find((r) => r.id === rule)!.effect
  return { rule, article: '', effect, passed, covered: false, subject: 'plan', message: `${rule} ${passed}` }
}

describe('the checklist reading order', () => {
  const rows = groupResults(REGISTRY, [
    result('R-VENUE', true),
    result('R-MAJOR', false),
    result('R-HOURS', true),
    result('R-PAY', false),
    result('R-LEADTIME', false),
    result('R-CROSSPROV', true),
  ])

  it('puts every failure before any pass, prohibitions first, the registry order otherwise', () => {
    expect(readingOrder(rows).map((r) => r.id)).toEqual(['R-PAY', 'R-MAJOR', 'R-LEADTIME', 'R-VENUE', 'R-HOURS', 'R-CROSSPROV'])
    const parts = checklistParts(rows)
    expect(parts.failing.map((r) => r.id)).toEqual(['R-PAY', 'R-MAJOR', 'R-LEADTIME'])
    expect(parts.passed.map((r) => r.id)).toEqual(['R-VENUE', 'R-HOURS', 'R-CROSSPROV'])
    expect(parts.pending).toEqual([])
  })

  it('keeps unchecked rules between failures and passes', () => {
    const unchecked = groupResults(REGISTRY, null)
    expect(checklistParts(unchecked).pending).toHaveLength(REGISTRY.length)
    expect(readingOrder(unchecked).map((r) => r.id)).toEqual(REGISTRY.map((r) => r.id))
  })

  it('names every failing rule in the summary, titles shortened', () => {
    expect(failureNames(rows)).toBe('R-PAY 实习报酬不低于同…、R-MAJOR 实习岗位与所学专…、R-LEADTIME 方案须提前报送审…')
    expect(shortTitle('跨省实习')).toBe('跨省实习')
    expect(failureNames(groupResults(REGISTRY, [result('R-VENUE', true)]))).toBe('')
  })
})

describe('the word diff of a changed text', () => {
  it('splits Chinese by character and Latin by word', () => {
    expect(diffTokens('数控 CNC车床 2024级')).toEqual(['数', '控', ' ', 'CNC', '车', '床', ' ', '2024', '级'])
  })

  it('marks only the inserted and deleted characters of Chinese text', () => {
    expect(wordDiff('指导教师每日巡查。', '指导教师每周两次巡查。')).toEqual([
      { op: 'same', text: '指导教师每' },
      { op: 'del', text: '日' },
      { op: 'ins', text: '周两次' },
      { op: 'same', text: '巡查。' },
    ])
  })

  it('marks whole Latin words, not letters', () => {
    expect(wordDiff('use the lathe daily', 'use the mill daily')).toEqual([
      { op: 'same', text: 'use the ' },
      { op: 'del', text: 'lathe' },
      { op: 'ins', text: 'mill' },
      { op: 'same', text: ' daily' },
    ])
  })

  it('handles empty sides and equal texts', () => {
    expect(wordDiff('', '新增内容')).toEqual([{ op: 'ins', text: '新增内容' }])
    expect(wordDiff('删去', '')).toEqual([{ op: 'del', text: '删去' }])
    expect(wordDiff('不变', '不变')).toEqual([{ op: 'same', text: '不变' }])
  })

  it('rebuilds both texts from its parts', () => {
    const before = '上岗前三级安全教育；配发劳动防护用品；指导教师每日巡查 (daily check)。'
    const after = '上岗前进行三级安全教育；配发防护用品；带教师傅每日巡查 (weekly check)。'
    const parts = wordDiff(before, after)
    expect(parts.filter((p) => p.op !== 'ins').map((p) => p.text).join('')).toBe(before)
    expect(parts.filter((p) => p.op !== 'del').map((p) => p.text).join('')).toBe(after)
  })

  it('is attached to changed free text only, not to coded values or posts', () => {
    const text = formatChange({ field: 'safety_measures', label: '安全保障措施', kind: 'changed', before: '每日巡查', after: '每周巡查' })
    expect(text.inline).toEqual([
      { op: 'same', text: '每' },
      { op: 'del', text: '日' },
      { op: 'ins', text: '周' },
      { op: 'same', text: '巡查' },
    ])
    expect(formatChange({ field: 'type', label: '实习类型', kind: 'changed', before: 'cognitive', after: 'post' }).inline).toBeUndefined()
    expect(formatChange({ field: 'title', label: '方案名称', kind: 'added', before: null, after: 'x' }).inline).toBeUndefined()
  })
})
