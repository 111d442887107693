/**
 * The accountability rules of issue 11, read from the log of `duban simulate` over the whole
 * plan period (2022-10-01 → 2024-12-31, its default seed 1): every rule of LEDGER_RULES holds on
 * every event.
 */
import { latestCalendar } from '@duban/calendar'
import { checkLedgerRules } from '@duban/scheduling'
import { simulate } from '@duban/simulation'
import t from 'tap'

t.setTimeout(900_000)

const { store, summary } = await simulate({ from: '2022-10-01', to: '2024-12-31', seed: 1 })
t.teardown(() => store.close())

t.test(
  'given the whole plan period simulated, when its log is checked against the ledger rules',
  async (t) => {
    const report = await checkLedgerRules(store, { calendar: latestCalendar() })
    t.equal(report.events, summary.events)
    t.ok(summary.escalations > 500 && summary.notices.issued > 1000, 'a ledger that climbs the ladder')
    t.equal(summary.refusedCommands, 0, 'no simulated command was refused (committed dates within bounds)')
    for (const rule of report.rules)
      t.equal(rule.violations, 0, `${rule.name}: ${rule.because.en}`, { examples: rule.examples })
  },
)
