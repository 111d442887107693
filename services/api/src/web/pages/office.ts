/**
 * The supervision office (督查办): the overdue board (red and yellow assignments with why, a
 * notice form on each) and the review queue (reports to accept or return, extensions to grant
 * or refuse, closings to verify or send back).
 */
import { canAct, mayUse } from '../context'
import { lightBadge, roleOfUnit, zhDate } from '../format'
import { html } from '../html'
import { type PageContext, page } from '../layout'
import type { AssignmentView, LedgerView } from '../ledger-view'
import { taskLabel } from './unit-tasks'

const done: Record<string, string> = {
  accept: '已审核通过。',
  return: '已退回。',
  notice: '督办单已下发。',
  grant: '已批准延期。',
  refuse: '已不予延期。',
  verify: '已核验销号。',
  'send-back': '办结申请已退回。',
}

const flash = (code: string | undefined) =>
  code && done[code] ? html`<p class="flash" role="status">${done[code]}</p>` : ''

const office = (a: AssignmentView) => `/w/office/tasks/${a.taskId}/units/${a.unitId}`

export function overduePage(context: PageContext, view: LedgerView, code: string | undefined) {
  const flagged = [...view.assignments.values()]
    .filter((a) => a.light.light !== 'green' && a.status !== 'closed')
    .sort((a, b) =>
      a.light.light === b.light.light ? a.dueDate.localeCompare(b.dueDate) : a.light.light === 'red' ? -1 : 1,
    )
  const red = flagged.filter((a) => a.light.light === 'red').length
  // Leadership reads these pages too; only the office gets the forms.
  const act = canAct(context) && mayUse(context.user, 'POST /w/office/tasks/:taskId/units/:unitId/notice')
  const csrf = html`<input type="hidden" name="_csrf" value="${context.csrf}">`
  return page(
    context,
    '逾期看板',
    html`${flash(code)}
<p class="summary" data-testid="overdue-summary">红灯 ${red} 项，黄灯 ${flagged.length - red} 项（共 ${view.assignments.size} 项交办）。</p>
<table class="grid" data-testid="overdue-board">
<thead><tr><th>亮灯</th><th>单位</th><th>任务</th><th>截止日期</th><th>原因</th><th>督办</th></tr></thead>
<tbody>
${flagged.slice(0, 200).map(
  (a) => html`<tr>
<td>${lightBadge(a.light)}</td>
<td>${context.unitName(a.unitId)}<div class="muted">${roleOfUnit[a.role]}</div></td>
<td><a href="/w/units/${a.unitId}/tasks/${a.taskId}">${taskLabel(view, a.taskId)}</a></td>
<td>${zhDate(a.dueDate)}</td>
<td class="reason">${a.light.reason.because.zh}</td>
<td>${
    act
      ? html`<details><summary>下发督办单</summary><form method="post" action="${office(a)}/notice" class="card">${csrf}
<label>等级 <select name="grade"><option value="general">一般督办</option><option value="priority">重点督办</option><option value="listed">挂牌督办</option></select></label>
<label>事由 <textarea name="reason" required rows="2"></textarea></label>
<label>答复期限 <input type="date" name="answerDueDate" required min="${context.today}"></label>
<button type="submit">下发</button></form></details>`
      : ''
  }${a.inbox.filter((i) => i.kind === 'notice').length > 0 ? html`<div class="muted">已下发督办单 ${a.inbox.filter((i) => i.kind === 'notice').length} 件</div>` : ''}</td>
</tr>`,
)}
</tbody></table>
${flagged.length > 200 ? html`<p class="muted">仅显示前 200 项。</p>` : ''}
${flagged.length === 0 ? html`<p class="muted">截至该日没有红灯或黄灯。</p>` : ''}`,
  )
}

export function reviewPage(context: PageContext, view: LedgerView, code: string | undefined) {
  const all = [...view.assignments.values()]
  const reports = all.flatMap((a) => a.reports.filter((r) => r.status === 'submitted').map((r) => ({ a, r })))
  const extensions = all.filter((a) => a.pendingExtension)
  const closings = all.filter((a) => a.status === 'completion_requested')
  // Leadership reads these pages too; only the office gets the forms.
  const act = canAct(context) && mayUse(context.user, 'POST /w/office/tasks/:taskId/units/:unitId/notice')
  const csrf = html`<input type="hidden" name="_csrf" value="${context.csrf}">`
  return page(
    context,
    '审核队列',
    html`${flash(code)}
<section data-testid="review-reports"><h2>待审核报送（${reports.length}）</h2>
${reports.length === 0 ? html`<p class="muted">没有待审核的报送。</p>` : ''}
${reports.map(
  ({ a, r }) => html`<article class="card">
<h3>${context.unitName(a.unitId)} · ${taskLabel(view, a.taskId)}</h3>
<p class="muted">${zhDate(r.submittedOn)} 由 ${r.submittedBy} 报送${r.period ? `（${r.period}）` : ''}</p>
<p class="body-text">${r.narrative}</p>
${r.indicatorValues.map((v) => html`<div class="muted">指标 ${v.targetId}：${v.value}（${v.period}）</div>`)}
${r.evidence.map((e) => html`<div class="muted">佐证：${e}</div>`)}
${
  act
    ? html`<div class="actions">
<form method="post" action="${office(a)}/reports/${r.reportId}/accept" class="inline">${csrf}<button type="submit">审核通过</button></form>
<form method="post" action="${office(a)}/reports/${r.reportId}/return" class="inline">${csrf}
<label>退回理由 <input type="text" name="reason" required></label><button type="submit" class="secondary">退回</button></form>
</div>`
    : ''
}</article>`,
)}
</section>
<section data-testid="review-extensions"><h2>延期申请（${extensions.length}）</h2>
${extensions.length === 0 ? html`<p class="muted">没有待批的延期申请。</p>` : ''}
${extensions.map((a) => {
  const x = a.pendingExtension!
  return html`<article class="card"><h3>${context.unitName(a.unitId)} · ${taskLabel(view, a.taskId)}</h3>
<p>现截止 ${zhDate(a.dueDate)}，申请延至 <strong>${zhDate(x.requestedDueDate)}</strong>。理由：${x.reason}</p>
${
  act
    ? html`<div class="actions">
<form method="post" action="${office(a)}/extensions/${x.requestId}/grant" class="inline">${csrf}<button type="submit">批准延期</button></form>
<form method="post" action="${office(a)}/extensions/${x.requestId}/refuse" class="inline">${csrf}
<label>不予延期理由 <input type="text" name="reason" required></label><button type="submit" class="secondary">不予延期</button></form></div>`
    : ''
}</article>`
})}
</section>
<section data-testid="review-closings"><h2>办结申请（${closings.length}）</h2>
${closings.length === 0 ? html`<p class="muted">没有待核验的办结申请。</p>` : ''}
${closings.map(
  (a) => html`<article class="card"><h3>${context.unitName(a.unitId)} · ${taskLabel(view, a.taskId)}</h3>
<p class="body-text">${a.completion?.summary ?? ''}</p>
${
  act
    ? html`<div class="actions">
<form method="post" action="${office(a)}/completion/verify" class="inline">${csrf}<button type="submit">核验销号</button></form>
<form method="post" action="${office(a)}/completion/send-back" class="inline">${csrf}
<label>退回理由 <input type="text" name="reason" required></label><button type="submit" class="secondary">退回</button></form></div>`
    : ''
}</article>`,
)}
</section>`,
  )
}
