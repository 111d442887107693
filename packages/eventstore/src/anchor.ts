/**
 * An anchor is a head of the log recorded outside it: the head event's position and hash. The hash
 * chain finds an altered, removed or inserted event, but a log cut short at its end is still a
 * valid chain; only a head kept elsewhere shows that events are missing. The server keeps one
 * beside the log (a file next to the SQLite file, a table apart on PostgreSQL) and moves it on as
 * it writes; `duban anchor` exports one for an auditor, and `duban verify --anchor FILE` checks
 * the log against it.
 */
import { readFileSync } from 'node:fs'
import { open, rename } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import type { EventStore } from './contract'
import { GENESIS_HASH } from './hash-chain'

export const Anchor = z.strictObject({
  /** Position of the anchored event; 0 anchors the empty log. */
  position: z.number().int().nonnegative(),
  /** Its hash (GENESIS_HASH for the empty log). */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** When the anchor was taken (system time, UTC). */
  at: z.iso.datetime(),
})
export type Anchor = z.infer<typeof Anchor>

/** Where a log's anchor is kept, outside the log itself. */
export interface AnchorStore {
  /** Where it is, for messages. */
  readonly where: string
  load(): Promise<Anchor | undefined>
  save(anchor: Anchor): Promise<void>
}

export class AnchorError extends Error {
  override readonly name = 'AnchorError'
}

/** Reads an anchor from JSON text, with a message that says what is wrong with it. */
export function parseAnchor(text: string, where: string): Anchor {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new AnchorError(`${where} is not JSON: not an anchor`)
  }
  const parsed = Anchor.safeParse(value)
  if (!parsed.success) {
    throw new AnchorError(
      `${where} is not an anchor: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    )
  }
  return parsed.data
}

/** The anchor file of an embedded log: `duban.sqlite` → `duban.sqlite.anchor.json`. */
export const anchorFileOf = (logFile: string) => `${logFile}.anchor.json`

/**
 * An anchor in a file, replaced atomically (written aside, fsynced, renamed): a crash leaves the
 * old anchor or the new one, never half of one. Written through fs/promises: the anchor follows
 * the appends about once a second, and its fsync on the event loop held every request meanwhile.
 */
export function fileAnchorStore(file: string): AnchorStore {
  return {
    where: file,
    async load() {
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw error
      }
      return parseAnchor(text, file)
    },
    async save(anchor) {
      const aside = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`)
      const handle = await open(aside, 'w')
      try {
        await handle.writeFile(`${JSON.stringify(anchor)}\n`)
        await handle.sync()
      } finally {
        await handle.close()
      }
      await rename(aside, file)
    },
  }
}

/** The log's head as an anchor. */
export async function headAnchor(
  store: Pick<EventStore, 'headPosition' | 'readAllStored'>,
  now: Date = new Date(),
): Promise<Anchor> {
  const head = await store.headPosition()
  if (head === 0) return { position: 0, hash: GENESIS_HASH, at: now.toISOString() }
  const [event] = await store.readAllStored({ after: head - 1, limit: 1 })
  if (!event) throw new Error(`the log's head at position ${head} could not be read`)
  return { position: event.position, hash: event.hash, at: now.toISOString() }
}
