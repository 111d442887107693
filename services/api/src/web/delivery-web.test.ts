/**
 * The 消息推送 page over real HTTP with a real session: the office sets a unit's DingTalk robot
 * and responsible person through the forms (CSRF and all), the secret is never shown again,
 * a message that failed for good is listed and retried from the page; a unit's user is refused.
 */
import { dingtalkChannel, startRobotServer } from '@duban/delivery'
import t from 'tap'
import { LEAD_UNIT, planBody, supervisionOffice, taskBody } from '../testing/fixtures'
import { startTestServer } from '../testing/test-server'
import { csrfOf, webSession } from '../testing/web-session'

const office = { id: 'ducha-web', unitId: 'cq-zhengfubangongting', roles: ['supervision_officer' as const] }
const reporter = { id: 'swz-web', unitId: LEAD_UNIT, roles: ['unit_reporter' as const] }
const SECRET = 'SECf00dfeedc0ffee1234'

t.test(
  'channels and the responsible person set in the browser; a dead letter retried from the page',
  async (t) => {
    const robots = await startRobotServer({ dingtalk: { tokweb: SECRET } })
    t.teardown(() => robots.close())
    const api = await startTestServer(t, {
      delivery: { channels: { dingtalk: dingtalkChannel({ now: Date.now }) } },
    })
    const browser = await webSession(api, office)
    const empty = await browser.get(`/w/admin/delivery?unit=${LEAD_UNIT}`)
    t.equal(empty.status, 200)
    t.match(empty.text, /消息推送/)
    const saved = await browser.post('/w/admin/delivery/channels', {
      _csrf: csrfOf(empty.text),
      unitId: LEAD_UNIT,
      channelId: 'swz-group',
      kind: 'dingtalk',
      label: '市商务委工作群',
      webhook: robots.dingtalkWebhook('tokweb'),
      secret: SECRET,
    })
    t.equal(saved.status, 303)
    const shown = await browser.get(saved.headers.get('location') ?? '')
    t.match(
      shown.text,
      /swz-group<\/td><td>钉钉机器人<\/td><td>市商务委工作群<\/td><td>已保存（不再显示）<\/td><td>ducha-web/,
    )
    t.notOk(shown.text.includes(SECRET) || shown.text.includes('tokweb'), 'the secret is not on the page')
    const contact = await browser.post('/w/admin/delivery/contacts', {
      _csrf: csrfOf(shown.text),
      unitId: LEAD_UNIT,
      name: '张晓梅',
      email: 'zhangxm@swz.example',
      mobile: '13900000002',
    })
    t.equal(contact.status, 303)
    t.match(
      (await browser.get(`/w/admin/delivery?unit=${LEAD_UNIT}`)).text,
      /张晓梅 zhangxm@swz\.example 13900000002/,
    )
    const noCsrf = await browser.post('/w/admin/delivery/channels', {
      unitId: LEAD_UNIT,
      channelId: 'x',
      kind: 'email',
      label: 'x',
    })
    t.equal(noCsrf.status, 403, 'a form without its CSRF token is refused')

    // A manual reminder to a robot that was removed: dead-lettered, listed, retried from the page.
    const ok = async (path: string, body: unknown) =>
      t.ok((await api.request('POST', path, { body, headers: supervisionOffice })).status < 300, path)
    await ok('/plans', planBody)
    await ok('/tasks', taskBody)
    await ok(`/tasks/${taskBody.taskId}/assignments`, { unitId: LEAD_UNIT, role: 'lead' })
    await ok(`/tasks/${taskBody.taskId}/assignments/${LEAD_UNIT}/reminders`, {
      reminderId: 'm1',
      kind: 'manual',
    })
    robots.removed.add('tokweb')
    t.equal((await api.dispatcher?.tick())?.deadLettered, 1)
    const listed = await browser.get(`/w/admin/delivery?unit=${LEAD_UNIT}`)
    const id = /<td>(d-[0-9a-f]{24})<\/td>/.exec(listed.text)?.[1] ?? ''
    t.match(listed.text, /300001/)
    robots.removed.clear()
    const retried = await browser.post('/w/admin/delivery/retry', {
      _csrf: csrfOf(listed.text),
      deliveryId: id,
      unitId: LEAD_UNIT,
    })
    t.equal(retried.status, 303)
    t.equal((await api.dispatcher?.tick())?.delivered, 1)
    t.same(
      robots.messages.map((m) => m.deliveryIds[0]),
      [id],
      'delivered with the same id',
    )

    const unit = await webSession(api, reporter)
    t.equal((await unit.get('/w/admin/delivery')).status, 403, "a unit's user does not see delivery settings")
  },
)
