/**
 * The contract every `EventStore` adapter must pass unchanged. Each subtest opens its own store
 * and writes to streams with fresh ids, so it holds for a store that is not empty.
 */
import { randomUUID } from 'node:crypto'
import type { Test } from 'tap'
import type { EventMetadata, EventStore, NewEvent, RecordedEvent } from './contract'
import { InvalidAppendError, WrongExpectedVersionError } from './errors'
import { verifyLog } from './verify'

export interface OpenedStore {
  store: EventStore
  cleanup(): Promise<void>
}

export function eventStoreContract(t: Test, adapterName: string, open: () => Promise<OpenedStore>): void {
  async function withStore(t: Test, body: (store: EventStore) => Promise<void>): Promise<void> {
    const opened = await open()
    t.teardown(() => opened.cleanup())
    await body(opened.store)
  }

  t.test(`${adapterName}: expected-version semantics`, (t) =>
    withStore(t, async (store) => {
      const stream = freshStream('version')
      await rejectsWith(
        t,
        store.append(stream, [event('c1')], { expectedVersion: 1 }),
        0,
        'missing stream, version 1',
      )
      const first = await store.append(stream, [event(`a-${stream}`), event(`a-${stream}`)], {
        expectedVersion: 'no_stream',
      })
      t.equal(first.nextVersion, 2, 'no_stream creates the stream')
      t.same(
        first.events.map((e) => e.streamVersion),
        [1, 2],
      )
      t.equal(first.duplicate, false)
      await rejectsWith(
        t,
        store.append(stream, [event(`b-${stream}`)], { expectedVersion: 'no_stream' }),
        2,
        'no_stream on an existing stream',
      )
      await rejectsWith(
        t,
        store.append(stream, [event(`b-${stream}`)], { expectedVersion: 1 }),
        2,
        'stale version',
      )
      const exact = await store.append(stream, [event(`b-${stream}`)], { expectedVersion: 2 })
      t.equal(exact.nextVersion, 3, 'the exact version appends')
      const any = await store.append(stream, [event(`c-${stream}`)], { expectedVersion: 'any' })
      t.equal(any.nextVersion, 4, "'any' appends without a check")
      const read = await store.readStream(stream)
      t.same(
        read.map((e) => e.streamVersion),
        [1, 2, 3, 4],
      )
      t.same(
        (await store.readStream(stream, { afterVersion: 1, toVersion: 3 })).map((e) => e.streamVersion),
        [2, 3],
        'readStream honours afterVersion and toVersion',
      )
      t.same(await store.readStream(freshStream('absent')), [], 'a missing stream reads empty')
    }),
  )

  t.test(`${adapterName}: invalid appends`, (t) =>
    withStore(t, async (store) => {
      const stream = freshStream('invalid')
      const any = { expectedVersion: 'any' } as const
      await t.rejects(store.append(stream, [], any), InvalidAppendError, 'an empty append')
      await t.rejects(store.append('', [event('x1')], any), InvalidAppendError, 'an empty stream id')
      const noActor = { ...event('x2'), metadata: { ...metadata('x2'), actor: '' } }
      await t.rejects(store.append(stream, [noActor], any), InvalidAppendError, 'metadata without an actor')
      const extraField = { ...event('x3'), metadata: { ...metadata('x3'), role: 'admin' } as EventMetadata }
      await t.rejects(
        store.append(stream, [extraField], any),
        InvalidAppendError,
        'metadata with an unknown field',
      )
      await t.rejects(
        store.append(stream, [event('x4')], { expectedVersion: 0 }),
        InvalidAppendError,
        'expected version 0',
      )
      t.same(await store.readStream(stream), [], 'nothing was written')
    }),
  )

  t.test(`${adapterName}: two writers with the same expected version`, (t) =>
    withStore(t, async (store) => {
      const stream = freshStream('race')
      await store.append(stream, [event(`seed-${stream}`)], { expectedVersion: 'no_stream' })
      const outcomes = await Promise.allSettled([
        store.append(stream, [event(`w1-${stream}`)], { expectedVersion: 1 }),
        store.append(stream, [event(`w2-${stream}`)], { expectedVersion: 1 }),
      ])
      const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled')
      const losers = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []))
      t.equal(winners.length, 1, 'exactly one writer wins')
      t.equal(losers.length, 1, 'the other loses')
      t.type(losers[0], WrongExpectedVersionError)
      t.equal((losers[0] as WrongExpectedVersionError).actual, 2, 'the loser learns the current version')
      const read = await store.readStream(stream)
      t.same(
        read.map((e) => e.streamVersion),
        [1, 2],
        'one event each: nothing lost, nothing duplicated',
      )
    }),
  )

  t.test(`${adapterName}: a retried command id`, (t) =>
    withStore(t, async (store) => {
      const stream = freshStream('retry')
      const commandId = `cmd-${stream}`
      const events = [event(commandId), event(commandId)]
      const first = await store.append(stream, events, { expectedVersion: 'no_stream' })
      // A client retrying after a lost response still sends its original expected version.
      const retried = await store.append(stream, events, { expectedVersion: 'no_stream' })
      t.equal(retried.duplicate, true, 'the retry is flagged as a duplicate')
      t.equal(retried.nextVersion, first.nextVersion)
      t.same(retried.events, first.events, 'the retry returns the first events')
      const [concurrentA, concurrentB] = await Promise.all([
        store.append(stream, [event(`twice-${stream}`)], { expectedVersion: 2 }),
        store.append(stream, [event(`twice-${stream}`)], { expectedVersion: 2 }),
      ])
      t.same(
        [concurrentA.duplicate, concurrentB.duplicate].sort(),
        [false, true],
        'of two concurrent sends, one writes',
      )
      t.same(concurrentA.events, concurrentB.events)
      t.same(
        (await store.readStream(stream)).map((e) => e.metadata.commandId),
        [commandId, commandId, `twice-${stream}`],
        'one set of events per command',
      )
    }),
  )

  t.test(`${adapterName}: readAll order and batching across streams`, (t) =>
    withStore(t, async (store) => {
      const streams = [freshStream('all-a'), freshStream('all-b'), freshStream('all-c')]
      const start = await store.headPosition()
      const written: string[] = []
      for (let round = 0; round < 4; round++) {
        for (const stream of streams) {
          const result = await store.append(stream, [event(`${stream}-${round}`)], { expectedVersion: 'any' })
          written.push(...result.events.map((e) => e.eventId))
        }
      }
      t.equal(await store.headPosition(), (await readAfter(store, start, 5)).at(-1)?.position)
      const pages: RecordedEvent[][] = []
      let after = start
      for (;;) {
        const page = await store.readAll({ after, limit: 5 })
        if (page.length === 0) break
        pages.push(page)
        after = page.at(-1)!.position
      }
      t.ok(
        pages.every((page) => page.length <= 5),
        'no page exceeds its limit',
      )
      const read = pages.flat()
      t.same(
        read.filter((e) => streams.includes(e.streamId)).map((e) => e.eventId),
        written,
        'events come back in append order',
      )
      t.ok(
        read.every((e, i) => i === 0 || e.position > read[i - 1]!.position),
        'positions strictly increase',
      )
    }),
  )

  t.test(`${adapterName}: subscription stopped and restarted resumes after its checkpoint`, (t) =>
    withStore(t, async (store) => {
      const stream = freshStream('resume')
      const checkpoint = `checkpoint-${stream}`
      t.equal(await store.loadCheckpoint(checkpoint), 0, 'a new checkpoint is at 0')
      await appendMany(store, stream, 0, 10)
      const seen: number[] = []

      let stopAfterTwoBatches!: () => void
      const twoBatchesHandled = new Promise<void>((resolve) => {
        stopAfterTwoBatches = resolve
      })
      let batches = 0
      const first = store.subscribe({
        checkpoint,
        batchSize: 3,
        handle(batch) {
          seen.push(...ours(batch, stream))
          if (++batches === 2) stopAfterTwoBatches()
        },
      })
      await twoBatchesHandled
      await first.stop()
      await first.done
      t.ok(seen.length > 0 && seen.length < 10, 'the first subscription stopped part-way')
      t.ok((await store.loadCheckpoint(checkpoint)) >= seen.at(-1)!, 'its checkpoint covers what it handled')

      await appendMany(store, stream, 10, 5)
      const head = await store.headPosition()
      const second = store.subscribe({
        checkpoint,
        batchSize: 3,
        handle(batch) {
          seen.push(...ours(batch, stream))
        },
      })
      await caughtUpTo(store, checkpoint, head)
      await second.stop()
      const expected = (await store.readStream(stream)).map((e) => e.position)
      t.equal(expected.length, 15)
      t.same(seen, expected, 'every event once, in order: none missed, none repeated')
    }),
  )

  t.test(`${adapterName}: subscription follows live appends`, (t) =>
    withStore(t, async (store) => {
      const stream = freshStream('live')
      const head = await store.headPosition()
      const received: RecordedEvent[] = []
      let caughtUp!: () => void
      const isCaughtUp = new Promise<void>((resolve) => {
        caughtUp = resolve
      })
      let sawLiveEvents!: () => void
      const liveEventsSeen = new Promise<void>((resolve) => {
        sawLiveEvents = resolve
      })
      const subscription = store.subscribe({
        after: head,
        handle(batch) {
          received.push(...batch.filter((e) => e.streamId === stream))
          if (received.length >= 3) sawLiveEvents()
        },
        onCaughtUp: () => caughtUp(),
      })
      await isCaughtUp
      await appendMany(store, stream, 0, 2)
      await store.append(stream, [event(`late-${stream}`)], { expectedVersion: 2 })
      await liveEventsSeen
      await subscription.stop()
      await subscription.done
      t.same(
        received.map((e) => e.streamVersion),
        [1, 2, 3],
        'appends made after catching up are delivered',
      )
    }),
  )

  t.test(`${adapterName}: a failing handler rejects done`, (t) =>
    withStore(t, async (store) => {
      const stream = freshStream('failing')
      await appendMany(store, stream, 0, 1)
      const subscription = store.subscribe({
        after: (await store.headPosition()) - 1,
        handle() {
          throw new Error('projection broke')
        },
      })
      await t.rejects(subscription.done, { message: 'projection broke' })
      await subscription.stop()
    }),
  )

  t.test(`${adapterName}: the hash chain verifies`, (t) =>
    withStore(t, async (store) => {
      const stream = freshStream('chain')
      await appendMany(store, stream, 0, 6)
      await store.append(freshStream('chain-other'), [event(`o-${stream}`)], { expectedVersion: 'no_stream' })
      const log = await readAfter(store, 0, 100)
      t.ok(
        log.every((e, i) => i === 0 || e.prevHash === log[i - 1]!.hash),
        'each event links to the one before it',
      )
      const progress: number[] = []
      const result = await verifyLog(store, { batchSize: 4, onProgress: (p) => progress.push(p.events) })
      t.match(result, { ok: true, headHash: log.at(-1)!.hash })
      if (result.ok) t.equal(result.events, log.length, 'every event was checked')
      t.ok(progress.length >= 2, 'progress is reported per batch')
    }),
  )
}

