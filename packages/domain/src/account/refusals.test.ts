import t from 'tap'
import { DomainError } from '../errors'
import {
  accountRefusal,
  accountRefusals,
  accountRuleOf,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  passwordRefusal,
} from './refusals'

t.test('given a rule, then a refusal of its kind that names the rule and keeps its details', async (t) => {
  const refusal = accountRefusal('role_pending', { userId: 'li', role: 'leadership', requestId: 'req-3' })
  t.ok(refusal instanceof DomainError)
  t.equal(refusal.code, 'conflict')
  t.equal(refusal.message, 'leadership for li already awaits approval (req-3)')
  t.same(refusal.details, { rule: 'role_pending', userId: 'li', role: 'leadership', requestId: 'req-3' })
  t.equal(accountRuleOf(refusal), 'role_pending')
  t.equal(accountRuleOf(new DomainError('conflict', 'x', { rule: 'not_an_account_rule' })), undefined)
  t.equal(accountRuleOf(new DomainError('conflict', 'x')), undefined)
  for (const rule of Object.keys(accountRefusals) as (keyof typeof accountRefusals)[])
    t.ok(accountRefusal(rule, { userId: 'li' }).message.length > 0, `${rule}: an English sentence`)
})

t.test(
  'given a new password, then each way it will not do is its own rule, about the password field',
  async (t) => {
    const ruleOf = (password: string, userId?: string) => {
      const refusal = passwordRefusal(password, userId)
      return refusal && [accountRuleOf(refusal), refusal.code, refusal.details?.['field']]
    }
    t.same(ruleOf('   '), ['password_empty', 'invalid', 'password'])
    t.same(ruleOf('x'.repeat(MIN_PASSWORD_LENGTH - 1)), ['password_too_short', 'invalid', 'password'])
    // Characters, not UTF-16 units: eleven CJK characters with one astral one are still too short.
    t.same(ruleOf(`${'密'.repeat(MIN_PASSWORD_LENGTH - 2)}𠀀`), ['password_too_short', 'invalid', 'password'])
    t.same(ruleOf('x'.repeat(MAX_PASSWORD_LENGTH + 1)), ['password_too_long', 'invalid', 'password'])
    t.same(ruleOf('my name is Zhang.San, ok', 'zhang.san'), [
      'password_contains_user_id',
      'invalid',
      'password',
    ])
    t.equal(passwordRefusal('correct horse battery staple', 'zhang.san'), undefined)
    t.equal(passwordRefusal('x'.repeat(MIN_PASSWORD_LENGTH)), undefined)
  },
)
