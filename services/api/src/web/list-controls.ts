/**
 * What every long list of the workspace has: a filter form above it (GET, so a filtered page can
 * be bookmarked and printed), a pager below it, and its query read through one schema. The lists
 * themselves are paged by the read-model queries; a page only asks for its own rows.
 */
import { Id } from '@duban/domain'
import { z } from 'zod'
import { html, type SafeHtml } from './html'
import type { PageContext } from './layout'

/** Rows per page of every list. */
export const PAGE_SIZE = 50

const light = z.enum(['red', 'yellow', 'green'], { message: '亮灯须为红灯、黄灯或绿灯' })
const text = z.string().trim().max(100, { message: '检索词不超过 100 个字' })

/** The query of a list page; an empty field is no filter. */
export const ListQuery = z.object({
  page: z.coerce
    .number({ message: '页码须为正整数' })
    .int({ message: '页码须为正整数' })
    .min(1, { message: '页码须为正整数' })
    .default(1),
  plan: text.optional(),
  section: text.optional(),
  unit: text.optional(),
  stage: z
    .enum(['none', 'due-soon', 'overdue', 'supervision-notice', 'escalation'], { message: '督办阶段无效' })
    .optional(),
  light: light.optional(),
  show: z.enum(['open', 'handled', 'all'], { message: '须为待办、已办或全部' }).optional(),
  kind: z.enum(['reminder', 'notice', 'escalation'], { message: '类别须为催办、督办单或提级' }).optional(),
  q: text.optional(),
  /** 提级事项: only those still awaiting the leadership (the default) or also those dealt with. */
  awaiting: z.enum(['true', 'false']).optional(),
  done: z.string().optional(),
  n: z.coerce.number().int().min(0).optional(),
  asOf: z.string().optional(),
})
export type ListQuery = z.infer<typeof ListQuery>

/** The request's list query, empty fields dropped. */
export function listQuery(query: unknown): ListQuery {
  const given = Object.fromEntries(
    Object.entries((query ?? {}) as Record<string, unknown>).filter(
      ([, v]) => typeof v === 'string' && v.trim() !== '',
    ),
  )
  return ListQuery.parse(given)
}

export const pageWindow = (q: Pick<ListQuery, 'page'>) => ({
  limit: PAGE_SIZE,
  offset: (q.page - 1) * PAGE_SIZE,
})

/** The link to another page of the same list, its filters kept (and the as-of date). */
export function listHref(
  context: PageContext,
  q: ListQuery,
  change: Partial<Record<keyof ListQuery, string | number | undefined>>,
) {
  const params = new URLSearchParams()
  const merged: Record<string, unknown> = { ...q, ...change }
  delete merged['done']
  delete merged['n']
  delete merged['asOf']
  for (const [key, value] of Object.entries(merged))
    if (value !== undefined && value !== '' && !(key === 'page' && value === 1))
      params.set(key, String(value))
  if (context.asOf < context.today) params.set('asOf', context.asOf)
  const search = params.toString()
  return `${context.path}${search ? `?${search}` : ''}`
}

/** 第 2 / 12 页 with the previous and next pages, and how many rows in all. */
export function pager(context: PageContext, q: ListQuery, total: number, what: string): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const from = total === 0 ? 0 : (q.page - 1) * PAGE_SIZE + 1
  const to = Math.min(total, q.page * PAGE_SIZE)
  return html`<nav class="pager" data-testid="pager" aria-label="分页">
<span>共 ${total} ${what}${total > 0 ? `，第 ${from}–${to} ${what.replace(/^[件项条个]/, '')}` : ''}（第 ${Math.min(q.page, pages)} / ${pages} 页）</span>
${q.page > 1 ? html`<a href="${listHref(context, q, { page: q.page - 1 })}" rel="prev" class="pager-link">上一页</a>` : ''}
${q.page < pages ? html`<a href="${listHref(context, q, { page: q.page + 1 })}" rel="next" class="pager-link" data-testid="next-page">下一页</a>` : ''}
</nav>`
}

export type Choice = readonly [value: string, label: string]

export const select = (
  name: string,
  label: string,
  choices: readonly Choice[],
  current: string | undefined,
) =>
  html`<label>${label}<select name="${name}"><option value="">全部</option>${choices.map(
    ([value, text]) =>
      html`<option value="${value}"${value === current ? html` selected` : ''}>${text}</option>`,
  )}</select></label>`

/** The plan filter and, once a plan is chosen, its sections (行动分组). */
export function planSelects(
  plans: readonly { planId: string; title: string; sections: readonly { id: string; title: string }[] }[],
  current: { plan?: string | undefined; section?: string | undefined },
) {
  const plan = plans.find((p) => p.planId === current.plan)
  return [
    select(
      'plan',
      '计划',
      plans.map((p) => [p.planId, p.title] as const),
      current.plan,
    ),
    ...(plan
      ? [
          select(
            'section',
            '行动分组',
            plan.sections.map((s) => [s.id, s.title] as const),
            current.section,
          ),
        ]
      : []),
  ]
}

export const search = (current: string | undefined, placeholder: string) =>
  html`<label>检索<input type="search" name="q" value="${current ?? ''}" placeholder="${placeholder}"></label>`

/** The filter form: GET to the same page, the as-of date kept, a way to clear it. */
export function filterForm(
  context: PageContext,
  fields: readonly SafeHtml[],
  hidden: Record<string, string> = {},
) {
  const past = context.asOf < context.today
  return html`<form method="get" action="${context.path}" class="filters" data-testid="filters">
${fields}
${Object.entries(hidden).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
${past ? html`<input type="hidden" name="asOf" value="${context.asOf}">` : ''}
<button type="submit">筛选</button> <a href="${context.path}${past ? `?asOf=${context.asOf}` : ''}">清除筛选</a>
</form>`
}

export const lightChoices: readonly Choice[] = [
  ['red', '红灯'],
  ['yellow', '黄灯'],
  ['green', '绿灯'],
]

/** Rows picked on a list: `taskId~unitId`, one or many (a form sends one value as a string). */
export const Picks = z
  .union([z.string(), z.array(z.string())], { message: '请先勾选要办理的事项' })
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .pipe(
    z
      .array(
        z
          .string()
          .transform((pick) => {
            const [taskId = '', unitId = ''] = pick.split('~')
            return { taskId, unitId }
          })
          .pipe(z.object({ taskId: Id, unitId: Id })),
      )
      .min(1, { message: '请先勾选要办理的事项' })
      .max(200, { message: '一次最多办理 200 项' }),
  )
