/**
 * Bad commands are refused with a clear reason and write nothing — through the real path
 * (handleCommand on a SQLite log, the real working-day calendar), as the scheduler, the
 * simulation and the API send them.
 */
import { latestCalendar } from '@duban/calendar'
import {
  type AssignmentCommand,
  DomainError,
  planDecider,
  planStreamId,
  taskDecider,
  taskStreamId,
} from '@duban/domain'
import { handleCommand, type LedgerDeps, loadState, runAssignmentCommand } from '@duban/ledger'
import t, { type Test } from 'tap'
import { givenScheduledPlan } from './testing/scheduled-plan'
import { morningOf, OFFICE, TASK_ID } from './testing/small-plan'

const calendar = latestCalendar()
const isWorkingDay = (date: string) => calendar.isWorkingDay(date)
const staff = (unitId: string) => ({ userId: `${unitId}-staff`, unitId })
const u1 = { taskId: TASK_ID, unitId: 'u1' }

async function refused(
  t: Test,
  ledger: LedgerDeps,
  send: () => Promise<unknown>,
  code: DomainError['code'],
  message: RegExp,
): Promise<void> {
  const head = await ledger.store.headPosition()
  const error = await send().then(
    () => undefined,
    (reason: unknown) => reason,
  )
  t.type(error, DomainError)
  t.equal((error as DomainError).code, code)
  t.match((error as DomainError).message, message)
  t.equal(await ledger.store.headPosition(), head, 'nothing was written')
}

const unitCommand = (
  ledger: LedgerDeps,
  command: AssignmentCommand,
  actor: ReturnType<typeof staff>,
  id: string,
) => runAssignmentCommand(ledger, command, { actor, commandId: id, isWorkingDay })

t.test('given a task assigned to u1 and u2, with 2023-Q2 escalated and a notice issued to u1', async (t) => {
  const { ledger, clock, scheduler } = await givenScheduledPlan(t, {
    assignedOn: '2023-06-01',
    units: ['u1', 'u2'],
  })
  clock.advanceTo(morningOf('2023-07-12'))
  await scheduler.runOnce()
  const noticeId = 'supervision-notice.20230707.2023-Q2'
  await unitCommand(ledger, { type: 'AcknowledgeAssignment', data: u1 }, staff('u1'), 'ack-u1')
  await unitCommand(
    ledger,
    { type: 'AcknowledgeAssignment', data: { ...u1, unitId: 'u2' } },
    staff('u2'),
    'ack-u2',
  )

  t.test('when u2 reports on u1’s assignment, then it is forbidden', (t) =>
    refused(
      t,
      ledger,
      () =>
        unitCommand(
          ledger,
          {
            type: 'SubmitProgressReport',
            data: {
              ...u1,
              reportId: 'r-x',
              obligationId: '2023-Q2',
              narrative: '代报',
              indicatorValues: [],
              evidence: [],
            },
          },
          staff('u2'),
          'r-x',
        ),
      'forbidden',
      /only unit u1 may report progress/,
    ),
  )

  t.test('when u1 answers its notice twice, then the second answer is refused', async (t) => {
    const answer = (id: string): AssignmentCommand => ({
      type: 'AnswerSupervisionNotice',
      data: { ...u1, noticeId, answer: `已收悉 ${id}`, evidence: [], committedDate: '2023-07-20' },
    })
    await unitCommand(ledger, answer('1'), staff('u1'), 'answer-1')
    await refused(
      t,
      ledger,
      () => unitCommand(ledger, answer('2'), staff('u1'), 'answer-2'),
      'conflict',
      new RegExp(`supervision notice ${noticeId} is already answered`),
    )
  })

  t.test('when the office asks for a report due on a National Day holiday, then it is invalid', (t) =>
    refused(
      t,
      ledger,
      () =>
        runAssignmentCommand(
          ledger,
          {
            type: 'OpenObligation',
            data: {
              ...u1,
              obligationId: 'adhoc-1',
              period: '专项报送',
              dueDate: '2023-10-02',
              kind: 'adhoc',
            },
          },
          { actor: OFFICE, commandId: 'adhoc-1', isWorkingDay },
        ),
      'invalid',
      /the report due date 2023-10-02 is not a working day/,
    ),
  )

  t.test('given the task closed (销号)', async (t) => {
    const { state: plan } = await loadState(ledger, planDecider, planStreamId('p1'))
    const taskCommand = (
      command: Parameters<typeof taskDecider.decide>[0],
      actor: typeof OFFICE | ReturnType<typeof staff>,
      id: string,
    ) =>
      handleCommand(ledger, taskDecider, {
        streamId: taskStreamId(TASK_ID),
        command,
        actor,
        commandId: id,
        context: { plan, isWorkingDay },
      })
    await taskCommand(
      { type: 'RequestTaskCompletion', data: { taskId: TASK_ID, summary: '全部完成', evidence: [] } },
      staff('u1'),
      'complete',
    )
    await taskCommand({ type: 'CloseTask', data: { taskId: TASK_ID } }, OFFICE, 'close')

    await t.test('when the office extends the closed task, then it is refused', (t) =>
      refused(
        t,
        ledger,
        () =>
          taskCommand(
            {
              type: 'ExtendTaskDeadline',
              data: { taskId: TASK_ID, newDeadline: '2025-06-30', reason: '延期' },
            },
            OFFICE,
            'extend',
          ),
        'conflict',
        /task p1.t1 is closed/,
      ),
    )
    await t.test('when a unit asks to extend its part of the closed task, then it is refused', (t) =>
      refused(
        t,
        ledger,
        () =>
          unitCommand(
            ledger,
            {
              type: 'RequestExtension',
              data: { ...u1, requestId: 'x1', requestedDueDate: '2023-08-01', reason: '延期' },
            },
            staff('u1'),
            'x1',
          ),
        'conflict',
        /task p1.t1 is closed \(销号\); reopen the task first/,
      ),
    )
    await t.test('when the scheduler runs on the closed task, then it sends nothing more', async (t) => {
      const head = await ledger.store.headPosition()
      clock.advanceTo(morningOf('2023-10-20'))
      const run = await scheduler.runOnce()
      t.equal(await ledger.store.headPosition(), head)
      t.match(run, { obligationsOpened: 0, reminders: 0, notices: 0, escalations: 0, refused: [] })
    })
  })
})
