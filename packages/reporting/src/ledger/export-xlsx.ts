/**
 * 台账 as Excel (.xlsx), streamed: exceljs's WorkbookWriter writes each row to the zip as it is
 * committed, and the rows are read task by task from the read models (an iterator, never an
 * array), so a province-size ledger never has its rows in memory together. The zip is kept up
 * with (see `keepUp`): otherwise rows are produced faster than they are deflated and the
 * uncompressed sheets pile up in memory. A sheet per plan (row per task × unit), then the indicators against
 * target and trajectory, then the escalations. Every sheet: frozen header, filters, column
 * widths, dates as dates.
 */
import type { Writable } from 'node:stream'
import { type EscalationLine, type Indicator, type LedgerRow, type TaskInfo, tally } from '@duban/read-models'
import ExcelJS from 'exceljs'

/** What the export reads: the read models' period facts at the moment asked. */
export interface LedgerFacts {
  plans(): { planId: string; title: string }[]
  tasks(planId?: string): Map<string, TaskInfo>
  ledgerRows(planId: string): Iterable<LedgerRow>
  indicators(planId: string): Indicator[]
  escalations(options: { planId?: string }): EscalationLine[]
}

export interface LedgerExportOptions {
  /** One plan, or every plan. */
  planId?: string
  asOf: { position: number; date: string }
  unitName: (unitId: string) => string
  /** Told the plan rows written so far, every few hundred rows (progress; the bench samples memory). */
  onRows?: (rows: number) => void
}

const roleNames: Record<string, string> = { lead: '牵头单位', co: '配合单位', district: '区县政府' }
const statusNames: Record<string, string> = {
  open: '办理中',
  completion_requested: '办结申请中',
  closed: '已销号',
}
const lightNames: Record<string, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' }
const reviewNames: Record<string, string> = { accepted: '审核通过', returned: '已退回' }

/** A business date as a date cell (midnight UTC: a whole Excel serial day). */
const asDate = (date: string | null | undefined): Date | null => (date ? new Date(`${date}T00:00:00Z`) : null)

/**
 * Rows are produced synchronously; without a pause the zip stream (archiver, deflating in the
 * thread pool) never gets to run. Every few hundred rows the export yields to the event loop,
 * and waits while more than `MAX_PENDING` bytes of the sheet wait to be deflated.
 */
const YIELD_EVERY = 256
const MAX_PENDING = 4 * 2 ** 20
const drained = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * exceljs's internals the export keeps pace with (not in its typings): the archiver the
 * workbook zips into, and the stream archiver reads a sheet's XML from (a readable-stream
 * PassThrough, which buffers without limit whatever the sheet writes ahead of the deflater).
 */
interface Zip {
  on(event: 'entry', listener: (entry: { name: string }) => void): void
}
interface SheetPipe {
  _writableState?: { length: number }
  once(event: 'drain', listener: () => void): void
}
const zipOf = (workbook: ExcelJS.stream.xlsx.WorkbookWriter) => (workbook as unknown as { zip: Zip }).zip
const pipeOf = (ws: ExcelJS.Worksheet) =>
  (ws as unknown as { stream?: { pipes?: SheetPipe[] } }).stream?.pipes?.[0]

/** Waits while the sheet's XML not yet deflated exceeds MAX_PENDING, then yields. */
async function keepUp(ws: ExcelJS.Worksheet): Promise<void> {
  const pipe = pipeOf(ws)
  while (pipe && (pipe._writableState?.length ?? 0) > MAX_PENDING)
    await new Promise<void>((resolve) => pipe.once('drain', resolve))
  await drained()
}

const DATE = 'yyyy-mm-dd'
const PERCENT = '0.0%'

type Column = { header: string; key: string; width: number; style?: { numFmt: string } }

function sheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: Column[]) {
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = columns
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } }
  ws.getRow(1).font = { bold: true }
  return ws
}

/**
 * Excel sheet names: ≤ 31 characters, none of []:*?/\, no apostrophe at either end, and unique
 * without regard to case (exceljs throws on each, which turned a plan titled `… 'a'` into a 500).
 * Cut by code points, so a character outside the BMP is never split.
 */
