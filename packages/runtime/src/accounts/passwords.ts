/** Password hashing with argon2id (@node-rs/argon2's defaults: OWASP's m=19 MiB, t=2, p=1). */
import { passwordRefusal } from '@duban/domain'
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

/** What is wrong with a new password (in English, for the console), or undefined when it will do. */
export const passwordProblem = (password: string, userId?: string): string | undefined =>
  passwordRefusal(password, userId)?.message
