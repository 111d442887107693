import t from 'tap'
import type { StoredEvent } from './contract'
import { chainHash, GENESIS_HASH } from './hash-chain'
import { verifyLog } from './verify'

/** A correctly chained log built from (position, stream, version) triples. */
function chained(entries: [number, string, number][]): StoredEvent[] {
  let prevHash = GENESIS_HASH
  return entries.map(([position, streamId, streamVersion]) => {
    const fields = {
      eventId: `e${position}`,
      streamId,
      streamVersion,
      type: 'T',
      schemaVersion: 1,
      dataJson: '{}',
      metadataJson: '{}',
    }
    const hash = chainHash(prevHash, fields)
    const event = { ...fields, position, prevHash, hash }
    prevHash = hash
    return event
  })
}

function storeOf(log: StoredEvent[]) {
  return {
    async readAllStored({ after, limit }: { after: number; limit: number }) {
      return log.filter((e) => e.position > after).slice(0, limit)
    },
  }
}

t.test('an empty log verifies', async (t) => {
  t.same(await verifyLog(storeOf([])), {
    ok: true,
    events: 0,
    streams: 0,
    headHash: GENESIS_HASH,
    headPosition: 0,
  })
})

t.test('gaps in positions are fine, gaps in stream versions are not', async (t) => {
  const sparse = chained([
    [1, 'a', 1],
    [5, 'b', 1],
    [9, 'a', 2],
  ])
  t.match(await verifyLog(storeOf(sparse), { batchSize: 1 }), { ok: true, events: 3, streams: 2 })
  const gap = chained([
    [1, 'a', 1],
    [2, 'a', 3],
  ])
  t.match(await verifyLog(storeOf(gap)), {
    ok: false,
    position: 2,
    streamId: 'a',
    problem: /jumps from version 1/,
  })
  const notFromOne = chained([[1, 'a', 2]])
  t.match(await verifyLog(storeOf(notFromOne)), { ok: false, position: 1, problem: /version 0 to 2/ })
})

t.test('positions must increase', async (t) => {
  const log = chained([
    [3, 'a', 1],
    [2, 'b', 1],
  ])
  // A store that ignores `after` once, as a broken adapter might.
  const store = { readAllStored: async ({ after }: { after: number }) => (after === 0 ? log : []) }
  t.match(await verifyLog(store), { ok: false, position: 2, problem: /does not follow position 3/ })
})

t.test('a walk in time slices gives the event loop turns inside a batch, and finds the same', async (t) => {
  // Given a log of 50 events, read in one batch.
  const log = chained(
    Array.from({ length: 50 }, (_, i): [number, string, number] => [
      i + 1,
      `s${i % 5}`,
      Math.floor(i / 5) + 1,
    ]),
  )
  // When it is walked in slices of 0 ms (a turn before every event) while something else waits
  // for its turns of the loop, as a request would.
  let turns = 0
  let walking = true
  const waiter = () => {
    if (!walking) return
    turns += 1
    setImmediate(waiter)
  }
  setImmediate(waiter)
  const sliced = await verifyLog(storeOf(log), { batchSize: 1000, sliceMs: 0 })
  walking = false
  // Then the waiter had a turn at every event, and the result is the unsliced walk's.
  t.ok(turns >= 50, `${turns} turns for 50 events`)
  t.same(sliced, await verifyLog(storeOf(log), { batchSize: 1000 }))
  t.match(sliced, { ok: true, events: 50, streams: 5 })
})
