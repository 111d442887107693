/**
 * A province-size log for benchmarks: the example plans' shape scaled up — many plans of
 * sections and tasks, each task bound to a lead unit, co-units and every district government,
 * reported on quarter by quarter. Events carry the domain's data shapes exactly (the real
 * projections read them); the workflow is simplified: every unit signs, reports each quarter,
 * and one assignment-quarter in eight runs late through reminder, notice and answer first.
 * Deterministic: the same options give the same log.
 */
import type { EventMetadata, EventStore, NewEvent } from '@duban/eventstore'

export interface ProvinceLogOptions {
  plans: number
  sectionsPerPlan: number
  tasksPerSection: number
  /** Units a task binds besides the districts: the first is the lead. */
  departments: readonly string[]
  coUnitsPerTask: number
  districts: readonly string[]
  /** Quarters reported, from 2022-Q4 on. */
  quarters: number
  /** Appends in flight at once (one group commit). */
  concurrency?: number
  onProgress?: (events: number) => void
}

const DAY = 86_400_000
const START = Date.parse('2022-10-08T02:00:00Z')

interface Assignment {
  planId: string
  taskId: string
  unitId: string
  role: 'lead' | 'co' | 'district'
}

/** Writes the log into `store`; resolves with the number of events. */
export async function writeProvinceLog(store: EventStore, options: ProvinceLogOptions): Promise<number> {
  const writer = new Writer(store, options.concurrency ?? 400, options.onProgress)
  const assignments: Assignment[] = []
  let day = 0
  for (let p = 0; p < options.plans; p++) {
    const planId = `p${String(p + 1).padStart(3, '0')}`
    const sections = Array.from({ length: options.sectionsPerPlan }, (_, s) => ({
      id: `g${s + 1}`,
      title: `第${s + 1}项行动`,
    }))
    writer.add(`plan-${planId}`, 'PlanRegistered', day, {
      planId,
      title: `行动计划 ${planId}`,
      period: { from: 2022, to: 2024 },
      sections,
      reportingPolicy: { cadence: 'quarterly', dueWorkingDay: 5 },
      goals: [],
    })
    for (let s = 0; s < options.sectionsPerPlan; s++) {
      for (let k = 0; k < options.tasksPerSection; k++) {
        const n = s * options.tasksPerSection + k
        const taskId = `${planId}.t${n + 1}`
        const lead = options.departments[(p * 7 + n) % options.departments.length]!
        const coUnitIds = Array.from(
          { length: options.coUnitsPerTask },
          (_, c) => options.departments[(p * 7 + n + 1 + c) % options.departments.length]!,
        ).filter((id) => id !== lead)
        writer.add(`task-${taskId}`, 'TaskRegistered', day, {
          taskId,
          planId,
          sectionId: `g${s + 1}`,
          number: String(n + 1),
          kind: 'task',
          title: `任务 ${taskId}`,
          body: `到2024年，任务 ${taskId} 的指标达到目标。`,
          leadUnitId: lead,
          coUnitIds,
          allDistricts: true,
          targets: [
            {
              id: 'g1',
              text: '到2024年达到1000亿元',
              kind: 'level',
              comparator: 'at_least',
              value: 1000,
              unit: '亿元',
              baseline: { year: 2021, value: 400 },
            },
          ],
          deadline: '2024-12-31',
        })
        const roles: [string, Assignment['role']][] = [
          [lead, 'lead'],
          ...coUnitIds.map((id): [string, Assignment['role']] => [id, 'co']),
          ...options.districts.map((id): [string, Assignment['role']] => [id, 'district']),
        ]
        for (const [unitId, role] of roles) assignments.push({ planId, taskId, unitId, role })
      }
    }
    await writer.flushIfFull()
  }
  day++
  for (const a of assignments) {
    writer.add(stream(a), 'TaskAssigned', day, {
      taskId: a.taskId,
      unitId: a.unitId,
      role: a.role,
      dueDate: '2024-12-31',
    })
    await writer.flushIfFull()
  }
  day++
  for (const a of assignments) {
    writer.add(stream(a), 'AssignmentAcknowledged', day, { taskId: a.taskId, unitId: a.unitId })
    await writer.flushIfFull()
  }
  for (let q = 0; q < options.quarters; q++) {
    const period = quarterLabel(q)
    const dueDate = quarterDue(q)
    const opened = 6 + q * 91
    const reported = opened + 80
    for (const a of assignments) {
      const base = { taskId: a.taskId, unitId: a.unitId }
      writer.add(stream(a), 'ObligationOpened', opened, {
        ...base,
        obligationId: period,
        period,
        dueDate,
        kind: 'periodic',
      })
      await writer.flushIfFull()
    }
    let i = 0
    for (const a of assignments) {
      const base = { taskId: a.taskId, unitId: a.unitId }
      const late = (hash(a.taskId) + hash(a.unitId) + q) % 8 === 0
      const s = stream(a)
      let on = reported
      if (late) {
        writer.add(s, 'ReminderSent', on, {
          ...base,
          reminderId: `overdue.${period}`,
          kind: 'overdue',
          obligationId: period,
          message: `已过报送截止日 ${dueDate}`,
          policyVersion: 'ladder-2022.1',
          stageId: 'overdue',
        })
        writer.add(s, 'SupervisionNoticeIssued', on + 3, {
          ...base,
          noticeId: `notice.${period}`,
          grade: 'general',
          obligationId: period,
          reason: `逾期 3 个工作日（截止日 ${dueDate}）`,
          answerDueDate: quarterDue(q, 6),
          policyVersion: 'ladder-2022.1',
          stageId: 'supervision-notice',
        })
        writer.add(s, 'SupervisionNoticeAnswered', on + 4, {
          ...base,
          noticeId: `notice.${period}`,
          answer: '已补报。',
          evidence: [],
        })
        on += 4
      }
      writer.add(s, 'ProgressReportSubmitted', on, {
        ...base,
        reportId: `${period}.r1`,
        obligationId: period,
        period,
        narrative: `${period} 进展：按计划推进。`,
        indicatorValues:
          a.role === 'lead' ? [{ targetId: 'g1', value: 400 + (q + 1) * 45 + (i % 7), period }] : [],
        evidence: [],
      })
      writer.add(s, 'ProgressReportAccepted', on + 1, { ...base, reportId: `${period}.r1` })
      i++
      await writer.flushIfFull()
    }
  }
  await writer.flush()
  return writer.written
}

