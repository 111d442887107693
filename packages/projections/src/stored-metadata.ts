import type { EventMetadata } from '@duban/eventstore'

/**
 * An event's metadata from its stored JSON, with the recording time and business date read
 * straight from the text and the rest parsed only when asked for: replay reads those two on
 * every event (the date index, each projection's event day), the rest rarely, and parsing the
 * whole object per event was a tenth of replay's time.
 *
 * The stores write metadata as `JSON.stringify` of a flat, validated object whose values are
 * plain strings (ISO dates have nothing to escape), so `"recordedAt":"` can only be that key
 * and its value runs to the next quote. Text in any other form is parsed whole.
 */
export function storedMetadata(json: string): EventMetadata {
  const recordedAt = stringField(json, 'recordedAt')
  if (recordedAt === undefined) return JSON.parse(json) as EventMetadata
  if (!json.includes('"businessDate"')) return new StoredMetadata(json, recordedAt, undefined)
  const businessDate = stringField(json, 'businessDate')
  if (businessDate === undefined) return JSON.parse(json) as EventMetadata
  return new StoredMetadata(json, recordedAt, businessDate)
}

/** The recording time of stored metadata text, without parsing the rest. */
export function storedRecordedAt(json: string): string {
  return stringField(json, 'recordedAt') ?? (JSON.parse(json) as EventMetadata).recordedAt
}

/**
 * The value of a top-level string field, found in the text; undefined when the key is absent or
 * not followed by a plain string. The key occurs at most once, so it is searched from the end,
 * where the stores' metadata keeps `recordedAt`.
 */
function stringField(json: string, name: string): string | undefined {
  const key = `"${name}":"`
  const start = json.lastIndexOf(key)
  if (start === -1) return undefined
  const end = json.indexOf('"', start + key.length)
  if (end === -1) return undefined
  const value = json.slice(start + key.length, end)
  return value.includes('\\') ? undefined : value
}

class StoredMetadata implements EventMetadata {
  readonly #json: string
  #parsed: EventMetadata | undefined

  constructor(
    json: string,
    readonly recordedAt: string,
    readonly businessDate: string | undefined,
  ) {
    this.#json = json
  }

  get actor(): string {
    return this.parsed().actor
  }
  get unit(): string | null {
    return this.parsed().unit
  }
  get commandId(): string {
    return this.parsed().commandId
  }
  get correlationId(): string {
    return this.parsed().correlationId
  }
  get causationId(): string {
    return this.parsed().causationId
  }
  /** `JSON.stringify` and snapshots see the stored object, not the getters. */
  toJSON(): EventMetadata {
    return this.parsed()
  }

  private parsed(): EventMetadata {
    this.#parsed ??= JSON.parse(this.#json) as EventMetadata
    return this.#parsed
  }
}
