import { openSqliteEventStore, type RecordedEvent } from '@duban/eventstore'
import Database from 'better-sqlite3'
import t, { type Test } from 'tap'
import type { Projection } from './projection'
import { ProjectionError, ProjectionRunner, type ProjectionSource } from './runner'
import { dumpReadModel } from './testing/dump'
import { exampleProjections, reviewedItems, streamVersions } from './testing/example-projections'
import { openStore, scratch } from './testing/fixture'
import { seedStore, syntheticTypes } from './testing/synthetic-log'

const path = await scratch(t.teardown)
const store = openStore(path('log.db'))
t.teardown(() => store.close())
await seedStore(store, 3000)

async function freshRebuild(name: string, projections: readonly Projection[] = exampleProjections) {
  const runner = ProjectionRunner.open(path(name), { store, projections })
  await runner.catchUp()
  const dump = dumpReadModel(runner.db)
  await runner.close()
  return dump
}

const reference = await freshRebuild('reference.db')

t.test('catch-up reads the whole log in batches and checkpoints the head', async (t) => {
  const runner = ProjectionRunner.open(path('catch-up.db'), {
    store,
    projections: exampleProjections,
    batchSize: 128,
    eventsPerCommit: 128,
  })
  const seen: number[] = []
  const reached = await runner.catchUp({ onProgress: ({ events }) => seen.push(events) })
  t.equal(reached, 3000)
  t.equal(seen.length, Math.ceil(3000 / 128), 'one progress report per commit, here per batch')
  t.equal(seen.at(-1), 3000)
  t.same(dumpReadModel(runner.db), reference, 'batch size does not change the result')
  const reviewed = runner.db.prepare('SELECT sum(reviews) AS n FROM reviewed_items').get() as { n: number }
  const typed = runner.db
    .prepare("SELECT count FROM events_per_type WHERE type = 'ItemReviewed' AND valid_to_position IS NULL")
    .get() as { count: number }
  t.equal(reviewed.n, typed.count, 'a projection sees exactly the types it handles')
  await runner.close()
})

t.test('far behind the head, batches share a commit; a short batch commits at once', async (t) => {
  const runner = ProjectionRunner.open(path('grouped.db'), {
    store,
    projections: exampleProjections,
    batchSize: 100,
    eventsPerCommit: 700,
  })
  const committed: number[] = []
  const other = new Database(path('grouped.db'), { readonly: true })
  t.teardown(() => other.close())
  await runner.catchUp({
    onProgress: ({ position }) => {
      const seen = other
        .prepare("SELECT position FROM projection_state WHERE name = '$log-days'")
        .pluck()
        .get()
      committed.push(position)
      t.equal(seen, position, `another connection sees ${position} once it is reported`)
    },
  })
  t.same(committed, [700, 1400, 2100, 2800, 3000])
  t.same(dumpReadModel(runner.db), reference, 'the grouping does not change the result')
  await runner.close()
})

t.test('a sliced catch-up gives the event loop its turn inside a batch whose events are slow', async (t) => {
  // Given a projection whose every event takes 2 ms of synchronous work, and one batch of 100
  // events (200 ms of work).
  let applied = 0
  const slow: Projection = {
    ...streamVersions,
    apply(db, event) {
      const until = performance.now() + 2
      while (performance.now() < until);
      streamVersions.apply(db, event)
      applied += 1
    },
  }
  // The log as far as its 100th event.
  const first100: ProjectionSource = {
    ...store,
    readAllStored: (options) =>
      store.readAllStored({ ...options, limit: Math.max(0, Math.min(options.limit, 100 - options.after)) }),
  }
  const runner = ProjectionRunner.open(path('sliced.db'), {
    store: first100,
    projections: [slow],
    batchSize: 1000,
  })
  t.teardown(() => runner.close())
  // When it catches up in slices of 5 ms while something else waits for its turn of the loop
  // (as a request would).
  const seenBetween: number[] = []
  let waiting = true
  const waiter = () => {
    if (!waiting) return
    seenBetween.push(applied)
    setImmediate(waiter)
  }
  setImmediate(waiter)
  const reached = await runner.catchUp({ sliceMs: 5 })
  waiting = false
  // Then every event is applied once, and the waiter had turns while the batch was half done.
  t.equal(reached, 100)
  t.equal(applied, 100)
  const midBatch = seenBetween.filter((n) => n > 0 && n < 100)
  t.ok(midBatch.length >= 3, `turns of the loop inside the one batch: ${midBatch.length}`)
  t.ok(
    midBatch.every((n, i) => i === 0 || n > midBatch[i - 1]!),
    'each turn comes after more of the batch is done',
  )
})

