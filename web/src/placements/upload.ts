// Evidence files for the placement documents: POST /api/v1/files takes a
// PDF, JPEG or PNG of at most 10 MiB (the server sniffs the content); the
// phone checks the same before spending the user's data on an upload.
import type { ApiClient } from '../api/client'
import { ApiError } from '../api/client'
import { describeError } from '../api/describe'
import { messages as m } from '../messages'
import type { UploadedFile } from './types'

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024
export const UPLOAD_ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png'

const TYPES = new Set(['application/pdf', 'image/jpeg', 'image/png'])
const EXTENSIONS = /\.(pdf|jpe?g|png)$/i

export type UploadProblem = 'empty' | 'type' | 'size'

/** Why a chosen file cannot be sent, or null when it may be. */
export function checkUpload(file: { name: string; size: number; type: string }): UploadProblem | null {
  if (file.size <= 0) return 'empty'
  // Some phones report no type for a picked file; the extension decides then.
  if (file.type ? !TYPES.has(file.type) : !EXTENSIONS.test(file.name)) return 'type'
  if (file.size > MAX_UPLOAD_BYTES) return 'size'
  return null
}

export function uploadProblemText(problem: UploadProblem): string {
  return m.placements.upload[problem]
}

/** A failed upload in one sentence: 413 and 400 get their own words. */
export function uploadErrorText(err: unknown): string {
  if (err instanceof ApiError && err.status === 413) return m.placements.upload.size
  if (err instanceof ApiError && err.status === 400) return err.message || m.placements.upload.type
  return describeError(err)
}

export function uploadFile(api: ApiClient, file: File): Promise<UploadedFile> {
  const form = new FormData()
  form.append('file', file, file.name)
  return api.upload('/api/v1/files', form)
}

/** "1.2 MB" / "850 KB" for a file size. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}
