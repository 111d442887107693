/** The dispatcher child process (dispatcher-process.ts), its JSON lines read as they come. */
import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { entryArgs } from '@duban/testing'

const ENTRY = fileURLToPath(new URL('./dispatcher-process.ts', import.meta.url))

export class DispatcherChild {
  readonly lines: { msg: string; [k: string]: unknown }[] = []
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  private readonly child: ChildProcess

  constructor(config: object) {
    // node itself, not a launcher: the SIGKILL must reach the process that sends.
    this.child = spawn(process.execPath, entryArgs(ENTRY), {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, DISPATCHER_CONFIG: JSON.stringify(config) },
    })
    createInterface({ input: this.child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      try {
        this.lines.push(JSON.parse(line))
      } catch {
        this.lines.push({ msg: line })
      }
    })
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })))
  }

  has(msg: string): boolean {
    return this.lines.some((line) => line.msg === msg)
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal)
  }
}

export async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
