/**
 * Obligations (报送义务): each report a unit owes for a period, with the facts the escalation
 * ladder and the lights read (reports and their reviews, notices and their answers). Lights and
 * stages are not stored: they depend on "today" and the working-day calendar, so the queries
 * compute them from these facts for the date asked — the projection stays deterministic.
 */
import type { policy } from '@duban/domain'
import type { RecordedEvent } from '@duban/eventstore'
import { type Projection, type ProjectionDb, temporalTable } from '@duban/projections'
import { dataOf, eventDay, str } from './event-day'

/** The ladder's facts, plus why each returned report was returned (退回理由). */
export interface StoredFacts extends policy.ObligationFacts {
  reports: (policy.ReportFact & { reason?: string })[]
  notices: policy.NoticeFact[]
}

export const obligationsTable = temporalTable({
  table: 'rm_obligations',
  key: ['unit_id', 'task_id', 'obligation_id'],
  columns: {
    period: 'TEXT NOT NULL',
    kind: 'TEXT NOT NULL',
    due_date: 'TEXT NOT NULL',
    /** open · under_review · met */
    status: 'TEXT NOT NULL',
    facts: 'TEXT NOT NULL',
  },
})

const linksDdl = `
  CREATE TABLE rm_obligation_links (
    unit_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    /** 'report:…' or 'notice:…' */
    ref TEXT NOT NULL,
    obligation_id TEXT NOT NULL,
    PRIMARY KEY (unit_id, task_id, ref)
  ) WITHOUT ROWID;
`

export const obligationsProjection: Projection = {
  name: 'obligations',
  version: 1,
  handles: [
    'ObligationOpened',
    'ProgressReportSubmitted',
    'ProgressReportAccepted',
    'ProgressReportReturned',
    'SupervisionNoticeIssued',
    'SupervisionNoticeAnswered',
    'ExtensionGranted',
  ],
  setup(db) {
    db.exec(obligationsTable.ddl)
    db.exec(linksDdl)
    db.exec('CREATE INDEX rm_obligations_task ON rm_obligations (task_id, valid_from_position)')
    // The overdue board: obligations not met, by due date.
    db.exec(
      `CREATE INDEX rm_obligations_due ON rm_obligations (due_date, valid_from_position) WHERE status <> 'met'`,
    )
  },
  apply(db, event) {
    const data = dataOf(event)
    const { unitId, taskId } = data
    if (event.type === 'ObligationOpened') {
      const obligationId = String(data['obligationId'])
      const dueDate = String(data['dueDate'])
      const facts: StoredFacts = { obligationId, dueDate, reports: [], notices: [], stagesReached: [] }
      obligationsTable.put(db, event, {
        unit_id: unitId,
        task_id: taskId,
        obligation_id: obligationId,
        period: String(data['period']),
        kind: String(data['kind']),
        due_date: dueDate,
        status: 'open',
        facts: JSON.stringify(facts),
      })
      return
    }
    const obligationId = obligationOf(db, event)
    if (obligationId === null) return
    const key = { unit_id: unitId, task_id: taskId, obligation_id: obligationId }
    const row = obligationsTable.latest(db, key)
    if (!row) return
    const facts = JSON.parse(String(row['facts'])) as StoredFacts
    const on = eventDay(event)
    let dueDate = String(row['due_date'])
    switch (event.type) {
      case 'ProgressReportSubmitted': {
        const reportId = String(data['reportId'])
        link(db, event, `report:${reportId}`, obligationId)
        facts.reports.push({ reportId, submittedOn: on, review: null })
        break
      }
      case 'ProgressReportAccepted':
      case 'ProgressReportReturned': {
        const report = facts.reports.find((r) => r.reportId === data['reportId'])
        if (!report) return
        const outcome = event.type === 'ProgressReportAccepted' ? 'accepted' : 'returned'
        report.review = { outcome, on }
        if (outcome === 'returned') report.reason = str(data['reason']) ?? ''
        break
      }
      case 'SupervisionNoticeIssued': {
        const noticeId = String(data['noticeId'])
        link(db, event, `notice:${noticeId}`, obligationId)
        facts.notices.push({
          noticeId,
          issuedOn: on,
          answerDueOn: String(data['answerDueDate']),
          answeredOn: null,
        })
        break
      }
      case 'SupervisionNoticeAnswered': {
        const notice = facts.notices.find((n) => n.noticeId === data['noticeId'])
        if (!notice) return
        notice.answeredOn = on
        break
      }
      case 'ExtensionGranted':
        dueDate = String(data['newDueDate'])
        facts.dueDate = dueDate
        break
    }
    obligationsTable.put(db, event, { ...row, due_date: dueDate, status: statusOf(facts), facts: JSON.stringify(facts) })
  },
}

function statusOf(facts: StoredFacts): string {
  if (facts.reports.some((r) => r.review?.outcome === 'accepted')) return 'met'
  return facts.reports.some((r) => r.review === null) ? 'under_review' : 'open'
}

/** The obligation an event is about: named in it, or found through its report or notice. */
function obligationOf(db: ProjectionDb, event: RecordedEvent): string | null {
  const data = dataOf(event)
  const named = str(data['obligationId'])
  if (named !== null || event.type === 'ProgressReportSubmitted' || event.type === 'ExtensionGranted')
    return named
  if (event.type === 'SupervisionNoticeIssued') return null
  const ref =
    event.type === 'SupervisionNoticeAnswered' ? `notice:${String(data['noticeId'])}` : `report:${String(data['reportId'])}`
  const row = db
    .prepare('SELECT obligation_id FROM rm_obligation_links WHERE unit_id = ? AND task_id = ? AND ref = ?')
    .get(data.unitId, data.taskId, ref) as { obligation_id: string } | undefined
  return row?.obligation_id ?? null
}

function link(db: ProjectionDb, event: RecordedEvent, ref: string, obligationId: string): void {
  const { unitId, taskId } = dataOf(event)
  db.prepare(
    'INSERT OR REPLACE INTO rm_obligation_links (unit_id, task_id, ref, obligation_id) VALUES (?, ?, ?, ?)',
  ).run(unitId, taskId, ref, obligationId)
}
