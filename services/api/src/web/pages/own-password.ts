/**
 * 修改密码: the signed-in user changes the own password — the current one, then the new one
 * twice. A refused form comes back with all three fields empty and the reason beside the field
 * it is about: passwords are never written back into a page (form-refill.ts).
 */
import { MIN_PASSWORD_LENGTH } from '@duban/domain'
import { html } from '../html'
import { type PageContext, page } from '../layout'

export function ownPasswordPage(context: PageContext, changed: boolean) {
  return page(
    context,
    '修改密码',
    html`${changed ? html`<p class="flash" role="status" data-testid="done">密码已修改。此前在其他浏览器或设备上的登录均已退出。</p>` : ''}
<form method="post" action="/w/me/password" class="card" data-testid="own-password">
<input type="hidden" name="_csrf" value="${context.csrf}">
<p class="muted">新密码至少 ${MIN_PASSWORD_LENGTH} 个字符，不能包含用户名；可用几个词组成的一句话。修改后，其他浏览器或设备上的登录将退出。</p>
<label>当前密码 <input name="currentPassword" type="password" autocomplete="current-password" required></label>
<label>新密码 <input name="password" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required></label>
<label>再次输入新密码 <input name="passwordAgain" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required></label>
<button type="submit">修改密码</button>
</form>`,
  )
}
