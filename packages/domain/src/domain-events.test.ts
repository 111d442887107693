import t from 'tap'
import { domainEvents } from './domain-events'
import { UnknownEventError } from './event-schema'

const stream = { taskId: 'cq-trade.1', unitId: 'yuzhong' }

t.test('a stored v1 ReminderSent reads as a manual reminder of the current version', async (t) => {
  t.equal(domainEvents.schemaVersionOf('ReminderSent'), 2)
  const storedV1 = { ...stream, reminderId: 'm1', message: '请尽快报送一季度进展' }
  t.same(domainEvents.decode('ReminderSent', 1, storedV1), {
    type: 'ReminderSent',
    data: { ...storedV1, kind: 'manual' },
  })
})

t.test('new events are written at the current version, validated', async (t) => {
  const reminder = { ...stream, reminderId: 'r1', kind: 'due_soon' as const, policyVersion: 'ladder-2022.1' }
  t.same(domainEvents.encode({ type: 'ReminderSent', data: reminder }), {
    type: 'ReminderSent',
    schemaVersion: 2,
    data: reminder,
  })
  t.throws(() =>
    domainEvents.encode({ type: 'ReminderSent', data: { ...reminder, kind: 'sometimes' as 'manual' } }),
  )
})

t.test('unknown types and versions newer than the code are refused', async (t) => {
  t.throws(() => domainEvents.decode('PlanDeleted', 1, {}), UnknownEventError)
  t.throws(() => domainEvents.decode('ReminderSent', 3, {}), /newer than this code/)
})

t.test('the registry holds every event of the five aggregates, each with a schema version', async (t) => {
  t.equal(domainEvents.types().length, 41)
  for (const type of domainEvents.types()) t.ok(domainEvents.schemaVersionOf(type) >= 1, type)
})
