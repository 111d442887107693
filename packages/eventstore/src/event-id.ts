import { v5 as uuidv5 } from 'uuid'

/** Namespace for Duban's deterministic event ids (a fixed, random UUID). */
const DUBAN_EVENT_NAMESPACE = '3f0d1c52-8d7e-4c43-9b1e-6c2a51f0a7d4'

/**
 * The id of the `index`-th event written by a command. Deterministic, so a retried command
 * produces the same ids: stores without a command table (EventStoreDB) dedupe on them.
 */
export function eventIdFor(commandId: string, index: number): string {
  return uuidv5(`${commandId}#${index}`, DUBAN_EVENT_NAMESPACE)
}
