/**
 * One assignment of the unit: the task, its light and why, obligations, the reports and how each
 * was reviewed, and the unit's forms — 签收, 报送进展 (indicator values and evidence), 延期申请,
 * 办结申请, 答复督办单. Forms show only on today's ledger and only to roles the access table allows.
 */
import { MAX_ATTACHMENTS, type policy, type Target, type TaskDefinition as Task } from '@duban/domain'
import type { UnitAssignment } from '@duban/read-models'
import { ACCEPT } from '../../attachments/policy'
import { canAct, mayUse } from '../context'
import {
  amount,
  assignmentStatus,
  lightBadge,
  noticeGrade,
  obligationStatus,
  periodName,
  reminderKind,
  reportStatus,
  roleOfUnit,
  ruleCitation,
  zhDate,
} from '../format'
import { html, type SafeHtml } from '../html'
import { type PageContext, page } from '../layout'
import { type Names, readableVerdict } from '../names'
import { type AssignmentRecord, type TaskLabels, verdictOf } from '../page-data'
import { attachmentLinks } from './attachments'

export const doneMessages: Record<string, string> = {
  acknowledge: '已签收。',
  report: '进展已报送，等待督查办审核。',
  extension: '延期申请已提交。',
  completion: '办结申请已提交。',
  answer: '督办单答复已提交。',
  notice: '督办单已下发。',
}

export interface AssignmentData {
  unitId: string
  assignment: UnitAssignment
  task: Task
  record: AssignmentRecord
  label: TaskLabels
  names: Names
}

