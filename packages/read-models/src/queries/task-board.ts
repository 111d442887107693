/**
 * The leadership's task board (任务亮灯): a task's light from its lead unit and its indicators —
 * whether the task itself is failing — with the co-units and districts that are silent (red)
 * counted apart, so three silent districts no longer paint every task of a plan red. The
 * assignment lights are the 台账's (`ledgerRows`), the indicator lights the indicator view's.
 */
import type { policy } from '@duban/domain'
import type Database from 'better-sqlite3'
import { type Outcome, type Tally, tally } from '../metrics/on-time'
import type { AsOf } from './as-of'
import { indicatorView } from './indicator-view'
import { type LedgerRow, ledgerRows } from './ledger-rows'
import type { Policies } from './policies'

type Light = policy.Light

export interface TaskBoardLine {
  taskId: string
  sectionId: string
  number: string
  title: string
  leadUnitId: string | null
  /** The lead unit's assignment light and why. */
  lead: { light: Light; reason: string } | null
  /** The worst light of the task's indicators (null when it has none with a light). */
  indicators: Light | null
  /** The task's own light: the lead's, turned yellow by an indicator behind its trajectory (red stays red). */
  light: Light
  /** Co-units and districts whose part is red: silent or late, counted apart from the task's light. */
  silentUnits: string[]
  units: number
  /** The task's obligations that fell due, all units. */
  onTime: Tally
}

const rank: Record<Light, number> = { green: 0, yellow: 1, red: 2 }
const worst = (a: Light, b: Light): Light => (rank[a] >= rank[b] ? a : b)

/** `rows`: the plan's 台账 rows at `asOf`, if the caller has them already (read in slices). */
export function taskBoard(
  db: Database.Database,
  policies: Policies,
  asOf: AsOf,
  planId: string,
  rows: Iterable<LedgerRow> = ledgerRows(db, policies, asOf, planId),
): TaskBoardLine[] {
  const indicatorLights = new Map<string, Light>()
  for (const i of indicatorView(db, planId, asOf, { livePosition: asOf.position })?.indicators ?? []) {
    if (!i.taskId || !i.light) continue
    const seen = indicatorLights.get(i.taskId)
    indicatorLights.set(i.taskId, seen ? worst(seen, i.light) : i.light)
  }
  const lines = new Map<string, TaskBoardLine & { outcomes: Outcome[] }>()
  for (const row of rows) {
    let line = lines.get(row.taskId)
    if (!line) {
      const indicators = indicatorLights.get(row.taskId) ?? null
      line = {
        taskId: row.taskId,
        sectionId: row.sectionId,
        number: row.number,
        title: row.title,
        leadUnitId: null,
        lead: null,
        indicators,
        light: 'green',
        silentUnits: [],
        units: 0,
        onTime: tally([]),
        outcomes: [],
      }
      lines.set(row.taskId, line)
    }
    line.units++
    line.outcomes.push(...row.outcomes)
    if (row.role === 'lead') {
      line.leadUnitId = row.unitId
      line.lead = { light: row.light, reason: row.reason.because.zh }
    } else if (row.light === 'red') line.silentUnits.push(row.unitId)
  }
  return [...lines.values()].map(({ outcomes, ...line }) => {
    const lead = line.lead?.light ?? 'green'
    const behind = line.indicators === 'red' || line.indicators === 'yellow' ? 'yellow' : 'green'
    return { ...line, light: worst(lead, behind), onTime: tally(outcomes) }
  })
}
