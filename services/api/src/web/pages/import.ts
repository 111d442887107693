/**
 * 导入计划: upload a document (.docx, .pdf, .html, .txt) or paste its text; review the draft item
 * by item beside each item's source text — correct lead, co-units, districts, deadline and
 * targets, drop or add an item, set the period, confirm an unknown unit's name — then confirm.
 */
import type { DraftItem, DraftPlan, PlanDraft, Target, UnitRef } from '@duban/plan-import'
import type { StoredDraft } from '@duban/runtime'
import type { Unit } from '@duban/units'
import { html } from '../html'
import { type PageContext, page } from '../layout'

export function importPage(context: PageContext) {
  return page(
    context,
    '导入计划',
    html`
<form method="post" action="/w/office/import" enctype="multipart/form-data" class="card" data-testid="import-file-form">
<input type="hidden" name="_csrf" value="${context.csrf}">
<p>上传收到的文件：Word（.docx）、PDF（含文字层）、网页另存的 .html，或 .txt（UTF-8 / GBK）。扫描件请索取电子版。</p>
<label>文件 <input type="file" name="file" accept=".docx,.pdf,.html,.htm,.txt" required></label>
<button type="submit">上传并生成草稿</button>
</form>
<form method="post" action="/w/office/import" class="card" data-testid="import-form">
<input type="hidden" name="_csrf" value="${context.csrf}">
<p>或粘贴计划全文（含“责任单位”“牵头单位”或“…负责”）。系统生成草稿供审核；确认前不写入台账。</p>
<label>计划全文 <textarea name="text" rows="16" required></textarea></label>
<button type="submit">生成草稿</button>
</form>`,
  )
}

const unitCell = (ref: UnitRef | null) =>
  ref === null
    ? html`<span class="warn">未识别牵头单位</span>`
    : ref.unitId
      ? html`${ref.name}`
      : ref.members && ref.members.length > 0
        ? html`${ref.name}<span class="muted">（${ref.members.length} 个单位）</span>`
        : html`<span class="warn">${ref.name}（名录中未找到）</span>`

const SYMBOL: Record<Target['comparator'], string> = {
  gte: '≥',
  lte: '≤',
  eq: '=',
  growth: '+',
  milestone: '',
}
/** A target as the office edits it: "≥100家 2025". */
export const targetLine = (target: Target) =>
  target.comparator === 'milestone'
    ? target.text
    : `${SYMBOL[target.comparator]}${target.value ?? ''}${target.measure ?? ''}${target.year ? ` ${target.year}` : ''}`
const CADENCE: Record<string, string> = {
  ongoing: '长期坚持/持续推进',
  yearly: '每年',
  'half-yearly': '每半年',
  quarterly: '每季度',
  monthly: '每月',
}
const deadlineText = (item: DraftItem) =>
  item.deadline ? (item.deadline.due ?? CADENCE[item.deadline.cadence ?? ''] ?? '') : ''

function itemRow(context: PageContext, stored: StoredDraft, plan: DraftPlan, item: DraftItem) {
  const editable = !stored.confirmedAt
  return html`<tr data-testid="draft-item" data-item="${item.id}">
<td>${item.number}</td>
<td>${item.title}<div class="muted">${item.section}</div>
<details><summary>原文</summary><pre class="source" data-testid="item-source">${item.source ?? item.body}</pre></details></td>
<td>${unitCell(item.lead)}</td>
<td>${item.coUnits.map((unit, i) => html`${i > 0 ? '、' : ''}${unitCell(unit)}`)}</td>
<td>${item.allDistricts ? '全部区县' : item.someDistricts ? html`<span class="warn">有关区县（待明确）</span>` : ''}</td>
<td>${deadlineText(item)}</td>
<td>${item.targets.map((t) => html`<div>${t.text}</div>`)}</td>
</tr>
${
  editable
    ? html`<tr class="edit"><td></td><td colspan="6"><details data-testid="edit-item"><summary>修改第${item.number}项</summary>
<form method="post" action="/w/office/drafts/${stored.id}/items" class="inline-form">
<input type="hidden" name="_csrf" value="${context.csrf}">
<input type="hidden" name="planId" value="${plan.id}"><input type="hidden" name="itemId" value="${item.id}">
<label>牵头单位 <input name="lead" value="${item.lead?.name ?? ''}" required></label>
<label>配合单位（、分隔） <input name="coUnits" value="${item.coUnits.map((u) => u.name).join('、')}"></label>
<label><input type="checkbox" name="allDistricts" value="1"${item.allDistricts ? html` checked` : ''}> 全部区县政府</label>
<label>完成时限 <input type="date" name="due" value="${item.deadline?.due ?? ''}"></label>
<label>报送周期 <select name="cadence"><option value="">—</option>${Object.entries(CADENCE).map(
        ([value, label]) =>
          html`<option value="${value}"${item.deadline?.cadence === value ? html` selected` : ''}>${label}</option>`,
      )}</select></label>
<label>目标（每行一个，如“≥100家 2025”） <textarea name="targets" rows="3">${item.targets
        .filter((t) => t.comparator !== 'milestone')
        .map(targetLine)
        .join('\n')}</textarea></label>
<button type="submit" name="action" value="save">保存修改</button>
<button type="submit" name="action" value="drop" class="secondary">删除此项</button>
</form></details></td></tr>`
    : ''
}`
}

