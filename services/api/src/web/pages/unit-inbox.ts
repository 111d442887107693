/**
 * 催办与督办: a unit's inbox — what still awaits it (待办: notices to answer, reminders not yet
 * followed by a report) by default, what it has dealt with (已办) and everything, paged and
 * searchable; 签收 of many assignments at once (one confirmation, one event each); an answer form
 * on each open notice, and a notice whose answer deadline has passed marked as such.
 */
import type { InboxLine, UnitAssignment } from '@duban/read-models'
import { canAct, mayUse } from '../context'
import { noticeGrade, reminderKind, zhDate } from '../format'
import { html, type SafeHtml } from '../html'
import { type PageContext, page } from '../layout'
import { filterForm, type ListQuery, listHref, pager, search, select } from '../list-controls'
import type { Names } from '../names'
import type { TaskLabels } from '../page-data'

export interface InboxData {
  unitId: string
  items: InboxLine[]
  total: number
  counts: { total: number; unanswered: number; notices: number; unansweredNotices: number }
  /** Assignments not yet signed for (待签收): the first ones, and how many in all. */
  unacknowledged: UnitAssignment[]
  unacknowledgedTotal: number
  /** A notice's answer, by item id, for the answered notices shown. */
  answers: ReadonlyMap<string, { text: string; on: string }>
  query: ListQuery
  label: TaskLabels
  names: Names
}

const idOf = (item: InboxLine) => item.itemId.slice(item.itemId.indexOf(':') + 1)

const shows = [
  ['open', '待办'],
  ['handled', '已办'],
  ['all', '全部'],
] as const

