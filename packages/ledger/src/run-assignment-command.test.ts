/**
 * One way to run an assignment command: a caller that named no version acts on the stream as it
 * is (concurrent writers on one assignment both land); a caller that named one gets the conflict.
 */
import { readFileSync } from 'node:fs'
import { assignmentStreamId, domainEvents } from '@duban/domain'
import { openMemoryEventStore, WrongExpectedVersionError } from '@duban/eventstore'
import { importPlans } from '@duban/plan-import'
import { CHONGQING_DISTRICT_GOVERNMENTS, loadChongqingUnits } from '@duban/units'
import t from 'tap'
import { fixedClock } from './clock'
import { confirmPlans } from './confirm-plan'
import { eventCodec } from './event-codec'
import { runAssignmentCommand } from './run-assignment-command'

const example = readFileSync(
  new URL('../../plan-import/fixtures/chongqing-2022-foreign-trade-and-investment.txt', import.meta.url),
  'utf8',
)
const directory = loadChongqingUnits()
const office = { userId: 'ducha-01', unitId: null, roles: ['supervision_office' as const] }
const reporter = { userId: 'swz-tianbao', unitId: 'cq-shangwuwei', roles: [] }
const isWorkingDay = () => true

async function givenConfirmedPlans() {
  const ledger = {
    store: openMemoryEventStore(),
    clock: fixedClock('2022-10-10T02:00:00Z'),
    codec: eventCodec(domainEvents),
  }
  const draft = importPlans(example)
  const districtsAsOf = (date: string) =>
    directory.members(CHONGQING_DISTRICT_GOVERNMENTS, date).map((unit) => unit.id)
  await confirmPlans(ledger, { plans: draft.plans, districtsAsOf, actor: office, confirmationId: 'd-1' })
  const taskId = (await ledger.store.readAll({ after: 0, limit: 10 })).find(
    (e) => e.type === 'TaskRegistered',
  )!.data as { taskId: string }
  const acknowledge = {
    type: 'AcknowledgeAssignment' as const,
    data: { taskId: taskId.taskId, unitId: 'cq-shangwuwei' },
  }
  await runAssignmentCommand(ledger, acknowledge, { actor: reporter, isWorkingDay })
  return { ledger, taskId: taskId.taskId }
}

const report = (taskId: string, reportId: string) => ({
  type: 'SubmitProgressReport' as const,
  data: {
    taskId,
    unitId: 'cq-shangwuwei',
    reportId,
    narrative: '本月开展活动2场。',
    indicatorValues: [],
    evidence: [],
  },
})

t.test('given two reports on one assignment at once without a version, then both land', async (t) => {
  const { ledger, taskId } = await givenConfirmedPlans()
  const results = await Promise.all(
    ['r-1', 'r-2', 'r-3'].map((id) =>
      runAssignmentCommand(ledger, report(taskId, id), { actor: reporter, isWorkingDay }),
    ),
  )
  t.same(
    results.map((r) => r.duplicate),
    [false, false, false],
  )
  t.same(
    results.map((r) => r.nextVersion).sort(),
    [3, 4, 5],
    'then each was decided on the stream as it stood when it was appended',
  )
})

t.test('given a stale version from the caller, then the conflict is the caller’s to see', async (t) => {
  const { ledger, taskId } = await givenConfirmedPlans()
  await runAssignmentCommand(ledger, report(taskId, 'r-1'), { actor: reporter, isWorkingDay })
  await t.rejects(
    runAssignmentCommand(ledger, report(taskId, 'r-2'), {
      actor: reporter,
      isWorkingDay,
      expectedVersion: 1,
    }),
    WrongExpectedVersionError,
  )
  const events = await ledger.store.readStream(assignmentStreamId(taskId, 'cq-shangwuwei'))
  t.notOk(
    events.some((e) => (e.data as { reportId?: string }).reportId === 'r-2'),
    'then nothing was written',
  )
})
