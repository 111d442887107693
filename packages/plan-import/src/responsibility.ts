import { splitOutside } from './brackets'
import type { UnitClause } from './responsibility-clause'

export type Role = 'lead' | 'co' | 'listed'

/** One entry of a responsible-unit list, in the order written. */
export type UnitToken =
  | { kind: 'unit'; role: Role; name: string }
  /** 各区县政府, 各区、县级市 …: every district government. */
  | { kind: 'allDistricts'; role: Role; name: string }
  /** 有关区县政府: some district governments, unnamed. */
  | { kind: 'someDistricts'; role: Role; name: string }

export interface ParsedClause {
  tokens: UnitToken[]
  /** "以下均需各区县政府负责": every later item of the plan binds all district governments. */
  carriesDistricts: boolean
}

const LABEL = /^\s*(责任|牵头|主办|配合|协办|参与)(?:单位|部门)\s*[:：]\s*/
const ROLE_OF_LABEL: Record<string, Role> = {
  责任: 'listed',
  牵头: 'lead',
  主办: 'lead',
  配合: 'co',
  协办: 'co',
  参与: 'co',
}
const ALL_DISTRICTS = /^(?:全市)?各(?:区|县)|^区县(?:人民)?政府$|统称区县政府/
const SOME_DISTRICTS = /^(?:有关|相关|部分|涉及的?)区县/
const CARRY = /以下均需(.+?)负责/
/** Annotations that belong to the list, not to a unit: (以下统称区县政府). */
const ANNOTATION = /[(（]以下(?:统称|简称)[^)）]*[)）]$/

/**
 * Reads a responsible-unit list. `isDistrictMember` tells whether a name is one of the district
 * governments, so "各区县(自治县)政府和两江新区、西部科学城重庆高新区、万盛经开区管委会" is read
 * as one mention of all district governments rather than three extra units.
 */
export function parseUnitClause(
  clause: UnitClause,
  isDistrictMember: (name: string) => boolean,
): ParsedClause {
  const tokens: UnitToken[] = []
  let carriesDistricts = false
  let role: Role = 'listed'
  const content = clause.form === 'fuze' ? clause.content.replace(/负责\s*$/, '') : clause.content
  // Labelled parts are separated by ; or by a comma that precedes the next label.
  const parts = splitOutside(content, /[;；]/).flatMap((part) =>
    part.split(/[,，](?=\s*(?:责任|牵头|主办|配合|协办|参与)(?:单位|部门)\s*[:：])/),
  )
  for (const part of parts) {
    const label = LABEL.exec(part)
    if (label) role = ROLE_OF_LABEL[label[1] ?? ''] ?? 'listed'
    const list = label ? part.slice(label[0].length) : part
    const carry = CARRY.exec(list)
    if (carry) {
      carriesDistricts ||= ALL_DISTRICTS.test(carry[1] ?? '')
      continue
    }
    if (/不再列出/.test(list)) continue
    tokens.push(...readList(list, role, isDistrictMember))
  }
  return { tokens, carriesDistricts }
}

function readList(list: string, role: Role, isDistrictMember: (name: string) => boolean): UnitToken[] {
  const tokens: UnitToken[] = []
  for (const chunk of splitOutside(list, /[,，]/)) {
    let inDistricts = false
    for (const name of mergeDistrictPhrases(splitOutside(chunk, /[、]/).map((name) => name.trim()))) {
      if (name === '') continue
      if (ALL_DISTRICTS.test(name)) {
        inDistricts = true
        tokens.push({ kind: 'allDistricts', role, name })
      } else if (SOME_DISTRICTS.test(name)) {
        tokens.push({ kind: 'someDistricts', role, name })
      } else if (inDistricts && (isDistrictMember(bareName(name)) || ANNOTATION.test(name))) {
        // Part of the district-government mention written out (两江新区、…管委会(以下统称区县政府)).
      } else {
        tokens.push({ kind: 'unit', role, name })
      }
    }
  }
  return tokens
}

/** "各区、县级市" is one phrase although it holds the list separator. */
function mergeDistrictPhrases(names: string[]): string[] {
  const merged: string[] = []
  for (const name of names) {
    const previous = merged.at(-1)
    if (previous !== undefined && /各区$/.test(previous) && /^县级市/.test(name))
      merged[merged.length - 1] = `${previous}、${name}`
    else merged.push(name)
  }
  return merged
}

/** 万盛经开区管委会(以下统称区县政府) → 万盛经开区, for the district-member test only. */
function bareName(name: string): string {
  return name.replace(ANNOTATION, '').replace(/管委会$/, '')
}
