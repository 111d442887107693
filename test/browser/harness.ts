/**
 * What the browser journeys run against: the real server (`main.ts --demo`, as `pnpm start`
 * runs it) in a child process on an ephemeral port over a fresh data directory, and Debian's
 * Chromium driven by playwright-core, each journey in a fresh profile. Screenshots go to
 * artifacts/screenshots/ at the repository root.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { entryArgs } from '@duban/testing'
import { type BrowserContext, chromium, type Page } from 'playwright-core'

const root = path.resolve(import.meta.dirname, '../..')
export const CHROMIUM = '/usr/bin/chromium'
export const SCREENSHOTS = path.join(root, 'artifacts', 'screenshots')
export const DEMO_PASSWORD = 'duban-demo-2023'

interface Teardown {
  teardown(fn: () => unknown): void
}

export interface RunningServer {
  url: string
  /** Calls the JSON API as a demo user, with a bearer token from POST /auth/token. */
  api(
    userId: string,
  ): Promise<(method: string, route: string, body?: unknown) => Promise<{ status: number; body: unknown }>>
}

/** Starts `services/api/src/main.ts --demo`; resolves once it prints where it listens. */
export async function startDemoServer(t: Teardown): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-browser-'))
  const child: ChildProcess = spawn(
    process.execPath,
    [...entryArgs(path.join(root, 'services/api/src/main.ts')), '--demo'],
    {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DUBAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  t.teardown(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    rmSync(dataDir, { recursive: true, force: true })
  })
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      const match = /is running at (http:\/\/\S+)/.exec(line)
      if (match) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`the server exited with ${code} before listening`)))
  })
  const tokens = new Map<string, string>()
  return {
    url,
    async api(userId) {
      let token = tokens.get(userId)
      if (!token) {
        const signIn = await fetch(`${url}/auth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userId, password: DEMO_PASSWORD }),
        })
        if (signIn.status !== 201) throw new Error(`${userId} could not sign in: ${signIn.status}`)
        token = ((await signIn.json()) as { token: string }).token
        tokens.set(userId, token)
      }
      const bearer = token
      return async (method, route, body) => {
        // A just-started server sheds load while it walks its chain and catches up its indexes
        // (503 + Retry-After); the harness retries as a well-behaved client does, a bounded number of times.
        let response: Response
        for (let attempt = 1; ; attempt++) {
          response = await fetch(`${url}${route}`, {
            method,
            headers: {
              authorization: `Bearer ${bearer}`,
              ...(body ? { 'content-type': 'application/json' } : {}),
            },
            ...(body ? { body: JSON.stringify(body) } : {}),
          })
          const retryAfter = Number(response.headers.get('retry-after'))
          if (response.status !== 503 || !retryAfter || attempt >= 30) break
          await response.arrayBuffer()
          await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000))
        }
        const text = await response.text()
        return {
          status: response.status,
          body: text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text,
        }
      }
    },
  }
}

/** A fresh Chromium profile (its own --user-data-dir), closed with the test. */
export async function openBrowser(t: Teardown): Promise<{ context: BrowserContext; page: Page }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'duban-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  t.teardown(async () => {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  })
  const page = context.pages()[0] ?? (await context.newPage())
  // A page that tried to run a script (an escaped narrative that was not) would open a dialog.
  page.on('dialog', (dialog) => {
    throw new Error(`a script ran on the page: ${dialog.message()}`)
  })
  return { context, page }
}

export async function signIn(page: Page, url: string, userId: string): Promise<void> {
  await page.goto(`${url}/login`)
  await page.fill('input[name="userId"]', userId)
  await page.fill('input[name="password"]', DEMO_PASSWORD)
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.click('button[type="submit"]'),
  ])
}

/** Keeps a screenshot of what the user sees, as a test artifact. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  // The page from its top, at most 2,000 px: boards with hundreds of rows would be unreadable.
  const height = Math.min(2000, await page.evaluate('document.documentElement.scrollHeight'))
  await page.screenshot({
    path: path.join(SCREENSHOTS, `${name}.png`),
    fullPage: true,
    clip: { x: 0, y: 0, width: 1280, height },
  })
}
