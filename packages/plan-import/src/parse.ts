import { CHONGQING_DISTRICT_GOVERNMENTS, loadChongqingUnits, type UnitDirectory } from '@duban/units'
import { assemble } from './assemble'
import type { PlanDraft } from './draft-schema'
import { PlanImportError } from './errors'
import { readInput } from './input'
import { segment } from './segment'

export interface ImportOptions {
  /** Defaults to the bundled Chongqing directory. */
  units?: UnitDirectory
  /** Id of the directory group that stands for all district governments. */
  districtGroup?: string
}

/**
 * Reads a policy document (one or several plans) into a draft for the supervision office.
 * Throws PlanImportError for empty, binary or plan-less input. Spans index the text as given
 * (for bytes: as decoded from UTF-8).
 */
export function importPlans(input: string | Uint8Array, options: ImportOptions = {}): PlanDraft {
  const text = readInput(input)
  const document = segment(text)
  const draft = assemble(text, document, {
    units: options.units ?? loadChongqingUnits(),
    districtGroup: options.districtGroup ?? CHONGQING_DISTRICT_GOVERNMENTS,
  })
  if (draft.plans.length === 0 || draft.plans.every((plan) => plan.items.length === 0)) {
    throw new PlanImportError(
      'not_a_plan',
      draft.plans.length === 0
        ? 'no plan found: expected a title such as "…行动计划" followed by its period "(2022—2024年)"'
        : 'no numbered tasks found under the plan title',
    )
  }
  return draft
}
