import t from 'tap'
import { domainEvents } from '../domain-events'
import { office, unit, weekdaysOnly } from '../testing/contexts'
import { DeciderSpecification } from '../testing/decider-specification'
import { acknowledged, assigned, taskClosed, taskRegistered, withTask, yuzhong } from '../testing/fixtures'
import type { AssignmentCommand } from './commands'
import { assignmentDecider } from './decider'

const spec = DeciderSpecification.for(assignmentDecider, {
  context: withTask(office),
  registry: domainEvents,
})

const assign = (unitId: string, role: 'lead' | 'co' | 'district', dueDate?: string): AssignmentCommand => ({
  type: 'AssignTask',
  data: { taskId: 'cq-trade.1', unitId, role, ...(dueDate && { dueDate }) },
})

t.test('交办: a task is assigned to its lead unit, due by the task deadline', async () => {
  spec
    .given([])
    .when(assign('commerce', 'lead'))
    .then([
      {
        type: 'TaskAssigned',
        data: { taskId: 'cq-trade.1', unitId: 'commerce', role: 'lead', dueDate: '2024-12-31' },
      },
    ])
})

t.test('交办: a co-unit and a district get their own due date', async () => {
  spec
    .given([])
    .when(assign('customs', 'co', '2024-06-28'))
    .then([
      {
        type: 'TaskAssigned',
        data: { taskId: 'cq-trade.1', unitId: 'customs', role: 'co', dueDate: '2024-06-28' },
      },
    ])
  spec.given([]).when(assign('yuzhong', 'district')).then([assigned])
})

t.test('交办: the role must be the one the task gives the unit', async () => {
  spec
    .given([])
    .when(assign('customs', 'lead'))
    .thenThrows('invalid', /not a lead unit/)
  spec
    .given([])
    .when(assign('yuzhong', 'co'))
    .thenThrows('invalid', /not a co unit/)
  spec
    .given([])
    .when(assign('commerce', 'district'))
    .thenThrows('invalid', /not a district unit/)
})

t.test('交办: the due date lies within the task deadline and on a working day', async () => {
  spec
    .given([])
    .when(assign('customs', 'co', '2025-01-06'))
    .thenThrows('invalid', /after task cq-trade.1's deadline/)
  spec
    .given([])
    .when(assign('customs', 'co', '2024-06-29'), { ...withTask(office), isWorkingDay: weekdaysOnly })
    .thenThrows('invalid', /2024-06-29 is not a working day/)
})

t.test('交办: twice is a conflict; only the supervision office assigns', async () => {
  spec
    .given([assigned])
    .when(assign('yuzhong', 'district'))
    .thenThrows('conflict', /already exists/)
  spec
    .given([])
    .when(assign('yuzhong', 'district'), withTask(unit('yuzhong')))
    .thenThrows('forbidden')
})

t.test('an assignment needs a registered, open task', async () => {
  spec
    .given([])
    .when(assign('commerce', 'lead'), withTask(office, []))
    .thenThrows('not_found', /not registered/)
  spec
    .given([])
    .when(assign('commerce', 'lead'), withTask(office, [taskRegistered, taskClosed]))
    .thenThrows('conflict', /task cq-trade.1 is closed/)
  spec
    .given([assigned, acknowledged])
    .when(
      { type: 'RequestCompletion', data: { ...yuzhong, summary: '完成', evidence: [] } },
      withTask(unit('yuzhong'), [taskRegistered, taskClosed]),
    )
    .thenThrows('conflict', /reopen the task first/)
})

t.test('签收: the unit acknowledges once', async () => {
  const acknowledge: AssignmentCommand = { type: 'AcknowledgeAssignment', data: yuzhong }
  spec
    .given([assigned])
    .when(acknowledge, withTask(unit('yuzhong')))
    .then([acknowledged])
  spec
    .given([assigned, acknowledged])
    .when(acknowledge, withTask(unit('yuzhong')))
    .thenThrows('conflict')
  spec
    .given([assigned])
    .when(acknowledge, withTask(unit('jiangbei')))
    .thenThrows('forbidden', /only unit yuzhong may acknowledge/)
  spec
    .given([])
    .when(acknowledge, withTask(unit('yuzhong')))
    .thenThrows('not_found', /does not exist/)
})
