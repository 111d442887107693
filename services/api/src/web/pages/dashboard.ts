/**
 * 计划总览 for the leadership group: one plan's lights by section (task lights: the worst of each
 * task's assignments) and by unit, and the trajectory charts of its indicators with actuals
 * from accepted and pending reports.
 */
import { policy } from '@duban/domain'
import { type Point, periodEnd, trajectoryChart } from '../chart'
import { html } from '../html'
import { type PageContext, page } from '../layout'
import type { AssignmentView, LedgerView, PlanView } from '../ledger-view'

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

export function dashboardPage(context: PageContext, view: LedgerView, planId: string | undefined) {
  const plans = [...view.plans.values()]
  const plan = plans.find((p) => p.planId === planId) ?? plans[0]
  const keep = context.asOf < context.today ? `&asOf=${context.asOf}` : ''
  const picker = html`<nav class="tabs">${plans.map(
    (p) =>
      html`<a href="/w/dashboard?plan=${p.planId}${keep}" class="${p === plan ? 'active' : ''}">${p.title}</a>`,
  )}</nav>`
  if (!plan) return page(context, '计划总览', html`<p class="muted">截至该日台账中没有计划。</p>`)
  return page(context, '计划总览', html`${picker}${planBody(context, view, plan)}`)
}

function planBody(context: PageContext, view: LedgerView, plan: PlanView) {
  const tasks = [...view.tasks.values()].filter((t) => t.planId === plan.planId)
  const byTask = new Map<string, AssignmentView[]>()
  for (const a of view.assignments.values()) {
    if (view.tasks.get(a.taskId)?.planId !== plan.planId) continue
    byTask.set(a.taskId, [...(byTask.get(a.taskId) ?? []), a])
  }
  const taskLights = new Map(
    tasks.map((t) => [
      t.taskId,
      policy.taskLight(
        { taskId: t.taskId, assignments: (byTask.get(t.taskId) ?? []).map((a) => a.light) },
        policy.defaultEscalationPolicy,
      ).light,
    ]),
  )
  const sections = plan.sections.map((section) => {
    const counts = zero()
    for (const t of tasks) if (t.sectionId === section.id) counts[taskLights.get(t.taskId) ?? 'green'] += 1
    return { section, counts }
  })
  const units = new Map<string, Counts>()
  for (const list of byTask.values()) {
    for (const a of list) {
      const counts = units.get(a.unitId) ?? zero()
      counts[a.light.light] += 1
      units.set(a.unitId, counts)
    }
  }
  const unitRows = [...units].sort(([, a], [, b]) => b.red - a.red || b.yellow - a.yellow)
  const planCounts = zero()
  for (const light of taskLights.values()) planCounts[light] += 1
  const from = `${plan.period.from}-01-01`
  const charts = tasks.flatMap((task) =>
    task.targets
      .filter((target) => target.value !== undefined)
      .map((target) => {
        const actuals: Point[] = []
        for (const a of byTask.get(task.taskId) ?? []) {
          for (const r of a.reports) {
            if (r.status === 'returned') continue
            for (const v of r.indicatorValues) {
              const date = v.targetId === target.id ? periodEnd(v.period) : undefined
              if (date) actuals.push({ date, value: v.value })
            }
          }
        }
        actuals.sort((a, b) => a.date.localeCompare(b.date))
        return { task, target, actuals }
      }),
  )
  charts.sort((a, b) => b.actuals.length - a.actuals.length)
  return html`
<p class="summary" data-testid="plan-lights">${plan.title}（${plan.period.from}—${plan.period.to}年）· 任务亮灯 ${bar(planCounts)}</p>
<div class="columns">
<section data-testid="lights-by-section"><h2>按行动分组</h2>
<table class="grid"><thead><tr><th>分组</th><th>任务亮灯（红 / 黄 / 绿）</th></tr></thead><tbody>
${sections.map(({ section, counts }) => html`<tr><td>${section.title}</td><td>${bar(counts)}</td></tr>`)}
</tbody></table></section>
<section data-testid="lights-by-unit"><h2>按责任单位</h2>
<table class="grid"><thead><tr><th>单位</th><th>交办亮灯（红 / 黄 / 绿）</th></tr></thead><tbody>
${unitRows.slice(0, 20).map(([unitId, counts]) => html`<tr><td>${context.unitName(unitId)}</td><td>${bar(counts)}</td></tr>`)}
</tbody></table>
${unitRows.length > 20 ? html`<p class="muted">按红灯数排列前 20 个单位；另有 ${unitRows.length - 20} 个单位。</p>` : ''}
</section>
</div>
<section data-testid="indicator-charts"><h2>指标序时进度</h2>
<p class="muted">虚线：计划路径（基期、年度目标、目标值）；实线：各单位报送的实际值；红线：台账日期。</p>
<div class="charts">
${charts.slice(0, 12).map(
  ({ task, target, actuals }) => html`<figure class="card">
${trajectoryChart(target, actuals, from, context.asOf)}
<figcaption>第${task.number}项 · ${target.text}${actuals.length === 0 ? html`<span class="muted">（暂无实际值）</span>` : ''}</figcaption>
</figure>`,
)}
</div>
${charts.length === 0 ? html`<p class="muted">本计划没有数值目标。</p>` : ''}
</section>`
}
