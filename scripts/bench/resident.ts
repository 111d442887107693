/** A process's resident memory (Linux), sampled while something runs: how far it rose above where it stood. */
import { readFileSync } from 'node:fs'

/** The process's resident memory now, in MiB. */
export const residentMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024

/** Runs `work`, sampling the process's VmRSS every 10 ms; the highest rise above the start, in MiB. */
export async function residentRise<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ rise: number; result: T }> {
  const before = residentMiB(pid)
  let highest = before
  const sampler = setInterval(() => {
    highest = Math.max(highest, residentMiB(pid))
  }, 10)
  try {
    const result = await work()
    return { rise: highest - before, result }
  } finally {
    clearInterval(sampler)
  }
}
