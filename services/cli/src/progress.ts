/**
 * Progress for long walks over the log, on stderr so stdout stays clean for --json.
 * Drawn only on a terminal; in CI and pipes it stays silent.
 */
import { SingleBar } from 'cli-progress'

export interface Progress {
  update(done: number): void
  stop(): void
}

export function progressBar(label: string, total: number): Progress {
  if (!process.stderr.isTTY || total === 0) return { update() {}, stop() {} }
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
    stream: process.stderr,
    hideCursor: true,
  })
  bar.start(total, 0)
  return { update: (done) => bar.update(done), stop: () => bar.stop() }
}
