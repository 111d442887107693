import { z } from 'zod'
import { UnitId } from './schema'

/**
 * A name the supervision office confirmed in review as another name of a unit (a document wrote
 * "市工信局" for 市经济信息委). Kept per jurisdiction as a TSV beside the data (name, unit_id,
 * confirmed_on, confirmed_by) and laid over the directory with `withAliases` for the next import.
 */
export const ConfirmedAlias = z.object({
  name: z.string().trim().min(1),
  unitId: UnitId,
  confirmedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  confirmedBy: z.string().min(1),
})
export type ConfirmedAlias = z.infer<typeof ConfirmedAlias>

export const ALIAS_HEADER = 'name\tunit_id\tconfirmed_on\tconfirmed_by'

/** Reads an alias file; comment lines (#) and the header are skipped, a bad line throws with its number. */
export function parseAliases(text: string): ConfirmedAlias[] {
  return text
    .split('\n')
    .map((line, index) => ({ line: line.replace(/\r$/, ''), number: index + 1 }))
    .filter(({ line }) => line.trim() !== '' && !line.startsWith('#') && line !== ALIAS_HEADER)
    .map(({ line, number }) => {
      const [name, unitId, confirmedOn, confirmedBy] = line.split('\t')
      const parsed = ConfirmedAlias.safeParse({ name, unitId, confirmedOn, confirmedBy })
      if (!parsed.success) throw new Error(`alias file line ${number}: ${parsed.error.issues[0]?.message}`)
      return parsed.data
    })
}

/** One line of the alias file for a confirmed alias. */
export function formatAlias(alias: ConfirmedAlias): string {
  return [alias.name, alias.unitId, alias.confirmedOn, alias.confirmedBy].join('\t')
}
