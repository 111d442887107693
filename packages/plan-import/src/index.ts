export type {
  Deadline,
  DraftItem,
  DraftPlan,
  DraftSection,
  DraftWarning,
  Span,
  Target,
  UnitRef,
} from './draft-schema'
export { PlanDraft } from './draft-schema'
export type { PlanImportErrorCode } from './errors'
export { PlanImportError } from './errors'
export type { DocumentFormat } from './formats/index'
export { documentText, MAX_BYTES } from './formats/index'
export { STREAM_ID } from './ids'
export { foldNumber } from './numbers'
export type { ImportedDocument, ImportOptions } from './parse'
export { importDocument, importPlans, NO_UNITS } from './parse'
export { formatDraftTable } from './table'
/** The two Chongqing plans of 2022-09-20 (see fixtures/README.md): the demo's and the tests' example. */
export const CHONGQING_2022_EXAMPLE = new URL(
  '../fixtures/chongqing-2022-foreign-trade-and-investment.txt',
  import.meta.url,
)
export type { DraftEdit, EditContext } from './edit'
export { applyDraftEdit, DraftEditError, readTargetLine, resolveUnknownNames, unknownNames } from './edit'
