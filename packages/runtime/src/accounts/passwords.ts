/** Password hashing with argon2id (@node-rs/argon2's defaults: OWASP's m=19 MiB, t=2, p=1). */
import { hash, verify } from '@node-rs/argon2'

export const hashPassword = (password: string): Promise<string> => hash(password)

/** False for a wrong password or a malformed stored hash; never throws on bad input. */
export async function passwordMatches(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
}
