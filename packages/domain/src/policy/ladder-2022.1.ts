/**
 * The default ladder from the product brief, in working days (工作日):
 * 1. due within 3 working days → yellow, "due soon" reminder;
 * 2. due date passed without an accepted report → red, automatic reminder (催办);
 * 3. 3 working days overdue → supervision notice (督办单), answer due in 2 working days;
 * 4. 5 working days overdue, or a notice unanswered by its answer date → escalation to the
 *    leadership group (领导小组), listed in the next bulletin (通报).
 */
import type { EscalationPolicy } from './escalation-policy'
import { escalationPolicySchema } from './escalation-policy'

export const ladder2022v1: EscalationPolicy = escalationPolicySchema.parse({
  version: 'ladder-2022.1',
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
      when: [{ kind: 'due-passed' }],
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
      when: [{ kind: 'overdue', workingDays: 5 }, { kind: 'notice-unanswered' }],
      actions: [{ kind: 'escalate', to: 'leadership-group' }, { kind: 'list-in-bulletin' }],
    },
  ],
})
