import { describe, expect, it, vi } from 'vitest'
import type { ErrorDetail, Me, Student, Token } from '../../src/api/types'
import { ApiError, createApiClient, type FetchLike } from '../../src/api/client'
import { messages } from '../../src/messages'
import {
  emptyStudentForm,
  factsOfForm,
  formFromStudent,
  needsGuardian,
  STUDENT_FIELDS,
  toStudentInput,
  validateStudentForm,
  type StudentForm,
} from '../../src/students/form'
import { fileSizeText, importFileProblem, importReport, MAX_IMPORT_BYTES } from '../../src/students/importReport'
import { studentEditPath, studentPath, studentsLink } from '../../src/students/links'
import { guardianParts, looksLikeIdNumber, normalizeSearch } from '../../src/students/search'
import { manageLinks } from '../../src/access'

const TODAY = '2026-03-15'
const t = messages.students
const v = messages.validation
const COLUMNS = t.importColumns

// 17 on TODAY (born 2008-05-15), 18 (born on a leap day, 18 since 1 March).
const MINOR_ID = '511922200805151231'
const ADULT_ID = '511921200802290010'

function filled(overrides: Partial<StudentForm> = {}): StudentForm {
  return {
    ...emptyStudentForm(),
    student_no: '2023010101',
    name: '张小明',
    id_number: ADULT_ID,
    major: '数控技术应用',
    major_category: '装备制造大类',
    class_name: '2023级数控1班',
    enrolled_on: '2023-09-01',
    ...overrides,
  }
}

describe('student form', () => {
  it('lists its fields in screen order, each one a key of the form', () => {
    expect(STUDENT_FIELDS).toEqual(Object.keys(emptyStudentForm()))
  })

  it('accepts an adult without a guardian or phone', () => {
    expect(validateStudentForm(filled(), TODAY)).toEqual({})
  })

  it('names every empty required field', () => {
    const found = validateStudentForm(emptyStudentForm(), TODAY)
    expect(found).toEqual({
      student_no: v.required('学号'),
      name: v.required('姓名'),
      id_number: v.required('身份证号'),
      major: v.required('专业'),
      major_category: v.required('专业大类'),
      class_name: v.required('班级'),
      enrolled_on: v.choose('入学日期'),
    })
  })

  it.each([
    ['51192220080515123', t.form.idNumberFormat],
    ['011922200805151231', t.form.idNumberDivision],
    ['511922200802310014', t.form.idNumberBirthDate],
    ['511921202703150015', t.form.idNumberFuture],
    ['511922200805151232', t.form.idNumberChecksum],
  ])('says what is wrong with ID number %s', (id, message) => {
    expect(validateStudentForm(filled({ id_number: id }), TODAY).id_number).toBe(message)
  })

  it('normalises a lower-case x and spaces before checking', () => {
    expect(validateStudentForm(filled({ id_number: ' 11010519491231002x ' }), TODAY)).toEqual({})
    expect(toStudentInput(filled({ id_number: ' 11010519491231002x ' })).id_number).toBe('11010519491231002X')
  })

  it('requires a guardian for a student under 18, derived from the ID number', () => {
    const minor = filled({ id_number: MINOR_ID })
    expect(needsGuardian(minor, TODAY)).toBe(true)
    expect(needsGuardian(filled(), TODAY)).toBe(false)
    expect(validateStudentForm(minor, TODAY)).toEqual({
      guardian_name: t.form.guardianRequired('监护人姓名'),
      guardian_phone: t.form.guardianRequired('监护人手机号'),
    })
    expect(validateStudentForm({ ...minor, guardian_name: '张大山', guardian_phone: '13800138000' }, TODAY)).toEqual({})
    // An invalid number says nothing about the age: only the number is reported.
    expect(needsGuardian(filled({ id_number: '511922200805151232' }), TODAY)).toBe(false)
  })

  it('derives gender, birth date and age as soon as the number is valid', () => {
    expect(factsOfForm({ id_number: MINOR_ID }, TODAY)).toEqual({ birthDate: '2008-05-15', gender: 'male', age: 17 })
    expect(factsOfForm({ id_number: MINOR_ID.slice(0, 17) }, TODAY)).toBeNull()
  })

  it('checks mobile numbers and dates', () => {
    const found = validateStudentForm(
      filled({ phone: '12345678901', guardian_phone: '1380013800', enrolled_on: '2023-02-30' }),
      TODAY,
    )
    expect(found).toEqual({ phone: v.mobileFormat, guardian_phone: v.mobileFormat, enrolled_on: v.date('入学日期') })
    expect(validateStudentForm(filled({ enrolled_on: '2007-09-01' }), TODAY).enrolled_on).toBe(t.form.enrolledBeforeBirth)
  })

  it('limits the lengths the server limits', () => {
    const found = validateStudentForm(filled({ student_no: '1'.repeat(33), name: '名'.repeat(65) }), TODAY)
    expect(found).toEqual({ student_no: v.tooLong('学号', 32), name: v.tooLong('姓名', 64) })
  })

  it('sends trimmed values and leaves out empty optional ones', () => {
    expect(toStudentInput(filled({ name: ' 张小明 ', phone: ' ' }))).toEqual({
      student_no: '2023010101',
      name: '张小明',
      id_number: ADULT_ID,
      major: '数控技术应用',
      major_category: '装备制造大类',
      enrolled_on: '2023-09-01',
      class_name: '2023级数控1班',
    })
    expect(toStudentInput(filled({ phone: '13800138000', guardian_name: '张大山', guardian_phone: '13900139000' }))).toMatchObject({
      phone: '13800138000',
      guardian_name: '张大山',
      guardian_phone: '13900139000',
    })
  })

  it('starts an edit with an empty ID number when the server sent it masked', () => {
    const s = student({ id_number: '5119**********1231', id_number_full: false })
    expect(formFromStudent(s).id_number).toBe('')
    expect(formFromStudent({ ...s, id_number: MINOR_ID, id_number_full: true }).id_number).toBe(MINOR_ID)
    expect(formFromStudent(s).guardian_name).toBe('张大山')
  })

  it('never offers masked contacts for editing', () => {
    const f = formFromStudent(student({ contact_masked: true, phone: '139****5678', guardian_name: '张**', guardian_phone: '139****9000' }))
    expect([f.phone, f.guardian_name, f.guardian_phone]).toEqual(['', '', ''])
  })
})

