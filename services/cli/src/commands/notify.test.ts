/**
 * `duban notify test <unit>` as a user runs it: a real DingTalk-like robot (加签 checked) takes
 * the test message, a WeCom robot whose key was removed refuses it; exit 1 and each outcome.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { appendConfig, channelSetEvent, loadSecretBox, startRobotServer } from '@duban/delivery'
import { openEmbeddedLedger } from '@duban/runtime'
import { entryArgs } from '@duban/testing'
import t from 'tap'

const main = fileURLToPath(new URL('../main.ts', import.meta.url))
const duban = (dataDir: string, ...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [...entryArgs(main), ...args], {
      env: { ...process.env, DUBAN_DATA_DIR: dataDir },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('exit', (status) => resolve({ status, stdout, stderr }))
  })

t.test('duban notify test: each channel and its outcome', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-cli-notify-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const robots = await startRobotServer({ dingtalk: { tokA: 'SECa' }, wecom: ['keyB'] })
  t.teardown(() => robots.close())
  const secrets = loadSecretBox({ file: path.join(dataDir, 'delivery.key') })
  const { store, close } = openEmbeddedLedger({ dataDir })
  const actor = (commandId: string) => ({ userId: 'admin', unitId: null, commandId })
  const at = new Date('2023-06-15T02:00:00Z')
  await appendConfig(
    store,
    'cq-jiangbei',
    channelSetEvent(
      'cq-jiangbei',
      'a-ding',
      { kind: 'dingtalk', label: '江北区工作群', webhook: robots.dingtalkWebhook('tokA'), secret: 'SECa' },
      secrets,
    ),
    actor('c1'),
    at,
  )
  await appendConfig(
    store,
    'cq-jiangbei',
    channelSetEvent(
      'cq-jiangbei',
      'b-wecom',
      { kind: 'wecom', label: '企业微信群', webhook: robots.wecomWebhook('keyB') },
      secrets,
    ),
    actor('c2'),
    at,
  )
  await close()

  const ok = await duban(dataDir, 'notify', 'test', 'cq-jiangbei')
  t.equal(ok.status, 0, ok.stderr)
  t.match(ok.stdout, /江北区 \(cq-jiangbei\):\n {2}a-ding\s+dingtalk\s+江北区工作群 {2}已送达 ok {2}0/)
  t.match(ok.stdout, /b-wecom\s+wecom\s+企业微信群 {2}已送达 ok/)
  t.equal(robots.messages.length, 2)
  t.match(robots.messages[0]?.title, /【测试】江北区 消息通道/)

  robots.removed.add('keyB')
  const failed = await duban(dataDir, 'notify', 'test', 'cq-jiangbei', '--json')
  t.equal(failed.status, 1)
  const outcomes = JSON.parse(failed.stdout.trim()).outcomes as {
    channelId: string
    verdict: string
    code: string
  }[]
  t.same(
    outcomes.map((o) => [o.channelId, o.verdict, o.code]),
    [
      ['a-ding', 'ok', '0'],
      ['b-wecom', 'permanent', '93000'],
    ],
  )
  t.notMatch(failed.stdout + failed.stderr, /SECa|tokA|keyB/, 'no secret printed')

  const none = await duban(dataDir, 'notify', 'test', 'cq-yuzhong')
  t.equal(none.status, 2)
  t.match(none.stderr, /渝中区 \(cq-yuzhong\) has no delivery channel/)
  const unknown = await duban(dataDir, 'notify', 'test', 'nowhere')
  t.equal(unknown.status, 2)
  t.match(unknown.stderr, /no unit nowhere/)
})
