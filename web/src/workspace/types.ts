// The shapes of GET /api/v1/todos and GET /api/v1/workspace.

export type Severity = 'critical' | 'serious' | 'minor'

export interface Todo {
  kind: string
  title: string
  detail?: string
  subject: { type: string; id: string }
  due_on?: string
  severity: Severity
  link: string
}

export interface TodoCounts {
  plans: number
  placements: number
  students: number
  total: number
}

export interface TodoFeed {
  items: Todo[]
  counts: TodoCounts
}

export interface Figure {
  key: string
  label: string
  value: number | string
  hint?: string
  link?: string
}

export interface BreakdownRow {
  name: string
  value: number | string
  hint?: string
  link?: string
}

export interface Workspace {
  figures: Figure[]
  breakdown?: { title: string; rows: BreakdownRow[] }
}
