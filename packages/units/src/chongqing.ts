import { readFileSync } from 'node:fs'
import type { UnitDirectory } from './directory'
import { unitDirectoryFromTsv } from './load'

/** The group of all district governments (区县政府): 38 districts and counties plus three zones. */
export const CHONGQING_DISTRICT_GOVERNMENTS = 'cq-quxianzhengfu'

const dataFile = new URL('../data/chongqing-units.tsv', import.meta.url)
let cached: UnitDirectory | undefined

/** The bundled Chongqing directory, read and validated once. */
export function loadChongqingUnits(): UnitDirectory {
  cached ??= unitDirectoryFromTsv(readFileSync(dataFile, 'utf8'), 'chongqing-units.tsv')
  return cached
}