function student(overrides: Partial<Student> = {}): Student {
  return {
    id: '0190d3a0-0000-7000-8000-000000000101',
    school_id: '0190d3a0-0000-7000-8000-000000000001',
    school_name: '南江县小河职业中学',
    student_no: '2023010101',
    name: '张小明',
    id_number: MINOR_ID,
    id_number_full: true,
    gender: 'male',
    birth_date: '2008-05-15',
    age: 17,
    major: '数控技术应用',
    major_category: '装备制造大类',
    enrolled_on: '2023-09-01',
    class_name: '2023级数控1班',
    phone: '',
    guardian_name: '张大山',
    guardian_phone: '13900139000',
    contact_masked: false,
    has_account: false,
    created_at: '2026-03-01T08:00:00+08:00',
    updated_at: '2026-03-01T08:00:00+08:00',
    ...overrides,
  }
}

describe('import report', () => {
  const cell = (row: number, column: string, message: string): ErrorDetail => ({ field: `rows[${row}]`, row, column, message })

  it('sorts by row, then by the template column order', () => {
    const report = importReport(
      [
        cell(5, '身份证号', '校验位不正确'),
        cell(3, '监护人手机号', '未满 18 周岁须填写'),
        cell(3, '学号', '与第 2 行重复'),
        cell(12, '入学日期', '不是有效日期'),
        cell(3, '身份证号', '出生日期晚于今天'),
        cell(5, '学号', '不能为空'),
      ],
      COLUMNS,
    )
    expect(report.problems.map((p) => [p.row, p.column])).toEqual([
      [3, '学号'],
      [3, '身份证号'],
      [3, '监护人手机号'],
      [5, '学号'],
      [5, '身份证号'],
      [12, '入学日期'],
    ])
    expect(report.rowCount).toBe(3)
    expect(report.fileErrors).toEqual([])
  })

  it('rows sort numerically, not as text', () => {
    const report = importReport([cell(10, '姓名', 'a'), cell(9, '姓名', 'b'), cell(100, '姓名', 'c')], COLUMNS)
    expect(report.problems.map((p) => p.row)).toEqual([9, 10, 100])
  })

  it('puts unknown or missing columns after the template columns of the same row', () => {
    const report = importReport(
      [{ field: 'x', row: 2, message: 'row problem' }, cell(2, '备注', 'unknown column'), cell(2, '班级', 'class')],
      COLUMNS,
    )
    expect(report.problems.map((p) => p.column)).toEqual(['班级', '', '备注'])
  })

  it('keeps problems of the file itself apart, once each, in the server order', () => {
    const report = importReport(
      [
        { field: 'file', message: '无法读取文件' },
        cell(2, '学号', '不能为空'),
        { field: 'file', message: '缺少列：班级' },
        { field: 'file', message: '无法读取文件' },
        { field: 'file', message: '  ' },
      ],
      COLUMNS,
    )
    expect(report.fileErrors).toEqual(['无法读取文件', '缺少列：班级'])
    expect(report.problems).toHaveLength(1)
  })

  it('shows the same cell message once and keeps two messages of one cell in order', () => {
    const report = importReport([cell(4, '姓名', 'first'), cell(4, '姓名', 'second'), cell(4, '姓名', 'first')], COLUMNS)
    expect(report.problems.map((p) => p.message)).toEqual(['first', 'second'])
  })

  it('treats a row that is not a positive integer as a file problem', () => {
    const report = importReport([{ field: 'file', row: 0, message: 'zero' } as ErrorDetail], COLUMNS)
    expect(report.fileErrors).toEqual(['zero'])
  })
})

