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
import { DraftNotConfirmableError, planCommandsFromDraft } from './plan-draft-commands'

const example = readFileSync(
  new URL('../../plan-import/fixtures/chongqing-2022-foreign-trade-and-investment.txt', import.meta.url),
  'utf8',
)
const directory = loadChongqingUnits()
const districtsAsOf = (date: string) =>
  directory.members(CHONGQING_DISTRICT_GOVERNMENTS, date).map((unit) => unit.id)
const districts = districtsAsOf('2022-09-20')
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
  const input = { plans: draft.plans, districtsAsOf, actor: office, confirmationId: 'draft-1' }

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
    districtsAsOf,
    actor: office,
    confirmationId: 'draft-2',
  }).catch((error: unknown) => error)
  t.type(refusal, DraftNotConfirmableError)
  t.match((refusal as DraftNotConfirmableError).unresolved, [
    { name: '市未知局', itemId: broken.items[2]!.id },
  ])
  t.equal(await ledger.store.headPosition(), 0)
})

t.test(
  'given the district group changed in 2025, when the 2022 plans are confirmed, then they bind the districts of 2022-09-20',
  async (t) => {
    t.equal(districts.length, 41, '41 district governments on the plans’ issue date')
    t.ok(districts.includes('cq-jiangbei'), '江北区 among them')
    t.notOk(districtsAsOf('2025-12-31').includes('cq-jiangbei'), 'but not in today’s directory')
    const asked: string[] = []
    const plans = planCommandsFromDraft(importPlans(example).plans, (date) => {
      asked.push(date)
      return districtsAsOf(date)
    })
    t.same([...new Set(asked)], ['2022-09-20'], 'asked as of the issue date')
    const first = plans[0]!.tasks[0]!
    const bound = first.assignments.filter((a) => a.role === 'district').map((a) => a.unitId)
    t.ok(bound.includes('cq-jiangbei'), '江北区 is bound to task 1')
    const named = first.assignments.filter((a) => a.role !== 'district').map((a) => a.unitId)
    t.equal(
      bound.length + named.filter((id) => districts.includes(id)).length,
      41,
      'all 41 districts bound, those also named as lead or co-unit once',
    )
  },
)
