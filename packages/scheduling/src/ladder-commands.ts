/**
 * A due ladder transition becomes the commands that record it: a reminder, a supervision notice
 * with its answer date, an escalation. Pure. Each carries the policy version and stage id, and
 * an id derived from stage, due date and obligation, so it can only ever be recorded once.
 */
import { type AssignmentCommand, policy } from '@duban/domain'
import { stageEventId } from './ids'

export interface LadderCommand {
  command: AssignmentCommand
  /** The id the command records (reminder, notice or escalation id). */
  id: string
}

export function ladderCommands(
  transition: policy.StageTransition,
  target: { taskId: string; unitId: string; today: string; noticeId: string | undefined },
  ladder: policy.EscalationPolicy,
  workingDays: policy.WorkingDays,
): LadderCommand[] {
  const { obligationId, dueDate, stageId, policyVersion, firing, supersededBy } = transition
  const base = { taskId: target.taskId, unitId: target.unitId, obligationId, policyVersion, stageId }
  const id = stageEventId(stageId, dueDate, obligationId)
  // Recorded after downtime with a later stage already due: kept for the record, said so plainly.
  const late = supersededBy
    ? `（补记：停机期间应于 ${transition.shouldHaveHappenedOn} 发生，已被「${supersededBy}」阶段取代）`
    : ''
  const reason = `${firing.because.zh}${late}`
  return transition.actions.flatMap((action): LadderCommand[] => {
    switch (action.kind) {
      case 'reminder':
        return [
          {
            id,
            command: {
              type: 'SendReminder',
              data: {
                ...base,
                reminderId: id,
                kind: action.template === 'due-soon' ? 'due_soon' : 'overdue',
                message: reason,
              },
            },
          },
        ]
      case 'supervision-notice': {
        // A unit is never asked to answer by a day already past: after downtime, the answer
        // period runs from the day the notice is actually issued.
        const fromDue = workingDays.addWorkingDays(
          transition.shouldHaveHappenedOn,
          action.answerWithinWorkingDays,
        )
        const answerDueDate =
          fromDue >= target.today
            ? fromDue
            : workingDays.addWorkingDays(target.today, action.answerWithinWorkingDays)
        const latestCommittedDate = policy.latestCommittedDate(answerDueDate, ladder, workingDays)
        return [
          {
            id,
            command: {
              type: 'IssueSupervisionNotice',
              data: {
                ...base,
                noticeId: id,
                grade: 'general',
                reason,
                answerDueDate,
                ...(latestCommittedDate !== null && { latestCommittedDate }),
              },
            },
          },
        ]
      }
      case 'escalate':
        return [
          {
            id,
            command: {
              type: 'EscalateToLeadership',
              data: {
                ...base,
                escalationId: id,
                reason,
                ...(target.noticeId !== undefined && { noticeId: target.noticeId }),
              },
            },
          },
        ]
      default:
        // 'list-in-bulletin': the bulletin (通报) lists every EscalatedToLeadership of its period.
        return []
    }
  })
}
