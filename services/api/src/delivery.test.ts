/**
 * Delivery through the real server process (main.ts on an embedded log, the dispatcher inside):
 * channels maintained over the API, a manual reminder reaching a local DingTalk robot API with
 * 加签, a dead letter and its retry, /health — and the secret never in the process's logs (at
 * trace level), in any API response, or in any event of the log.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startRobotServer } from '@duban/delivery'
import { openSqliteEventStore } from '@duban/eventstore'
import { SqliteUserStore, standLedgerClockAt } from '@duban/runtime'
import t from 'tap'
import { ApiProcess } from './testing/api-process'
import { planBody, taskBody } from './testing/fixtures'

const TOKEN = 'tok9f3a7c1e5b2d8'
const SECRET = 'SEC7d1f0e9c3b5a2f4e6d8c0b1a3f5e7d9c'
const UNIT = 'cq-fazhangaigewei'

t.test(
  'channels over the API, a reminder delivered, a dead letter retried, no secret anywhere',
  async (t) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-delivery-'))
    t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
    standLedgerClockAt({ dataDir }, new Date('2023-06-15T02:00:00Z'), 'test: Thursday 10:00 in Shanghai')
    const users = new SqliteUserStore(path.join(dataDir, 'users.sqlite'))
    const password = 'correct horse battery staple'
    await users.createUser({
      id: 'admin1',
      displayName: '管理员',
      unitId: 'cq-zhengfubangongting',
      roles: ['administrator'],
      password,
    })
    await users.createUser({
      id: 'ducha1',
      displayName: '督查',
      unitId: 'cq-zhengfubangongting',
      roles: ['supervision_officer'],
      password,
    })
    await users.createUser({
      id: 'jb1',
      displayName: '江北',
      unitId: UNIT,
      roles: ['unit_approver'],
      password,
    })
    await users.close()

    const robots = await startRobotServer({ dingtalk: { [TOKEN]: SECRET } })
    t.teardown(() => robots.close())
    const api = new ApiProcess({
      DUBAN_DATA_DIR: dataDir,
      LOG_LEVEL: 'trace',
      DUBAN_PUBLIC_URL: 'https://duban.cq.example',
    })
    t.teardown(() => api.kill('SIGKILL'))
    const url = await api.url
    const responses: string[] = []
    const call = async (method: string, route: string, token?: string, body?: unknown) => {
      const response = await fetch(`${url}${route}`, {
        method,
        headers: {
          ...(token && { authorization: `Bearer ${token}` }),
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      })
      const text = await response.text()
      responses.push(text)
      return { status: response.status, body: text ? JSON.parse(text) : undefined }
    }
    const signIn = async (userId: string) =>
      (await call('POST', '/auth/token', undefined, { userId, password })).body.token as string
    const admin = await signIn('admin1')
    const office = await signIn('ducha1')
    const unit = await signIn('jb1')

    const channel = {
      kind: 'dingtalk',
      label: '发展改革委督办群',
      webhook: robots.dingtalkWebhook(TOKEN),
      secret: SECRET,
    }
    t.equal(
      (await call('PUT', `/units/${UNIT}/delivery/channels/jb-group`, unit, channel)).status,
      403,
      'a unit does not edit channels',
    )
    const bad = await call('PUT', `/units/${UNIT}/delivery/channels/jb-group`, admin, {
      ...channel,
      webhook: 'not a url',
    })
    t.equal(bad.status, 400, 'a bad webhook is refused')
    t.equal((await call('PUT', '/units/no-such-unit/delivery/channels/x', admin, channel)).status, 404)
    const set = await call('PUT', `/units/${UNIT}/delivery/channels/jb-group`, admin, channel)
    t.equal(set.status, 200)
    t.match(set.body, {
      unitId: UNIT,
      channels: [{ channelId: 'jb-group', kind: 'dingtalk', secretOnRecord: true, setBy: 'admin1' }],
    })
    const contacts = await call('PUT', `/units/${UNIT}/delivery/contacts`, office, {
      contacts: [
        { name: '刘洋', role: 'responsible', email: 'liuyang@jiangbei.example', mobile: '13800000001' },
      ],
    })
    t.equal(contacts.status, 200)
    t.equal((await call('GET', `/units/${UNIT}/delivery`, office)).body.contacts[0].name, '刘洋')

    t.equal((await call('POST', '/plans', office, planBody)).status, 201)
    t.equal((await call('POST', '/tasks', office, taskBody)).status, 201)
    t.equal(
      (await call('POST', `/tasks/${taskBody.taskId}/assignments`, office, { unitId: UNIT, role: 'co' }))
        .status,
      201,
    )
    const remind = (id: string) =>
      call('POST', `/tasks/${taskBody.taskId}/assignments/${UNIT}/reminders`, office, {
        reminderId: id,
        kind: 'manual',
        message: '请于本周内报送进展。',
      })
    t.equal((await remind('m1')).status, 201)
    await until(() => robots.messages.length === 1)
    const [message] = robots.messages
    t.match(message?.title, /【催办】夯实贸易发展产业基础/)
    t.match(message?.text, /发展改革委/)
    t.match(
      message?.text,
      /https:\/\/duban\.cq\.example\/w\/units\/cq-fazhangaigewei\/tasks\/cq2022-trade\.t1/,
    )
    t.same(message?.atMobiles, ['13800000001'])

    robots.removed.add(TOKEN)
    t.equal((await remind('m2')).status, 201)
    let dead: { deliveryId: string; code: string }[] = []
    await until(async () => {
      dead = (await call('GET', '/admin/deliveries/dead-letters', admin)).body.deadLetters
      return dead.length === 1
    })
    t.equal(dead[0]?.code, '300001')
    t.match((await call('GET', '/health/ready')).body, { delivery: { deadLetters: 1 } })
    t.equal((await call('GET', '/admin/deliveries/dead-letters', unit)).status, 403)
    robots.removed.clear()
    t.equal((await call('POST', `/admin/deliveries/${dead[0]?.deliveryId}/retry`, admin)).status, 202)
    await until(() => robots.messages.length === 2)
    t.same(robots.messages[1]?.deliveryIds, [dead[0]?.deliveryId], 'the retry carries the same delivery id')
    await until(async () => (await call('GET', '/health/ready')).body.delivery?.deadLetters === 0)
    t.match((await call('GET', '/health/ready')).body, { delivery: { lag: 0, pending: 0, deadLetters: 0 } })

    api.kill('SIGTERM')
    await api.exited
    const store = openSqliteEventStore({ file: path.join(dataDir, 'duban.sqlite') })
    const events = JSON.stringify(await store.readAll({ after: 0, limit: 10_000 }))
    await store.close()
    t.match(events, /MessageDelivered/)
    t.match(events, /DeliveryDeadLettered/)
    t.match(events, /DeliveryRetryRequested/)
    for (const secret of [SECRET, TOKEN]) {
      t.notOk(api.log.includes(secret), 'not in the logs (trace level)')
      t.notOk(
        responses.some((text) => text.includes(secret)),
        'not in any API response',
      )
      t.notOk(events.includes(secret), 'not in any event')
    }
    t.ok(api.log.length > 1000, 'the process did log (at trace level)')
  },
)

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
