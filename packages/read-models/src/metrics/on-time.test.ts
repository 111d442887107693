import t from 'tap'
import { type Outcome, outcomeOf, rankUnits, tally } from './on-time'

const facts = (
  dueDate: string,
  reports: { reportId: string; submittedOn: string; review: 'accepted' | 'returned' | null }[],
) => ({
  obligationId: 'o1',
  dueDate,
  notices: [],
  stagesReached: [],
  reports: reports.map((r) => ({ ...r, review: r.review ? { outcome: r.review, on: r.submittedOn } : null })),
})

t.test('an obligation that fell due is on time, late, under review or missing', async (t) => {
  // Whether a settled obligation was on time is the domain's rule (policy/on-time.test.ts): the
  // standing carries it; this only sorts.
  const accepted = facts('2023-04-10', [{ reportId: 'r1', submittedOn: '2023-04-10', review: 'accepted' }])
  const settled = { settledBy: { reportId: 'r1', on: '2023-04-10' } }
  t.equal(outcomeOf(accepted, { ...settled, onTime: true }), 'on_time')
  t.equal(outcomeOf(accepted, { ...settled, onTime: false }), 'late')
  const waiting = facts('2023-04-10', [{ reportId: 'r1', submittedOn: '2023-04-11', review: null }])
  t.equal(outcomeOf(waiting, { settledBy: null, onTime: false }), 'under_review')
  const returned = facts('2023-04-10', [{ reportId: 'r1', submittedOn: '2023-04-09', review: 'returned' }])
  t.equal(
    outcomeOf(returned, { settledBy: null, onTime: false }),
    'missing',
    'a returned report counts as not submitted',
  )
})

t.test('a tally has no rate when nothing fell due', async (t) => {
  t.same(tally([]), { due: 0, onTime: 0, late: 0, underReview: 0, missing: 0, onTimeRate: null })
  t.equal(tally(['on_time', 'late', 'missing', 'on_time']).onTimeRate, 0.5)
})

t.test(
  'units are ranked by rate; equal rates share a rank; units with nothing due are named apart',
  async (t) => {
    const of = (unitId: string, outcomes: Outcome[]) => outcomes.map((outcome) => ({ unitId, outcome }))
    const rows = [
      ...of('b', ['on_time', 'on_time', 'missing']),
      ...of('a', ['on_time', 'on_time', 'on_time', 'on_time', 'late', 'missing']),
      ...of('c', ['on_time']),
      ...of('d', ['late']),
    ]
    const ranking = rankUnits(rows, ['a', 'b', 'c', 'd', 'e', 'e'])
    t.same(
      ranking.ranked.map((r) => [r.unitId, r.rank, r.due, r.onTime]),
      [
        ['c', 1, 1, 1],
        ['a', 2, 6, 4],
        ['b', 2, 3, 2],
        ['d', 4, 1, 0],
      ],
      '4/6 ties 2/3 exactly; the unit with more due first; the next rank skips',
    )
    t.same(ranking.nothingDue, ['e'])
  },
)
