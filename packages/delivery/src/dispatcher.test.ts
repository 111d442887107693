/**
 * The dispatcher over a real SQLite log and a local robot API: digests, quiet hours, throttling,
 * dead letters, the rate limit, and that one unit never sees another's data.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { latestCalendar } from '@duban/calendar'
import { assignmentStreamId } from '@duban/domain'
import { type EventStore, openSqliteEventStore } from '@duban/eventstore'
import t, { type Test } from 'tap'
import { Dispatcher } from './dispatcher'
import { LEADERSHIP } from './events'
import { type DeliveryRules, defaultDeliveryRules } from './rules'
import { SecretBox } from './secrets'
import { ManualClock } from './testing/clock'
import {
  appendDomain,
  configureUnits,
  escalation,
  notice,
  registerTask,
  reminder,
  unitSecret,
  unitToken,
} from './testing/ledger-fixture'
import { type RobotServer, startRobotServer } from './testing/robot-server'

const names: Record<string, string> = { u1: '渝中区', u2: '江北区', u3: '南岸区', [LEADERSHIP]: '领导小组' }
const units = ['u1', 'u2', 'u3']
const secrets = new SecretBox(Buffer.alloc(32, 7))
const calendar = latestCalendar()

async function setup(t: Test, options: { rules?: DeliveryRules; start?: string } = {}) {
  const dir = t.testdir()
  const store = openSqliteEventStore({ file: path.join(dir, 'log.sqlite') })
  const clock = new ManualClock(options.start ?? '2023-10-20T00:00:00.000Z') // Fri 08:00 Shanghai
  const robots = await startRobotServer({
    dingtalk: Object.fromEntries([...units, LEADERSHIP].map((u) => [unitToken(u), unitSecret(u)])),
    now: () => clock.now().getTime(),
  })
  let random = 0.25
  const dispatcher = new Dispatcher({
    store,
    indexFile: path.join(dir, 'delivery.sqlite'),
    clock,
    random: () => random,
    secrets,
    channels: {
      dingtalk: (await import('./channels/dingtalk')).dingtalkChannel({ now: () => clock.now().getTime() }),
    },
    ...(options.rules && { rules: options.rules }),
    baseUrl: 'http://duban.test',
    unitName: (id) => names[id] ?? id,
    days: calendar,
  })
  t.teardown(async () => {
    await dispatcher.close()
    await robots.close()
    await store.close()
  })
  await configureUnits(store, secrets, robots, units, '2023-10-19T00:00:00.000Z')
  for (const u of units)
    await registerTask(store, `t-${u}`, `${names[u]}的外贸任务`, '2023-10-19T00:00:00.000Z')
  return { dir, store, clock, robots, dispatcher, setRandom: (r: number) => (random = r) }
}

const at = (clock: ManualClock, shanghai: string) => clock.set(new Date(`${shanghai}+08:00`).toISOString())
const byToken = (robots: RobotServer, unit: string) =>
  robots.messages.filter((m) => m.token === unitToken(unit))

async function outcomes(store: EventStore) {
  const types: Record<string, number> = {}
  for (const e of await store.readAll({ after: 0, limit: 100_000 })) types[e.type] = (types[e.type] ?? 0) + 1
  return types
}

t.test(
  'a morning: notices at the start of working hours, one digest per unit after 09:00, only its own data',
  async (t) => {
    const { store, clock, robots, dispatcher } = await setup(t)
    const morning = '2023-10-20T00:05:00.000Z' // 08:05 Shanghai
    for (const u of units) {
      for (let i = 0; i < 4; i++)
        await appendDomain(
          store,
          assignmentStreamId(`t-${u}`, u),
          reminder(`t-${u}`, u, i % 2 ? 'due_soon' : 'overdue', `r${i}`),
          morning,
        )
      await appendDomain(store, assignmentStreamId(`t-${u}`, u), notice(`t-${u}`, u, 'n1'), morning)
    }
    await appendDomain(store, assignmentStreamId('t-u2', 'u2'), escalation('t-u2', 'u2', 'x1'), morning)

    at(clock, '2023-10-20T08:10:00')
    t.same((await dispatcher.tick()).delivered, 0, 'before 08:30 nothing goes out')
    at(clock, '2023-10-20T08:31:00')
    const first = await dispatcher.tick()
    t.equal(first.delivered, 4, 'three notices and the escalation at 08:30')
    t.equal(first.digests, 0, 'digests wait for 09:00')
    at(clock, '2023-10-20T09:01:00')
    const second = await dispatcher.tick()
    t.equal(second.digests, 3)
    t.equal(second.delivered, 3, 'one digest per unit, not four pings')
    t.equal((await dispatcher.tick()).delivered, 0, 'nothing twice')

    for (const u of units) {
      const mine = byToken(robots, u)
      t.same(
        mine.map((m) => m.msgtype),
        ['actionCard', 'markdown'],
        `${u}: the notice, then the digest`,
      )
      const digest = mine[1]
      t.match(digest?.text, /即将到期 2 项/)
      t.match(digest?.text, /已逾期 2 项/)
      t.match(digest?.text, /未回复督办单 1 件/)
      for (const m of mine) {
        t.match(m.text, new RegExp(names[u] as string))
        for (const other of units.filter((x) => x !== u)) {
          t.notMatch(
            m.text,
            new RegExp(`${names[other]}|${other}\\b`),
            `${u}'s message holds nothing of ${other}`,
          )
        }
      }
    }
    const lead = byToken(robots, LEADERSHIP)
    t.equal(lead.length, 1)
    t.match(lead[0]?.text, /江北区 承担的任务「江北区的外贸任务」已提级报领导小组/)
    t.equal(lead[0]?.link, 'http://duban.test/w/units/u2/tasks/t-u2')
    t.same(await outcomes(store), {
      ...(await outcomes(store)),
      MessageDelivered: 7,
      DigestCompiled: 3,
    })
    const status = await dispatcher.status()
    t.same(status, { lag: 0, pending: 0, deadLetters: 0 })
  },
)

t.test('quiet on a rest day unless urgent', async (t) => {
  const rules: DeliveryRules = {
    ...defaultDeliveryRules,
    rules: defaultDeliveryRules.rules.map((r) => (r.on === 'escalation' ? { ...r, urgent: true } : r)),
  }
  const { store, clock, robots, dispatcher } = await setup(t, { rules, start: '2023-10-21T02:00:00.000Z' })
  const saturday = '2023-10-21T02:00:00.000Z' // Sat 10:00
  await appendDomain(
    store,
    assignmentStreamId('t-u1', 'u1'),
    reminder('t-u1', 'u1', 'manual', 'm1'),
    saturday,
  )
  await appendDomain(store, assignmentStreamId('t-u1', 'u1'), escalation('t-u1', 'u1', 'x1'), saturday)
  at(clock, '2023-10-21T10:01:00')
  t.equal((await dispatcher.tick()).delivered, 1, 'the urgent escalation only')
  t.equal(byToken(robots, LEADERSHIP).length, 1)
  at(clock, '2023-10-22T20:00:00')
  t.equal((await dispatcher.tick()).delivered, 0, 'still Sunday')
  at(clock, '2023-10-23T08:30:00')
  t.equal((await dispatcher.tick()).delivered, 1, 'Monday morning')
  t.match(byToken(robots, 'u1')[0]?.title, /【催办】/)
})

t.test(
  'a throttled robot gets everything in order once the throttle lifts; other units are not held',
  async (t) => {
    const { store, clock, robots, dispatcher } = await setup(t)
    const when = '2023-10-20T02:00:00.000Z' // 10:00
    for (let i = 0; i < 6; i++) {
      await appendDomain(
        store,
        assignmentStreamId('t-u1', 'u1'),
        reminder('t-u1', 'u1', 'manual', `m${i}`),
        when,
      )
      await appendDomain(
        store,
        assignmentStreamId('t-u2', 'u2'),
        reminder('t-u2', 'u2', 'manual', `m${i}`),
        when,
      )
    }
    robots.throttled.add(unitToken('u1'))
    at(clock, '2023-10-20T10:00:30')
    const first = await dispatcher.tick()
    t.equal(first.delivered, 6, 'u2 all delivered')
    t.equal(first.failed, 1, 'u1: the head failed once and holds the rest')
    for (let i = 0; i < 4; i++) {
      clock.advance(10 * 60_000)
      await dispatcher.tick()
    }
    t.equal(byToken(robots, 'u1').length, 0, 'nothing while throttled')
    robots.throttled.clear()
    clock.advance(2 * 3600_000)
    await dispatcher.tick()
    const got = byToken(robots, 'u1')
    t.equal(got.length, 6)
    const planned = dispatcher.runner.db
      .prepare("SELECT delivery_id FROM d_deliveries WHERE unit_id = 'u1' ORDER BY seq")
      .all()
      .map((r) => (r as { delivery_id: string }).delivery_id)
    t.same(
      got.flatMap((m) => m.deliveryIds),
      planned,
      'in log order',
    )
    const events = await store.readAll({ after: 0, limit: 10_000 })
    const failures = events.filter((e) => e.type === 'DeliveryAttemptFailed')
    t.ok(failures.length >= 2, 'each failed attempt recorded')
    t.same(
      failures.map((e) => (e.data as { attempt: number }).attempt),
      failures.map((_, i) => i + 1),
      'attempts counted up',
    )
  },
)

t.test(
  'a permanently failing channel ends in the dead-letter list, never blocks others; admin retry',
  async (t) => {
    const { store, clock, robots, dispatcher } = await setup(t)
    const when = '2023-10-20T02:00:00.000Z'
    for (const u of units)
      for (let i = 0; i < 3; i++)
        await appendDomain(store, assignmentStreamId(`t-${u}`, u), notice(`t-${u}`, u, `n${i}`), when)
    robots.removed.add(unitToken('u3'))
    at(clock, '2023-10-20T10:01:00')
    const result = await dispatcher.tick()
    t.equal(result.delivered, 6)
    t.equal(result.deadLettered, 3)
    const dead = dispatcher.deadLetters()
    t.same(
      dead.map((d) => [d.unitId, d.code, d.attempts]),
      [
        ['u3', '300001', 1],
        ['u3', '300001', 1],
        ['u3', '300001', 1],
      ],
    )
    t.equal((await dispatcher.status()).deadLetters, 3)
    robots.removed.clear()
    for (const d of dead) {
      await store.append(
        'delivery-u3',
        [
          {
            type: 'DeliveryRetryRequested',
            schemaVersion: 1,
            data: { deliveryId: d.deliveryId, unitId: 'u3' },
            metadata: {
              actor: 'admin',
              unit: null,
              commandId: `retry-${d.deliveryId}`,
              correlationId: 'x',
              causationId: 'x',
              recordedAt: clock.now().toISOString(),
            },
          },
        ],
        { expectedVersion: 'any' },
      )
    }
    const retried = await dispatcher.tick()
    t.equal(retried.delivered, 3)
    t.equal(byToken(robots, 'u3').length, 3)
    t.same((await dispatcher.status()).deadLetters, 0)
  },
)

t.test('20 a minute per robot: the last slot carries the rest merged, nothing dropped', async (t) => {
  const { store, clock, robots, dispatcher } = await setup(t)
  const when = '2023-10-20T02:00:00.000Z'
  for (let i = 0; i < 45; i++)
    await appendDomain(store, assignmentStreamId('t-u1', 'u1'), notice('t-u1', 'u1', `n${i}`), when)
  at(clock, '2023-10-20T10:01:00')
  await dispatcher.tick()
  const got = byToken(robots, 'u1')
  t.equal(got.length, 20, 'twenty requests in the minute')
  const ids = got.flatMap((m) => m.deliveryIds)
  t.equal(new Set(ids).size, ids.length)
  t.ok(ids.length > 20, 'the twentieth carries several')
  const rest = 45 - ids.length
  clock.advance(61_000)
  await dispatcher.tick()
  const all = byToken(robots, 'u1').flatMap((m) => m.deliveryIds)
  t.equal(all.length, 45, `the other ${rest} in the next minute`)
  t.equal(new Set(all).size, 45)
  const events = await store.readAll({ after: 0, limit: 10_000 })
  const delivered = events.filter((e) => e.type === 'MessageDelivered')
  t.equal(
    delivered.flatMap((e) => [
      (e.data as { deliveryId: string }).deliveryId,
      ...((e.data as { batch?: string[] }).batch ?? []),
    ]).length,
    45,
  )
})

t.test('secrets: never in the log or the index in plain text', async (t) => {
  const { dir, store, clock, dispatcher } = await setup(t)
  await appendDomain(
    store,
    assignmentStreamId('t-u1', 'u1'),
    notice('t-u1', 'u1', 'n1'),
    '2023-10-20T02:00:00.000Z',
  )
  at(clock, '2023-10-20T10:01:00')
  t.equal((await dispatcher.tick()).delivered, 1)
  const files = readdirSync(dir)
  t.ok(files.includes('log.sqlite') && files.includes('delivery.sqlite'))
  for (const file of files) {
    const bytes = readFileSync(path.join(dir, file)).toString('latin1')
    for (const u of [...units, LEADERSHIP]) {
      t.notOk(bytes.includes(unitSecret(u)), `${file}: no 加签 secret of ${u}`)
      t.notOk(bytes.includes(unitToken(u)), `${file}: no robot token of ${u}`)
    }
  }
})

t.test('a dispatcher taking over within the minute keeps to the 20 the first one started', async (t) => {
  const { dir, store, clock, robots, dispatcher } = await setup(t)
  for (let i = 0; i < 100; i++)
    await appendDomain(
      store,
      assignmentStreamId('t-u1', 'u1'),
      notice('t-u1', 'u1', `n${i}`),
      '2023-10-20T02:00:00.000Z',
    )
  at(clock, '2023-10-20T10:01:00')
  await dispatcher.tick()
  t.equal(byToken(robots, 'u1').length, 20)
  const first = byToken(robots, 'u1').flatMap((m) => m.deliveryIds).length
  t.ok(first < 100, `${first} of 100 in the first minute, the rest still owed`)
  const standby = new Dispatcher({
    store,
    indexFile: path.join(dir, 'standby.sqlite'),
    clock,
    secrets,
    channels: {
      dingtalk: (await import('./channels/dingtalk')).dingtalkChannel({ now: () => clock.now().getTime() }),
    },
    baseUrl: 'http://duban.test',
    unitName: (id) => names[id] ?? id,
    days: calendar,
  })
  t.teardown(() => standby.close())
  clock.advance(10_000)
  const early = await standby.tick()
  t.equal(early.delivered, 0, 'nothing more to u1 within the same minute')
  t.equal((await standby.status()).pending, 100 - first)
  t.equal(byToken(robots, 'u1').length, 20)
  clock.advance(61_000)
  await standby.tick()
  t.equal(
    new Set(byToken(robots, 'u1').flatMap((m) => m.deliveryIds)).size,
    100,
    'the rest in the next minute',
  )
})

t.test(
  'a channel whose secret no longer opens (another key) is dead-lettered; the tick goes on',
  async (t) => {
    const { store, clock, robots, dispatcher } = await setup(t)
    const otherKey = new SecretBox(Buffer.alloc(32, 8))
    const { appendConfig, channelSetEvent } = await import('./config-events')
    await appendConfig(
      store,
      'u2',
      channelSetEvent(
        'u2',
        'u2.ding',
        { kind: 'dingtalk', label: '群', webhook: robots.dingtalkWebhook(unitToken('u2')) },
        otherKey,
      ),
      { userId: 'admin', unitId: null, commandId: 'rekeyed' },
      new Date('2023-10-19T00:00:00.000Z'),
    )
    for (const u of ['u1', 'u2'])
      await appendDomain(
        store,
        assignmentStreamId(`t-${u}`, u),
        notice(`t-${u}`, u, 'n1'),
        '2023-10-20T02:00:00.000Z',
      )
    at(clock, '2023-10-20T10:01:00')
    const result = await dispatcher.tick()
    t.equal(result.delivered, 1, "u1's notice delivered")
    t.same(
      dispatcher.deadLetters().map((d) => [d.unitId, d.code]),
      [['u2', 'secret']],
    )
  },
)
