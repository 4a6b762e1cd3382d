// The four documents of a placement (domain.md §3): the tripartite
// agreement, the consent form, the safety-training record and the liability
// insurance. One flat form holds the fields of every kind; each kind reads
// and checks its own, and the body sent is exactly the kind's input schema.
import { messages as m } from '../messages'
import { isValidDate } from '../validation/formats'
import type {
  AgreementInput,
  ConsentInput,
  DocumentKind,
  InsuranceInput,
  InsurancePayer,
  Placement,
  PlacementDocument,
  Signer,
  TrainingInput,
} from './types'
import { PAYERS, SIGNERS } from './types'

export interface DocumentForm {
  signed_on: string
  signers: Signer[]
  student_name: string
  guardian_name: string
  trained_on: string
  /** '' until chosen. */
  passed: '' | 'passed' | 'failed'
  hours: string
  insurer: string
  policy_no: string
  covers_from: string
  covers_to: string
  payer: '' | InsurancePayer
}

/** The fields of each kind, in screen order (focus goes to the first error). */
export const DOCUMENT_FIELDS: Readonly<Record<DocumentKind, readonly string[]>> = {
  agreement: ['signed_on', 'signers'],
  consent: ['student_name', 'guardian_name', 'signed_on'],
  training: ['trained_on', 'passed', 'hours'],
  insurance: ['insurer', 'policy_no', 'covers_from', 'covers_to', 'payer'],
}

export function emptyDocumentForm(): DocumentForm {
  return {
    signed_on: '',
    signers: [],
    student_name: '',
    guardian_name: '',
    trained_on: '',
    passed: '',
    hours: '',
    insurer: '',
    policy_no: '',
    covers_from: '',
    covers_to: '',
    payer: '',
  }
}

function text(data: Record<string, unknown>, key: string): string {
  const v = data[key]
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : ''
}

export function documentOf(placement: Placement, kind: DocumentKind): PlacementDocument | undefined {
  return placement.documents.find((d) => d.kind === kind)
}

/**
 * The form for one kind: what is on file, or a fresh form. A fresh consent
 * carries the student's name (a student signs their own).
 */
export function documentForm(placement: Placement, kind: DocumentKind): DocumentForm {
  const form = emptyDocumentForm()
  const data = (documentOf(placement, kind)?.data ?? {}) as Record<string, unknown>
  switch (kind) {
    case 'agreement': {
      form.signed_on = text(data, 'signed_on')
      const signers = Array.isArray(data.signers) ? data.signers : []
      form.signers = SIGNERS.filter((s) => signers.includes(s))
      break
    }
    case 'consent':
      form.student_name = text(data, 'student_name') || placement.student_name
      form.guardian_name = text(data, 'guardian_name')
      form.signed_on = text(data, 'signed_on')
      break
    case 'training':
      form.trained_on = text(data, 'trained_on')
      form.passed = data.passed === true ? 'passed' : data.passed === false ? 'failed' : ''
      form.hours = text(data, 'hours')
      break
    case 'insurance': {
      form.insurer = text(data, 'insurer')
      form.policy_no = text(data, 'policy_no')
      form.covers_from = text(data, 'covers_from')
      form.covers_to = text(data, 'covers_to')
      const payer = text(data, 'payer')
      form.payer = (PAYERS as readonly string[]).includes(payer) ? (payer as InsurancePayer) : ''
      break
    }
  }
  return form
}

function dateError(value: string, label: string, today: string | null): string | undefined {
  const v = m.validation
  if (!value) return v.required(label)
  if (!isValidDate(value)) return v.date(label)
  if (today !== null && value > today) return v.notInFuture(label)
  return undefined
}

function textError(value: string, label: string, max: number): string | undefined {
  const t = value.trim()
  if (!t) return m.validation.required(label)
  if ([...t].length > max) return m.validation.tooLong(label, max)
  return undefined
}

