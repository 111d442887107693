/**
 * THE mapping from what the server refuses to what a person reads in Chinese (简体中文): zod
 * issues become one message per field ("理由：请填写理由"), domain rule refusals a sentence that
 * says what to do, and every kind of problem a Chinese title. The JSON API uses it when the
 * request asks for zh-CN (`Accept-Language`), the web pages always — one table for both.
 */
import {
  type AccountRefusalDetails,
  type AccountRule,
  type AdministratorAction,
  accountRuleOf,
  DomainError,
} from '@duban/domain'
import { roleLabels } from '@duban/runtime'
import type { FastifyRequest } from 'fastify'
import Negotiator from 'negotiator'
import { ZodError, z } from 'zod'
import type { Problem, ProblemKind } from './problem'

/** The language of the answer: zh-CN when the request asks for it, English otherwise. */
export function wantsChinese(request: Pick<FastifyRequest, 'headers'>): boolean {
  return new Negotiator({ headers: request.headers }).language(['en', 'zh-CN']) === 'zh-CN'
}

/** A form field's or body property's name → what a person calls it. */
export const fieldLabels: Readonly<Record<string, string>> = {
  narrative: '进展情况',
  evidence: '佐证材料',
  attachments: '附件',
  indicatorValues: '指标值',
  value: '实际值',
  period: '期间',
  obligationId: '报送期间',
  reportId: '报送编号',
  requestedDueDate: '申请延至日期',
  reason: '理由',
  comment: '意见',
  summary: '办结情况',
  answer: '答复',
  committedDate: '承诺日期',
  answerDueDate: '答复期限',
  grade: '督办等级',
  noticeId: '督办单编号',
  title: '标题',
  docNumber: '文号',
  intro: '导语',
  closing: '结束语',
  from: '起始日期',
  to: '截止日期',
  planId: '计划',
  userId: '用户名',
  password: '密码',
  currentPassword: '当前密码',
  passwordAgain: '再次输入的新密码',
  displayName: '姓名',
  roles: '角色',
  unitId: '单位',
  channelId: '通道编号',
  kind: '通道类型',
  label: '名称',
  webhook: 'Webhook 地址',
  secret: '密钥',
  name: '姓名',
  email: '电子邮箱',
  mobile: '手机号码',
  text: '文本',
  file: '文件',
  dueDate: '截止日期',
  asOf: '查看日期',
  taskId: '任务',
}

const labelOf = (path: readonly PropertyKey[]) => {
  const named = [...path].reverse().find((part) => typeof part === 'string' && part !== 'data')
  return (typeof named === 'string' && fieldLabels[named]) || '输入'
}

/** The field a form would show the message next to: the issue's last named path segment. */
export const fieldOf = (path: readonly PropertyKey[]) => {
  const named = [...path].reverse().find((part) => typeof part === 'string' && part !== 'data')
  return typeof named === 'string' ? named : undefined
}

/**
 * Messages of the refinements and patterns our own schemas write (`refine(…, 'message')`,
 * `regex(…, 'message')`), after the field's label; a schema used under several property names
 * (a user id is `id` in one body, `userId` in another) names its own label.
 */
const customMessages: [RegExp, string, string?][] = [
  [/NUL or a lone surrogate/, '含有无法保存的字符（空字符或残缺字符），请删去后重新提交'],
  [/one value per target and period/, '同一指标同一期间只能填写一个值'],
  [
    /a user id is lower-case ASCII/,
    '只能用小写英文字母、数字和“.”“_”“-”，并以字母或数字开头，例如 zhang.san',
    '用户名',
  ],
]
const customMessage = (issue: z.core.$ZodIssue) => {
  const known = customMessages.find(([pattern]) => pattern.test(issue.message))
  return known && `${known[2] ?? labelOf(issue.path)}${known[1]}`
}

const zhLocale = z.locales.zhCN()

