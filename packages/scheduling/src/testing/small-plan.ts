/**
 * A small plan on a real SQLite ledger for the scheduler's tests: one task, a lead and co-units,
 * assigned on a given day, and a day-by-day driver.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startOfBusinessDay } from '@duban/calendar'
import {
  assignmentDecider,
  assignmentStreamId,
  domainEvents,
  planDecider,
  planStreamId,
  type ReportingCadence,
  taskDecider,
  taskStreamId,
} from '@duban/domain'
import { type EventStore, openSqliteEventStore } from '@duban/eventstore'
import {
  eventCodec,
  fixedClock,
  handleCommand,
  type LedgerDeps,
  loadState,
  SimulatedClock,
  StateCache,
} from '@duban/ledger'

export const OFFICE = { userId: 'office-1', unitId: null, roles: ['supervision_office' as const] }
export const TASK_ID = 'p1.t1'

export function tempDir(prefix = 'duban-scheduler-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** 08:00 in Shanghai on a business date: when the scheduler runs. */
export const morningOf = (date: string) => new Date(startOfBusinessDay(date).getTime() + 8 * 3_600_000)

export function ledgerOn(store: EventStore, clock = new SimulatedClock('2020-01-01T00:00:00Z')) {
  const ledger: LedgerDeps = { store, clock, codec: eventCodec(domainEvents), states: new StateCache() }
  return { ledger, clock }
}

export function openLedger(file: string, start = '2020-01-01T00:00:00Z') {
  return ledgerOn(openSqliteEventStore({ file, pollIntervalMs: 50 }), new SimulatedClock(start))
}

export async function seedSmallPlan(
  ledger: LedgerDeps,
  options: { assignedOn: string; units: string[]; reporting?: ReportingCadence },
): Promise<void> {
  const at = {
    ...ledger,
    clock: fixedClock(new Date(startOfBusinessDay(options.assignedOn).getTime() + 2 * 3_600_000)),
  }
  const [lead = 'u1', ...co] = options.units
  await handleCommand(at, planDecider, {
    streamId: planStreamId('p1'),
    commandId: 'seed:plan',
    actor: OFFICE,
    command: {
      type: 'RegisterPlan',
      data: {
        planId: 'p1',
        title: '测试行动计划',
        period: { from: 2023, to: 2024 },
        sections: [{ id: 'g1', title: '第一组' }],
        reportingPolicy: options.reporting ?? { cadence: 'quarterly', dueWorkingDay: 5 },
        goals: [],
      },
    },
  })
  const { state: plan } = await loadState(at, planDecider, planStreamId('p1'))
  await handleCommand(at, taskDecider, {
    streamId: taskStreamId(TASK_ID),
    commandId: 'seed:task',
    actor: OFFICE,
    context: { plan },
    command: {
      type: 'RegisterTask',
      data: {
        taskId: TASK_ID,
        planId: 'p1',
        sectionId: 'g1',
        number: '1',
        kind: 'task',
        title: '培育外贸主体',
        body: '每年开展10场以上外贸主体培育活动。',
        leadUnitId: lead,
        coUnitIds: co,
        allDistricts: false,
        targets: [],
        deadline: '2024-12-31',
      },
    },
  })
  const { state: task } = await loadState(at, taskDecider, taskStreamId(TASK_ID))
  for (const unitId of options.units) {
    await handleCommand(at, assignmentDecider, {
      streamId: assignmentStreamId(TASK_ID, unitId),
      commandId: `seed:assign:${unitId}`,
      actor: OFFICE,
      context: { task },
      command: {
        type: 'AssignTask',
        data: { taskId: TASK_ID, unitId, role: unitId === lead ? 'lead' : 'co' },
      },
    })
  }
}

/** Every business date from `from` to `to`, inclusive. */
export function* days(from: string, to: string): Generator<string> {
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d.toISOString().slice(0, 10) <= to;
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    yield d.toISOString().slice(0, 10)
  }
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}
