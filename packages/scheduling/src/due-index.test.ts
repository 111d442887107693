import t from 'tap'
import { DUE_OBLIGATIONS_SQL, DUE_OPENINGS_SQL } from './due-index'
import { givenScheduledPlan } from './testing/scheduled-plan'

t.test('given the due index after a quarter of work', async (t) => {
  const { runner, runMornings } = await givenScheduledPlan(t, {
    assignedOn: '2023-06-01',
    units: ['u1', 'u2'],
  })
  await runMornings('2023-06-01', '2023-07-05')

  t.test(
    'when the scheduler asks what is due, then SQLite answers from the next-action indexes, not a scan',
    async (t) => {
      const plan = (sql: string) =>
        (runner.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('2023-07-05') as { detail: string }[]).map(
          (r) => r.detail,
        )
      t.match(
        plan(DUE_OBLIGATIONS_SQL).join('\n'),
        /USING INDEX sched_obligations_next_action \(next_action_on<\?\)/,
      )
      t.match(
        plan(DUE_OPENINGS_SQL)[0],
        /SEARCH a USING INDEX sched_assignments_next_open \(next_open_on<\?\)/,
      )
    },
  )

  t.test(
    'then each obligation waits for its next step, and each assignment for its next period',
    async (t) => {
      const obligations = runner.db
        .prepare(
          'SELECT obligation_id, next_action_on FROM sched_obligations ORDER BY stream_id, obligation_id',
        )
        .all()
      // 2023-Q2, due Friday 07-07, is overdue from the first working day after it: Monday 07-10.
      t.same(obligations, [
        { obligation_id: '2023-Q2', next_action_on: '2023-07-10' },
        { obligation_id: '2023-Q3', next_action_on: '2023-10-08' },
        { obligation_id: '2023-Q2', next_action_on: '2023-07-10' },
        { obligation_id: '2023-Q3', next_action_on: '2023-10-08' },
      ])
      const assignments = runner.db.prepare('SELECT next_open_on FROM sched_assignments').all()
      t.same(assignments, [{ next_open_on: '2023-10-01' }, { next_open_on: '2023-10-01' }])
    },
  )
})