export function unitAssignmentPage(context: PageContext, data: AssignmentData, done: string | undefined) {
  const { assignment, task, record, label, names } = data
  const about = { unitId: data.unitId, taskId: assignment.taskId }
  const readable = <T extends Pick<policy.LightVerdict, 'light' | 'reason'>>(v: T) =>
    readableVerdict(names, v, about)
  const a = {
    ...record,
    taskId: assignment.taskId,
    unitId: data.unitId,
    role: assignment.role,
    dueDate: assignment.dueDate,
    status: assignment.status as keyof typeof assignmentStatus,
    acknowledged: assignment.acknowledgedOn !== null,
    obligations: assignment.obligations,
    light: readable(verdictOf(assignment)),
  }
  const base = `/w/units/${a.unitId}/tasks/${a.taskId}`
  const act = canAct(context) && a.status !== 'closed'
  const may = (action: string) => act && mayUse(context.user, `POST /w/units/:unitId/tasks/:taskId/${action}`)
  const csrf = html`<input type="hidden" name="_csrf" value="${context.csrf}">`
  return page(
    context,
    label(assignment),
    html`
${done && doneMessages[done] ? html`<p class="flash" role="status">${doneMessages[done]}</p>` : ''}
<section class="facts">
  <p>${lightBadge(a.light)} <span class="muted">${a.light.reason.because.zh}</span> ${ruleCitation(a.light.reason)}</p>
  <dl>
    <dt>本单位角色</dt><dd>${roleOfUnit[a.role]}</dd>
    <dt>下次报送截止</dt><dd data-testid="next-due">${zhDate(assignment.nextDueDate)}</dd>
    <dt>交办期限</dt><dd data-testid="due-date">${zhDate(a.dueDate)}</dd>
    <dt>状态</dt><dd>${assignmentStatus[a.status]}${a.acknowledged ? '' : '（待签收）'}</dd>
    <dt>任务期限</dt><dd>${zhDate(task.deadline)}</dd>
  </dl>
  <details><summary>任务原文</summary><p class="body-text">${task.body}</p></details>
  ${task.targets.length > 0 ? html`<h3>目标</h3><ul>${task.targets.map((target) => html`<li>${target.text}</li>`)}</ul>` : ''}
</section>

${
  may('acknowledge') && !a.acknowledged
    ? html`<form method="post" action="${base}/acknowledge" class="card">${csrf}<p>请先签收本项交办，再报送进展。</p><button type="submit">签收</button></form>`
    : ''
}

${
  a.obligations.length > 0
    ? html`<section><h2>报送义务</h2><table class="grid stack" data-testid="obligations">
<thead><tr><th>亮灯</th><th>期间</th><th>截止日期</th><th>状态</th><th>原因</th></tr></thead><tbody>
${a.obligations.map(
  (
    o,
  ) => html`<tr><td data-label="亮灯">${lightBadge(readable(o))}</td><td data-label="期间">${periodName(o.period)}</td><td data-label="截止日期">${zhDate(o.dueDate)}</td>
<td data-label="状态">${obligationStatus[o.status]}</td><td data-label="原因" class="reason">${readable(o).reason.because.zh}<div>${ruleCitation(o.reason)}</div></td></tr>`,
)}</tbody></table></section>`
    : ''
}

<section>
<h2>报送记录</h2>
${
  a.reports.length === 0
    ? html`<p class="muted">尚无报送。</p>`
    : html`<table class="grid stack" data-testid="reports"><thead><tr><th>日期</th><th>期间</th><th>内容</th><th>审核</th></tr></thead><tbody>
${[...a.reports].reverse().map(
  (r) => html`<tr class="${r.status === 'returned' ? 'returned' : ''}">
  <td data-label="日期">${zhDate(r.submittedOn)}<div class="muted">${names.person(r.submittedBy)}</div></td><td data-label="期间">${r.period ? periodName(r.period) : ''}</td>
  <td data-label="内容"><p class="body-text">${r.narrative}</p>
    ${r.indicatorValues.map((v) => html`<div class="muted">${targetText(task, v.targetId)}：${amount(v.value, targetOf(task, v.targetId))}（${periodName(v.period)}）</div>`)}
    ${r.evidence.map((e) => html`<div class="muted">佐证：${e}</div>`)}
    ${attachmentLinks(a.taskId, a.unitId, r.attachments)}</td>
  <td data-label="审核">${reportStatus[r.status]}${r.reviewNote ? html`<div class="reason">${r.status === 'returned' ? '退回理由' : '意见'}：${r.reviewNote}</div>` : ''}</td>
</tr>`,
)}</tbody></table>`
}
</section>

${may('report') && a.acknowledged ? reportForm(base, csrf, task, a, context.today) : ''}

${noticesSection(a, names, about, act && mayUse(context.user, 'POST /w/units/:unitId/tasks/:taskId/notices/:noticeId/answer'), base, csrf)}

${
  act && mayUse(context.user, 'POST /w/office/tasks/:taskId/units/:unitId/notice')
    ? html`<form method="post" action="/w/office/tasks/${a.taskId}/units/${a.unitId}/notice" class="card" data-testid="notice-form">${csrf}
<h2>下发督办单</h2>
<label>等级 <select name="grade"><option value="general">一般督办</option><option value="priority">重点督办</option><option value="listed">挂牌督办</option></select></label>
<label>事由 <textarea name="reason" required rows="2"></textarea></label>
<label>答复期限 <input type="date" name="answerDueDate" required min="${context.today}"></label>
<input type="hidden" name="back" value="assignment">
<button type="submit">下发督办单</button></form>`
    : ''
}

<section>
<h2>延期与办结</h2>
${a.pendingExtension ? html`<p>延期申请审批中：申请延至 ${zhDate(a.pendingExtension.requestedDueDate)}（${a.pendingExtension.reason}）</p>` : ''}
${a.extensions.map((e) => html`<p class="muted">${zhDate(e.on)} 延期${e.outcome === 'granted' ? '获批' : '未获批'}：${e.note}</p>`)}
${a.completion ? html`<p>办结申请已于 ${zhDate(a.completion.on)} 提交，等待督查办核验销号。</p>` : ''}
${
  may('extension') && a.acknowledged && !a.pendingExtension
    ? html`<form method="post" action="${base}/extension" class="card" data-testid="extension-form">${csrf}
<h3>申请延期</h3>
${
  a.obligations.some((o) => o.status !== 'met')
    ? html`<label>延期事项 <select name="obligationId">${a.obligations
        .filter((o) => o.status !== 'met')
        .map(
          (o) =>
            html`<option value="${o.obligationId}">${periodName(o.period)}报送（现截止 ${zhDate(o.dueDate)}）</option>`,
        )}
<option value="">整项交办（现截止 ${zhDate(a.dueDate)}）</option></select></label>`
    : ''
}
<label>申请延至 <input type="date" name="requestedDueDate" required min="${context.today}"></label>
<label>理由 <textarea name="reason" required rows="2"></textarea></label>
<button type="submit">提交延期申请</button></form>`
    : ''
}
${
  may('completion') && a.acknowledged && a.status === 'open'
    ? html`<form method="post" action="${base}/completion" class="card" data-testid="completion-form">${csrf}
<h3>申请办结</h3>
<label>办结情况 <textarea name="summary" required rows="3"></textarea></label>
<label>佐证材料（每行一项） <textarea name="evidence" rows="2"></textarea></label>
<button type="submit">提交办结申请</button></form>`
    : ''
}
${
  act && !mayUse(context.user, 'POST /w/units/:unitId/tasks/:taskId/extension')
    ? html`<p class="muted">延期申请与办结申请须由单位审核人（负责人）提交。</p>`
    : ''
}
</section>`,
  )
}

