import t from 'tap'
import { assignmentStreamId, parseStreamId, planStreamId, taskStreamId } from './ids'

t.test('stream ids have a fixed shape', async (t) => {
  t.equal(planStreamId('cq-2022-trade'), 'plan-cq-2022-trade')
  t.equal(taskStreamId('cq-2022-trade.1'), 'task-cq-2022-trade.1')
  t.equal(assignmentStreamId('cq-2022-trade.1', 'cq.commerce'), 'assignment-cq-2022-trade.1~cq.commerce')
})

t.test('stream ids parse back', async (t) => {
  t.same(parseStreamId('plan-p1'), { kind: 'plan', planId: 'p1' })
  t.same(parseStreamId('task-p1.3'), { kind: 'task', taskId: 'p1.3' })
  t.same(parseStreamId('assignment-p1.3~u-7'), { kind: 'assignment', taskId: 'p1.3', unitId: 'u-7' })
  t.equal(parseStreamId('assignment-p1.3'), null)
  t.equal(parseStreamId('assignment-a~b~c'), null)
  t.equal(parseStreamId('bulletin-1'), null)
  t.equal(parseStreamId('plan-'), null)
})

t.test('ids that would break a stream id are refused', async (t) => {
  for (const bad of ['', 'a~b', '-a', '商务委', 'a b', 'x'.repeat(65)]) {
    t.throws(() => taskStreamId(bad), { name: 'DomainError', code: 'invalid' }, JSON.stringify(bad))
  }
  t.equal(taskStreamId('x'.repeat(64)), `task-${'x'.repeat(64)}`)
})
