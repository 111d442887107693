/** How the pages write dates, lights and states in Chinese. */
import { policy } from '@duban/domain'
import { html, type SafeHtml } from './html'

/** 2023-11-15 → 2023年11月15日 */
export const zhDate = (date: string) => {
  const [y, m, d] = date.split('-')
  return `${y}年${Number(m)}月${Number(d)}日`
}

const lightNames: Record<policy.Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' }

export const lightBadge = (verdict: Pick<policy.LightVerdict, 'light' | 'reason'>): SafeHtml =>
  html`<span class="light light-${verdict.light}" title="${verdict.reason.because.zh}（规则 ${verdict.reason.rule}）">${lightNames[verdict.light]}</span>`

/**
 * "Why is this light?" (为什么是红灯): the rule a verdict rests on, by its rule-book name, with the
 * ladder version that applied (docs/rules.md lists every rule).
 */
export const ruleCitation = (reason: policy.LightVerdict['reason']): SafeHtml => {
  const rule = policy.ruleOf(reason.rule)
  return html`<span class="rule" data-rule="${reason.rule}">依据规则：${rule ? `${rule.title.zh} ` : ''}<code>${reason.rule}</code>（${reason.policyVersion}）</span>`
}

export const roleOfUnit = { lead: '牵头', co: '配合', district: '区县' } as const

export const assignmentStatus = {
  open: '办理中',
  completion_requested: '办结申请中',
  closed: '已销号',
} as const

export const obligationStatus = { open: '待报送', under_review: '待审核', met: '已完成' } as const

export const reportStatus = { submitted: '待审核', accepted: '审核通过', returned: '已退回' } as const

export const noticeGrade = { general: '一般督办', priority: '重点督办', listed: '挂牌督办' } as const

export const reminderKind = { manual: '催办', due_soon: '到期提醒', overdue: '逾期催办' } as const

/** 2023-Q3 → 2023年第三季度; a year stays as it is. */
export function periodName(period: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period)
  if (quarter) return `${quarter[1]}年第${'一二三四'[Number(quarter[2]) - 1]}季度`
  const half = /^(\d{4})-H([12])$/.exec(period)
  if (half) return `${half[1]}年${half[2] === '1' ? '上' : '下'}半年`
  const month = /^(\d{4})-(\d{2})$/.exec(period)
  if (month) return `${month[1]}年${Number(month[2])}月`
  return /^\d{4}$/.test(period) ? `${period}年度` : period
}

/** How a figure's unit is scaled in the plan's own words: 600亿元 is read in 亿, 1万家 in 万. */
function scaleOf(target: { text?: string; value?: number | null } | undefined): { by: number; name: string } {
  const text = target?.text ?? ''
  if (/\d\s*亿/.test(text)) return { by: 1e8, name: '亿' }
  if (/\d\s*万/.test(text)) return { by: 1e4, name: '万' }
  const size = Math.abs(target?.value ?? 0)
  if (size >= 1e8) return { by: 1e8, name: '亿' }
  if (size >= 1e5) return { by: 1e4, name: '万' }
  return { by: 1, name: '' }
}

/** Rounded for a person: two decimals in 亿 or 万, one for a percentage or a small count, none beyond 100. */
const rounded = (value: number, scaled: boolean) => {
  const digits = scaled ? 2 : Math.abs(value) >= 100 ? 0 : 1
  return Number(value.toFixed(digits)).toLocaleString('zh-CN', { maximumFractionDigits: digits })
}

/**
 * A reported figure in the unit the plan uses: 53378703879.654 (元, target 600亿元) → 533.79亿元;
 * 7.595 (家) → 7.6家; 26.673 (%) → 26.7%.
 */
export function amount(
  value: number,
  target?: { unit?: string | null; text?: string; value?: number | null },
): string {
  const unit = target?.unit ?? ''
  const scale = unit === '%' ? { by: 1, name: '' } : scaleOf(target)
  return `${rounded(value / scale.by, scale.by > 1)}${scale.name}${unit}`
}
