import { oneShotHash } from './one-shot-hash'

/** Namespace for Duban's deterministic event ids (a fixed, random UUID). */
const DUBAN_EVENT_NAMESPACE = '3f0d1c52-8d7e-4c43-9b1e-6c2a51f0a7d4'
const NAMESPACE_BYTES = Buffer.from(DUBAN_EVENT_NAMESPACE.replaceAll('-', ''), 'hex')
/** The namespace, then the name being hashed; grown when a name does not fit. */
let scratch = Buffer.alloc(1024)
NAMESPACE_BYTES.copy(scratch)

/** The RFC 9562 variant bits (10xx) set on a hex digit: its two low bits kept. */
const VARIANT_DIGIT: Readonly<Record<string, string>> = Object.fromEntries(
  Array.from({ length: 16 }, (_, value) => [value.toString(16), ((value & 0b11) | 0b1000).toString(16)]),
)

/**
 * The id of the `index`-th event written by a command. Deterministic, so a retried command
 * produces the same ids: stores without a command table (EventStoreDB) dedupe on them.
 *
 * A UUID v5 (RFC 9562) of `${commandId}#${index}` in the namespace above, computed with
 * node:crypto directly (the `uuid` package's v5 costs more than the rest of an append): the hex
 * digest's version and variant digits are set as text, which costs less than a digest buffer.
 */
export function eventIdFor(commandId: string, index: number): string {
  const name = `${commandId}#${index}`
  // Namespace and name are written into one reused buffer: no two buffers and a concat per event.
  // A UTF-8 character takes at most three bytes per UTF-16 unit, so the name always fits.
  if (NAMESPACE_BYTES.length + name.length * 3 > scratch.length) {
    scratch = Buffer.alloc(NAMESPACE_BYTES.length + name.length * 3)
    NAMESPACE_BYTES.copy(scratch)
  }
  const length = NAMESPACE_BYTES.length + scratch.write(name, NAMESPACE_BYTES.length)
  const hex = oneShotHash('sha1', scratch.subarray(0, length), 'hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${VARIANT_DIGIT[hex[16]!]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
