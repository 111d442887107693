/**
 * 催办与督办: a unit's inbox — open supervision notices, then the latest reminders, notices and
 * escalations across its assignments, with 签收 for what it has not yet acknowledged and an
 * answer form for each open notice.
 */
import type { InboxLine, UnitView } from '@duban/read-models'
import { canAct, mayUse } from '../context'
import { noticeGrade, reminderKind, zhDate } from '../format'
import { html } from '../html'
import { type PageContext, page } from '../layout'
import type { TaskLabels } from '../page-data'

export interface InboxData {
  view: UnitView
  /** Open notices, all of them; then the latest of the rest. */
  open: InboxLine[]
  latest: InboxLine[]
  /** The rest beyond those shown. */
  notShown: number
  counts: { reminders: number; notices: number; openNotices: number }
  /** A notice's answer, by item id, for the answered notices shown. */
  answers: ReadonlyMap<string, { text: string; on: string }>
  label: TaskLabels
}

const idOf = (item: InboxLine) => item.itemId.slice(item.itemId.indexOf(':') + 1)

export function unitInboxPage(context: PageContext, data: InboxData, done: string | undefined) {
  const { view, open, latest, counts, answers, label } = data
  const unitId = view.unitId
  const tasks = new Map(view.assignments.map((a) => [a.taskId, a]))
  const labelOf = (taskId: string) => label(tasks.get(taskId) ?? { taskId })
  const unacknowledged = view.assignments.filter((a) => !a.acknowledgedOn && a.status !== 'closed')
  const act = canAct(context)
  const mayAnswer =
    act && mayUse(context.user, 'POST /w/units/:unitId/tasks/:taskId/notices/:noticeId/answer')
  const mayAcknowledge = act && mayUse(context.user, 'POST /w/units/:unitId/tasks/:taskId/acknowledge')
  const csrf = html`<input type="hidden" name="_csrf" value="${context.csrf}">`
  const back = html`<input type="hidden" name="back" value="inbox">`
  const shown = [...open, ...latest]
  const tag = (item: InboxLine) =>
    item.kind === 'notice'
      ? noticeGrade[(item.grade ?? 'general') as keyof typeof noticeGrade]
      : item.kind === 'reminder'
        ? reminderKind[(item.grade ?? 'manual') as keyof typeof reminderKind]
        : '提级'
  return page(
    context,
    `${context.unitName(unitId)} · 催办与督办`,
    html`
${done === 'answer' ? html`<p class="flash" role="status">督办单答复已提交。</p>` : ''}
${done === 'acknowledge' ? html`<p class="flash" role="status">已签收。</p>` : ''}
<p class="summary" data-testid="inbox-summary">催办 ${counts.reminders} 条，督办单 ${counts.notices} 件（待答复 ${counts.openNotices} 件），待签收交办 ${unacknowledged.length} 项。</p>
${
  unacknowledged.length > 0
    ? html`<section><h2>待签收</h2><ul class="inbox">${unacknowledged.slice(0, 50).map(
        (a) => html`<li>${label(a)}，截止 ${zhDate(a.dueDate)}
${
  mayAcknowledge
    ? html`<form method="post" action="/w/units/${unitId}/tasks/${a.taskId}/acknowledge" class="inline">${csrf}${back}<button type="submit">签收</button></form>`
    : ''
}</li>`,
      )}</ul>${unacknowledged.length > 50 ? html`<p class="muted">另有 ${unacknowledged.length - 50} 项。</p>` : ''}</section>`
    : ''
}
<section><h2>催办与督办单</h2>
${shown.length === 0 ? html`<p class="muted">截至该日没有催办或督办单。</p>` : ''}
<ul class="inbox" data-testid="inbox">
${shown.map((item) => {
  const isOpen = item.kind === 'notice' && !item.answered
  const answer = answers.get(item.itemId)
  return html`<li class="${isOpen ? 'open' : ''}">
  <span class="tag">${tag(item)}</span>
  ${zhDate(item.issuedOn)} · <a href="/w/units/${unitId}/tasks/${item.taskId}">${labelOf(item.taskId)}</a>
  <p class="body-text">${item.text ?? ''}</p>
  ${item.kind === 'notice' && item.answerDueOn ? html`<span class="muted">答复期限：${zhDate(item.answerDueOn)}</span>` : ''}
  ${answer ? html`<div class="answer">${zhDate(answer.on)} 已答复：${answer.text}</div>` : ''}
  ${
    isOpen && mayAnswer
      ? html`<form method="post" action="/w/units/${unitId}/tasks/${item.taskId}/notices/${idOf(item)}/answer" class="card">${csrf}${back}
<label>答复 <textarea name="answer" required rows="2"></textarea></label>
<label>承诺报送日期 <input type="date" name="committedDate"></label>
<button type="submit">提交答复</button></form>`
      : ''
  }
</li>`
})}
</ul>
${data.notShown > 0 ? html`<p class="muted">另有 ${data.notShown} 条较早的已办催办与督办单未列出。</p>` : ''}
</section>`,
  )
}
