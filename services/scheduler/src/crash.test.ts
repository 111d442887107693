/**
 * A real scheduler process killed with SIGKILL in the middle of its work, then restarted: no
 * step is written twice, none is lost, and what a restart catches up carries the business date
 * it should have happened on. Compared with a clean run over the same log.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { duplicates, type LadderRow, schedulerWrites } from '@duban/scheduling/testing/ladder-log'
import { openLedger, seedSmallPlan, tempDir } from '@duban/scheduling/testing/small-plan'
import { entryArgs } from '@duban/testing'
import t from 'tap'

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url))
const UNITS = Array.from({ length: 40 }, (_, i) => `u${i + 1}`)

function runScheduler(dir: string, args: string[], killOn?: string): Promise<{ killed: boolean }> {
  // Node itself, not the tsx launcher: the launcher runs the scheduler in a child of its own,
  // and a SIGKILL of the launcher would leave that child writing on.
  const child: ChildProcess = spawn(
    process.execPath,
    [...entryArgs(MAIN), '--log', join(dir, 'log.sqlite'), '--index', join(dir, 'index.sqlite'), ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let killed = false
  child.stdout?.setEncoding('utf8')
  child.stdout?.on('data', (chunk: string) => {
    if (killOn && !killed && chunk.includes(`running ${killOn}`)) {
      killed = true
      child.kill('SIGKILL')
    }
  })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ killed: signal === 'SIGKILL' })
      else reject(new Error(`scheduler exited with ${code ?? signal}`))
    })
  })
}

async function seeded(dir: string): Promise<void> {
  const { ledger } = openLedger(join(dir, 'log.sqlite'))
  await seedSmallPlan(ledger, { assignedOn: '2023-06-01', units: UNITS })
  await ledger.store.close()
}

async function writesIn(dir: string): Promise<LadderRow[]> {
  const { ledger } = openLedger(join(dir, 'log.sqlite'))
  try {
    return (await schedulerWrites(ledger.store)).sort((a, b) =>
      `${a.stream} ${a.type} ${a.id}`.localeCompare(`${b.stream} ${b.type} ${b.id}`),
    )
  } finally {
    await ledger.store.close()
  }
}

t.test(
  'given 40 units that never report and a clean scheduler run from 2023-06-01 to 2023-10-20',
  async (t) => {
    const clean = tempDir()
    t.teardown(clean.cleanup)
    await seeded(clean.dir)
    await runScheduler(clean.dir, ['--from', '2023-06-01', '--to', '2023-10-20'])
    const expected = await writesIn(clean.dir)
    t.ok(expected.length > 40 * 8, 'the clean run wrote the ladder for two quarters')

    t.test(
      'when the scheduler is killed mid-run on the busiest day and restarted over the same period',
      async (t) => {
        const crashed = tempDir()
        t.teardown(crashed.cleanup)
        await seeded(crashed.dir)
        const first = await runScheduler(
          crashed.dir,
          ['--from', '2023-06-01', '--to', '2023-10-20'],
          '2023-10-12',
        )
        t.ok(first.killed, 'the first process was killed')
        await runScheduler(crashed.dir, ['--from', '2023-06-01', '--to', '2023-10-20'])
        const writes = await writesIn(crashed.dir)
        t.same(duplicates(writes), [], 'then nothing is written twice')
        t.same(
          writes,
          expected,
          'then the log holds exactly what the clean run wrote, on the same business dates',
        )
      },
    )

    t.test(
      'when the scheduler is killed and only restarted on 10-20, then the catch-up records each step on its own business date',
      async (t) => {
        const crashed = tempDir()
        t.teardown(crashed.cleanup)
        await seeded(crashed.dir)
        const first = await runScheduler(
          crashed.dir,
          ['--from', '2023-06-01', '--to', '2023-10-20'],
          '2023-10-09',
        )
        t.ok(first.killed, 'the first process was killed')
        await runScheduler(crashed.dir, ['--today', '2023-10-20'])
        const writes = await writesIn(crashed.dir)
        t.same(duplicates(writes), [])
        const key = (w: LadderRow) => `${w.stream} ${w.type} ${w.id} ${w.on}`
        // Every step of the clean run, on its own business date — but the escalations that
        // followed notices due during the downtime: a notice issued late gets its full answer
        // window from the day it is issued (10-20), so its escalation cannot be due yet.
        const dueByThen = expected.filter((w) => !(w.type === 'EscalatedToLeadership' && w.on > '2023-10-09'))
        t.ok(
          expected.length - dueByThen.length === 40,
          'the 40 escalations of 2023-Q3 wait for the new window',
        )
        t.same(writes.map(key), dueByThen.map(key), 'the same steps on the same business dates')
      },
    )
  },
)
