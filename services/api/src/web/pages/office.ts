/**
 * The supervision office (督查办): the overdue board (red and yellow assignments with why, a
 * notice form on each) and the review queue (reports to accept or return, extensions to grant
 * or refuse, closings to verify or send back).
 */
import { latestCalendar } from '@duban/calendar'
import { policy } from '@duban/domain'
import type { OverdueBoard, OverdueLine } from '@duban/read-models'
import { canAct, mayUse } from '../context'
import { amount, lightBadge, noticeGrade, periodName, ruleCitation, zhDate } from '../format'
import { html, type SafeHtml } from '../html'
import { type PageContext, page } from '../layout'
import {
  filterForm,
  type ListQuery,
  lightChoices,
  listHref,
  pager,
  planSelects,
  search,
  select,
} from '../list-controls'
import { indicatorName, type Names, readableVerdict } from '../names'
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

const flash = (code: string | undefined, n?: number) =>
  code === 'notices' && n !== undefined
    ? html`<p class="flash" role="status">已下发督办单 ${n} 件。</p>`
    : code && done[code]
      ? html`<p class="flash" role="status">${done[code]}</p>`
      : ''

const office = (a: { taskId: string; unitId: string }) => `/w/office/tasks/${a.taskId}/units/${a.unitId}`

export const stageNames: Record<string, string> = {
  none: '未到提醒期',
  'due-soon': '到期提醒',
  overdue: '逾期催办',
  'supervision-notice': '督办单',
  escalation: '提级',
}

export interface OverdueData {
  board: OverdueBoard
  query: ListQuery
  plans: { planId: string; title: string; sections: { id: string; title: string }[] }[]
  /** The unit's own lights when the board is narrowed to one unit: the board never says 0 beside a red light. */
  unitLights?: policy.LightCounts
  label: TaskLabels
  names: Names
}

/** The bulk notice form's fields: one grade, reason and answer deadline for every row picked. */
const noticeFields = (
  today: string,
  form = 'bulk',
) => html`<label>等级 <select name="grade" form="${form}"><option value="general">一般督办</option><option value="priority">重点督办</option><option value="listed">挂牌督办</option></select></label>
<label>事由 <textarea name="reason" form="${form}" required rows="2"></textarea></label>
<label>答复期限 <input type="date" name="answerDueDate" form="${form}" required min="${today}"></label>`

