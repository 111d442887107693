/**
 * What a bulletin (督查通报) says, as data: computed from the read models' period facts at one
 * pinned moment, so the same inputs always give the same content. Rendering (HTML, Word) reads
 * only this. Ranks and rates come from `rankUnits` / `tally` — the one place they are counted.
 */
import type { BulletinPeriod, BulletinSummary, BulletinText, ListedEscalation } from '@duban/domain'
import {
  type BurdenLine,
  type DueObligation,
  type EscalationLine,
  type Indicator,
  type PublishedBulletin,
  type RankedUnit,
  rankUnits,
  type Tally,
  type TaskInfo,
  tally,
} from '@duban/read-models'

/** What composing reads: the read models' period facts at the bulletin's moment. */
export interface BulletinFacts {
  tasks(planId?: string): Map<string, TaskInfo>
  dueObligations(range: { from: string; to: string }, planId?: string): DueObligation[]
  assignedUnits(planId?: string): string[]
  escalations(options: { range?: { from: string; to: string }; planId?: string }): EscalationLine[]
  burden(range: { from: string; to: string }, planId?: string): BurdenLine[]
  bulletins(): PublishedBulletin[]
  plans(): { planId: string; title: string }[]
  indicators(planId: string): Indicator[]
}

export interface BulletinInput {
  bulletinId: string
  period: BulletinPeriod
  planId?: string
  text: BulletinText
  asOf: { position: number; date: string }
  ladderVersion: string
  calendarVersion: string
}

export interface NamedRank extends RankedUnit {
  name: string
}

export interface BulletinContent {
  bulletinId: string
  text: BulletinText
  period: BulletinPeriod
  asOf: { position: number; date: string }
  ladderVersion: string
  calendarVersion: string
  /** The plans it covers. */
  plans: { planId: string; title: string }[]
  overview: Tally & { units: number; escalations: number; indicatorsBehind: number }
  ranking: NamedRank[]
  nothingDue: { unitId: string; name: string }[]
  repeatedlyLate: { unitId: string; name: string; periods: string[]; lateOrMissing: number }[]
  /** Escalations of the period by unit; `earlierListed` were listed by an earlier bulletin. */
  escalations: {
    unitId: string
    name: string
    count: number
    tasks: string[]
    firstOn: string
    lastOn: string
    earlierListed: number
  }[]
  indicatorsBehind: {
    planId: string
    task: string
    text: string
    latest: { period: string; value: number } | null
    expected: number | null
    target: number | null
    unit: string | null
    light: 'yellow' | 'red'
  }[]
  commendations: { unitId: string; name: string; due: number }[]
  changes: {
    previous: { bulletinId: string; title: string; periodFrom: string; periodTo: string } | null
    onTimeRate: { before: number | null; now: number | null }
    improved: { unitId: string; name: string; before: number; now: number }[]
    declined: { unitId: string; name: string; before: number; now: number }[]
    newlyRepeatedlyLate: { unitId: string; name: string }[]
    noLongerRepeatedlyLate: { unitId: string; name: string }[]
  }
  burden: (BurdenLine & { name: string })[]
  /** The escalations this bulletin lists for the first time: marked as listed when it is published. */
  listed: ListedEscalation[]
}

/** A unit late or missing in this many distinct reporting periods (this one among them) is named. */
export const REPEATED_LATENESS_PERIODS = 2

const byId = (a: { unitId: string }, b: { unitId: string }) =>
  a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0

