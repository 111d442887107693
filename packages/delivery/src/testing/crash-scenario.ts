/**
 * The kill -9 scenario shared by the SQLite and PostgreSQL tests: 150 notices for 30 units, a
 * dispatcher killed mid-batch, another (or the same, restarted) finishing the job. It returns
 * what the robot received and what the log says, for the test to judge.
 */
import { randomBytes } from 'node:crypto'
import { assignmentStreamId } from '@duban/domain'
import type { EventStore } from '@duban/eventstore'
import { deliveryIdOf } from '../plan'
import { SecretBox } from '../secrets'
import { appendDomain, configureUnits, notice, registerTask, unitSecret, unitToken } from './ledger-fixture'
import { type RobotServer, startRobotServer } from './robot-server'

export const CRASH_UNITS = Array.from({ length: 30 }, (_, i) => `u${String(i + 1).padStart(2, '0')}`)
export const LEDGER_NOW = '2023-10-20T02:30:00.000Z' // Fri 10:30 Shanghai: working hours

export interface Scenario {
  robots: RobotServer
  keyHex: string
  /** Every delivery id the log makes due, computed from the log's own notice events. */
  expected(): Promise<Set<string>>
}

export async function seedCrashScenario(store: EventStore): Promise<Scenario> {
  const key = randomBytes(32)
  const secrets = new SecretBox(key)
  const robots = await startRobotServer({
    dingtalk: Object.fromEntries(
      [...CRASH_UNITS, 'leadership-group'].map((u) => [unitToken(u), unitSecret(u)]),
    ),
    delayMs: 15,
  })
  await configureUnits(store, secrets, robots, CRASH_UNITS, '2023-10-19T00:00:00.000Z')
  for (const u of CRASH_UNITS) {
    await registerTask(store, `t-${u}`, `任务${u}`, '2023-10-19T00:00:00.000Z')
    for (let i = 0; i < 5; i++)
      await appendDomain(
        store,
        assignmentStreamId(`t-${u}`, u),
        notice(`t-${u}`, u, `n${i}`),
        '2023-10-20T02:00:00.000Z',
      )
  }
  return {
    robots,
    keyHex: key.toString('hex'),
    async expected() {
      const ids = new Set<string>()
      for (const e of await store.readAll({ after: 0, limit: 100_000 })) {
        if (e.type !== 'SupervisionNoticeIssued') continue
        const unitId = (e.data as { unitId: string }).unitId
        ids.add(deliveryIdOf(e.eventId, unitId, `${unitId}.ding`))
      }
      return ids
    },
  }
}

/** Per delivery id: how often the robot received it and when first. */
export function receipts(robots: RobotServer): Map<string, { count: number; first: number }> {
  const seen = new Map<string, { count: number; first: number }>()
  for (const message of robots.messages) {
    for (const id of message.deliveryIds) {
      const entry = seen.get(id)
      if (entry) entry.count++
      else seen.set(id, { count: 1, first: message.receivedAt })
    }
  }
  return seen
}

export async function deliveredEvents(store: EventStore): Promise<string[]> {
  const ids: string[] = []
  for (const e of await store.readAll({ after: 0, limit: 100_000 })) {
    if (e.type !== 'MessageDelivered') continue
    const data = e.data as { deliveryId: string; batch?: string[] }
    ids.push(data.deliveryId, ...(data.batch ?? []))
  }
  return ids
}
