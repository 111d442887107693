/**
 * What the leadership group acts on: escalations awaiting it, each with the way to its task's
 * history; a task's audit trail; and the on-time ranking with the 减负 figures.
 */
import type { BurdenLine, HistoryEntry, RankedUnit, Tally } from '@duban/read-models'
import { percent } from '@duban/reporting'
import { zhDate } from '../format'
import { html } from '../html'
import { type PageContext, page } from '../layout'
import { type ListQuery, PAGE_SIZE, pager } from '../list-controls'
import type { Names } from '../names'
import { drillHref, figureLink } from './drill-down'

interface EscalationRow {
  taskId: string
  unitId: string
  escalationId: string
  on: string
  reason: string | null
  listedIn: string | null
  awaiting: boolean
  number: string | null
  title: string | null
}

export function escalationsPage(
  context: PageContext,
  view: { counts: { total: number; awaiting: number }; lines: EscalationRow[]; page: { total: number } },
  awaitingOnly: boolean,
  names: Names,
  q: ListQuery,
) {
  const keep = context.asOf < context.today ? `&asOf=${context.asOf}` : ''
  return page(
    context,
    '提级事项',
    html`<p class="summary" data-testid="escalation-counts">报领导小组 ${view.counts.total} 次，其中待关注（所涉报送仍未完成）${view.counts.awaiting} 次。
${awaitingOnly ? html`<a href="?awaiting=false${keep}">查看已处理的</a>` : html`<a href="?awaiting=true${keep}">只看待关注的</a>`}</p>
<table class="grid stack" data-testid="escalations"><thead><tr><th>日期</th><th>单位</th><th>任务</th><th>原因</th><th>通报</th><th></th></tr></thead><tbody>
${view.lines.map(
  (
    e,
  ) => html`<tr><td data-label="日期">${zhDate(e.on)}</td><td data-label="单位">${context.unitName(e.unitId)}</td><td data-label="任务">${e.number ? `第${e.number}项 ` : ''}${e.title ?? '（任务）'}</td>
<td data-label="原因" class="reason">${names.text(e.reason, e)}</td><td data-label="通报">${e.listedIn ? html`已通报` : '待通报'}</td>
<td><a href="/w/tasks/${e.taskId}?unit=${e.unitId}${keep}" data-testid="history-link">办理经过</a></td></tr>`,
)}
</tbody></table>
${pager(context, q, view.page.total, '条')}`,
  )
}

const eventNames: Record<string, string> = {
  TaskRegistered: '任务立项',
  TaskAssigned: '交办',
  AssignmentAcknowledged: '签收',
  ObligationOpened: '报送义务',
  ProgressReportSubmitted: '进展报送',
  ProgressReportAccepted: '审核通过',
  ProgressReportReturned: '退回',
  ReminderSent: '催办',
  SupervisionNoticeIssued: '督办单',
  SupervisionNoticeAnswered: '督办单回复',
  EscalatedToLeadership: '提级报领导小组',
  ExtensionRequested: '延期申请',
  ExtensionGranted: '延期',
  ExtensionRefused: '不予延期',
  CompletionRequested: '办结申请',
  AssignmentClosed: '销号',
}

