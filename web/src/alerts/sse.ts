// A parser of the text/event-stream format (WHATWG HTML, "Server-sent
// events"), for the alert stream: EventSource cannot send the Authorization
// header the API needs, so the stream is read with fetch and parsed here.
// Pure: text goes in (in chunks of any size, cut anywhere), events come out.

export interface SseEvent {
  /** The `event:` field; "message" when the server named none. */
  event: string
  /** The `data:` lines joined with "\n". */
  data: string
  /**
   * The last `id:` seen so far (it carries over to later events, as in
   * EventSource); what a reconnect sends as Last-Event-ID.
   */
  id: string
}

export interface SseHandlers {
  onEvent: (event: SseEvent) => void
  /** A comment line (": ping"), without the colon and one leading space. */
  onComment?: (text: string) => void
  /** A valid `retry:` field, in milliseconds. */
  onRetry?: (ms: number) => void
}

export interface SseParser {
  /** Feeds decoded text; complete lines are processed at once, the rest waits. */
  push(text: string): void
  /** The last event id seen, for Last-Event-ID. */
  readonly lastEventId: string
}

/**
 * A parser that keeps the unfinished line and the event being built between
 * pushes. A fresh parser per connection: an event cut off by a dropped
 * connection must not be completed by the next one's first lines.
 */
export function createSseParser(handlers: SseHandlers, lastEventId = ''): SseParser {
  let line = ''
  // A chunk that ended in CR: a LF at the start of the next one belongs to it.
  let afterCR = false
  let first = true
  let data: string[] = []
  let event = ''
  let id = lastEventId

  function field(name: string, value: string): void {
    switch (name) {
      case 'event':
        event = value
        break
      case 'data':
        data.push(value)
        break
      case 'id':
        // The spec ignores an id with a NUL in it.
        if (!value.includes('\0')) id = value
        break
      case 'retry':
        if (/^\d+$/.test(value)) handlers.onRetry?.(Number(value))
        break
      default:
      // Unknown fields are ignored.
    }
  }

  function dispatch(): void {
    // A blank line without data only resets the event type (an id alone is kept).
    if (data.length > 0) handlers.onEvent({ event: event || 'message', data: data.join('\n'), id })
    data = []
    event = ''
  }

  function processLine(text: string): void {
    if (text === '') {
      dispatch()
      return
    }
    const colon = text.indexOf(':')
    if (colon === 0) {
      handlers.onComment?.(text.slice(1).replace(/^ /, ''))
      return
    }
    if (colon < 0) {
      field(text, '')
      return
    }
    field(text.slice(0, colon), text.slice(colon + 1).replace(/^ /, ''))
  }

  function push(text: string): void {
    let chunk = text
    if (first && chunk.length > 0) {
      first = false
      // A byte order mark at the very start of the stream is not content.
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1)
    }
    let start = 0
    if (afterCR && chunk.startsWith('\n')) start = 1
    afterCR = false
    for (let i = start; i < chunk.length; i++) {
      const c = chunk[i]
      if (c !== '\n' && c !== '\r') continue
      processLine(line + chunk.slice(start, i))
      line = ''
      if (c === '\r') {
        if (i + 1 === chunk.length) afterCR = true
        else if (chunk[i + 1] === '\n') i++
      }
      start = i + 1
    }
    line += chunk.slice(start)
  }

  return {
    push,
    get lastEventId() {
      return id
    },
  }
}
