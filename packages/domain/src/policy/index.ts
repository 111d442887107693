export type { ReportingPeriod } from './cadence'
export { defaultReportingCadence, obligationsFor, ReportingCadence } from './cadence'
export { addCalendarDays, earlierDate, laterDate } from './dates'
export type { Bilingual, EscalationPolicy, Fairness, LadderAction, Stage, Trigger } from './escalation-policy'
export {
  actionSchema,
  bilingualSchema,
  escalationPolicySchema,
  fairnessSchema,
  stageSchema,
  triggerSchema,
} from './escalation-policy'
export type { Firing, LadderPosition, LadderRound, StageTransition } from './ladder'
export {
  ladderOf,
  ladderStageFor,
  latestCommittedDate,
  nextActions,
  noticeAnswerDue,
  reviewDueOn,
  roundDueDate,
  roundOf,
  settlement,
} from './ladder'
export type {
  AssignmentLight,
  IndicatorBehind,
  Light,
  LightCounts,
  LightsReport,
  LightVerdict,
  ObligationStanding,
  UnitLights,
} from './lights'
export {
  acceptedOnTime,
  assignmentLight,
  assignmentLightId,
  emptyLightCounts,
  lightFor,
  lightsReport,
  obligationStanding,
  reviewLight,
  taskLight,
} from './lights'
export type { NoticeFact, ObligationFacts, ReportFact } from './obligation-facts'
export { factsAsOf } from './obligation-facts'
export {
  defaultEscalationPolicy,
  escalationPolicy,
  escalationPolicyVersions,
  UnknownPolicyVersionError,
  unrecordedLadder,
} from './policies'
export { RULE_BOOK, type Rule, ruleOf } from './rule-book'
export { expectedAt, periodEnd } from './trajectory'
export type { BusinessDate, WorkingDays } from './working-days'