t.test('lag is head minus checkpoint, per projection', async (t) => {
  const runner = ProjectionRunner.open(path('lag.db'), { store, projections: exampleProjections })
  t.same(
    (await runner.lag()).map(({ name, checkpoint, lag }) => [name, checkpoint, lag]),
    exampleProjections.map(({ name }) => [name, 0, 3000]),
  )
  await runner.catchUp()
  t.same(
    (await runner.lag()).map(({ lag, head }) => [lag, head]),
    exampleProjections.map(() => [0, 3000]),
  )
  await runner.close()
})

t.test('a throwing projection rolls back to the last commit; resuming gives the full result', async (t) => {
  let failOn: number | undefined = 1234
  const flaky: Projection = {
    ...streamVersions,
    apply(db, event) {
      if (event.position === failOn) throw new Error('boom')
      streamVersions.apply(db, event)
    },
  }
  const projections = [flaky, ...exampleProjections.slice(1)]
  const file = path('flaky.db')
  const runner = ProjectionRunner.open(file, { store, projections, batchSize: 500, eventsPerCommit: 1000 })
  const error = await runner.catchUp().catch((caught: unknown) => caught)
  t.type(error, ProjectionError)
  t.match(error, { projection: 'stream-versions', position: 1234 })
  t.same(
    (await runner.lag()).map(({ checkpoint }) => checkpoint),
    [1000, 1000, 1000],
    'the batches since the last commit are undone, for every projection',
  )
  t.equal(runner.db.inTransaction, false, 'no transaction is left open')
  t.equal(
    (runner.db.prepare('SELECT max(valid_from_position) AS p FROM stream_versions').get() as { p: number }).p,
    1000,
    'no row after the last commit remains',
  )
  failOn = undefined
  await runner.catchUp()
  t.same(dumpReadModel(runner.db), reference)
  await runner.close()
})

t.test('a version bump drops what the old version made and rebuilds from 0', async (t) => {
  const file = path('bump.db')
  const old = ProjectionRunner.open(file, { store, projections: [reviewedItems] })
  await old.catchUp()
  await old.close()

  const renamed: Projection = {
    ...reviewedItems,
    version: 2,
    setup: (db) => db.exec('CREATE TABLE reviews_v2 (stream_id TEXT PRIMARY KEY, reviews INTEGER NOT NULL)'),
    apply(db, event) {
      db.prepare(
        `INSERT INTO reviews_v2 (stream_id, reviews) VALUES (?, 1)
         ON CONFLICT (stream_id) DO UPDATE SET reviews = reviews + 1`,
      ).run(event.streamId)
    },
  }
  const runner = ProjectionRunner.open(file, { store, projections: [renamed] })
  const tables = () =>
    runner.db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'review%' ORDER BY name").pluck().all()
  t.same(tables(), ['reviews_v2'], 'the old table is gone')
  t.same(await runner.lag(), [{ name: 'reviewed-items', version: 2, checkpoint: 0, head: 3000, lag: 3000 }])
  await runner.catchUp()
  const total = runner.db.prepare('SELECT sum(reviews) AS n FROM reviews_v2').get() as { n: number }
  t.equal(
    total.n,
    (reference['reviewed_items'] as { reviews: number }[]).reduce((sum, row) => sum + row.reviews, 0),
  )
  await runner.close()

  const same = ProjectionRunner.open(file, { store, projections: [renamed] })
  t.equal((await same.lag())[0]?.checkpoint, 3000, 'the same version reopens without a rebuild')
  await same.close()
})