export function overduePage(context: PageContext, data: OverdueData, code: string | undefined) {
  const { board, query: q, label, names } = data
  const past = context.asOf < context.today
  // Leadership reads these pages too; only the office gets the forms.
  const act = canAct(context) && mayUse(context.user, 'POST /w/office/notices/confirm')
  const byStage = Object.entries(board.byStage)
    .filter(([, n]) => n > 0)
    .map(([stage, n]) => `${stageNames[stage] ?? stage} ${n}`)
    .join('，')
  const unitChoices = board.byUnit.map((u) => [u.unitId, context.unitName(u.unitId)] as const)
  if (q.unit && !unitChoices.some(([id]) => id === q.unit))
    unitChoices.unshift([q.unit, context.unitName(q.unit)])
  const filters = filterForm(context, [
    ...planSelects(data.plans, q),
    select('unit', '单位', unitChoices, q.unit),
    select('stage', '督办阶段', Object.entries(stageNames), q.stage),
    select('light', '亮灯', lightChoices, q.light),
    search(q.q, '任务序号或名称'),
  ])
  const row = (a: OverdueLine) => {
    const about = { unitId: a.unitId, taskId: a.taskId }
    const verdict = readableVerdict(names, { light: a.light, reason: a.reason }, about)
    return html`<tr data-task="${a.taskId}" data-unit="${a.unitId}" data-light="${a.light}">
${act ? html`<td class="pick" data-label="选择"><input type="checkbox" name="pick" value="${a.taskId}~${a.unitId}" form="bulk" aria-label="选择 ${context.unitName(a.unitId)} ${label(a)}"></td>` : ''}
<td data-label="亮灯">${lightBadge(verdict)}</td>
<td data-label="单位"><a href="${listHref(context, q, { unit: a.unitId, page: 1 })}">${context.unitName(a.unitId)}</a></td>
<td data-label="任务"><a href="/w/units/${a.unitId}/tasks/${a.taskId}${past ? `?asOf=${context.asOf}` : ''}">${label(a)}</a><div class="muted">${periodName(a.period)}报送</div></td>
<td data-label="截止日期">${zhDate(a.dueDate)}<div class="muted">逾期 ${a.workingDaysOverdue} 个工作日</div></td>
<td data-label="原因" class="reason">${verdict.reason.because.zh}<div>${ruleCitation(a.reason)}</div></td>
</tr>`
  }
  const unitLights = data.unitLights
  return page(
    context,
    '逾期看板',
    html`${flash(code, q.n)}
<p class="summary" data-testid="overdue-summary">逾期未报送（或未审核通过）的报送义务 ${board.page.total} 项${byStage ? `：${byStage}` : ''}${
      board.page.total > 0 ? `（红灯 ${board.byLight.red}，黄灯 ${board.byLight.yellow}）` : ''
    }。</p>
${
  unitLights
    ? html`<p class="summary" data-testid="unit-lights">${context.unitName(q.unit ?? '')}全部交办：<span class="light light-red">红灯 ${unitLights.red}</span> <span class="light light-yellow">黄灯 ${unitLights.yellow}</span> <span class="light light-green">绿灯 ${unitLights.green}</span>${
        unitLights.red > board.byLight.red
          ? html`<span class="muted">（另有 ${unitLights.red - board.byLight.red} 项红灯不因逾期，如报送被退回或督办单未答复，见<a href="/w/units/${q.unit}${past ? `?asOf=${context.asOf}` : ''}">该单位的任务</a>）</span>`
          : ''
      }</p>`
    : ''
}
${filters}
<section data-testid="overdue-board">
${
  q.unit || board.byUnit.length === 0
    ? ''
    : html`<details class="by-unit"${board.byUnit.length <= 12 ? html` open` : ''}><summary>按单位（${board.byUnit.length} 个单位）</summary><table class="grid stack" data-testid="overdue-by-unit">
<thead><tr><th>单位</th><th>逾期报送义务</th><th>其中红灯</th><th>逾期最久</th></tr></thead>
<tbody>${board.byUnit.map(
        (
          u,
        ) => html`<tr><td data-label="单位"><a href="${listHref(context, q, { unit: u.unitId, page: 1 })}">${context.unitName(u.unitId)}</a></td>
<td data-label="逾期报送义务">${u.lines}</td><td data-label="其中红灯">${u.red}</td><td data-label="逾期最久">${u.worstDays} 个工作日</td></tr>`,
      )}</tbody></table></details>`
}
${
  act && board.lines.length > 0
    ? html`<form method="post" action="/w/office/notices/confirm" id="bulk" class="card bulk" data-testid="bulk-notice">
<input type="hidden" name="_csrf" value="${context.csrf}">
<strong>对所选事项下发督办单</strong>${noticeFields(context.today)}
<button type="submit">下发督办单（确认后执行）</button></form>`
    : ''
}
<table class="grid stack" data-testid="overdue-lines">
<thead><tr>${act ? html`<th class="pick">选择</th>` : ''}<th>亮灯</th><th>单位</th><th>任务</th><th>截止日期</th><th>原因</th></tr></thead>
<tbody>
${board.lines.map(row)}
</tbody></table>
${pager(context, q, board.page.total, '项')}
</section>
${board.page.total === 0 ? html`<p class="muted">截至该日没有符合条件的逾期报送义务。</p>` : ''}`,
  )
}

