import t from 'tap'
import { escalationPolicySchema } from './escalation-policy'
import {
  defaultEscalationPolicy,
  escalationPolicy,
  escalationPolicyVersions,
  unrecordedLadder,
} from './policies'

t.test('given the published policies, when looked up by version, then the defaults come back', async (t) => {
  t.equal(escalationPolicy('ladder-2026.1'), defaultEscalationPolicy, 'new obligations walk ladder-2026.1')
  t.equal(escalationPolicy('ladder-2022.1'), unrecordedLadder, 'obligations that recorded none walked 2022.1')
  t.same(escalationPolicyVersions(), ['ladder-2022.1', 'ladder-2026.1'])
  t.same(
    defaultEscalationPolicy.stages.map((s) => s.id),
    ['due-soon', 'overdue', 'supervision-notice', 'escalation'],
  )
  t.throws(() => escalationPolicy('ladder-1999.1'), { name: 'UnknownPolicyVersionError' })
})

t.test('given a malformed ladder, when parsed, then the schema refuses it', async (t) => {
  const stage = defaultEscalationPolicy.stages[0]
  t.notOk(escalationPolicySchema.safeParse({ version: 'ladder-2022.2', stages: [stage, stage] }).success)
  t.notOk(escalationPolicySchema.safeParse({ version: 'v2', stages: [stage] }).success)
  t.notOk(
    escalationPolicySchema.safeParse({
      version: 'ladder-2022.2',
      stages: [{ ...stage, when: [{ kind: 'overdue', workingDays: 0 }] }],
    }).success,
  )
})
