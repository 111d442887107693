/**
 * The line shapes of a Chinese action plan. Every pattern accepts full-width and ASCII
 * punctuation, since both occur in published plans.
 */

/** 2022年9月20日 on its own line: the issue date under the issuer. */
export const DATE_LINE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/
/** (2022—2024年) under a plan title. */
export const PERIOD_LINE = /^[(（]\s*(\d{4})\s*年?\s*[—–\-－~～至到]+\s*(\d{4})\s*年?\s*[)）]$/
/** A title with its period on the same line. */
export const TITLE_WITH_PERIOD = /^(.+?)\s*[(（]\s*(\d{4})\s*年?\s*[—–\-－~～至到]+\s*(\d{4})\s*年?\s*[)）]$/
/** A title alone: a plan's name ends with one of these words (an edition such as （2025年版） may follow). */
export const PLAN_TITLE_END =
  /(计划|方案|行动|意见|措施|举措|要点|分工|分解|细则|清单|办法|安排)(?:\s*[(（][^)）]{1,12}[)）])?$/
/** A notice's title: the plan itself when no plan title follows (国办函 distribution notices). */
export const NOTICE_TITLE_END = /通\s*知$/
/** 国发〔2020〕6号: the document number; its year stands in for a missing date. */
export const DOC_NUMBER = /[〔[［(（](\d{4})[〕\]］)）]\s*\d+\s*[号號]/
/** Lines in a document's header that are never part of a title. */
export const NOT_TITLE = /^[(（]此件|^[(（]\s*\d{4}\s*年版|文件$|[〔［[]\d{4}[〕］\]]/
/** 一、发展目标 */
export const CHAPTER = /^([一二三四五六七八九十]+)\s*[、.．]\s*(.+)$/
/** (一)实施贸产融合提升行动。 — an action group, or a safeguard with its body. */
export const SECTION = /^[(（]\s*([一二三四五六七八九十]+)\s*[)）]\s*(.+)$/
/** 1.夯实贸易发展产业基础。 — a numbered task; "1.5万" is not, "6.2023年6月底前…" is. */
export const TASK = /^(\d{1,3})\s*[.．、](?![0-9０-９](?![0-9]{3}\s*年))\s*(.+)$/
/** Deeper numbering: （1）, ①, 第一条 — items below a task level. */
export const SUBTASK = /^(?:[(（]\s*(\d{1,3})\s*[)）]|([①-⑳])|第([一二三四五六七八九十百]+)条)\s*(.+)$/
/** 牵头单位:X on its own line under an item. */
export const UNIT_LINE = /^(?:责任|牵头|配合|协办|主办|参与)(?:单位|部门)\s*[:：]/
/** An issuer line in the document header, e.g. 重庆市人民政府办公厅. */
export const ISSUER_LINE = /^[^\s，,。:：;；(（]{2,30}(?:人民政府|办公厅|办公室|委员会|局)$/
const SENTENCE_PUNCTUATION = /[。，,：:；;]/

export type ChapterKind = 'preamble' | 'goals' | 'tasks' | 'safeguards' | 'other'

/** What a chapter holds, from its heading (发展目标, 重点任务, 保障措施 …). */
export function chapterKind(title: string): ChapterKind {
  if (/保障|组织实施|工作要求/.test(title)) return 'safeguards'
  if (/目标/.test(title)) return 'goals'
  if (/任务|举措|措施|行动/.test(title)) return 'tasks'
  if (/总体要求|指导思想|基本原则|总体思路/.test(title)) return 'preamble'
  return 'other'
}

/** A line that can be a plan title: short, no sentence punctuation. */
export function titleCandidate(text: string): boolean {
  return text.length >= 4 && text.length <= 80 && !SENTENCE_PUNCTUATION.test(text)
}

/** Splits "夯实贸易发展产业基础。正文…" into title and the rest; a title is its first sentence. */
export function splitTitle(text: string): { title: string; rest: string; restOffset: number } {
  const stop = text.search(/。|[.．](?![0-9０-９])/)
  if (stop < 0 && text.length <= 60) return { title: text, rest: '', restOffset: text.length }
  if (stop < 0 || stop > 60) return { title: '', rest: text, restOffset: 0 }
  return { title: text.slice(0, stop), rest: text.slice(stop + 1), restOffset: stop + 1 }
}
