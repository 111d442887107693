/**
 * 我的任务: a unit's assignments with lights and the next report due, worst first (then by task
 * number: 第2项 before 第10项), filtered by plan, section, light and words, one page at a time;
 * its returned reports and why.
 */
import type { UnitAssignment, UnitView } from '@duban/read-models'
import { assignmentStatus, lightBadge, roleOfUnit, zhDate } from '../format'
import { html } from '../html'
import type { PageContext } from '../layout'
import { page } from '../layout'
import {
  filterForm,
  type ListQuery,
  lightChoices,
  pager,
  planSelects,
  search,
  select,
} from '../list-controls'
import { type Names, readableVerdict } from '../names'
import { type TaskLabels, verdictOf } from '../page-data'

export interface UnitTasksData {
  view: UnitView
  /** The unit's returned reports, over all its assignments (not only this page's). */
  returned: { assignment: UnitAssignment; report: UnitAssignment['returnedReports'][number] }[]
  label: TaskLabels
  names: Names
  /** Tasks with an extension request awaiting the office. */
  pendingExtensions: ReadonlySet<string>
  query: ListQuery
  plans: { planId: string; title: string; sections: { id: string; title: string }[] }[]
}

export function unitTasksPage(context: PageContext, data: UnitTasksData) {
  const { view, label, names, pendingExtensions, query: q } = data
  const { unitId } = view
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
<p class="summary" data-testid="light-counts">共 ${view.summary.assignments} 项交办：<span class="light light-red">红灯 ${counts.red}</span>
<span class="light light-yellow">黄灯 ${counts.yellow}</span> <span class="light light-green">绿灯 ${counts.green}</span></p>
${
  data.returned.length > 0
    ? html`<section class="callout" data-testid="returned-reports"><h2>被退回的报送</h2><ul>
${data.returned.map(
  ({ assignment, report }) =>
    html`<li><a href="${link(assignment)}">${label(assignment)}</a>：${zhDate(report.returnedOn)} 退回，理由：<q>${report.reason}</q></li>`,
)}</ul></section>`
    : ''
}
${filterForm(context, [
  ...planSelects(data.plans, q),
  select('light', '亮灯', lightChoices, q.light),
  search(q.q, '任务序号或名称'),
])}
<table class="grid stack" data-testid="task-list">
<thead><tr><th>亮灯</th><th>任务</th><th>角色</th><th>下次报送截止</th><th>状态</th><th>待办</th></tr></thead>
<tbody>
${view.assignments.map((a) => {
  const verdict = readableVerdict(names, verdictOf(a), { unitId, taskId: a.taskId })
  return html`<tr data-task="${a.taskId}" data-light="${a.light}">
  <td data-label="亮灯">${lightBadge(verdict)}</td>
  <td data-label="任务"><a href="${link(a)}">${label(a)}</a></td>
  <td data-label="角色">${roleOfUnit[a.role]}</td>
  <td data-label="下次报送截止" data-testid="next-due">${zhDate(a.nextDueDate)}</td>
  <td data-label="状态">${assignmentStatus[a.status as keyof typeof assignmentStatus] ?? a.status}</td>
  <td data-label="待办">${todo(a)}</td>
</tr>`
})}
</tbody>
</table>
${pager(context, q, view.page.total, '项')}
${
  view.page.total === 0
    ? html`<p class="muted">${view.summary.assignments === 0 ? '截至该日没有交办给本单位的任务。' : '没有符合条件的交办任务。'}</p>`
    : ''
}`,
  )
}
