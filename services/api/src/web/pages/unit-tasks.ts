/** 我的任务: a unit's assignments with lights and due dates, worst first; its returned reports and why. */
import type { UnitAssignment, UnitView } from '@duban/read-models'
import { assignmentStatus, lightBadge, roleOfUnit, zhDate } from '../format'
import { html } from '../html'
import type { PageContext } from '../layout'
import { page } from '../layout'
import { type TaskLabels, verdictOf } from '../page-data'

const severity = { red: 0, yellow: 1, green: 2 } as const

export interface UnitTasksData {
  view: UnitView
  label: TaskLabels
  /** Tasks with an extension request awaiting the office. */
  pendingExtensions: ReadonlySet<string>
}

export function unitTasksPage(context: PageContext, { view, label, pendingExtensions }: UnitTasksData) {
  const { unitId } = view
  const mine = [...view.assignments].sort(
    (a, b) => severity[a.light] - severity[b.light] || a.dueDate.localeCompare(b.dueDate),
  )
  const returned = mine.flatMap((a) => a.returnedReports.map((report) => ({ assignment: a, report })))
  const keep = context.asOf < context.today ? `?asOf=${context.asOf}` : ''
  const link = (a: UnitAssignment) => `/w/units/${unitId}/tasks/${a.taskId}${keep}`
  const title = `${context.unitName(unitId)} · 我的任务`
  const counts = view.summary.lights
  const todo = (a: UnitAssignment) => {
    const items: string[] = []
    if (!a.acknowledgedOn) items.push('待签收')
    if (a.returnedReports.length > 0) items.push(`退回 ${a.returnedReports.length}`)
    if (a.openNotices.length > 0) items.push(`督办单待答复 ${a.openNotices.length}`)
    if (pendingExtensions.has(a.taskId)) items.push('延期审批中')
    return items.join('；')
  }
  return page(
    context,
    title,
    html`
<p class="summary" data-testid="light-counts">共 ${mine.length} 项交办：<span class="light light-red">红灯 ${counts.red}</span>
<span class="light light-yellow">黄灯 ${counts.yellow}</span> <span class="light light-green">绿灯 ${counts.green}</span></p>
${
  returned.length > 0
    ? html`<section class="callout" data-testid="returned-reports"><h2>被退回的报送</h2><ul>
${returned.map(
  ({ assignment, report }) =>
    html`<li><a href="${link(assignment)}">${label(assignment)}</a>：${zhDate(report.returnedOn)} 退回，理由：<q>${report.reason}</q></li>`,
)}</ul></section>`
    : ''
}
<table class="grid" data-testid="task-list">
<thead><tr><th>亮灯</th><th>任务</th><th>角色</th><th>截止日期</th><th>状态</th><th>待办</th></tr></thead>
<tbody>
${mine.map(
  (a) => html`<tr data-task="${a.taskId}" data-light="${a.light}">
  <td>${lightBadge(verdictOf(a))}</td>
  <td><a href="${link(a)}">${label(a)}</a></td>
  <td>${roleOfUnit[a.role]}</td>
  <td>${zhDate(a.dueDate)}</td>
  <td>${assignmentStatus[a.status as keyof typeof assignmentStatus] ?? a.status}</td>
  <td>${todo(a)}</td>
</tr>`,
)}
</tbody>
</table>
${mine.length === 0 ? html`<p class="muted">截至该日没有交办给本单位的任务。</p>` : ''}`,
  )
}