export function composeBulletin(
  facts: BulletinFacts,
  input: BulletinInput,
  unitName: (unitId: string) => string,
): BulletinContent {
  const { period, planId } = input
  const range = { from: period.from, to: period.to }
  const tasks = facts.tasks(planId)
  const taskLabel = (taskId: string) => tasks.get(taskId)?.number ?? taskId
  const plans = facts.plans().filter((p) => !planId || p.planId === planId)

  const due = facts.dueObligations(range, planId)
  const ranking = rankUnits(due, facts.assignedUnits(planId))
  const overall = tally(due.map((o) => o.outcome))

  // Repeated lateness: late or missing in ≥ 2 distinct reporting periods up to the period's end, one of them this one.
  const history = facts.dueObligations({ from: '0000-01-01', to: period.to }, planId)
  const latePeriods = new Map<string, { periods: Set<string>; count: number; inThis: boolean }>()
  for (const o of history) {
    if (o.outcome !== 'late' && o.outcome !== 'missing') continue
    const entry = latePeriods.get(o.unitId) ?? { periods: new Set<string>(), count: 0, inThis: false }
    entry.periods.add(o.period)
    entry.count++
    if (o.dueDate >= period.from) entry.inThis = true
    latePeriods.set(o.unitId, entry)
  }
  const repeatedlyLate = [...latePeriods]
    .filter(([, e]) => e.inThis && e.periods.size >= REPEATED_LATENESS_PERIODS)
    .map(([unitId, e]) => ({
      unitId,
      name: unitName(unitId),
      periods: [...e.periods].sort(),
      lateOrMissing: e.count,
    }))
    .sort((a, b) => b.lateOrMissing - a.lateOrMissing || byId(a, b))

  const escalationLines = facts.escalations({ range, ...(planId ? { planId } : {}) })
  const escalationsByUnit = new Map<
    string,
    BulletinContent['escalations'][number] & { taskSet: Set<string> }
  >()
  const listed: ListedEscalation[] = []
  for (const e of escalationLines) {
    const entry = escalationsByUnit.get(e.unitId) ?? {
      unitId: e.unitId,
      name: unitName(e.unitId),
      count: 0,
      tasks: [],
      taskSet: new Set<string>(),
      firstOn: e.on,
      lastOn: e.on,
      earlierListed: 0,
    }
    entry.count++
    entry.taskSet.add(taskLabel(e.taskId))
    if (e.on < entry.firstOn) entry.firstOn = e.on
    if (e.on > entry.lastOn) entry.lastOn = e.on
    if (e.listedIn !== null) entry.earlierListed++
    else listed.push({ taskId: e.taskId, unitId: e.unitId, escalationId: e.escalationId })
    escalationsByUnit.set(e.unitId, entry)
  }
  const escalations = [...escalationsByUnit.values()]
    .map(({ taskSet, ...rest }) => ({ ...rest, tasks: [...taskSet].sort(compareNumbers) }))
    .sort((a, b) => b.count - a.count || byId(a, b))
  listed.sort((a, b) =>
    `${a.taskId}~${a.unitId}~${a.escalationId}` < `${b.taskId}~${b.unitId}~${b.escalationId}` ? -1 : 1,
  )

  const indicatorsBehind: BulletinContent['indicatorsBehind'] = []
  for (const plan of plans)
    for (const i of facts.indicators(plan.planId)) {
      if (i.light !== 'red' && i.light !== 'yellow') continue
      const latest = i.actuals.at(-1)
      const year = Number(input.asOf.date.slice(0, 4))
      const expected = i.trajectory.find((p) => p.year === year)?.expected ?? null
      indicatorsBehind.push({
        planId: plan.planId,
        task: i.taskId ? taskLabel(i.taskId) : '发展目标',
        text: i.text,
        latest: latest ? { period: latest.period, value: latest.value } : null,
        expected,
        target: i.target,
        unit: i.unit,
        light: i.light,
      })
    }
  indicatorsBehind.sort((a, b) => (a.light === b.light ? 0 : a.light === 'red' ? -1 : 1))

  const commendations = ranking.ranked
    .filter((r) => r.onTime === r.due)
    .map((r) => ({ unitId: r.unitId, name: unitName(r.unitId), due: r.due }))

  const previous = facts
    .bulletins()
    .find(
      (b) =>
        b.bulletinId !== input.bulletinId &&
        b.publishedPosition !== null &&
        (planId ? b.planId === planId : b.planId === null),
    )
  const before = (previous?.summary ?? null) as BulletinSummary | null
  const beforeRank = new Map(before?.ranking.map((r) => [r.unitId, r.rank]) ?? [])
  const improved: BulletinContent['changes']['improved'] = []
  const declined: BulletinContent['changes']['declined'] = []
  for (const r of ranking.ranked) {
    const was = beforeRank.get(r.unitId)
    if (was === undefined || was === r.rank) continue
    const change = { unitId: r.unitId, name: unitName(r.unitId), before: was, now: r.rank }
    if (r.rank < was) improved.push(change)
    else declined.push(change)
  }
  const movement = (a: { before: number; now: number }) => Math.abs(a.before - a.now)
  improved.sort((a, b) => movement(b) - movement(a) || byId(a, b))
  declined.sort((a, b) => movement(b) - movement(a) || byId(a, b))
  const lateBefore = new Set(before?.repeatedlyLate ?? [])
  const lateNow = new Set(repeatedlyLate.map((r) => r.unitId))

  const burden = facts.burden(range, planId).map((line) => ({ ...line, name: unitName(line.unitId) }))

  return {
    bulletinId: input.bulletinId,
    text: input.text,
    period,
    asOf: input.asOf,
    ladderVersion: input.ladderVersion,
    calendarVersion: input.calendarVersion,
    plans,
    overview: {
      ...overall,
      units: ranking.ranked.length,
      escalations: escalationLines.length,
      indicatorsBehind: indicatorsBehind.length,
    },
    ranking: ranking.ranked.map((r) => ({ ...r, name: unitName(r.unitId) })),
    nothingDue: ranking.nothingDue.map((unitId) => ({ unitId, name: unitName(unitId) })),
    repeatedlyLate,
    escalations,
    indicatorsBehind,
    commendations,
    changes: {
      previous: previous
        ? {
            bulletinId: previous.bulletinId,
            title: previous.title,
            periodFrom: previous.periodFrom,
            periodTo: previous.periodTo,
          }
        : null,
      onTimeRate: { before: before?.onTimeRate ?? null, now: overall.onTimeRate },
      improved: improved.slice(0, 10),
      declined: declined.slice(0, 10),
      newlyRepeatedlyLate: repeatedlyLate.filter((r) => before && !lateBefore.has(r.unitId)).map(named),
      noLongerRepeatedlyLate: [...lateBefore]
        .filter((u) => !lateNow.has(u))
        .sort()
        .map((unitId) => ({ unitId, name: unitName(unitId) })),
    },
    burden,
    listed,
  }
}

const named = (r: { unitId: string; name: string }) => ({ unitId: r.unitId, name: r.name })

/** Task numbers such as "3" or "二.4" in reading order. */
function compareNumbers(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true })
}

/** What the published event keeps of the content, for the next bulletin's "changes". */
export function summaryOf(content: BulletinContent): BulletinSummary {
  const { due, onTime, late, underReview, missing, onTimeRate } = content.overview
  return {
    due,
    onTime,
    late,
    underReview,
    missing,
    onTimeRate,
    ranking: content.ranking.map((r) => ({ unitId: r.unitId, rank: r.rank, rate: r.onTimeRate })),
    repeatedlyLate: content.repeatedlyLate.map((r) => r.unitId),
  }
}
