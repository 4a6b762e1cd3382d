// One question before a plan's decisive step (co-sign, decline, submit,
// approve, return, reject, revoke): a Vant dialog that says what will
// happen, answered true only by its confirm button.
import { nextTick } from 'vue'
import { showConfirmDialog } from 'vant'
import { messages as m } from '../messages'

export interface Confirmation {
  title: string
  message: string
  /** The confirm button, named after the step it takes. */
  button: string
}

export async function confirmStep(c: Confirmation): Promise<boolean> {
  const answer = showConfirmDialog({
    title: c.title,
    message: c.message,
    confirmButtonText: c.button,
    cancelButtonText: m.common.cancel,
    messageAlign: 'left',
    className: 'confirm-step',
  })
  // Vant points aria-labelledby at the title's text rather than at an
  // element id, so the dialog would have no accessible name: give it one.
  await nextTick()
  for (const el of document.querySelectorAll('.confirm-step[role="dialog"]')) {
    el.removeAttribute('aria-labelledby')
    el.setAttribute('aria-label', c.title)
  }
  try {
    await answer
    return true
  } catch {
    return false
  }
}