/** One zod issue, in Chinese, with its field's label: what is wrong and what to do. */
export function zhIssue(issue: z.core.$ZodIssue): string {
  // A schema that says its own message in Chinese (a list filter's allowed values) is taken at its word.
  if (/[\u4e00-\u9fff]/.test(issue.message)) return issue.message
  const label = labelOf(issue.path)
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return `请填写${label}`
      if (issue.origin === 'string') return `${label}至少 ${issue.minimum} 个字`
      if (issue.origin === 'array') return `请至少填写 ${issue.minimum} 项${label}`
      return `${label}不能小于 ${issue.minimum}`
    case 'too_big':
      if (issue.origin === 'string') return `${label}最多 ${issue.maximum} 个字，请删减后重新提交`
      if (issue.origin === 'array') return `${label}最多 ${issue.maximum} 项`
      if (issue.origin === 'file') return `${label}过大，最大 ${issue.maximum} 字节`
      return `${label}不能大于 ${issue.maximum}`
    case 'invalid_format': {
      const known = customMessage(issue)
      if (known) return known
      if (issue.format === 'date') return `${label}不是有效日期，请按“2024-01-08”的格式填写`
      if (issue.format === 'email') return `${label}格式不正确，例如 name@example.cn`
      if (issue.format === 'url') return `${label}不是有效网址，请以 https:// 开头`
      return `${label}格式不正确，请检查后重新填写`
    }
    case 'invalid_type':
      if (issue.expected === 'number') return `${label}须为数字`
      return `请填写${label}`
    case 'invalid_value':
      return `请从列表中选择${label}`
    case 'unrecognized_keys':
      return `不认识的字段：${issue.keys.join('、')}，请删去`
    case 'custom':
      return customMessage(issue) ?? `${label}不符合要求，请检查后重新填写`
    default:
      return `${label}：${zhLocale.localeError(issue as never) ?? '不符合要求，请检查后重新填写'}`
  }
}

/** Domain rule refusals (the deciders' English messages) → what a person reads and what to do. */
const domainMessages: [RegExp, (m: RegExpExecArray) => string][] = [
  [/is not acknowledged \(签收\) yet/, () => '本项交办尚未签收，请先签收，再报送或申请。'],
  [/is already acknowledged/, () => '本项交办已签收，无需再次签收。'],
  [/report \S+ was already submitted/, () => '这份报送已提交过，请勿重复提交。'],
  [/already has a report under review/, () => '该期间已有一份报送在审核中，请等待督查办审核后再报送。'],
  [/is already met by an accepted report/, () => '该期间的报送已审核通过，无需再报送。'],
  [/has no target (.+)$/, (m) => `本任务没有指标 ${m[1]}，请刷新页面后重新填写。`],
  [
    /report \S+ was already (accepted|returned)/,
    (m) => `这份报送已被${m[1] === 'accepted' ? '审核通过' : '退回'}，无需再次处理。请刷新审核队列。`,
  ],
  [/has no report /, () => '找不到这份报送，它可能已被处理。请刷新页面。'],
  [/extension request \S+ is still pending/, () => '已有一份延期申请在审批中，请等待督查办审批后再申请。'],
  [/obligation \S+ is already met$/, () => '该期间的报送义务已完成，无需延期。'],
  [
    /the requested due date (\S+) is not after the current one, (\S+)/,
    (m) => `申请延至的日期（${m[1]}）须晚于现截止日期（${m[2]}），请重新选择日期。`,
  ],
  [
    /the requested due date (\S+) is in the past/,
    (m) => `申请延至的日期（${m[1]}）已过去，请选择今天以后的日期。`,
  ],
  [
    /the new due date (\S+) is after task \S+'s deadline (\S+)/,
    (m) => `新的截止日期（${m[1]}）晚于任务期限（${m[2]}），须先延长任务期限。`,
  ],
  [
    /the new due date (\S+) is not after the current one, (\S+)/,
    (m) => `新的截止日期（${m[1]}）须晚于现截止日期（${m[2]}）。`,
  ],
  [/has no pending extension request/, () => '找不到待审批的延期申请，它可能已被处理。请刷新页面。'],
  [/already has a completion request pending/, () => '办结申请已提交，正在等待督查办核验，请勿重复提交。'],
  [
    /has no completion request \(办结申请\) pending/,
    () => '没有待核验的办结申请，它可能已被处理。请刷新页面。',
  ],
  [/is not closed, so it cannot be reopened/, () => '本项交办尚未销号，无需重新打开。'],
  [/supervision notice \S+ was already issued/, () => '这份督办单已下发，请勿重复提交。'],
  [
    /the answer due date (\S+) of a supervision notice is before today, (\S+)/,
    (m) => `答复期限（${m[1]}）早于今天（${m[2]}），请选择今天或以后的日期。`,
  ],
  [/has no supervision notice/, () => '找不到这份督办单，请刷新页面。'],
  [/supervision notice \S+ is already answered/, () => '这份督办单已答复，无需再次答复。'],
  [
    /needs a committed date \(committedDate\), at the latest (\S+)/,
    (m) => `答复督办单须填写承诺日期，最晚为 ${m[1]}。`,
  ],
  [
    /the committed date (\S+) is before today, (\S+)/,
    (m) => `承诺日期（${m[1]}）早于今天（${m[2]}），请选择今天或以后的日期。`,
  ],
  [
    /the committed date (\S+) is after (\S+), the latest the ladder allows/,
    (m) => `承诺日期（${m[1]}）晚于规则允许的最晚日期（${m[2]}），请选择更早的日期。`,
  ],
  [
    /(?:the requested due date|the due date|date)? ?(\d{4}-\d{2}-\d{2}) is not a working day/,
    (m) => `${m[1]} 不是工作日，请选择一个工作日。`,
  ],
  [/is not a working day/, () => '所选日期不是工作日，请选择一个工作日。'],
  [/task \S+ is closed \(销号\)/, () => '该任务已销号，不能再办理。'],
  [/is closed \(销号\)/, () => '本项交办已销号，不能再办理。'],
  [/task \S+ is not registered/, () => '找不到该任务，请刷新页面。'],
  [/does not exist$/, () => '找不到这项交办，请刷新页面。'],
  [/has no obligation/, () => '找不到该报送期间，请刷新页面后重新选择。'],
  [
    /passed to unit (\S+) on (\S+) \(移交\)/,
    (m) => `本项交办已于 ${m[2]} 移交给 ${m[1]}，请在承接单位的交办上办理。`,
  ],
  [
    /does not exist on (\S+) \(unknown, not yet created, or ceased\)/,
    (m) => `该单位在 ${m[1]} 不存在（尚未设立或已撤销）。`,
  ],
  [/bulletin \S+ is published: its text can no longer change/, () => '通报已印发，文字不能再修改。'],
  [/bulletin \S+ is already published/, () => '通报已印发，无需再次印发。'],
  [/bulletin \S+ already exists/, () => '该通报已存在，请勿重复提交。'],
  [/no bulletin /, () => '找不到该通报，请回到通报列表。'],
  [
    /a bulletin cannot stand at (\S+), after today \((\S+)\)/,
    (m) => `通报日期（${m[1]}）晚于今天（${m[2]}），请重新选择。`,
  ],
  [/cannot be published before it starts/, () => '通报期间尚未开始，不能印发。'],
  [/is not a valid id/, () => '编号格式不正确：只能用字母、数字、连字符和点。'],
  [/^only unit /, () => '只有本单位可以办理此事项。'],
  [/only the supervision office may/, () => '只有督查办可以办理此事项。'],
]

