import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type EventStore, openSqliteEventStore } from '@duban/eventstore'

/** A temporary directory for one test file, removed at its end. */
export async function scratch(
  teardown: (fn: () => Promise<void>) => void,
): Promise<(name: string) => string> {
  const directory = await mkdtemp(join(tmpdir(), 'duban-projections-'))
  teardown(() => rm(directory, { recursive: true, force: true }))
  return (name) => join(directory, name)
}

export function openStore(file: string): EventStore {
  return openSqliteEventStore({ file, pollIntervalMs: 50 })
}
