/**
 * The bulletin's sections as headings, paragraphs and tables: one outline that both the HTML page
 * and the Word document render, so the two always say the same thing in the same order.
 */
import type { BulletinContent } from './content'

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; columns: string[]; rows: string[][]; numeric?: boolean[] }

export const zhDate = (date: string) => {
  const [y, m, d] = date.split('-')
  return `${y}年${Number(m)}月${Number(d)}日`
}

/** 0.8333… → 83.3% (one decimal, always the same digits). */
export const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`)

const num = (value: number | null) => (value === null ? '—' : String(value))

const paragraphs = (text: string): Block[] =>
  text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => ({ kind: 'paragraph', text: line }))

export function outline(c: BulletinContent): { body: Block[]; annex: Block[] } {
  const o = c.overview
  const body: Block[] = [...paragraphs(c.text.intro)]
  body.push({ kind: 'heading', text: '一、总体情况' })
  body.push({
    kind: 'paragraph',
    text:
      `${zhDate(c.period.from)}至${zhDate(c.period.to)}，${c.plans.map((p) => `《${p.title}》`).join('、') || '各计划'}` +
      `共有报送义务${o.due}项到期，按时报送${o.onTime}项，逾期报送${o.late}项，待审核${o.underReview}项，未报送${o.missing}项，` +
      `按时报送率${percent(o.onTimeRate)}；涉及单位${o.units}个。本期提级报领导小组${o.escalations}次，指标进度滞后${o.indicatorsBehind}项。`,
  })
  body.push({
    kind: 'table',
    columns: ['到期', '按时', '逾期报送', '待审核', '未报送', '按时报送率'],
    rows: [
      [
        String(o.due),
        String(o.onTime),
        String(o.late),
        String(o.underReview),
        String(o.missing),
        percent(o.onTimeRate),
      ],
    ],
    numeric: [true, true, true, true, true, true],
  })

  body.push({ kind: 'heading', text: '二、按时报送排名' })
  body.push({
    kind: 'paragraph',
    text: '按本期到期报送义务的按时报送率排名；按时报送率相同的单位并列，并列单位按到期数量多者在前。',
  })
  body.push({
    kind: 'table',
    columns: ['名次', '单位', '到期', '按时', '逾期报送', '待审核', '未报送', '按时报送率'],
    rows: c.ranking.map((r) => [
      String(r.rank),
      r.name,
      String(r.due),
      String(r.onTime),
      String(r.late),
      String(r.underReview),
      String(r.missing),
      percent(r.onTimeRate),
    ]),
    numeric: [true, false, true, true, true, true, true, true],
  })
  if (c.nothingDue.length > 0)
    body.push({
      kind: 'paragraph',
      text: `本期无到期报送义务、不参与排名的单位：${c.nothingDue.map((u) => u.name).join('、')}。`,
    })

  body.push({ kind: 'heading', text: '三、多次逾期单位' })
  if (c.repeatedlyLate.length === 0) body.push({ kind: 'paragraph', text: '本期无多次逾期单位。' })
  else
    body.push({
      kind: 'table',
      columns: ['单位', '逾期或未报送（项）', '涉及报送期'],
      rows: c.repeatedlyLate.map((r) => [r.name, String(r.lateOrMissing), r.periods.join('、')]),
      numeric: [false, true, false],
    })

  body.push({ kind: 'heading', text: '四、提级报领导小组事项' })
  if (c.escalations.length === 0) body.push({ kind: 'paragraph', text: '本期无提级事项。' })
  else {
    body.push({
      kind: 'paragraph',
      text: `本期督办单逾期未答复或承诺期限届满仍未报送、提级报领导小组${o.escalations}次，其中${c.listed.length}次为首次通报。`,
    })
    body.push({
      kind: 'table',
      columns: ['单位', '提级次数', '其中此前已通报', '涉及任务', '首次', '最近'],
      rows: c.escalations.map((e) => [
        e.name,
        String(e.count),
        String(e.earlierListed),
        e.tasks.join('、'),
        zhDate(e.firstOn),
        zhDate(e.lastOn),
      ]),
      numeric: [false, true, true, false, false, false],
    })
  }

  body.push({ kind: 'heading', text: '五、指标进度滞后' })
  if (c.indicatorsBehind.length === 0) body.push({ kind: 'paragraph', text: '各项指标均符合序时进度。' })
  else
    body.push({
      kind: 'table',
      columns: ['任务', '指标', '最新实际值', '序时进度', '目标值', '亮灯'],
      rows: c.indicatorsBehind.map((i) => [
        i.task,
        i.text,
        i.latest ? `${i.latest.value}${i.unit ?? ''}（${i.latest.period}）` : '未报送',
        i.expected === null ? '—' : `${num(i.expected)}${i.unit ?? ''}`,
        i.target === null ? '—' : `${num(i.target)}${i.unit ?? ''}`,
        i.light === 'red' ? '红灯' : '黄灯',
      ]),
    })

  body.push({ kind: 'heading', text: '六、表扬' })
  body.push({
    kind: 'paragraph',
    text:
      c.commendations.length === 0
        ? '本期无全部按时报送并审核通过的单位。'
        : `以下单位本期到期报送义务全部按时报送并审核通过，予以通报表扬：${c.commendations.map((u) => u.name).join('、')}。`,
  })

  body.push({ kind: 'heading', text: '七、与上期通报相比' })
  const ch = c.changes
  if (!ch.previous) body.push({ kind: 'paragraph', text: '本通报为首期通报。' })
  else {
    body.push({
      kind: 'paragraph',
      text:
        `上期通报（${ch.previous.title}，${zhDate(ch.previous.periodFrom)}至${zhDate(ch.previous.periodTo)}）按时报送率` +
        `${percent(ch.onTimeRate.before)}，本期${percent(ch.onTimeRate.now)}。` +
        (ch.improved.length
          ? `名次上升：${ch.improved.map((u) => `${u.name}（${u.before}→${u.now}）`).join('、')}。`
          : '') +
        (ch.declined.length
          ? `名次下降：${ch.declined.map((u) => `${u.name}（${u.before}→${u.now}）`).join('、')}。`
          : '') +
        (ch.newlyRepeatedlyLate.length
          ? `新列入多次逾期：${ch.newlyRepeatedlyLate.map((u) => u.name).join('、')}。`
          : '') +
        (ch.noLongerRepeatedlyLate.length
          ? `不再列入多次逾期：${ch.noLongerRepeatedlyLate.map((u) => u.name).join('、')}。`
          : ''),
    })
  }
  body.push(...paragraphs(c.text.closing))

  const annex: Block[] = [
    { kind: 'heading', text: '附件：报送负担（减负）情况' },
    {
      kind: 'paragraph',
      text: '按单位和月份统计：要求报送的次数、收到的催办和督办单、报送等待审核的平均天数。',
    },
    {
      kind: 'table',
      columns: ['单位', '月份', '要求报送', '催办', '督办单', '已审核报送', '平均等待审核（天）'],
      rows: c.burden.map((b) => [
        b.name,
        b.month,
        String(b.reportsAsked),
        String(b.reminders),
        String(b.notices),
        String(b.reviewed),
        num(b.meanReviewWaitDays),
      ]),
      numeric: [false, false, true, true, true, true, true],
    },
  ]
  return { body, annex }
}

/** The line under the document saying what its figures stand on. */
export const provenance = (c: BulletinContent) =>
  `数据截至${zhDate(c.asOf.date)}（台账日志位置 ${c.asOf.position}），督办规则 ${c.ladderVersion}，工作日历 ${c.calendarVersion}。通报编号 ${c.bulletinId}。`
