/**
 * The ladder of the product brief with its exact time semantics (issue 11), in working days
 * (工作日, China's calendar with 调休); every step on a working day, at the scheduler's morning run:
 * 1. due within 3 working days → yellow, "due soon" reminder;
 * 2. no accepted report by the due date → red, overdue reminder (催办) on the first working day
 *    after the due date;
 * 3. 3 working days after the due date → supervision notice (督办单), answer window 2 working days;
 * 4. escalation to the leadership group (领导小组), listed in the next bulletin (通报), only when the
 *    notice's window closes unanswered, or the date committed to in an on-time answer passes
 *    without an accepted report — each on the next working day.
 * Fairness: a report awaiting review holds every later step; the office reviews within 3 working
 * days; a returned report opens a 3-working-day resubmission window from which the ladder counts
 * again; a committed date lies at most 10 working days after the answer deadline.
 */
import type { EscalationPolicy } from './escalation-policy'
import { escalationPolicySchema } from './escalation-policy'

export const ladder2026v1: EscalationPolicy = escalationPolicySchema.parse({
  version: 'ladder-2026.1',
  stages: [
    {
      id: 'due-soon',
      name: { zh: '临近到期', en: 'due soon' },
      light: 'yellow',
      when: [{ kind: 'due-within', workingDays: 3 }],
      actions: [{ kind: 'reminder', template: 'due-soon' }],
    },
    {
      id: 'overdue',
      name: { zh: '逾期催办', en: 'overdue, reminder' },
      light: 'red',
      when: [{ kind: 'overdue', workingDays: 1 }],
      actions: [{ kind: 'reminder', template: 'overdue' }],
    },
    {
      id: 'supervision-notice',
      name: { zh: '下发督办单', en: 'supervision notice' },
      light: 'red',
      when: [{ kind: 'overdue', workingDays: 3 }],
      actions: [{ kind: 'supervision-notice', answerWithinWorkingDays: 2 }],
    },
    {
      id: 'escalation',
      name: { zh: '提级报领导小组', en: 'escalated to the leadership group' },
      light: 'red',
      when: [{ kind: 'notice-window-closed' }, { kind: 'commitment-passed' }],
      actions: [{ kind: 'escalate', to: 'leadership-group' }, { kind: 'list-in-bulletin' }],
    },
  ],
  fairness: {
    holdWhileAwaitingReview: true,
    reviewWithinWorkingDays: 3,
    resubmitWithinWorkingDays: 3,
    commitWithinWorkingDaysAfterAnswerDue: 10,
  },
})