const zhActions: Record<AdministratorAction, string> = {
  create: '新建账户',
  grant: '授予角色',
  revoke: '撤销角色',
  disable: '停用账户',
  enable: '启用账户',
  set_password: '重置他人的密码',
  end_sessions: '结束他人的登录',
}

const role = (d: AccountRefusalDetails) => (d.role ? roleLabels[d.role] : '该')

/** Account and password refusals, by the rule code the domain gives them: what is wrong, what to do. */
export const zhAccountRefusals: Record<AccountRule, (d: AccountRefusalDetails) => string> = {
  administrator_only: (d) =>
    `只有系统管理员可以${zhActions[d.action ?? 'create']}。如需办理，请联系系统管理员。`,
  office_only: (d) =>
    `只有督查办人员可以${d.decision === 'decline' ? '不同意' : '同意'}角色申请。请由督查办办理。`,
  second_person: () =>
    '角色申请须由第二人审批：申请人和被授予角色的账户本人都不能审批。请由督查办的另一位同事办理。',
  no_account: (d) => `找不到账户“${d.userId}”，它可能已被删除，或用户名有误。请刷新用户列表后再试。`,
  account_exists: (d) => `用户名“${d.userId}”已被使用，请换一个用户名。`,
  unknown_unit: () => '单位名录中没有所选单位，请从列表中重新选择单位。',
  role_held: (d) => `账户“${d.userId}”已有${role(d)}角色，无需再授予。`,
  role_pending: (d) => `账户“${d.userId}”的${role(d)}角色已在等待督查办审批，请勿重复申请。`,
  role_not_held: (d) => `账户“${d.userId}”没有${role(d)}角色，无需撤销。`,
  last_administrator: (d) =>
    `账户“${d.userId}”是最后一位在用的系统管理员，不能停用或撤销其管理员角色。请先为另一个账户授予系统管理员角色。`,
  no_pending_request: () => '找不到这项待审批的角色申请，它可能已被处理。请刷新页面。',
  already_disabled: (d) => `账户“${d.userId}”已停用，无需再次停用。`,
  not_disabled: (d) => `账户“${d.userId}”未停用，无需启用。`,
  own_account_disable: () => '系统管理员不能停用自己的账户。如需停用，请由另一位系统管理员办理。',
  password_empty: () => '请填写新密码。',
  password_too_short: (d) => `新密码太短：至少 ${d.min} 个字符。请设置更长的密码，例如由几个词组成的一句话。`,
  password_too_long: (d) => `新密码太长：最多 ${d.max} 个字符。请缩短后重新填写。`,
  password_contains_user_id: (d) => `新密码不能包含用户名“${d.userId}”，请换一个密码。`,
  password_mismatch: () => '两次填写的新密码不一致，请重新填写。',
  current_password_wrong: () => '当前密码不正确，请重新填写。如忘记密码，请联系系统管理员重置。',
}
const domainFallback = {
  not_found: '找不到要办理的事项，它可能已被处理或删除。请刷新页面后再试。',
  conflict: '该操作与台账的当前状态冲突，未执行。请刷新页面查看最新情况后再试。',
  forbidden: '您的角色无权办理此事项。',
  invalid: '该操作不符合台账规则，未执行。请检查填写的内容后再试。',
} as const

