/**
 * Every event is checked against its schema on the way in: a command whose decider would write
 * an event that cannot be read back is refused with a clear error, and nothing is written.
 */
import { type Decider, DomainError, domainEvents } from '@duban/domain'
import { openMemoryEventStore } from '@duban/eventstore'
import t from 'tap'
import { fixedClock } from './clock'
import { eventCodec } from './event-codec'
import { handleCommand } from './handle-command'

const office = { userId: 'ducha-01', unitId: null, roles: ['supervision_office' as const] }
const metadata = {
  actor: 'ducha-01',
  unit: null,
  commandId: 'c1',
  correlationId: 'c1',
  causationId: 'c1',
  recordedAt: '2023-01-01T00:00:00.000Z',
}

const plan = (title: string) => ({
  type: 'PlanRegistered',
  data: {
    planId: '2022-demo',
    title: '示范计划',
    period: { from: 2022, to: 2024 },
    sections: [{ id: 'g1', title }],
    reportingPolicy: { cadence: 'quarterly', dueWorkingDay: 5 },
    goals: [],
  },
})

t.test('the codec encodes an event that reads back, and refuses one that would not', async (t) => {
  const codec = eventCodec(domainEvents)
  const encoded = codec.encode(plan('主要任务'), metadata)
  t.equal(encoded.type, 'PlanRegistered')
  t.equal(encoded.schemaVersion, domainEvents.schemaVersionOf('PlanRegistered'))

  const refusal = (() => {
    try {
      codec.encode(plan(''), metadata)
    } catch (error) {
      return error
    }
  })()
  t.type(refusal, DomainError)
  t.equal((refusal as DomainError).code, 'invalid', 'a 422 at the API')
  t.match((refusal as Error).message, /PlanRegistered event that cannot be read back: sections\.0\.title/)
  t.throws(
    () => codec.encode({ type: 'NoSuchEvent', data: {} }, metadata),
    /cannot be read back: unknown event type/,
  )
})

t.test(
  'given a decider that decides an unreadable event, when handled, then nothing is written',
  async (t) => {
    const store = openMemoryEventStore()
    t.teardown(() => store.close())
    const ledger = { store, clock: fixedClock('2023-01-01T00:00:00Z'), codec: eventCodec(domainEvents) }
    const careless: Decider<null, { title: string }, { type: string; data: unknown }> = {
      initialState: () => null,
      evolve: (state) => state,
      decide: (command) => [plan(command.title)],
    }
    await t.rejects(
      handleCommand(ledger, careless, { streamId: 'plan-2022-demo', command: { title: ' ' }, actor: office }),
      { name: 'DomainError', code: 'invalid' },
    )
    t.equal(await store.headPosition(), 0, 'nothing written')
    const written = await handleCommand(ledger, careless, {
      streamId: 'plan-2022-demo',
      command: { title: '主要任务' },
      actor: office,
    })
    t.equal(written.events.length, 1, 'a readable event is written')
    t.equal(await store.headPosition(), 1)
  },
)
