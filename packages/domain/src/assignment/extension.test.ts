import t from 'tap'
import { domainEvents } from '../domain-events'
import { office, unit, weekdaysOnly } from '../testing/contexts'
import { DeciderSpecification } from '../testing/decider-specification'
import {
  acknowledged,
  assigned,
  command,
  event,
  q1Opened,
  taskClosed,
  taskRegistered,
  withTask,
  yuzhong,
} from '../testing/fixtures'
import { assignmentDecider } from './decider'

const spec = DeciderSpecification.for(assignmentDecider, {
  context: withTask(unit('yuzhong')),
  registry: domainEvents,
})
const asOffice = withTask(office)
const given = [assigned, acknowledged, q1Opened]

const asked = {
  ...yuzhong,
  requestId: 'x1',
  obligationId: '2023-Q1',
  requestedDueDate: '2023-04-20',
  reason: '数据未出',
}
const request = command('RequestExtension', asked)
const requested = event('ExtensionRequested', { ...asked, currentDueDate: '2023-04-10' })
const grant = command('GrantExtension', { ...yuzhong, requestId: 'x1' })
const grantedData = {
  ...yuzhong,
  requestId: 'x1',
  obligationId: '2023-Q1',
  previousDueDate: '2023-04-10',
  newDueDate: '2023-04-20',
}
const granted = event('ExtensionGranted', grantedData)

t.test('延期: the unit asks, the office grants; the event keeps old and new due dates', async () => {
  spec.given(given).when(request).then([requested])
  spec
    .given([...given, requested])
    .when(grant, asOffice)
    .then([granted])
})

t.test('延期: the office may grant a different date; the next extension starts from it', async () => {
  spec
    .given([...given, requested])
    .when(command('GrantExtension', { ...yuzhong, requestId: 'x1', newDueDate: '2023-04-14' }), asOffice)
    .then([event('ExtensionGranted', { ...grantedData, newDueDate: '2023-04-14' })])
  spec
    .given([...given, requested, granted])
    .when(command('RequestExtension', { ...asked, requestId: 'x2' }))
    .thenThrows('invalid', /not after the current one, 2023-04-20/)
})

t.test('延期 of the whole assignment or of one obligation stays within the task deadline', async () => {
  const whole = { ...yuzhong, requestId: 'x3', requestedDueDate: '2025-03-31', reason: '项目延后' }
  spec
    .given(given)
    .when(command('RequestExtension', whole))
    .thenThrows('invalid', /2025-03-31 is after task cq-trade.1's deadline 2024-12-31; extend the task first/)
  // A request recorded before the rule (an old ledger) is still refused when granted.
  const wholeRequested = event('ExtensionRequested', { ...whole, currentDueDate: '2024-12-31' })
  spec
    .given([...given, wholeRequested])
    .when(command('GrantExtension', { ...yuzhong, requestId: 'x3' }), asOffice)
    .thenThrows('invalid', /extend the task first/)
  // One obligation: granted with a date of the office's own beyond the deadline, refused.
  spec
    .given([...given, requested])
    .when(command('GrantExtension', { ...yuzhong, requestId: 'x1', newDueDate: '2025-01-06' }), asOffice)
    .thenThrows('invalid', /2025-01-06 is after task cq-trade.1's deadline/)
  spec
    .given(given)
    .when(command('RequestExtension', { ...asked, requestedDueDate: '2025-01-06' }))
    .thenThrows('invalid', /extend the task first/)
  // Up to the deadline itself is allowed.
  const toDeadline = { ...whole, requestId: 'x4', requestedDueDate: '2024-12-31', obligationId: '2023-Q1' }
  spec
    .given(given)
    .when(command('RequestExtension', toDeadline))
    .then([event('ExtensionRequested', { ...toDeadline, currentDueDate: '2023-04-10' })])
})

t.test('延期: refused; one request at a time; a refused request leaves the due date', async () => {
  const refusal = { ...yuzhong, requestId: 'x1', reason: '理由不充分' }
  const refused = event('ExtensionRefused', refusal)
  spec
    .given([...given, requested])
    .when(command('RefuseExtension', refusal), asOffice)
    .then([refused])
  spec
    .given([...given, requested])
    .when(request)
    .thenThrows('conflict', /still pending/)
  spec
    .given([...given, requested, refused])
    .when(grant, asOffice)
    .thenThrows('not_found', /no pending extension request x1/)
  spec
    .given([...given, requested, refused])
    .when(request)
    .then([requested])
})

t.test('延期: who may do what, and which dates', async () => {
  spec
    .given(given)
    .when(request, asOffice)
    .thenThrows('forbidden', /only unit yuzhong/)
  spec
    .given([...given, requested])
    .when(grant)
    .thenThrows('forbidden', /supervision office/)
  spec
    .given(given)
    .when(command('RequestExtension', { ...asked, requestedDueDate: '2023-04-07' }))
    .thenThrows('invalid', /not after/)
  spec
    .given(given)
    .when(command('RequestExtension', { ...asked, requestedDueDate: '2023-04-22' }), {
      ...withTask(unit('yuzhong')),
      isWorkingDay: weekdaysOnly,
    })
    .thenThrows('invalid', /not a working day/)
})

t.test('延期 on a closed task is refused', async () => {
  spec
    .given([...given, requested])
    .when(grant, withTask(office, [taskRegistered, taskClosed]))
    .thenThrows('conflict', /closed/)
})
