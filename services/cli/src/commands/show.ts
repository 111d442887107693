/**
 * `duban show <view>`: the read models in the terminal — now, or `--as-of` a date (YYYY-MM-DD,
 * end of that day in Asia/Shanghai) or a log position; `--json` prints the view as the API does.
 *   duban show unit 市商务委 [--plan P]      单位责任清单
 *   duban show overdue [--plan P --section S --unit U --stage S]
 *   duban show inbox 渝中区                  reminders and notices, answered or not
 *   duban show dashboard PLAN                lights by section and unit, escalations, indicators
 *   duban show indicators PLAN [--task T]
 *   duban show history TASK
 */
import type { AsOf, ReadModels } from '@duban/read-models'
import { loadChongqingUnits } from '@duban/units'
import Table from 'cli-table3'
import type { Command } from 'commander'
import { CliError } from '../cli-error'
import { type StoreChoice, storeUrlOption } from '../ledger-from-env'
import { withReadModels } from '../read-models-from-env'

interface Common {
  storeUrl?: string
  asOf?: string
  json?: boolean
  limit: string
}

const units = loadChongqingUnits()
const light = { green: '绿 green', yellow: '黄 yellow', red: '红 red' } as const

/** A unit id or a unit's name as documents write it (市商务委) → its id. */
function unitId(models: ReadModels, name: string): string {
  if (units.get(name) || models.knowsUnit(name)) return name
  const resolved = units.resolve(name)?.unit.id
  if (!resolved) throw new CliError(`unknown unit ${name}`)
  return resolved
}

const unitName = (id: string) => units.periodAsOf(id)?.name ?? id

