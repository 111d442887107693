import { readFileSync } from 'node:fs'
import type { UnitDirectory } from './directory'
import { unitDirectoryFromTsv } from './load'

/** The State Council's "district" group: the provincial governments (各省、自治区、直辖市人民政府). */
export const STATE_COUNCIL_PROVINCES = 'gwy-shengjizhengfu'

const dataFile = new URL('../data/state-council-units.tsv', import.meta.url)
let cached: UnitDirectory | undefined

/** The bundled State Council directory (ministries and commissions), read and validated once. */
export function loadStateCouncilUnits(): UnitDirectory {
  cached ??= unitDirectoryFromTsv(readFileSync(dataFile, 'utf8'), 'state-council-units.tsv')
  return cached
}
