import { splitOutside } from './brackets'
import type { Target } from './draft-schema'
import { foldNumber, MAGNITUDE_PATTERN } from './numbers'

export type RawTarget = Omit<Target, 'id'>

export interface TargetContext {
  period: { from: number; to: number } | null
  /** 从2023年开始 in the item: the first year its yearly targets apply. */
  startYear: number | null
}

/** Longest first, so 个工作日 wins over 个. */
const MEASURES = [
  '个工作日',
  '工作日',
  '个月',
  '个小时',
  '小时',
  '家(次)',
  '家（次）',
  '家次',
  '人次',
  '美元',
  '元',
  '%',
  '％',
  '家',
  '个',
  '场',
  '项',
  '人',
  '次',
  '条',
  '所',
  '批',
  '件',
  '吨',
  '倍',
  '天',
  '户',
  '座',
  '亩',
  '公里',
  '平方米',
  '辆',
  '台',
  '套',
]
const escapeRegExp = (text: string) => text.replace(/[()%]/g, (ch) => `\\${ch}`)
const QUANTITY = new RegExp(
  `([0-9０-９]+(?:[.．][0-9０-９]+)?)\\s*(${MAGNITUDE_PATTERN})?\\s*(${MEASURES.map(escapeRegExp).join('|')})`,
  'g',
)

const DEADLINE = /到\s*(\d{4})\s*年/
const RANGE = /(\d{4})\s*年?\s*[—–\-－~～至到]+\s*(\d{4})\s*年/
const START = /从\s*(\d{4})\s*年(?:开始|起)|(\d{4})\s*年起/
const YEARLY = /每年|年均/
/** A comparator word right before the number makes it a target even without a year. */
const GROWTH_BEFORE = /(?:增长|增速|增幅)(?:率)?(?:达到|保持在|为)?\s*$/
const GTE_BEFORE =
  /(?:突破|(?<!不)超过|不低于|不少于|至少|达到|提升至|提升到|提高至|提高到|增加至|增加到|扩大至|扩大到)\s*$/
const LTE_BEFORE =
  /(?:不超过|不高于|压缩在|压缩至|压缩到|控制在|降低至|降低到|降至|缩短至|缩短到|减少至|减少到|(?<!不)低于)\s*$/
/** 培育100家, 建设8个示范区, 打造3个: a count to build or cultivate is a floor (at least N). */
const BUILD_BEFORE =
  /(?:培育|建设|建成|打造|新增|引进|创建|实施|开工|改造|推出|举办|招引|储备|谋划)[^，,；;。]{0,40}$/
/** 最高不超过1000万元 caps an award; it is a rule, not a target. */
const CAP_BEFORE = /最(?:高|长|多|低)\s*(?:不超过|不低于|为|达)?\s*$/
const GTE_AFTER = /^(?:及?以上)/
const LTE_AFTER = /^(?:及?以下|以内)/
/** 1亿元以上的企业, 6个月以内的: a number qualifying a noun, not a goal. */
const QUALIFIER_AFTER = /^(?:[(（][^)）]*[)）])?(?:及?以上|及?以下|以内|左右)?的/
const MILESTONES = [
  /实现[^，,。；;]{0,12}[“"‘'「]?零[”"’'」]?\s*的突破/,
  /实现[^，,。；;]{0,8}常态化/,
  /实现[^，,。；;]{0,8}全覆盖/,
]

/**
 * Targets in a stretch of text starting at `offset` in the document. A sentence (to 。) sets the
 * year context (到2024年, 2022—2024年); each clause (to , or ;) is one target text.
 */
export function extractTargets(text: string, offset: number, context: TargetContext): RawTarget[] {
  const targets: RawTarget[] = []
  let sentenceStart = 0
  for (const sentence of splitOutside(text, /[。\n]/)) {
    const deadline = DEADLINE.exec(sentence)
    const range = RANGE.exec(sentence)
    const start = START.exec(sentence)
    const statedYear = deadline ? Number(deadline[1]) : range ? Number(range[2]) : null
    const statedFrom = range ? Number(range[1]) : start ? Number(start[1] ?? start[2]) : null
    let clauseStart = sentenceStart
    for (const clause of splitOutside(sentence, /[,，;；]/)) {
      const span = trimmedSpan(clause, offset + clauseStart)
      const yearly = YEARLY.test(clause)
      const base = {
        text: clause.trim(),
        year: statedYear ?? context.period?.to ?? null,
        yearFromPeriod: statedYear === null && context.period !== null,
        yearly,
        from: statedFrom ?? context.startYear ?? (yearly ? (context.period?.from ?? null) : null),
        basis: /累计/.test(clause) ? ('cumulative' as const) : ('level' as const),
        share: /占比|比重|份额/.test(clause),
        span,
      }
      for (const milestone of MILESTONES) {
        if (milestone.test(clause))
          targets.push({ ...base, comparator: 'milestone', value: null, measure: null })
      }
      const inContext = statedYear !== null || yearly
      for (const quantity of clause.matchAll(QUANTITY)) {
        const [whole, digits = '', magnitude, measure = ''] = quantity
        const before = clause.slice(0, quantity.index)
        const after = clause.slice(quantity.index + whole.length)
        if (QUALIFIER_AFTER.test(after) || CAP_BEFORE.test(before)) continue
        const build = BUILD_BEFORE.test(before)
        const comparator = GROWTH_BEFORE.test(before)
          ? 'growth'
          : GTE_AFTER.test(after) || GTE_BEFORE.test(before)
            ? 'gte'
            : LTE_AFTER.test(after) || LTE_BEFORE.test(before)
              ? 'lte'
              : build
                ? 'gte'
                : 'eq'
        const verbBefore =
          GROWTH_BEFORE.test(before) ||
          GTE_BEFORE.test(before) ||
          LTE_BEFORE.test(before) ||
          build ||
          GTE_AFTER.test(after) ||
          LTE_AFTER.test(after)
        if (!inContext && !verbBefore) continue
        targets.push({
          ...base,
          comparator,
          value: foldNumber(digits, magnitude),
          measure: normalMeasure(measure),
        })
      }
      clauseStart += clause.length + 1
    }
    sentenceStart += sentence.length + 1
  }
  return targets
}

/** 家(次) and ％ are written several ways; the measure is stored one way. */
function normalMeasure(measure: string): string {
  if (measure === '％') return '%'
  if (/^家[(（]次[)）]$/.test(measure)) return '家次'
  return measure
}

function trimmedSpan(clause: string, start: number) {
  const lead = clause.length - clause.trimStart().length
  return { start: start + lead, end: start + lead + clause.trim().length }
}
