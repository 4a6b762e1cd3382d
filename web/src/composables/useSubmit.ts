import { ref } from 'vue'
import type { ServerErrorOptions } from './useFormErrors'

export interface SubmitOptions extends Partial<ServerErrorOptions> {
  /** Field keys in screen order, for focus; a function where rows come and go. */
  fields: readonly string[] | (() => readonly string[])
  /** The form's own checks; false keeps the form open with focus on the first error. */
  validate: () => boolean
  /** From useFormErrors. */
  focusFirst: (order: readonly string[]) => Promise<void>
  /** From useFormErrors. */
  applyServerError: (err: unknown, options: ServerErrorOptions) => boolean
  /** Handles an error the generic mapping cannot; true: handled, skip it. */
  handleError?: (err: unknown) => boolean
  /** Runs after the error is shown, while the form still counts as submitting. */
  afterError?: (err: unknown) => Promise<void> | void
}

/**
 * The shared tail of a form's submit: validate, then run the request with
 * `submitting` set, and put a failure beside the fields it names. `isKnownField`
 * defaults to membership of `fields`.
 */
export function useSubmit(options: SubmitOptions) {
  const submitting = ref(false)
  const order = (): readonly string[] => (typeof options.fields === 'function' ? options.fields() : options.fields)
  const isKnownField = options.isKnownField ?? ((field: string) => order().includes(field))

  async function run(action: () => Promise<void>): Promise<void> {
    if (!options.validate()) {
      void options.focusFirst(order())
      return
    }
    submitting.value = true
    try {
      await action()
    } catch (err) {
      if (!options.handleError?.(err)) {
        options.applyServerError(err, { isKnownField, aliases: options.aliases, codeMessages: options.codeMessages })
      }
      void options.focusFirst(order())
      await options.afterError?.(err)
    } finally {
      submitting.value = false
    }
  }

  return { submitting, run }
}
