export * from './metrics/on-time'
export { readModelProjections } from './projections'
export type { AsOf } from './queries/as-of'
export type { PlanDashboard } from './queries/dashboard'
export type { HistoryEntry, TaskHistory } from './queries/history-view'
export type { InboxLine, InboxView } from './queries/inbox-view'
export type { Actual, Indicator, IndicatorView } from './queries/indicator-view'
export type { LedgerRow } from './queries/ledger-rows'
export type { OverdueBoard, OverdueFilters, OverdueLine } from './queries/overdue-board'
export type {
  BurdenLine,
  DateRange,
  DueObligation,
  EscalationLine,
  PublishedBulletin,
  TaskInfo,
} from './queries/period'
export { type PeriodFacts, periodFactsOf, readOnlyPeriodFacts } from './queries/period-facts'
export type { Policies } from './queries/policies'
export type { ReviewQueue } from './queries/review-queue'
export type { TaskBoardLine } from './queries/task-board'
export type { ObligationLine, UnitAssignment, UnitView } from './queries/unit-view'
export { ViewError } from './queries/view-error'
export { type AsOfInput, type Paging, ReadModels, type ReadModelsOptions } from './read-models'
