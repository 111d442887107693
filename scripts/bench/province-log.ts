/**
 * The province-size log the read-model and 台账 benchmarks share: 40 plans × 50 tasks, 30
 * Chongqing departments (3 co-units a task) and the district governments of 2022 (the generated
 * plans run 2022—2024 and bind the districts of their start), `BENCH_READ_MODEL_QUARTERS`
 * quarters of reports (default 3; 1 for a quicker, smaller run).
 */
import type { EventStore } from '@duban/eventstore'
import { writeProvinceLog } from '@duban/read-models/testing'
import { CHONGQING_DISTRICT_GOVERNMENTS, loadChongqingUnits, type UnitDirectory } from '@duban/units'

const QUARTERS = Number(process.env['BENCH_READ_MODEL_QUARTERS'] ?? 3)

/**
 * Writes the log into `store`: the number of events, the directory and the districts it bound.
 * `plans` scales it (about 1M events per 40 plans at three quarters).
 */
export async function writeBenchProvinceLog(
  store: EventStore,
  { plans = 40 }: { plans?: number } = {},
): Promise<{ events: number; units: UnitDirectory; districts: string[] }> {
  const units = loadChongqingUnits()
  const districts = units.members(CHONGQING_DISTRICT_GOVERNMENTS, '2022-01-01').map((unit) => unit.id)
  const departments = units
    .all()
    .filter((unit) => unit.kind === 'department')
    .map((unit) => unit.id)
    .slice(0, 30)
  const events = await writeProvinceLog(store, {
    plans,
    sectionsPerPlan: 5,
    tasksPerSection: 10,
    departments,
    coUnitsPerTask: 3,
    districts,
    quarters: QUARTERS,
  })
  return { events, units, districts }
}