type Shown = Pick<AssignmentRecord, 'inbox'> & { obligations: UnitAssignment['obligations'] }

const targetOf = (task: Task, targetId: string) => task.targets.find((t) => t.id === targetId)

const targetText = (task: Task, targetId: string) =>
  task.targets.find((t) => t.id === targetId)?.text ?? targetId

function reportForm(base: string, csrf: SafeHtml, task: Task, a: Shown, today: string) {
  const numeric = task.targets.filter((t: Target) => t.value !== undefined)
  const openObligations = a.obligations.filter((o) => o.status === 'open')
  return html`<form method="post" action="${base}/report" enctype="multipart/form-data" class="card" data-testid="report-form">${csrf}
<h2>报送进展</h2>
${
  openObligations.length > 0
    ? html`<label>报送期间 <select name="obligationId">${openObligations.map(
        (o) =>
          html`<option value="${o.obligationId}">${periodName(o.period)}（${zhDate(o.dueDate)} 前）</option>`,
      )}<option value="">不对应报送义务</option></select></label>`
    : ''
}
<label>进展情况 <textarea name="narrative" required rows="4"></textarea></label>
${numeric.map(
  (t) => html`<fieldset class="indicator"><legend>${t.text}</legend>
<label>实际值${t.unit ? `（${t.unit}）` : ''} <input type="number" step="any" name="indicator.${t.id}"></label>
<label>期间 <input type="text" name="period.${t.id}" value="${today.slice(0, 4)}" size="8"></label></fieldset>`,
)}
<label>佐证材料（每行一项：文件编号或链接） <textarea name="evidence" rows="2"></textarea></label>
<label>附件（PDF、图片或 Office 文件，每个不超过 20 MB，最多 ${MAX_ATTACHMENTS} 个） <input type="file" name="attachments" multiple accept="${ACCEPT}"></label>
<button type="submit">报送</button>
</form>`
}

function noticesSection(
  a: Shown,
  names: Names,
  about: { unitId: string; taskId: string },
  mayAnswer: boolean,
  base: string,
  csrf: SafeHtml,
) {
  if (a.inbox.length === 0) return ''
  return html`<section><h2>催办与督办</h2><ul class="inbox">
${[...a.inbox].reverse().map(
  (item) => html`<li>
  <span class="tag">${item.kind === 'notice' ? noticeGrade[item.grade ?? 'general'] : item.kind === 'reminder' ? reminderKind[item.reminderKind ?? 'manual'] : '提级'}</span>
  ${item.kind === 'notice' ? html`<strong>${names.notice(about.unitId, about.taskId, item.id)}</strong> ` : ''}${zhDate(item.on)} ${names.text(item.text, about)}
  ${item.answerDueDate ? html`<span class="muted">（${zhDate(item.answerDueDate)} 前答复）</span>` : ''}
  ${item.answer ? html`<div class="answer">已答复：${item.answer.text}</div>` : ''}
  ${
    item.kind === 'notice' && !item.answer && mayAnswer
      ? html`<form method="post" action="${base}/notices/${item.id}/answer" class="card">${csrf}
<label>答复 <textarea name="answer" required rows="2"></textarea></label><button type="submit">提交答复</button></form>`
      : ''
  }
</li>`,
)}</ul></section>`
}
