/**
 * 督查通报 pages for the supervision office: the list with a draft form, and one bulletin — its
 * text to edit, its figures as they read now (or as published), publish, and the downloads.
 */
import type { BulletinState } from '@duban/domain'
import type { PublishedBulletin } from '@duban/read-models'
import { type BulletinContent, percent } from '@duban/reporting'
import { mayUse } from '../context'
import { zhDate } from '../format'
import { html } from '../html'
import { type PageContext, page } from '../layout'

const flashes: Record<string, string> = {
  drafted: '通报已起草。',
  edited: '通报文字已保存。',
  published: '通报已印发：数据已固定在台账日志位置，所列提级事项已标记为已通报。',
}

export function bulletinsPage(
  context: PageContext,
  bulletins: PublishedBulletin[],
  plans: { planId: string; title: string }[],
) {
  const canDraft = mayUse(context.user, 'POST /w/office/bulletins') && context.asOf === context.today
  return page(
    context,
    '督查通报',
    html`<section data-testid="bulletins"><table class="grid"><thead><tr><th>通报</th><th>文号</th><th>期间</th><th>状态</th></tr></thead><tbody>
${bulletins.map(
  (b) => html`<tr><td><a href="/w/office/bulletins/${b.bulletinId}">${b.title}</a></td><td>${b.docNumber}</td>
<td>${zhDate(b.periodFrom)}至${zhDate(b.periodTo)}</td>
<td>${b.publishedOn ? html`已印发（${zhDate(b.publishedOn)}）` : '草稿'}</td></tr>`,
)}
</tbody></table>${bulletins.length === 0 ? html`<p class="muted">尚无通报。</p>` : ''}</section>
${
  canDraft
    ? html`<section class="card" data-testid="draft-bulletin"><h2>起草通报</h2>
<form method="post" action="/w/office/bulletins">
<input type="hidden" name="_csrf" value="${context.csrf}">
<label>通报期间（到期日）自 <input type="date" name="from" required></label>
<label>至 <input type="date" name="to" required max="${context.today}"></label>
<label>计划 <select name="planId"><option value="">全部计划</option>${plans.map((p) => html`<option value="${p.planId}">${p.title}</option>`)}</select></label>
<label>标题 <input type="text" name="title" required maxlength="500"></label>
<label>文号 <input type="text" name="docNumber" maxlength="100"></label>
<button type="submit">起草</button>
</form></section>`
    : ''
}`,
  )
}

export function bulletinPage(
  context: PageContext,
  bulletin: Exclude<BulletinState, { status: 'none' }>,
  content: BulletinContent,
  code: string | undefined,
) {
  const published = bulletin.status === 'published'
  const canEdit = !published && mayUse(context.user, 'POST /w/office/bulletins/:bulletinId/text')
  const base = `/w/office/bulletins/${bulletin.bulletinId}`
  const o = content.overview
  return page(
    context,
    bulletin.text.title,
    html`${code && flashes[code] ? html`<p class="flash" data-testid="flash">${flashes[code]}</p>` : ''}
<p class="summary" data-testid="bulletin-status">${
      published
        ? html`已印发 · 数据截至 ${zhDate(content.asOf.date)}（台账日志位置 ${content.asOf.position}），规则 ${content.ladderVersion}，日历 ${content.calendarVersion}`
        : html`草稿 · 以下数字按今天的台账计算，印发时固定`
    } · 期间 ${zhDate(bulletin.period.from)}至${zhDate(bulletin.period.to)}</p>
<p data-testid="downloads"><a class="button" href="${base}/bulletin.docx" download>下载 Word（.docx）</a> ·
<a href="${base}/bulletin.html" download>下载网页（.html）</a> ·
<a href="${base}/print" target="_blank">打印版（A4）</a></p>
${
  canEdit
    ? html`<section class="card" data-testid="edit-bulletin"><h2>修改通报文字</h2>
<form method="post" action="${base}/text">
<input type="hidden" name="_csrf" value="${context.csrf}">
<label>标题 <input type="text" name="title" required maxlength="500" value="${bulletin.text.title}"></label>
<label>文号 <input type="text" name="docNumber" maxlength="100" value="${bulletin.text.docNumber}"></label>
<label>开头 <textarea name="intro" rows="4">${bulletin.text.intro}</textarea></label>
<label>结尾 <textarea name="closing" rows="3">${bulletin.text.closing}</textarea></label>
<button type="submit">保存</button>
</form>
<form method="post" action="${base}/publish" data-testid="publish-bulletin">
<input type="hidden" name="_csrf" value="${context.csrf}">
<button type="submit">印发</button> <span class="muted">印发后文字不可再改；数字固定在印发时的台账。</span>
</form></section>`
    : ''
}
<section data-testid="bulletin-overview"><h2>总体情况</h2>
<table class="grid"><thead><tr><th>到期</th><th>按时</th><th>逾期报送</th><th>待审核</th><th>未报送</th><th>按时报送率</th><th>提级</th></tr></thead>
<tbody><tr><td>${o.due}</td><td>${o.onTime}</td><td>${o.late}</td><td>${o.underReview}</td><td>${o.missing}</td><td data-testid="bulletin-rate">${percent(o.onTimeRate)}</td><td>${o.escalations}</td></tr></tbody></table></section>
<section data-testid="bulletin-ranking"><h2>按时报送排名</h2>
<table class="grid"><thead><tr><th>名次</th><th>单位</th><th>到期</th><th>按时</th><th>按时报送率</th></tr></thead><tbody>
${content.ranking.map(
  (r) =>
    html`<tr data-unit="${r.unitId}"><td>${r.rank}</td><td>${r.name}</td><td>${r.due}</td><td>${r.onTime}</td><td>${percent(r.onTimeRate)}</td></tr>`,
)}
</tbody></table>
${content.nothingDue.length ? html`<p class="muted">本期无到期事项：${content.nothingDue.map((u) => u.name).join('、')}</p>` : ''}
</section>`,
  )
}
