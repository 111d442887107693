/** `duban simulate`: a seeded run prints its summary (and the same again for the same seed); bad input exits 2. */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { entryArgs } from '@duban/testing'
import t from 'tap'

const main = fileURLToPath(new URL('../main.ts', import.meta.url))
const duban = (...args: string[]) =>
  spawnSync(process.execPath, [...entryArgs(main), ...args], { encoding: 'utf8', timeout: 120_000 })

t.test(
  'given a quarter of the example plans, when simulated with --json, then the summary is JSON',
  async (t) => {
    const run = duban('simulate', '--from', '2022-10-01', '--to', '2022-12-31', '--seed', '5', '--json')
    t.equal(run.status, 0, run.stderr)
    const summary = JSON.parse(run.stdout) as {
      plans: number
      seed: number
      units: unknown[]
      reminders: object
    }
    t.match(summary, { plans: 2, seed: 5, reminders: { dueSoon: Number } })
    t.ok(summary.units.length > 40, 'lights by unit')
  },
)

t.test(
  'given the same quarter, when simulated as text, then it names what happened and the lights by unit',
  async (t) => {
    const run = duban('simulate', '--from', '2022-10-01', '--to', '2022-12-31', '--seed', '5')
    t.equal(run.status, 0, run.stderr)
    t.match(run.stdout, /reports +submitted/)
    t.match(run.stdout, /lights by unit/)
  },
)

for (const [args, message] of [
  [['--from', '2022-13-01'], /--from must be a date/],
  [['--from', '2024-01-01', '--to', '2023-01-01'], /after --to/],
  [['--seed', 'x'], /--seed must be an integer/],
  [['--to', '2031-01-01'], /calendar covers/],
] as const) {
  t.test(`given ${args.join(' ')}, then it exits 2 with one clear line`, async (t) => {
    const run = duban('simulate', ...args)
    t.equal(run.status, 2)
    t.match(run.stderr, message)
    t.equal(run.stderr.trim().split('\n').length, 1)
    t.equal(run.stdout, '')
  })
}
