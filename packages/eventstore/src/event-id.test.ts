import t from 'tap'
import { v5 } from 'uuid'
import { eventIdFor } from './event-id'

t.test('event ids are the RFC UUID v5 of command id and index', async (t) => {
  const namespace = '3f0d1c52-8d7e-4c43-9b1e-6c2a51f0a7d4'
  // Longer names than the reused buffer holds (it grows), then short ones again.
  for (const commandId of [
    'c',
    'cmd-2024-001',
    '督办-命令-7',
    'x'.repeat(128),
    '督'.repeat(400),
    'y'.repeat(2000),
    'z',
  ]) {
    for (const index of [0, 1, 99]) {
      t.equal(eventIdFor(commandId, index), v5(`${commandId}#${index}`, namespace), `${commandId}#${index}`)
    }
  }
})

t.test('event ids are deterministic and distinct per index', async (t) => {
  t.equal(eventIdFor('cmd', 0), eventIdFor('cmd', 0))
  t.not(eventIdFor('cmd', 0), eventIdFor('cmd', 1))
})

t.test('the version and variant digits match the RFC UUID v5 for every variant digit', async (t) => {
  const namespace = '3f0d1c52-8d7e-4c43-9b1e-6c2a51f0a7d4'
  const ids = Array.from({ length: 256 }, (_, index) => eventIdFor('variant', index))
  t.same(
    ids,
    ids.map((_, index) => v5(`variant#${index}`, namespace)),
  )
  t.same(new Set(ids.map((id) => id[19])), new Set(['8', '9', 'a', 'b']), 'all four variant digits occur')
})
