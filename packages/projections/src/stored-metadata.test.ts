import type { EventMetadata } from '@duban/eventstore'
import t from 'tap'
import { storedMetadata, storedRecordedAt } from './stored-metadata'

const metadata: EventMetadata = {
  actor: 'user:ducha',
  unit: 'cq-zhengfubangongting',
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  causationId: 'cause-1',
  recordedAt: '2023-11-15T02:00:00.000Z',
}
const fields = (value: EventMetadata) => ({
  actor: value.actor,
  unit: value.unit,
  commandId: value.commandId,
  correlationId: value.correlationId,
  causationId: value.causationId,
  recordedAt: value.recordedAt,
  businessDate: value.businessDate,
})

t.test('every field reads as the parsed JSON would', async (t) => {
  for (const value of [metadata, { ...metadata, businessDate: '2023-12-31' }, { ...metadata, unit: null }]) {
    const json = JSON.stringify(value)
    const read = storedMetadata(json)
    t.same(fields(read), fields(JSON.parse(json)))
    t.same(JSON.parse(JSON.stringify(read)), value, 'serialises as the stored object')
    t.equal(storedRecordedAt(json), value.recordedAt)
  }
})

t.test('text that only looks like a key does not fool the fast path', async (t) => {
  const tricky = {
    ...metadata,
    actor: 'user:"recordedAt":"1999-01-01T00:00:00.000Z"',
    causationId: '"businessDate":"1999-01-01"',
  }
  const json = JSON.stringify(tricky)
  t.same(fields(storedMetadata(json)), fields(tricky))
  t.equal(storedRecordedAt(json), tricky.recordedAt)
})

t.test('text in another form is parsed whole', async (t) => {
  const pretty = JSON.stringify({ ...metadata, businessDate: '2023-12-31' }, null, 2)
  t.same(fields(storedMetadata(pretty)), fields(JSON.parse(pretty)))
  t.equal(storedRecordedAt(pretty), metadata.recordedAt)
})
