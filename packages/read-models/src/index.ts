export * from './metrics/on-time'
export { readModelProjections } from './projections'
export type { AsOf } from './queries/as-of'
export type { PlanDashboard } from './queries/dashboard'
export type { HistoryEntry, TaskHistory } from './queries/history-view'
export type { InboxFilters, InboxLine, InboxView } from './queries/inbox-view'
export type { Actual, Indicator, IndicatorView } from './queries/indicator-view'
export type { LedgerRow } from './queries/ledger-rows'
export { type NoticeNumber, noticeKey } from './queries/notice-numbers'
export type { OverdueBoard, OverdueFilters, OverdueLine, OverdueUnit } from './queries/overdue-board'
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
export type { ReviewFilters, ReviewQueue } from './queries/review-queue'
export type { TaskBoardLine } from './queries/task-board'
export {
  naturalOrder,
  type ObligationLine,
  type UnitAssignment,
  type UnitView,
  type UnitViewFilters,
} from './queries/unit-view'
export { ViewError } from './queries/view-error'
export { type AsOfInput, type Paging, ReadModels, type ReadModelsOptions } from './read-models'
