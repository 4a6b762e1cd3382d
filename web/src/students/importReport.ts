// A rejected roster import answers 400 with one detail per bad cell
// ({field, row, column, message}) and, for a file that cannot be read at all,
// details about the file itself (field "file", no row). This turns them into
// what the import page shows: the file's problems first, then a table of
// cells sorted by row, and within a row in the template's column order.
import type { ErrorDetail } from '../api/types'

export interface ImportProblem {
  /** Spreadsheet row (the header is row 1). */
  row: number
  /** The Chinese column header; empty when the server names none. */
  column: string
  message: string
}

export interface ImportReport {
  /** Problems of the file as a whole (unreadable, wrong headers, empty, too large). */
  fileErrors: string[]
  /** Problems of single cells or rows, sorted. */
  problems: ImportProblem[]
  /** How many distinct rows have at least one problem. */
  rowCount: number
}

/** Largest file the server accepts (10 MiB), checked before uploading. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024

export type ImportFileProblem = 'wrongType' | 'tooLarge'

/** The extensions the server reads, lower case. */
export const IMPORT_EXTENSIONS = ['.csv', '.xlsx'] as const

/** The `accept` attribute of the file input: extensions and their MIME types. */
export const IMPORT_ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** What the phone can tell about a chosen file before sending it. */
export function importFileProblem(file: { name: string; size: number }): ImportFileProblem | null {
  const name = file.name.toLowerCase()
  if (!IMPORT_EXTENSIONS.some((ext) => name.endsWith(ext))) return 'wrongType'
  if (file.size > MAX_IMPORT_BYTES) return 'tooLarge'
  return null
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0
}

/**
 * Sorts and splits the details of a rejected import. `columns` is the
 * template's header order; a column it does not name sorts after those it
 * does, by name. Identical details (same row, column and message) are shown
 * once.
 */
export function importReport(details: readonly ErrorDetail[], columns: readonly string[]): ImportReport {
  const fileErrors: string[] = []
  const problems: ImportProblem[] = []
  const seen = new Set<string>()
  for (const detail of details) {
    const message = typeof detail.message === 'string' ? detail.message.trim() : ''
    if (!message) continue
    const row = 'row' in detail ? detail.row : undefined
    if (!isPositiveInteger(row)) {
      if (!fileErrors.includes(message)) fileErrors.push(message)
      continue
    }
    const column = 'column' in detail && typeof detail.column === 'string' ? detail.column.trim() : ''
    const key = `${row}\u0000${column}\u0000${message}`
    if (seen.has(key)) continue
    seen.add(key)
    problems.push({ row, column, message })
  }
  const rank = (column: string): number => {
    const i = columns.indexOf(column)
    return i < 0 ? columns.length : i
  }
  // Array.prototype.sort is stable: messages of one cell keep the server's order.
  problems.sort((a, b) => a.row - b.row || rank(a.column) - rank(b.column) || (a.column < b.column ? -1 : a.column > b.column ? 1 : 0))
  return { fileErrors, problems, rowCount: new Set(problems.map((p) => p.row)).size }
}

/** "12.3 KB" / "4.5 MB" for a file size, through the page's unit messages. */
export function fileSizeText(bytes: number, units: { sizeKB: (kb: string) => string; sizeMB: (mb: string) => string }): string {
  if (bytes >= 1024 * 1024) return units.sizeMB((bytes / (1024 * 1024)).toFixed(1))
  return units.sizeKB(Math.max(0.1, bytes / 1024).toFixed(1))
}
