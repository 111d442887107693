import { splitOutside } from './brackets'
import type { UnitClause } from './responsibility-clause'

export type Role = 'lead' | 'co' | 'listed'

/** One entry of a responsible-unit list, in the order written. */
export type UnitToken =
  | { kind: 'unit'; role: Role; name: string }
  /** 各区县政府, 各区、县级市, 各市（州）人民政府, 各街道 …: every district government. */
  | { kind: 'allDistricts'; role: Role; name: string }
  /** 有关区县政府: some district governments, unnamed. */
  | { kind: 'someDistricts'; role: Role; name: string }

export interface ParsedClause {
  tokens: UnitToken[]
  /** "以下均需各区县政府负责", "…涉及相关市(州)人民政府，下同": every later item binds them. */
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
/**
 * The local forms of "every lower-level government": 各区县(自治县)政府 (Chongqing), 各区、县级市
 * (Guangzhou), 各市（州）人民政府 (Sichuan), 各地级以上市人民政府 (Guangdong), 各县市区政府,
 * 各街道/各街办 (a district's own), 各省级人民政府 (the State Council's).
 */
export const ALL_DISTRICTS =
  /^(?:全市|全省|全区)?各(?:区|县|市|州|街道|街办|乡镇|镇|省|地区|地级)|^区县(?:人民)?政府$|统称区县政府/
const SOME_DISTRICTS = /^(?:有关|相关|部分|涉及的?)(?:区县|区|县|市|街道)/
const CARRY = [/以下.{0,10}?均需(.+?)(?:负责|落实)/, /(?:均|都)涉及(.+?)[，,].{0,16}下同/]
/** Annotations that belong to the list, not to a unit: (以下统称区县政府). */
const ANNOTATION = /[(（]以下(?:统称|简称)[^)）]*[)）]$/
/** 有关部门, 市级各有关部门, 其他相关单位: no one in particular, not kept as a unit. */
const GENERIC = /^(?:国务院|省级|市级|区级|县级|省|市|区|县)?(?:各|其他)?(?:有关|相关)(?:部门|单位|方面)$/
/** The verbs of a fuze clause part: its role, then stripped. */
const VERBS: [RegExp, Role][] = [
  [/(?:牵头负责|牵头)$/, 'lead'],
  [/(?:配合|参与|协助)$/, 'co'],
  [/(?:按职责分工负责|按职责负责|分别负责|共同负责|负责落实|负责|落实)$/, 'listed'],
]

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
  // Labelled parts are separated by ; (or 。) or by a comma that precedes the next label; a fuze
  // clause's parts by a comma (X牵头，Y配合).
  const parts = splitOutside(clause.content, /[;；。]/).flatMap((part) =>
    clause.form === 'fuze'
      ? splitOutside(part, /[,，]/)
      : part.split(/[,，](?=\s*(?:责任|牵头|主办|配合|协办|参与)(?:单位|部门)\s*[:：])/),
  )
  for (const part of parts) {
    const label = LABEL.exec(part)
    if (label) role = ROLE_OF_LABEL[label[1] ?? ''] ?? 'listed'
    let list = (label ? part.slice(label[0].length) : part).trim()
    const carry = CARRY.map((pattern) => pattern.exec(list)).find(Boolean)
    if (carry) {
      carriesDistricts ||= ALL_DISTRICTS.test(carry[1] ?? '') || /市\s*[(（]州[)）]/.test(carry[1] ?? '')
      continue
    }
    if (/不再(?:列出|单独列出|做分工)/.test(list)) continue
    let partRole = role
    for (const [verb, verbRole] of VERBS) {
      if (verb.test(list)) {
        list = list.replace(verb, '')
        if (!label) partRole = verbRole
        break
      }
    }
    tokens.push(...readList(list, partRole, isDistrictMember))
  }
  return { tokens, carriesDistricts }
}

/** Reads "A、B等有关部门,各区政府" into tokens of one role. */
export function readList(list: string, role: Role, isDistrictMember: (name: string) => boolean): UnitToken[] {
  const tokens: UnitToken[] = []
  for (const chunk of splitOutside(list, /[,，]/)) {
    let inDistricts = false
    const names = distributeSuffix(mergeDistrictPhrases(splitNames(chunk)))
    for (const name of names) {
      if (name === '' || GENERIC.test(name)) continue
      if (ALL_DISTRICTS.test(name)) {
        inDistricts = true
        tokens.push({ kind: 'allDistricts', role, name })
      } else if (SOME_DISTRICTS.test(name)) {
        tokens.push({ kind: 'someDistricts', role, name })
      } else if (
        inDistricts &&
        (isDistrictMember(bareName(name)) || ANNOTATION.test(name) || /管委会$/.test(name))
      ) {
        // Part of the district-government mention written out (两江新区、…管委会(以下统称区县政府)).
      } else {
        tokens.push({ kind: 'unit', role, name })
      }
    }
  }
  return tokens
}

/**
 * Splits at 、 and at the joins a list uses besides it: "能源局等省有关部门和各地级以上市人民政府",
 * "市级各有关部门及各县市区政府". A 和 inside a name (市住房和城乡建设局) is kept.
 */
function splitNames(chunk: string): string[] {
  return splitOutside(chunk, /[、]/)
    .flatMap((name) => name.split(/(?<=等[^、]{0,8}?(?:部门|单位))(?:和|及|以及)|(?:和|及|以及)(?=各)/))
    .map((name) =>
      name
        .trim()
        .replace(/等(?:省|市|区|县)?(?:有关|相关|其他)?(?:部门|单位)?$/, '')
        .trim(),
    )
}

/** "各区、县级市" and "各市、州、县人民政府" are one phrase although they hold the separator. */
function mergeDistrictPhrases(names: string[]): string[] {
  const merged: string[] = []
  for (const name of names) {
    const previous = merged.at(-1)
    if (
      previous !== undefined &&
      /^各[区县市州]/.test(previous) &&
      /^(?:区|县|市|州|县级市|自治县|旗)(?:人民政府|政府)?$/.test(name)
    )
      merged[merged.length - 1] = `${previous}、${name}`
    else merged.push(name)
  }
  return merged
}

/** "荔湾区、黄埔区政府": the trailing 政府 belongs to each district named before it. */
function distributeSuffix(names: string[]): string[] {
  const out = [...names]
  for (let i = out.length - 1; i > 0; i--) {
    const suffix = /(?:区|县|市)((?:人民)?政府)$/.exec(out[i] ?? '')?.[1]
    if (!suffix) continue
    for (let j = i - 1; j >= 0 && /^[^各有相]{1,6}(?:区|县|市)$/.test(out[j] ?? ''); j--)
      out[j] = `${out[j]}${suffix}`
  }
  return out
}

/** 万盛经开区管委会(以下统称区县政府) → 万盛经开区, for the district-member test only. */
function bareName(name: string): string {
  return name.replace(ANNOTATION, '').replace(/管委会$/, '')
}
