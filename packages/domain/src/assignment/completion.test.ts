import t from 'tap'
import { domainEvents } from '../domain-events'
import { office, unit } from '../testing/contexts'
import { DeciderSpecification } from '../testing/decider-specification'
import { acknowledged, assigned, command, event, withTask, yuzhong } from '../testing/fixtures'
import type { AssignmentCommand } from './commands'
import { assignmentDecider } from './decider'
import type { AssignmentEvent } from './events'

const spec = DeciderSpecification.for(assignmentDecider, {
  context: withTask(office),
  registry: domainEvents,
})
const byUnit = withTask(unit('yuzhong'))

const completion = { ...yuzhong, summary: '全年开展活动12场', evidence: ['att-1'] }
const request = command('RequestCompletion', completion)
const requested = event('CompletionRequested', completion)
const closed: AssignmentEvent = { type: 'AssignmentClosed', data: yuzhong }
const reopening = { ...yuzhong, reason: '复核发现未完成' }
const reopen = command('ReopenAssignment', reopening)
const given = [assigned, acknowledged]

t.test('办结申请 → 销号', async () => {
  spec.given(given).when(request, byUnit).then([requested])
  spec
    .given([...given, requested])
    .when({ type: 'VerifyCompletion', data: yuzhong })
    .then([closed])
})

t.test('办结申请 sent back: the assignment is open again and may apply again', async () => {
  const reason = { ...yuzhong, reason: '佐证材料不足' }
  const sendBack = command('SendBackCompletion', reason)
  const sentBack = event('CompletionSentBack', reason)
  spec
    .given([...given, requested])
    .when(sendBack)
    .then([sentBack])
  spec
    .given([...given, requested, sentBack])
    .when(request, byUnit)
    .then([requested])
})

t.test('办结申请: only the unit, once, after 签收; only the office verifies a pending one', async () => {
  spec.given(given).when(request).thenThrows('forbidden')
  spec
    .given([assigned])
    .when(request, byUnit)
    .thenThrows('conflict', /not acknowledged/)
  spec
    .given([...given, requested])
    .when(request, byUnit)
    .thenThrows('conflict', /already has a completion request/)
  spec
    .given(given)
    .when({ type: 'VerifyCompletion', data: yuzhong })
    .thenThrows('conflict', /no completion request/)
  spec
    .given([...given, requested])
    .when({ type: 'VerifyCompletion', data: yuzhong }, byUnit)
    .thenThrows('forbidden')
})

t.test('a closed assignment refuses every command but reopening', async () => {
  const after = [...given, requested, closed]
  const report: AssignmentCommand = {
    type: 'SubmitProgressReport',
    data: { ...yuzhong, reportId: 'r9', narrative: '补充', indicatorValues: [], evidence: [] },
  }
  spec
    .given(after)
    .when(report, byUnit)
    .thenThrows('conflict', /closed \(销号\); reopen it first/)
  spec
    .given(after)
    .when(
      {
        type: 'RequestExtension',
        data: { ...yuzhong, requestId: 'x1', requestedDueDate: '2024-12-31', reason: '延后' },
      },
      byUnit,
    )
    .thenThrows('conflict', /closed/)
  spec
    .given(after)
    .when(reopen)
    .then([event('AssignmentReopened', reopening)])
})

t.test('reopening needs a closed assignment and the office', async () => {
  spec
    .given(given)
    .when(reopen)
    .thenThrows('conflict', /not closed/)
  spec
    .given([...given, requested, closed])
    .when(reopen, byUnit)
    .thenThrows('forbidden')
})
