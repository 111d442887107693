import { CHONGQING_DISTRICT_GOVERNMENTS, loadChongqingUnits } from './chongqing'
import type { UnitDirectory } from './directory'
import { loadStateCouncilUnits, STATE_COUNCIL_PROVINCES } from './state-council'

/** A jurisdiction's directory and the group that stands for its lower-level governments. */
export interface Jurisdiction {
  id: string
  name: string
  units: () => UnitDirectory
  districtGroup: string
}

/** The bundled jurisdictions; another is a data file in the same format (see README). */
export const JURISDICTIONS: Record<string, Jurisdiction> = {
  chongqing: {
    id: 'chongqing',
    name: '重庆市',
    units: loadChongqingUnits,
    districtGroup: CHONGQING_DISTRICT_GOVERNMENTS,
  },
  'state-council': {
    id: 'state-council',
    name: '国务院',
    units: loadStateCouncilUnits,
    districtGroup: STATE_COUNCIL_PROVINCES,
  },
}
