// Where the student screens live, for links from other screens (a placement
// names its student; the 我的 page lists the roster). Kept free of imports so
// that access.ts and router.ts can both use it.

export const STUDENTS_PATH = '/students'
export const STUDENT_NEW_PATH = '/students/new'
export const STUDENT_IMPORT_PATH = '/students/import'

/** The roster, optionally filtered to one class. */
export function studentsLink(className?: string): string | { path: string; query: { class: string } } {
  return className ? { path: STUDENTS_PATH, query: { class: className } } : STUDENTS_PATH
}

/** One student's detail page. */
export function studentPath(id: string): string {
  return `${STUDENTS_PATH}/${encodeURIComponent(id)}`
}

export function studentEditPath(id: string): string {
  return `${studentPath(id)}/edit`
}