describe('import file checks', () => {
  it.each([
    ['名单.csv', 100, null],
    ['名单.XLSX', 100, null],
    ['名单.xls', 100, 'wrongType'],
    ['名单.png', 100, 'wrongType'],
    ['名单.csv.txt', 100, 'wrongType'],
    ['名单.xlsx', MAX_IMPORT_BYTES, null],
    ['名单.xlsx', MAX_IMPORT_BYTES + 1, 'tooLarge'],
  ] as const)('%s of %d bytes → %s', (name, size, problem) => {
    expect(importFileProblem({ name, size })).toBe(problem)
  })

  it('writes sizes in KB below a megabyte and MB above', () => {
    const units = t.importPage
    expect(fileSizeText(10, units)).toBe('0.1 KB')
    expect(fileSizeText(2048, units)).toBe('2.0 KB')
    expect(fileSizeText(5 * 1024 * 1024 + 100_000, units)).toBe('5.1 MB')
  })
})

describe('links', () => {
  it('point at the roster and a student', () => {
    expect(studentsLink()).toBe('/students')
    expect(studentsLink('2023级数控1班')).toEqual({ path: '/students', query: { class: '2023级数控1班' } })
    expect(studentPath('abc')).toBe('/students/abc')
    expect(studentEditPath('abc')).toBe('/students/abc/edit')
  })

  it('show the roster to school admins and bureau auditors under 管理', () => {
    expect(manageLinks('school_admin').map((l) => l.to)).toContain('/students')
    expect(manageLinks('bureau_auditor').map((l) => l.to)).toContain('/students')
    expect(manageLinks('enterprise_admin').map((l) => l.to)).not.toContain('/students')
  })
})

