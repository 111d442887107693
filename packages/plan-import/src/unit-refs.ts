import type { UnitDirectory } from '@duban/units'
import type { UnitRef } from './draft-schema'

/** Names are resolved as of the plan's issue date, so renamed units still resolve. */
export interface UnitContext {
  units: UnitDirectory
  asOf: string | undefined
  districtGroup: string
}

export interface RefNote {
  code: 'unknown_unit' | 'group_without_members' | 'name_not_current'
  message: string
}

/** A name as written, with its directory id (or flagged unknown) and, for a group, its members. */
export function unitRef(name: string, context: UnitContext): { ref: UnitRef; notes: RefNote[] } {
  const found = context.units.resolve(name, context.asOf)
  if (!found) {
    return {
      ref: { name, unitId: null, unknown: true },
      notes: [
        {
          code: 'unknown_unit',
          message: `单位"${name}"不在单位名录中，按原文保留，请核对或确认别名`,
        },
      ],
    }
  }
  const notes: RefNote[] = []
  if (!found.current) {
    notes.push({
      code: 'name_not_current',
      message: `"${name}"在${context.asOf ?? '今天'}已不是该单位的名称，已对应到 ${found.unit.id}`,
    })
  }
  if (found.unit.kind !== 'group') return { ref: { name, unitId: found.unit.id }, notes }
  const members = context.units.members(found.unit.id, context.asOf).map((member) => ({
    name: context.units.periodAsOf(member.id, context.asOf)?.name ?? member.id,
    unitId: member.id,
  }))
  if (members.length === 0) {
    notes.push({
      code: 'group_without_members',
      message: `"${name}"为单位集合，名录中没有其成员，按一个条目保留`,
    })
  }
  return { ref: { name, unitId: found.unit.id, members }, notes }
}

/** Whether a name is one of the district governments on the plan's date. */
export function districtMemberTest(context: UnitContext): (name: string) => boolean {
  const members = new Set(context.units.members(context.districtGroup, context.asOf).map((unit) => unit.id))
  return (name) => {
    const id = context.units.resolve(name, context.asOf)?.unit.id
    return id !== undefined && members.has(id)
  }
}
