/**
 * The supervision office (督查办): the overdue board (red and yellow assignments with why, a
 * notice form on each) and the review queue (reports to accept or return, extensions to grant
 * or refuse, closings to verify or send back).
 */
import { latestCalendar } from '@duban/calendar'
import { policy } from '@duban/domain'
import type { OverdueBoard, OverdueLine } from '@duban/read-models'
import { canAct, mayUse } from '../context'
import { lightBadge, ruleCitation, zhDate } from '../format'
import { html } from '../html'
import { type PageContext, page } from '../layout'
import type { AssignmentRecord, ReportDetail, TaskLabels } from '../page-data'
import { attachmentLinks } from './attachments'

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

const office = (a: { taskId: string; unitId: string }) => `/w/office/tasks/${a.taskId}/units/${a.unitId}`

const stageNames: Record<string, string> = {
  'due-soon': '到期提醒',
  overdue: '逾期催办',
  'supervision-notice': '督办单',
  escalation: '提级',
}

/** Lines the page reads (the read model's largest page) and shows; /views/overdue pages through all. */
export const OVERDUE_READ = 1000
const OVERDUE_SHOWN = 200

/** Units with overdue obligations among the lines read: how many, and how far up the ladder. */
function byUnit(lines: readonly OverdueLine[]) {
  const units = new Map<string, { unitId: string; lines: number; red: number; worst: OverdueLine }>()
  for (const line of lines) {
    const unit = units.get(line.unitId) ?? { unitId: line.unitId, lines: 0, red: 0, worst: line }
    unit.lines++
    if (line.light === 'red') unit.red++
    if (line.workingDaysOverdue > unit.worst.workingDaysOverdue) unit.worst = line
    units.set(line.unitId, unit)
  }
  return [...units.values()].sort((a, b) => b.lines - a.lines || a.unitId.localeCompare(b.unitId))
}

export function overduePage(
  context: PageContext,
  board: OverdueBoard,
  label: TaskLabels,
  code: string | undefined,
) {
  const lines = board.lines.slice(0, OVERDUE_SHOWN)
  const filtered = board.filters.unitId !== undefined
  const past = context.asOf < context.today
  // Leadership reads these pages too; only the office gets the forms.
  const act = canAct(context) && mayUse(context.user, 'POST /w/office/tasks/:taskId/units/:unitId/notice')
  const csrf = html`<input type="hidden" name="_csrf" value="${context.csrf}">`
  const byStage = Object.entries(board.byStage)
    .filter(([, n]) => n > 0)
    .map(([stage, n]) => `${stageNames[stage] ?? '未到提醒期'} ${n}`)
    .join('，')
  const row = (
    a: OverdueLine,
  ) => html`<tr data-task="${a.taskId}" data-unit="${a.unitId}" data-light="${a.light}">
<td>${lightBadge({ light: a.light, reason: a.reason })}</td>
<td>${context.unitName(a.unitId)}</td>
<td><a href="/w/units/${a.unitId}/tasks/${a.taskId}">${label(a)}</a><div class="muted">${a.period} 报送</div></td>
<td>${zhDate(a.dueDate)}<div class="muted">逾期 ${a.workingDaysOverdue} 个工作日</div></td>
<td class="reason">${a.reason.because.zh}<div>${ruleCitation(a.reason)}</div></td>
<td>${
    act
      ? html`<details><summary>下发督办单</summary><form method="post" action="${office(a)}/notice" class="card">${csrf}
<label>等级 <select name="grade"><option value="general">一般督办</option><option value="priority">重点督办</option><option value="listed">挂牌督办</option></select></label>
<label>事由 <textarea name="reason" required rows="2"></textarea></label>
<label>答复期限 <input type="date" name="answerDueDate" required min="${context.today}"></label>
<button type="submit">下发</button></form></details>`
      : ''
  }</td>
</tr>`
  return page(
    context,
    '逾期看板',
    html`${flash(code)}
<p class="summary" data-testid="overdue-summary">逾期未报送（或未审核通过）的报送义务 ${board.page.total} 项${byStage ? `：${byStage}` : ''}。</p>
<section data-testid="overdue-board">
${
  filtered
    ? html`<p><a href="${context.path}${past ? `?asOf=${context.asOf}` : ''}">← 全部单位</a></p>`
    : html`<h2>按单位</h2><table class="grid" data-testid="overdue-by-unit">
<thead><tr><th>单位</th><th>逾期报送义务</th><th>其中红灯</th><th>逾期最久</th></tr></thead>
<tbody>${byUnit(board.lines).map(
        (
          u,
        ) => html`<tr><td><a href="${context.path}?unit=${u.unitId}${past ? `&asOf=${context.asOf}` : ''}">${context.unitName(u.unitId)}</a></td>
<td>${u.lines}</td><td>${u.red}</td><td>${u.worst.workingDaysOverdue} 个工作日（${label(u.worst)}）</td></tr>`,
      )}</tbody></table>
${board.page.total > board.lines.length ? html`<p class="muted">按单位统计逾期最久的 ${board.lines.length} 项。</p>` : ''}
<h2>逾期最久</h2>`
}
<table class="grid" data-testid="overdue-lines">
<thead><tr><th>亮灯</th><th>单位</th><th>任务</th><th>截止日期</th><th>原因</th><th>督办</th></tr></thead>
<tbody>
${lines.map(row)}
</tbody></table>
${board.page.total > lines.length ? html`<p class="muted">仅显示逾期最久的 ${lines.length} 项。</p>` : ''}
</section>
${board.page.total === 0 ? html`<p class="muted">截至该日没有逾期的报送义务。</p>` : ''}`,
  )
}

