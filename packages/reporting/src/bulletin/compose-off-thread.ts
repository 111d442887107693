/**
 * Composing a bulletin off the request thread: counting a whole ledger's obligations holds a
 * thread for seconds, and on the API server's thread that is seconds in which nothing else is
 * answered (load shedding then refuses requests). A piscina pool of one worker thread, started
 * on first use and left idle (unref'd) when there is nothing to compose, runs `compose-worker.ts`.
 */
import Piscina from 'piscina'
import type { BulletinInput } from './content'
import type { BulletinDocuments } from './documents'

export interface ComposeJob {
  /** The read-model SQLite file the worker opens read-only. */
  file: string
  bulletin: BulletinInput
  /** Unit names as of the bulletin's date, for every unit it may name. */
  names: [string, string][]
}

let pool: Piscina | undefined
let composing = 0

/** Bulletins being composed off-thread right now (a server's tests watch it). */
export const bulletinsComposing = () => composing

const composer = () => {
  pool ??= new Piscina({
    filename: new URL('./compose-thread.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: 60_000,
  })
  return pool
}

export async function composeOffThread(job: ComposeJob): Promise<BulletinDocuments> {
  composing++
  const documents = (await composer()
    .run(job)
    .finally(() => {
      composing--
    })) as BulletinDocuments & { docx: Uint8Array }
  // The Word bytes come back as a Uint8Array (structured clone): the same bytes, as a Buffer.
  const { buffer, byteOffset, byteLength } = documents.docx
  return { ...documents, docx: Buffer.from(buffer, byteOffset, byteLength) }
}
