import { nextTick, reactive, watch } from 'vue'
import { showToast } from 'vant'
import { ApiError } from '../api/client'
import { describeError } from '../api/describe'
import { mapErrorDetails } from '../forms/fieldErrors'

/** DOM id of a form field: "user" + "username" → "user-username". */
export function fieldId(form: string, key: string): string {
  return `${form}-${key.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/-+$/, '')}`
}

export interface ServerErrorOptions {
  /** Field keys of the form, or a test for dynamic ones ("items[3].date"). */
  isKnownField: (field: string) => boolean
  /** Server field name → form field key, where they differ. */
  aliases?: Readonly<Record<string, string>>
  /** Error code → form field key → message shown instead of the server's. */
  codeMessages?: Readonly<Record<string, Readonly<Record<string, string>>>>
}

/**
 * Error messages of one form, keyed by field. The client's own checks and the
 * server's 400/409 details land in the same place, beside the input.
 */
export function useFormErrors(form: string) {
  const errors = reactive<Record<string, string>>({})

  function clear(): void {
    for (const key of Object.keys(errors)) delete errors[key]
  }

  function set(map: Readonly<Record<string, string>>): void {
    clear()
    Object.assign(errors, map)
  }

  function hasErrors(): boolean {
    return Object.values(errors).some(Boolean)
  }

  /** Moves focus to the first field in `order` that has an error. */
  async function focusFirst(order: readonly string[]): Promise<void> {
    await nextTick()
    const key = order.find((k) => errors[k]) ?? Object.keys(errors).find((k) => errors[k])
    if (!key) return
    const el = document.getElementById(fieldId(form, key))
    el?.focus()
    el?.scrollIntoView?.({ block: 'center' })
  }

  /**
   * Puts an API error beside the fields it names; everything else becomes a
   * toast. Returns true when at least one field got a message.
   */
  function applyServerError(err: unknown, options: ServerErrorOptions): boolean {
    clear()
    if (!(err instanceof ApiError) || err.details.length === 0) {
      showToast({ message: describeError(err), wordBreak: 'break-word' })
      return false
    }
    const mapped = mapErrorDetails(err.details, options.isKnownField, options.aliases)
    const overrides = options.codeMessages?.[err.code] ?? {}
    for (const [key, message] of Object.entries(mapped.fields)) errors[key] = overrides[key] ?? message
    if (mapped.unmatched.length > 0) showToast({ message: mapped.unmatched.join('\n'), wordBreak: 'break-word' })
    return Object.keys(mapped.fields).length > 0
  }

  /**
   * Drops a field's message as soon as its value changes, so a corrected
   * field stops saying it is wrong. `keys` maps form properties to the error
   * keys they feed where the names differ (e.g. division → division_code).
   * Synchronous, so a value normalised just before validation cannot wipe
   * the message that validation then sets.
   */
  function clearOnChange(source: object, keys: Readonly<Record<string, string>> = {}): void {
    const snapshot = () =>
      Object.fromEntries(Object.entries(source).map(([key, value]) => [key, JSON.stringify(value)]))
    let before = snapshot()
    watch(
      snapshot,
      (now) => {
        for (const [key, value] of Object.entries(now)) {
          if (value === before[key]) continue
          const prefix = keys[key] ?? key
          for (const errorKey of Object.keys(errors)) {
            if (errorKey === prefix || errorKey.startsWith(`${prefix}[`) || errorKey.startsWith(`${prefix}.`))
              delete errors[errorKey]
          }
        }
        before = now
      },
      { flush: 'sync' },
    )
  }

  return {
    errors,
    clear,
    set,
    hasErrors,
    focusFirst,
    applyServerError,
    clearOnChange,
    id: (key: string) => fieldId(form, key),
  }
}
