/** 我的任务: a unit's assignments with lights and due dates, worst first; its returned reports and why. */

import { assignmentStatus, lightBadge, roleOfUnit, zhDate } from '../format'
import { html } from '../html'
import type { PageContext } from '../layout'
import { page } from '../layout'
import type { AssignmentView, LedgerView } from '../ledger-view'

const severity = { red: 0, yellow: 1, green: 2 } as const

export function unitTasksPage(context: PageContext, view: LedgerView, unitId: string) {
  const mine = [...view.assignments.values()]
    .filter((a) => a.unitId === unitId)
    .sort((a, b) => severity[a.light.light] - severity[b.light.light] || a.dueDate.localeCompare(b.dueDate))
  const returned = mine.flatMap((a) =>
    a.reports.filter((r) => r.status === 'returned').map((r) => ({ assignment: a, report: r })),
  )
  const keep = context.asOf < context.today ? `?asOf=${context.asOf}` : ''
  const link = (a: AssignmentView) => `/w/units/${unitId}/tasks/${a.taskId}${keep}`
  const title = `${context.unitName(unitId)} · 我的任务`
  const counts = { red: 0, yellow: 0, green: 0 }
  for (const a of mine) counts[a.light.light] += 1
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
    html`<li><a href="${link(assignment)}">${taskLabel(view, assignment.taskId)}</a>：${zhDate(report.reviewedOn ?? report.submittedOn)} 退回，理由：<q>${report.reviewNote ?? ''}</q></li>`,
)}</ul></section>`
    : ''
}
<table class="grid" data-testid="task-list">
<thead><tr><th>亮灯</th><th>任务</th><th>角色</th><th>截止日期</th><th>状态</th><th>待办</th></tr></thead>
<tbody>
${mine.map(
  (a) => html`<tr>
  <td>${lightBadge(a.light)}</td>
  <td><a href="${link(a)}">${taskLabel(view, a.taskId)}</a></td>
  <td>${roleOfUnit[a.role]}</td>
  <td>${zhDate(a.dueDate)}</td>
  <td>${assignmentStatus[a.status]}</td>
  <td>${todo(a)}</td>
</tr>`,
)}
</tbody>
</table>
${mine.length === 0 ? html`<p class="muted">截至该日没有交办给本单位的任务。</p>` : ''}`,
  )
}

export function taskLabel(view: LedgerView, taskId: string): string {
  const task = view.tasks.get(taskId)
  if (!task) return taskId
  const plan = view.plans.get(task.planId)
  return `${plan ? `${shortPlan(plan.title)} ` : ''}第${task.number}项 ${task.title}`
}

const shortPlan = (title: string) =>
  title.includes('外资') ? '〔外资〕' : title.includes('外贸') ? '〔外贸〕' : ''

function todo(a: AssignmentView): string {
  const items: string[] = []
  if (!a.acknowledged) items.push('待签收')
  const returned = a.reports.filter((r) => r.status === 'returned').length
  if (returned > 0) items.push(`退回 ${returned}`)
  const open = a.inbox.filter((i) => i.kind === 'notice' && !i.answer).length
  if (open > 0) items.push(`督办单待答复 ${open}`)
  if (a.pendingExtension) items.push('延期审批中')
  return items.join('；')
}
