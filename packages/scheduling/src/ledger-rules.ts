/**
 * The accountability rules a ledger must keep, checked by reading its log once, in order. Each
 * rule is a small named check: it watches the events and reports every event that breaks it,
 * so `duban verify --rules` and the tests count the same things on any ledger. Add a rule by
 * adding an entry to `LEDGER_RULES`.
 */
import type { Calendar } from '@duban/calendar'
import type { policy } from '@duban/domain'
import type { EventStore, RecordedEvent } from '@duban/eventstore'
import { eventDay } from '@duban/projections'
import { loadChongqingUnits } from '@duban/units'

export interface RuleViolation {
  rule: string
  streamId: string
  position: number
  /** The business date of the offending event. */
  day: string
  detail: string
}

export interface RuleContext {
  calendar: Calendar
  /** When each unit ceased to exist (null: it exists); the bundled Chongqing directory by default. */
  units?: { ceasedOn(unitId: string): string | null }
}

/** A rule's watcher over one pass of the log. */
export interface RuleWatcher {
  event(event: RecordedEvent, day: string): RuleViolation[]
}

export interface LedgerRule {
  name: string
  because: policy.Bilingual
  watch(context: RuleContext): RuleWatcher
}

type Data = Record<string, unknown>

/** A ladder step the scheduler took (reminder, notice, escalation recorded with a ladder stage). */
const isLadderStep = (event: RecordedEvent): boolean =>
  (event.type === 'ReminderSent' ||
    event.type === 'SupervisionNoticeIssued' ||
    event.type === 'EscalatedToLeadership') &&
  typeof (event.data as Data)['stageId'] === 'string'

const obligationKey = (event: RecordedEvent): string | null => {
  const obligationId = (event.data as Data)['obligationId']
  return typeof obligationId === 'string' ? `${event.streamId} ${obligationId}` : null
}

const violation = (rule: string, event: RecordedEvent, day: string, detail: string): RuleViolation => ({
  rule,
  streamId: event.streamId,
  position: event.position,
  day,
  detail,
})

/** The notices of each obligation, in log order, with their answers. */
class NoticeBook {
  private readonly byObligation = new Map<string, NoticeRecord[]>()
  private readonly byId = new Map<string, NoticeRecord>()

  see(event: RecordedEvent, day: string): void {
    const data = event.data as Data
    if (event.type === 'SupervisionNoticeIssued') {
      const key = obligationKey(event)
      const record: NoticeRecord = {
        noticeId: String(data['noticeId']),
        issuedOn: day,
        answerDueOn: String(data['answerDueDate']),
        answeredOn: null,
        committedDate: null,
      }
      this.byId.set(`${event.streamId} ${record.noticeId}`, record)
      if (key) this.byObligation.set(key, [...(this.byObligation.get(key) ?? []), record])
    } else if (event.type === 'SupervisionNoticeAnswered') {
      const record = this.byId.get(`${event.streamId} ${String(data['noticeId'])}`)
      if (record) {
        record.answeredOn = day
        record.committedDate = typeof data['committedDate'] === 'string' ? data['committedDate'] : null
      }
    }
  }

  latest(event: RecordedEvent): NoticeRecord | undefined {
    const key = obligationKey(event)
    return key ? this.byObligation.get(key)?.at(-1) : undefined
  }
}

interface NoticeRecord {
  noticeId: string
  issuedOn: string
  answerDueOn: string
  answeredOn: string | null
  committedDate: string | null
}

/** What opens an obligation or walks its ladder: none of it may reach a unit that is gone. */
const OBLIGATION_STEPS = new Set([
  'ObligationOpened',
  'ReminderSent',
  'SupervisionNoticeIssued',
  'EscalatedToLeadership',
])

