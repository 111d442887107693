/**
 * What the ladder and the lights read about one obligation, as a projection of its events. Every
 * fact carries its business date, so evaluating "as of" a past date only needs that date: facts
 * dated later are ignored.
 */
import type { BusinessDate } from './working-days'

export interface ReportFact {
  reportId: string
  submittedOn: BusinessDate
  /** null while awaiting review. A returned report counts as not submitted. */
  review: { outcome: 'accepted' | 'returned'; on: BusinessDate } | null
}

export interface NoticeFact {
  noticeId: string
  issuedOn: BusinessDate
  answerDueOn: BusinessDate
  answeredOn: BusinessDate | null
  /** The date the unit committed to in its answer (承诺办结/报送日期), when it gave one. */
  committedDate?: BusinessDate | null
}

export interface ObligationFacts {
  obligationId: string
  /** The current due date, after any extension. */
  dueDate: BusinessDate
  /**
   * The ladder version recorded when the obligation was opened; absent on obligations opened
   * before ladders were recorded (they walked `unrecordedLadder`).
   */
  ladderVersion?: string
  /** The calendar version its dates are counted with, as recorded when it was opened. */
  calendarVersion?: string
  reports: readonly ReportFact[]
  notices: readonly NoticeFact[]
  /**
   * Stages already recorded, each against the due date it was reached for: after an extension
   * the ladder starts again for the new due date.
   */
  stagesReached: readonly { stageId: string; dueDate: BusinessDate }[]
}

/** The facts as they stood at the end of `date`: later reports, reviews, notices and answers removed. */
export function factsAsOf(facts: ObligationFacts, date: BusinessDate): ObligationFacts {
  return {
    ...facts,
    reports: facts.reports
      .filter((r) => r.submittedOn <= date)
      .map((r) => (r.review && r.review.on > date ? { ...r, review: null } : r)),
    notices: facts.notices
      .filter((n) => n.issuedOn <= date)
      .map((n) =>
        n.answeredOn && n.answeredOn > date ? { ...n, answeredOn: null, committedDate: null } : n,
      ),
  }
}
