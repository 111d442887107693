/**
 * Who may call which route: THE access table (权限表). Every route of the app — API commands
 * and queries, web pages and their forms — has one row here; a route without a row is refused
 * (fail closed). The access-control plugin enforces it before a body is even parsed, and the
 * access matrix test is generated from it.
 *
 * Scopes: `any` — on every unit's resource; `own` — only where the resource is the user's own
 * unit's (its `subject`); `none` — refused (403). A user holding several roles gets the widest.
 *
 * Subjects (whose resource a route touches):
 * - `unit`: the unit named by the path's `:unitId`;
 * - `task`: the units the task binds (its lead, co-units, and every district when it binds all);
 * - `none`: nobody's in particular (a plan, a draft, a board across units).
 */
import type { UserRole } from '@duban/runtime'

export type Scope = 'any' | 'own' | 'none'
export type Subject = 'unit' | 'task' | 'none'

export interface RouteAccess {
  subject: Subject
  roles: Readonly<Record<UserRole, Scope>>
}

/** Open to anyone, signed in or not. */
export const PUBLIC = 'public' as const
export type Access = RouteAccess | typeof PUBLIC

type Row = readonly [Scope, Scope, Scope, Scope, Scope]

function rule(subject: Subject, [reporter, approver, officer, leadership, administrator]: Row): RouteAccess {
  return {
    subject,
    roles: {
      unit_reporter: reporter,
      unit_approver: approver,
      supervision_officer: officer,
      leadership,
      administrator,
    },
  }
}

// Columns: unit reporter 填报人 · unit approver 审核人 · supervision officer 督查办 ·
// leadership 领导小组 · administrator 管理员.
/** The unit's own daily work: 签收, 报送, 答复督办单. */
const UNIT_WORK: Row = ['own', 'own', 'none', 'none', 'none']
/** What commits the unit formally and needs its head's signature: 延期申请, 办结申请. */
const UNIT_SIGNED: Row = ['none', 'own', 'none', 'none', 'none']
/** Review and judgment across units: the supervision office alone. */
const OFFICE: Row = ['none', 'none', 'any', 'none', 'none']
/** A unit's own records: the unit reads its own; the office and leadership read every unit's. */
const UNIT_READ: Row = ['own', 'own', 'any', 'any', 'none']
/** Views across units: the office and leadership. */
const OVERSIGHT_READ: Row = ['none', 'none', 'any', 'any', 'none']
/** Published plan text, read by every ledger user. */
const LEDGER_READ: Row = ['any', 'any', 'any', 'any', 'none']
/** The signed-in user's own account. */
const SIGNED_IN: Row = ['any', 'any', 'any', 'any', 'any']
/** User accounts: the administrator alone. */
const ADMIN: Row = ['none', 'none', 'none', 'none', 'any']
/** Revoking a user's tokens and reading the sign-in audit: the office and the administrator. */
const ACCOUNT_SECURITY: Row = ['none', 'none', 'any', 'none', 'any']
/** Where reminders are delivered (channels, contacts, dead letters): the office and the administrator. */
const DELIVERY: Row = ['none', 'none', 'any', 'none', 'any']

const assignment = (path: string) => `POST /tasks/:taskId/assignments/:unitId/${path}`
const unitForm = (path: string) => `POST /w/units/:unitId/tasks/:taskId/${path}`
const officeForm = (path: string) => `POST /w/office/tasks/:taskId/units/:unitId/${path}`

