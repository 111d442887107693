/**
 * Attachments next to the embedded ledger: `<data-dir>/attachments/<sha256>`. A file is written
 * to a temporary name in the same directory and renamed into place, so a reader never sees half
 * a file and a crash leaves at most a temporary file behind; bytes already stored are not written
 * again.
 */
import { randomBytes } from 'node:crypto'
import { constants, mkdirSync } from 'node:fs'
import { copyFile, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { type AttachmentStore, requireHash } from './attachment-store'

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
      await rename(temporary, file)
    } catch (error) {
      await rm(temporary, { force: true })
      throw error
    }
    return true
  }

  async get(sha256: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.fileOf(sha256)))
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
