import {
  CHONGQING_DISTRICT_GOVERNMENTS,
  JURISDICTIONS,
  loadChongqingUnits,
  type UnitDirectory,
  unitDirectoryFromTsv,
} from '@duban/units'
import { assemble } from './assemble'
import type { PlanDraft } from './draft-schema'
import { PlanImportError } from './errors'
import { type DocumentFormat, documentText } from './formats/index'
import { readInput } from './input'
import { readableText } from './normalize'
import { segment } from './segment'

export interface ImportOptions {
  /** A bundled jurisdiction ('chongqing', 'state-council'): its directory and district group. */
  jurisdiction?: string
  /** Defaults to the jurisdiction's directory, else the bundled Chongqing directory. */
  units?: UnitDirectory
  /** Id of the directory group that stands for all district governments. */
  districtGroup?: string
}

/** A directory that knows no unit: every name is kept as written and flagged. */
export const NO_UNITS: UnitDirectory = unitDirectoryFromTsv(
  'id\tname\tfull_name\tkind\tvalid_from\tvalid_to\taliases\tgroups\tsuccessor\tsource_url\tnote\n',
  'no directory',
)

/**
 * Reads a policy document (one or several plans) into a draft for the supervision office.
 * Throws PlanImportError for empty, binary, plan-less or unit-less input. Spans index the text
 * as given (for bytes: as decoded).
 */
export function importPlans(input: string | Uint8Array, options: ImportOptions = {}): PlanDraft {
  const given = readInput(input)
  const { text, traditional } = readableText(given)
  const jurisdiction = options.jurisdiction === undefined ? undefined : JURISDICTIONS[options.jurisdiction]
  if (options.jurisdiction !== undefined && !jurisdiction)
    throw new PlanImportError(
      'unsupported',
      `unknown jurisdiction "${options.jurisdiction}"; known: ${Object.keys(JURISDICTIONS).join(', ')}`,
    )
  const assembleOptions = {
    units: options.units ?? jurisdiction?.units() ?? loadChongqingUnits(),
    districtGroup: options.districtGroup ?? jurisdiction?.districtGroup ?? CHONGQING_DISTRICT_GOVERNMENTS,
  }
  let document = segment(text)
  if (document.plans.length === 0) document = segment(text, { noticeAsTitle: true })
  const draft = assemble(text, document, assembleOptions)
  if (draft.plans.length === 0) {
    throw new PlanImportError(
      'not_a_plan',
      'no plan found: expected a title such as "…行动计划", "…实施方案", "…若干措施" or "…分工的通知" before numbered items',
    )
  }
  if (draft.plans.every((plan) => plan.items.length === 0)) {
    const context = draft.plans.reduce((n, plan) => n + (plan.context?.length ?? 0), 0)
    throw new PlanImportError(
      context > 0 ? 'no_units' : 'not_a_plan',
      context > 0
        ? `no responsible units found: ${context} numbered items, none names a unit (责任单位, 牵头单位, "X负责")`
        : 'no numbered tasks found under the plan title',
    )
  }
  for (const plan of draft.plans)
    for (const item of plan.items) item.source = given.slice(item.span.start, item.span.end)
  if (traditional)
    draft.warnings.unshift({
      code: 'traditional_text',
      message: '文件为繁体字，已按简体读取（单位名称以简体显示），原文位置不变',
    })
  return draft
}

/** A document file read and imported: the draft, and the text its spans index. */
export interface ImportedDocument {
  draft: PlanDraft
  text: string
  format: DocumentFormat
  encoding?: string
}

/**
 * Reads a document file (.txt in UTF-8/GBK/GB18030/Big5, .docx, .pdf with a text layer, .html
 * saved from a government site) and imports it. Refuses a file over 20 MB, a scanned PDF, a
 * .doc, and everything `importPlans` refuses, with a PlanImportError.
 */
export async function importDocument(
  bytes: Uint8Array,
  options: ImportOptions & { fileName?: string } = {},
): Promise<ImportedDocument> {
  const { text, format, encoding } = await documentText(bytes, options.fileName)
  const draft = importPlans(text, options)
  return { draft, text: readInput(text), format, ...(encoding ? { encoding } : {}) }
}