export const LEDGER_RULES: readonly LedgerRule[] = [
  {
    name: 'steps-on-working-days',
    because: {
      zh: '督办程序的每一步（提醒、催办、督办单、提级）只在工作日发生',
      en: 'every ladder step (reminder, notice, escalation) happens on a working day',
    },
    watch: ({ calendar }) => ({
      event: (event, day) =>
        isLadderStep(event) && !calendar.isWorkingDay(day)
          ? [violation('steps-on-working-days', event, day, `${event.type} on ${day}, not a working day`)]
          : [],
    }),
  },
  {
    name: 'no-escalation-within-answer-window',
    because: {
      zh: '督办单答复期限届满前（含届满当日）不提级',
      en: 'no escalation on or before the answer deadline of the notice',
    },
    watch: () => {
      const notices = new NoticeBook()
      return {
        event: (event, day) => {
          notices.see(event, day)
          if (event.type !== 'EscalatedToLeadership') return []
          const notice = notices.latest(event)
          if (!notice || day > notice.answerDueOn) return []
          return [
            violation(
              'no-escalation-within-answer-window',
              event,
              day,
              `escalated on ${day}, notice ${notice.noticeId} answerable until ${notice.answerDueOn}`,
            ),
          ]
        },
      }
    },
  },
  {
    name: 'no-escalation-before-commitment',
    because: {
      zh: '按期答复督办单的单位，在其承诺日期届满前不提级',
      en: 'no escalation of a unit that answered its notice in time before its committed date has passed',
    },
    watch: () => {
      const notices = new NoticeBook()
      return {
        event: (event, day) => {
          notices.see(event, day)
          if (event.type !== 'EscalatedToLeadership') return []
          const notice = notices.latest(event)
          if (!notice?.answeredOn || notice.answeredOn > notice.answerDueOn) return []
          // An on-time answer without a committed date (ledgers before committed dates) gave the
          // ladder nothing to escalate on.
          if (notice.committedDate !== null && day > notice.committedDate) return []
          return [
            violation(
              'no-escalation-before-commitment',
              event,
              day,
              notice.committedDate === null
                ? `escalated on ${day} though notice ${notice.noticeId} was answered in time (${notice.answeredOn})`
                : `escalated on ${day}, before the committed date ${notice.committedDate} had passed`,
            ),
          ]
        },
      }
    },
  },
  {
    name: 'no-obligation-after-unit-ceased',
    because: {
      zh: '单位撤并（合并、撤销）之后，不再向其开出报送义务、发出催办、督办单或提级；其交办事项移交承接单位',
      en: 'no obligation, reminder, notice or escalation for a unit on or after the day it ceased to exist (merged, abolished); its assignments pass to its successor',
    },
    watch: ({ units = loadChongqingUnits() }) => ({
      event: (event, day) => {
        if (!OBLIGATION_STEPS.has(event.type)) return []
        const unitId = (event.data as Data)['unitId']
        const ceasedOn = typeof unitId === 'string' ? units.ceasedOn(unitId) : null
        if (ceasedOn === null || day < ceasedOn) return []
        return [
          violation(
            'no-obligation-after-unit-ceased',
            event,
            day,
            `${event.type} for ${String(unitId)} on ${day}; it ceased to exist on ${ceasedOn}`,
          ),
        ]
      },
    }),
  },
  {
    name: 'no-step-while-awaiting-review',
    because: {
      zh: '报送待审核期间，不下发督办单、不提级',
      en: 'no supervision notice or escalation while a report of the obligation awaits review',
    },
    watch: () => {
      const pending = new Map<string, Set<string>>()
      const reportObligation = new Map<string, string>()
      return {
        event: (event, day) => {
          const data = event.data as Data
          const key = obligationKey(event)
          switch (event.type) {
            case 'ProgressReportSubmitted': {
              if (!key) return []
              const reportId = `${event.streamId} ${String(data['reportId'])}`
              reportObligation.set(reportId, key)
              pending.set(key, new Set([...(pending.get(key) ?? []), reportId]))
              return []
            }
            case 'ProgressReportAccepted':
            case 'ProgressReportReturned': {
              const reportId = `${event.streamId} ${String(data['reportId'])}`
              const owner = reportObligation.get(reportId)
              if (owner) pending.get(owner)?.delete(reportId)
              return []
            }
            case 'SupervisionNoticeIssued':
            case 'EscalatedToLeadership': {
              if (!key || !isLadderStep(event) || (pending.get(key)?.size ?? 0) === 0) return []
              const reports = [...(pending.get(key) ?? [])].map((r) => r.split(' ')[1]).join(', ')
              return [
                violation(
                  'no-step-while-awaiting-review',
                  event,
                  day,
                  `${event.type} on ${day} while report ${reports} awaited review`,
                ),
              ]
            }
            default:
              return []
          }
        },
      }
    },
  },
]

export interface RulesReport {
  events: number
  rules: { name: string; because: policy.Bilingual; violations: number; examples: RuleViolation[] }[]
}

/** Reads the whole log once and checks every rule; keeps the first `examples` violations of each. */
export async function checkLedgerRules(
  store: Pick<EventStore, 'readAll'>,
  context: RuleContext,
  options: { rules?: readonly LedgerRule[]; examples?: number } = {},
): Promise<RulesReport> {
  const rules = options.rules ?? LEDGER_RULES
  const keep = options.examples ?? 5
  const watchers = rules.map((rule) => rule.watch(context))
  const results = rules.map((rule) => ({
    name: rule.name,
    because: rule.because,
    violations: 0,
    examples: [] as RuleViolation[],
  }))
  let events = 0
  for (let after = 0; ; ) {
    const batch = await store.readAll({ after, limit: 5000 })
    if (batch.length === 0) break
    for (const event of batch) {
      events++
      const day = eventDay(event)
      watchers.forEach((watcher, i) => {
        const found = watcher.event(event, day)
        const result = results[i]!
        result.violations += found.length
        for (const v of found) if (result.examples.length < keep) result.examples.push(v)
      })
    }
    after = batch.at(-1)!.position
  }
  return { events, rules: results }
}
