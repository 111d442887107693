import { CHONGQING_DISTRICT_GOVERNMENTS, loadChongqingUnits, type UnitDirectory } from '@duban/units'

/** The unit directory the embedded server runs with, and the district governments it names. */
export function chongqingUnits(): { units: UnitDirectory; districtUnitIds: string[] } {
  const units = loadChongqingUnits()
  return { units, districtUnitIds: units.members(CHONGQING_DISTRICT_GOVERNMENTS).map((unit) => unit.id) }
}