const stream = (a: Assignment) => `assignment-${a.taskId}~${a.unitId}`

/** 2022-Q4, 2023-Q1, … */
function quarterLabel(q: number): string {
  const index = 3 + q
  return `${2022 + Math.floor(index / 4)}-Q${(index % 4) + 1}`
}

/** About the 5th working day after the quarter (calendar days are near enough for a benchmark). */
function quarterDue(q: number, extraDays = 0): string {
  const index = 4 + q
  const year = 2022 + Math.floor(index / 4)
  const month = (index % 4) * 3 + 1
  return new Date(Date.UTC(year, month - 1, 9 + extraDays)).toISOString().slice(0, 10)
}

function hash(text: string): number {
  let h = 0
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0
  return Math.abs(h)
}

/** Groups events by stream into appends and sends them in group commits. */
class Writer {
  written = 0
  private pending = new Map<string, NewEvent[]>()
  private count = 0

  constructor(
    private readonly store: EventStore,
    private readonly concurrency: number,
    private readonly onProgress?: (events: number) => void,
  ) {}

  add(streamId: string, type: string, day: number, data: unknown): void {
    const commandId = `gen:${streamId}:${type}:${this.written + this.count}`
    const metadata: EventMetadata = {
      actor: type.startsWith('Reminder') || type.startsWith('Supervision') ? 'system:scheduler' : 'user:gen',
      unit: null,
      commandId,
      correlationId: commandId,
      causationId: commandId,
      recordedAt: new Date(START + day * DAY).toISOString(),
    }
    const list = this.pending.get(streamId)
    const event: NewEvent = { type, schemaVersion: type === 'ReminderSent' ? 2 : 1, data, metadata }
    if (list) list.push(event)
    else this.pending.set(streamId, [event])
    this.count++
  }

  async flushIfFull(): Promise<void> {
    if (this.pending.size >= this.concurrency) await this.flush()
  }

  async flush(): Promise<void> {
    const appends = [...this.pending]
    this.pending = new Map()
    await Promise.all(
      appends.map(([streamId, events]) => this.store.append(streamId, events, { expectedVersion: 'any' })),
    )
    this.written += this.count
    this.count = 0
    this.onProgress?.(this.written)
  }
}
