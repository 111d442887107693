/**
 * Each channel against a real protocol peer started here: a local server that answers like the
 * DingTalk and WeCom robot APIs (加签 checked, errcodes for throttling, a bad token, content too
 * long), and a real SMTP server (smtp-server) whose received mail is parsed by mailparser.
 */
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import t from 'tap'
import type { OutgoingMessage } from '../messages'
import { renderMessage } from '../messages'
import { startRobotServer } from '../testing/robot-server'
import type { OpenedTarget } from './channel'
import { dingtalkChannel } from './dingtalk'
import { emailChannel } from './email'
import { wecomChannel } from './wecom'

const lookup = {
  unitName: (id: string) => ({ 'cq-jiangbei': '江北区' })[id] ?? id,
  taskTitle: () => '推动加工贸易梯度转移',
}
const notice: OutgoingMessage = renderMessage(
  {
    eventId: 'e1',
    position: 7,
    recordedAt: '2023-10-20T01:00:00.000Z',
    kind: 'notice',
    unitId: 'cq-jiangbei',
    taskId: 'p1.t3',
    notice: { grade: 'priority', reason: '2023年第三季度进展逾期未报', answerDueDate: '2023-10-24' },
  },
  'd-0123456789abcdef01234567',
  lookup,
  'http://duban.example',
)
const target = (webhook: string, secret?: string): OpenedTarget => ({
  channelId: 'c1',
  unitId: 'cq-jiangbei',
  webhook,
  ...(secret && { secret }),
  contacts: [{ name: '刘洋', role: 'responsible', email: 'liuyang@jiangbei.example', mobile: '13800000001' }],
})

t.test('DingTalk: a signed actionCard with a link back, @ the responsible person', async (t) => {
  const robots = await startRobotServer({ dingtalk: { tok1: 'SECabc', tok2: undefined } })
  t.teardown(() => robots.close())
  const channel = dingtalkChannel({ now: Date.now })
  const ok = await channel.send(target(robots.dingtalkWebhook('tok1'), 'SECabc'), notice)
  t.same(ok, { verdict: 'ok', code: '0', detail: 'ok' })
  const [got] = robots.messages
  t.equal(got?.msgtype, 'actionCard')
  t.equal(got?.link, 'http://duban.example/w/units/cq-jiangbei/tasks/p1.t3')
  t.match(got?.title, /督办单·重点督办/)
  t.match(got?.text, /江北区/)
  t.match(got?.text, /@13800000001/)
  t.same(got?.atMobiles, ['13800000001'])
  t.same(got?.deliveryIds, ['d-0123456789abcdef01234567'])

  const wrongSecret = await channel.send(target(robots.dingtalkWebhook('tok1'), 'SECwrong'), notice)
  t.equal(wrongSecret.verdict, 'permanent', '加签 mismatch (310000) will not get better')
  t.equal(wrongSecret.code, '310000')
  const staleClock = dingtalkChannel({ now: () => Date.now() - 2 * 3_600_000 })
  t.equal(
    (await staleClock.send(target(robots.dingtalkWebhook('tok1'), 'SECabc'), notice)).code,
    '310000',
    'timestamp out of window',
  )
  const badToken = await channel.send(target(robots.dingtalkWebhook('nope')), notice)
  t.same([badToken.verdict, badToken.code], ['permanent', '300001'])
  robots.throttled.add('tok2')
  const throttled = await channel.send(target(robots.dingtalkWebhook('tok2')), notice)
  t.same([throttled.verdict, throttled.code], ['transient', '130101'])
  const tooLong = await channel.send(target(robots.dingtalkWebhook('tok2')), {
    ...notice,
    card: false,
    markdown: '长'.repeat(8000),
  })
  t.same(
    [tooLong.verdict, tooLong.code],
    ['transient', '130101'],
    'throttling answers before the content check',
  )
  robots.throttled.clear()
  const tooLong2 = await channel.send(target(robots.dingtalkWebhook('tok2')), {
    ...notice,
    card: false,
    markdown: '长'.repeat(8000),
  })
  t.same([tooLong2.verdict, tooLong2.code], ['permanent', '460101'], 'content too long')
  const unreachable = await channel.send(target('http://127.0.0.1:1/robot/send?access_token=x'), notice)
  t.equal(unreachable.verdict, 'transient', 'a refused connection is retried')
  t.equal(robots.messages.length, 1, 'only the good message was accepted')
})

t.test('WeCom: markdown; throttling, bad key and content too long classified', async (t) => {
  const robots = await startRobotServer({ wecom: ['k1'] })
  t.teardown(() => robots.close())
  const channel = wecomChannel()
  t.equal((await channel.send(target(robots.wecomWebhook('k1')), notice)).verdict, 'ok')
  t.match(
    robots.messages[0]?.text,
    /\[在督办系统中查看\]\(http:\/\/duban\.example\/w\/units\/cq-jiangbei\/tasks\/p1\.t3\)/,
  )
  t.same(robots.messages[0]?.deliveryIds, ['d-0123456789abcdef01234567'])
  const bad = await channel.send(target(robots.wecomWebhook('k2')), notice)
  t.same([bad.verdict, bad.code], ['permanent', '93000'])
  robots.throttled.add('k1')
  const throttled = await channel.send(target(robots.wecomWebhook('k1')), notice)
  t.same([throttled.verdict, throttled.code], ['transient', '45009'])
  robots.throttled.clear()
  const long = await channel.send(target(robots.wecomWebhook('k1')), {
    ...notice,
    markdown: '长'.repeat(1400),
  })
  t.same([long.verdict, long.code], ['permanent', '40058'])
})

t.test('e-mail: a real SMTP server receives a zh-CN mail with text, HTML and the delivery id', async (t) => {
  const received: ParsedMail[] = []
  let reject = false
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(_address, _session, callback) {
      if (reject) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }))
      callback()
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail)
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => smtp.close(() => resolve())))
  const port = (smtp.server.address() as { port: number }).port
  const channel = emailChannel({
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    from: '督办系统 <duban@gov.example>',
  })
  t.teardown(() => channel.close())
  const outcome = await channel.send(target('unused'), notice)
  t.equal(outcome.verdict, 'ok')
  const [mail] = received
  t.equal(mail?.subject, '【督办单·重点督办】推动加工贸易梯度转移')
  t.equal(mail?.messageId, '<d-0123456789abcdef01234567@duban>')
  t.same(
    (Array.isArray(mail?.to) ? mail.to : [mail?.to]).flatMap((to) => to?.value.map((v) => v.address)),
    ['liuyang@jiangbei.example'],
  )
  t.match(mail?.text, /江北区：/)
  t.match(mail?.text, /请于 2023-10-24 前回复/)
  t.match(mail?.text, /http:\/\/duban\.example\/w\/units\/cq-jiangbei\/tasks\/p1\.t3/)
  t.match(String(mail?.html), /<a href="http:\/\/duban\.example\/w\/units\/cq-jiangbei\/tasks\/p1\.t3">/)
  t.equal(mail?.headers.get('x-duban-delivery-id'), 'd-0123456789abcdef01234567')

  reject = true
  const refused = await channel.send(target('unused'), notice)
  t.same([refused.verdict, refused.code], ['permanent', 'smtp 550'])
  const nobody = await channel.send({ ...target('unused'), contacts: [] }, notice)
  t.equal(nobody.verdict, 'permanent', 'no address: nothing to retry')
  const down = emailChannel({ url: 'smtp://127.0.0.1:1', from: 'duban@gov.example' })
  t.equal((await down.send(target('unused'), notice)).verdict, 'transient', 'server unreachable')
  down.close()
})
