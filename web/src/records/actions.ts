// The answers to a record, each after one confirming question: countersign,
// dispute (with its reason), acknowledge and close an incident (with what
// was done). The server decides who may (the record's `can`); this only asks.
import { showConfirmDialog, showToast } from 'vant'
import { nextTick } from 'vue'
import type { ApiClient } from '../api/client'
import { describeError } from '../api/describe'
import { messages as m } from '../messages'
import { confirmStep } from '../plans/confirm'
import type { RecordAction, SupervisionRecord } from './types'

const t = m.records.actions

/** A dialog with a text box: resolves to the text, or null when cancelled or left empty. */
export async function askText(title: string, message: string, label: string, button: string): Promise<string | null> {
  let value = ''
  const answer = showConfirmDialog({
    title,
    message: () => message,
    confirmButtonText: button,
    cancelButtonText: m.common.cancel,
    messageAlign: 'left',
    className: 'confirm-step record-ask',
    beforeClose: (action) => action !== 'confirm' || value.trim() !== '',
  })
  await nextTick()
  const dialog = document.querySelector<HTMLElement>('.record-ask[role="dialog"]')
  if (dialog) {
    dialog.removeAttribute('aria-labelledby')
    dialog.setAttribute('aria-label', title)
    const content = dialog.querySelector('.van-dialog__content')
    const area = document.createElement('textarea')
    area.className = 'record-ask__input'
    area.rows = 4
    area.maxLength = 1000
    area.setAttribute('aria-label', label)
    area.placeholder = label
    area.addEventListener('input', () => (value = area.value))
    content?.appendChild(area)
    area.focus()
  }
  try {
    await answer
    return value.trim()
  } catch {
    return null
  }
}

/** Asks, then takes the action; resolves to the record as it now is, or null. */
export async function act(api: ApiClient, record: SupervisionRecord, action: RecordAction): Promise<SupervisionRecord | null> {
  const path = { id: record.id }
  try {
    let out: SupervisionRecord
    switch (action) {
      case 'countersign': {
        const ok = await confirmStep({ title: t.countersignTitle, message: t.countersignText(m.records.kinds[record.kind]), button: t.countersign })
        if (!ok) return null
        out = await api.post('/api/v1/records/{id}/countersign', { path })
        break
      }
      case 'dispute': {
        const reason = await askText(t.disputeTitle, t.disputeText, t.disputeReason, t.disputeConfirm)
        if (reason === null) return null
        out = await api.post('/api/v1/records/{id}/dispute', { path, body: { reason } })
        break
      }
      case 'acknowledge': {
        const ok = await confirmStep({ title: t.acknowledgeTitle, message: t.acknowledgeText, button: t.acknowledge })
        if (!ok) return null
        out = await api.post('/api/v1/records/{id}/acknowledge', { path })
        break
      }
      case 'close': {
        const outcome = await askText(t.closeTitle, '', t.outcomePlaceholder, t.closeConfirm)
        if (outcome === null) return null
        out = await api.post('/api/v1/records/{id}/close', { path, body: { outcome } })
        break
      }
    }
    showToast({ message: t.done[action], type: 'success' })
    return out
  } catch (err) {
    showToast({ message: describeError(err), type: 'fail' })
    return null
  }
}
