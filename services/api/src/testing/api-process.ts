/**
 * An API server as a real child process (`main.ts`), for tests of several processes on one
 * store: node itself runs it (not a launcher), so a SIGKILL hits the process that holds the
 * connections and the read-model file.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { entryArgs } from '@duban/testing'

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url))

export class ApiProcess {
  /** The address it listens on, once it does; rejects if it exits first. */
  readonly url: Promise<string>
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  private readonly child: ChildProcess
  private output = ''

  /** `env` on top of this process's: DUBAN_STORE_URL, DUBAN_DATA_DIR; PORT defaults to 0. `args`: `--demo`. */
  constructor(env: Record<string, string>, args: readonly string[] = []) {
    this.child = spawn(process.execPath, [...entryArgs(MAIN), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    })
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString()
    }
    this.child.stdout!.on('data', collect)
    this.child.stderr!.on('data', collect)
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })))
    this.url = new Promise((resolve, reject) => {
      this.child.stdout!.on('data', () => {
        const address = /running at (http:\/\/\S+)/.exec(this.output)?.[1]
        if (address) resolve(address)
      })
      void this.exited.then(() => reject(new Error(`the API exited before listening:\n${this.output}`)))
    })
  }

  /** The server's process id (for sampling its memory). */
  get pid(): number {
    return this.child.pid!
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal)
  }

  /** What it wrote to stdout and stderr, for a failure's message. */
  get log(): string {
    return this.output
  }
}
