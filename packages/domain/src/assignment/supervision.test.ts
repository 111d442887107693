import t from 'tap'
import { domainEvents } from '../domain-events'
import { office, scheduler, unit, weekdaysOnly } from '../testing/contexts'
import { DeciderSpecification } from '../testing/decider-specification'
import { acknowledged, assigned, q1Opened, withTask, yuzhong } from '../testing/fixtures'
import type { AssignmentCommand } from './commands'
import { assignmentDecider } from './decider'
import type { AssignmentEvent } from './events'

const spec = DeciderSpecification.for(assignmentDecider, {
  context: withTask(office),
  registry: domainEvents,
})
const bySchedule = withTask(scheduler)
const byUnit = withTask(unit('yuzhong'))
const given = [assigned, acknowledged, q1Opened]
const ladder = { policyVersion: 'ladder-2022.1', obligationId: '2023-Q1' }

const overdueReminder: AssignmentCommand = {
  type: 'SendReminder',
  data: { ...yuzhong, ...ladder, reminderId: '2023-Q1.overdue', kind: 'overdue', stageId: 'overdue' },
}
const notice: AssignmentCommand = {
  type: 'IssueSupervisionNotice',
  data: {
    ...yuzhong,
    ...ladder,
    noticeId: 'n1',
    grade: 'general',
    reason: '一季度进展逾期3个工作日未报送',
    answerDueDate: '2023-04-05',
    stageId: 'notice',
  },
}
const noticeIssued: AssignmentEvent = { type: 'SupervisionNoticeIssued', data: notice.data as never }
const answer: AssignmentCommand = {
  type: 'AnswerSupervisionNotice',
  data: { ...yuzhong, noticeId: 'n1', answer: '已补报一季度进展', evidence: [] },
}
const answered: AssignmentEvent = { type: 'SupervisionNoticeAnswered', data: answer.data as never }
const escalate: AssignmentCommand = {
  type: 'EscalateToLeadership',
  data: {
    ...yuzhong,
    ...ladder,
    escalationId: '2023-Q1.escalate',
    reason: '督办单逾期未回复',
    noticeId: 'n1',
  },
}

t.test('催办: the scheduler sends the ladder reminders, with the policy version', async () => {
  spec
    .given(given)
    .when(overdueReminder, bySchedule)
    .then([{ type: 'ReminderSent', data: overdueReminder.data as never }])
})

t.test('催办: a manual reminder is the office’s; a reminder id is used once', async () => {
  const manual: AssignmentCommand = {
    type: 'SendReminder',
    data: { ...yuzhong, reminderId: 'm1', kind: 'manual', message: '请尽快报送' },
  }
  spec
    .given(given)
    .when(manual)
    .then([{ type: 'ReminderSent', data: manual.data as never }])
  spec
    .given(given)
    .when(manual, bySchedule)
    .thenThrows('forbidden', /manual reminder/)
  spec.given(given).when(manual, byUnit).thenThrows('forbidden')
  spec
    .given([...given, { type: 'ReminderSent', data: overdueReminder.data as never }])
    .when(overdueReminder, bySchedule)
    .thenThrows('conflict', /already sent/)
})

t.test('督办单: issued to the unit with a working-day answer date not in the past', async () => {
  spec.given(given).when(notice, bySchedule).then([noticeIssued])
  spec
    .given([...given, noticeIssued])
    .when(notice)
    .thenThrows('conflict', /already issued/)
  const late = { ...notice, data: { ...notice.data, answerDueDate: '2023-03-31' } } as AssignmentCommand
  spec
    .given(given)
    .when(late)
    .thenThrows('invalid', /before today, 2023-04-03/)
  const onSunday = { ...notice, data: { ...notice.data, answerDueDate: '2023-04-09' } } as AssignmentCommand
  spec
    .given(given)
    .when(onSunday, { ...withTask(office), isWorkingDay: weekdaysOnly })
    .thenThrows('invalid')
  spec.given(given).when(notice, byUnit).thenThrows('forbidden')
})

t.test('督办单: the unit answers once; only the unit answers', async () => {
  spec
    .given([...given, noticeIssued])
    .when(answer, byUnit)
    .then([answered])
  spec
    .given([...given, noticeIssued, answered])
    .when(answer, byUnit)
    .thenThrows('conflict', /already answered/)
  spec
    .given([...given, noticeIssued])
    .when(answer, withTask(unit('jiangbei')))
    .thenThrows('forbidden')
  spec
    .given([...given, noticeIssued])
    .when(answer)
    .thenThrows('forbidden')
  spec
    .given(given)
    .when(answer, byUnit)
    .thenThrows('not_found', /no supervision notice n1/)
})

t.test('提级: escalated once per escalation id, naming facts that exist', async () => {
  spec
    .given([...given, noticeIssued])
    .when(escalate, bySchedule)
    .then([{ type: 'EscalatedToLeadership', data: escalate.data as never }])
  spec
    .given([...given, noticeIssued, { type: 'EscalatedToLeadership', data: escalate.data as never }])
    .when(escalate)
    .thenThrows('conflict')
  spec
    .given(given)
    .when(escalate)
    .thenThrows('not_found', /no supervision notice n1/)
  spec
    .given([...given, noticeIssued])
    .when(escalate, byUnit)
    .thenThrows('forbidden')
})
