/**
 * 用户管理: the administrator's accounts page — every account with its roles, the roles waiting
 * for the office's approval, and a form for each change (create, grant, revoke, disable/enable,
 * reset password). Each form's change is an event in the log. A role that reads ledger content is
 * only requested here: the supervision office approves it on 角色审批 (role-requests.ts).
 */
import { MIN_PASSWORD_LENGTH, type PendingRoleRequest, readsLedger } from '@duban/domain'
import { roleLabels, type User, type UserRole, userRoles } from '@duban/runtime'
import { html } from '../html'
import { type PageContext, page } from '../layout'
import { requestNumber } from './role-requests'

export interface UsersPageData {
  users: readonly User[]
  pending: readonly PendingRoleRequest[]
  /** Units a new account may belong to, by name. */
  units: readonly { id: string; name: string }[]
  done?: string
}

const roleOption = (role: UserRole) =>
  html`<option value="${role}">${roleLabels[role]}${readsLedger(role) ? '（需督查办审批）' : ''}</option>`

export function usersPage(context: PageContext, data: UsersPageData) {
  const csrf = html`<input type="hidden" name="_csrf" value="${context.csrf}">`
  const pendingOf = (userId: string) => data.pending.filter((request) => request.userId === userId)
  const action = (user: User, path: string) => `/w/admin/users/${encodeURIComponent(user.id)}/${path}`
  return page(
    context,
    '用户管理',
    html`${data.done ? html`<p class="flash" data-testid="done">${data.done}</p>` : ''}
<p class="muted">管理员管理账户，不读取台账内容。授予可读取台账的角色（单位填报人、单位审核人、督查办、领导小组）须经督查办另一人审批后生效；管理员重置密码后，该账户的这些角色也须重新审批。每项变更都记入台账（操作人、内容、时间），密码不入台账。</p>
<table class="grid" data-testid="users"><thead><tr><th>用户名</th><th>姓名</th><th>单位</th><th>角色</th><th>待审批</th><th>状态</th><th>操作</th></tr></thead><tbody>
${data.users.map(
  (u) =>
    html`<tr data-user="${u.id}"><td>${u.id}</td><td>${u.displayName}</td><td>${context.unitName(u.unitId)}</td>
<td>${u.roles.map(
      (r) =>
        html`<form method="post" action="${action(u, 'roles/revoke')}" class="inline">${csrf}<input type="hidden" name="role" value="${r}"><span>${roleLabels[r]}</span> <button class="secondary" title="撤销${roleLabels[r]}">撤销</button></form> `,
    )}</td>
<td>${pendingOf(u.id).map((p) => html`<span class="muted">${roleLabels[p.role]}（申请${requestNumber(p.requestId)}）</span> `)}</td>
<td>${u.disabled ? '已停用' : '正常'}</td>
<td><details><summary>更改</summary>
<form method="post" action="${action(u, 'roles')}" class="card">${csrf}<label>授予角色 <select name="role" required><option value="">请选择角色</option>${userRoles
      .filter((r) => !u.roles.includes(r))
      .map(roleOption)}</select></label> <button>授予</button></form>
<form method="post" action="${action(u, u.disabled ? 'enable' : 'disable')}" class="card">${csrf}<button>${u.disabled ? '启用账户' : '停用账户'}</button></form>
<form method="post" action="${action(u, 'password')}" class="card">${csrf}<label>新密码（至少${MIN_PASSWORD_LENGTH}位） <input name="password" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required></label> <button>重置密码</button></form>
</details></td></tr>`,
)}</tbody></table>
<h2>新建账户</h2>
<form method="post" action="/w/admin/users" class="card" data-testid="create-user">${csrf}
  <label>用户名 <input name="userId" required pattern="[a-z0-9][a-z0-9._-]*" maxlength="64"></label>
  <label>姓名 <input name="displayName" required maxlength="64"></label>
  <label>单位 <select name="unitId">${data.units.map((u) => html`<option value="${u.id}">${u.name}</option>`)}</select></label>
  <fieldset><legend>角色</legend>${userRoles.map(
    (r) =>
      html`<label><input type="checkbox" name="roles" value="${r}"> ${roleLabels[r]}${readsLedger(r) ? '（需督查办审批）' : ''}</label> `,
  )}</fieldset>
  <label>初始密码（至少${MIN_PASSWORD_LENGTH}位） <input name="password" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required></label>
  <button>新建</button>
</form>`,
  )
}
