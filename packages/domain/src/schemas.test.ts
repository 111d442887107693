/** Text a person wrote: NUL and lone surrogates refused, NFC, trimmed. */
import t from 'tap'
import { OpenObligation } from './assignment/commands'
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

t.test(
  'an obligation opened on a ladder this release does not know is refused (its lights would have no rules)',
  async (t) => {
    const data = {
      taskId: 't1',
      unitId: 'u1',
      obligationId: 'o1',
      period: '2023-Q1',
      dueDate: '2023-04-10',
      kind: 'periodic',
    }
    const open = (extra: object) =>
      OpenObligation.safeParse({ type: 'OpenObligation', data: { ...data, ...extra } })
    t.ok(open({ ladderVersion: 'ladder-2026.1' }).success)
    t.ok(open({}).success, 'none recorded: the default ladder')
    const unknown = open({ ladderVersion: 'NYoTDGMPsRz58j' })
    t.notOk(unknown.success)
    t.match(unknown.error?.issues[0]?.message, /unknown escalation ladder version/)
  },
)
