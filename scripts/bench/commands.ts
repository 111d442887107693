/**
 * Durable commands per second through the real path — read the task and assignment streams,
 * fold, decide, append, wait for the commit — beside raw better-sqlite3 inserts of the same
 * rows (event, stream version, command id), one durable commit per command, into the same
 * schema with the same durability (WAL, synchronous=FULL), in the same run.
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import {
  AssignmentCommand,
  assignmentDecider,
  assignmentStreamId,
  domainEvents,
  planDecider,
  planStreamId,
  RegisterPlan,
  RegisterTask,
  taskDecider,
  taskStreamId,
} from '@duban/domain'
import { openSqliteEventStore } from '@duban/eventstore'
import { eventCodec, fixedClock, handleCommand, type LedgerDeps, loadState, StateCache } from '@duban/ledger'
import Database from 'better-sqlite3'
import { type BenchRow, median } from './report'

const ROUNDS = 5
const UNITS = 400
const CONCURRENCY = 64
const office = { userId: 'bench-office', unitId: null, roles: ['supervision_office' as const] }
const unitActor = (unitId: string) => ({ userId: `${unitId}-reporter`, unitId })
const TASK = 'bench.t1'

export async function benchCommands(): Promise<BenchRow[]> {
  const directory = mkdtempSync(join(tmpdir(), 'duban-bench-commands-'))
  try {
    const store = openSqliteEventStore({ file: join(directory, 'ledger.db') })
    const ledger: LedgerDeps = {
      states: new StateCache(),
      store,
      clock: fixedClock('2023-06-15T02:00:00Z'),
      codec: eventCodec(domainEvents),
    }
    const units = await givenAssignedUnits(ledger)
    const sequential: number[] = []
    const concurrent: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      sequential.push(await submitReports(ledger, units.slice(0, 100), round, 1))
      concurrent.push(await submitReports(ledger, units, round, CONCURRENCY))
    }
    const sampleRows = (await store.readAll({ after: (await store.headPosition()) - 1, limit: 1 }))[0]!
    await store.close()

    const raw = rawSingleCommits(join(directory, 'ledger.db'), sampleRows.data, sampleRows.metadata)
    const rawRates = Array.from({ length: ROUNDS }, () => raw.commitsPerSecond(500))
    raw.close()
    const limit = { name: 'raw commits/s of the same rows', median: median(rawRates) }
    return [
      {
        name: 'commands: submit report, one at a time (read → decide → durable append)',
        median: median(sequential),
        unit: 'commands/s',
        rounds: ROUNDS,
        limit,
        goal: '≥ 50% of raw',
      },
      {
        name: `commands: submit report, ${CONCURRENCY} in flight (group commit)`,
        median: median(concurrent),
        unit: 'commands/s',
        rounds: ROUNDS,
        limit,
        goal: '≥ 50% of raw',
      },
    ]
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

async function givenAssignedUnits(ledger: LedgerDeps): Promise<string[]> {
  await handleCommand(ledger, planDecider, {
    streamId: planStreamId('bench'),
    actor: office,
    command: RegisterPlan.parse({
      type: 'RegisterPlan',
      data: {
        planId: 'bench',
        title: 'benchmark plan',
        period: { from: 2022, to: 2024 },
        sections: [{ id: 'g1', title: 'section' }],
      },
    }),
  })
  const { state: plan } = await loadState(ledger, planDecider, planStreamId('bench'))
  const units = Array.from({ length: UNITS }, (_, i) => `unit-${i}`)
  await handleCommand(ledger, taskDecider, {
    streamId: taskStreamId(TASK),
    actor: office,
    context: { plan },
    command: RegisterTask.parse({
      type: 'RegisterTask',
      data: {
        taskId: TASK,
        planId: 'bench',
        sectionId: 'g1',
        number: '1',
        kind: 'task',
        title: 'task',
        body: 'task body',
        leadUnitId: units[0]!,
        coUnitIds: units.slice(1),
      },
    }),
  })
  const { state: task } = await loadState(ledger, taskDecider, taskStreamId(TASK))
  for (const [index, unitId] of units.entries()) {
    const streamId = assignmentStreamId(TASK, unitId)
    const context = { task }
    const role = index === 0 ? 'lead' : 'co'
    await handleCommand(ledger, assignmentDecider, {
      streamId,
      actor: office,
      context,
      command: AssignmentCommand.parse({ type: 'AssignTask', data: { taskId: TASK, unitId, role } }),
    })
    await handleCommand(ledger, assignmentDecider, {
      streamId,
      actor: unitActor(unitId),
      context,
      command: AssignmentCommand.parse({ type: 'AcknowledgeAssignment', data: { taskId: TASK, unitId } }),
    })
  }
  return units
}

/** Each command reads the task's state too, as the API does: that read is part of the path. */
async function submitReports(
  ledger: LedgerDeps,
  units: string[],
  round: number,
  inFlight: number,
): Promise<number> {
  let next = 0
  const worker = async () => {
    while (next < units.length) {
      const unitId = units[next++]!
      const { state: task } = await loadState(ledger, taskDecider, taskStreamId(TASK))
      await handleCommand(ledger, assignmentDecider, {
        streamId: assignmentStreamId(TASK, unitId),
        actor: unitActor(unitId),
        context: { task },
        command: AssignmentCommand.parse({
          type: 'SubmitProgressReport',
          data: { taskId: TASK, unitId, reportId: `r${round}-${inFlight}`, narrative: '本季度进展顺利。' },
        }),
      })
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: inFlight }, worker))
  return units.length / ((performance.now() - started) / 1000)
}

/**
 * The rows a command's append writes — the event (its stream's version is in the events' index)
 * and its command id for idempotency — each set in its own durable commit, straight through
 * better-sqlite3.
 */
function rawSingleCommits(file: string, data: unknown, metadata: unknown) {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  const insertEvent = db.prepare(
    `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash)
     VALUES (?, ?, 1, 'ProgressReportSubmitted', 1, ?, ?, ?, ?)`,
  )
  const insertCommand = db.prepare(
    'INSERT INTO commands (command_id, stream_id, first_position, event_count) VALUES (?, ?, ?, 1)',
  )
  const dataJson = JSON.stringify(data)
  const metadataJson = JSON.stringify(metadata)
  const hash = 'f'.repeat(64)
  const commit = db.transaction(() => {
    const streamId = `raw-${randomUUID()}`
    const { lastInsertRowid } = insertEvent.run(randomUUID(), streamId, dataJson, metadataJson, hash, hash)
    insertCommand.run(randomUUID(), streamId, lastInsertRowid)
  })
  return {
    commitsPerSecond(rows: number): number {
      const started = performance.now()
      for (let i = 0; i < rows; i++) commit.immediate()
      return rows / ((performance.now() - started) / 1000)
    },
    close: () => db.close(),
  }
}