/** The confirmation (一次确认) before notices go to every row picked. */
export function confirmNoticesPage(
  context: PageContext,
  picked: { taskId: string; unitId: string; label: string }[],
  form: { grade: string; reason: string; answerDueDate: string },
  origin: SafeHtml,
) {
  const grade = noticeGrade[form.grade as keyof typeof noticeGrade] ?? form.grade
  return page(
    context,
    '确认下发督办单',
    html`<form method="post" action="/w/office/notices" class="card" data-testid="confirm-notices">
<input type="hidden" name="_csrf" value="${context.csrf}">${origin}
<p class="summary">将向以下 <strong>${picked.length}</strong> 项交办各下发一件${grade}，答复期限 ${zhDate(form.answerDueDate)}：</p>
<p class="body-text">事由：${form.reason}</p>
<ol>${picked.map(
      (p) =>
        html`<li>${context.unitName(p.unitId)} · ${p.label}<input type="hidden" name="pick" value="${p.taskId}~${p.unitId}"></li>`,
    )}</ol>
<input type="hidden" name="grade" value="${form.grade}"><input type="hidden" name="reason" value="${form.reason}"><input type="hidden" name="answerDueDate" value="${form.answerDueDate}">
<div class="actions"><button type="submit">确认下发 ${picked.length} 件督办单</button><a href="/w/office/overdue">取消</a></div>
</form>`,
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
  reports: (Waiting & {
    report: ReportDetail
    targets?: { id: string; text: string; unit?: string; value?: number }[]
  })[]
  extensions: (Waiting & { request: NonNullable<AssignmentRecord['pendingExtension']> })[]
  closings: (Waiting & { summary: string })[]
  /** How many of each wait over the filters; the lists hold one page. */
  counts: { reports: number; extensions: number; closings: number }
  query: ListQuery
  plans: { planId: string; title: string }[]
  label: TaskLabels
  names: Names
}

export function reviewPage(context: PageContext, data: ReviewData, code: string | undefined) {
  const { reports, extensions, closings, label, names, counts, query: q } = data
  const most = Math.max(counts.reports, counts.extensions, counts.closings)
  // Leadership reads these pages too; only the office gets the forms.
  const act = canAct(context) && mayUse(context.user, 'POST /w/office/tasks/:taskId/units/:unitId/notice')
  const csrf = html`<input type="hidden" name="_csrf" value="${context.csrf}">`
  return page(
    context,
    '审核队列',
    html`${flash(code)}
${filterForm(context, [
  select(
    'plan',
    '计划',
    data.plans.map((p) => [p.planId, p.title] as const),
    q.plan,
  ),
  select('unit', '单位', unitChoices(context, data), q.unit),
])}
<section data-testid="review-reports"><h2>待审核报送（${counts.reports}）</h2>
${reports.length === 0 ? html`<p class="muted">没有待审核的报送。</p>` : ''}
${reports.map(
  ({ report: r, ...a }) => html`<article class="card">
<h3>${context.unitName(a.unitId)} · ${label(a)}</h3>
<p class="muted">${zhDate(r.submittedOn)} 由 ${names.person(r.submittedBy)} 报送${r.period ? `（${periodName(r.period)}）` : ''}</p>
${reviewDeadline(r.reportId, r.submittedOn, context.asOf)}
<p class="body-text">${r.narrative}</p>
${r.indicatorValues.map(
  (v) =>
    html`<div class="muted">${indicatorName(a, v.targetId)}：${amount(
      v.value,
      a.targets?.find((t) => t.id === v.targetId),
    )}（${periodName(v.period)}）</div>`,
)}
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
<section data-testid="review-extensions"><h2>延期申请（${counts.extensions}）</h2>
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
<section data-testid="review-closings"><h2>办结申请（${counts.closings}）</h2>
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
</section>
${pager(context, q, most, '项（每类）')}`,
  )
}

/** The units waiting on this page, and the one asked for: what the unit filter offers. */
const unitChoices = (context: PageContext, data: ReviewData) => {
  const ids = new Set([...data.reports, ...data.extensions, ...data.closings].map((a) => a.unitId))
  if (data.query.unit) ids.add(data.query.unit)
  return [...ids].map((id) => [id, context.unitName(id)] as const)
}
