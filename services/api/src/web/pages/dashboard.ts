/**
 * 计划总览 for the leadership group: one plan's lights by section (task lights: the worst of each
 * task's assignments) and by unit, and the trajectory charts of its indicators with actuals
 * from accepted and pending reports — the plan dashboard and indicators read models.
 */
import type { policy, Target } from '@duban/domain'
import type { Indicator, PlanDashboard } from '@duban/read-models'
import { type Point, periodEnd, trajectoryChart } from '../chart'
import { html } from '../html'
import { type PageContext, page } from '../layout'

type Counts = Record<policy.Light, number>
const zero = (): Counts => ({ red: 0, yellow: 0, green: 0 })

const fills: Record<policy.Light, string> = { red: '#c62828', yellow: '#d9a400', green: '#2e7d32' }

/** Red, yellow and green as one proportional bar: SVG attributes, so no inline style is needed. */
const bar = (counts: Counts) => {
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
<span class="counts">红 ${counts.red} · 黄 ${counts.yellow} · 绿 ${counts.green}</span>`
}

export interface DashboardData {
  plans: { planId: string; title: string }[]
  /** The plan shown, when any plan was registered by the date. */
  shown?: { dashboard: PlanDashboard; indicators: Indicator[] }
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
  return html`
<p class="summary" data-testid="plan-lights">${plan.title}（${plan.periodFrom}—${plan.periodTo}年）· 任务亮灯 ${bar(planCounts)}</p>
<div class="columns">
<section data-testid="lights-by-section"><h2>按行动分组</h2>
<table class="grid"><thead><tr><th>分组</th><th>任务亮灯（红 / 黄 / 绿）</th></tr></thead><tbody>
${dashboard.bySection.map((section) => html`<tr><td>${section.title}</td><td>${bar(section.tasks)}</td></tr>`)}
</tbody></table></section>
<section data-testid="lights-by-unit"><h2>按责任单位</h2>
<table class="grid"><thead><tr><th>单位</th><th>交办亮灯（红 / 黄 / 绿）</th></tr></thead><tbody>
${unitRows.slice(0, 20).map((row) => html`<tr><td>${context.unitName(row.unitId)}</td><td>${bar(row.assignments)}</td></tr>`)}
</tbody></table>
${unitRows.length > 20 ? html`<p class="muted">按红灯数排列前 20 个单位；另有 ${unitRows.length - 20} 个单位。</p>` : ''}
</section>
</div>
<section data-testid="indicator-charts"><h2>指标序时进度</h2>
<p class="muted">虚线：计划路径（基期、年度目标、目标值）；实线：各单位报送的实际值；红线：台账日期。</p>
<div class="charts">
${charts.slice(0, 12).map(
  ({ indicator, target, actuals }) => html`<figure class="card">
${trajectoryChart(target, actuals, from, context.asOf)}
<figcaption>${indicator.taskId ? '' : '发展目标 · '}${indicator.text}${actuals.length === 0 ? html`<span class="muted">（暂无实际值）</span>` : ''}</figcaption>
</figure>`,
)}
</div>
${charts.length === 0 ? html`<p class="muted">本计划没有数值目标。</p>` : ''}
</section>`
}
