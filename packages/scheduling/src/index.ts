export { type PeriodToOpen, periodsOf } from './cadence'
export {
  DUE_OBLIGATIONS_SQL,
  DUE_OPENINGS_SQL,
  type DueIndexOptions,
  type DueObligation,
  type DueOpening,
  dueIndexProjection,
} from './due-index'
export { schedulerCommandId, stageEventId } from './ids'
export { type LadderCommand, ladderCommands } from './ladder-commands'
export {
  checkLedgerRules,
  LEDGER_RULES,
  type LedgerRule,
  type RuleContext,
  type RulesReport,
  type RuleViolation,
  type RuleWatcher,
} from './ledger-rules'
export { lightsAsOf } from './lights'
export { memoizedCalendar } from './memo-calendar'
export { type ObligationRules, obligationRules } from './obligation-rules'
export { type OpenSchedulerOptions, openScheduler } from './open'
export { LEDGER_RULE_TESTS, renderRuleBook } from './rule-book-page'
export { SCHEDULER_ACTOR, Scheduler, type SchedulerOptions, type SchedulerRun } from './scheduler'
export {
  type LadderStep,
  type UnitDifference,
  type WhatIfOptions,
  type WhatIfReport,
  whatIf,
} from './what-if'
