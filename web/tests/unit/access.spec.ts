import { describe, expect, it } from 'vitest'
import { creatableRoles, manageLinks, orgKindForRole, safeRedirect } from '../../src/access'

describe('safeRedirect', () => {
  it.each([
    ['/me', '/me'],
    ['/manage/users?role=teacher', '/manage/users?role=teacher'],
    [undefined, '/'],
    ['', '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['/login?redirect=/me', '/'],
    [['/me', '/x'], '/me'],
  ])('%j → %s', (raw, target) => {
    expect(safeRedirect(raw)).toBe(target)
  })
})

describe('what each role may manage', () => {
  it('offers each role only its pages', () => {
    const paths = (role: Parameters<typeof manageLinks>[0]) => manageLinks(role).map((l) => l.to)
    expect(paths('platform_admin')).toEqual(['/manage/orgs', '/manage/users', '/complaints'])
    expect(paths('bureau_auditor')).toEqual([
      '/stats',
      '/manage/orgs',
      '/students',
      '/duty/coverage',
      '/incidents',
      '/complaints',
      '/campaigns',
      '/rectifications',
    ])
    expect(paths('school_admin')).toEqual([
      '/stats',
      '/manage/users',
      '/students',
      '/manage/enterprises',
      '/manage/hosts',
      '/duty/rosters',
      '/duty/coverage',
      '/incidents',
      '/rectifications',
    ])
    expect(paths('enterprise_admin')).toEqual(['/manage/posts', '/manage/users', '/rectifications'])
    expect(paths('teacher')).toEqual(['/duty/patrols', '/incidents'])
    expect(paths('student')).toEqual([])
    expect(paths('enterprise_mentor')).toEqual(['/patrols'])
    expect(paths(null)).toEqual([])
  })

  it('lets each admin create only the roles the server accepts from it', () => {
    expect(creatableRoles('platform_admin')).toHaveLength(7)
    expect(creatableRoles('school_admin')).toEqual(['teacher', 'student'])
    expect(creatableRoles('enterprise_admin')).toEqual(['enterprise_mentor'])
    expect(creatableRoles('teacher')).toEqual([])
  })

  it('picks the organisation kind that fits a role', () => {
    expect(orgKindForRole('bureau_auditor')).toBe('bureau')
    expect(orgKindForRole('school_admin')).toBe('school')
    expect(orgKindForRole('teacher')).toBe('school')
    expect(orgKindForRole('student')).toBe('school')
    expect(orgKindForRole('enterprise_admin')).toBe('enterprise')
    expect(orgKindForRole('enterprise_mentor')).toBe('enterprise')
    expect(orgKindForRole('platform_admin')).toBeNull()
  })
})
