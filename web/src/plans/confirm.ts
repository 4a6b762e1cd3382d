// One question before a plan's decisive step (co-sign, decline, submit,
// approve, return, reject, revoke): a Vant dialog that says what will
// happen, answered true only by its confirm button.
import { showConfirmDialog } from 'vant'
import { messages as m } from '../messages'

export interface Confirmation {
  title: string
  message: string
  /** The confirm button, named after the step it takes. */
  button: string
}

export async function confirmStep(c: Confirmation): Promise<boolean> {
  try {
    await showConfirmDialog({
      title: c.title,
      message: c.message,
      confirmButtonText: c.button,
      cancelButtonText: m.common.cancel,
      messageAlign: 'left',
    })
    return true
  } catch {
    return false
  }
}
