/** The units a task binds: its lead, its co-units, and every district government when it binds all. */
import { Id, taskDecider, taskStreamId } from '@duban/domain'
import { type LedgerDeps, loadState } from '@duban/ledger'

export async function unitsBoundTo(
  ledger: LedgerDeps,
  districtUnitIds: readonly string[],
  taskId: string,
): Promise<string[]> {
  if (!Id.safeParse(taskId).success) return []
  const { state } = await loadState(ledger, taskDecider, taskStreamId(taskId))
  if (state.status === 'unregistered') return []
  return [state.leadUnitId, ...state.coUnitIds, ...(state.allDistricts ? districtUnitIds : [])]
}
