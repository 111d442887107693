import { z } from 'zod'

/** Unit ids are stored in the data file, never derived at run time, so renames cannot move them. */
export const UnitId = z
  .string()
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'a unit id is a lowercase ASCII slug: [a-z0-9][a-z0-9-]*')

export const UnitKind = z.enum(['district', 'zone', 'department', 'central_unit', 'party', 'group', 'other'])
export type UnitKind = z.infer<typeof UnitKind>

const IsoDate = z.iso.date('a date is written YYYY-MM-DD')
const optionalDate = z.union([z.literal('').transform(() => null), IsoDate])
/** `a|b|c` lists; empty cell → empty list. */
const pipeList = z.string().transform((cell) =>
  cell
    .split('|')
    .map((part) => part.trim())
    .filter((part) => part !== ''),
)

/**
 * One row of the directory file: one unit under one name for one period. Several rows with the
 * same id are the same unit over time (a rename, or a change of group membership).
 */
export const UnitRow = z
  .object({
    id: UnitId,
    name: z.string().trim().min(1, 'name is empty'),
    full_name: z.string().trim().min(1, 'full_name is empty'),
    kind: UnitKind,
    valid_from: optionalDate,
    valid_to: optionalDate,
    aliases: pipeList,
    groups: pipeList.pipe(z.array(UnitId)),
    successor: z.union([z.literal('').transform(() => null), UnitId]),
    source_url: z.union([z.literal(''), z.url()]),
    note: z.string(),
  })
  .refine((row) => !row.valid_from || !row.valid_to || row.valid_from < row.valid_to, {
    message: 'valid_from must be before valid_to',
  })
export type UnitRow = z.infer<typeof UnitRow>

export const UNIT_COLUMNS = [
  'id',
  'name',
  'full_name',
  'kind',
  'valid_from',
  'valid_to',
  'aliases',
  'groups',
  'successor',
  'source_url',
  'note',
] as const

/** A name a unit carried for a period; `to` is exclusive, null means open. */
export interface UnitNamePeriod {
  name: string
  fullName: string
  aliases: string[]
  groups: string[]
  from: string | null
  to: string | null
}

export interface Unit {
  id: string
  kind: UnitKind
  /** Names in date order; the last is the current (or last) name. */
  periods: UnitNamePeriod[]
  /** Set when the unit was abolished and another took over its duties. */
  successor: string | null
}
