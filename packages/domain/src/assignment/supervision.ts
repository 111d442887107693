/** 催办, 督办单 and 提级: the supervision office's and the escalation ladder's pressure on a unit. */
import { businessDateOf } from '@duban/calendar/business-date'
import { conflict, invalid, notFound } from '../errors'
import {
  requireSupervisionOffice,
  requireSupervisionOfficeOrScheduler,
  requireUnit,
  requireWorkingDay,
} from '../guards'
import { describe, type Handler, obligationOf } from './context'

export const sendReminder: Handler<'SendReminder'> = (data, assignment, context) => {
  // A manual reminder is a person's judgment; the ladder's reminders may come from the scheduler.
  if (data.kind === 'manual') requireSupervisionOffice(context, 'send a manual reminder (催办)')
  else requireSupervisionOfficeOrScheduler(context, `send a ${data.kind} reminder`)
  if (assignment.reminderIds.has(data.reminderId))
    throw conflict(`reminder ${data.reminderId} was already sent`)
  if (data.obligationId !== undefined) obligationOf(assignment, data.obligationId)
  return [{ type: 'ReminderSent', data }]
}

export const issueNotice: Handler<'IssueSupervisionNotice'> = (data, assignment, context) => {
  requireSupervisionOfficeOrScheduler(context, 'issue a supervision notice (督办单)')
  if (assignment.notices[data.noticeId])
    throw conflict(`supervision notice ${data.noticeId} was already issued`)
  if (data.obligationId !== undefined) obligationOf(assignment, data.obligationId)
  const today = businessDateOf(context.now)
  if (data.answerDueDate < today) {
    throw invalid(
      `the answer due date ${data.answerDueDate} of a supervision notice is before today, ${today}`,
    )
  }
  requireWorkingDay(context, data.answerDueDate, 'the answer due date')
  return [{ type: 'SupervisionNoticeIssued', data }]
}

export const answerNotice: Handler<'AnswerSupervisionNotice'> = (data, assignment, context) => {
  requireUnit(context, assignment.unitId, 'answer a supervision notice addressed to it')
  const notice = assignment.notices[data.noticeId]
  if (!notice) throw notFound(`${describe(assignment)} has no supervision notice ${data.noticeId}`)
  if (notice.answered) throw conflict(`supervision notice ${data.noticeId} is already answered`)
  const latest = notice.latestCommittedDate
  if (latest !== undefined) {
    // The ladder's rule: an answer commits to a date (承诺办结/报送日期), bounded by the policy.
    if (data.committedDate === undefined) {
      throw invalid(
        `an answer to supervision notice ${data.noticeId} needs a committed date (committedDate), at the latest ${latest}`,
      )
    }
    const today = businessDateOf(context.now)
    if (data.committedDate < today) {
      throw invalid(`the committed date ${data.committedDate} is before today, ${today}`)
    }
    if (data.committedDate > latest) {
      throw invalid(
        `the committed date ${data.committedDate} is after ${latest}, the latest the ladder allows for notice ${data.noticeId}`,
      )
    }
  }
  return [{ type: 'SupervisionNoticeAnswered', data }]
}

export const escalate: Handler<'EscalateToLeadership'> = (data, assignment, context) => {
  requireSupervisionOfficeOrScheduler(context, 'escalate to the leadership group (提级)')
  if (assignment.escalationIds.has(data.escalationId)) {
    throw conflict(`escalation ${data.escalationId} was already made`)
  }
  if (data.obligationId !== undefined) obligationOf(assignment, data.obligationId)
  if (data.noticeId !== undefined && !assignment.notices[data.noticeId]) {
    throw notFound(`${describe(assignment)} has no supervision notice ${data.noticeId}`)
  }
  return [{ type: 'EscalatedToLeadership', data }]
}
