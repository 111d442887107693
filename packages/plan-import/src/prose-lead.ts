import type { UnitToken } from './responsibility'
import { readList } from './responsibility'

/** Endings of a unit's name, for a name the directory does not know. */
const UNIT_ENDING = /(?:委|局|办|部|会|厅|行|关|站|司|院|政府|中心)$/
/** 由X会同Y、Z等部门负责落实 / 研究提出落实意见. */
const WITH = /由([^，,。；;：:“”]{2,60}?)会同([^，,。；;“”]{2,80}?)(?:负责|研究|共同|制定|提出|落实)/
/** 由X负责落实. */
const BY = /由([^，,。；;：:“”会]{2,40}?)负责/

/**
 * "市商务委牵头,会同…": a lead named in prose, used only when the item has no unit list. The
 * name runs from the previous punctuation to 牵头; it is kept if the directory knows it or it
 * ends like a unit's name.
 */
export function findProseLead(text: string, known: (name: string) => boolean): string | undefined {
  for (const match of text.matchAll(/(?:^|[，,。；;：:\s])由?([^，,。；;：:\s“”]{2,24}?)(?:负责)?牵头/g)) {
    const name = match[1] ?? ''
    if (known(name) || UNIT_ENDING.test(name)) return name
  }
  return undefined
}

/**
 * Units named in prose as State Council distribution notices write them: "由发展改革委会同农业部、
 * 财政部等部门研究提出落实意见" (the first before 会同 leads, the rest co-operate), "由农业部负责落实".
 * Used only when the item has no unit list and no "X牵头".
 */
export function findProseUnits(text: string, isDistrictMember: (name: string) => boolean): UnitToken[] {
  const withMatch = WITH.exec(text)
  if (withMatch) {
    const leads = readList(withMatch[1] ?? '', 'listed', isDistrictMember)
    const [first, ...others] = leads
    return [
      ...(first ? [{ ...first, role: 'lead' as const }] : []),
      ...others.map((token) => ({ ...token, role: 'co' as const })),
      ...readList(withMatch[2] ?? '', 'co', isDistrictMember),
    ]
  }
  const byMatch = BY.exec(text)
  if (byMatch) return readList(byMatch[1] ?? '', 'listed', isDistrictMember)
  return []
}
