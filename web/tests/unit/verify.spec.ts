import { describe, expect, it } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import {
  absoluteVerifyUrl,
  codeOfVerifyUrl,
  isVerifyCode,
  normalizeFilingNo,
  normalizeVerifyCode,
  verdictOf,
  verifyTarget,
} from '../../src/plans/verify'
import { qrDataUrl } from '../../src/plans/verifyQr'
import { createAppRouter, routes } from '../../src/router'

describe('the filing number and code of a verify address', () => {
  it('reads the number from the path and the code from ?c=', () => {
    const router = createAppRouter(createMemoryHistory())
    const to = router.resolve('/verify/511921-2026-0001?c=ABCD2345')
    expect(to.name).toBe('verify')
    expect(verifyTarget(to.params, to.query)).toEqual({ filingNo: '511921-2026-0001', code: 'ABCD2345' })
  })

  it('gives empty strings for what is missing, so the page asks for it', () => {
    const router = createAppRouter(createMemoryHistory())
    const noCode = router.resolve('/verify/511921-2026-0001')
    expect(noCode.name).toBe('verify')
    expect(verifyTarget(noCode.params, noCode.query)).toEqual({ filingNo: '511921-2026-0001', code: '' })
    const nothing = router.resolve('/verify')
    expect(nothing.name).toBe('verify')
    expect(verifyTarget(nothing.params, nothing.query)).toEqual({ filingNo: '', code: '' })
  })

  it('takes the first of a repeated ?c= and tidies a hand-typed code', () => {
    expect(verifyTarget({ filing: '511921-2026-0001' }, { c: ['abcd 2345', 'ZZZZZZZZ'] }).code).toBe('ABCD2345')
    expect(verifyTarget({ filing: '511921-2026-0001' }, { c: null }).code).toBe('')
  })

  it('opens without a session', () => {
    const route = routes.find((r) => r.name === 'verify')
    expect(route?.meta?.roles).toBeUndefined()
    expect(route?.meta?.requiresAuth).toBeUndefined()
  })
})

describe('codes and numbers as people type them', () => {
  it('ignores case, spaces and dashes, and reads a 0 as the O it must be', () => {
    expect(normalizeVerifyCode(' abcd-2345 ')).toBe('ABCD2345')
    expect(normalizeVerifyCode('ABCD\u00a02345')).toBe('ABCD2345')
    expect(normalizeVerifyCode('0PQR2345')).toBe('OPQR2345')
  })

  it('accepts only eight base32 characters', () => {
    expect(isVerifyCode('ABCD2345')).toBe(true)
    expect(isVerifyCode('ABCD234')).toBe(false)
    expect(isVerifyCode('ABCD23456')).toBe(false)
    // 1, 8 and 9 are not in the alphabet: a misread, not a code.
    expect(isVerifyCode('ABCD2341')).toBe(false)
    expect(isVerifyCode('abcd2345')).toBe(false)
  })

  it('puts the dashes back into a filing number and makes wide dashes plain', () => {
    expect(normalizeFilingNo('51192120260001')).toBe('511921-2026-0001')
    expect(normalizeFilingNo(' 511921－2026－0001 ')).toBe('511921-2026-0001')
    expect(normalizeFilingNo('511921-2026-0001')).toBe('511921-2026-0001')
    // Something else is left for the server to refuse, not guessed at.
    expect(normalizeFilingNo('12345')).toBe('12345')
  })
})

describe('the verify address on the printed form', () => {
  it('finds the code in the path the server sends', () => {
    expect(codeOfVerifyUrl('/verify/511921-2026-0001?c=ABCD2345')).toBe('ABCD2345')
    expect(codeOfVerifyUrl('/verify/511921-2026-0001')).toBe('')
    expect(codeOfVerifyUrl('')).toBe('')
  })

  it('prefixes the origin, or gives nothing before filing', () => {
    expect(absoluteVerifyUrl('https://huhang.example', '/verify/511921-2026-0001?c=ABCD2345')).toBe(
      'https://huhang.example/verify/511921-2026-0001?c=ABCD2345',
    )
    expect(absoluteVerifyUrl('https://huhang.example/', '/verify/x?c=Y')).toBe('https://huhang.example/verify/x?c=Y')
    expect(absoluteVerifyUrl('https://huhang.example', '')).toBe('')
  })

  it('draws the QR code as a black-on-white SVG image', async () => {
    const src = await qrDataUrl('https://huhang.example/verify/511921-2026-0001?c=ABCD2345')
    expect(src.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true)
    const svg = decodeURIComponent(src.slice(src.indexOf(',') + 1))
    expect(svg).toContain('<svg')
    expect(svg).toContain('fill="#ffffff"')
    expect(svg).toContain('stroke="#000000"')
  })
})

describe('the verdict', () => {
  it('is filed while in force, revoked otherwise, and unknown on a 404', () => {
    expect(verdictOf({ valid: true })).toBe('filed')
    expect(verdictOf({ valid: false })).toBe('revoked')
    expect(verdictOf(null)).toBe('unknown')
  })
})
