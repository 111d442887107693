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
          message: `unknown unit "${name}": kept as written, not in the unit directory`,
        },
      ],
    }
  }
  const notes: RefNote[] = []
  if (!found.current) {
    notes.push({
      code: 'name_not_current',
      message: `"${name}" was not this unit's name on ${context.asOf ?? 'today'}; resolved to ${found.unit.id}`,
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
      message: `group "${name}" is kept as one entry; the directory knows none of its members`,
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