export const accessTable: Readonly<Record<string, Access>> = {
  // system and sign-in
  'GET /health': PUBLIC,
  'GET /health/ready': PUBLIC,
  'GET /docs': PUBLIC,
  'GET /docs/static/*': PUBLIC,
  'GET /docs/json': PUBLIC,
  'GET /docs/yaml': PUBLIC,
  'GET /docs/static/index.html': PUBLIC,
  'GET /docs/static/swagger-initializer.js': PUBLIC,
  'POST /auth/token': PUBLIC,
  'DELETE /auth/token': rule('none', SIGNED_IN),
  'GET /auth/me': rule('none', SIGNED_IN),
  'GET /admin/users': rule('none', ADMIN),
  'POST /admin/users': rule('none', ADMIN),
  'DELETE /admin/users/:userId/sessions': rule('none', ACCOUNT_SECURITY),
  'GET /admin/sign-ins': rule('none', ACCOUNT_SECURITY),
  // accounts and roles (account-routes.ts): a role that reads the ledger is approved by the office
  'PUT /auth/me/password': rule('none', SIGNED_IN),
  'POST /admin/users/:userId/roles': rule('none', ADMIN),
  'DELETE /admin/users/:userId/roles/:role': rule('none', ADMIN),
  'POST /admin/users/:userId/disable': rule('none', ADMIN),
  'POST /admin/users/:userId/enable': rule('none', ADMIN),
  'PUT /admin/users/:userId/password': rule('none', ADMIN),
  'GET /admin/role-requests': rule('none', ACCOUNT_SECURITY),
  'POST /role-requests/:requestId/approve': rule('none', OFFICE),
  'POST /role-requests/:requestId/decline': rule('none', OFFICE),

  // delivery (消息推送): channels, contacts, dead letters
  'GET /units/:unitId/delivery': rule('unit', DELIVERY),
  'PUT /units/:unitId/delivery/channels/:channelId': rule('unit', DELIVERY),
  'DELETE /units/:unitId/delivery/channels/:channelId': rule('unit', DELIVERY),
  'PUT /units/:unitId/delivery/contacts': rule('unit', DELIVERY),
  'GET /admin/deliveries/dead-letters': rule('none', DELIVERY),
  'POST /admin/deliveries/:deliveryId/retry': rule('none', DELIVERY),

  // plans, tasks, drafts
  'POST /plans': rule('none', OFFICE),
  'GET /plans/:planId': rule('none', LEDGER_READ),
  'POST /plans/:planId/amendments': rule('none', OFFICE),
  'POST /tasks': rule('none', OFFICE),
  'GET /tasks/:taskId': rule('task', UNIT_READ),
  'POST /tasks/:taskId/indicators/:targetId/corrections': rule('none', OFFICE),
  'POST /tasks/:taskId/deadline-extensions': rule('none', OFFICE),
  'POST /drafts': rule('none', OFFICE),
  'GET /drafts/:draftId': rule('none', OFFICE),
  'PUT /drafts/:draftId': rule('none', OFFICE),
  'POST /drafts/:draftId/confirm': rule('none', OFFICE),

  // assignments (交办) and their workflow
  'POST /tasks/:taskId/assignments': rule('none', OFFICE),
  [assignment('acknowledge')]: rule('unit', UNIT_WORK),
  [assignment('reports')]: rule('unit', UNIT_WORK),
  [assignment('attachments')]: rule('unit', UNIT_WORK),
  // A report's files: whoever may read the unit's records (the route checks a report cites the file).
  'GET /tasks/:taskId/assignments/:unitId/attachments/:sha256': rule('unit', UNIT_READ),
  [assignment('notices/:noticeId/answer')]: rule('unit', UNIT_WORK),
  [assignment('extensions')]: rule('unit', UNIT_SIGNED),
  [assignment('completion')]: rule('unit', UNIT_SIGNED),
  [assignment('obligations')]: rule('unit', OFFICE),
  [assignment('reports/:reportId/accept')]: rule('unit', OFFICE),
  [assignment('reports/:reportId/return')]: rule('unit', OFFICE),
  [assignment('reminders')]: rule('unit', OFFICE),
  [assignment('notices')]: rule('unit', OFFICE),
  [assignment('escalations')]: rule('unit', OFFICE),
  [assignment('extensions/:requestId/grant')]: rule('unit', OFFICE),
  [assignment('extensions/:requestId/refuse')]: rule('unit', OFFICE),
  [assignment('completion/verify')]: rule('unit', OFFICE),
  [assignment('completion/send-back')]: rule('unit', OFFICE),
  [assignment('reopen')]: rule('unit', OFFICE),

  // web workspace: sign-in, pages, and the forms they post
  'GET /': PUBLIC,
  'GET /login': PUBLIC,
  'POST /login': PUBLIC,
  'POST /logout': rule('none', SIGNED_IN),
  'GET /w/me/password': rule('none', SIGNED_IN),
  'POST /w/me/password': rule('none', SIGNED_IN),
  'GET /w/assets/app.css': PUBLIC,
  'GET /w/units/:unitId': rule('unit', UNIT_READ),
  'GET /w/units/:unitId/inbox': rule('unit', UNIT_READ),
  'GET /w/units/:unitId/tasks/:taskId': rule('unit', UNIT_READ),
  [unitForm('acknowledge')]: rule('unit', UNIT_WORK),
  // 批量签收: the assignments picked in the inbox, confirmed once, then one event each.
  'POST /w/units/:unitId/acknowledge/confirm': rule('unit', UNIT_WORK),
  'POST /w/units/:unitId/acknowledge': rule('unit', UNIT_WORK),
  [unitForm('report')]: rule('unit', UNIT_WORK),
  [unitForm('notices/:noticeId/answer')]: rule('unit', UNIT_WORK),
  [unitForm('extension')]: rule('unit', UNIT_SIGNED),
  [unitForm('completion')]: rule('unit', UNIT_SIGNED),
  'GET /w/office/overdue': rule('none', OVERSIGHT_READ),
  'GET /w/office/reviews': rule('none', OVERSIGHT_READ),
  [officeForm('reports/:reportId/accept')]: rule('unit', OFFICE),
  [officeForm('reports/:reportId/return')]: rule('unit', OFFICE),
  [officeForm('extensions/:requestId/grant')]: rule('unit', OFFICE),
  [officeForm('extensions/:requestId/refuse')]: rule('unit', OFFICE),
  [officeForm('completion/verify')]: rule('unit', OFFICE),
  [officeForm('completion/send-back')]: rule('unit', OFFICE),
  [officeForm('notice')]: rule('unit', OFFICE),
  // 批量下发督办单: the overdue rows picked, confirmed once, then one notice event each.
  'POST /w/office/notices/confirm': rule('none', OFFICE),
  'POST /w/office/notices': rule('none', OFFICE),
  'GET /w/office/import': rule('none', OFFICE),
  'POST /w/office/import': rule('none', OFFICE),
  'GET /w/office/drafts/:draftId': rule('none', OFFICE),
  'POST /w/office/drafts/:draftId/confirm': rule('none', OFFICE),
  'POST /w/office/drafts/:draftId/items': rule('none', OFFICE),
  'POST /w/office/drafts/:draftId/add': rule('none', OFFICE),
  'POST /w/office/drafts/:draftId/period': rule('none', OFFICE),
  'POST /w/office/drafts/:draftId/aliases': rule('none', OFFICE),
  'GET /w/dashboard': rule('none', OVERSIGHT_READ),
  'GET /w/dashboard/items': rule('none', OVERSIGHT_READ),
  'GET /w/admin/users': rule('none', ADMIN),
  'POST /w/admin/users': rule('none', ADMIN),
  'POST /w/admin/users/:userId/roles': rule('none', ADMIN),
  'POST /w/admin/users/:userId/roles/revoke': rule('none', ADMIN),
  'POST /w/admin/users/:userId/disable': rule('none', ADMIN),
  'POST /w/admin/users/:userId/enable': rule('none', ADMIN),
  'POST /w/admin/users/:userId/password': rule('none', ADMIN),
  'GET /w/office/role-requests': rule('none', OFFICE),
  'POST /w/office/role-requests/:requestId/approve': rule('none', OFFICE),
  'POST /w/office/role-requests/:requestId/decline': rule('none', OFFICE),
  'GET /w/admin/delivery': rule('none', DELIVERY),
  'POST /w/admin/delivery/channels': rule('none', DELIVERY),
  'POST /w/admin/delivery/contacts': rule('none', DELIVERY),
  'POST /w/admin/delivery/retry': rule('none', DELIVERY),

  // read models (/views): the office and leadership read across units, a unit its own
  'GET /views/me': rule('none', LEDGER_READ),
  'GET /views/units/:unitId': rule('unit', UNIT_READ),
  'GET /views/units/:unitId/inbox': rule('unit', UNIT_READ),
  'GET /views/overdue': rule('none', OVERSIGHT_READ),
  'GET /views/plans/:planId/dashboard': rule('none', OVERSIGHT_READ),
  'GET /views/plans/:planId/indicators': rule('none', LEDGER_READ),
  'GET /views/tasks/:taskId/history': rule('task', UNIT_READ),

  // 督查通报 and 台账 (routes/reporting-routes.ts): the office writes bulletins; it and leadership read them
  'GET /views/performance': rule('none', OVERSIGHT_READ),
  'GET /views/escalations': rule('none', OVERSIGHT_READ),
  'GET /views/burden': rule('none', OVERSIGHT_READ),
  'GET /exports/ledger.xlsx': rule('none', OVERSIGHT_READ),
  'GET /bulletins': rule('none', OVERSIGHT_READ),
  'POST /bulletins': rule('none', OFFICE),
  'GET /bulletins/:bulletinId': rule('none', OVERSIGHT_READ),
  'PUT /bulletins/:bulletinId/text': rule('none', OFFICE),
  'POST /bulletins/:bulletinId/publish': rule('none', OFFICE),
  'GET /bulletins/:bulletinId/verify': rule('none', OVERSIGHT_READ),
  'GET /bulletins/:bulletinId/bulletin.html': rule('none', OVERSIGHT_READ),
  'GET /bulletins/:bulletinId/bulletin.docx': rule('none', OVERSIGHT_READ),
  'GET /w/assets/bulletin.css': PUBLIC,
  'GET /w/office/bulletins': rule('none', OVERSIGHT_READ),
  'POST /w/office/bulletins': rule('none', OFFICE),
  'GET /w/office/bulletins/:bulletinId': rule('none', OVERSIGHT_READ),
  'POST /w/office/bulletins/:bulletinId/text': rule('none', OFFICE),
  'POST /w/office/bulletins/:bulletinId/publish': rule('none', OFFICE),
  'GET /w/office/bulletins/:bulletinId/bulletin.html': rule('none', OVERSIGHT_READ),
  'GET /w/office/bulletins/:bulletinId/bulletin.docx': rule('none', OVERSIGHT_READ),
  'GET /w/office/bulletins/:bulletinId/print': rule('none', OVERSIGHT_READ),
  'GET /w/office/performance': rule('none', OVERSIGHT_READ),
  'GET /w/exports/ledger.xlsx': rule('none', OVERSIGHT_READ),
  'GET /w/leadership/escalations': rule('none', OVERSIGHT_READ),
  'GET /w/tasks/:taskId': rule('task', UNIT_READ),
}

const rank: Record<Scope, number> = { none: 0, own: 1, any: 2 }

/** The widest scope any of the roles grants on the route. */
export function scopeFor(access: RouteAccess, roles: readonly UserRole[]): Scope {
  let best: Scope = 'none'
  for (const role of roles) if (rank[access.roles[role]] > rank[best]) best = access.roles[role]
  return best
}

/** The table's key for a request: HEAD is answered as GET. */
export const routeKey = (method: string, url: string) => `${method === 'HEAD' ? 'GET' : method} ${url}`
