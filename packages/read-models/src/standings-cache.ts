/**
 * Each task's standing (`queries/task-standing.ts`) kept between writes, so the views that count
 * every light of a plan — the dashboard, the task board, the on-time ranking — recompute after a
 * write only the tasks it touched, not the whole plan on the request thread.
 *
 * A standing is a function of its task's rows and the moment (position, business date). One made
 * at moment P, with the rows as they were when the read models stood at S, equals one made now at
 * moment Q with the rows at read position R, unless an event touched the task (`rm_touches`)
 * between P and Q (the moment moved past it) or between S and R (its rows changed since, even
 * where a view "as of P" reads them). Those tasks are dropped and made again on demand; an event
 * about no one task drops them all. Lights also change as days pass with no write: standings are
 * kept per business date, the live date's apart from those of pinned past moments.
 */
import { performance } from 'node:perf_hooks'
import { preparedOnce } from '@duban/projections'
import type Database from 'better-sqlite3'
import type { AsOf } from './queries/as-of'
import type { TaskInfo } from './queries/period'
import type { Policies } from './queries/policies'
import { type TaskStanding, taskStanding } from './queries/task-standing'

/** Moments kept at once (live today, a few pinned past ones); the least recently used goes first. */
const MOMENTS = 6

interface Moment {
  /** The position the standings stand at. */
  position: number
  /** The read position when they were last brought up to date. */
  seen: number
  tasks: Map<string, TaskStanding>
}

/** What `prepare` awaits between slices by default: one turn of the event loop. */
export const nextTurn = () => new Promise<boolean>((resolve) => setImmediate(() => resolve(true)))

export class StandingsCache {
  private readonly moments = new Map<string, Moment>()
  /** Standings made (not found kept) since this cache was created: what a warm spares a view. */
  private madeCount = 0

  constructor(
    private readonly db: Database.Database,
    private readonly policies: Policies,
  ) {}

  /** The standing of each task asked, at `asOf`, the read models being at `read`. */
  standings(asOf: AsOf, read: number, tasks: Iterable<TaskInfo>): TaskStanding[] {
    const moment = this.moment(asOf, read)
    const result: TaskStanding[] = []
    for (const task of tasks) {
      let standing = moment.tasks.get(task.taskId)
      if (!standing) {
        standing = this.make(asOf, task)
        moment.tasks.set(task.taskId, standing)
      }
      result.push(standing)
    }
    return result
  }

  /**
   * Makes the standings `standings` would make, a task at a time, giving the event loop a turn
   * every `sliceMs`: the first view of a day makes every task's (hundreds of ms on the demo
   * ledger), which must not hold requests behind it. After each turn the moment is brought up to
   * date again (what the log took in meanwhile drops the tasks it touched), so nothing kept is
   * older than the rows it was made from. `turn` is what is awaited between slices (a warm in the
   * background also waits out load there); false stops, and `prepare` answers false.
   */
  async prepare(
    asOf: AsOf,
    read: () => number,
    tasks: Iterable<TaskInfo>,
    sliceMs: number,
    turn: () => Promise<boolean> = nextTurn,
  ): Promise<boolean> {
    let moment = this.moment(asOf, read())
    let sliceStarted = performance.now()
    for (const task of tasks) {
      if (performance.now() - sliceStarted >= sliceMs) {
        if (!(await turn())) return false
        moment = this.moment(asOf, read())
        sliceStarted = performance.now()
      }
      if (!moment.tasks.has(task.taskId)) moment.tasks.set(task.taskId, this.make(asOf, task))
    }
    return true
  }

  /** How many standings this cache has made so far (each a task's rows read and lit afresh). */
  made(): number {
    return this.madeCount
  }

  /** Forgets everything (the read models were rebuilt). */
  clear(): void {
    this.moments.clear()
  }

  private make(asOf: AsOf, task: TaskInfo): TaskStanding {
    this.madeCount += 1
    return taskStanding(this.db, this.policies, asOf, task)
  }

  private moment(asOf: AsOf, read: number): Moment {
    // Live: one moment per date, moving with the log; a pinned one stays where it was asked.
    const key = asOf.live ? asOf.date : `${asOf.date}@${asOf.position}`
    let moment = this.moments.get(key)
    this.moments.delete(key)
    if (moment && read < moment.seen) moment = undefined // rebuilt since: nothing known holds
    if (moment) {
      const low = Math.min(moment.position, asOf.position)
      const high = Math.max(moment.position, asOf.position)
      for (const taskId of this.touched(low, high, moment.seen, read)) {
        if (taskId === null) {
          moment.tasks.clear()
          break
        }
        moment.tasks.delete(taskId)
      }
      moment.position = asOf.position
      moment.seen = read
    } else {
      moment = { position: asOf.position, seen: read, tasks: new Map() }
      const oldest = this.moments.keys().next()
      if (this.moments.size >= MOMENTS && !oldest.done) this.moments.delete(oldest.value)
    }
    this.moments.set(key, moment)
    return moment
  }

  /** The tasks touched in (low, high] or (seen, read]; null for an event about no one task. */
  private touched(low: number, high: number, seen: number, read: number): Set<string | null> {
    const touched = new Set<string | null>()
    const between = preparedOnce(
      this.db,
      'SELECT DISTINCT task_id FROM rm_touches WHERE position > ? AND position <= ?',
    ).pluck()
    const ranges: [number, number][] = [[low, high]]
    if (seen !== low || read !== high) ranges.push([seen, read])
    for (const [from, to] of ranges)
      if (from < to) for (const taskId of between.all(from, to) as (string | null)[]) touched.add(taskId)
    return touched
  }
}