/** The form's own checks for one kind, keyed by field; empty when it may be sent. */
export function validateDocument(kind: DocumentKind, form: DocumentForm, today: string): Record<string, string> {
  const f = m.placements.docs.fields
  const v = m.validation
  const found: Record<string, string | undefined> = {}
  switch (kind) {
    case 'agreement':
      // A date ahead of today would record the signing before it happened.
      found.signed_on = dateError(form.signed_on, f.agreementSignedOn, today)
      if (form.signers.length === 0) found.signers = v.choose(f.signers)
      break
    case 'consent':
      found.student_name = textError(form.student_name, f.studentName, 64)
      found.guardian_name = textError(form.guardian_name, f.guardianName, 64)
      found.signed_on = dateError(form.signed_on, f.consentSignedOn, today)
      break
    case 'training': {
      found.trained_on = dateError(form.trained_on, f.trainedOn, today)
      if (!form.passed) found.passed = v.choose(f.result)
      const hours = form.hours.trim()
      if (hours && !(/^\d{1,3}(\.\d)?$/.test(hours) && Number(hours) > 0 && Number(hours) <= 200))
        found.hours = v.numberRange(f.hours, 0.5, 200)
      break
    }
    case 'insurance':
      found.insurer = textError(form.insurer, f.insurer, 100)
      found.policy_no = textError(form.policy_no, f.policyNo, 64)
      found.covers_from = dateError(form.covers_from, f.coversFrom, null)
      found.covers_to = dateError(form.covers_to, f.coversTo, null)
      if (!found.covers_from && !found.covers_to && form.covers_to < form.covers_from)
        found.covers_to = m.placements.docs.coversEndBeforeStart
      if (!form.payer) found.payer = v.choose(f.payer)
      break
  }
  return Object.fromEntries(Object.entries(found).filter((e): e is [string, string] => !!e[1]))
}

export type DocumentBody = AgreementInput | ConsentInput | TrainingInput | InsuranceInput

/** The body of PUT …/documents/{kind}; file_id only when a file was attached. */
export function documentBody(kind: DocumentKind, form: DocumentForm, fileId?: string | null): DocumentBody {
  const file = fileId ? { file_id: fileId } : {}
  switch (kind) {
    case 'agreement':
      return { signed_on: form.signed_on, signers: SIGNERS.filter((s) => form.signers.includes(s)), ...file }
    case 'consent':
      return {
        student_name: form.student_name.trim(),
        guardian_name: form.guardian_name.trim(),
        signed_on: form.signed_on,
        ...file,
      }
    case 'training': {
      const hours = form.hours.trim()
      return { trained_on: form.trained_on, passed: form.passed === 'passed', ...(hours ? { hours: Number(hours) } : {}), ...file }
    }
    case 'insurance':
      return {
        insurer: form.insurer.trim(),
        policy_no: form.policy_no.trim(),
        covers_from: form.covers_from,
        covers_to: form.covers_to,
        payer: form.payer as InsurancePayer,
        ...file,
      }
  }
}

/**
 * A warning (not an error: the server records the policy and its gate says
 * what is wrong) when the policy does not cover every day of the placement.
 */
export function coverageGap(form: DocumentForm, placement: Pick<Placement, 'starts_on' | 'ends_on'>): string | null {
  if (!isValidDate(form.covers_from) || !isValidDate(form.covers_to)) return null
  if (form.covers_from <= placement.starts_on && form.covers_to >= placement.ends_on) return null
  return m.placements.docs.coverageGap(placement.starts_on, placement.ends_on)
}

export interface DocumentFact {
  label: string
  value: string
}

/** What is on file for a kind, as label/value lines for the detail page. */
export function documentFacts(doc: PlacementDocument): DocumentFact[] {
  const f = m.placements.docs.fields
  const d = doc.data as Record<string, unknown>
  switch (doc.kind) {
    case 'agreement': {
      const signers = Array.isArray(d.signers) ? d.signers : []
      return [
        { label: f.agreementSignedOn, value: text(d, 'signed_on') },
        {
          label: f.signers,
          value: SIGNERS.filter((s) => signers.includes(s))
            .map((s) => m.placements.docs.signers[s])
            .join(m.placements.listSeparator),
        },
      ]
    }
    case 'consent':
      return [
        { label: f.studentName, value: text(d, 'student_name') },
        { label: f.guardianName, value: text(d, 'guardian_name') },
        { label: f.consentSignedOn, value: text(d, 'signed_on') },
      ]
    case 'training': {
      const facts = [
        { label: f.trainedOn, value: text(d, 'trained_on') },
        { label: f.result, value: d.passed === true ? m.placements.docs.passed : m.placements.docs.failed },
      ]
      if (text(d, 'hours')) facts.push({ label: f.hoursFact, value: text(d, 'hours') })
      return facts
    }
    case 'insurance': {
      const payer = text(d, 'payer')
      return [
        { label: f.insurer, value: text(d, 'insurer') },
        { label: f.policyNo, value: text(d, 'policy_no') },
        { label: f.coverage, value: m.placements.period(text(d, 'covers_from'), text(d, 'covers_to')) },
        { label: f.payerFact, value: (m.placements.docs.payers as Record<string, string>)[payer] ?? payer },
      ]
    }
  }
}
