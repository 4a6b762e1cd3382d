import { describe, expect, it } from 'vitest'
import { createSseParser, type SseEvent } from '../../src/alerts/sse'

function collect(chunks: readonly string[], lastEventId = '') {
  const events: SseEvent[] = []
  const comments: string[] = []
  const retries: number[] = []
  const parser = createSseParser(
    { onEvent: (e) => events.push(e), onComment: (c) => comments.push(c), onRetry: (ms) => retries.push(ms) },
    lastEventId,
  )
  for (const chunk of chunks) parser.push(chunk)
  return { events, comments, retries, parser }
}

/** Every way of cutting `text` in two. */
function splits(text: string): string[][] {
  return Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)])
}

describe('the event-stream parser', () => {
  it('reads an event with its name, id and data', () => {
    const { events, parser } = collect(['event: alert\nid: 17-0\ndata: {"id":"a1"}\n\n'])
    expect(events).toEqual([{ event: 'alert', id: '17-0', data: '{"id":"a1"}' }])
    expect(parser.lastEventId).toBe('17-0')
  })

  it('joins data lines with a newline and calls an unnamed event "message"', () => {
    const { events } = collect(['data: first\ndata: second\ndata\ndata:  two spaces\n\n'])
    expect(events).toEqual([{ event: 'message', id: '', data: 'first\nsecond\n\n two spaces' }])
  })

  it('passes comments (the heartbeat) aside without dispatching anything', () => {
    const { events, comments } = collect([': ping\n\n:no space\n\n'])
    expect(events).toEqual([])
    expect(comments).toEqual(['ping', 'no space'])
  })

  it('gives the same events however the text is cut, even inside a line or a CRLF', () => {
    const text = 'event: alert\r\nid: 5\r\ndata: {"a":1}\r\n\r\n: ping\r\n\r\nevent: alert\r\ndata: x\r\n\r\n'
    const whole = collect([text]).events
    expect(whole).toEqual([
      { event: 'alert', id: '5', data: '{"a":1}' },
      { event: 'alert', id: '5', data: 'x' },
    ])
    for (const parts of splits(text)) expect(collect(parts).events).toEqual(whole)
    // One character at a time.
    expect(collect([...text]).events).toEqual(whole)
  })

  it('accepts CR, LF and CRLF line ends, mixed', () => {
    const { events } = collect(['data: a\rdata: b\r\rdata: c\r\n\ndata: d\n\r\n'])
    expect(events.map((e) => e.data)).toEqual(['a\nb', 'c', 'd'])
  })

  it('keeps an unfinished event until its blank line arrives', () => {
    const { events, parser } = collect(['data: half'])
    expect(events).toEqual([])
    parser.push('\n')
    expect(events).toEqual([])
    parser.push('\n')
    expect(events).toEqual([{ event: 'message', id: '', data: 'half' }])
  })

  it('carries the last id over to later events and to the next connection', () => {
    const { events, parser } = collect(['id: 9\ndata: a\n\ndata: b\n\nid\ndata: c\n\n'], '3')
    expect(events.map((e) => e.id)).toEqual(['9', '9', ''])
    expect(parser.lastEventId).toBe('')
    expect(collect(['data: z\n\n'], '41-2').events[0]!.id).toBe('41-2')
  })

  it('keeps an id sent without data, and ignores one with a NUL', () => {
    const { events, parser } = collect(['id: 7\n\nid: bad\u0000\n\ndata: after\n\n'])
    expect(events).toEqual([{ event: 'message', id: '7', data: 'after' }])
    expect(parser.lastEventId).toBe('7')
  })

  it('resets the event name after each blank line, even without data', () => {
    const { events } = collect(['event: alert\n\ndata: plain\n\n'])
    expect(events).toEqual([{ event: 'message', id: '', data: 'plain' }])
  })

  it('drops a byte order mark at the start, ignores unknown fields, reads retry', () => {
    const { events, retries } = collect(['\ufeffdata: x\nfoo: bar\nretry: 2500\nretry: soon\n\n'])
    expect(events).toEqual([{ event: 'message', id: '', data: 'x' }])
    expect(retries).toEqual([2500])
  })

  it('keeps colons after the first in the value', () => {
    const { events } = collect(['data: {"at":"2026-03-01T08:30:00+08:00"}\n\n'])
    expect(events[0]!.data).toBe('{"at":"2026-03-01T08:30:00+08:00"}')
  })
})
