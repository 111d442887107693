/** 导入计划: paste a plan's text, review the draft item by item (units, targets, warnings), confirm. */
import type { PlanDraft, UnitRef } from '@duban/plan-import'
import type { StoredDraft } from '@duban/runtime'
import { html } from '../html'
import { type PageContext, page } from '../layout'

export function importPage(context: PageContext) {
  return page(
    context,
    '导入计划',
    html`<form method="post" action="/w/office/import" class="card" data-testid="import-form">
<input type="hidden" name="_csrf" value="${context.csrf}">
<p>粘贴行动计划全文（含"责任单位"）。系统生成草稿供审核；确认前不写入台账。</p>
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

export function draftPage(context: PageContext, stored: StoredDraft, problem: string | undefined) {
  const draft: PlanDraft = stored.draft
  return page(
    context,
    stored.confirmedAt ? '计划草稿（已确认）' : '审核计划草稿',
    html`
${problem ? html`<p class="error" role="alert">未能确认：${problem}</p>` : ''}
${stored.confirmedAt ? html`<p class="flash" role="status">草稿已确认并写入台账。</p>` : ''}
${draft.plans.map(
  (plan) => html`<section class="card" data-testid="draft-plan">
<h2>${plan.title}</h2>
<p class="muted">${plan.issuer ?? ''} ${plan.issuedOn ?? ''} · 期限 ${plan.period ? `${plan.period.from}—${plan.period.to}年` : '未识别'} · 计划编号 ${plan.id}</p>
${plan.goals.length > 0 ? html`<p>发展目标：${plan.goals.map((g) => g.text).join('；')}</p>` : ''}
<table class="grid" data-testid="draft-items">
<thead><tr><th>编号</th><th>任务</th><th>牵头单位</th><th>配合单位</th><th>区县</th><th>目标</th></tr></thead>
<tbody>
${plan.items.map(
  (item) => html`<tr>
<td>${item.number}</td>
<td>${item.title}<div class="muted">${item.section}</div></td>
<td>${unitCell(item.lead)}</td>
<td>${item.coUnits.map((unit, i) => html`${i > 0 ? '、' : ''}${unitCell(unit)}`)}</td>
<td>${item.allDistricts ? '各区县政府' : item.someDistricts ? html`<span class="warn">有关区县（待明确）</span>` : ''}</td>
<td>${item.targets.map((t) => html`<div>${t.text}</div>`)}</td>
</tr>`,
)}
</tbody></table></section>`,
)}
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
