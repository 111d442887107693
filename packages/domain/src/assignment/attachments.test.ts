/** 佐证材料 files on a report: their hashes ride in the event; reports written before files stay valid. */
import t from 'tap'
import { domainEvents } from '../domain-events'
import { unit } from '../testing/contexts'
import { DeciderSpecification } from '../testing/decider-specification'
import { acknowledged, assigned, command, q1Opened, q1Report, withTask } from '../testing/fixtures'
import { SubmitProgressReport } from './commands'
import { assignmentDecider } from './decider'
import { ProgressReportSubmitted } from './events'

const spec = DeciderSpecification.for(assignmentDecider, {
  context: withTask(unit('yuzhong')),
  registry: domainEvents,
})
const file = {
  sha256: 'a'.repeat(64),
  name: '一季度活动清单.pdf',
  mediaType: 'application/pdf',
  size: 18_204,
}

t.test(
  'given an acknowledged assignment, when a report carries files, then the event records each hash',
  async () => {
    const withFile = { ...q1Report, attachments: [file] }
    spec
      .given([assigned, acknowledged, q1Opened])
      .when(command('SubmitProgressReport', withFile))
      .then([{ type: 'ProgressReportSubmitted', data: withFile }])
  },
)

t.test('a report event written before files (no attachments) is still valid', async (t) => {
  t.ok(ProgressReportSubmitted.schema.safeParse(q1Report).success)
})

t.test('a file without a real sha256, or more than ten files, is refused', async (t) => {
  const data = { ...q1Report, attachments: [{ ...file, sha256: 'not-a-hash' }] }
  t.notOk(SubmitProgressReport.safeParse({ type: 'SubmitProgressReport', data }).success)
  const many = { ...q1Report, attachments: Array.from({ length: 11 }, () => file) }
  t.notOk(SubmitProgressReport.safeParse({ type: 'SubmitProgressReport', data: many }).success)
})
