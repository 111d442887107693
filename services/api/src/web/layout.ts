/**
 * The frame of every page: who is signed in, the pages their roles open, and the date the
 * page shows the ledger as of — today's ledger, or a past date in a banner no one can miss.
 */
import { roleLabels, type User } from '@duban/runtime'
import { zhDate } from './format'
import { html, type SafeHtml } from './html'

export interface PageContext {
  user: User
  unitName(unitId: string): string
  /** The business date the page shows the ledger as of. */
  asOf: string
  /** The ledger's today. */
  today: string
  csrf: string
  /** The path without query, for the as-of form. */
  path: string
  /** The event log failed its check: the page still reads, but no write will be accepted. */
  logBroken?: boolean
}

export function navLinks(user: User): { href: string; label: string }[] {
  const links: { href: string; label: string }[] = []
  const has = (role: User['roles'][number]) => user.roles.includes(role)
  if (has('unit_reporter') || has('unit_approver')) {
    links.push({ href: `/w/units/${user.unitId}`, label: '我的任务' })
    links.push({ href: `/w/units/${user.unitId}/inbox`, label: '催办与督办' })
  }
  if (has('supervision_officer')) {
    links.push({ href: '/w/office/overdue', label: '逾期看板' })
    links.push({ href: '/w/office/reviews', label: '审核队列' })
    links.push({ href: '/w/office/import', label: '导入计划' })
    links.push({ href: '/w/office/role-requests', label: '角色审批' })
  }
  if (has('supervision_officer') || has('leadership')) {
    links.push({ href: '/w/dashboard', label: '计划总览' })
    links.push({ href: '/w/leadership/escalations', label: '提级事项' })
    links.push({ href: '/w/office/performance', label: '按时报送排名' })
    links.push({ href: '/w/office/bulletins', label: '督查通报' })
  }
  if (has('administrator')) links.push({ href: '/w/admin/users', label: '用户管理' })
  if (has('supervision_officer') || has('administrator'))
    links.push({ href: '/w/admin/delivery', label: '消息推送' })
  return links
}

/** The home page of a user: the first page their roles open. */
export const homeOf = (user: User) => navLinks(user)[0]?.href ?? '/login'

export function page(context: PageContext, title: string, body: SafeHtml): SafeHtml {
  const { user, asOf, today } = context
  const past = asOf < today
  const keep = past ? `?asOf=${asOf}` : ''
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 督办台账</title>
<link rel="stylesheet" href="/w/assets/app.css">
</head>
<body>
<header class="top">
  <a class="brand" href="/">督办 Duban</a>
  <nav>${navLinks(user).map((link) => html`<a href="${link.href}${keep}">${link.label}</a>`)}</nav>
  <div class="who">
    <span>${user.displayName}</span>
    <span class="muted">${context.unitName(user.unitId)} · ${user.roles.map((r) => roleLabels[r]).join('、')}</span>
    <a href="/w/me/password" class="no-print">修改密码</a>
    <form method="post" action="/logout" class="inline">
      <input type="hidden" name="_csrf" value="${context.csrf}">
      <button type="submit" class="link">退出</button>
    </form>
  </div>
</header>
${
  context.logBroken
    ? html`<section class="log-broken" role="alert" data-testid="log-broken">
  <strong>事件日志校验未通过：暂停一切写入。</strong><span>页面显示的数据可能已被改动，请联系系统管理员核查（<code>duban verify</code>）。</span>
</section>`
    : ''
}
<section class="${past ? 'asof asof-past' : 'asof'}" data-testid="as-of">
  ${
    past
      ? html`<strong>历史视图：台账截至 ${zhDate(asOf)} 日终</strong><span>（今天是 ${zhDate(today)}；历史视图只读）</span>`
      : html`<strong>台账日期：${zhDate(today)}</strong>`
  }
  <form method="get" action="${context.path}" class="inline">
    <label>查看历史 <input type="date" name="asOf" value="${asOf}" max="${today}"></label>
    <button type="submit">查看</button>
    ${past ? html`<a href="${context.path}">回到今天</a>` : ''}
  </form>
</section>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>`
}

/** A page for someone not signed in (the sign-in form). */
export function bare(title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 督办台账</title>
<link rel="stylesheet" href="/w/assets/app.css">
</head>
<body class="bare">
<main>
${body}
</main>
</body>
</html>`
}
