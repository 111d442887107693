/** 用户管理: the accounts (read-only here; created through POST /admin/users). */
import { roleLabels, type User } from '@duban/runtime'
import { html } from '../html'
import { type PageContext, page } from '../layout'

export function usersPage(context: PageContext, users: readonly User[]) {
  return page(
    context,
    '用户管理',
    html`<table class="grid" data-testid="users"><thead><tr><th>用户名</th><th>姓名</th><th>单位</th><th>角色</th></tr></thead><tbody>
${users.map(
  (u) =>
    html`<tr><td>${u.id}</td><td>${u.displayName}</td><td>${context.unitName(u.unitId)}</td><td>${u.roles.map((r) => roleLabels[r]).join('、')}</td></tr>`,
)}</tbody></table>
<p class="muted">新建用户：<code>POST /admin/users</code>（管理员令牌）。</p>`,
  )
}
