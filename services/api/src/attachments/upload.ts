/**
 * A file part of a multipart form, with the name it had on the sender's computer (the
 * multipart plugin's key-value body keeps only bytes otherwise). A file input left empty sends
 * a part with no name and no bytes: it is dropped.
 */
import type { MultipartFile } from '@fastify/multipart'

export class Upload {
  constructor(
    readonly name: string,
    readonly mimetype: string,
    readonly bytes: Buffer,
  ) {}
}

/** @fastify/multipart's `onFile`: the part's value in the body becomes an Upload ('' when empty). */
export async function keepUpload(part: MultipartFile & { value?: unknown }): Promise<void> {
  const bytes = await part.toBuffer()
  part.value = bytes.length === 0 && !part.filename ? '' : new Upload(part.filename, part.mimetype, bytes)
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