export function draftPage(
  context: PageContext,
  stored: StoredDraft,
  directory: readonly Unit[] = [],
  unknown: readonly string[] = [],
) {
  const draft: PlanDraft = stored.draft
  const editable = !stored.confirmedAt
  return page(
    context,
    stored.confirmedAt ? '计划草稿（已确认）' : '审核计划草稿',
    html`
${stored.confirmedAt ? html`<p class="flash" role="status">草稿已确认并写入台账。</p>` : ''}
${draft.plans.map(
  (plan) => html`<section class="card" data-testid="draft-plan">
<h2>${plan.title}</h2>
<p class="muted">${plan.issuer ?? ''} ${plan.issuedOn ?? ''} · 期限 <span data-testid="plan-period">${plan.period ? `${plan.period.from}—${plan.period.to}年` : '未写明'}</span>${plan.periodSource === 'body' ? '（按正文推定）' : ''} · 计划编号 ${plan.id}</p>
${
  editable
    ? html`<form method="post" action="/w/office/drafts/${stored.id}/period" class="inline-form" data-testid="period-form">
<input type="hidden" name="_csrf" value="${context.csrf}"><input type="hidden" name="planId" value="${plan.id}">
<label>计划期限 <input type="number" name="from" min="1990" max="2100" value="${plan.period?.from ?? ''}" required></label>
<label>至 <input type="number" name="to" min="1990" max="2100" value="${plan.period?.to ?? ''}" required> 年</label>
<button type="submit">设定期限</button></form>`
    : ''
}
${plan.goals.length > 0 ? html`<p>发展目标：${plan.goals.map((g) => g.text).join('；')}</p>` : ''}
<table class="grid" data-testid="draft-items">
<thead><tr><th>编号</th><th>任务</th><th>牵头单位</th><th>配合单位</th><th>区县</th><th>完成时限</th><th>目标</th></tr></thead>
<tbody>
${plan.items.map((item) => itemRow(context, stored, plan, item))}
</tbody></table>
${
  plan.context && plan.context.length > 0
    ? html`<details><summary>未写明责任单位的段落（${plan.context.length}，作为背景，不建任务）</summary><ul>${plan.context.map(
        (c) => html`<li>${c.number}．${c.text}</li>`,
      )}</ul></details>`
    : ''
}
${
  editable
    ? html`<details data-testid="add-item"><summary>新增任务</summary>
<form method="post" action="/w/office/drafts/${stored.id}/add" class="inline-form">
<input type="hidden" name="_csrf" value="${context.csrf}"><input type="hidden" name="planId" value="${plan.id}">
<label>任务名称 <input name="title" required></label>
<label>牵头单位 <input name="lead" required></label>
<label>配合单位（、分隔） <input name="coUnits"></label>
<button type="submit">新增</button></form></details>`
    : ''
}
</section>`,
)}
${
  editable && unknown.length > 0
    ? html`<section class="card" data-testid="aliases"><h2>名录中未找到的单位（${unknown.length}）</h2>
<p>若是名录中某单位的另一写法，请确认对应单位；以后导入时自动识别。</p>
${unknown.map(
  (name) => html`<form method="post" action="/w/office/drafts/${stored.id}/aliases" class="inline-form">
<input type="hidden" name="_csrf" value="${context.csrf}"><input type="hidden" name="name" value="${name}">
<label>“${name}”即 <select name="unitId" required><option value="">请选择单位</option>${directory.map(
    (unit) => html`<option value="${unit.id}">${unit.periods.at(-1)?.name ?? unit.id}</option>`,
  )}</select></label>
<button type="submit">确认并记住</button></form>`,
)}</section>`
    : ''
}
${
  draft.warnings.length > 0
    ? html`<section><h2>需要核对（${draft.warnings.length}）</h2><ul>${draft.warnings.map((w) => html`<li>${w.message}</li>`)}</ul></section>`
    : ''
}
${
  stored.confirmedAt
    ? ''
    : html`<form method="post" action="/w/office/drafts/${stored.id}/confirm" class="card">
<input type="hidden" name="_csrf" value="${context.csrf}">
<p>确认后，计划、任务和交办将写入台账，不可撤回。</p>
<button type="submit">确认并写入台账</button></form>`
}`,
  )
}
