/**
 * Sign-in through one gate, for API tokens and browser sessions alike: growing delays after
 * failed attempts, and an audit row for every attempt.
 *
 * Delays, not a lockout: after a few failures an account must wait before its next attempt —
 * 1 s, 2 s, 4 s … at most a minute — so guessing a password gets slow while the owner can always
 * sign in within a minute; nobody can lock an account by failing on purpose. Failures count per
 * account and address (a colleague's typos elsewhere do not slow you) and per account over all
 * addresses, with more free failures (guessing from many addresses). A success clears both.
 * Kept in the process's memory: each API process throttles on its own (the per-address rate
 * limit and the audit log are what the office reads).
 */
import type { SessionKind, User, UserStore } from '@duban/runtime'
import { httpProblem } from '../http/problem'

interface Failures {
  count: number
  lastAt: number
}

export interface ThrottleOptions {
  /** Failures per account and address before delays start; default 3. */
  freePerAddress?: number
  /** Failures per account over all addresses before delays start; default 20. */
  freePerAccount?: number
  baseDelayMs?: number
  maxDelayMs?: number
  now?: () => number
}

/** Keys kept at most; the oldest are dropped beyond it (memory stays bounded under a flood). */
const MAX_KEYS = 100_000

export class SignInGate {
  private readonly failures = new Map<string, Failures>()
  private readonly now: () => number
  private readonly freePerAddress: number
  private readonly freePerAccount: number
  private readonly baseDelayMs: number
  private readonly maxDelayMs: number

  constructor(
    private readonly users: UserStore,
    options: ThrottleOptions = {},
  ) {
    this.now = options.now ?? Date.now
    this.freePerAddress = options.freePerAddress ?? 3
    this.freePerAccount = options.freePerAccount ?? 20
    this.baseDelayMs = options.baseDelayMs ?? 1000
    this.maxDelayMs = options.maxDelayMs ?? 60_000
  }

  /**
   * The user when the password is theirs. Throws 429 (with `retryAfterSeconds`) while the account
   * must wait, 401 on a wrong password or unknown id; records the attempt either way.
   */
  async signIn(userId: string, password: string, ip: string, via: SessionKind): Promise<User> {
    const at = () => new Date(this.now()).toISOString()
    const waitMs = Math.max(
      this.waitMs(`${userId}\n${ip}`, this.freePerAddress),
      this.waitMs(userId, this.freePerAccount),
    )
    if (waitMs > 0) {
      await this.users.recordSignIn({ userId, ok: false, failure: 'throttled', ip, via, at: at() })
      const seconds = Math.ceil(waitMs / 1000)
      throw httpProblem(
        'too-many-requests',
        `登录失败次数过多,请 ${seconds} 秒后再试。(too many failed sign-ins for this account; try again in ${seconds} s)`,
        { retryAfterSeconds: seconds },
      )
    }
    const user = await this.users.authenticate(userId, password)
    if (!user) {
      this.fail(`${userId}\n${ip}`)
      this.fail(userId)
      await this.users.recordSignIn({ userId, ok: false, failure: 'password', ip, via, at: at() })
      throw httpProblem('unauthenticated', 'unknown user or wrong password')
    }
    this.failures.delete(`${userId}\n${ip}`)
    this.failures.delete(userId)
    await this.users.recordSignIn({ userId, ok: true, ip, via, at: at() })
    return user
  }

  private waitMs(key: string, free: number): number {
    const failures = this.failures.get(key)
    if (!failures || failures.count < free) return 0
    const delay = Math.min(this.baseDelayMs * 2 ** (failures.count - free), this.maxDelayMs)
    return failures.lastAt + delay - this.now()
  }

  private fail(key: string): void {
    const failures = this.failures.get(key) ?? { count: 0, lastAt: 0 }
    this.failures.delete(key)
    this.failures.set(key, { count: failures.count + 1, lastAt: this.now() })
    if (this.failures.size > MAX_KEYS) this.failures.delete(this.failures.keys().next().value!)
  }
}
