/**
 * A scheduler service as a real child process (`main.ts --every …`), its pino log lines parsed
 * as they come, for the failover test.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { entryArgs } from '@duban/testing'

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url))

export interface LogLine {
  msg: string
  [field: string]: unknown
}

export class SchedulerProcess {
  readonly lines: LogLine[] = []
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  private readonly child: ChildProcess
  private waiters: (() => void)[] = []

  constructor(args: string[], env: Record<string, string>) {
    // node itself, not the tsx launcher: a SIGKILL must reach the process that holds the lock.
    this.child = spawn(process.execPath, [...entryArgs(MAIN), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    })
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      try {
        this.lines.push(JSON.parse(line) as LogLine)
      } catch {
        this.lines.push({ msg: line })
      }
      for (const wake of this.waiters.splice(0)) wake()
    })
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        resolve({ code, signal })
        for (const wake of this.waiters.splice(0)) wake()
      })
    })
  }

  /** The first log line matching, once it is written; rejects if the process exits first. */
  async waitFor(match: (line: LogLine) => boolean): Promise<LogLine> {
    for (;;) {
      const found = this.lines.find(match)
      if (found) return found
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`scheduler exited before the line awaited; it wrote:\n${this.dump()}`)
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
  }

  has(msg: string): boolean {
    return this.lines.some((line) => line.msg === msg)
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal)
  }

  dump(): string {
    return this.lines.map((line) => JSON.stringify(line)).join('\n')
  }
}
