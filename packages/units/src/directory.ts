import { distance } from 'fastest-levenshtein'
import { UnitDirectoryError } from './errors'
import { nameKey } from './normalize-name'
import type { Unit, UnitNamePeriod, UnitRow } from './schema'

/** A name matched to a unit: which of its periods carried the name, and whether it did so on the date asked. */
export interface Resolution {
  unit: Unit
  period: UnitNamePeriod
  /** The name was in use on the date asked (or, with no date, is in use now). */
  current: boolean
}

interface NameEntry {
  unit: Unit
  period: UnitNamePeriod
}

/** `to` is exclusive; a null bound is open. Dates are ISO strings, so they compare as text. */
const covers = (period: UnitNamePeriod, date: string) =>
  (period.from === null || period.from <= date) && (period.to === null || date < period.to)
const isOpen = (period: UnitNamePeriod) => period.to === null

/**
 * The unit directory: every unit once, under a stable id, with its names over time. Looking a
 * name up "as of" a date is how old plans keep pointing at the unit that now carries another name.
 */
export class UnitDirectory {
  private readonly units = new Map<string, Unit>()
  private readonly byName = new Map<string, NameEntry[]>()

  constructor(
    private readonly rows: readonly UnitRow[],
    private readonly source = 'unit directory',
  ) {
    for (const row of rows) this.addRow(row, source)
    for (const unit of this.units.values()) {
      unit.periods.sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''))
      this.checkUnit(unit, source)
    }
    for (const unit of this.units.values()) {
      for (const period of unit.periods) {
        for (const name of [period.name, period.fullName, ...period.aliases]) this.index(name, unit, period)
      }
    }
  }

  /**
   * The directory with names the office confirmed in review (an alias a document used for a
   * unit): each is added to the unit's current row (else its last), so the next import resolves
   * it. An alias for an id the directory does not know is ignored.
   */
  withAliases(aliases: readonly { name: string; unitId: string }[]): UnitDirectory {
    if (aliases.length === 0) return this
    const rows = this.rows.map((row) => ({ ...row, aliases: [...row.aliases] }))
    for (const alias of aliases) {
      const own = rows.filter((row) => row.id === alias.unitId)
      const target = own.find((row) => row.valid_to === null) ?? own.at(-1)
      if (target && !target.aliases.includes(alias.name)) target.aliases.push(alias.name)
    }
    return new UnitDirectory(rows, `${this.source} + confirmed aliases`)
  }

  get(id: string): Unit | undefined {
    return this.units.get(id)
  }

  all(): Unit[] {
    return [...this.units.values()]
  }

  /**
   * The unit a name stands for on `asOf` (YYYY-MM-DD). When several units carry the name that
   * day, the one listed first in the file wins (see `resolveAll`). A name no longer in use on
   * that date still resolves, with `current: false`, so history never loses its unit.
   */
  resolve(name: string, asOf?: string): Resolution | undefined {
    return this.resolveAll(name, asOf)[0]
  }

  /** Every unit a name may stand for, those carrying it on `asOf` first. */
  resolveAll(name: string, asOf?: string): Resolution[] {
    const entries = this.byName.get(nameKey(name)) ?? []
    const inUse = (entry: NameEntry) => (asOf ? covers(entry.period, asOf) : isOpen(entry.period))
    const current = entries.filter(inUse).map((entry) => ({ ...entry, current: true }))
    const seen = new Set(current.map((entry) => entry.unit.id))
    const past = entries
      .filter((entry) => !inUse(entry) && !seen.has(entry.unit.id))
      .map((entry) => ({ ...entry, current: false }))
    return [...current, ...past]
  }

  /** The name period of a unit on a date (or its current one); undefined when it did not exist then. */
  periodAsOf(id: string, asOf?: string): UnitNamePeriod | undefined {
    const unit = this.units.get(id)
    return unit?.periods.find((period) => (asOf ? covers(period, asOf) : isOpen(period)))
  }

  /** The unit existed (had a name period) on the date. */
  existsOn(id: string, date: string): boolean {
    return this.periodAsOf(id, date) !== undefined
  }

  /** The day a unit ceased to exist (its last period's exclusive end); null while it exists. */
  ceasedOn(id: string): string | null {
    const last = this.units.get(id)?.periods.at(-1)
    return last?.to ?? null
  }

  /**
   * The unit that carries a unit's duties on a date: itself while it exists, else its successor
   * (followed through later mergers); undefined for a unit abolished without one.
   */
  answerableOn(id: string, date: string): Unit | undefined {
    for (let unit = this.units.get(id), hops = 0; unit && hops <= this.units.size; hops++) {
      if (this.existsOn(unit.id, date)) return unit
      unit = unit.successor ? this.units.get(unit.successor) : undefined
    }
    return undefined
  }

  /** Units (not groups) that ceased to exist after `after` and on or before `onOrBefore`. */
  ceasedBetween(after: string, onOrBefore: string): Unit[] {
    return this.all().filter((unit) => {
      const ceased = this.ceasedOn(unit.id)
      return unit.kind !== 'group' && ceased !== null && ceased > after && ceased <= onOrBefore
    })
  }

  /**
   * The units existing on `asOf` whose id or names are closest to `query` (edit distance), for
   * "did you mean": an unknown id or a misspelt name gets the nearest real ones.
   */
  closest(query: string, asOf: string, limit = 3): { id: string; name: string }[] {
    const key = nameKey(query)
    return this.all()
      .flatMap((unit) => {
        const period = unit.kind === 'group' ? undefined : this.periodAsOf(unit.id, asOf)
        if (!period) return []
        const labels = [unit.id, period.name, period.fullName, ...period.aliases]
        const score = Math.min(
          ...labels.map((label) => distance(key, nameKey(label)) / Math.max(label.length, 1)),
        )
        return [{ id: unit.id, name: period.name, score }]
      })
      .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id))
      .slice(0, limit)
      .map(({ id, name }) => ({ id, name }))
  }

  /** Members of a group on a date (or now), in file order. */
  members(groupId: string, asOf?: string): Unit[] {
    return this.all().filter((unit) => this.periodAsOf(unit.id, asOf)?.groups.includes(groupId))
  }

  private addRow(row: UnitRow, source: string) {
    const period: UnitNamePeriod = {
      name: row.name,
      fullName: row.full_name,
      aliases: row.aliases,
      groups: row.groups,
      from: row.valid_from,
      to: row.valid_to,
    }
    const existing = this.units.get(row.id)
    if (!existing) {
      this.units.set(row.id, { id: row.id, kind: row.kind, periods: [period], successor: row.successor })
      return
    }
    if (existing.kind !== row.kind) {
      throw new UnitDirectoryError(`${source}: ${row.id} is both ${existing.kind} and ${row.kind}`)
    }
    existing.periods.push(period)
    existing.successor ??= row.successor
  }

  private checkUnit(unit: Unit, source: string) {
    unit.periods.forEach((period, i) => {
      const next = unit.periods[i + 1]
      if (next && (period.to === null || next.from === null || next.from < period.to)) {
        throw new UnitDirectoryError(
          `${source}: ${unit.id} has overlapping periods (${period.name}, ${next.name})`,
        )
      }
      for (const group of period.groups) {
        if (!this.units.has(group))
          throw new UnitDirectoryError(`${source}: ${unit.id} is in unknown group ${group}`)
        if (this.units.get(group)?.kind !== 'group') {
          throw new UnitDirectoryError(
            `${source}: ${unit.id} lists ${group} as a group, but it is not of kind group`,
          )
        }
      }
    })
    if (unit.successor && !this.units.has(unit.successor)) {
      throw new UnitDirectoryError(`${source}: ${unit.id} names unknown successor ${unit.successor}`)
    }
    if (unit.successor && unit.periods.at(-1)?.to === null) {
      throw new UnitDirectoryError(
        `${source}: ${unit.id} has a successor but no valid_to (it was never abolished)`,
      )
    }
  }

  private index(name: string, unit: Unit, period: UnitNamePeriod) {
    const key = nameKey(name)
    const entries = this.byName.get(key) ?? []
    if (!entries.some((entry) => entry.unit === unit && entry.period === period))
      entries.push({ unit, period })
    this.byName.set(key, entries)
  }
}