describe('api client: upload and download', () => {
  const me: Me = {
    id: '00000000-0000-0000-0000-000000000001',
    username: 'school2',
    display_name: '学校管理员',
    role: 'school_admin',
    org_id: '00000000-0000-0000-0000-000000000002',
    org_kind: 'school',
    org_name: '南江县小河职业中学',
    division_code: '511922',
  }
  const token = (access: string): Token => ({ access_token: access, token_type: 'Bearer', expires_in: 900, user: me })

  function setup(server: FetchLike) {
    let access = 'old'
    const fetchImpl = vi.fn<FetchLike>(server)
    const client = createApiClient(
      { getAccessToken: () => access, onToken: (tk) => (access = tk.access_token), onSessionLost: vi.fn() },
      fetchImpl,
    )
    return { client, fetchImpl }
  }
  const headers = (init: RequestInit) => init.headers as Record<string, string>

  it('sends a FormData body as is, with the token and no JSON content type', async () => {
    const { client, fetchImpl } = setup(async () => Response.json({ created: 3, updated: 1 }))
    const form = new FormData()
    form.append('file', new Blob(['学号,姓名\n'], { type: 'text/csv' }), 'roster.csv')
    const result = await client.upload('/api/v1/students/import', form)
    expect(result).toEqual({ created: 3, updated: 1 })
    const [url, init] = fetchImpl.mock.calls[0]!
    expect(url).toBe('/api/v1/students/import')
    expect(init.method).toBe('POST')
    expect(init.body).toBe(form)
    expect(headers(init)['Content-Type']).toBeUndefined()
    expect(headers(init).Authorization).toBe('Bearer old')
  })

  it('refreshes once on a 401 and sends the same form again', async () => {
    const { client, fetchImpl } = setup(async (url, init) => {
      if (url === '/api/v1/auth/refresh') return Response.json(token('new'))
      if (headers(init).Authorization === 'Bearer new') return Response.json({ created: 1, updated: 0 })
      return Response.json({ error: { code: 'UNAUTHENTICATED', message: '' } }, { status: 401 })
    })
    const form = new FormData()
    form.append('file', new Blob(['x']), 'a.csv')
    await expect(client.upload('/api/v1/students/import', form)).resolves.toEqual({ created: 1, updated: 0 })
    const imports = fetchImpl.mock.calls.filter(([url]) => url === '/api/v1/students/import')
    expect(imports.map(([, init]) => [headers(init).Authorization, init.body])).toEqual([
      ['Bearer old', form],
      ['Bearer new', form],
    ])
  })

  it('turns a 400 into an ApiError carrying every row and column', async () => {
    const details = [{ field: 'rows[2].id_number', row: 2, column: '身份证号', message: '校验位不正确' }]
    const { client } = setup(async () => Response.json({ error: { code: 'INVALID_INPUT', message: '导入文件有误', details } }, { status: 400 }))
    const err = await client.upload('/api/v1/students/import', new FormData()).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).details).toEqual(details)
  })

  it('downloads a file as a Blob with the token and the query', async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04])
    const { client, fetchImpl } = setup(async () => new Response(bytes, { headers: { 'Content-Type': 'application/octet-stream' } }))
    const blob = await client.download('/api/v1/students/import-template', { query: { format: 'xlsx' } })
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(bytes)
    const [url, init] = fetchImpl.mock.calls[0]!
    expect(url).toBe('/api/v1/students/import-template?format=xlsx')
    expect(headers(init).Authorization).toBe('Bearer old')
    expect(headers(init).Accept).toBe('*/*')
  })

  it('a failed download is still an ApiError', async () => {
    const { client } = setup(async () => Response.json({ error: { code: 'FORBIDDEN', message: '无权操作' } }, { status: 403 }))
    await expect(client.download('/api/v1/students/import-template')).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' })
  })
})

describe('roster search', () => {
  it('sends a whole ID number, valid or not, in a POST body rather than the address', () => {
    for (const q of [ADULT_ID, ADULT_ID.toLowerCase(), MINOR_ID, '511921 20080229 0010', '５１１９２１２００８０２２９００１０', '51192120080229001X', '123456789012345']) {
      expect(looksLikeIdNumber(q), q).toBe(true)
    }
    for (const q of ['张三', '2024010101', '1234567890123456', '51192120080229001', '5119212008022900100', '', 'T0000001']) {
      expect(looksLikeIdNumber(q), q).toBe(false)
    }
    expect(normalizeSearch(' ５１１９２１２００８０２２９００１x ')).toBe('51192120080229001X')
  })

  it('shows the guardian parts that were entered, masked or not as the server sent them', () => {
    expect(guardianParts({ guardian_name: '欧阳**', guardian_phone: '137****4321' })).toEqual(['欧阳**', '137****4321'])
    expect(guardianParts({ guardian_name: '', guardian_phone: '' })).toEqual([])
    expect(t.guardianLine(['张*', '139****5678'])).toBe('监护人 张* 139****5678')
  })
})
