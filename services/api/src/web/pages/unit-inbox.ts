/**
 * 催办与督办: a unit's inbox — reminders and supervision notices across its assignments, newest
 * first, with 签收 for what it has not yet acknowledged and an answer form for each open notice.
 */
import { canAct, mayUse } from '../context'
import { noticeGrade, reminderKind, zhDate } from '../format'
import { html } from '../html'
import { type PageContext, page } from '../layout'
import type { LedgerView } from '../ledger-view'
import { taskLabel } from './unit-tasks'

export function unitInboxPage(
  context: PageContext,
  view: LedgerView,
  unitId: string,
  done: string | undefined,
) {
  const mine = [...view.assignments.values()].filter((a) => a.unitId === unitId)
  const items = mine
    .flatMap((a) => a.inbox.map((item) => ({ a, item })))
    .sort((x, y) => y.item.on.localeCompare(x.item.on))
  const unacknowledged = mine.filter((a) => !a.acknowledged && a.status !== 'closed')
  const act = canAct(context)
  const mayAnswer =
    act && mayUse(context.user, 'POST /w/units/:unitId/tasks/:taskId/notices/:noticeId/answer')
  const mayAcknowledge = act && mayUse(context.user, 'POST /w/units/:unitId/tasks/:taskId/acknowledge')
  const csrf = html`<input type="hidden" name="_csrf" value="${context.csrf}">`
  const back = html`<input type="hidden" name="back" value="inbox">`
  const openNotices = items.filter(({ item }) => item.kind === 'notice' && !item.answer).length
  // Open notices always; of the rest, the latest — a district collects hundreds of reminders.
  const isOpen = ({ item }: (typeof items)[number]) => item.kind === 'notice' && !item.answer
  const shown = [...items.filter(isOpen), ...items.filter((entry) => !isOpen(entry)).slice(0, 30)]
  return page(
    context,
    `${context.unitName(unitId)} · 催办与督办`,
    html`
${done === 'answer' ? html`<p class="flash" role="status">督办单答复已提交。</p>` : ''}
${done === 'acknowledge' ? html`<p class="flash" role="status">已签收。</p>` : ''}
<p class="summary" data-testid="inbox-summary">催办 ${items.filter(({ item }) => item.kind === 'reminder').length} 条，督办单 ${
      items.filter(({ item }) => item.kind === 'notice').length
    } 件（待答复 ${openNotices} 件），待签收交办 ${unacknowledged.length} 项。</p>
${
  unacknowledged.length > 0
    ? html`<section><h2>待签收</h2><ul class="inbox">${unacknowledged.slice(0, 50).map(
        (a) => html`<li>${taskLabel(view, a.taskId)}，截止 ${zhDate(a.dueDate)}
${
  mayAcknowledge
    ? html`<form method="post" action="/w/units/${unitId}/tasks/${a.taskId}/acknowledge" class="inline">${csrf}${back}<button type="submit">签收</button></form>`
    : ''
}</li>`,
      )}</ul>${unacknowledged.length > 50 ? html`<p class="muted">另有 ${unacknowledged.length - 50} 项。</p>` : ''}</section>`
    : ''
}
<section><h2>催办与督办单</h2>
${items.length === 0 ? html`<p class="muted">截至该日没有催办或督办单。</p>` : ''}
<ul class="inbox" data-testid="inbox">
${shown.map(
  ({ a, item }) => html`<li class="${item.kind === 'notice' && !item.answer ? 'open' : ''}">
  <span class="tag">${item.kind === 'notice' ? noticeGrade[item.grade ?? 'general'] : item.kind === 'reminder' ? reminderKind[item.reminderKind ?? 'manual'] : '提级'}</span>
  ${zhDate(item.on)} · <a href="/w/units/${unitId}/tasks/${a.taskId}">${taskLabel(view, a.taskId)}</a>
  <p class="body-text">${item.text}</p>
  ${item.answerDueDate ? html`<span class="muted">答复期限：${zhDate(item.answerDueDate)}</span>` : ''}
  ${item.answer ? html`<div class="answer">${zhDate(item.answer.on)} 已答复：${item.answer.text}</div>` : ''}
  ${
    item.kind === 'notice' && !item.answer && mayAnswer
      ? html`<form method="post" action="/w/units/${unitId}/tasks/${a.taskId}/notices/${item.id}/answer" class="card">${csrf}${back}
<label>答复 <textarea name="answer" required rows="2"></textarea></label><button type="submit">提交答复</button></form>`
      : ''
  }
</li>`,
)}
</ul>
${items.length > shown.length ? html`<p class="muted">另有 ${items.length - shown.length} 条较早的已办催办与督办单未列出。</p>` : ''}
</section>`,
  )
}