export function unitInboxPage(context: PageContext, data: InboxData) {
  const { unitId, items, counts, answers, label, names, query: q } = data
  const act = canAct(context)
  const mayAnswer =
    act && mayUse(context.user, 'POST /w/units/:unitId/tasks/:taskId/notices/:noticeId/answer')
  const mayAcknowledge = act && mayUse(context.user, 'POST /w/units/:unitId/acknowledge/confirm')
  const csrf = html`<input type="hidden" name="_csrf" value="${context.csrf}">`
  const back = html`<input type="hidden" name="back" value="inbox">`
  const show = q.show ?? 'open'
  const tag = (item: InboxLine) =>
    item.kind === 'notice'
      ? noticeGrade[(item.grade ?? 'general') as keyof typeof noticeGrade]
      : item.kind === 'reminder'
        ? reminderKind[(item.grade ?? 'manual') as keyof typeof reminderKind]
        : '提级'
  const title = (item: InboxLine) =>
    item.kind === 'notice'
      ? names.notice(unitId, item.taskId, idOf(item))
      : item.kind === 'escalation'
        ? '提级报领导小组'
        : '催办'
  const state = (item: InboxLine) => {
    if (item.kind === 'escalation') return ''
    if (item.answered) return html`<span class="tag">已办</span>`
    if (item.kind === 'notice' && item.answerDueOn && item.answerDueOn < context.asOf)
      return html`<span class="overdue-mark" data-testid="answer-overdue">已过答复期限（${zhDate(item.answerDueOn)}）</span>`
    return html`<span class="tag">待办</span>`
  }
  const unack = data.unacknowledged
  return page(
    context,
    `${context.unitName(unitId)} · 催办与督办`,
    html`
${q.done === 'answer' ? html`<p class="flash" role="status">督办单答复已提交。</p>` : ''}
${q.done === 'acknowledge' ? html`<p class="flash" role="status">已签收${q.n !== undefined ? ` ${q.n} 项交办` : ''}。</p>` : ''}
<p class="summary" data-testid="inbox-summary">待办 ${counts.unanswered} 条（督办单待答复 ${counts.unansweredNotices} 件），共 ${counts.total} 条催办、督办单与提级；待签收交办 ${data.unacknowledgedTotal} 项。</p>
${
  data.unacknowledgedTotal > 0
    ? html`<section data-testid="to-acknowledge"><h2>待签收（${data.unacknowledgedTotal}）</h2>
${
  mayAcknowledge
    ? html`<form method="post" action="/w/units/${unitId}/acknowledge/confirm" data-testid="bulk-acknowledge">${csrf}
<details${unack.length <= 10 ? html` open` : ''}><summary>${unack.length} 项已勾选，可取消勾选不签收的</summary>
<ul class="inbox">${unack.map(
        (a) =>
          html`<li><label><input type="checkbox" name="pick" value="${a.taskId}~${unitId}" checked> ${label(a)}，下次报送截止 ${zhDate(a.nextDueDate)}</label></li>`,
      )}</ul></details>
<button type="submit">签收所选（确认后执行）</button>
${data.unacknowledgedTotal > unack.length ? html`<p class="muted">一次最多签收 ${unack.length} 项；签收后其余 ${data.unacknowledgedTotal - unack.length} 项将列出。</p>` : ''}
</form>`
    : html`<ul class="inbox">${unack.map((a) => html`<li>${label(a)}，下次报送截止 ${zhDate(a.nextDueDate)}</li>`)}</ul>`
}</section>`
    : ''
}
<section><h2>催办与督办单</h2>
<nav class="tabs" data-testid="inbox-tabs">${shows.map(
      ([value, text]) =>
        html`<a href="${listHref(context, q, { show: value === 'open' ? undefined : value, page: 1 })}" class="${value === show ? 'active' : ''}">${text}</a>`,
    )}</nav>
${filterForm(
  context,
  [
    select(
      'kind',
      '类别',
      [
        ['reminder', '催办'],
        ['notice', '督办单'],
        ['escalation', '提级'],
      ],
      q.kind,
    ),
    search(q.q, '任务名称或内容'),
  ],
  q.show ? { show: q.show } : {},
)}
${items.length === 0 ? html`<p class="muted">没有符合条件的催办或督办单。</p>` : ''}
<ul class="inbox" data-testid="inbox">
${items.map((item) => {
  const isOpen = item.kind === 'notice' && !item.answered
  const answer = answers.get(item.itemId)
  return html`<li class="${isOpen ? 'open' : ''}">
  <span class="tag">${tag(item)}</span> ${state(item)}
  <strong>${title(item)}</strong> · ${zhDate(item.issuedOn)} · <a href="/w/units/${unitId}/tasks/${item.taskId}">${label(item)}</a>
  <p class="body-text">${names.text(item.text, { unitId, taskId: item.taskId })}</p>
  ${item.kind === 'notice' && item.answerDueOn ? html`<span class="muted">答复期限：${zhDate(item.answerDueOn)}</span>` : ''}
  ${answer ? html`<div class="answer">${zhDate(answer.on)} 已答复：${answer.text}</div>` : ''}
  ${
    isOpen && mayAnswer
      ? html`<details><summary>答复</summary><form method="post" action="/w/units/${unitId}/tasks/${item.taskId}/notices/${idOf(item)}/answer" class="card">${csrf}${back}
<label>答复 <textarea name="answer" required rows="2"></textarea></label>
<label>承诺报送日期 <input type="date" name="committedDate"></label>
<button type="submit">提交答复</button></form></details>`
      : ''
  }
</li>`
})}
</ul>
${pager(context, q, data.total, '条')}
</section>`,
  )
}

/** The confirmation (一次确认) before many assignments are signed for. */
export function confirmAcknowledgePage(
  context: PageContext,
  unitId: string,
  picked: { taskId: string; label: string }[],
  origin: SafeHtml,
) {
  return page(
    context,
    '确认签收',
    html`<form method="post" action="/w/units/${unitId}/acknowledge" class="card" data-testid="confirm-acknowledge">
<input type="hidden" name="_csrf" value="${context.csrf}">${origin}
<p class="summary">将以 ${context.user.displayName} 的名义签收以下 <strong>${picked.length}</strong> 项交办：</p>
<ol>${picked.map((p) => html`<li>${p.label}<input type="hidden" name="pick" value="${p.taskId}~${unitId}"></li>`)}</ol>
<div class="actions"><button type="submit">确认签收 ${picked.length} 项</button><a href="/w/units/${unitId}/inbox">取消</a></div>
</form>`,
  )
}
