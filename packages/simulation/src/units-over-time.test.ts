/**
 * Invariant, read from the log of a simulation crossing 2025-11-06 (江北区 and 渝北区 merged into
 * the new district 两江新区): 0 obligations — and 0 ladder steps — for a unit after it ceased to
 * exist; each of its open assignments passed to the successor by an explicit event, seen on both
 * streams; the successor gets the obligations from then on.
 */
import { latestCalendar } from '@duban/calendar'
import type { RecordedEvent } from '@duban/eventstore'
import { checkLedgerRules, LEDGER_RULES } from '@duban/scheduling'
import { loadChongqingUnits } from '@duban/units'
import t from 'tap'
import { simulate } from './simulate'

// A plan running through the merger: every task binds all district governments of its date.
const plan = `重庆市推动示范三年行动计划
(2024—2026年)
一、主要任务
1.开展示范活动。每年开展10场以上示范活动。(责任单位:市商务委,各区县政府;以下均需各区县政府负责,不再列出)
2.培育外贸主体。到2026年,培育外贸主体100家。(责任单位:市发展改革委)
`

async function logOf(store: { readAll(o: { after: number; limit: number }): Promise<RecordedEvent[]> }) {
  const events: RecordedEvent[] = []
  for (let after = 0; ; ) {
    const batch = await store.readAll({ after, limit: 5000 })
    if (batch.length === 0) return events
    events.push(...batch)
    after = batch.at(-1)!.position
  }
}

const dayOf = (event: RecordedEvent) => event.metadata.businessDate ?? shanghaiDay(event.metadata.recordedAt)
const shanghaiDay = (instant: string) =>
  new Date(new Date(instant).getTime() + 8 * 3_600_000).toISOString().slice(0, 10)

t.test('simulated from 2025-09-01 to 2026-02-27 across the 2025-11-06 merger', async (t) => {
  const { store } = await simulate({ from: '2025-09-01', to: '2026-02-27', seed: 11, plansText: plan })
  t.teardown(() => store.close())
  const log = await logOf(store)
  const units = loadChongqingUnits()
  const unitOf = (event: RecordedEvent) => (event.data as { unitId?: string }).unitId
  const ceasedBefore = (event: RecordedEvent) => {
    const unitId = unitOf(event)
    const ceased = unitId ? units.ceasedOn(unitId) : null
    return ceased !== null && dayOf(event) >= ceased
  }

  const bound = log.filter((e) => e.type === 'TaskAssigned' && unitOf(e) === 'cq-jiangbei')
  t.equal(bound.length, 2, '江北区 was bound to both tasks (a district government in 2025)')
  t.ok(
    log.some((e) => e.type === 'ObligationOpened' && unitOf(e) === 'cq-jiangbei'),
    '江北区 had obligations before the merger',
  )

  const steps = ['ObligationOpened', 'ReminderSent', 'SupervisionNoticeIssued', 'EscalatedToLeadership']
  const late = log.filter((e) => steps.includes(e.type) && ceasedBefore(e))
  t.same(
    late.map((e) => `${e.type} ${unitOf(e)} ${dayOf(e)}`),
    [],
    '0 obligations, reminders, notices or escalations for a unit after it ceased to exist',
  )

  const rules = await checkLedgerRules(
    store,
    { calendar: latestCalendar(), units },
    { rules: LEDGER_RULES.filter((rule) => rule.name === 'no-obligation-after-unit-ceased') },
  )
  t.match(rules.rules, [{ name: 'no-obligation-after-unit-ceased', violations: 0 }], 'the ledger rule agrees')
  t.ok(rules.events > 1000, `${rules.events} events checked`)

  for (const ceased of ['cq-jiangbei', 'cq-yubei']) {
    const out = log.filter((e) => e.type === 'AssignmentTransferred' && unitOf(e) === ceased)
    t.equal(out.length, 2, `${ceased}: both assignments passed on`)
    t.match(out[0]?.data, {
      toUnitId: 'cq-liangjiangqu',
      effectiveOn: '2025-11-06',
      reason: /cq-liangjiangqu/,
    })
    t.equal(out[0]?.metadata.businessDate, '2025-11-06', 'recorded with its effective date')
  }
  const taken = log.filter((e) => e.type === 'AssignmentTakenOver' && unitOf(e) === 'cq-liangjiangqu')
  t.same(
    taken.map((e) => (e.data as { fromUnitId: string }).fromUnitId).sort(),
    ['cq-jiangbei', 'cq-jiangbei', 'cq-yubei', 'cq-yubei'],
    'the successor shows whom it took over from',
  )
  const successorObligations = log.filter(
    (e) => e.type === 'ObligationOpened' && unitOf(e) === 'cq-liangjiangqu',
  )
  t.ok(
    successorObligations.length >= 2,
    `${successorObligations.length} obligations opened for 两江新区 after the merger`,
  )
  t.ok(successorObligations.every((e) => dayOf(e) >= '2025-11-06'))
})