function limitOf(options: Common): number {
  const limit = Number(options.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new CliError('--limit must be an integer from 1 to 1000')
  return limit
}

function print(options: Common, view: { asOf: AsOf }, render: () => string): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(view, null, 2)}\n`)
    return
  }
  const when = view.asOf.live ? `now (${view.asOf.date})` : `as of ${view.asOf.date}`
  process.stdout.write(`${when}, log position ${view.asOf.position}\n${render()}\n`)
}

const table = (head: string[], rows: (string | number)[][]) => {
  const t = new Table({ head, style: { head: [], border: [] } })
  t.push(...rows)
  return t.toString()
}

function common(command: Command): Command {
  return storeUrlOption(command)
    .option('--as-of <when>', 'a date YYYY-MM-DD (end of that day, Asia/Shanghai) or a log position')
    .option('--json', 'print the view as JSON')
    .option('--limit <n>', 'rows to show', '50')
}

/** The store, and the root command's `--now`: "today" for views without `--as-of`. */
const storeOf = (program: Command, options: Common): StoreChoice => ({
  ...(options.storeUrl !== undefined && { storeUrl: options.storeUrl }),
  ...(program.opts<{ now?: string }>().now !== undefined && { now: program.opts<{ now: string }>().now }),
})

export function showCommand(program: Command): void {
  const show = program
    .command('show')
    .description('show a read model: unit, overdue, inbox, dashboard, indicators, history')

  common(show.command('unit').argument('<unit>', 'unit name or id, e.g. 市商务委').option('--plan <plan>'))
    .description('单位责任清单: the tasks a unit leads or shares, obligations, lights, on-time rate')
    .action(async (unit: string, options: Common & { plan?: string }) => {
      await withReadModels(
        async (models) => {
          const id = unitId(models, unit)
          const view = await models.unitView(id, {
            asOf: options.asOf,
            limit: limitOf(options),
            ...(options.plan ? { planId: options.plan } : {}),
          })
          print(options, view, () => {
            const s = view.summary
            const rate = s.onTimeRate === null ? '—' : `${(s.onTimeRate * 100).toFixed(0)}%`
            return (
              `${unitName(id)} (${id}): ${s.assignments} assignments — ${s.lights.green} green, ${s.lights.yellow} yellow, ` +
              `${s.lights.red} red; on time ${rate} (${s.metOnTime}/${s.obligationsDue}); ` +
              `${s.openNotices} open notices; ${s.returnedReports} returned reports\n` +
              table(
                ['task', 'role', 'light', 'due', 'obligations (open/under review/met)', 'why'],
                view.assignments.map((a) => [
                  `${a.taskId} ${a.title.slice(0, 18)}`,
                  a.role,
                  light[a.light],
                  a.dueDate,
                  ['open', 'under_review', 'met']
                    .map((st) => a.obligations.filter((o) => o.status === st).length)
                    .join('/'),
                  a.reason.because.zh.slice(0, 40),
                ]),
              )
            )
          })
        },
        storeOf(program, options),
      )
    })

  common(
    show
      .command('overdue')
      .option('--plan <plan>')
      .option('--section <section>')
      .option('--unit <unit>')
      .option('--stage <stage>', 'due-soon, overdue, supervision-notice, escalation'),
  )
    .description('the overdue board: every overdue obligation, working days overdue, ladder stage')
    .action(async (options: Common & { plan?: string; section?: string; unit?: string; stage?: string }) => {
      await withReadModels(
        async (models) => {
          const view = await models.overdueBoard({
            asOf: options.asOf,
            limit: limitOf(options),
            ...(options.plan ? { planId: options.plan } : {}),
            ...(options.section ? { sectionId: options.section } : {}),
            ...(options.unit ? { unitId: unitId(models, options.unit) } : {}),
            ...(options.stage ? { stage: options.stage } : {}),
          })
          print(options, view, () => {
            const stages = Object.entries(view.byStage)
              .map(([stage, n]) => `${stage} ${n}`)
              .join(', ')
            return (
              `${view.page.total} overdue obligations (${stages || 'none'})\n` +
              table(
                ['unit', 'task', 'period', 'due', 'working days over', 'stage'],
                view.lines.map((l) => [
                  unitName(l.unitId),
                  `${l.taskId}`,
                  l.period,
                  l.dueDate,
                  l.workingDaysOverdue,
                  l.stage ?? '—',
                ]),
              )
            )
          })
        },
        storeOf(program, options),
      )
    })

  common(show.command('inbox').argument('<unit>', 'unit name or id, e.g. 渝中区').option('--unanswered'))
    .description('a unit’s reminders, supervision notices and escalations, answered or not')
    .action(async (unit: string, options: Common & { unanswered?: boolean }) => {
      await withReadModels(
        async (models) => {
          const id = unitId(models, unit)
          const view = await models.inbox(id, {
            asOf: options.asOf,
            limit: limitOf(options),
            ...(options.unanswered ? { unanswered: true } : {}),
          })
          print(
            options,
            view,
            () =>
              `${unitName(id)}: ${view.counts.total} items, ${view.counts.unanswered} unanswered ` +
              `(${view.counts.unansweredNotices} of ${view.counts.notices} notices)\n` +
              table(
                ['issued', 'kind', 'task', 'answer due', 'signed', 'answered'],
                view.items.map((i) => [
                  i.issuedOn,
                  `${i.kind} ${i.grade ?? ''}`,
                  i.taskId,
                  i.answerDueOn ?? '',
                  i.acknowledged ? 'yes' : 'no',
                  i.answered ? (i.answeredOn ?? 'yes') : 'no',
                ]),
              ),
          )
        },
        storeOf(program, options),
      )
    })

  common(show.command('dashboard').argument('<plan>', 'plan id'))
    .description('the plan dashboard: lights by section and unit, escalations, indicators')
    .action(async (plan: string, options: Common) => {
      await withReadModels(
        async (models) => {
          const view = await models.planDashboard(plan, { asOf: options.asOf })
          print(options, view, () => {
            if (!('plan' in view)) return `plan ${plan} was not registered yet`
            return (
              `${view.plan.title}: assignments ${view.lights.green} green, ${view.lights.yellow} yellow, ${view.lights.red} red; ` +
              `${view.escalations.total} escalations\n` +
              table(
                ['section', 'tasks g/y/r', 'assignments g/y/r'],
                view.bySection.map((s) => [
                  s.title,
                  `${s.tasks.green}/${s.tasks.yellow}/${s.tasks.red}`,
                  `${s.assignments.green}/${s.assignments.yellow}/${s.assignments.red}`,
                ]),
              )
            )
          })
        },
        storeOf(program, options),
      )
    })

  common(show.command('indicators').argument('<plan>', 'plan id').option('--task <task>'))
    .description('indicators: actuals by period, trajectory, forecast and light')
    .action(async (plan: string, options: Common & { task?: string }) => {
      await withReadModels(
        async (models) => {
          const view = await models.indicators(plan, {
            asOf: options.asOf,
            ...(options.task ? { taskId: options.task } : {}),
          })
          print(options, view, () =>
            table(
              ['task', 'target', 'goal', 'latest actual', 'forecast', 'light'],
              view.indicators.map((i) => {
                const latest = i.actuals.at(-1)
                return [
                  i.taskId ?? 'plan',
                  i.text.slice(0, 30),
                  i.target ?? '—',
                  latest ? `${latest.value} (${latest.period})` : '—',
                  i.forecast ?? '—',
                  i.light ? light[i.light] : '—',
                ]
              }),
            ),
          )
        },
        storeOf(program, options),
      )
    })

  common(show.command('history').argument('<task>', 'task id'))
    .description('a task’s audit trail: every event with actor, unit and time')
    .action(async (task: string, options: Common) => {
      await withReadModels(
        async (models) => {
          const view = await models.taskHistory(task, { asOf: options.asOf, limit: limitOf(options) })
          print(
            options,
            view,
            () =>
              `${view.page.total} events\n` +
              table(
                ['position', 'recorded', 'event', 'unit', 'actor'],
                view.entries.map((e) => [
                  e.position,
                  e.recordedAt.slice(0, 16),
                  e.type,
                  e.unitId ?? '',
                  e.actor,
                ]),
              ),
          )
        },
        storeOf(program, options),
      )
    })
}
