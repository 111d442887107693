import { join } from 'node:path'
import { assignmentStreamId } from '@duban/domain'
import { runAssignmentCommand } from '@duban/ledger'
import t from 'tap'
import { openScheduler } from './open'
import { duplicates, schedulerWrites } from './testing/ladder-log'
import { givenScheduledPlan } from './testing/scheduled-plan'
import { TASK_ID } from './testing/small-plan'

const u1 = assignmentStreamId(TASK_ID, 'u1')

t.test('given a quarterly plan assigned on 2023-06-01 and a unit that never reports', async (t) => {
  const { dir, ledger, runMornings } = await givenScheduledPlan(t, {
    assignedOn: '2023-06-01',
    units: ['u1', 'u2'],
  })

  await runMornings('2023-06-01', '2023-10-20')
  const writes = await schedulerWrites(ledger.store)
  const q3 = writes.filter((w) => w.stream === u1 && w.id.endsWith('2023-Q3'))

  t.test(
    'when the scheduler runs every morning, then 2023-Q3 is due 10-11 and each step lands on its working day across National Day',
    async (t) => {
      t.same(
        q3.map((w) => [w.type, w.stageId ?? null, w.on]),
        [
          ['ObligationOpened', null, '2023-07-01'],
          ['ReminderSent', 'due-soon', '2023-10-08'],
          ['ReminderSent', 'overdue', '2023-10-12'],
          ['SupervisionNoticeIssued', 'supervision-notice', '2023-10-16'],
          // The notice's window of 2 working days from 10-16 closes at the end of 10-18: the
          // escalation comes the next working day, never on the last day itself.
          ['EscalatedToLeadership', 'escalation', '2023-10-19'],
        ],
      )
      t.ok(
        q3.filter((w) => w.stageId).every((w) => w.policyVersion === 'ladder-2026.1'),
        'every ladder event names the ladder version that caused it',
      )
      const opened = (await ledger.store.readStream(u1)).find(
        (e) =>
          e.type === 'ObligationOpened' && (e.data as { obligationId: string }).obligationId === '2023-Q3',
      )
      t.match(opened?.data, {
        dueDate: '2023-10-11',
        calendarVersion: /^cn-\d{4}\.\d+$/,
        ladderVersion: 'ladder-2026.1',
      })
    },
  )

  t.test('then nothing was written twice', async (t) => {
    t.same(duplicates(writes), [])
  })

  t.test(
    'when a second scheduler with an empty index runs over the same period again, then it writes nothing',
    async (t) => {
      const head = await ledger.store.headPosition()
      const again = openScheduler({ ledger, indexFile: join(dir, 'index-2.sqlite') })
      t.teardown(() => again.runner.close())
      const rerun = await again.scheduler.runOnce()
      t.equal(await ledger.store.headPosition(), head, 'the log did not grow')
      t.equal(rerun.obligationsOpened + rerun.reminders + rerun.notices + rerun.escalations, 0)
      t.same(rerun.refused, [])
    },
  )
})

t.test(
  'given a 2023-Q2 report accepted on 07-03, when the scheduler runs on to 07-20, then no ladder step follows: an accepted report settles the obligation',
  async (t) => {
    const { ledger, scheduler, runMornings } = await givenScheduledPlan(t, {
      assignedOn: '2023-06-01',
      units: ['u1'],
    })
    await runMornings('2023-06-01', '2023-07-03')
    const unit = { userId: 'u1-staff', unitId: 'u1' }
    const office = { userId: 'office-1', unitId: null, roles: ['supervision_office' as const] }
    const isWorkingDay = scheduler.calendar.isWorkingDay.bind(scheduler.calendar)
    const ids = { taskId: TASK_ID, unitId: 'u1' }
    await runAssignmentCommand(
      ledger,
      { type: 'AcknowledgeAssignment', data: ids },
      { actor: unit, commandId: 'ack', isWorkingDay },
    )
    await runAssignmentCommand(
      ledger,
      {
        type: 'SubmitProgressReport',
        data: {
          ...ids,
          reportId: 'r1',
          obligationId: '2023-Q2',
          narrative: '已完成',
          indicatorValues: [],
          evidence: [],
        },
      },
      { actor: unit, commandId: 'r1', isWorkingDay },
    )
    await runAssignmentCommand(
      ledger,
      { type: 'AcceptProgressReport', data: { ...ids, reportId: 'r1' } },
      { actor: office, commandId: 'a1', isWorkingDay },
    )
    await runMornings('2023-07-04', '2023-07-20')
    const q2 = (await schedulerWrites(ledger.store)).filter((w) => w.id.endsWith('2023-Q2'))
    t.same(
      q2.map((w) => [w.type, w.stageId ?? null, w.on]),
      [['ObligationOpened', null, '2023-06-01']],
      'due 07-07: due-soon would have come on 07-04',
    )
  },
)
