/**
 * A dispatcher in a child process, for the crash and failover tests: `DISPATCHER_CONFIG` (JSON)
 * names the store, the index file, the robot server, the ledger's fixed time and the lock. It
 * writes one JSON line per tick; the test SIGKILLs it whenever it likes.
 */
import { latestCalendar } from '@duban/calendar'
import { openStoreAt, parseStoreUrl } from '@duban/eventstore'
import { dingtalkChannel } from '../channels/dingtalk'
import { Dispatcher } from '../dispatcher'
import { SecretBox } from '../secrets'
import { serveDispatcher } from '../service'

interface Config {
  store: string
  indexFile: string
  ledgerNow: string
  keyHex: string
  leaderLockUrl?: string
}

const config = JSON.parse(process.env.DISPATCHER_CONFIG ?? '{}') as Config
const store = await openStoreAt(parseStoreUrl(config.store, { dataDir: '.' }), { pollIntervalMs: 100 })
const dispatcher = new Dispatcher({
  store,
  indexFile: config.indexFile,
  clock: { now: () => new Date(config.ledgerNow) },
  wallClock: { now: () => new Date() },
  secrets: new SecretBox(Buffer.from(config.keyHex, 'hex')),
  channels: { dingtalk: dingtalkChannel({ now: Date.now }) },
  baseUrl: 'http://duban.test',
  unitName: (id) => id,
  days: latestCalendar(),
  concurrency: 4,
})
const write = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`)
const controller = new AbortController()
process.on('SIGTERM', () => controller.abort())
await serveDispatcher({
  dispatcher,
  everyMs: 50,
  signal: controller.signal,
  ...(config.leaderLockUrl && { leaderLockUrl: config.leaderLockUrl }),
  onLeading: () => write({ msg: 'leading', pid: process.pid }),
  onTick: (result) => write({ msg: 'tick', ...result }),
  onError: (error) => write({ msg: 'error', error: String(error) }),
})
await dispatcher.close()
await store.close()