/** A domain refusal in Chinese: the rule's own sentence when it is known, its kind's otherwise. */
export function zhDomain(error: DomainError): string {
  const rule = accountRuleOf(error)
  if (rule) return zhAccountRefusals[rule]((error.details ?? {}) as AccountRefusalDetails)
  for (const [pattern, say] of domainMessages) {
    const match = pattern.exec(error.message)
    if (match) return say(match)
  }
  return domainFallback[error.code]
}

const titles: Record<ProblemKind, string> = {
  'bad-request': '请求有误',
  validation: '填写的内容有误',
  unauthenticated: '请先登录',
  forbidden: '无权访问',
  'not-found': '找不到页面或事项',
  conflict: '与当前状态冲突',
  'version-conflict': '内容已被他人更新',
  'precondition-failed': '内容已被他人更新',
  'method-not-allowed': '不支持的操作',
  'request-timeout': '请求超时',
  'payload-too-large': '提交的内容过大',
  'uri-too-long': '网址过长',
  'unsupported-media-type': '不支持的文件或内容类型',
  'domain-rule': '不符合台账规则',
  'too-many-requests': '操作过于频繁',
  'headers-too-large': '请求头过大',
  internal: '服务器出错',
  'storage-unavailable': '存储暂不可用',
  'log-integrity': '事件日志校验未通过，暂停写入',
  overloaded: '服务器繁忙',
}

/** What to do, when the problem's own detail is not something a person should read. */
const advice: Partial<Record<ProblemKind, string>> = {
  'bad-request': '请求格式不正确。请回到上一页，检查填写的内容后重新提交。',
  unauthenticated: '登录已失效或尚未登录，请重新登录。',
  forbidden: '您的账号无权查看或办理此项。如需办理，请联系督查办或系统管理员分配角色。',
  'not-found': '找不到您要的页面或事项，它可能已被移除，或网址有误。请从菜单重新进入。',
  'version-conflict': '您提交时，这项内容已被他人更新。请刷新页面查看最新内容后再提交。',
  'precondition-failed': '您提交时，这项内容已被他人更新。请刷新页面查看最新内容后再提交。',
  'method-not-allowed': '此网址不支持该操作。请从页面上的按钮办理。',
  'request-timeout': '连接在规定时间内没有发来完整的请求，已被关闭。请重新打开页面或重新提交。',
  'payload-too-large': '提交的内容或文件超过大小上限。请压缩或拆分后重新提交。',
  'uri-too-long': '网址过长。请从菜单重新进入。',
  'unsupported-media-type':
    '不支持该文件或内容类型。请上传 PDF、图片（PNG、JPEG）或 Office 文件（Word、Excel、PowerPoint）。',
  'too-many-requests': '操作过于频繁，请稍候一分钟再试。',
  'headers-too-large': '请求头过大。请清除浏览器 Cookie 后重试。',
  internal: '服务器处理时出错，本次操作可能未完成。请稍后重试；如持续出现，请联系系统管理员。',
  overloaded: '服务器繁忙，本次操作未执行。请稍等片刻后重试。',
  'storage-unavailable': '服务器存储暂不可用，本次提交未保存。请稍后重试；如持续出现，请联系系统管理员。',
}

export interface FieldError {
  /** The body property or form field the message belongs next to, when there is one. */
  field?: string
  message: string
}

