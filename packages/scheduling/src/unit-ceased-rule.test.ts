/**
 * The ledger rule "no-obligation-after-unit-ceased", given/when/then over a real log: an
 * obligation or ladder step for 江北区 (ceased 2025-11-06) the day before is fine; on the day or
 * after it is a violation naming the event.
 */
import { latestCalendar } from '@duban/calendar'
import { openMemoryEventStore } from '@duban/eventstore'
import t from 'tap'
import { checkLedgerRules, LEDGER_RULES } from './ledger-rules'

const rule = LEDGER_RULES.filter((candidate) => candidate.name === 'no-obligation-after-unit-ceased')

async function givenObligationsOpened(days: { unitId: string; day: string }[]) {
  const store = openMemoryEventStore()
  let n = 0
  for (const { unitId, day } of days) {
    const commandId = `c${++n}`
    await store.append(
      `assignment-p.t1~${unitId}`,
      [
        {
          type: 'ObligationOpened',
          schemaVersion: 1,
          data: {
            taskId: 'p.t1',
            unitId,
            obligationId: `o${n}`,
            period: '2025-Q4',
            dueDate: '2026-01-08',
            kind: 'periodic',
          },
          metadata: {
            actor: 'system:scheduler',
            unit: null,
            commandId,
            correlationId: commandId,
            causationId: commandId,
            recordedAt: `${day}T00:00:00.000Z`,
          },
        },
      ],
      { expectedVersion: 'any' },
    )
  }
  return store
}

t.test('no obligation for a unit on or after the day it ceased to exist', async (t) => {
  const store = await givenObligationsOpened([
    { unitId: 'cq-jiangbei', day: '2025-11-05' },
    { unitId: 'cq-jiangbei', day: '2025-11-06' },
    { unitId: 'cq-liangjiangqu', day: '2025-11-06' },
    { unitId: 'cq-yubei', day: '2026-01-05' },
  ])
  t.teardown(() => store.close())
  const report = await checkLedgerRules(store, { calendar: latestCalendar() }, { rules: rule })
  const [result] = report.rules
  t.equal(result?.violations, 2)
  t.same(
    result?.examples.map((v) => v.detail),
    [
      'ObligationOpened for cq-jiangbei on 2025-11-06; it ceased to exist on 2025-11-06',
      'ObligationOpened for cq-yubei on 2026-01-05; it ceased to exist on 2025-11-06',
    ],
  )
  const none = await checkLedgerRules(
    store,
    { calendar: latestCalendar(), units: { ceasedOn: () => null } },
    { rules: rule },
  )
  t.equal(none.rules[0]?.violations, 0, 'with a directory where nobody ceased, nothing to report')
})
