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

/** The shortest password accepted, for people and the console alike. */
export const MIN_PASSWORD_LENGTH = 12

/** What is wrong with a new password, or undefined when it will do. */
export function passwordProblem(password: string, userId?: string): string | undefined {
  if (password.trim() === '') return 'the password is empty'
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return `the password is too short: at least ${MIN_PASSWORD_LENGTH} characters`
  if (password.length > 256) return 'the password is too long: at most 256 characters'
  if (userId !== undefined && password.toLowerCase().includes(userId.toLowerCase()))
    return 'the password must not contain the user id'
  return undefined
}
