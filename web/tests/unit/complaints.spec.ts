import { describe, expect, it } from 'vitest'
import { excerpt, normalizeCode, normalizeReference, statusTagType } from '../../src/complaints/complaints'
import { manageLinks, routeRoles } from '../../src/access'
import { routes } from '../../src/router'

describe('complaint references and codes as people type them', () => {
  it('restores the dashes and the case of a reference', () => {
    expect(normalizeReference(' ts20261205 7kq3 ')).toBe('TS-20261205-7KQ3')
    expect(normalizeReference('TS-20261205-7KQ3')).toBe('TS-20261205-7KQ3')
    // Something else is left for the server to refuse, not guessed at.
    expect(normalizeReference('abc')).toBe('ABC')
  })

  it('groups a twelve-character code in fours', () => {
    expect(normalizeCode('abcd efgh-jkmn')).toBe('ABCD-EFGH-JKMN')
    expect(normalizeCode('ABCDEFGHJKMN')).toBe('ABCD-EFGH-JKMN')
    expect(normalizeCode('abc')).toBe('ABC')
  })
})

describe('complaint list helpers', () => {
  it('shortens long content by characters, not bytes', () => {
    expect(excerpt('实习单位'.repeat(20), 10)).toBe('实习单位实习单位实习…')
    expect(excerpt('  短\n投诉  ')).toBe('短 投诉')
  })

  it('tells open complaints apart by colour', () => {
    expect(statusTagType('received')).toBe('warning')
    expect(statusTagType('triaging')).toBe('primary')
    expect(statusTagType('resolved')).toBe('success')
    expect(statusTagType('dismissed')).toBe('default')
  })
})

describe('complaint routes', () => {
  it('lets anyone reach the public form and status page, and only bureaus the ledger', () => {
    const byPath = new Map(routes.map((r) => [r.path, r]))
    expect(byPath.get('/complaint')?.meta?.roles).toBeUndefined()
    expect(byPath.get('/complaint')?.meta?.requiresAuth).toBeUndefined()
    expect(byPath.get('/complaint/status')?.meta?.roles).toBeUndefined()
    expect(byPath.get('/complaints')?.meta?.roles).toEqual(routeRoles.complaints)
    expect(routeRoles.complaints).toEqual(['bureau_auditor', 'platform_admin'])
    expect(manageLinks('bureau_auditor').map((l) => l.to)).toContain('/complaints')
    expect(manageLinks('school_admin').map((l) => l.to)).not.toContain('/complaints')
  })
})
