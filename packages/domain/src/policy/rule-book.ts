/**
 * The rule book (规则手册): every accountability rule by name, with its parameter, its default
 * and the test that proves it. Lights and ledger checks cite these names, the web shows them
 * ("why is this red?"), and docs/rules.md lists them (a test keeps the two in step).
 */
import type { Bilingual } from './escalation-policy'

export interface Rule {
  /** The name a light's reason or a ledger check cites. */
  name: string
  title: Bilingual
  rule: Bilingual
  /** The ladder parameter that sets it, if any (`stages[…]`, `fairness.…`). */
  parameter: string | null
  /** Its default in the current ladder version. */
  default: string | null
  /** Test files (repository paths) that prove it. */
  tests: string[]
}

export const RULE_BOOK: readonly Rule[] = [
  {
    name: 'working-days-only',
    title: { zh: '只在工作日', en: 'working days only' },
    rule: {
      zh: '督办程序的每一步只在工作日（含调休上班日）发生，于调度程序每日早间运行时记录。',
      en: "Every ladder step happens on a working day (China's calendar with 调休), at the scheduler's morning run.",
    },
    parameter: 'calendar version recorded on the obligation',
    default: 'cn-2026.1',
    tests: ['packages/scheduling/src/holiday-boundaries.test.ts', 'test/ladder-rules-demo.test.ts'],
  },
  {
    name: 'due-soon',
    title: { zh: '临近到期提醒', en: 'due soon' },
    rule: {
      zh: '距报送截止日不超过 N 个工作日：黄灯，向责任单位发送到期提醒。',
      en: 'At most N working days before the due date: yellow, a "due soon" reminder to the unit.',
    },
    parameter: "stages['due-soon'].when due-within",
    default: '3 working days',
    tests: [
      'packages/scheduling/src/holiday-boundaries.test.ts',
      'packages/domain/src/policy/ladder.test.ts',
    ],
  },
  {
    name: 'overdue',
    title: { zh: '逾期催办', en: 'overdue reminder' },
    rule: {
      zh: '截止日已过仍无审核通过的报送：红灯；截止日后第一个工作日发送催办。',
      en: 'Due date passed with no accepted report: red; the overdue reminder (催办) on the first working day after it.',
    },
    parameter: "stages['overdue'].when overdue",
    default: '1st working day after the due date',
    tests: [
      'packages/scheduling/src/holiday-boundaries.test.ts',
      'packages/scheduling/src/scheduler.test.ts',
    ],
  },
  {
    name: 'supervision-notice',
    title: { zh: '下发督办单', en: 'supervision notice' },
    rule: {
      zh: '截止日后第 N 个工作日仍无审核通过的报送：下发督办单，答复期限为下发后 M 个工作日（期限日结束时届满）。',
      en: 'The Nth working day after the due date with nothing accepted: a supervision notice (督办单), answerable within M working days (closing at the end of the last).',
    },
    parameter: "stages['supervision-notice'].when overdue; actions answerWithinWorkingDays",
    default: 'N = 3, M = 2',
    tests: ['packages/scheduling/src/holiday-boundaries.test.ts', 'packages/scheduling/src/catch-up.test.ts'],
  },
  {
    name: 'escalation',
    title: { zh: '提级报领导小组', en: 'escalation' },
    rule: {
      zh: '仅当督办单答复期限届满仍未答复，或按期答复所承诺的日期已过仍无审核通过的报送时，于次一工作日提级报领导小组并列入通报。',
      en: "Only when a notice's window closes unanswered, or an on-time answer's committed date passes with nothing accepted: escalated to the leadership group on the next working day, listed in the bulletin.",
    },
    parameter: "stages['escalation'].when notice-window-closed, commitment-passed",
    default: 'the next working day',
    tests: [
      'packages/scheduling/src/holiday-boundaries.test.ts',
      'test/ladder-rules-demo.test.ts',
      'test/ladder-rules-simulate.test.ts',
    ],
  },
  {
    name: 'committed-date',
    title: { zh: '承诺日期', en: 'committed date' },
    rule: {
      zh: '答复督办单须填写承诺办结/报送日期，不早于答复当日，不晚于答复期限后 N 个工作日。',
      en: 'An answer to a notice gives a committed date (承诺办结/报送日期): not before the day of the answer, at most N working days after the answer deadline.',
    },
    parameter: 'fairness.commitWithinWorkingDaysAfterAnswerDue',
    default: '10 working days',
    tests: ['packages/domain/src/assignment/supervision.test.ts', 'packages/scheduling/src/catch-up.test.ts'],
  },
  {
    name: 'awaiting-review',
    title: { zh: '待审核暂停', en: 'held while awaiting review' },
    rule: {
      zh: '已提交、待审核的报送暂停该义务此后的一切督办步骤：单位已尽其责。',
      en: 'A report submitted and awaiting review holds every later step of its obligation: the unit has done its part.',
    },
    parameter: 'fairness.holdWhileAwaitingReview',
    default: 'on',
    tests: ['packages/scheduling/src/holiday-boundaries.test.ts', 'test/ladder-rules-demo.test.ts'],
  },
  {
    name: 'review-overdue',
    title: { zh: '督查办审核时限', en: "the office's review deadline" },
    rule: {
      zh: '督查办须在报送提交后 N 个工作日内审核；期限当日黄灯，逾期红灯，显示在督查办审核队列。',
      en: "The office reviews a report within N working days of its submission; yellow on the last day, red after, on the office's review queue.",
    },
    parameter: 'fairness.reviewWithinWorkingDays',
    default: '3 working days',
    tests: ['packages/domain/src/policy/review-light.test.ts'],
  },
  {
    name: 'resubmission-window',
    title: { zh: '退回重报期限', en: 'resubmission window' },
    rule: {
      zh: '退回的报送视为未报送，自退回之日起给予 N 个工作日重新报送，督办程序自该期限重新计算。',
      en: 'A returned report counts as not submitted and opens a resubmission window of N working days from the return, from which the ladder counts again.',
    },
    parameter: 'fairness.resubmitWithinWorkingDays',
    default: '3 working days',
    tests: ['packages/scheduling/src/holiday-boundaries.test.ts'],
  },
  {
    name: 'report-accepted',
    title: { zh: '审核通过即结束', en: 'an accepted report ends the ladder' },
    rule: {
      zh: '报送审核通过后，该义务的督办程序结束，绿灯。',
      en: 'Once a report is accepted the obligation is settled: green, no further step.',
    },
    parameter: null,
    default: null,
    tests: [
      'packages/scheduling/src/holiday-boundaries.test.ts',
      'packages/domain/src/policy/ladder.test.ts',
    ],
  },
  {
    name: 'on-time',
    title: { zh: '按时报送', en: 'on time' },
    rule: {
      zh: '按时报送：审核通过的报送及其之前的每次报送均在期限内——首次报送不晚于截止日，因内容被退回后的重报不晚于退回所给的重报期限。按时与质量分开认定（退回记录在案）。按时报送率 = 按时义务数 / 到期义务数。',
      en: 'On time: the accepted report and every submission before it came within its window — the first by the due date, a resubmission after a return (for its content) within the resubmission window the return opened. Timeliness and quality are judged apart (the return stays on record). On-time rate = obligations on time / obligations that fell due.',
    },
    parameter:
      'fairness.resubmitWithinWorkingDays (without fairness rules: the accepted report by the due date)',
    default: 'resubmission window of 3 working days',
    tests: ['packages/domain/src/policy/on-time.test.ts', 'test/bulletins.test.ts'],
  },
  {
    name: 'on-track',
    title: { zh: '未到提醒期', en: 'on track' },
    rule: { zh: '未到提醒期：绿灯。', en: 'Not yet due soon: green.' },
    parameter: null,
    default: null,
    tests: ['packages/domain/src/policy/lights.test.ts'],
  },
  {
    name: 'worst-of-obligations',
    title: { zh: '交办取最差', en: 'an assignment shows its worst obligation' },
    rule: {
      zh: '一项交办的灯为其各报送义务中最差者；已销号为绿灯（closed）。',
      en: 'An assignment shows the worst light of its obligations; a closed one is green (closed).',
    },
    parameter: null,
    default: null,
    tests: ['packages/domain/src/policy/lights.test.ts', 'test/lights-agree.test.ts'],
  },
  {
    name: 'worst-of-assignments',
    title: { zh: '任务取最差', en: 'a task shows its worst assignment' },
    rule: { zh: '一项任务的灯为其各交办中最差者。', en: 'A task shows the worst light of its assignments.' },
    parameter: null,
    default: null,
    tests: ['packages/domain/src/policy/lights.test.ts'],
  },
  {
    name: 'indicator-behind-trajectory',
    title: { zh: '指标落后序时进度', en: 'indicator behind trajectory' },
    rule: {
      zh: '指标落后于序时进度：交办至少为黄灯。',
      en: 'An indicator behind its trajectory turns the assignment at least yellow.',
    },
    parameter: null,
    default: null,
    tests: ['packages/domain/src/policy/lights.test.ts'],
  },
  {
    name: 'closed',
    title: { zh: '已销号', en: 'closed' },
    rule: {
      zh: '已销号的交办为绿灯，不再有督办步骤。',
      en: 'A closed assignment is green and has no ladder step.',
    },
    parameter: null,
    default: null,
    tests: ['packages/domain/src/policy/lights.test.ts'],
  },
  {
    name: 'ladder-versioned',
    title: { zh: '规则版本可回放', en: 'versioned and replayable' },
    rule: {
      zh: '每项义务记录其督办规则版本与日历版本，每一步记录所用版本；旧账按原版本回放结果一致；可按其他版本试算（what-if）。',
      en: 'Each obligation records its ladder and calendar versions, each step the version it used; an old ledger replays exactly under its own; any ledger can be tried under another (what-if).',
    },
    parameter: 'ObligationOpened.ladderVersion, calendarVersion',
    default: 'ladder-2026.1 (ladder-2022.1 for obligations that recorded none)',
    tests: ['test/what-if.test.ts', 'services/cli/src/commands/rules.test.ts'],
  },
  {
    name: 'events-read-back',
    title: { zh: '事件可读回', en: 'every event reads back' },
    rule: {
      zh: '每个事件写入前按其 schema 校验（API、调度程序、导入、模拟均经同一路径）；无法读回的事件连同其命令一并拒绝，不写入任何内容。',
      en: 'Every event is checked against its schema before it is appended, by every writer (API, scheduler, importer, simulation, one path); a command that would write an event that cannot be read back is refused and nothing is written.',
    },
    parameter: null,
    default: 'on',
    tests: [
      'packages/ledger/src/event-codec.test.ts',
      'test/single-append-path.test.ts',
      'services/api/src/drafts.test.ts',
    ],
  },
  {
    name: 'unit-exists-on-date',
    title: { zh: '交办单位须存在', en: 'a unit that exists on the date' },
    rule: {
      zh: '交办的单位须在交办之日存在于单位名录（未知、尚未设立或已撤并的单位被拒绝，并列出最接近的单位）；单位名称按日期解析。',
      en: 'An assignment names a unit that exists on its date (an unknown, not yet created or ceased unit is refused, with the closest units named); names resolve as of a date.',
    },
    parameter: 'unit directory (valid_from, valid_to)',
    default: "packages/units/data/chongqing-units.tsv; the ledger's today",
    tests: [
      'packages/domain/src/assignment/transfer.test.ts',
      'services/api/src/units-over-time.test.ts',
      'packages/units/src/directory.test.ts',
    ],
  },
  {
    name: 'assignment-passes-to-successor',
    title: { zh: '撤并移交承接单位', en: 'a ceased unit’s assignments pass to its successor' },
    rule: {
      zh: '单位撤并（合并、撤销）生效之日，其未销号的交办以明确事件移交承接单位（移交、承接：原单位、承接单位、生效日期、理由），两单位均可见其历史；此后不再向原单位开出报送义务或督办步骤。',
      en: 'On the day a unit ceases (merged, abolished) its open assignments pass to its successor by explicit events (移交/承接: from, to, effective date, reason), visible from both units; no obligation or ladder step reaches the ceased unit afterwards.',
    },
    parameter: 'unit directory (valid_to, successor)',
    default: "the scheduler's run on the effective day",
    tests: [
      'packages/scheduling/src/ceased-units.test.ts',
      'packages/simulation/src/units-over-time.test.ts',
      'packages/read-models/src/views.test.ts',
    ],
  },
  {
    name: 'accepted-figures-only',
    title: { zh: '审核通过的数值才是实际值', en: 'only accepted figures are actuals' },
    rule: {
      zh: '只有审核通过的报送中的数值成为实际值；共同承担的任务以牵头单位的数值为实际值，配合单位的数值作为贡献另列。',
      en: "Only figures from accepted reports become actuals; on a shared task the lead unit's figure is the actual and co-units' figures are contributions beside it.",
    },
    parameter: null,
    default: 'on',
    tests: ['services/api/src/figures.test.ts', 'packages/read-models/src/views.test.ts'],
  },
  {
    name: 'actual-correction',
    title: { zh: '实际值更正', en: 'correcting a past period' },
    rule: {
      zh: '督查办可更正已结束期间的实际值，更正按该期间最后一日记录（双时态），被更正的数值保留在历史中。',
      en: "The supervision office corrects a past period's actual; the correction is recorded with the period's last day (bitemporal) and the value it replaces stays in the history.",
    },
    parameter: 'period (YYYY, YYYY-Qn, YYYY-MM)',
    default: "the period's last day",
    tests: ['packages/domain/src/task/decider.test.ts', 'services/api/src/figures.test.ts'],
  },
  {
    name: 'extension-within-deadline',
    title: { zh: '延期不超过任务期限', en: "extensions within the task's deadline" },
    rule: {
      zh: '交办或报送义务的延期不得超过任务期限；任务期限不得超过计划期，除非以明确、说明理由的计划调整事件延长计划期。',
      en: "No assignment or obligation extension beyond its task's deadline; no task deadline beyond the plan period unless the plan is amended by an explicit, reasoned event (计划调整).",
    },
    parameter: 'task deadline; plan period',
    default: 'the plan period’s last day',
    tests: [
      'packages/domain/src/assignment/extension.test.ts',
      'packages/domain/src/task/decider.test.ts',
      'packages/domain/src/plan/decider.test.ts',
      'services/api/src/bounded-extensions.test.ts',
    ],
  },
]

const byName = new Map(RULE_BOOK.map((rule) => [rule.name, rule]))
/** The rule-book entry a light or check cites; review-within-deadline is the review rule's green side. */
export const ruleOf = (name: string): Rule | undefined =>
  byName.get(name === 'review-within-deadline' ? 'review-overdue' : name)
