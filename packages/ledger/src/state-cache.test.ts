/**
 * The state cache never hides an event: a ledger whose cache holds a stream at version 2 still
 * decides on version 3 when another process wrote it; and the cache stays within its bound.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { assignmentDecider, domainEvents, planDecider, planStreamId, RegisterPlan } from '@duban/domain'
import { openSqliteEventStore } from '@duban/eventstore'
import t from 'tap'
import { fixedClock } from './clock'
import { eventCodec } from './event-codec'
import { handleCommand } from './handle-command'
import { loadState } from './load-state'
import { StateCache } from './state-cache'

const office = { userId: 'ducha-01', unitId: null, roles: ['supervision_office' as const] }
const plan = (planId: string) =>
  RegisterPlan.parse({
    type: 'RegisterPlan',
    data: {
      planId,
      title: '示范计划',
      period: { from: 2022, to: 2024 },
      sections: [{ id: 'g1', title: '示范行动' }],
    },
  })

t.test('given a cached stream, when another writer appends, then the next load sees its event', async (t) => {
  const directory = mkdtempSync(path.join(tmpdir(), 'duban-cache-'))
  const file = path.join(directory, 'ledger.sqlite')
  const storeA = openSqliteEventStore({ file })
  const storeB = openSqliteEventStore({ file })
  t.teardown(async () => {
    await storeA.close()
    await storeB.close()
    rmSync(directory, { recursive: true, force: true })
  })
  const codec = eventCodec(domainEvents)
  const clock = fixedClock('2023-01-05T02:00:00Z')
  const cached = { store: storeA, clock, codec, states: new StateCache() }
  const other = { store: storeB, clock, codec }

  await handleCommand(other, planDecider, {
    streamId: planStreamId('p1'),
    command: plan('p1'),
    actor: office,
  })
  t.match(await loadState(cached, planDecider, planStreamId('p1')), {
    version: 1,
    state: { status: 'registered' },
  })
  t.equal(cached.states.get(planDecider, planStreamId('p1'))?.version, 1, 'cached at version 1')

  const again = await handleCommand(other, planDecider, {
    streamId: planStreamId('p1'),
    command: plan('p1'),
    actor: office,
  }).catch((error: Error) => error)
  t.match(again, { code: 'conflict' }, 'the other writer sees the plan registered')

  await storeB.append(
    planStreamId('p1'),
    [
      {
        type: 'PlanRegistered',
        schemaVersion: 1,
        data: (await storeB.readStream(planStreamId('p1')))[0]!.data,
        metadata: {
          actor: 'x',
          unit: null,
          commandId: 'raw-second',
          correlationId: 'raw-second',
          causationId: 'raw-second',
          recordedAt: '2023-01-05T02:00:00.000Z',
        },
      },
    ],
    { expectedVersion: 1 },
  )
  t.equal(
    (await loadState(cached, planDecider, planStreamId('p1'))).version,
    2,
    'the cached ledger reads the new event',
  )
})

t.test('the cache keeps states per decider and drops the least recently used past its bound', async (t) => {
  const cache = new StateCache(2)
  cache.set(planDecider, 's1', { state: 'plan', version: 1 })
  cache.set(assignmentDecider, 's1', { state: 'assignment', version: 1 })
  t.equal(cache.get(planDecider, 's1')?.state, 'plan')
  t.equal(cache.get(assignmentDecider, 's1')?.state, 'assignment')
  cache.get(planDecider, 's1')
  cache.set(planDecider, 's2', { state: 'plan 2', version: 1 })
  t.equal(cache.get(assignmentDecider, 's1'), undefined, 'the least recently used entry went')
  t.equal(cache.get(planDecider, 's1')?.state, 'plan')
  t.equal(cache.get(planDecider, 's2')?.state, 'plan 2')
})

t.test(
  'a command leaves its stream cached at the version it wrote, folded as a reader decodes it',
  async (t) => {
    const directory = mkdtempSync(path.join(tmpdir(), 'duban-cache-'))
    const store = openSqliteEventStore({ file: path.join(directory, 'ledger.sqlite') })
    t.teardown(async () => {
      await store.close()
      rmSync(directory, { recursive: true, force: true })
    })
    const codec = eventCodec(domainEvents)
    const ledger = { store, clock: fixedClock('2023-01-05T02:00:00Z'), codec, states: new StateCache() }
    const result = await handleCommand(ledger, planDecider, {
      streamId: planStreamId('p1'),
      command: plan('p1'),
      actor: office,
    })
    const cached = ledger.states.get(planDecider, planStreamId('p1'))
    t.equal(cached?.version, result.nextVersion, 'cached at the version the append returned')
    // The same as folding the stream read from the log, by a ledger with no cache.
    const fromLog = await loadState({ store, codec }, planDecider, planStreamId('p1'))
    t.same(cached?.state, fromLog.state)
    t.equal(fromLog.version, 1)
  },
)
