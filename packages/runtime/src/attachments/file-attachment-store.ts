/**
 * Attachments next to the embedded ledger: `<data-dir>/attachments/<sha256>`. A file is written
 * to a temporary name in the same directory and linked into place, so a reader never sees half
 * a file and a crash leaves at most a temporary file behind; bytes already stored are not written
 * again.
 */
import { randomBytes } from 'node:crypto'
import { constants, mkdirSync } from 'node:fs'
import { copyFile, link, open, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { type AttachmentStore, requireHash, type StoredAttachment } from './attachment-store'

export class FileAttachmentStore implements AttachmentStore {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true })
  }

  private fileOf(sha256: string) {
    return path.join(this.dir, requireHash(sha256))
  }

  put(sha256: string, bytes: Uint8Array): Promise<boolean> {
    return this.place(sha256, (temporary) => writeFile(temporary, bytes, { flag: 'wx' }))
  }

  /** Copied on disk: the bytes never pass through memory whole. */
  putFile(sha256: string, source: string): Promise<boolean> {
    return this.place(sha256, (temporary) => copyFile(source, temporary, constants.COPYFILE_EXCL))
  }

  private async place(sha256: string, write: (temporary: string) => Promise<void>): Promise<boolean> {
    const file = this.fileOf(sha256)
    if (await this.has(sha256)) return false
    const temporary = path.join(this.dir, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`)
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
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
  }

  async has(sha256: string): Promise<boolean> {
    return stat(this.fileOf(sha256)).then(
      () => true,
      () => false,
    )
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.fileOf(sha256), { force: true })
  }

  async close(): Promise<void> {}
}
