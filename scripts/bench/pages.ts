/**
 * `pnpm bench pages`: the first byte of every page of the web workspace at the demo's size
 * (52,000 events, 2,256 assignments; the demo's 江北区 has the largest inbox), each page asked by
 * the user whose job it is, one request at a time on the real server (`main.ts --demo`, a real
 * process): the median of ROUNDS after a warm-up, against the goal of 200 ms; then the heaviest
 * just after a write, and the first view of a new day, cold and after the warm (pages-new-day.ts).
 * The demo ledger is built once into $TMPDIR/duban-bench-pages and reused.
 */

import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ApiProcess } from '@duban/api/testing/api-process'
import { benchFirstViewOfADay } from './pages-new-day'
import { type BenchRow, median } from './report'

const ROUNDS = Number(process.env.BENCH_PAGES_ROUNDS ?? 7)
const DATA_DIR = join(tmpdir(), 'duban-bench-pages')
const PASSWORD = 'duban-demo-2023'
const GOAL_MS = 200

/** Every page, by the user who reads it: lists at their first and their last page, filtered, and the largest. */
const PAGES: readonly [user: string, path: string, what: string][] = [
  ['ducha', '/w/office/overdue', '逾期看板'],
  ['ducha', '/w/office/overdue?page=12', '逾期看板, last page'],
  ['ducha', '/w/office/overdue?unit=cq-jiangbei&light=red', '逾期看板, one unit, red'],
  ['ducha', '/w/office/overdue?q=%E5%A4%96%E8%B5%84', '逾期看板, searched'],
  ['ducha', '/w/office/reviews', '审核队列'],
  ['ducha', '/w/office/import', '导入计划'],
  ['ducha', '/w/office/performance', '按时报送排名'],
  ['ducha', '/w/office/bulletins', '督查通报'],
  ['ducha', '/w/admin/delivery', '消息推送'],
  ['lingdao', '/w/dashboard', '计划总览'],
  ['lingdao', '/w/dashboard?plan=2022-0bthh4z', '计划总览, second plan'],
  ['lingdao', '/w/leadership/escalations', '提级事项'],
  ['lingdao', '/w/leadership/escalations?awaiting=false', '提级事项, all'],
  ['lingdao', '/w/tasks/2022-192sktf.t1', '办理经过, every unit'],
  ['lingdao', '/w/tasks/2022-192sktf.t1?unit=cq-jiangbei', '办理经过, one unit'],
  ['swz-shenhe', '/w/units/cq-shangwuwei', '我的任务 (市商务委)'],
  ['swz-shenhe', '/w/units/cq-shangwuwei/inbox', '催办与督办 (市商务委)'],
  ['swz-shenhe', '/w/units/cq-shangwuwei/tasks/2022-192sktf.t5', '交办 (市商务委)'],
  ['jiangbei-tianbao', '/w/units/cq-jiangbei', '我的任务 (江北区)'],
  ['jiangbei-tianbao', '/w/units/cq-jiangbei/inbox', '催办与督办 (江北区, largest inbox)'],
  ['jiangbei-tianbao', '/w/units/cq-jiangbei/inbox?show=all&page=16', '催办与督办 (江北区), all, last page'],
  ['jiangbei-tianbao', '/w/units/cq-jiangbei/inbox?show=handled', '催办与督办 (江北区), 已办'],
  ['jiangbei-tianbao', '/w/units/cq-jiangbei/tasks/2022-0bthh4z.s1', '交办 (江北区)'],
  ['admin', '/w/admin/users', '用户管理'],
]

/** The pages that compute the most, measured again just after a write. */
const AFTER_A_WRITE = [
  '逾期看板',
  '计划总览',
  '我的任务 (江北区)',
  '催办与督办 (江北区, largest inbox)',
  '审核队列',
  '按时报送排名',
  '提级事项',
]

/** One event in the log through the API: a manual reminder to 渝中区 on the first task. */
async function write(base: string, token: string, reminderId: string): Promise<void> {
  const response = await fetch(`${base}/tasks/2022-192sktf.t1/assignments/cq-yuzhong/reminders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ reminderId, kind: 'manual', message: '请按时报送。' }),
  })
  if (response.status !== 201) throw new Error(`reminder: ${response.status} ${await response.text()}`)
}

async function benchEveryPage(): Promise<BenchRow[]> {
  // One request at a time: load shedding (a 503 when the machine's other work delays the event
  // loop) is not what is measured here, so its delay check is off.
  const duban = new ApiProcess(
    { DUBAN_DATA_DIR: DATA_DIR, LOG_LEVEL: 'warn', DUBAN_MAX_EVENT_LOOP_DELAY_MS: '0' },
    ['--demo'],
  )
  try {
    const base = await duban.url
    await settled(base)
    const tokens = new Map<string, string>()
    for (const [user] of PAGES) if (!tokens.has(user)) tokens.set(user, await signIn(base, user))
    const rows: BenchRow[] = []
    for (const [user, path, what] of PAGES) {
      const ask = () => firstByte(`${base}${path}`, tokens.get(user)!)
      await ask()
      const times: number[] = []
      for (let round = 0; round < ROUNDS; round++) times.push(await ask())
      rows.push({
        name: `page: ${what} — ${path}`,
        median: median(times),
        unit: 'ms',
        rounds: ROUNDS,
        goal: `< ${GOAL_MS} ms`,
      })
    }
    // The same pages just after a write (a reminder to 渝中区): nothing remembered, every light made again.
    const office = tokens.get('ducha')!
    let written = 0
    for (const [user, path, what] of PAGES.filter(([, , what]) => AFTER_A_WRITE.includes(what))) {
      const times: number[] = []
      for (let round = 0; round < ROUNDS; round++) {
        await write(base, office, `bench-pages-${Date.now()}-${written++}`)
        times.push(await firstByte(`${base}${path}`, tokens.get(user)!))
      }
      rows.push({
        name: `page after a write: ${what} — ${path}`,
        median: median(times),
        unit: 'ms',
        rounds: ROUNDS,
        goal: `< ${GOAL_MS} ms`,
      })
    }
    return rows
  } finally {
    duban.kill('SIGTERM')
    await duban.exited
  }
}

/** Every page as above, then the first view of a new day, cold and after the warm (pages-new-day.ts). */
export async function benchPages(): Promise<BenchRow[]> {
  const rows = await benchEveryPage()
  return [...rows, ...(await benchFirstViewOfADay(DATA_DIR, ROUNDS, signIn, firstByte, `< ${GOAL_MS} ms`))]
}

/** Milliseconds until the response's status and headers arrive (the body is then read and dropped). */
async function firstByte(url: string, token: string): Promise<number> {
  const started = performance.now()
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  const elapsed = performance.now() - started
  await response.arrayBuffer()
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`)
  return elapsed
}

/** Waits until the server has walked its chain (a start's background work) and answers calmly. */
async function settled(base: string): Promise<void> {
  for (let tries = 0; tries < 240; tries++) {
    const health = (await (await fetch(`${base}/health`)).json()) as { log?: { integrity: string } }
    if (health.log?.integrity !== 'checking') break
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  await new Promise((resolve) => setTimeout(resolve, 1000))
}

async function signIn(base: string, userId: string): Promise<string> {
  const response = await fetch(`${base}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, password: PASSWORD }),
  })
  if (response.status !== 201) throw new Error(`${userId} could not sign in: ${response.status}`)
  return ((await response.json()) as { token: string }).token
}
