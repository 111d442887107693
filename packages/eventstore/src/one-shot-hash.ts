import crypto from 'node:crypto'

type Digest = {
  (algorithm: string, data: string | Buffer, encoding: 'hex'): string
  (algorithm: string, data: string | Buffer, encoding: 'buffer'): Buffer
}

/**
 * `crypto.hash` (Node ≥ 20.12): one call, no Hash object. On the append path it costs about
 * half of `createHash(...).update(...).digest(...)`, and appends hash every event twice (its id
 * and its chain link). Older Node falls back to the Hash object; the digest is the same.
 */
export const oneShotHash: Digest =
  (crypto as { hash?: Digest }).hash ??
  (((algorithm: string, data: string | Buffer, encoding: 'hex' | 'buffer') => {
    const hash = crypto.createHash(algorithm).update(data)
    return encoding === 'hex' ? hash.digest('hex') : hash.digest()
  }) as Digest)
