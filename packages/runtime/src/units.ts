import type { DistrictsAsOf } from '@duban/ledger'
import { CHONGQING_DISTRICT_GOVERNMENTS, loadChongqingUnits, type UnitDirectory } from '@duban/units'

/** The unit directory the embedded server runs with, and its district governments on any date. */
export function chongqingUnits(): { units: UnitDirectory; districtsAsOf: DistrictsAsOf } {
  const units = loadChongqingUnits()
  return {
    units,
    districtsAsOf: (date) => units.members(CHONGQING_DISTRICT_GOVERNMENTS, date).map((unit) => unit.id),
  }
}
