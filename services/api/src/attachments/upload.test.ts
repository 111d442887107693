/** A stored file's type is told from its first bytes, read from its stream without reading the rest. */
import { Readable } from 'node:stream'
import t from 'tap'
import { headOf, SNIFF_BYTES } from './upload'

t.test('given a stored file of several chunks, when its head is read', async (t) => {
  let given = 0
  const chunks = [Buffer.alloc(3000, 1), Buffer.alloc(3000, 2), Buffer.alloc(3000, 3), Buffer.alloc(3000, 4)]
  const stream = Readable.from(
    (function* () {
      for (const chunk of chunks) {
        given++
        yield chunk
      }
    })(),
    { objectMode: false, highWaterMark: 1 },
  )
  const head = await headOf(stream)
  t.same(head, Buffer.concat(chunks).subarray(0, SNIFF_BYTES), 'then it is the first SNIFF_BYTES bytes')
  t.ok(given < chunks.length, `and the rest is never read (${given} of ${chunks.length} chunks)`)
  t.ok(stream.destroyed, 'the stream is let go')
})

t.test(
  'given a stored file shorter than the head, when its head is read, then it is the whole file',
  async (t) => {
    t.same(await headOf(Readable.from([Buffer.from('%PDF-1.4')])), Buffer.from('%PDF-1.4'))
  },
)
