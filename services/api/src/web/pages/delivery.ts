/**
 * 消息推送: a unit's channels (DingTalk / WeCom robots, e-mail) and its responsible contact, kept
 * by the supervision office and the administrator; the dead-letter list with a retry button.
 * A secret, once entered, is never shown again: the page says only that one is on record.
 */
import type { DeadLetter, DeliveryConfigView } from '@duban/delivery'
import { html } from '../html'
import { type PageContext, page } from '../layout'

const kindLabel = { dingtalk: '钉钉机器人', wecom: '企业微信机器人', email: '电子邮件' } as const

export interface DeliveryPageData {
  units: { id: string; name: string }[]
  unitId: string
  config: DeliveryConfigView
  deadLetters: Omit<DeadLetter, 'title'>[] | undefined
  done?: string
}

export function deliveryPage(context: PageContext, data: DeliveryPageData) {
  const csrf = html`<input type="hidden" name="_csrf" value="${context.csrf}">`
  const responsible = data.config.contacts.find((c) => c.role === 'responsible')
  return page(
    context,
    '消息推送',
    html`${data.done ? html`<p class="notice" data-testid="done">${data.done}</p>` : ''}
<form method="get" action="/w/admin/delivery" class="card">
  <label>单位 <select name="unit">${data.units.map(
    (u) => html`<option value="${u.id}"${u.id === data.unitId ? html` selected` : ''}>${u.name}</option>`,
  )}</select></label> <button>查看</button>
</form>
<h2>${context.unitName(data.unitId)} 的推送通道</h2>
<table class="grid" data-testid="channels"><thead><tr><th>通道</th><th>类型</th><th>名称</th><th>密钥</th><th>设置人</th><th>设置时间</th></tr></thead><tbody>
${data.config.channels.map(
  (c) =>
    html`<tr><td>${c.channelId}</td><td>${kindLabel[c.kind]}</td><td>${c.label}</td><td>${c.secretOnRecord ? '已保存（不再显示）' : '—'}</td><td>${c.setBy}</td><td>${c.setAt}</td></tr>`,
)}</tbody></table>
<details><summary>添加或替换通道</summary>
<form method="post" action="/w/admin/delivery/channels" class="card">${csrf}
  <input type="hidden" name="unitId" value="${data.unitId}">
  <label>通道编号 <input name="channelId" required pattern="[A-Za-z0-9][A-Za-z0-9._-]*"></label>
  <label>类型 <select name="kind"><option value="dingtalk">钉钉机器人</option><option value="wecom">企业微信机器人</option><option value="email">电子邮件</option></select></label>
  <label>名称 <input name="label" required></label>
  <label>Webhook 地址 <input name="webhook" type="password" autocomplete="off"></label>
  <label>加签密钥（钉钉） <input name="secret" type="password" autocomplete="off"></label>
  <button>保存</button>
</form></details>
<h2>责任人</h2>
<p data-testid="responsible">${responsible ? html`${responsible.name} ${responsible.email ?? ''} ${responsible.mobile ?? ''}` : '未设置'}</p>
<details><summary>设置责任人</summary>
<form method="post" action="/w/admin/delivery/contacts" class="card">${csrf}
  <input type="hidden" name="unitId" value="${data.unitId}">
  <label>姓名 <input name="name" required></label>
  <label>邮箱 <input name="email" type="email"></label>
  <label>手机（钉钉@提醒） <input name="mobile" pattern="1[0-9]{10}"></label>
  <button>保存</button>
</form></details>
<h2>投递失败（死信）</h2>
${
  data.deadLetters === undefined
    ? html`<p class="muted">本进程不运行投递程序。</p>`
    : html`<table class="grid" data-testid="dead-letters"><thead><tr><th>编号</th><th>单位</th><th>通道</th><th>错误码</th><th>说明</th><th>尝试次数</th><th></th></tr></thead><tbody>
${data.deadLetters.map(
  (d) =>
    html`<tr><td>${d.deliveryId}</td><td>${context.unitName(d.unitId)}</td><td>${d.channelId}</td><td>${d.code ?? ''}</td><td>${d.detail ?? ''}</td><td>${d.attempts}</td><td><form method="post" action="/w/admin/delivery/retry">${csrf}<input type="hidden" name="deliveryId" value="${d.deliveryId}"><input type="hidden" name="unitId" value="${data.unitId}"><button>重试</button></form></td></tr>`,
)}</tbody></table>`
}`,
  )
}
