export type { ReportingCadence, ReportingPeriod } from './cadence'
export { obligationsFor, reportingCadenceSchema } from './cadence'
export type { Bilingual, EscalationPolicy, LadderAction, Stage, Trigger } from './escalation-policy'
export {
  actionSchema,
  bilingualSchema,
  escalationPolicySchema,
  stageSchema,
  triggerSchema,
} from './escalation-policy'
export type { Firing, LadderPosition, StageTransition } from './ladder'
export { ladderStageFor, nextActions, noticeAnswerDue, settlement } from './ladder'
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
  taskLight,
} from './lights'
export type { NoticeFact, ObligationFacts, ReportFact } from './obligation-facts'
export { factsAsOf } from './obligation-facts'
export {
  defaultEscalationPolicy,
  defaultReportingCadence,
  escalationPolicy,
  reportingCadence,
  UnknownPolicyVersionError,
} from './policies'
export { expectedAt, periodEnd } from './trajectory'
export type { BusinessDate, WorkingDays } from './working-days'
