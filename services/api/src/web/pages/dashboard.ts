/**
 * 计划总览 for the leadership group: one plan's lights by section (task lights: the worst of each
 * task's assignments) and by unit, and the trajectory charts of its indicators with actuals
 * from accepted and pending reports — the plan dashboard and indicators read models.
 */
import type { policy, Target } from '@duban/domain'
import type {
  AsOfInput,
  Indicator,
  PlanDashboard,
  RankedUnit,
  ReadModels,
  TaskBoardLine,
} from '@duban/read-models'
import { percent } from '@duban/reporting'
import { type Point, periodEnd, trajectoryChart } from '../chart'
import { amount, periodName } from '../format'
import { html } from '../html'
import { type PageContext, page } from '../layout'
import { drillHref, figureLink } from './drill-down'

type Counts = Record<policy.Light, number>
const zero = (): Counts => ({ red: 0, yellow: 0, green: 0 })

const fills: Record<policy.Light, string> = { red: '#c62828', yellow: '#d9a400', green: '#2e7d32' }

/** Red, yellow and green as one proportional bar: SVG attributes, so no inline style is needed. */
const bar = (counts: Counts, href?: (light: policy.Light) => string) => {
  // Each count links to the items behind it (drill-down) when the page says where they are.
  const count = (light: policy.Light) => (href ? figureLink(href(light), counts[light]) : counts[light])
  const total = counts.red + counts.yellow + counts.green
  let x = 0
  const segments = (['red', 'yellow', 'green'] as const).map((light) => {
    const width = total === 0 ? 0 : (counts[light] / total) * 160
    const segment =
      counts[light] > 0
        ? html`<rect x="${x}" y="0" width="${width}" height="16" fill="${fills[light]}"><title>${counts[light]}</title></rect>`
        : ''
    x += width
    return segment
  })
  return html`<svg class="bar" width="160" height="16" viewBox="0 0 160 16" role="img" aria-label="红 ${counts.red} 黄 ${counts.yellow} 绿 ${counts.green}">${segments}</svg>
<span class="counts">红 ${count('red')} · 黄 ${count('yellow')} · 绿 ${count('green')}</span>`
}

export interface DashboardData {
  plans: { planId: string; title: string }[]
  /** The plan shown, when any plan was registered by the date. */
  shown?: { dashboard: PlanDashboard; indicators: Indicator[] } & Partial<LeadershipFigures>
}

/** The drill-downs the leadership reads beside the lights: each task's own light, each unit's on-time rate. */
export interface LeadershipFigures {
  tasks: TaskBoardLine[]
  onTime: Map<string, RankedUnit>
}

export async function leadershipFigures(
  views: ReadModels,
  planId: string,
  asOf: AsOfInput,
  date: string,
): Promise<LeadershipFigures> {
  const board = await views.taskBoard(planId, { asOf })
  const performance = await views.performance({ asOf, planId, range: { from: '0000-01-01', to: date } })
  return { tasks: board.tasks, onTime: new Map(performance.ranking.map((r) => [r.unitId, r])) }
}

export function dashboardPage(context: PageContext, data: DashboardData) {
  const { plans, shown } = data
  const keep = context.asOf < context.today ? `&asOf=${context.asOf}` : ''
  const picker = html`<nav class="tabs">${plans.map(
    (p) =>
      html`<a href="/w/dashboard?plan=${p.planId}${keep}" class="${p.planId === shown?.dashboard.plan.planId ? 'active' : ''}">${p.title}</a>`,
  )}</nav>`
  if (!shown) return page(context, '计划总览', html`<p class="muted">截至该日台账中没有计划。</p>`)
  return page(context, '计划总览', html`${picker}${planBody(context, shown)}`)
}

/** The read model's indicator as the chart draws it: the plan's path and its target. */
const targetOf = (i: Indicator): Target => ({
  id: i.targetId,
  text: i.text,
  kind: i.kind,
  ...(i.comparator ? { comparator: i.comparator } : {}),
  ...(i.target !== null ? { value: i.target } : {}),
  ...(i.unit ? { unit: i.unit } : {}),
  ...(i.baseline ? { baseline: i.baseline } : {}),
  ...(i.steps ? { steps: i.steps } : {}),
  dueOn: `${i.dueYear}-12-31`,
})

