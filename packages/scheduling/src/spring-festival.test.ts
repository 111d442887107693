import { assignmentStreamId } from '@duban/domain'
import t from 'tap'
import { schedulerWrites } from './testing/ladder-log'
import { givenScheduledPlan } from './testing/scheduled-plan'
import { TASK_ID } from './testing/small-plan'

t.test(
  'given a monthly plan (due the 5th working day) and a unit that never reports in early 2024',
  async (t) => {
    const { ledger, runMornings } = await givenScheduledPlan(t, {
      assignedOn: '2024-01-02',
      units: ['u1'],
      reporting: { cadence: 'monthly', dueWorkingDay: 5 },
    })
    await runMornings('2024-01-02', '2024-02-29')
    const january = (await schedulerWrites(ledger.store)).filter(
      (w) => w.stream === assignmentStreamId(TASK_ID, 'u1') && w.id.endsWith('2024-01'),
    )
    t.test(
      'when the scheduler runs through the 2024 Spring Festival, then the make-up Sundays count and the holiday does not',
      async (t) => {
        // Feb 4 (Sunday) and Feb 18 (Sunday) are make-up working days; Feb 10–17 are off. Due 02-06:
        // three working days before it are 02-05, 02-04, 02-02; the notice is the 3rd after it (07,
        // 08, 09); its 2-working-day window from 02-09 runs 02-18, 02-19 and closes at the end of
        // 02-19, so the escalation comes on 02-20.
        t.same(
          january.map((w) => [w.type, w.stageId ?? null, w.on]),
          [
            ['ObligationOpened', null, '2024-01-02'],
            ['ReminderSent', 'due-soon', '2024-02-02'],
            ['ReminderSent', 'overdue', '2024-02-07'],
            ['SupervisionNoticeIssued', 'supervision-notice', '2024-02-09'],
            ['EscalatedToLeadership', 'escalation', '2024-02-20'],
          ],
        )
        const opened = (await ledger.store.readStream(assignmentStreamId(TASK_ID, 'u1'))).find(
          (e) => e.type === 'ObligationOpened',
        )
        t.match(opened?.data, { obligationId: '2024-01', dueDate: '2024-02-06' }, 'Feb 1, 2, 4, 5, 6')
      },
    )
  },
)
