/**
 * Secrets at rest: AES-256-GCM with a 32-byte key from configuration (`DUBAN_DELIVERY_KEY`,
 * base64) or a key file beside the ledger (`delivery.key`, created 0600 on first use). A sealed
 * value can be opened only with the key; the key never enters the log.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Sealed } from './events'

export class SecretKeyError extends Error {
  override readonly name = 'SecretKeyError'
}

export class SecretBox {
  private readonly key: Buffer

  constructor(key: Buffer) {
    if (key.length !== 32)
      throw new SecretKeyError('the delivery key must be 32 bytes (base64 of 32 random bytes)')
    this.key = Buffer.from(key)
  }

  seal(value: unknown): Sealed {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
    return {
      alg: 'aes-256-gcm',
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    }
  }

  /** @throws SecretKeyError when the value was sealed with another key or altered. */
  open<T>(sealed: Sealed): T {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.iv, 'base64'))
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'))
      const text = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()])
      return JSON.parse(text.toString('utf8')) as T
    } catch {
      throw new SecretKeyError('a channel secret cannot be opened with this key (another key, or altered)')
    }
  }
}

/** The key from `DUBAN_DELIVERY_KEY` (base64) if given, else from `file`, created when missing. */
export function loadSecretBox(options: { envKey?: string | undefined; file: string }): SecretBox {
  if (options.envKey) {
    const key = Buffer.from(options.envKey, 'base64')
    if (key.length !== 32) throw new SecretKeyError('DUBAN_DELIVERY_KEY must be base64 of exactly 32 bytes')
    return new SecretBox(key)
  }
  if (!existsSync(options.file)) {
    // A server-store replica's data dir may not exist yet (it holds only the local read models).
    mkdirSync(path.dirname(options.file), { recursive: true })
    writeFileSync(options.file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
    chmodSync(options.file, 0o600)
  }
  const key = Buffer.from(readFileSync(options.file, 'utf8').trim(), 'base64')
  if (key.length !== 32) throw new SecretKeyError(`${options.file} must hold base64 of exactly 32 bytes`)
  return new SecretBox(key)
}
