/**
 * The accountability rules of issue 11, read from the log of the demo ledger (the example plans
 * lived to 2023-11-15 10:00, seed 2023, as `pnpm start` builds it): every rule of LEDGER_RULES
 * holds on every event, counted the way `duban verify --rules` counts.
 */

import { latestCalendar } from '@duban/calendar'
import { DEMO_SEED, DEMO_TODAY } from '@duban/runtime'
import { checkLedgerRules, LEDGER_RULES } from '@duban/scheduling'
import { simulate } from '@duban/simulation'
import t from 'tap'

t.setTimeout(600_000)

const { store } = await simulate({
  from: '2022-10-01',
  to: DEMO_TODAY.slice(0, 10),
  until: new Date(DEMO_TODAY),
  seed: DEMO_SEED,
})
t.teardown(() => store.close())

t.test('given the demo ledger, when its log is checked against the ledger rules', async (t) => {
  const report = await checkLedgerRules(store, { calendar: latestCalendar() })
  const steps = await store.readAll({ after: 0, limit: 1_000_000 })
  const count = (type: string) =>
    steps.filter((e) => e.type === type && typeof (e.data as { stageId?: unknown }).stageId === 'string')
      .length
  t.ok(report.events > 40_000, `${report.events} events`)
  t.ok(
    count('SupervisionNoticeIssued') > 1000 && count('EscalatedToLeadership') > 500,
    'with notices and escalations',
  )
  t.same(
    report.rules.map((r) => r.name),
    LEDGER_RULES.map((r) => r.name),
  )
  for (const rule of report.rules)
    t.equal(rule.violations, 0, `${rule.name}: ${rule.because.en}`, { examples: rule.examples })
})