/**
 * The office's own clock (审核时限): each waiting report's review deadline and light, so the
 * office is accountable too.
 */
function reviewDeadline(reportId: string, submittedOn: string, asOf: string) {
  const verdict = policy.reviewLight(
    { reportId, submittedOn, review: null },
    asOf,
    policy.defaultEscalationPolicy,
    latestCalendar(),
  )
  if (!verdict) return ''
  return html`<p class="review-deadline" data-light="${verdict.light}">${lightBadge(verdict)} 审核期限 ${zhDate(verdict.reviewDueOn)} ${ruleCitation(verdict.reason)}</p>`
}

/** A waiting assignment: its unit and its task as the labels name it. */
type Waiting = { unitId: string; taskId: string; planId?: string; number?: string; title?: string }

export interface ReviewData {
  reports: (Waiting & { report: ReportDetail })[]
  extensions: (Waiting & { request: NonNullable<AssignmentRecord['pendingExtension']> })[]
  closings: (Waiting & { summary: string })[]
  label: TaskLabels
}

export function reviewPage(context: PageContext, data: ReviewData, code: string | undefined) {
  const { reports, extensions, closings, label } = data
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
  ({ report: r, ...a }) => html`<article class="card">
<h3>${context.unitName(a.unitId)} · ${label(a)}</h3>
<p class="muted">${zhDate(r.submittedOn)} 由 ${r.submittedBy} 报送${r.period ? `（${r.period}）` : ''}</p>
${reviewDeadline(r.reportId, r.submittedOn, context.asOf)}
<p class="body-text">${r.narrative}</p>
${r.indicatorValues.map((v) => html`<div class="muted">指标 ${v.targetId}：${v.value}（${v.period}）</div>`)}
${r.evidence.map((e) => html`<div class="muted">佐证：${e}</div>`)}
${attachmentLinks(a.taskId, a.unitId, r.attachments)}
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
${extensions.map(({ request: x, ...a }) => {
  return html`<article class="card"><h3>${context.unitName(a.unitId)} · ${label(a)}</h3>
<p>${zhDate(x.on)} 申请延至 <strong>${zhDate(x.requestedDueDate)}</strong>。理由：${x.reason}</p>
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
  (a) => html`<article class="card"><h3>${context.unitName(a.unitId)} · ${label(a)}</h3>
<p class="body-text">${a.summary}</p>
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
