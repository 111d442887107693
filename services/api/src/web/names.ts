/**
 * Names, not ids: what the pages call the people, notices and indicators the log records by id.
 * A person is their account's name (张晓梅), a simulated unit's clerk is that unit's 经办人, the
 * scheduler is 系统; a notice is 督办单〔2023〕第12号 (read-models' notice numbers); and a text the
 * ladder wrote about a notice (督办单 supervision-notice.20231011.2023-Q3 的答复…) reads with the
 * notice's number and dates in Chinese.
 */
import type { policy } from '@duban/domain'
import { noticeKey, type ReadModels } from '@duban/read-models'
import type { User } from '@duban/runtime'
import { zhDate } from './format'
import type { PageContext } from './layout'

export interface Names {
  /** The person (or system) an event's actor id names. */
  person(actor: string): string
  /** 督办单〔2023〕第12号 */
  notice(unitId: string, taskId: string, noticeId: string): string
  /** A ladder's or a user's text about one assignment, with notice numbers and dates in Chinese. */
  text(text: string | null | undefined, about: { unitId: string; taskId: string }): string
}

const NOTICE_ID =
  /(?:督办单\s*)?\b(supervision-notice\.[\w.-]+?|n-\d{8}-[0-9a-f]{8})(?=[\s，。：；）)]|的|$)/g
const ISO_DATE = /\b(\d{4}-\d{2}-\d{2})\b/g
/** 报送 2023-Q3.r1 已于 … — the report is the row's; its id says nothing to a person. */
const REPORT_ID = /报送 [A-Za-z0-9][\w.:-]* ?(?=已|于|待|提交)/g
const RETURNED_IDS = /（退回的报送视为未报送：([^）]+)）/g

export async function pageNames(
  views: Pick<ReadModels, 'noticeNumbers'>,
  users: { list(): Promise<readonly User[]> },
  context: Pick<PageContext, 'unitName'>,
): Promise<Names> {
  const people = new Map((await users.list()).map((u) => [u.id, u.displayName]))
  const numbers = views.noticeNumbers()
  const notice = (unitId: string, taskId: string, noticeId: string) => {
    const n = numbers.get(noticeKey(unitId, taskId, noticeId))
    return n ? `督办单〔${n.year}〕第${n.seq}号` : '督办单'
  }
  return {
    person(actor) {
      const known = people.get(actor)
      if (known) return known
      if (actor.startsWith('system:')) return '系统（自动）'
      if (actor === 'sim-ducha') return '督查办'
      if (actor.endsWith('.staff')) return `${context.unitName(actor.slice(0, -'.staff'.length))}经办人`
      return '其他用户'
    },
    notice,
    text(text, { unitId, taskId }) {
      if (!text) return ''
      return text
        .replace(RETURNED_IDS, (_all, ids: string) => `（退回的 ${ids.split('、').length} 次报送视为未报送）`)
        .replace(REPORT_ID, '报送')
        .replace(NOTICE_ID, (_all, id: string) => notice(unitId, taskId, id))
        .replace(/(督办单(?:〔\d{4}〕第\d+号)?) (?=的|答复|未)/g, '$1')
        .replace(ISO_DATE, (_all, date: string) => zhDate(date))
    },
  }
}

/** An indicator by its target's text (the task's own words), never its id (t12.k1). */
export const indicatorName = (
  task: { targets?: readonly { id: string; text: string }[] } | undefined,
  targetId: string,
) => task?.targets?.find((t) => t.id === targetId)?.text ?? '指标'

/** A light's reason as a person reads it: the same verdict, its Chinese text through `Names.text`. */
export function readableVerdict<T extends Pick<policy.LightVerdict, 'light' | 'reason'>>(
  names: Names,
  verdict: T,
  about: { unitId: string; taskId: string },
): T {
  const { because } = verdict.reason
  return {
    ...verdict,
    reason: { ...verdict.reason, because: { ...because, zh: names.text(because.zh, about) } },
  }
}
