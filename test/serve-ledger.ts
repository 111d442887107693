/**
 * A real API server on an embedded ledger and its read models, for the cross-package tests that
 * compare what the pages, `/views` and the documents say: listening on a free port, closed (with
 * its ledger and data dir) when the test ends.
 */
import { rmSync } from 'node:fs'
import { createServer } from '@duban/api'
import type { Clock, DistrictsAsOf } from '@duban/ledger'
import { type EmbeddedLedger, openEmbeddedReadModels } from '@duban/runtime'
import type { UnitDirectory } from '@duban/units'
import type { Test } from 'tap'

export async function serveLedger(
  t: Pick<Test, 'teardown'>,
  options: {
    dataDir: string
    embedded: EmbeddedLedger
    clock: Clock
    units: UnitDirectory
    districtsAsOf: DistrictsAsOf
    /** 0 turns off load shedding's event-loop check (a test that holds the loop on purpose). */
    maxEventLoopDelayMs?: number
  },
) {
  const { dataDir, embedded, clock, units, districtsAsOf } = options
  const readModels = openEmbeddedReadModels({ dataDir }, embedded.store, clock)
  await readModels.start()
  const server = await createServer(
    {
      logLevel: 'silent',
      bodyLimit: 1_048_576,
      ...(options.maxEventLoopDelayMs !== undefined && {
        overload: { maxEventLoopDelayMs: options.maxEventLoopDelayMs },
      }),
    },
    {
      store: embedded.store,
      storeKind: 'sqlite',
      clock,
      ledger: embedded.ledger,
      drafts: embedded.drafts,
      attachments: embedded.attachments,
      users: embedded.users,
      readModels,
      units,
      districtsAsOf,
    },
  )
  const url = await server.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(async () => {
    await server.close()
    await readModels.close()
    await embedded.close()
    rmSync(dataDir, { recursive: true, force: true })
  })
  return { url, readModels }
}
