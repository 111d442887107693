/** Text a person wrote: NUL and lone surrogates refused, NFC, trimmed. */
import t from 'tap'
import { Text } from './schemas'

t.test('text: NFC and trimmed; NUL and lone surrogates refused with a message', async (t) => {
  t.equal(Text.parse(' Cafe\u0301 重庆 '), 'Caf\u00e9 重庆', 'decomposed é composed, spaces trimmed')
  t.equal(Text.parse('𠀀 and 😀'), '𠀀 and 😀', 'surrogate pairs are text')
  for (const bad of ['a\u0000b', 'a\uD800b', 'a\uDC00', '\uDBFF']) {
    const result = Text.safeParse(bad)
    t.notOk(result.success, JSON.stringify(bad))
    t.match(result.error?.issues[0]?.message, /NUL or a lone surrogate/)
  }
})
