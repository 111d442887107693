/**
 * What a message says (zh-CN), rendered from one source item for one recipient. It is built only
 * from the item itself and the names it refers to — the obligated unit's own task, or for the
 * leadership group the escalated unit's — never from another unit's data. Every message links
 * back to the item's page and carries its delivery id (编号), so a receiver can dedupe.
 */
import type { Source } from './plan'

export interface OutgoingMessage {
  /** Subject line and robot card title. */
  title: string
  /** Robot body (DingTalk / WeCom markdown). */
  markdown: string
  /** E-mail plain-text body. */
  text: string
  /** E-mail HTML body. */
  html: string
  /** The item's page in Duban. */
  link: string
  /** DingTalk: an actionCard with a button to the link (notices, escalations) rather than markdown. */
  card: boolean
  /** @-mention the unit's responsible person (DingTalk). */
  mention: boolean
  deliveryId: string
}

export interface Lookup {
  unitName(unitId: string): string
  taskTitle(taskId: string): string | undefined
}

const gradeLabel = { general: '一般督办', priority: '重点督办', listed: '挂牌督办' } as const

export const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )

/** Robot markdown must not let a title or reason inject links or headings of its own. */
const plain = (value: string): string => value.replace(/[\r\n]+/g, ' ').replace(/[[\]<>`]/g, ' ')

/** The footer every message carries: the delivery id a receiver dedupes on. */
export const deliveryIdPattern = /编号 (d-[0-9a-f]{24})/g

export function renderMessage(
  source: Source,
  deliveryId: string,
  lookup: Lookup,
  baseUrl: string,
): OutgoingMessage {
  const unit = lookup.unitName(source.unitId)
  const task = source.taskId ? (lookup.taskTitle(source.taskId) ?? source.taskId) : ''
  const taskLink = (unitId: string, taskId: string) =>
    `${baseUrl}/w/units/${encodeURIComponent(unitId)}/tasks/${encodeURIComponent(taskId)}`
  let title: string
  let lines: string[]
  let link: string
  let card = false
  switch (source.kind) {
    case 'reminder.due_soon':
    case 'reminder.overdue':
    case 'reminder.manual': {
      const label = {
        'reminder.due_soon': '即将到期',
        'reminder.overdue': '逾期催办',
        'reminder.manual': '催办',
      }[source.kind]
      title = `【${label}】${task}`
      lines = [`${unit}：`, `任务「${plain(task)}」${plain(source.message ?? '请按时报送进展。')}`]
      link = taskLink(source.unitId, source.taskId ?? '')
      break
    }
    case 'notice': {
      const notice = source.notice
      title = `【督办单·${notice ? gradeLabel[notice.grade] : '督办'}】${task}`
      lines = [
        `${unit}：`,
        `任务「${plain(task)}」已下发督办单。`,
        `事由：${plain(notice?.reason ?? '')}`,
        `请于 ${notice?.answerDueDate ?? ''} 前回复（承诺办结/报送日期）。`,
      ]
      link = taskLink(source.unitId, source.taskId ?? '')
      card = true
      break
    }
    case 'escalation': {
      title = `【报领导小组】${unit} · ${task}`
      lines = [
        `${unit} 承担的任务「${plain(task)}」已提级报领导小组。`,
        `事由：${plain(source.message ?? '')}`,
      ]
      link = taskLink(source.unitId, source.taskId ?? '')
      card = true
      break
    }
    case 'digest': {
      const digest = source.digest
      const items = digest?.items ?? []
      const dueSoon = items.filter((item) => item.kind === 'due_soon')
      const overdue = items.filter((item) => item.kind === 'overdue')
      title = `【每日汇总】${unit} ${digest?.date ?? ''}`
      const list = (label: string, part: typeof items) => {
        if (part.length === 0) return []
        const shown = part
          .slice(0, 15)
          .map((item) => `- ${plain(lookup.taskTitle(item.taskId) ?? item.taskId)}`)
        return [
          `${label} ${part.length} 项：`,
          ...shown,
          ...(part.length > 15 ? [`- 等共 ${part.length} 项`] : []),
        ]
      }
      lines = [
        `${unit}：今日待办`,
        ...list('即将到期', dueSoon),
        ...list('已逾期', overdue),
        `未回复督办单 ${digest?.openNotices ?? 0} 件。`,
      ]
      link = `${baseUrl}/w/units/${encodeURIComponent(source.unitId)}/inbox`
      break
    }
  }
  const footer = `编号 ${deliveryId}`
  const markdown = [
    `### ${plain(title)}`,
    ...lines.map((line) => (line.startsWith('- ') ? line : `${line}  `)),
    '',
    `[在督办系统中查看](${link})`,
    '',
    `<font color="comment">${footer}</font>`,
  ].join('\n')
  const text = [title, '', ...lines, '', `在督办系统中查看：${link}`, footer].join('\n')
  const html = [
    `<h3>${escapeHtml(title)}</h3>`,
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><a href="${escapeHtml(link)}">在督办系统中查看</a></p>`,
    `<p style="color:#888">${escapeHtml(footer)}</p>`,
  ].join('\n')
  return { title, markdown, text, html, link, card, mention: source.kind !== 'digest', deliveryId }
}
