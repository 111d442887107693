import t from 'tap'
import { domainEvents } from '../domain-events'
import { office, scheduler, unit, weekdaysOnly } from '../testing/contexts'
import { DeciderSpecification } from '../testing/decider-specification'
import { acknowledged, assigned, command, event, q1Opened, withTask, yuzhong } from '../testing/fixtures'
import { assignmentDecider } from './decider'

const spec = DeciderSpecification.for(assignmentDecider, {
  context: withTask(office),
  registry: domainEvents,
})
const bySchedule = withTask(scheduler)
const byUnit = withTask(unit('yuzhong'))
const given = [assigned, acknowledged, q1Opened]
const ladder = { policyVersion: 'ladder-2022.1', obligationId: '2023-Q1' }

const overdue = {
  ...yuzhong,
  ...ladder,
  reminderId: '2023-Q1.overdue',
  kind: 'overdue' as const,
  stageId: 'overdue',
}
const overdueReminder = command('SendReminder', overdue)
const notification = {
  ...yuzhong,
  ...ladder,
  noticeId: 'n1',
  grade: 'general' as const,
  reason: '一季度进展逾期3个工作日未报送',
  answerDueDate: '2023-04-05',
  stageId: 'notice',
}
const notice = command('IssueSupervisionNotice', notification)
const noticeIssued = event('SupervisionNoticeIssued', notification)
const answering = { ...yuzhong, noticeId: 'n1', answer: '已补报一季度进展', evidence: [] }
const answer = command('AnswerSupervisionNotice', answering)
const answered = event('SupervisionNoticeAnswered', answering)
const escalation = {
  ...yuzhong,
  ...ladder,
  escalationId: '2023-Q1.escalate',
  reason: '督办单逾期未回复',
  noticeId: 'n1',
}
const escalate = command('EscalateToLeadership', escalation)

t.test('催办: the scheduler sends the ladder reminders, with the policy version', async () => {
  spec
    .given(given)
    .when(overdueReminder, bySchedule)
    .then([event('ReminderSent', overdue)])
})

t.test('催办: a manual reminder is the office’s; a reminder id is used once', async () => {
  const byHand = { ...yuzhong, reminderId: 'm1', kind: 'manual' as const, message: '请尽快报送' }
  const manual = command('SendReminder', byHand)
  spec
    .given(given)
    .when(manual)
    .then([event('ReminderSent', byHand)])
  spec
    .given(given)
    .when(manual, bySchedule)
    .thenThrows('forbidden', /manual reminder/)
  spec.given(given).when(manual, byUnit).thenThrows('forbidden')
  spec
    .given([...given, event('ReminderSent', overdue)])
    .when(overdueReminder, bySchedule)
    .thenThrows('conflict', /already sent/)
})

t.test('督办单: issued to the unit with a working-day answer date not in the past', async () => {
  spec.given(given).when(notice, bySchedule).then([noticeIssued])
  spec
    .given([...given, noticeIssued])
    .when(notice)
    .thenThrows('conflict', /already issued/)
  const late = command('IssueSupervisionNotice', { ...notification, answerDueDate: '2023-03-31' })
  spec
    .given(given)
    .when(late)
    .thenThrows('invalid', /before today, 2023-04-03/)
  const onSunday = command('IssueSupervisionNotice', { ...notification, answerDueDate: '2023-04-09' })
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
    .then([event('EscalatedToLeadership', escalation)])
  spec
    .given([...given, noticeIssued, event('EscalatedToLeadership', escalation)])
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

t.test(
  '承诺日期: a notice that bounds the committed date needs one in its answer, within the bound',
  async () => {
    // today is 2023-04-03; the ladder bounded the commitment to 10 working days after 04-05.
    const bounded = { ...notification, latestCommittedDate: '2023-04-19' }
    const issued = event('SupervisionNoticeIssued', bounded)
    const withDate = (committedDate?: string) =>
      command('AnswerSupervisionNotice', { ...answering, ...(committedDate && { committedDate }) })
    spec
      .given([...given, issued])
      .when(withDate('2023-04-14'), byUnit)
      .then([event('SupervisionNoticeAnswered', { ...answering, committedDate: '2023-04-14' })])
    spec
      .given([...given, issued])
      .when(withDate(), byUnit)
      .thenThrows('invalid', /needs a committed date/)
    spec
      .given([...given, issued])
      .when(withDate('2023-04-20'), byUnit)
      .thenThrows('invalid', /after 2023-04-19, the latest the ladder allows/)
    spec
      .given([...given, issued])
      .when(withDate('2023-03-31'), byUnit)
      .thenThrows('invalid', /before today, 2023-04-03/)
    spec
      .given([...given, noticeIssued])
      .when(answer, byUnit)
      .then([answered])
  },
)
