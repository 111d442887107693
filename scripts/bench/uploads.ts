/**
 * `pnpm bench uploads`: the report form with ten 20 MB evidence files (the most it takes), posted
 * to the real server (`main.ts --demo`, a real process) as a browser posts it, signed in by
 * cookie. Measured: how far the server's resident memory (VmRSS, sampled every 10 ms while the
 * post runs) rose above what it was just before, beside the files' total size — a server that
 * held them in memory would rise by about that. (Its peak so far, VmHWM, says nothing here: the
 * demo ledger's build set it higher before.)
 * The demo ledger is built afresh in a temporary directory (the report it takes would refuse a
 * second one on the same assignment) and removed after. Then the same on PostgreSQL
 * (`uploads-postgres.ts`).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ApiProcess } from '@duban/api/testing/api-process'
import type { BenchRow } from './report'
import { residentMiB } from './resident'
import { benchPostgresUploads } from './uploads-postgres'

const PASSWORD = 'duban-demo-2023'
const FILES = 10
const FILE_MiB = 20
const ASSIGNMENT = '/w/units/cq-shangwuwei/tasks/2022-192sktf.t5'

export async function benchUploads(): Promise<BenchRow[]> {
  return [...(await benchEmbeddedUploads()), ...(await benchPostgresUploads())]
}

async function benchEmbeddedUploads(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-bench-uploads-'))
  const duban = new ApiProcess(
    { DUBAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DUBAN_MAX_EVENT_LOOP_DELAY_MS: '0' },
    ['--demo'],
  )
  try {
    const base = await duban.url
    const browser = await signedIn(base, 'swz-shenhe')
    // The page once before, so what it costs to render is in the peak already.
    const page = await browser.get(`${base}${ASSIGNMENT}`)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? ''
    const form = new FormData()
    form.set('_csrf', csrf)
    form.set('narrative', '本季度进展见附件。')
    const stamp = Date.now()
    for (let i = 0; i < FILES; i++) {
      const pdf = Buffer.from(`%PDF-1.4\n% bench ${stamp} ${i}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`)
      const file = Buffer.concat([pdf, Buffer.alloc(FILE_MiB * 1024 * 1024 - pdf.length, i)])
      form.append('attachments', new Blob([new Uint8Array(file)]), `清单${i + 1}.pdf`)
    }
    const before = residentMiB(duban.pid)
    let highest = before
    const sampler = setInterval(() => {
      highest = Math.max(highest, residentMiB(duban.pid))
    }, 10)
    const posted = await fetch(`${base}${ASSIGNMENT}/report`, {
      method: 'POST',
      body: form,
      headers: { cookie: browser.cookie, referer: `${base}${ASSIGNMENT}` },
      redirect: 'manual',
    })
    const answer = await posted.text()
    clearInterval(sampler)
    if (posted.status !== 303)
      throw new Error(`the report was refused: ${posted.status} ${answer.slice(0, 300)}`)
    return [
      {
        name: `report form: ${FILES} × ${FILE_MiB} MiB evidence files — server RSS rise during the post`,
        median: highest - before,
        unit: 'MiB',
        rounds: 1,
        limit: { name: "the files' total size", median: FILES * FILE_MiB },
        goal: `< ${FILE_MiB * 2} MiB`,
      },
    ]
  } finally {
    duban.kill('SIGTERM')
    await duban.exited
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** A browser's cookie session: the sign-in form with its CSRF token, as a person signs in. */
async function signedIn(base: string, userId: string) {
  const jar = new Map<string, string>()
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [name, value] = (line.split(';')[0] ?? '').split('=')
      if (name) jar.set(name, value ?? '')
    }
    return response
  }
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
  const login = await keep(await fetch(`${base}/login`)).text()
  const signIn = keep(
    await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: /name="_csrf" value="([^"]+)"/.exec(login)?.[1] ?? '',
        userId,
        password: PASSWORD,
      }).toString(),
    }),
  )
  if (signIn.status !== 303) throw new Error(`${userId} could not sign in: ${signIn.status}`)
  return {
    get cookie() {
      return cookie()
    },
    get: async (url: string) => keep(await fetch(url, { headers: { cookie: cookie() } })).text(),
  }
}
