/**
 * Confirming the example plans writes the plan, task and assignment events once: a second
 * confirmation writes nothing, and a draft with an unknown unit writes nothing at all.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { domainEvents } from '@duban/domain'
import { openSqliteEventStore, verifyLog } from '@duban/eventstore'
import { importPlans } from '@duban/plan-import'
import { CHONGQING_DISTRICT_GOVERNMENTS, loadChongqingUnits } from '@duban/units'
import t, { type Test } from 'tap'
import { fixedClock } from './clock'
import { confirmPlans } from './confirm-plan'
import { eventCodec } from './event-codec'
import { DraftNotConfirmableError } from './plan-draft-commands'

const example = readFileSync(
  new URL('../../plan-import/fixtures/chongqing-2022-foreign-trade-and-investment.txt', import.meta.url),
  'utf8',
)
const districts = loadChongqingUnits()
  .members(CHONGQING_DISTRICT_GOVERNMENTS, '2022-09-20')
  .map((unit) => unit.id)
const office = { userId: 'ducha-01', unitId: null, roles: ['supervision_office' as const] }

function givenLedger(t: Test) {
  const directory = mkdtempSync(path.join(tmpdir(), 'duban-confirm-'))
  const store = openSqliteEventStore({ file: path.join(directory, 'ledger.sqlite') })
  t.teardown(async () => {
    await store.close()
    rmSync(directory, { recursive: true, force: true })
  })
  return { store, clock: fixedClock('2022-10-08T02:00:00Z'), codec: eventCodec(domainEvents) }
}

t.test('confirming the example plans writes every plan, task and assignment, once', async (t) => {
  const ledger = givenLedger(t)
  const draft = importPlans(example)
  const input = { plans: draft.plans, districtUnitIds: districts, actor: office, confirmationId: 'draft-1' }

  const first = await confirmPlans(ledger, input)
  t.equal(first.plans.length, 2)
  t.same(
    first.plans.map((plan) => plan.tasks),
    [draft.plans[0]!.items.length, draft.plans[1]!.items.length],
  )
  const tasks = first.plans.reduce((sum, plan) => sum + plan.tasks, 0)
  const assignments = first.plans.reduce((sum, plan) => sum + plan.assignments, 0)
  t.ok(
    assignments > tasks * districts.length,
    'every task binds every district government and its named units',
  )
  t.equal(first.eventsWritten, 2 + tasks + assignments, 'one event per plan, task and assignment')
  const head = await ledger.store.headPosition()
  t.equal(head, first.eventsWritten)

  const second = await confirmPlans(ledger, input)
  t.equal(second.eventsWritten, 0, 'confirming twice writes nothing new')
  t.equal(await ledger.store.headPosition(), head)
  t.match(await verifyLog(ledger.store), { ok: true, events: head })
})

t.test('a draft naming a unit the directory does not know is refused and writes nothing', async (t) => {
  const ledger = givenLedger(t)
  const draft = importPlans(example)
  const plan = draft.plans[0]!
  const broken = {
    ...plan,
    items: plan.items.map((item, i) =>
      i === 2
        ? { ...item, coUnits: [...item.coUnits, { name: '市未知局', unitId: null, unknown: true }] }
        : item,
    ),
  }
  const refusal = await confirmPlans(ledger, {
    plans: [broken],
    districtUnitIds: districts,
    actor: office,
    confirmationId: 'draft-2',
  }).catch((error: unknown) => error)
  t.type(refusal, DraftNotConfirmableError)
  t.match((refusal as DraftNotConfirmableError).unresolved, [
    { name: '市未知局', itemId: broken.items[2]!.id },
  ])
  t.equal(await ledger.store.headPosition(), 0)
})
