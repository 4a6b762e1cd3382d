// The add/edit student form as plain data: its fields, the checks the phone
// makes before sending (the server makes the same ones), and the request body.
import type { Student, StudentInput } from '../api/types'
import { messages, type Messages } from '../messages'
import { isValidDate, isValidMobile } from '../validation/formats'
import { idFacts, idNumberProblem, normalizeIdNumber, type IdFacts } from '../validation/idNumber'

export interface StudentForm {
  student_no: string
  name: string
  id_number: string
  phone: string
  major: string
  major_category: string
  class_name: string
  enrolled_on: string
  guardian_name: string
  guardian_phone: string
}

/** Field keys in screen order (focus goes to the first one with an error). */
export const STUDENT_FIELDS = [
  'student_no',
  'name',
  'id_number',
  'phone',
  'major',
  'major_category',
  'class_name',
  'enrolled_on',
  'guardian_name',
  'guardian_phone',
] as const satisfies readonly (keyof StudentForm)[]

/** The age below which a guardian must be named. */
export const ADULT_AGE = 18

const MAX_LENGTH: Partial<Record<keyof StudentForm, number>> = {
  student_no: 32,
  name: 64,
  major: 64,
  major_category: 64,
  class_name: 64,
  guardian_name: 64,
}

export function emptyStudentForm(): StudentForm {
  return {
    student_no: '',
    name: '',
    id_number: '',
    phone: '',
    major: '',
    major_category: '',
    class_name: '',
    enrolled_on: '',
    guardian_name: '',
    guardian_phone: '',
  }
}

/**
 * The form for editing a student. A masked ID number cannot be sent back,
 * so the field starts empty and has to be typed again.
 */
export function formFromStudent(s: Student): StudentForm {
  // Masked values are never offered for editing: saving them would overwrite
  // the real ones with stars.
  const contact = (value: string | undefined) => (s.contact_masked ? '' : (value ?? ''))
  return {
    student_no: s.student_no,
    name: s.name,
    id_number: s.id_number_full ? s.id_number : '',
    phone: contact(s.phone),
    major: s.major,
    major_category: s.major_category,
    class_name: s.class_name,
    enrolled_on: s.enrolled_on,
    guardian_name: contact(s.guardian_name),
    guardian_phone: contact(s.guardian_phone),
  }
}

/** Gender, birth date and age from the ID number as typed, once it is valid. */
export function factsOfForm(form: Pick<StudentForm, 'id_number'>, today: string): IdFacts | null {
  return idFacts(normalizeIdNumber(form.id_number), today)
}

/** True when the ID number is valid and says the student is under 18 today. */
export function needsGuardian(form: Pick<StudentForm, 'id_number'>, today: string): boolean {
  const facts = factsOfForm(form, today)
  return facts !== null && facts.age < ADULT_AGE
}

/** Field key → message for every problem; empty when the form may be sent. */
export function validateStudentForm(form: StudentForm, today: string, m: Messages = messages): Record<string, string> {
  const v = m.validation
  const f = m.students.fields
  const t = m.students.form
  const found: Record<string, string> = {}

  for (const key of ['student_no', 'name', 'major', 'major_category', 'class_name'] as const) {
    const value = form[key].trim()
    const max = MAX_LENGTH[key]
    if (!value) found[key] = v.required(f[key])
    else if (max && [...value].length > max) found[key] = v.tooLong(f[key], max)
  }

  const id = normalizeIdNumber(form.id_number)
  if (!id) found.id_number = v.required(f.id_number)
  else {
    const problem = idNumberProblem(id, today)
    if (problem === 'format') found.id_number = t.idNumberFormat
    else if (problem === 'division') found.id_number = t.idNumberDivision
    else if (problem === 'birthDate') found.id_number = t.idNumberBirthDate
    else if (problem === 'future') found.id_number = t.idNumberFuture
    else if (problem === 'checksum') found.id_number = t.idNumberChecksum
  }
  const facts = found.id_number ? null : idFacts(id, today)

  const phone = form.phone.trim()
  if (phone && !isValidMobile(phone)) found.phone = v.mobileFormat

  const enrolled = form.enrolled_on.trim()
  if (!enrolled) found.enrolled_on = v.choose(f.enrolled_on)
  else if (!isValidDate(enrolled)) found.enrolled_on = v.date(f.enrolled_on)
  else if (facts && enrolled < facts.birthDate) found.enrolled_on = t.enrolledBeforeBirth

  const minor = facts !== null && facts.age < ADULT_AGE
  const guardianName = form.guardian_name.trim()
  if (!guardianName && minor) found.guardian_name = t.guardianRequired(f.guardian_name)
  else if ([...guardianName].length > MAX_LENGTH.guardian_name!) found.guardian_name = v.tooLong(f.guardian_name, MAX_LENGTH.guardian_name!)
  const guardianPhone = form.guardian_phone.trim()
  if (!guardianPhone && minor) found.guardian_phone = t.guardianRequired(f.guardian_phone)
  else if (guardianPhone && !isValidMobile(guardianPhone)) found.guardian_phone = v.mobileFormat

  return found
}

/** The request body; optional fields left empty are not sent. */
export function toStudentInput(form: StudentForm): StudentInput {
  const body: StudentInput = {
    student_no: form.student_no.trim(),
    name: form.name.trim(),
    id_number: normalizeIdNumber(form.id_number),
    major: form.major.trim(),
    major_category: form.major_category.trim(),
    enrolled_on: form.enrolled_on.trim(),
    class_name: form.class_name.trim(),
  }
  const phone = form.phone.trim()
  if (phone) body.phone = phone
  const guardianName = form.guardian_name.trim()
  if (guardianName) body.guardian_name = guardianName
  const guardianPhone = form.guardian_phone.trim()
  if (guardianPhone) body.guardian_phone = guardianPhone
  return body
}
