/**
 * The scheduler with a unit directory, given/when/then on a real SQLite ledger: u2 merges into
 * u3 on 2023-08-01 (its open assignment passes on that morning: 移交 + 承接, and u3's obligations
 * start), u4 is abolished without a successor on the same day (it keeps its record, and gets
 * nothing more). No obligation or step for either after the day they ceased.
 */
import { assignmentStreamId } from '@duban/domain'
import type { UnitsOverTime } from '@duban/ledger'
import t from 'tap'
import { schedulerWrites } from './testing/ladder-log'
import { givenScheduledPlan } from './testing/scheduled-plan'
import { TASK_ID } from './testing/small-plan'

const CEASED = '2023-08-01'
const units: UnitsOverTime = {
  ceasedOn: (id) => (id === 'u2' || id === 'u4' ? CEASED : null),
  existsOn: (id, date) => !(id === 'u2' || id === 'u4') || date < CEASED,
  ceasedBetween: (after, onOrBefore) =>
    after < CEASED && CEASED <= onOrBefore ? [{ id: 'u2' }, { id: 'u4' }] : [],
  answerableOn: (id, date) =>
    id === 'u2' && date >= CEASED ? { id: 'u3' } : id === 'u4' && date >= CEASED ? undefined : { id },
}

t.test(
  'given u2 merged into u3 and u4 abolished on 2023-08-01, when the scheduler runs every morning',
  async (t) => {
    const { ledger, runMornings } = await givenScheduledPlan(t, {
      assignedOn: '2023-06-01',
      units: ['u1', 'u2', 'u4'],
      unitsOverTime: units,
    })
    const runs = await runMornings('2023-06-01', '2023-10-20')
    const transferred = runs.reduce((sum, run) => sum + run.transferred, 0)
    t.equal(transferred, 1, "u2's assignment passed on, once; u4's has no successor")

    const writes = await schedulerWrites(ledger.store)
    const steps = new Set([
      'ObligationOpened',
      'ReminderSent',
      'SupervisionNoticeIssued',
      'EscalatedToLeadership',
    ])
    const late = writes.filter(
      (w) => steps.has(w.type) && (w.stream.endsWith('~u2') || w.stream.endsWith('~u4')) && w.on >= CEASED,
    )
    t.same(late, [], 'no obligation or ladder step for u2 or u4 from the day they ceased')
    t.ok(
      writes.some((w) => w.type === 'ReminderSent' && w.stream.endsWith('~u4') && w.on < CEASED),
      'u4 had its obligations and steps before (its record stays)',
    )

    const u2 = await ledger.store.readStream(assignmentStreamId(TASK_ID, 'u2'))
    t.match(u2.at(-1), {
      type: 'AssignmentTransferred',
      data: { toUnitId: 'u3', effectiveOn: CEASED },
      metadata: { actor: 'system:scheduler', businessDate: CEASED },
    })
    const u3 = await ledger.store.readStream(assignmentStreamId(TASK_ID, 'u3'))
    t.same(
      u3.slice(0, 2).map((e) => e.type),
      ['TaskAssigned', 'AssignmentTakenOver'],
      'u3 is assigned by the take-over',
    )
    t.ok(
      u3.some(
        (e) =>
          e.type === 'ObligationOpened' && (e.data as { obligationId: string }).obligationId === '2023-Q3',
      ),
      "u3 answers for the quarter it took over (2023-Q3, opened on the take-over's day)",
    )
  },
)
