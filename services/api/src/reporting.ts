/**
 * The API's wiring of `@duban/reporting`: the bulletin desk on the app's ledger and read models,
 * unit names from the directory as of a date, and the 台账 export streamed into a response.
 */
import { PassThrough } from 'node:stream'
import type { LedgerDeps } from '@duban/ledger'
import type { AsOfInput, ReadModels } from '@duban/read-models'
import { BulletinDesk, exportLedgerXlsx, publishedRules } from '@duban/reporting'
import type { UnitDirectory } from '@duban/units'
import type { FastifyBaseLogger } from 'fastify'

export const unitNameFrom = (units: UnitDirectory) => (unitId: string, date: string) =>
  units.periodAsOf(unitId, date)?.name ?? units.get(unitId)?.periods.at(-1)?.name ?? unitId

export function bulletinDesk(deps: { ledger: LedgerDeps; readModels: ReadModels; units: UnitDirectory }) {
  return new BulletinDesk({
    ledger: deps.ledger,
    readModels: deps.readModels,
    rules: publishedRules(),
    unitName: unitNameFrom(deps.units),
    // Counting a whole ledger takes seconds: never on the thread that answers requests.
    offThread: true,
  })
}

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/**
 * The 台账 as of a moment, as a stream to send: the moment is resolved first (a bad date is a
 * problem answer, not a broken download), then rows flow as they are read.
 */
export async function ledgerWorkbook(
  readModels: ReadModels,
  units: UnitDirectory,
  options: { asOf?: AsOfInput; planId?: string },
  log: FastifyBaseLogger,
) {
  await readModels.catchUp()
  const at = await readModels.asOf(options.asOf)
  if (options.planId !== undefined) await readModels.planDashboard(options.planId, { asOf: at.position })
  const out = new PassThrough()
  const name = unitNameFrom(units)
  exportLedgerXlsx(
    readModels.periodFacts(at),
    {
      ...(options.planId ? { planId: options.planId } : {}),
      asOf: { position: at.position, date: at.date },
      unitName: (unitId) => name(unitId, at.date),
    },
    out,
  ).catch((error: unknown) => {
    log.error({ err: error }, 'ledger export failed')
    out.destroy(error as Error)
  })
  return { stream: out, fileName: `taizhang-${options.planId ?? 'all'}-${at.date}.xlsx` }
}
