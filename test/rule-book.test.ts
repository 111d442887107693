/**
 * The rule book page (docs/rules.md) is the rule book in the code, and every test it names exists.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { policy } from '@duban/domain'
import { LEDGER_RULE_TESTS, LEDGER_RULES, renderRuleBook } from '@duban/scheduling'
import t from 'tap'

const root = fileURLToPath(new URL('..', import.meta.url))
const page = readFileSync(`${root}docs/rules.md`, 'utf8')

t.test(
  'docs/rules.md is what `duban rules` prints (regenerate: pnpm --silent duban rules > docs/rules.md)',
  async (t) => {
    t.equal(page, renderRuleBook())
  },
)

t.test('every rule and every log check is on the page, with its parameter and default', async (t) => {
  for (const rule of policy.RULE_BOOK) {
    t.match(page, `\`${rule.name}\``)
    if (rule.default) t.match(page, rule.default)
  }
  for (const rule of LEDGER_RULES) t.match(page, `\`${rule.name}\``)
})

t.test('every test the rule book names exists', async (t) => {
  const named = [...policy.RULE_BOOK.flatMap((rule) => rule.tests), ...LEDGER_RULE_TESTS]
  t.ok(named.length > 20)
  t.same(
    named.filter((file) => !existsSync(`${root}${file}`)),
    [],
  )
  const linked = [...page.matchAll(/\]\(\.\.\/([^)]+)\)/g)].map((m) => m[1] ?? '')
  t.same(
    linked.filter((file) => !existsSync(`${root}${file}`)),
    [],
    'every link on the page resolves',
  )
})

t.test('every rule a light can cite is in the rule book', async (t) => {
  const cited = [
    ...policy.defaultEscalationPolicy.stages.map((s) => s.id),
    'report-accepted',
    'on-track',
    'awaiting-review',
    'closed',
    'worst-of-obligations',
    'worst-of-assignments',
    'indicator-behind-trajectory',
    'review-overdue',
    'review-within-deadline',
  ]
  t.same(
    cited.filter((name) => !policy.ruleOf(name)),
    [],
  )
})
