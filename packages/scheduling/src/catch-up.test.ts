import { join } from 'node:path'
import { assignmentStreamId } from '@duban/domain'
import t from 'tap'
import { openScheduler } from './open'
import { duplicates, schedulerWrites } from './testing/ladder-log'
import { givenScheduledPlan } from './testing/scheduled-plan'
import { days, morningOf, openLedger, seedSmallPlan, TASK_ID, tempDir } from './testing/small-plan'

t.test('given the scheduler was down from 2023-06-01 to 2023-07-20', async (t) => {
  const { ledger, clock, scheduler } = await givenScheduledPlan(t, {
    assignedOn: '2023-06-01',
    units: ['u1'],
  })

  clock.advanceTo(morningOf('2023-07-20'))
  const run = await scheduler.runOnce()
  const stream = assignmentStreamId(TASK_ID, 'u1')
  const events = (await ledger.store.readStream(stream)).filter(
    (e) => e.metadata.actor === 'system:scheduler',
  )

  t.test(
    'when it catches up, then each missed step is recorded with the business date it should have happened on',
    async (t) => {
      t.same(
        events.map((e) => [
          e.type,
          (e.data as { obligationId: string }).obligationId,
          e.metadata.businessDate ?? null,
        ]),
        // 2023-Q2 is due Friday 07-07 (the 5th working day of July): due soon 3 working days
        // before (07-04), overdue reminder the first working day after (Monday 07-10, not the
        // Saturday), notice the 3rd working day after (07-12). No escalation yet: the notice only
        // now exists, and its window runs from today.
        [
          ['ObligationOpened', '2023-Q2', '2023-06-01'],
          ['ObligationOpened', '2023-Q3', '2023-07-01'],
          ['ReminderSent', '2023-Q2', '2023-07-04'],
          ['ReminderSent', '2023-Q2', '2023-07-10'],
          ['SupervisionNoticeIssued', '2023-Q2', '2023-07-12'],
        ],
      )
      t.ok(
        events.every((e) => e.metadata.recordedAt.startsWith('2023-07-20')),
        'all recorded on the day of the catch-up',
      )
      t.match(run, { obligationsOpened: 2, reminders: 2, notices: 1, escalations: 0, refused: [] })
    },
  )

  t.test('then the late notice gives the unit its full answer period from today', async (t) => {
    const notice = events.find((e) => e.type === 'SupervisionNoticeIssued')?.data as Record<string, string>
    t.equal(notice.answerDueDate, '2023-07-24', 'two working days after 07-20')
    t.equal(notice.latestCommittedDate, '2023-08-07', '10 working days after the answer deadline')
    const overtaken = events.filter((e) => e.type === 'ReminderSent')
    t.ok(
      overtaken.every((e) => /补记/.test((e.data as { message: string }).message)),
      'the reminders overtaken by the notice say they were recorded late',
    )
  })

  t.test('when it runs again the same day, then it writes nothing', async (t) => {
    const head = await ledger.store.headPosition()
    const again = await scheduler.runOnce()
    t.equal(await ledger.store.headPosition(), head)
    t.match(again, { obligationsOpened: 0, reminders: 0, notices: 0, escalations: 0 })
  })

  t.test(
    'when the window closes unanswered (end of 07-24), then the escalation comes on 07-25, naming the notice',
    async (t) => {
      clock.advanceTo(morningOf('2023-07-24'))
      t.match(await scheduler.runOnce(), { escalations: 0 })
      clock.advanceTo(morningOf('2023-07-25'))
      t.match(await scheduler.runOnce(), { escalations: 1 })
      const all = await ledger.store.readStream(stream)
      const notice = all.find((e) => e.type === 'SupervisionNoticeIssued')?.data as { noticeId: string }
      const escalation = all.find((e) => e.type === 'EscalatedToLeadership')
      t.equal((escalation?.data as { noticeId: string } | undefined)?.noticeId, notice.noticeId)
      t.equal(escalation?.metadata.businessDate, undefined, 'on time, not a catch-up')
    },
  )
})

t.test(
  'given two schedulers on one log, when they run at the same moment every morning, then no step is written twice',
  async (t) => {
    const tmp = tempDir()
    t.teardown(tmp.cleanup)
    const { ledger, clock } = openLedger(join(tmp.dir, 'log.sqlite'))
    t.teardown(() => ledger.store.close())
    await seedSmallPlan(ledger, { assignedOn: '2023-06-01', units: ['u1', 'u2', 'u3'] })
    const a = openScheduler({ ledger, indexFile: join(tmp.dir, 'a.sqlite') })
    const b = openScheduler({ ledger, indexFile: join(tmp.dir, 'b.sqlite') })
    t.teardown(() => Promise.all([a.runner.close(), b.runner.close()]))
    for (const day of days('2023-06-01', '2023-08-01')) {
      clock.advanceTo(morningOf(day))
      await Promise.all([a.scheduler.runOnce(), b.scheduler.runOnce()])
    }
    const writes = await schedulerWrites(ledger.store)
    t.same(duplicates(writes), [], 'each step once')
    t.equal(
      writes.filter((w) => w.type === 'EscalatedToLeadership').length,
      3,
      'and each unit escalated once for 2023-Q2',
    )
  },
)