export function taskHistoryPage(
  context: PageContext,
  task: { taskId: string; number?: string; title?: string },
  history: { entries: HistoryEntry[]; page: { total: number } },
  unitId: string | undefined,
  names: Names,
  q: ListQuery,
) {
  const { entries } = history
  const detail = (e: HistoryEntry) => {
    const d = e.data as Record<string, unknown>
    const text = d['reason'] ?? d['narrative'] ?? d['message'] ?? d['answer'] ?? d['comment'] ?? ''
    const due = d['dueDate'] ?? d['answerDueDate'] ?? d['newDueDate']
    const about = { unitId: e.unitId ?? '', taskId: task.taskId }
    const notice =
      e.type.startsWith('SupervisionNotice') && typeof d['noticeId'] === 'string'
        ? `${names.notice(about.unitId, about.taskId, d['noticeId'])} `
        : ''
    return `${notice}${names.text(typeof text === 'string' ? text : '', about)}${typeof due === 'string' ? `（期限 ${zhDate(due)}）` : ''}`
  }
  return page(
    context,
    `${task.number ? `第${task.number}项 ` : ''}${task.title ?? '任务'} · 办理经过`,
    html`${unitId ? html`<p class="summary">单位：${context.unitName(unitId)} · <a href="/w/tasks/${task.taskId}">全部单位</a></p>` : ''}
<p class="muted">最新的在前${history.page.total > entries.length ? '，更早的见后页' : ''}。</p>
<ol class="timeline" data-testid="task-history" reversed start="${history.page.total - (q.page - 1) * PAGE_SIZE}">
${entries.map(
  (
    e,
  ) => html`<li data-type="${e.type}"><span class="muted">${zhDate(e.businessDate ?? e.recordedAt.slice(0, 10))}</span>
<strong>${eventNames[e.type] ?? e.type}</strong> ${e.unitId ? context.unitName(e.unitId) : ''}
<span class="muted">${names.person(e.actor)}</span> ${detail(e)}</li>`,
)}
</ol>
${pager(context, q, history.page.total, '条')}`,
  )
}

export function performancePage(
  context: PageContext,
  view: {
    range: { from: string; to: string }
    planId?: string | null
    overview: Tally
    ranking: RankedUnit[]
    nothingDue: string[]
  },
  burden: BurdenLine[],
) {
  const o = view.overview
  // A count of obligations due links to them (drill-down), over the same range and plan.
  const dueOf = (unit?: string) =>
    drillHref(context, { show: 'due', plan: view.planId ?? undefined, unit, ...view.range })
  return page(
    context,
    '按时报送排名',
    html`<form method="get" class="inline"><label>到期日自 <input type="date" name="from" value="${view.range.from}"></label>
<label>至 <input type="date" name="to" value="${view.range.to}"></label>
${context.asOf < context.today ? html`<input type="hidden" name="asOf" value="${context.asOf}">` : ''}<button type="submit">查看</button></form>
<p class="summary" data-testid="performance-overview">到期 ${figureLink(dueOf(), o.due)} 项，按时 ${o.onTime}，逾期报送 ${o.late}，待审核 ${o.underReview}，未报送 ${o.missing}；按时报送率 <strong data-testid="performance-rate">${percent(o.onTimeRate)}</strong></p>
<table class="grid" data-testid="performance-ranking"><thead><tr><th>名次</th><th>单位</th><th>到期</th><th>按时</th><th>逾期报送</th><th>未报送</th><th>按时报送率</th></tr></thead><tbody>
${view.ranking.map(
  (r) =>
    html`<tr data-unit="${r.unitId}"><td>${r.rank}</td><td><a href="/w/units/${r.unitId}">${context.unitName(r.unitId)}</a></td><td>${figureLink(dueOf(r.unitId), r.due)}</td><td>${r.onTime}</td><td>${r.late}</td><td>${r.missing}</td><td>${percent(r.onTimeRate)}</td></tr>`,
)}
</tbody></table>
${view.nothingDue.length ? html`<p class="muted">无到期事项、不参与排名：${view.nothingDue.map((u) => context.unitName(u)).join('、')}</p>` : ''}
<section data-testid="burden"><h2>报送负担（减负）</h2>
<table class="grid"><thead><tr><th>单位</th><th>月份</th><th>要求报送</th><th>催办</th><th>督办单</th><th>平均等待审核（天）</th></tr></thead><tbody>
${burden.map(
  (b) =>
    html`<tr><td>${context.unitName(b.unitId)}</td><td>${b.month}</td><td>${b.reportsAsked}</td><td>${b.reminders}</td><td>${b.notices}</td><td>${b.meanReviewWaitDays ?? '—'}</td></tr>`,
)}
</tbody></table></section>`,
  )
}