/** The field-level messages of a refused body, in Chinese. */
export function zhFieldErrors(error: unknown): FieldError[] {
  // A rule about one field (a new password too short) is said beside that field.
  const field = error instanceof DomainError ? error.details?.['field'] : undefined
  if (error instanceof DomainError && typeof field === 'string') return [{ field, message: zhDomain(error) }]
  if (error instanceof ZodError) return error.issues.map((issue) => fieldError(issue.path, zhIssue(issue)))
  const validation = (error as { validation?: unknown } | undefined)?.validation
  if (Array.isArray(validation)) {
    return validation.map(
      (item: { instancePath?: string; keyword?: string; params?: object; message?: string }) => {
        const path = (item.instancePath ?? '')
          .split('/')
          .filter(Boolean)
          .map((part) => (/^\d+$/.test(part) ? Number(part) : part))
        const issue = {
          ...item.params,
          code: item.keyword,
          path,
          message: item.message ?? '',
        } as z.core.$ZodIssue
        return fieldError(path, zhIssue(issue))
      },
    )
  }
  return []
}

const fieldError = (path: readonly PropertyKey[], message: string): FieldError => {
  const field = fieldOf(path)
  return field ? { field, message } : { message }
}

/** The kind of a problem, read back from its `type` URI. */
const kindOf = (problem: Problem) => problem.type.split('/').at(-1) as ProblemKind

/**
 * The problem as a Chinese reader gets it: a Chinese title, a detail that says what to do, and
 * (for a refused body) one Chinese message per field in `errors`.
 */
export function zhProblem(problem: Problem, error: unknown): Problem {
  const kind = kindOf(problem)
  const fields = zhFieldErrors(error)
  let detail: string
  if (error instanceof DomainError) detail = zhDomain(error)
  else if (fields.length > 0) detail = `${fields.map((f) => f.message).join('；')}。`
  else if (kind === 'storage-unavailable' || kind === 'log-integrity')
    detail = problem.detail ?? advice[kind] ?? ''
  else detail = (problem as { detailZh?: string }).detailZh ?? advice[kind] ?? titles[kind] ?? '请求未完成。'
  const { detailZh: _drop, ...rest } = problem as Problem & { detailZh?: string }
  const existing = Array.isArray(rest.errors) ? (rest.errors as Record<string, unknown>[]) : undefined
  return {
    ...rest,
    title: titles[kind] ?? problem.title,
    detail,
    ...(fields.length > 0 && {
      errors: fields.map((f, i) => ({ ...(existing?.[i] ?? {}), ...f })),
    }),
  }
}

/** The English answer drops the Chinese detail a handler may have prepared for zh-CN readers. */
export function enProblem(problem: Problem): Problem {
  const { detailZh: _drop, ...rest } = problem as Problem & { detailZh?: string }
  return rest
}

/** Why a document could not be imported as a plan, by the importer's error code. */
export const zhPlanImport: Readonly<Record<string, string>> = {
  empty: '文件或粘贴的内容是空的。请选择计划文件，或粘贴计划全文。',
  binary: '内容不是文字（可能选错了文件）。请上传 .docx、.pdf、.html 或 .txt 格式的计划文件。',
  not_a_plan:
    '未识别出行动计划：应有“……行动计划”“……实施方案”“……若干措施”等标题，其下是编号的任务。请检查是否选对了文件。',
  no_units: '各项任务都没有写明责任单位（“责任单位：……”“牵头单位：……”）。请检查计划原文。',
  too_large: '文件过大：一份政策文件最大 20 MB。请确认是否选对了文件。',
  unsupported: '无法读取该文件。请另存为 .docx 或 .txt 后再导入。',
  scanned_pdf: '这份 PDF 是扫描图片，没有文字层，系统不做文字识别。请索取 .docx 或带文字的 PDF。',
}

/** A draft that cannot be confirmed: the unknown unit names and the parts that would not make commands. */
export function zhDraftNotConfirmable(error: {
  unresolved: readonly { name: string; itemId: string | null }[]
  invalid: readonly { itemId: string | null; problems: string[] }[]
}): string {
  const parts: string[] = []
  if (error.unresolved.length > 0)
    parts.push(
      `名录中找不到这些单位：${error.unresolved.map((u) => (u.itemId ? `${u.name}（第 ${u.itemId} 项）` : u.name)).join('、')}，请在下方“单位名称”中确认对应单位`,
    )
  if (error.invalid.length > 0)
    parts.push(
      `这些条目不完整：${error.invalid.map((p) => (p.itemId ? `第 ${p.itemId} 项` : '计划')).join('、')}，请补全后再确认`,
    )
  return `${parts.join('；')}。`
}
