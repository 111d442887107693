/**
 * A browser's session for HTTP-level page tests: signs in through the real form (CSRF token and
 * all) and keeps the cookies a browser would, so tests exercise cookies, CSRF and redirects.
 */
import { TEST_PASSWORD, type TestUser } from './acting-as'
import type { TestResponse, TestServer } from './test-server'

const form = 'application/x-www-form-urlencoded'

export const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? ''

export async function webSession(api: TestServer, user: TestUser) {
  await api.tokenFor(user)
  const jar = new Map<string, string>()
  const keep = (response: TestResponse) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [name, value] = (pair ?? '').split('=')
      if (name) jar.set(name, value ?? '')
    }
    return response
  }
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
  const get = async (path: string) => keep(await api.request('GET', path, { headers: { cookie: cookie() } }))
  /** `headers`: what else a browser sends, e.g. the page the form is on as `referer`; pairs for repeated names (ticks). */
  const post = async (
    path: string,
    fields: Record<string, string> | [string, string][],
    headers: Record<string, string> = {},
  ) =>
    keep(
      await api.request('POST', path, {
        rawBody: new URLSearchParams(fields).toString(),
        headers: { ...headers, cookie: cookie(), 'content-type': form },
      }),
    )
  const login = await get('/login')
  const signedIn = await post('/login', {
    _csrf: csrfOf(login.text),
    userId: user.id,
    password: TEST_PASSWORD,
  })
  if (signedIn.status !== 303) throw new Error(`sign-in failed: ${signedIn.status} ${signedIn.text}`)
  return { get, post, cookie, location: signedIn.headers.get('location') }
}