t.test('rebuild on demand reports progress and ends where a fresh build ends', async (t) => {
  const runner = ProjectionRunner.open(path('rebuild.db'), {
    store,
    projections: exampleProjections,
    batchSize: 1000,
    eventsPerCommit: 1000,
  })
  await runner.catchUp()
  const progress: string[] = []
  await runner.rebuild('events-per-type', {
    onProgress: ({ position, head }) => progress.push(`${position}/${head}`),
  })
  t.same(progress, ['1000/3000', '2000/3000', '3000/3000'])
  t.same(dumpReadModel(runner.db), reference)
  await runner.rebuild()
  t.same(dumpReadModel(runner.db), reference, 'rebuilding everything, date index included')
  await t.rejects(runner.rebuild('nope'), /no projection named nope/)
  await runner.close()
})

t.test('live following applies new appends after catching up', async (t) => {
  const liveStore = openStore(path('live-log.db'))
  t.teardown(() => liveStore.close())
  await seedStore(liveStore, 1000)
  const runner = ProjectionRunner.open(path('live.db'), { store: liveStore, projections: exampleProjections })
  const subscription = await runner.start()
  t.equal((await runner.lag())[0]?.lag, 0)

  await seedStore(liveStore, 2000, { from: 1000, perCommit: 100 })
  // A rebuild while following: live batches skip the projection until its own catch-up reaches them.
  await runner.rebuild('stream-versions')
  const deadline = Date.now() + 10_000
  while ((await runner.lag()).some(({ lag }) => lag > 0) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  t.same(
    (await runner.lag()).map(({ lag }) => lag),
    [0, 0, 0],
  )
  t.same(dumpReadModel(runner.db), reference, 'same rows as a build from the finished log')
  await runner.stop()
  await subscription.done
  await runner.close()
})

t.test(
  'following with coalesceMs: commits wait to be applied together; current() applies them at once',
  async (t) => {
    // Polled once a minute: only a commit's notification or current() makes the runner read.
    const liveStore = openSqliteEventStore({ file: path('coalesced-log.db'), pollIntervalMs: 60_000 })
    t.teardown(() => liveStore.close())
    await seedStore(liveStore, 1000)
    const runner = ProjectionRunner.open(path('coalesced.db'), {
      store: liveStore,
      projections: exampleProjections,
    })
    await runner.current() // not following yet: at once
    const subscription = await runner.start({ coalesceMs: 60_000 })
    await runner.current()
    await seedStore(liveStore, 2000, { from: 1000, perCommit: 100 })
    t.ok(
      (await runner.lag()).every(({ lag }) => lag === 2000),
      'twenty commits acknowledged, none applied yet: the read is put off',
    )
    await runner.current()
    t.same(
      (await runner.lag()).map(({ lag }) => lag),
      [0, 0, 0],
      'current() read and applied them',
    )
    t.same(dumpReadModel(runner.db), reference, 'same rows as a build from the finished log')
    await runner.stop()
    await subscription.done
    await runner.close()
  },
)

/**
 * A runner following a log of 1,000 events, refollowing 10 ms after a storage failure, whose one
 * projection is stream-versions with `fails(event)` run first: it throws when that returns an error.
 */
async function runnerFailingOn(t: Test, name: string, fails: (event: RecordedEvent) => Error | undefined) {
  const liveStore = openSqliteEventStore({ file: path(`${name}-log.db`), pollIntervalMs: 60_000 })
  t.teardown(() => liveStore.close())
  await seedStore(liveStore, 1000)
  const failing: Projection = {
    ...streamVersions,
    apply(db, event) {
      const error = fails(event)
      if (error) throw error
      streamVersions.apply(db, event)
    },
  }
  const runner = ProjectionRunner.open(path(`${name}.db`), {
    store: liveStore,
    projections: [failing],
    refollowMs: 10,
  })
  return { liveStore, runner, first: await runner.start() }
}

t.test(
  'a read-model write failing for lack of space: the runner follows again once it succeeds',
  async (t) => {
    // Fails like a full disk on the first two live batches, then writes again.
    let failures = 2
    const { liveStore, runner, first } = await runnerFailingOn(t, 'refollow', (event) => {
      if (event.position <= 1000 || failures === 0) return undefined
      failures -= 1
      return Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
    })
    await seedStore(liveStore, 2000, { from: 1000, perCommit: 100 })
    await t.rejects(first.done, ProjectionError, 'the first live batch failed')
    await runner.current() // does not wait for a subscription that has ended
    const deadline = Date.now() + 10_000
    while ((await runner.lag())[0]!.lag > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    t.equal(failures, 0, 'it failed twice')
    t.equal((await runner.lag())[0]!.lag, 0, 'and then caught up by itself')
    const versions = runner.db
      .prepare('SELECT count(*) AS n FROM stream_versions WHERE valid_to_position IS NULL')
      .get() as { n: number }
    t.ok(versions.n > 0)
    await runner.close()
  },
)

t.test('a projection that throws for another reason is not followed again', async (t) => {
  const { liveStore, runner, first } = await runnerFailingOn(t, 'no-refollow', (event) =>
    event.position > 1000 ? new Error('a bug in the projection') : undefined,
  )
  await seedStore(liveStore, 100, { from: 1000, perCommit: 100 })
  await t.rejects(first.done, ProjectionError)
  await new Promise((resolve) => setTimeout(resolve, 100))
  t.equal((await runner.lag())[0]!.lag, 100, 'it stays where it stopped: a bug is not retried')
  await runner.close()
})

t.test('projection names are unique and $-names are the runner’s', async (t) => {
  t.throws(
    () => ProjectionRunner.open(path('names.db'), { store, projections: [reviewedItems, reviewedItems] }),
    /taken or reserved/,
  )
  t.throws(
    () =>
      ProjectionRunner.open(path('names.db'), {
        store,
        projections: [{ ...reviewedItems, name: '$log-days' }],
      }),
    /taken or reserved/,
  )
})

t.test('catching up, the next read is sent before the batch in hand is applied', async (t) => {
  // A server store's client sends a query only on a later tick (node-postgres's pool hands out
  // its connection on process.nextTick): the runner must give it that tick before its
  // synchronous apply, or reading and applying never overlap.
  const timeline: string[] = []
  const deferredStore = {
    ...store,
    headPosition: () => store.headPosition(),
    readStream: store.readStream.bind(store),
    subscribe: store.subscribe.bind(store),
    readAllStored: (options: { after: number; limit: number }) =>
      new Promise<Awaited<ReturnType<typeof store.readAllStored>>>((resolve, reject) => {
        process.nextTick(() => {
          timeline.push(`sent after ${options.after}`)
          store.readAllStored(options).then(resolve, reject)
        })
      }),
  }
  const applying: Projection = {
    name: 'applying',
    version: 1,
    handles: syntheticTypes,
    setup: () => undefined,
    apply: (_db, event) => {
      if ((event.position - 1) % 1000 === 0) timeline.push(`apply from ${event.position - 1}`)
    },
  }
  const runner = ProjectionRunner.open(path('overlap.db'), {
    store: deferredStore,
    projections: [applying],
    batchSize: 1000,
  })
  t.equal(await runner.catchUp(), 3000)
  await runner.close()
  t.same(timeline, [
    'sent after 0',
    'sent after 1000',
    'apply from 0',
    'sent after 2000',
    'apply from 1000',
    'sent after 3000',
    'apply from 2000',
  ])
})
