/**
 * 明细 (drill-down): the items behind one figure of the dashboard or the ranking — the tasks of a
 * light, a unit's assignments of a light, the obligations behind an on-time rate, the
 * escalations, a task's silent units. Each list comes from the same read-model rows the figure
 * was counted from, so its length is the figure.
 */
import type { policy } from '@duban/domain'
import type { Outcome } from '@duban/read-models'
import { zhDate } from '../format'
import { html, type SafeHtml } from '../html'
import { type PageContext, page } from '../layout'
import type { Names } from '../names'

const lightNames: Record<policy.Light, string> = { red: '红灯', yellow: '黄灯', green: '绿灯' }
const outcomeNames: Record<Outcome, string> = {
  on_time: '按时报送',
  late: '逾期报送',
  under_review: '待审核',
  missing: '未报送',
}

export interface DrillTask {
  taskId: string
  number: string
  title: string
}

export type DrillItems =
  | { kind: 'tasks'; light: policy.Light; tasks: (DrillTask & { light: policy.Light })[] }
  | {
      kind: 'assignments'
      unitId: string
      light: policy.Light
      assignments: (DrillTask & { light: policy.Light })[]
    }
  | {
      kind: 'due'
      unitId: string | null
      range: { from: string; to: string }
      obligations: (DrillTask & { unitId: string; period: string; dueDate: string; outcome: Outcome })[]
    }
  | {
      kind: 'escalations'
      escalations: (DrillTask & { unitId: string; on: string; reason: string | null })[]
    }
  | { kind: 'silent'; task: DrillTask; units: string[] }

/** The query string of a drill-down link (the figure's items), keeping the as-of date. */
export function drillHref(context: PageContext, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value)
  if (context.asOf < context.today) params.set('asOf', context.asOf)
  return `/w/dashboard/items?${params.toString()}`
}

/** A figure as a link to its items; `data-count` carries the figure a test compares with the list. */
export const figureLink = (href: string, count: number, label: SafeHtml | string = String(count)) =>
  html`<a href="${href}" data-drill data-count="${count}">${label}</a>`

export function drillDownPage(context: PageContext, items: DrillItems, names: Names) {
  const keep = context.asOf < context.today ? `?asOf=${context.asOf}` : ''
  const taskCell = (t: DrillTask) =>
    html`<td><a href="/w/tasks/${t.taskId}${keep}">${t.number} ${t.title}</a></td>`
  const [title, head, rows, count] = ((): [string, SafeHtml, SafeHtml[], number] => {
    switch (items.kind) {
      case 'tasks':
        return [
          `任务亮灯明细 · ${lightNames[items.light]}`,
          html`<th>任务</th><th>任务亮灯</th>`,
          items.tasks.map(
            (t) => html`<tr data-item="${t.taskId}">${taskCell(t)}<td>${lightNames[t.light]}</td></tr>`,
          ),
          items.tasks.length,
        ]
      case 'assignments':
        return [
          `${context.unitName(items.unitId)} · 交办亮灯明细 · ${lightNames[items.light]}`,
          html`<th>任务</th><th>交办亮灯</th>`,
          items.assignments.map(
            (a) =>
              html`<tr data-item="${a.taskId}~${items.unitId}">${taskCell(a)}<td>${lightNames[a.light]}</td></tr>`,
          ),
          items.assignments.length,
        ]
      case 'due':
        return [
          `${items.unitId ? `${context.unitName(items.unitId)} · ` : ''}到期报送义务（${items.range.from === '0000-01-01' ? '至' : `${items.range.from} 至 `}${items.range.to}）`,
          html`<th>任务</th><th>单位</th><th>报送期</th><th>到期日</th><th>结果</th>`,
          items.obligations.map(
            (o) =>
              html`<tr data-item="${o.taskId}~${o.unitId}~${o.period}" data-outcome="${o.outcome}">${taskCell(o)}<td>${context.unitName(o.unitId)}</td><td>${o.period}</td><td>${zhDate(o.dueDate)}</td><td>${outcomeNames[o.outcome]}</td></tr>`,
          ),
          items.obligations.length,
        ]
      case 'escalations':
        return [
          '提级报领导小组明细',
          html`<th>日期</th><th>单位</th><th>任务</th><th>原因</th>`,
          items.escalations.map(
            (e) =>
              html`<tr data-item="${e.taskId}~${e.unitId}~${e.on}"><td>${zhDate(e.on)}</td><td>${context.unitName(e.unitId)}</td>${taskCell(e)}<td class="reason">${names.text(e.reason ?? '', e)}</td></tr>`,
          ),
          items.escalations.length,
        ]
      case 'silent':
        return [
          `${items.task.number} ${items.task.title} · 未按时报送的配合单位、区县`,
          html`<th>单位</th><th></th>`,
          items.units.map(
            (u) =>
              html`<tr data-item="${u}"><td>${context.unitName(u)}</td><td><a href="/w/tasks/${items.task.taskId}?unit=${u}${keep ? `&${keep.slice(1)}` : ''}">办理经过</a></td></tr>`,
          ),
          items.units.length,
        ]
    }
  })()
  return page(
    context,
    title,
    html`<p class="summary" data-testid="drill-count">共 ${count} 项</p>
<table class="grid" data-testid="drill-items"><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table>`,
  )
}