export function sheetName(index: number, title: string, taken: Set<string>): string {
  const cut = (text: string, length: number) => [...text].slice(0, length).join('').replace(/'+$/, '')
  const base = cut(`${index} ${title.replace(/[[\]:*?/\\]/g, ' ')}`, 31)
  let name = base
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${cut(base, 28)}~${n}`
  taken.add(name.toLowerCase())
  return name
}

const planColumns: Column[] = [
  { header: '任务编号', key: 'number', width: 9 },
  { header: '工作任务', key: 'title', width: 48 },
  { header: '责任单位', key: 'unit', width: 22 },
  { header: '单位代码', key: 'unitId', width: 18 },
  { header: '角色', key: 'role', width: 10 },
  { header: '交办日期', key: 'assignedOn', width: 12, style: { numFmt: DATE } },
  { header: '签收日期', key: 'acknowledgedOn', width: 12, style: { numFmt: DATE } },
  { header: '办理期限', key: 'dueDate', width: 12, style: { numFmt: DATE } },
  { header: '最近报送', key: 'lastReport', width: 12, style: { numFmt: DATE } },
  { header: '最近报送审核', key: 'lastReview', width: 12 },
  { header: '状态', key: 'status', width: 11 },
  { header: '亮灯', key: 'light', width: 7 },
  { header: '亮灯原因', key: 'reason', width: 48 },
  { header: '逾期工作日', key: 'overdue', width: 11 },
  { header: '督办单', key: 'notices', width: 8 },
  { header: '未答复督办单', key: 'openNotices', width: 12 },
  { header: '延期次数', key: 'extensions', width: 9 },
  { header: '到期报送', key: 'due', width: 9 },
  { header: '按时报送', key: 'onTime', width: 9 },
  { header: '按时报送率', key: 'onTimeRate', width: 11, style: { numFmt: PERCENT } },
]

const indicatorColumns: Column[] = [
  { header: '计划', key: 'plan', width: 30 },
  { header: '任务编号', key: 'task', width: 9 },
  { header: '指标', key: 'text', width: 50 },
  { header: '单位', key: 'unit', width: 8 },
  { header: '基期值', key: 'baseline', width: 10 },
  { header: '目标值', key: 'target', width: 10 },
  { header: '目标年份', key: 'dueYear', width: 9 },
  { header: '最新报送期', key: 'period', width: 11 },
  { header: '最新实际值', key: 'actual', width: 11 },
  { header: '序时进度', key: 'expected', width: 10 },
  { header: '预测', key: 'forecast', width: 10 },
  { header: '滞后', key: 'behind', width: 7 },
  { header: '亮灯', key: 'light', width: 7 },
]

const escalationColumns: Column[] = [
  { header: '计划', key: 'plan', width: 30 },
  { header: '任务编号', key: 'task', width: 9 },
  { header: '单位', key: 'unit', width: 22 },
  { header: '提级日期', key: 'on', width: 12, style: { numFmt: DATE } },
  { header: '原因', key: 'reason', width: 50 },
  { header: '已通报', key: 'listedIn', width: 18 },
  { header: '待领导小组关注', key: 'awaiting', width: 14 },
]

/** Writes the workbook to `out` and resolves once it is complete. Returns the rows written per sheet. */
export async function exportLedgerXlsx(
  facts: LedgerFacts,
  options: LedgerExportOptions,
  out: Writable,
): Promise<{ sheet: string; rows: number }[]> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  })
  workbook.creator = 'Duban 督办'
  workbook.created = asDate(options.asOf.date) ?? new Date(0)
  workbook.modified = workbook.created
  // Archiver zips one entry after another: a committed sheet is written ahead of the deflater
  // until its entry is done. Waiting for sheet N − 1 once sheet N is committed bounds that lag
  // to about one sheet, while still letting one sheet deflate as the next is read.
  const zipped = new Set<string>()
  const waiting = new Map<string, () => void>()
  zipOf(workbook).on('entry', ({ name }) => {
    zipped.add(name)
    waiting.get(name)?.()
  })
  const sheetZipped = (ws: ExcelJS.Worksheet | undefined) => {
    const name = ws && `xl/worksheets/sheet${ws.id}.xml`
    if (!name || zipped.has(name)) return Promise.resolve()
    return new Promise<void>((resolve) => waiting.set(name, resolve))
  }
  const plans = facts.plans().filter((p) => !options.planId || p.planId === options.planId)
  const taken = new Set<string>()
  const written: { sheet: string; rows: number }[] = []
  let previous: ExcelJS.Worksheet | undefined
  let total = 0
  for (const [index, plan] of plans.entries()) {
    const name = sheetName(index + 1, plan.title, taken)
    const ws = sheet(workbook, name, planColumns)
    let count = 0
    for (const row of facts.ledgerRows(plan.planId)) {
      const t = tally(row.outcomes)
      ws.addRow({
        number: row.number,
        title: row.title,
        unit: options.unitName(row.unitId),
        unitId: row.unitId,
        role: roleNames[row.role] ?? row.role,
        assignedOn: asDate(row.assignedOn),
        acknowledgedOn: asDate(row.acknowledgedOn),
        dueDate: asDate(row.dueDate),
        lastReport: asDate(row.lastReport?.submittedOn),
        lastReview: row.lastReport ? (reviewNames[row.lastReport.review ?? ''] ?? '待审核') : '',
        status: statusNames[row.status] ?? row.status,
        light: lightNames[row.light],
        reason: row.reason.because.zh,
        overdue: row.workingDaysOverdue,
        notices: row.notices,
        openNotices: row.openNotices,
        extensions: row.extensionsGranted,
        due: t.due,
        onTime: t.onTime,
        onTimeRate: t.onTimeRate,
      }).commit()
      count++
      if (count % YIELD_EVERY === 0) {
        await keepUp(ws)
        options.onRows?.(total + count)
      }
    }
    ws.commit()
    total += count
    await sheetZipped(previous)
    previous = ws
    written.push({ sheet: name, rows: count })
  }

  const indicators = sheet(workbook, '指标', indicatorColumns)
  let indicatorCount = 0
  for (const plan of plans) {
    const tasks = facts.tasks(plan.planId)
    const year = Number(options.asOf.date.slice(0, 4))
    for (const i of facts.indicators(plan.planId)) {
      const latest = i.actuals.at(-1)
      indicators
        .addRow({
          plan: plan.title,
          task: i.taskId ? (tasks.get(i.taskId)?.number ?? i.taskId) : '发展目标',
          text: i.text,
          unit: i.unit ?? '',
          baseline: i.baseline?.value ?? null,
          target: i.target,
          dueYear: i.dueYear,
          period: latest?.period ?? '',
          actual: latest?.value ?? null,
          expected: i.trajectory.find((p) => p.year === year)?.expected ?? null,
          forecast: i.forecast,
          behind: i.behindTrajectory ? '是' : '否',
          light: i.light ? lightNames[i.light] : '',
        })
        .commit()
      indicatorCount++
      if (indicatorCount % YIELD_EVERY === 0) await keepUp(indicators)
    }
  }
  indicators.commit()
  written.push({ sheet: '指标', rows: indicatorCount })

  const escalations = sheet(workbook, '提级事项', escalationColumns)
  let escalationCount = 0
  for (const plan of plans) {
    const tasks = facts.tasks(plan.planId)
    for (const e of facts.escalations({ planId: plan.planId })) {
      escalations
        .addRow({
          plan: plan.title,
          task: tasks.get(e.taskId)?.number ?? e.taskId,
          unit: options.unitName(e.unitId),
          on: asDate(e.on),
          reason: e.reason ?? '',
          listedIn: e.listedIn ?? '',
          awaiting: e.awaiting ? '是' : '否',
        })
        .commit()
      escalationCount++
      if (escalationCount % YIELD_EVERY === 0) await keepUp(escalations)
    }
  }
  escalations.commit()
  written.push({ sheet: '提级事项', rows: escalationCount })
  await workbook.commit()
  return written
}
