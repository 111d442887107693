/**
 * Attachments next to the embedded ledger: `<data-dir>/attachments/<sha256>`. A file is written
 * to a temporary name in the same directory and linked into place, so a reader never sees half
 * a file and a crash leaves at most a temporary file behind; bytes already stored are not written
 * again. A file's modification time is its touched time (see attachment-store.ts).
 */
import { randomBytes } from 'node:crypto'
import { constants, createWriteStream, mkdirSync } from 'node:fs'
import { copyFile, link, open, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import {
  type AttachmentEntry,
  type AttachmentStore,
  requireHash,
  SHA256,
  type StoredAttachment,
} from './attachment-store'

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT'

export class FileAttachmentStore implements AttachmentStore {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true })
  }

  private fileOf(sha256: string) {
    return path.join(this.dir, requireHash(sha256))
  }

  private temporaryOf(sha256: string, kind: 'tmp' | 'swept') {
    return path.join(this.dir, `.${sha256}.${randomBytes(6).toString('hex')}.${kind}`)
  }

  put(sha256: string, bytes: Uint8Array): Promise<boolean> {
    return this.place(sha256, (temporary) => writeFile(temporary, bytes, { flag: 'wx' }))
  }

  /** Copied on disk: the bytes never pass through memory whole. */
  putFile(sha256: string, source: string): Promise<boolean> {
    return this.place(sha256, (temporary) => copyFile(source, temporary, constants.COPYFILE_EXCL))
  }

  async putStream(sha256: string, size: number, bytes: AsyncIterable<Uint8Array>): Promise<boolean> {
    return this.place(sha256, async (temporary) => {
      await pipeline(Readable.from(bytes), createWriteStream(temporary, { flags: 'wx' }))
      const written = (await stat(temporary)).size
      if (written !== size)
        throw new Error(`attachment ${sha256}: ${written} bytes read where ${size} were expected`)
    })
  }

  private async place(sha256: string, write: (temporary: string) => Promise<void>): Promise<boolean> {
    const file = this.fileOf(sha256)
    if (await this.touch(sha256)) return false
    const temporary = this.temporaryOf(sha256, 'tmp')
    try {
      await write(temporary)
      // A hard link is made only where no file is: of two writers of the same bytes at once,
      // one places the file and the other finds it there (a rename would let both say "new").
      await link(temporary, file)
      return true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw error
    } finally {
      await rm(temporary, { force: true })
    }
  }

  /** The file opened first, so a file missing is `undefined` and not a stream that fails. */
  async read(sha256: string): Promise<StoredAttachment | undefined> {
    try {
      const handle = await open(this.fileOf(sha256))
      const { size } = await handle.stat().catch(async (error) => {
        await handle.close()
        throw error
      })
      // The stream closes the handle when it ends or is destroyed.
      return { size, stream: handle.createReadStream() }
    } catch (error) {
      if (isMissing(error)) return undefined
      throw error
    }
  }

  async has(sha256: string): Promise<boolean> {
    return stat(this.fileOf(sha256)).then(
      () => true,
      () => false,
    )
  }

  async touch(sha256: string): Promise<boolean> {
    const now = new Date()
    try {
      await utimes(this.fileOf(sha256), now, now)
      return true
    } catch (error) {
      if (isMissing(error)) return false
      throw error
    }
  }

  async *list(): AsyncIterable<AttachmentEntry> {
    for (const name of await readdir(this.dir)) {
      if (!SHA256.test(name)) continue
      const stats = await stat(path.join(this.dir, name)).catch((error) => {
        if (isMissing(error)) return undefined
        throw error
      })
      if (stats) yield { sha256: name, touchedAt: stats.mtime }
    }
  }

  /**
   * The file is first renamed away, in one step: a touch after that finds no file (a report then
   * refuses to cite it; an upload stores it anew). Its time is read after the rename, so a touch
   * before it shows; a file touched since the cutoff is linked back (unless an upload has put the
   * same bytes there meanwhile). A report checking the file in that instant finds none and is
   * refused (the unit sends it again): a file untouched for the whole grace, so seldom, and never
   * a file taken from under an event.
   */
  async removeIfUntouchedSince(sha256: string, cutoff: Date): Promise<boolean> {
    const aside = this.temporaryOf(requireHash(sha256), 'swept')
    try {
      await rename(this.fileOf(sha256), aside)
    } catch (error) {
      if (isMissing(error)) return false
      throw error
    }
    try {
      if ((await stat(aside)).mtime < cutoff) return true
      await link(aside, this.fileOf(sha256)).catch((error) => {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      })
      return false
    } finally {
      await rm(aside, { force: true })
    }
  }

  async close(): Promise<void> {}
}
