/**
 * Who acts in an API test, as a header the test client (never the server) turns into a real
 * bearer token: the user is created on first use with a real argon2 hash, then signs in like
 * any API caller. Header objects keep spreading into `{ ...lead, 'if-match': '"2"' }`.
 */
import type { User, UserStore } from '@duban/runtime'

export const ACTING_AS = 'x-test-acting-as'

export type TestUser = Omit<User, 'displayName'> & { displayName?: string }

export const actingAs = (user: TestUser): Record<string, string> => ({ [ACTING_AS]: JSON.stringify(user) })

export const TEST_PASSWORD = 'correct horse battery staple'

/** Resolves ACTING_AS headers into Authorization headers, creating users and tokens once each. */
export function bearerTokens(users: UserStore) {
  const tokens = new Map<string, string>()
  async function tokenFor(user: TestUser): Promise<string> {
    const known = tokens.get(user.id)
    if (known) return known
    if (!(await users.get(user.id))) {
      await users.createUser({ displayName: user.id, ...user, password: TEST_PASSWORD })
    }
    const token = await users.openSession(user.id, 'bearer')
    tokens.set(user.id, token)
    return token
  }
  return {
    tokenFor,
    async resolve(headers: Record<string, string>): Promise<Record<string, string>> {
      const { [ACTING_AS]: spec, ...rest } = headers
      if (spec === undefined) return rest
      return { ...rest, authorization: `Bearer ${await tokenFor(JSON.parse(spec) as TestUser)}` }
    },
  }
}
