/**
 * A real API server on an embedded ledger and its read models, for the cross-package tests that
 * compare what the pages, `/views` and the documents say: listening on a free port, closed (with
 * its ledger and data dir) when the test ends.
 */
import { rmSync } from 'node:fs'
import { createServer } from '@duban/api'
import type { Clock, DistrictsAsOf } from '@duban/ledger'
import { type EmbeddedLedger, openEmbeddedReadModels, type UserRole } from '@duban/runtime'
import type { UnitDirectory } from '@duban/units'
import type { Test } from 'tap'

const OFFICE_UNIT = 'cq-zhengfubangongting'
const PASSWORD = 'a served ledger for the cross-package tests'

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
  /** An account of the supervision office's unit, made on the served ledger and signed in: its bearer token. */
  const signIn = async (user: { id: string; displayName: string; roles: UserRole[] }) => {
    await embedded.users.createUser({ ...user, unitId: OFFICE_UNIT, password: PASSWORD })
    const response = await fetch(`${url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: user.id, password: PASSWORD }),
    })
    return ((await response.json()) as { token: string }).token
  }
  return { url, readModels, signIn }
}
