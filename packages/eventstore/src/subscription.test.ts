import t from 'tap'
import type { RecordedEvent } from './contract'
import { type SubscriptionSource, startCatchUpSubscription } from './subscription'

/**
 * An in-memory log whose appends notify nobody unless the test calls `announce()` (as a store
 * announces its own commits): otherwise only polling can find them.
 */
function silentSource(pollIntervalMs: number) {
  const log: RecordedEvent[] = []
  const reads: number[] = []
  let listener = () => {}
  const source: SubscriptionSource = {
    async readAll({ after, limit }) {
      reads.push(after)
      return log.filter((e) => e.position > after).slice(0, limit)
    },
    loadCheckpoint: async () => 0,
    saveCheckpoint: async () => undefined,
    onAppended: (appended) => {
      listener = appended
      return () => undefined
    },
    pollIntervalMs,
  }
  const add = (position: number) => log.push({ position, streamId: 's' } as RecordedEvent)
  return { source, add, reads, announce: () => listener() }
}

t.test('polling finds appends made elsewhere', async (t) => {
  const { source, add } = silentSource(5)
  let caughtUp!: () => void
  const firstCatchUp = new Promise<void>((resolve) => {
    caughtUp = resolve
  })
  let delivered!: (positions: number[]) => void
  const seen = new Promise<number[]>((resolve) => {
    delivered = resolve
  })
  const subscription = startCatchUpSubscription(source, {
    handle: (batch) => delivered(batch.map((e) => e.position)),
    onCaughtUp: () => caughtUp(),
  })
  await firstCatchUp
  add(1)
  t.same(await seen, [1])
  await subscription.stop()
})

t.test('stop while waiting for appends ends the subscription', async (t) => {
  const { source } = silentSource(60_000)
  let caughtUp!: () => void
  const firstCatchUp = new Promise<void>((resolve) => {
    caughtUp = resolve
  })
  const subscription = startCatchUpSubscription(source, {
    handle: () => undefined,
    onCaughtUp: () => caughtUp(),
  })
  await firstCatchUp
  await subscription.stop()
  await t.resolves(subscription.done)
})

t.test('onCaughtUp is reported once per position reached, not on every poll', async (t) => {
  const { source, reads } = silentSource(1)
  const reported: number[] = []
  const subscription = startCatchUpSubscription(source, {
    handle: () => undefined,
    onCaughtUp: (position) => reported.push(position),
  })
  while (reads.length < 5) await new Promise((resolve) => setImmediate(resolve))
  await subscription.stop()
  t.same(reported, [0])
})

t.test('a batch size below 1 is refused', async (t) => {
  const { source } = silentSource(1)
  t.throws(() => startCatchUpSubscription(source, { batchSize: 0, handle: () => undefined }), RangeError)
})

t.test('following a live log: one read per announced append, a full batch read on at once', async (t) => {
  const { source, add, reads, announce } = silentSource(60_000)
  // Given three events in the log: a full batch, then a short one, then no empty read.
  add(1)
  add(2)
  add(3)
  const handled: number[][] = []
  let next!: () => void
  const subscription = startCatchUpSubscription(source, {
    batchSize: 2,
    handle: (batch) => {
      handled.push(batch.map((e) => e.position))
      next?.()
    },
  })
  const delivered = () =>
    new Promise<void>((resolve) => {
      next = resolve
    })
  let got = delivered()
  await got
  got = delivered()
  await got
  await new Promise((resolve) => setImmediate(resolve))
  t.same(handled, [[1, 2], [3]])
  t.same(reads, [0, 2], 'the short batch held all there was: no read after it')
  // When an event is announced, it is read and handled.
  got = delivered()
  add(4)
  announce()
  await got
  t.same(handled.at(-1), [4])
  t.same(reads, [0, 2, 3])
  await subscription.stop()
})

t.test(
  'after a handler failed, current() does not wait for a caught-up point that will not come',
  async (t) => {
    const { source, add } = silentSource(60_000)
    add(1)
    const subscription = startCatchUpSubscription(source, {
      coalesceMs: 60_000,
      handle: () => {
        throw new Error('the read-model disk is full')
      },
    })
    await t.rejects(subscription.done, /disk is full/)
    let settled = false
    await Promise.race([
      subscription.current!().then(() => {
        settled = true
      }),
      new Promise((resolve) => setTimeout(resolve, 1000)),
    ])
    t.ok(settled, 'current() resolved: a reader goes on from what was applied')
  },
)
