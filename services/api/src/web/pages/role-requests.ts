/**
 * 角色审批: the supervision office's second approval of roles that read ledger content, asked
 * for by the administrator. Approving makes the role active; each decision is an event in the log.
 */
import type { PendingRoleRequest } from '@duban/domain'
import { roleLabels, type User } from '@duban/runtime'
import { html } from '../html'
import { type PageContext, page } from '../layout'

/** A role request as people number it: req-12 → 第12号 (the ids count up from 1 in the log). */
export const requestNumber = (requestId: string) => `第${requestId.replace(/^req-/, '')}号`

export function roleRequestsPage(
  context: PageContext,
  data: { pending: readonly PendingRoleRequest[]; users: ReadonlyMap<string, User>; done?: string },
) {
  const csrf = html`<input type="hidden" name="_csrf" value="${context.csrf}">`
  const who = (userId: string) => data.users.get(userId)?.displayName ?? userId
  return page(
    context,
    '角色审批',
    html`${data.done ? html`<p class="flash" data-testid="done">${data.done}</p>` : ''}
<p class="muted">管理员申请授予可读取台账的角色，须由督查办另一人（非申请人、非本人）审批后生效。</p>
${
  data.pending.length === 0
    ? html`<p data-testid="no-requests">没有待审批的角色申请。</p>`
    : html`<table class="grid" data-testid="role-requests"><thead><tr><th>申请编号</th><th>账户</th><th>单位</th><th>申请角色</th><th>申请人</th><th>审批</th></tr></thead><tbody>
${data.pending.map((request) => {
  const user = data.users.get(request.userId)
  const path = `/w/office/role-requests/${request.requestId}`
  return html`<tr data-request="${request.requestId}"><td>${requestNumber(request.requestId)}</td><td>${who(request.userId)}（${request.userId}）</td><td>${user ? context.unitName(user.unitId) : ''}</td><td>${roleLabels[request.role]}</td><td>${who(request.requestedBy)}</td>
<td><form method="post" action="${path}/approve" class="inline">${csrf}<button data-action="approve">同意</button></form>
<form method="post" action="${path}/decline" class="inline">${csrf}<label>理由 <input name="reason" maxlength="500"></label> <button data-action="decline">不同意</button></form></td></tr>`
})}</tbody></table>`
}`,
  )
}
