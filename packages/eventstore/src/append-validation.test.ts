import t from 'tap'
import { prepareAppend } from './append-validation'
import type { NewEvent } from './contract'
import { InvalidAppendError } from './errors'
import { eventIdFor } from './event-id'

const metadata = {
  actor: 'user:a',
  unit: 'unit-1',
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  causationId: 'cause-1',
  recordedAt: '2024-01-01T00:00:00.000Z',
}
const event = (extra: Partial<NewEvent> = {}): NewEvent => ({
  type: 'Assigned',
  schemaVersion: 1,
  data: { task: 't1' },
  metadata,
  ...extra,
})
const any = { expectedVersion: 'any' } as const

t.test('serialises events and derives ids from the command id', async (t) => {
  const prepared = prepareAppend('task-1', [event(), event({ eventId: 'given-id' })], any)
  t.equal(prepared.commandId, 'cmd-1')
  t.same(
    prepared.events.map((e) => e.eventId),
    [eventIdFor('cmd-1', 0), 'given-id'],
  )
  t.equal(prepared.events[0]!.dataJson, '{"task":"t1"}')
  t.equal(prepared.events[0]!.metadataJson, JSON.stringify(metadata))
})

t.test('names what is wrong', async (t) => {
  const cases: [string, () => unknown, RegExp][] = [
    ['no events', () => prepareAppend('s', [], any), /has no events/],
    ['empty stream id', () => prepareAppend('', [event()], any), /stream id/],
    ['control characters', () => prepareAppend('a\nb', [event()], any), /control characters/],
    ['version 0', () => prepareAppend('s', [event()], { expectedVersion: 0 }), /expectedVersion/],
    [
      'local time in recordedAt',
      () =>
        prepareAppend(
          's',
          [event({ metadata: { ...metadata, recordedAt: '2024-01-01T08:00:00+08:00' } })],
          any,
        ),
      /event 0 has bad metadata: recordedAt/,
    ],
    [
      'a second event without a command id',
      () => prepareAppend('s', [event(), event({ metadata: { ...metadata, commandId: '' } })], any),
      /event 1 has bad metadata: commandId/,
    ],
    ['no type', () => prepareAppend('s', [event({ type: '' })], any), /has no type/],
    ['schema version 0', () => prepareAppend('s', [event({ schemaVersion: 0 })], any), /schemaVersion/],
    ['undefined data', () => prepareAppend('s', [event({ data: undefined })], any), /has no data/],
    ['bigint data', () => prepareAppend('s', [event({ data: { n: 1n } })], any), /not serialisable/],
    [
      'a repeated event id',
      () => prepareAppend('s', [event({ eventId: 'x' }), event({ eventId: 'x' })], any),
      /repeats an event id/,
    ],
  ]
  for (const [name, append, message] of cases) t.throws(append, { name: 'InvalidAppendError', message }, name)
  t.throws(() => prepareAppend('', [], any), InvalidAppendError)
})
