/**
 * A province-size morning of delivery: a log holding 2,000 tasks and 90,000 assignments (40
 * plans × 50 tasks × 45 units: lead, 3 co-units, 41 districts) and 141 units each with a
 * DingTalk robot (加签), a WeCom robot and e-mail; then the scheduler's morning run of ~5,000
 * due steps (3,000 due-soon / overdue reminders, 1,500 supervision notices, 500 escalations).
 * Measured: the CPU the process spends from the morning's first tick until every message has
 * been planned and handed to a channel — robots on a local robot API, mail to a real SMTP
 * server (smtp-server), both in this process, so their CPU is counted too. The robots' 20-a-
 * minute limit is kept on a simulated wall clock (each further minute is a tick later), so the
 * figure is CPU, not the minutes the rate limit spreads the messages over (also reported).
 * Beside it, the limit: the same number of bare HTTP POSTs to the same robot server.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { latestCalendar } from '@duban/calendar'
import {
  Dispatcher,
  dingtalkChannel,
  emailChannel,
  SecretBox,
  startRobotServer,
  wecomChannel,
} from '@duban/delivery'
import { configureUnits, type RobotServer } from '@duban/delivery/testing'
import { assignmentStreamId, type DomainEvent, domainEvents } from '@duban/domain'
import { type EventStore, type NewEvent, openSqliteEventStore } from '@duban/eventstore'
import { SMTPServer } from 'smtp-server'
import { type BenchRow, median } from './report'

const ROUNDS = Number(process.env.BENCH_DELIVERY_ROUNDS ?? 1)
const districts = Array.from({ length: 41 }, (_, i) => `d${String(i + 1).padStart(2, '0')}`)
const departments = Array.from({ length: 100 }, (_, i) => `c${String(i + 1).padStart(3, '0')}`)
const units = [...departments, ...districts]

function random(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

const meta = (commandId: string, recordedAt: string) => ({
  actor: 'system:scheduler',
  unit: null,
  commandId,
  correlationId: commandId,
  causationId: commandId,
  recordedAt,
})
const newEvent = (event: DomainEvent, commandId: string, at: string): NewEvent => ({
  ...domainEvents.encode(event),
  metadata: meta(commandId, at),
})

async function inChunks<T>(items: T[], size: number, run: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run))
}

async function seedProvince(store: EventStore, secrets: SecretBox, robots: RobotServer) {
  const at = '2023-10-19T00:00:00.000Z'
  const tasks: { taskId: string; unitIds: string[] }[] = []
  for (let p = 0; p < 40; p++) {
    for (let k = 0; k < 50; k++) {
      const n = p * 50 + k
      const lead = departments[n % 100] as string
      const co = [1, 2, 3].map((j) => departments[(n + j * 7) % 100] as string)
      tasks.push({ taskId: `p${p}.t${k}`, unitIds: [lead, ...co, ...districts] })
    }
  }
  await inChunks(tasks, 500, (task) =>
    store.append(
      `task-${task.taskId}`,
      [
        newEvent(
          {
            type: 'TaskRegistered',
            data: {
              taskId: task.taskId,
              planId: task.taskId.split('.')[0] as string,
              sectionId: 's1',
              number: task.taskId,
              kind: 'task',
              title: `任务${task.taskId}：推动外贸高质量发展`,
              body: '……',
              leadUnitId: task.unitIds[0] as string,
              coUnitIds: task.unitIds.slice(1, 4),
              allDistricts: true,
              deadline: '2024-12-31',
              targets: [],
            },
          } as DomainEvent,
          `reg-${task.taskId}`,
          at,
        ),
      ],
      { expectedVersion: 'any' },
    ),
  )
  const assignments = tasks.flatMap((task) =>
    task.unitIds.map((unitId, i) => ({
      taskId: task.taskId,
      unitId,
      role: i === 0 ? 'lead' : i < 4 ? 'co' : 'district',
    })),
  )
  await inChunks(assignments, 2_000, (a) =>
    store.append(
      assignmentStreamId(a.taskId, a.unitId),
      [
        newEvent(
          {
            type: 'TaskAssigned',
            data: { taskId: a.taskId, unitId: a.unitId, role: a.role as 'lead', dueDate: '2024-12-31' },
          },
          `asg-${a.taskId}-${a.unitId}`,
          at,
        ),
      ],
      { expectedVersion: 'any' },
    ),
  )
  await configureUnits(store, secrets, robots, units, at, { wecom: true, email: true })
  return assignments
}

async function morning(store: EventStore, assignments: { taskId: string; unitId: string }[], seed: number) {
  const next = random(seed)
  const at = '2023-10-20T00:02:00.000Z' // 08:02 Shanghai: the scheduler's morning run
  const steps: { a: { taskId: string; unitId: string }; event: DomainEvent }[] = []
  const pick = () => {
    const { taskId, unitId } = assignments[Math.floor(next() * assignments.length)] as {
      taskId: string
      unitId: string
    }
    return { taskId, unitId }
  }
  for (let i = 0; i < 3_000; i++) {
    const a = pick()
    steps.push({
      a,
      event: {
        type: 'ReminderSent',
        data: {
          ...a,
          reminderId: `r${i}`,
          kind: i % 2 ? 'due_soon' : 'overdue',
          message: '请按时报送进展。',
        },
      },
    })
  }
  for (let i = 0; i < 1_500; i++) {
    const a = pick()
    steps.push({
      a,
      event: {
        type: 'SupervisionNoticeIssued',
        data: {
          ...a,
          noticeId: `n${i}`,
          grade: 'general',
          reason: '第三季度进展逾期未报',
          answerDueDate: '2023-10-24',
        },
      },
    })
  }
  for (let i = 0; i < 500; i++) {
    const a = pick()
    steps.push({
      a,
      event: {
        type: 'EscalatedToLeadership',
        data: { ...a, escalationId: `x${i}`, reason: '督办单逾期未回复' },
      },
    })
  }
  let n = 0
  await inChunks(steps, 500, (step) =>
    store.append(
      assignmentStreamId(step.a.taskId, step.a.unitId),
      [newEvent(step.event, `step-${seed}-${n++}`, at)],
      { expectedVersion: 'any' },
    ),
  )
  return steps.length
}

export async function benchDelivery(): Promise<BenchRow[]> {
  const cpuSeconds: number[] = []
  const handed: number[] = []
  const minutes: number[] = []
  const bare: number[] = []
  let steps = 0
  for (let round = 0; round < ROUNDS; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'duban-bench-delivery-'))
    const robots = await startRobotServer({ acceptAny: true })
    let mails = 0
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        stream.on('data', () => undefined)
        stream.on('end', () => {
          mails++
          callback()
        })
      },
    })
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
    const smtpPort = (smtp.server.address() as { port: number }).port
    const store = openSqliteEventStore({ file: join(dir, 'log.sqlite') })
    const secrets = new SecretBox(Buffer.alloc(32, 9))
    try {
      process.stderr.write('  seeding 2,000 tasks, 90,000 assignments, 142 units × 3 channels …\n')
      const assignments = await seedProvince(store, secrets, robots)
      let wall = Date.parse('2023-10-20T01:05:00.000Z')
      const email = emailChannel({
        url: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true&pool=true&maxConnections=4`,
        from: 'duban@gov.example',
      })
      const dispatcher = new Dispatcher({
        store,
        indexFile: join(dir, 'delivery.sqlite'),
        clock: { now: () => new Date('2023-10-20T01:05:00.000Z') }, // 09:05: notices and digests due
        wallClock: { now: () => new Date(wall) },
        random: random(round + 7),
        secrets,
        channels: { dingtalk: dingtalkChannel({ now: () => wall }), wecom: wecomChannel(), email },
        baseUrl: 'https://duban.example.gov.cn',
        unitName: (id) => id,
        days: latestCalendar(),
      })
      await dispatcher.runner.catchUp() // yesterday's log, already followed
      steps = await morning(store, assignments, round + 1)
      const cpu = process.cpuUsage()
      let ticks = 0
      let delivered = 0
      for (;;) {
        const result = await dispatcher.tick()
        delivered += result.delivered
        ticks++
        const status = await dispatcher.status()
        if (status.pending === 0 && result.digests === 0 && ticks > 1) break
        wall += 61_000 // the next minute of the robots' rate limit
      }
      const used = process.cpuUsage(cpu)
      cpuSeconds.push((used.user + used.system) / 1e6)
      handed.push(delivered)
      minutes.push(ticks - 1)
      process.stderr.write(
        `  round ${round + 1}: ${delivered} deliveries (${robots.messages.length} robot messages, ${mails} mails) in ${ticks} ticks\n`,
      )
      await dispatcher.close()
      email.close()

      // The limit: as many bare POSTs to the same robot server, 8 at a time.
      const bodies = robots.messages.length
      const bareStart = process.cpuUsage()
      let sent = 0
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (sent < bodies) {
            sent++
            await fetch(`${robots.url}/cgi-bin/webhook/send?key=bare`, {
              method: 'POST',
              body: '{"msgtype":"markdown","markdown":{"content":"x"}}',
            })
          }
        }),
      )
      const bareUsed = process.cpuUsage(bareStart)
      bare.push((bareUsed.user + bareUsed.system) / 1e6)
    } finally {
      await store.close()
      await robots.close()
      await new Promise<void>((resolve) => smtp.close(() => resolve()))
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return [
    {
      name: `delivery: a province morning (${steps.toLocaleString('en-US')} due steps over 90,000 assignments) planned and handed to robots + SMTP, CPU`,
      median: median(cpuSeconds),
      unit: 's CPU',
      rounds: ROUNDS,
      limit: { name: 's CPU for as many bare HTTP POSTs as robot messages', median: median(bare) },
      goal: '< 60 s CPU',
    },
    {
      name: 'delivery: deliveries handed to channels that morning',
      median: median(handed),
      unit: 'deliveries',
      rounds: ROUNDS,
    },
    {
      name: 'delivery: minutes the robots’ 20/min limit spreads them over',
      median: median(minutes),
      unit: 'min (simulated)',
      rounds: ROUNDS,
    },
  ]
}
