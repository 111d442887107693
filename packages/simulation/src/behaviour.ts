/**
 * The behaviour model: how units and the supervision office act, drawn from a seeded random
 * source. Most units report on time; some report late; a few never answer at all; now and then
 * a unit asks for an extension, and the office returns a report or sends a completion back.
 * Every figure below is a modelling assumption, not data.
 */
import type { KeyedRandom } from './random'

export type Profile = 'diligent' | 'late' | 'erratic' | 'silent'

/** Shares of units per profile, in this order. */
const profileShares: [Profile, number][] = [
  ['diligent', 0.7],
  ['late', 0.17],
  ['erratic', 0.08],
  ['silent', 0.05],
]

export const model = {
  /** A unit's obligation asked for an extension instead of a report. */
  extensionRate: 0.04,
  /** The office grants an extension request. */
  grantRate: 0.75,
  /** The office returns a report (材料不完整) instead of accepting it. */
  returnRate: 0.08,
  /** The office sends a completion request back. */
  sendBackRate: 0.1,
  /** Working days a granted extension asks for. */
  extensionWorkingDays: 10,
}

/**
 * Profiles by rank, not by independent draws: units are ordered by a seeded key and the shares
 * are cut from that order, so every run has its few silent units (at least one) and its late
 * ones, whichever the seed.
 */
export function assignProfiles(random: KeyedRandom, unitIds: readonly string[]): Map<string, Profile> {
  const ranked = [...new Set(unitIds)].sort(
    (a, b) => random.float(`profile ${a}`) - random.float(`profile ${b}`) || a.localeCompare(b),
  )
  const profiles = new Map<string, Profile>()
  let start = 0
  for (const [profile, share] of [...profileShares].reverse()) {
    const size = profile === 'diligent' ? ranked.length : Math.max(1, Math.round(share * ranked.length))
    for (const unitId of ranked.slice(start, start + size)) profiles.set(unitId, profile)
    start += size
  }
  return profiles
}

/** Working days after assignment the unit acknowledges (签收); null: never. */
export function acknowledgeAfter(random: KeyedRandom, profile: Profile, key: string): number | null {
  if (profile === 'silent') return null
  return profile === 'diligent' ? random.int(key, 1, 3) : random.int(key, 2, 12)
}

/** Working days relative to the due date the report comes in (negative: early); null: never. */
export function reportOffset(random: KeyedRandom, profile: Profile, key: string): number | null {
  switch (profile) {
    case 'silent':
      return null
    case 'diligent':
      return -random.int(key, 0, 4)
    case 'late':
      return random.int(key, 1, 12)
    case 'erratic':
      return random.chance(`${key} on time`, 0.5) ? -random.int(key, 0, 3) : random.int(key, 3, 20)
  }
}

/** Working days after a supervision notice the unit answers it; null: never. */
export function answerAfter(random: KeyedRandom, profile: Profile, key: string): number | null {
  switch (profile) {
    case 'silent':
      return null
    case 'diligent':
      return random.int(key, 0, 1)
    case 'late':
      return random.int(key, 1, 4)
    case 'erratic':
      return random.int(key, 0, 3)
  }
}

/** Whether the unit applies to close its part when the task's deadline nears. */
export function appliesToClose(random: KeyedRandom, profile: Profile, key: string): boolean {
  return profile === 'diligent' || (profile === 'erratic' && random.chance(key, 0.5))
}
