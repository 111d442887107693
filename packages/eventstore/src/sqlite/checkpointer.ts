import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Database } from 'better-sqlite3'

/**
 * WAL checkpoints off the request thread. SQLite checkpoints inside the COMMIT that takes the WAL
 * past `wal_autocheckpoint` pages, on the committing thread: it copies those pages into the
 * database file and syncs both files, milliseconds in which Node answers nothing. Here a worker
 * thread with a connection of its own checkpoints (PASSIVE: it never blocks the writer, and it
 * syncs the WAL before and the database file after, as SQLite's own checkpoint does) whenever
 * commits were made since its last look, every `intervalMs`.
 *
 * A PASSIVE checkpoint copies what was committed when it started; the WAL starts over from its
 * beginning only when a writer finds every frame copied. While appends keep coming that may not
 * happen, so the writer's connection keeps an automatic checkpoint at `WRITER_AUTOCHECKPOINT_PAGES`:
 * it bounds the WAL, and finds most of its pages already copied and synced by the worker.
 */
export const WRITER_AUTOCHECKPOINT_PAGES = 4000

/** The worker's code: CommonJS, so it runs under whatever loaded the parent (tsx, a bundle, plain Node). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file, { timeout: 5000 })
// A checkpoint syncs the WAL before it copies a page (a commit may not be synced yet) and the
// database file after: SQLite does both unless synchronous is OFF. Said here, not left to a default.
db.pragma('synchronous = FULL')
const commits = new Int32Array(workerData.commits)
let seen = 0
const timer = setInterval(() => {
  const now = Atomics.load(commits, 0)
  if (now === seen) return
  seen = now
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
    Atomics.add(commits, 1, 1)
  } catch (error) {
    parentPort.postMessage({ failed: String(error && error.message || error) })
  }
}, workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  db.close()
  parentPort.close()
})
`

export interface CheckpointerOptions {
  /** How often the worker looks for new commits; default 50 ms. */
  intervalMs?: number
  /** Called when the worker cannot checkpoint; the writer's own checkpoint then does it all. */
  onFailure?: (error: Error) => void
}

export class Checkpointer {
  /** [commits made, checkpoints run], shared with the worker: no message per commit. */
  private readonly counters = new Int32Array(new SharedArrayBuffer(8))
  private worker: Worker | undefined
  private stopped = false

  constructor(
    private readonly db: Database,
    private readonly file: string,
    private readonly options: CheckpointerOptions = {},
  ) {
    db.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT_PAGES}`)
  }

  /** Checkpoints the worker has run (tests watch it). */
  get checkpoints(): number {
    return Atomics.load(this.counters, 1)
  }

  /** A commit was made: the worker checkpoints at its next look. Starts the worker on first use. */
  committed(): void {
    if (this.stopped) return
    Atomics.add(this.counters, 0, 1)
    this.worker ??= this.start()
  }

  /** Stops the worker and waits for it to close its connection. */
  async stop(): Promise<void> {
    this.stopped = true
    const worker = this.worker
    this.worker = undefined
    if (!worker) return
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
    // Waited for: the process must not end before the thread has closed its connection.
    worker.ref()
    worker.postMessage('stop')
    await exited
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: this.file,
        commits: this.counters.buffer,
        intervalMs: this.options.intervalMs ?? 50,
      },
    })
    // The worker idles between looks: it must not keep a process alive that has nothing else to do.
    worker.unref()
    const fail = (error: Error) => {
      if (this.worker !== worker) return
      this.worker = undefined
      this.stopped = true
      void worker.terminate()
      // Back to SQLite's checkpoint on the writer's thread, at its default size.
      if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000')
      this.options.onFailure?.(error)
    }
    worker.on('message', (message: { failed: string }) => fail(new Error(message.failed)))
    worker.on('error', fail)
    return worker
  }
}
