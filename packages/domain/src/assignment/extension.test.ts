import t from 'tap'
import { domainEvents } from '../domain-events'
import { office, unit, weekdaysOnly } from '../testing/contexts'
import { DeciderSpecification } from '../testing/decider-specification'
import {
  acknowledged,
  assigned,
  q1Opened,
  taskClosed,
  taskRegistered,
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
const given = [assigned, acknowledged, q1Opened]

const request: AssignmentCommand = {
  type: 'RequestExtension',
  data: {
    ...yuzhong,
    requestId: 'x1',
    obligationId: '2023-Q1',
    requestedDueDate: '2023-04-20',
    reason: '数据未出',
  },
}
const requested: AssignmentEvent = {
  type: 'ExtensionRequested',
  data: { ...(request.data as never), currentDueDate: '2023-04-10' },
}
const grant: AssignmentCommand = { type: 'GrantExtension', data: { ...yuzhong, requestId: 'x1' } }
const granted: AssignmentEvent = {
  type: 'ExtensionGranted',
  data: {
    ...yuzhong,
    requestId: 'x1',
    obligationId: '2023-Q1',
    previousDueDate: '2023-04-10',
    newDueDate: '2023-04-20',
  },
}

t.test('延期: the unit asks, the office grants; the event keeps old and new due dates', async () => {
  spec.given(given).when(request).then([requested])
  spec
    .given([...given, requested])
    .when(grant, asOffice)
    .then([granted])
})

t.test('延期: the office may grant a different date; the next extension starts from it', async () => {
  const shorter: AssignmentCommand = {
    type: 'GrantExtension',
    data: { ...yuzhong, requestId: 'x1', newDueDate: '2023-04-14' },
  }
  spec
    .given([...given, requested])
    .when(shorter, asOffice)
    .then([{ type: 'ExtensionGranted', data: { ...(granted.data as never), newDueDate: '2023-04-14' } }])
  const again: AssignmentCommand = {
    ...request,
    data: { ...request.data, requestId: 'x2', requestedDueDate: '2023-04-20' },
  } as never
  spec
    .given([...given, requested, granted])
    .when(again)
    .thenThrows('invalid', /not after the current one, 2023-04-20/)
})

t.test('延期 of the whole assignment stays within the task deadline', async () => {
  const whole: AssignmentCommand = {
    type: 'RequestExtension',
    data: { ...yuzhong, requestId: 'x3', requestedDueDate: '2025-03-31', reason: '项目延后' },
  }
  const wholeRequested: AssignmentEvent = {
    type: 'ExtensionRequested',
    data: { ...(whole.data as never), currentDueDate: '2024-12-31' },
  }
  spec.given(given).when(whole).then([wholeRequested])
  spec
    .given([...given, wholeRequested])
    .when({ type: 'GrantExtension', data: { ...yuzhong, requestId: 'x3' } }, asOffice)
    .thenThrows('invalid', /extend the task first/)
})

t.test('延期: refused; one request at a time; a refused request leaves the due date', async () => {
  const refuse: AssignmentCommand = {
    type: 'RefuseExtension',
    data: { ...yuzhong, requestId: 'x1', reason: '理由不充分' },
  }
  const refused: AssignmentEvent = { type: 'ExtensionRefused', data: refuse.data as never }
  spec
    .given([...given, requested])
    .when(refuse, asOffice)
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
  const earlier = {
    ...request,
    data: { ...request.data, requestedDueDate: '2023-04-07' },
  } as AssignmentCommand
  spec
    .given(given)
    .when(earlier)
    .thenThrows('invalid', /not after/)
  const saturday = {
    ...request,
    data: { ...request.data, requestedDueDate: '2023-04-22' },
  } as AssignmentCommand
  spec
    .given(given)
    .when(saturday, { ...withTask(unit('yuzhong')), isWorkingDay: weekdaysOnly })
    .thenThrows('invalid', /not a working day/)
})

t.test('延期 on a closed task is refused', async () => {
  spec
    .given([...given, requested])
    .when(grant, withTask(office, [taskRegistered, taskClosed]))
    .thenThrows('conflict', /closed/)
})
