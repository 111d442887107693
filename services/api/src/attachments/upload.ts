/**
 * A file part of a multipart form, with the name it had on the sender's computer. The bytes go
 * to a temporary file as they arrive, hashed and counted on the way, so ten 20 MB evidence files
 * never sit in memory together; the multipart plugin deletes the temporary files when the
 * response is sent (or the client goes away). The first bytes are kept for sniffing the type.
 * A file input left empty sends a part with no name and no bytes: it is dropped.
 */
import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { MultipartFile } from '@fastify/multipart'
import type { FastifyRequest } from 'fastify'

/** How much of the start of a file `file-type` reads to tell its type. */
export const SNIFF_BYTES = 4100

/** What the attachment policy needs to know of a file: its name, size, hash and first bytes. */
export interface FileFacts {
  readonly name: string
  readonly size: number
  readonly sha256: string
  readonly head: Uint8Array
}

export class Upload implements FileFacts {
  constructor(
    readonly name: string,
    readonly mimetype: string,
    /** The temporary file holding the bytes (gone once the response is sent). */
    readonly file: string,
    readonly size: number,
    readonly sha256: string,
    readonly head: Uint8Array,
  ) {}

  /** All the bytes at once, for one file at a time: storing it, or parsing a plan document. */
  bytes(): Promise<Buffer> {
    return readFile(this.file)
  }
}

/**
 * The first SNIFF_BYTES of a stored file (all of it when shorter), for telling its type; the
 * rest is never read: the stream is destroyed once the head is in.
 */
export async function headOf(stream: Readable): Promise<Uint8Array> {
  const head: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      head.push(chunk.subarray(0, SNIFF_BYTES - size))
      size += Math.min(chunk.length, SNIFF_BYTES - size)
      if (size >= SNIFF_BYTES) break
    }
  } finally {
    stream.destroy()
  }
  return Buffer.concat(head)
}

/**
 * @fastify/multipart's `onFile` (called with the request as `this`): the part is streamed to a
 * temporary file, which the plugin removes with the request's other uploads; its value in the
 * body becomes an Upload ('' when empty). A part over the route's size limit is refused (413).
 */
export async function keepUpload(
  this: FastifyRequest,
  part: MultipartFile & { value?: unknown },
): Promise<void> {
  const file = path.join(tmpdir(), `duban-upload-${randomUUID()}`)
  this.tmpUploads = [...(this.tmpUploads ?? []), file]
  const hash = createHash('sha256')
  const head: Buffer[] = []
  let size = 0
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk)
      if (size < SNIFF_BYTES) head.push(chunk.subarray(0, SNIFF_BYTES - size))
      size += chunk.length
      done(null, chunk)
    },
  })
  await pipeline(part.file, count, createWriteStream(file, { flags: 'wx' }))
  if (part.file.truncated) throw new this.server.multipartErrors.RequestFileTooLargeError()
  part.value =
    size === 0 && !part.filename
      ? ''
      : new Upload(part.filename, part.mimetype, file, size, hash.digest('hex'), Buffer.concat(head))
}

/** The files posted under a field name (one or several). */
export const uploadsOf = (body: unknown, field: string): Upload[] =>
  [(body as Record<string, unknown> | undefined)?.[field]]
    .flat()
    .filter((v): v is Upload => v instanceof Upload)

/** The text fields of a multipart or urlencoded form (files left out). */
export const textFieldsOf = (body: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries((body ?? {}) as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  )