function freshStream(purpose: string): string {
  return `contract-${purpose}-${randomUUID()}`
}

function metadata(commandId: string): EventMetadata {
  return {
    actor: 'user:contract-suite',
    unit: null,
    commandId,
    correlationId: commandId,
    causationId: commandId,
    recordedAt: '2024-03-01T08:00:00.000Z',
  }
}

function event(commandId: string, data: unknown = { commandId }): NewEvent {
  return { type: 'ContractTested', schemaVersion: 1, data, metadata: metadata(commandId) }
}

async function appendMany(store: EventStore, stream: string, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) {
    await store.append(stream, [event(`${stream}-${i}`, { i })], {
      expectedVersion: i === 0 ? 'no_stream' : i,
    })
  }
}

async function readAfter(store: EventStore, after: number, limit: number): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = []
  for (let position = after; ; ) {
    const page = await store.readAll({ after: position, limit })
    if (page.length === 0) return all
    all.push(...page)
    position = page.at(-1)!.position
  }
}

function ours(batch: RecordedEvent[], stream: string): number[] {
  return batch.filter((e) => e.streamId === stream).map((e) => e.position)
}

async function rejectsWith(
  t: Test,
  append: Promise<unknown>,
  actual: number,
  message: string,
): Promise<void> {
  const error = await append.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  t.type(error, WrongExpectedVersionError, message)
  t.equal((error as WrongExpectedVersionError | undefined)?.actual, actual, `${message}: actual version`)
}

/** Waits, without a timer of its own, until the subscription has checkpointed the given position. */
async function caughtUpTo(store: EventStore, checkpoint: string, position: number): Promise<void> {
  while ((await store.loadCheckpoint(checkpoint)) < position)
    await new Promise((resolve) => setImmediate(resolve))
}
