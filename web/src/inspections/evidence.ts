// The photos and files attached to a finding or a submission. Each is
// uploaded as soon as it is taken (POST /api/v1/files), so a weak signal
// shows up on the spot rather than at the end; the form then sends the ids.
import { LIMITS } from './types'

export type EvidenceState = 'uploading' | 'done' | 'failed'

export interface EvidenceItem {
  key: string
  name: string
  size: number
  state: EvidenceState
  /** Set once uploaded. */
  fileId?: string
  error?: string
  /** An object URL of a photo, for its thumbnail. */
  preview?: string
}

/** The ids to send: the uploads that made it. */
export function evidenceIds(items: readonly EvidenceItem[]): string[] {
  return items.filter((i) => i.state === 'done' && i.fileId).map((i) => i.fileId!)
}

export function evidenceBusy(items: readonly EvidenceItem[]): boolean {
  return items.some((i) => i.state === 'uploading')
}

/** How many more may be added: failed ones do not count, they are not sent. */
export function evidenceRoom(items: readonly EvidenceItem[], max: number = LIMITS.evidence): number {
  return Math.max(0, max - items.filter((i) => i.state !== 'failed').length)
}

/** A file extension for a downloaded evidence file, from its type. */
export function extensionFor(contentType: string): string {
  if (contentType === 'application/pdf') return 'pdf'
  if (contentType === 'image/png') return 'png'
  if (contentType === 'image/jpeg') return 'jpg'
  return 'bin'
}
