import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { h } from 'vue'
import FormSheet from '../../src/components/FormSheet.vue'
import { messages as m } from '../../src/messages'
import { installVant } from '../../src/vant'

// The shell every form sheet shares: it teleports to <body>, so the checks
// read the document, not the wrapper.

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

async function open(props: Record<string, unknown> = {}, attrs: Record<string, unknown> = {}) {
  wrapper = mount(FormSheet, {
    props: { id: 'demo', title: '示例标题', submitLabel: '保存', show: true, ...props },
    attrs,
    slots: { default: () => h('input', { id: 'demo-field' }) },
    global: { plugins: [installVant] },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

describe('FormSheet', () => {
  it('is a dialog named by its title, with the fields and the submit button in one form', async () => {
    await open()
    const dialog = document.querySelector('.action-sheet[role="dialog"]')!
    expect(dialog.getAttribute('aria-labelledby')).toBe('demo-title')
    expect(document.getElementById('demo-title')?.textContent).toBe('示例标题')
    const form = dialog.querySelector('form.action-sheet__body')!
    expect(form.querySelector('#demo-field')).not.toBeNull()
    const submit = form.querySelector('.form-actions button[type="submit"]')!
    expect(submit.textContent?.trim()).toBe('保存')
    expect(document.querySelector('.van-overlay')?.getAttribute('aria-label')).toBe(m.common.close)
  })

  it('puts attributes on the form and emits submit without reloading', async () => {
    const w = await open({}, { novalidate: '', 'data-kind': 'consent' })
    const form = document.querySelector('form[data-kind="consent"]') as HTMLFormElement
    expect(form.hasAttribute('novalidate')).toBe(true)
    expect(document.querySelector('.action-sheet')?.hasAttribute('data-kind')).toBe(false)
    const event = new Event('submit', { cancelable: true })
    form.dispatchEvent(event)
    expect(event.defaultPrevented).toBe(true)
    expect(w.emitted('submit')).toHaveLength(1)
  })

  it('closes from its close button', async () => {
    const w = await open()
    const close = [...document.querySelectorAll('.picker-sheet__close')].find((b) => b.textContent === m.common.close)
    ;(close as HTMLButtonElement).click()
    expect(w.emitted('update:show')?.[0]).toEqual([false])
  })

  it('uses Vant’s form when Enter is to submit', async () => {
    const w = await open({ submitOnEnter: true })
    const form = document.querySelector('form.action-sheet__body') as HTMLFormElement
    expect(form.classList.contains('van-form')).toBe(true)
    form.dispatchEvent(new Event('submit', { cancelable: true }))
    await flushPromises()
    expect(w.emitted('submit')).toHaveLength(1)
  })
})
