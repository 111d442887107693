/** 登录: user id and password; a failed attempt says so without saying which was wrong. */
import { html } from '../html'
import { bare } from '../layout'

/** `failed`: true after a wrong user id or password, or the message to show instead. */
export function loginPage(csrf: string, next: string, failed: boolean | string) {
  return bare(
    '登录',
    html`<form method="post" action="/login" class="card login" data-testid="login-form">
<h1>督办台账 · 登录</h1>
${failed ? html`<p class="error" role="alert">${failed === true ? '用户名或密码不正确。' : failed}</p>` : ''}
<input type="hidden" name="_csrf" value="${csrf}">
<input type="hidden" name="next" value="${next}">
<label>用户名 <input name="userId" autocomplete="username" required autofocus></label>
<label>密码 <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">登录</button>
</form>`,
  )
}
