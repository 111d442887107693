import t from 'tap'
import { domainEvents } from '../domain-events'
import { office, scheduler, unit, weekdaysOnly } from '../testing/contexts'
import { DeciderSpecification } from '../testing/decider-specification'
import {
  acknowledged,
  assigned,
  command,
  event,
  q1Obligation,
  q1Opened,
  q1Report,
  q1Reported,
  withTask,
  yuzhong,
} from '../testing/fixtures'
import type { AssignmentCommand } from './commands'
import { assignmentDecider } from './decider'
import type { AssignmentEvent } from './events'

const spec = DeciderSpecification.for(assignmentDecider, {
  context: withTask(unit('yuzhong')),
  registry: domainEvents,
})
const asOffice = withTask(office)

const openQ1 = command('OpenObligation', q1Obligation)
const submitQ1 = command('SubmitProgressReport', q1Report)
const accept: AssignmentCommand = { type: 'AcceptProgressReport', data: { ...yuzhong, reportId: 'r1' } }
const returning = { ...yuzhong, reportId: 'r1', reason: '缺少活动清单' }
const returnR1 = command('ReturnProgressReport', returning)
const accepted: AssignmentEvent = { type: 'ProgressReportAccepted', data: { ...yuzhong, reportId: 'r1' } }
const returned = event('ProgressReportReturned', returning)

t.test('报送义务: the scheduler opens periodic obligations, the office ad-hoc ones', async () => {
  spec.given([assigned]).when(openQ1, withTask(scheduler)).then([q1Opened])
  const adhocObligation = {
    ...yuzhong,
    obligationId: 'adhoc-1',
    period: '专项调度',
    dueDate: '2023-04-07',
    kind: 'adhoc' as const,
  }
  const adhoc = command('OpenObligation', adhocObligation)
  spec
    .given([assigned])
    .when(adhoc, asOffice)
    .then([event('ObligationOpened', adhocObligation)])
  spec
    .given([assigned])
    .when(adhoc, withTask(scheduler))
    .thenThrows('forbidden', /ad-hoc/)
  spec.given([assigned]).when(openQ1).thenThrows('forbidden')
  spec
    .given([assigned, q1Opened])
    .when(openQ1, withTask(scheduler))
    .thenThrows('conflict', /already has obligation/)
})

t.test('报送义务: a due date on a rest day is refused when the calendar says so', async () => {
  const onSaturday: AssignmentCommand = {
    type: 'OpenObligation',
    data: { ...yuzhong, obligationId: '2023-Q1', period: '2023-Q1', dueDate: '2023-04-08', kind: 'periodic' },
  }
  spec
    .given([assigned])
    .when(onSaturday, { ...withTask(scheduler), isWorkingDay: weekdaysOnly })
    .thenThrows('invalid', /not a working day/)
})

t.test('进展报送: the unit reports for an obligation', async () => {
  spec.given([assigned, acknowledged, q1Opened]).when(submitQ1).then([q1Reported])
})

t.test('进展报送: refused before 签收, from another unit, for unknown obligations or targets', async () => {
  spec
    .given([assigned, q1Opened])
    .when(submitQ1)
    .thenThrows('conflict', /not acknowledged/)
  spec
    .given([assigned, acknowledged, q1Opened])
    .when(submitQ1, withTask(unit('jiangbei')))
    .thenThrows('forbidden')
  spec
    .given([assigned, acknowledged])
    .when(submitQ1)
    .thenThrows('not_found', /no obligation 2023-Q1/)
  const unknownTarget: AssignmentCommand = {
    type: 'SubmitProgressReport',
    data: { ...q1Report, indicatorValues: [{ targetId: 't9', value: 1, period: '2023' }] },
  }
  spec
    .given([assigned, acknowledged, q1Opened])
    .when(unknownTarget)
    .thenThrows('invalid', /no target t9/)
})

t.test('进展报送: one report per obligation under review; the same report id only once', async () => {
  const second: AssignmentCommand = {
    type: 'SubmitProgressReport',
    data: { ...q1Report, reportId: 'r2' },
  }
  spec
    .given([assigned, acknowledged, q1Opened, q1Reported])
    .when(second)
    .thenThrows('conflict', /under review/)
  spec
    .given([assigned, acknowledged, q1Opened, q1Reported, accepted])
    .when(second)
    .thenThrows('conflict', /already met/)
  spec
    .given([assigned, acknowledged, q1Opened, q1Reported, returned])
    .when(submitQ1)
    .thenThrows('conflict', /already submitted/)
})

t.test('审核通过 / 退回: the office reviews a report once', async () => {
  const given = [assigned, acknowledged, q1Opened, q1Reported]
  spec.given(given).when(accept, asOffice).then([accepted])
  spec.given(given).when(returnR1, asOffice).then([returned])
  spec
    .given([...given, accepted])
    .when(returnR1, asOffice)
    .thenThrows('conflict', /already accepted/)
  spec
    .given(given)
    .when(accept)
    .thenThrows('forbidden', /supervision office/)
  spec
    .given(given)
    .when({ type: 'AcceptProgressReport', data: { ...yuzhong, reportId: 'r9' } }, asOffice)
    .thenThrows('not_found')
})

t.test('退回: a returned report counts as not submitted, so the unit reports again', async () => {
  const resubmission = { ...q1Report, reportId: 'r2' }
  const resubmit = command('SubmitProgressReport', resubmission)
  spec
    .given([assigned, acknowledged, q1Opened, q1Reported, returned])
    .when(resubmit)
    .then([event('ProgressReportSubmitted', resubmission)])
})

t.test('reports fold onto shared state: a later report leaves the state before it as it was', async (t) => {
  const { evolve, initialState } = assignmentDecider
  const before = [assigned, acknowledged, q1Opened, q1Reported].reduce(evolve, initialState())
  const second = event('ProgressReportSubmitted', {
    ...yuzhong,
    reportId: 'r2',
    narrative: '再报',
    indicatorValues: [],
    evidence: [],
  })
  const after = evolve(before, second)
  const reviewed = evolve(after, accepted)
  if (before.status === 'unassigned' || after.status === 'unassigned' || reviewed.status === 'unassigned')
    throw new Error('assigned')
  t.same([...before.reports.keys()], ['r1'], 'the earlier state still has only r1')
  t.same([...after.reports.keys()], ['r1', 'r2'])
  t.equal(after.reports.get('r1')?.status, 'submitted', 'accepting r1 later changed nothing here')
  t.equal(reviewed.reports.get('r1')?.status, 'accepted')
  t.equal(reviewed.obligations['2023-Q1']?.status, 'met')
})
