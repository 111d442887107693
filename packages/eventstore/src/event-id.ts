import { createHash } from 'node:crypto'

/** Namespace for Duban's deterministic event ids (a fixed, random UUID). */
const DUBAN_EVENT_NAMESPACE = '3f0d1c52-8d7e-4c43-9b1e-6c2a51f0a7d4'
const NAMESPACE_BYTES = Buffer.from(DUBAN_EVENT_NAMESPACE.replaceAll('-', ''), 'hex')

/**
 * The id of the `index`-th event written by a command. Deterministic, so a retried command
 * produces the same ids: stores without a command table (EventStoreDB) dedupe on them.
 *
 * A UUID v5 (RFC 9562) of `${commandId}#${index}` in the namespace above, computed with
 * node:crypto directly: the `uuid` package's v5 costs more than the rest of an append.
 */
export function eventIdFor(commandId: string, index: number): string {
  const bytes = createHash('sha1').update(NAMESPACE_BYTES).update(`${commandId}#${index}`).digest()
  bytes[6] = (bytes[6]! & 0x0f) | 0x50
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex', 0, 16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
