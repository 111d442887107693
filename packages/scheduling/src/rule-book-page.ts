/**
 * The rule book as one page (docs/rules.md, `duban rules`): every rule of `policy.RULE_BOOK` with
 * its parameter, default and proving tests, in Chinese and English, then the checks `duban verify
 * --rules` runs on a log (`LEDGER_RULES`).
 */
import { policy } from '@duban/domain'
import { LEDGER_RULES } from './ledger-rules'

/** The tests that prove each log check holds on the demo and on a whole simulated period. */
export const LEDGER_RULE_TESTS = [
  'test/ladder-rules-demo.test.ts',
  'test/ladder-rules-simulate.test.ts',
  'services/cli/src/commands/rules.test.ts',
  'packages/scheduling/src/unit-ceased-rule.test.ts',
  'packages/simulation/src/units-over-time.test.ts',
]

const cell = (text: string | null) => (text ?? '—').replaceAll('|', '\\|')

export function renderRuleBook(): string {
  const current = policy.defaultEscalationPolicy.version
  const lines = [
    '# 督办规则手册 · The rule book',
    '',
    `<!-- Generated from packages/domain/src/policy/rule-book.ts and packages/scheduling/src/ledger-rules.ts by \`pnpm --silent duban rules > docs/rules.md\`; test/rule-book.test.ts keeps it in step. -->`,
    '',
    `每条规则的名称即灯的理由、网页「为什么是红灯」和 \`duban verify --rules\` 所引用的名称。默认值为现行规则版本 \`${current}\`；` +
      `未记录版本的旧义务按 \`${policy.unrecordedLadder.version}\` 回放。`,
    '',
    `Each rule's name is what a light's reason, the web's "why is this red?" and \`duban verify --rules\` cite. Defaults are those of the current ladder \`${current}\`; ` +
      `obligations that recorded no ladder replay under \`${policy.unrecordedLadder.version}\`.`,
    '',
    '| 规则 rule | 内容 | what it says | 参数 parameter | 默认 default | 证明 tests |',
    '|---|---|---|---|---|---|',
    ...policy.RULE_BOOK.map(
      (rule) =>
        `| \`${rule.name}\` ${rule.title.zh} · ${rule.title.en} | ${cell(rule.rule.zh)} | ${cell(rule.rule.en)} | ${cell(rule.parameter)} | ${cell(rule.default)} | ${rule.tests.map((test) => `[${test.split('/').at(-1)}](../${test})`).join('<br>')} |`,
    ),
    '',
    '## 账本检查 · Checks on the log (`duban verify --rules`)',
    '',
    '每项检查逐条读取事件日志，计算违反该规则的事件数；演示账本与整个计划期的模拟均为 0。',
    '',
    'Each check reads the event log once and counts the events that break it; 0 on the demo ledger and on a whole simulated plan period.',
    '',
    '| 检查 check | 内容 | what it checks |',
    '|---|---|---|',
    ...LEDGER_RULES.map(
      (rule) => `| \`${rule.name}\` | ${cell(rule.because.zh)} | ${cell(rule.because.en)} |`,
    ),
    '',
    `Tests: ${LEDGER_RULE_TESTS.map((test) => `[${test.split('/').at(-1)}](../${test})`).join(', ')}.`,
    '',
  ]
  return lines.join('\n')
}
