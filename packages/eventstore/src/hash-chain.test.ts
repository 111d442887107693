import { createHash } from 'node:crypto'
import t from 'tap'
import { chainHash, GENESIS_HASH } from './hash-chain'

const event = {
  eventId: '6f1c7d0e-0000-5000-8000-000000000000',
  streamId: 'assignment-t1-u1',
  streamVersion: 3,
  type: 'ProgressReported',
  schemaVersion: 2,
  dataJson: '{"text":"已完成","value":1.5}',
  metadataJson: '{"actor":"u"}',
}

t.test('the hash is sha256 over the newline-separated fields', async (t) => {
  const expected = createHash('sha256')
    .update(
      [
        GENESIS_HASH,
        event.eventId,
        event.streamId,
        '3',
        event.type,
        '2',
        event.dataJson,
        event.metadataJson,
      ].join('\n'),
    )
    .digest('hex')
  t.equal(chainHash(GENESIS_HASH, event), expected)
})

t.test('every field and the previous hash change the hash', async (t) => {
  const base = chainHash(GENESIS_HASH, event)
  t.not(chainHash('1'.repeat(64), event), base, 'previous hash')
  for (const [field, value] of Object.entries({
    eventId: 'x',
    streamId: 'y',
    streamVersion: 4,
    type: 'z',
    schemaVersion: 3,
    dataJson: '{}',
    metadataJson: '{}',
  })) {
    t.not(chainHash(GENESIS_HASH, { ...event, [field]: value }), base, field)
  }
})
