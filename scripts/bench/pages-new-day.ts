/**
 * The first view of a new business date, part of `pnpm bench pages`: lights change as days pass,
 * so a new date's first dashboard or on-time ranking finds no standing kept. Measured cold (the
 * date turned, nothing warmed: the request makes every task's standing) and after the warm the
 * server runs when the date turns (plugins/standings-warmer.ts). On the demo ledger the pages
 * bench built, in this process: a server on its data directory (real SQLite, real HTTP) whose
 * clock the bench moves a day at a time — a process's clock cannot be moved from outside.
 */
import { startTestServer } from '@duban/api/testing/test-server'
import { DEMO_TODAY } from '@duban/runtime'
import { type BenchRow, median } from './report'

/** The pages that count every task's standing, by the user who reads them. */
const PAGES: readonly [user: string, path: string, what: string][] = [
  ['lingdao', '/w/dashboard', '计划总览'],
  ['ducha', '/w/office/performance', '按时报送排名'],
]

export async function benchFirstViewOfADay(
  dataDir: string,
  rounds: number,
  signIn: (base: string, user: string) => Promise<string>,
  firstByte: (url: string, token: string) => Promise<number>,
  goal: string,
): Promise<BenchRow[]> {
  let now = new Date(DEMO_TODAY)
  const teardowns: (() => unknown)[] = []
  // The warmer looks at the date once an hour: the bench turns the date and asks at once (cold),
  // or turns it and has the warm run first (`checkNow`, what the timer does when it looks).
  const api = await startTestServer(
    { teardown: (fn) => teardowns.push(fn) },
    { dataDir, clock: { now: () => now }, standingsWarmer: { everyMs: 3_600_000 } },
  )
  try {
    // The start's walk of the chain first: the warm waits for it, and it would load the loop.
    while (api.logGuard.status().integrity === 'checking') await new Promise((r) => setTimeout(r, 200))
    const tokens = new Map<string, string>()
    for (const [user] of PAGES) if (!tokens.has(user)) tokens.set(user, await signIn(api.url, user))
    const nextDay = () => {
      now = new Date(now.getTime() + 24 * 3600_000)
    }
    const rows: BenchRow[] = []
    for (const warmed of [false, true]) {
      for (const [user, path, what] of PAGES) {
        const times: number[] = []
        for (let round = 0; round < rounds; round++) {
          nextDay()
          if (warmed) await api.server.standingsWarmer.checkNow()
          const made = api.readModels.standingsMade()
          times.push(await firstByte(`${api.url}${path}`, tokens.get(user)!))
          // What the row claims: after the warm the page made no standing; cold, it made them.
          if ((api.readModels.standingsMade() === made) !== warmed)
            throw new Error(`${what}: ${api.readModels.standingsMade() - made} standings made on the request`)
        }
        rows.push({
          name: `page, first view of a new day${warmed ? ' after the warm' : ''}: ${what} — ${path}`,
          median: median(times),
          unit: 'ms',
          rounds,
          goal,
        })
      }
    }
    return rows
  } finally {
    for (const fn of teardowns.reverse()) await fn()
  }
}