function planBody(context: PageContext, shown: NonNullable<DashboardData['shown']>) {
  const { dashboard, indicators } = shown
  const { plan } = dashboard
  const planCounts = zero()
  for (const section of dashboard.bySection)
    for (const light of ['red', 'yellow', 'green'] as const) planCounts[light] += section.tasks[light]
  const unitRows = [...dashboard.byUnit].sort(
    (a, b) => b.assignments.red - a.assignments.red || b.assignments.yellow - a.assignments.yellow,
  )
  const from = `${plan.periodFrom}-01-01`
  const charts = indicators
    .filter((i) => i.target !== null)
    .map((i) => {
      const actuals: Point[] = i.actuals.flatMap((a) => {
        const date = periodEnd(a.period)
        return date ? [{ date, value: a.value }] : []
      })
      actuals.sort((a, b) => a.date.localeCompare(b.date))
      return { indicator: i, target: targetOf(i), actuals }
    })
  charts.sort((a, b) => b.actuals.length - a.actuals.length)
  const keepFirst = context.asOf < context.today ? `?asOf=${context.asOf}` : ''
  const planId = plan.planId
  const rateOf = (unitId: string) => {
    const rank = shown.onTime?.get(unitId)
    // The rate links to the unit's obligations that fell due (the ones it is counted over).
    return rank
      ? html`${percent(rank.onTimeRate)}（${rank.onTime}/${figureLink(drillHref(context, { show: 'due', plan: planId, unit: unitId, to: dashboard.asOf.date }), rank.due)}）`
      : '—'
  }
  const tasksOf = (section?: string) => (light: policy.Light) =>
    drillHref(context, { show: 'tasks', plan: planId, light, section })
  const assignmentsOf = (unit: string) => (light: policy.Light) =>
    drillHref(context, { show: 'assignments', plan: planId, unit, light })
  return html`
<p class="summary" data-testid="plan-lights">${plan.title}（${plan.periodFrom}—${plan.periodTo}年）· 任务亮灯 ${bar(planCounts, tasksOf())}</p>
<div class="columns">
<section data-testid="lights-by-section"><h2>按行动分组</h2>
<table class="grid"><thead><tr><th>分组</th><th>任务亮灯（红 / 黄 / 绿）</th></tr></thead><tbody>
${dashboard.bySection.map((section) => html`<tr><td>${section.title}</td><td>${bar(section.tasks, tasksOf(section.sectionId))}</td></tr>`)}
</tbody></table></section>
<section data-testid="lights-by-unit"><h2>按责任单位</h2>
<table class="grid"><thead><tr><th>单位</th><th>交办亮灯（红 / 黄 / 绿）</th><th>按时报送率</th></tr></thead><tbody>
${unitRows.slice(0, 20).map((row) => html`<tr data-unit="${row.unitId}"><td><a href="/w/units/${row.unitId}${keepFirst}">${context.unitName(row.unitId)}</a></td><td>${bar(row.assignments, assignmentsOf(row.unitId))}</td><td data-testid="unit-on-time">${rateOf(row.unitId)}</td></tr>`)}
</tbody></table>
${unitRows.length > 20 ? html`<p class="muted">按红灯数排列前 20 个单位；另有 ${unitRows.length - 20} 个单位。</p>` : ''}
</section>
</div>
${leadershipSections(context, shown)}
<section data-testid="indicator-charts"><h2>指标序时进度</h2>
<p class="muted">虚线：计划路径（基期、年度目标、目标值）；实线：牵头单位经审核通过的实际值（督查办更正的，以更正为准），颜色为指标亮灯，标注最新值；配合单位的数值作为贡献另列，不计入实际值；红色竖线：台账日期。</p>
<div class="charts">
${charts.slice(0, 12).map(
  ({ indicator, target, actuals }) => html`<figure class="card">
${trajectoryChart(target, actuals, from, context.asOf, indicator.light)}
<figcaption>${indicator.taskId ? '' : '发展目标 · '}${indicator.text}${actuals.length === 0 ? html`<span class="muted">（暂无实际值）</span>` : ''}${contributionsNote(context, indicator)}</figcaption>
</figure>`,
)}
</div>
${charts.length === 0 ? html`<p class="muted">本计划没有数值目标。</p>` : ''}
</section>`
}

/** Co-units' accepted figures, beside the actual and never summed into it: the latest per unit. */
function contributionsNote(context: PageContext, indicator: Indicator) {
  if (indicator.contributions.length === 0) return ''
  const latest = new Map(indicator.contributions.map((c) => [c.unitId, c]))
  return html`<span class="muted" data-testid="contributions">（配合单位贡献：${[...latest.values()]
    .map((c) => `${context.unitName(c.unitId)} ${periodName(c.period)} ${amount(c.value, indicator)}`)
    .join('；')}）</span>`
}

const lightNames: Record<policy.Light, string> = { red: '红灯', yellow: '黄灯', green: '绿灯' }

/** Escalations awaiting the leadership, the 台账 download, and each task's own light with its silent units apart. */
function leadershipSections(context: PageContext, shown: NonNullable<DashboardData['shown']>) {
  const { dashboard, tasks } = shown
  const planId = dashboard.plan.planId
  const keep = context.asOf < context.today ? `&asOf=${context.asOf}` : ''
  return html`<section data-testid="leadership-figures"><h2>领导小组关注</h2>
<p><a href="/w/leadership/escalations?plan=${planId}${keep}" data-testid="escalations-link">提级报领导小组</a> ${figureLink(drillHref(context, { show: 'escalations', plan: planId }), dashboard.escalations.total)} 次
 · <a href="/w/exports/ledger.xlsx?plan=${planId}${keep}" download data-testid="ledger-download">下载台账（Excel）</a></p>
${
  tasks
    ? html`<table class="grid" data-testid="task-board"><thead><tr><th>任务</th><th>任务亮灯（牵头单位与指标）</th><th>未按时报送的配合单位、区县</th><th></th></tr></thead><tbody>
${tasks.map(
  (t) => html`<tr data-task="${t.taskId}"><td>${t.number} ${t.title}</td>
<td><span class="light light-${t.light}" title="${t.lead?.reason ?? ''}">${lightNames[t.light]}</span>${t.indicators && t.indicators !== 'green' ? html` <span class="muted">指标滞后</span>` : ''}</td>
<td>${t.silentUnits.length > 0 ? html`${figureLink(drillHref(context, { show: 'silent', plan: planId, task: t.taskId }), t.silentUnits.length)} / ${t.units - 1} 个单位` : '—'}</td>
<td><a href="/w/tasks/${t.taskId}${keep ? `?${keep.slice(1)}` : ''}">办理经过</a></td></tr>`,
)}
</tbody></table>`
    : ''
}</section>`
}
