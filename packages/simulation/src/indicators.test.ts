import type { Target } from '@duban/domain'
import t from 'tap'
import { paceOf, reportedValues, WOBBLE } from './indicators'
import { KeyedRandom } from './random'

const exports: Target = {
  id: 't1',
  text: '到2024年，外贸进出口总值突破1万亿元',
  kind: 'level',
  comparator: 'at_least',
  value: 1_000_000_000_000,
  unit: '元',
  dueOn: '2024-12-31',
}
const fairs: Target = {
  id: 't2',
  text: '每年举办100场以上',
  kind: 'annual',
  comparator: 'at_least',
  value: 100,
}
const days: Target = { id: 't3', text: '压减至6个工作日', kind: 'level', comparator: 'at_most', value: 6 }
const zero: Target = { id: 't4', text: "实现'零'的突破", kind: 'milestone' }
const context = { planFrom: 2022, dueYear: 2024 }
const random = new KeyedRandom(7)
const within = (value: number, expected: number) =>
  value >= expected * (1 - WOBBLE) - 1e-6 && value <= expected * (1 + WOBBLE) + 1e-6

t.test('given a level, a yearly count, an at-most level and a milestone', async (t) => {
  const targets = [exports, fairs, days, zero]

  t.test('when the lead reports a quarter, then one value per numeric target, at its pace', async (t) => {
    const values = reportedValues(targets, '2023-Q2', context, random, 'a')
    t.same(
      values.map((v) => [v.targetId, v.period]),
      [
        ['t1', '2023-Q2'],
        ['t2', '2023-Q2'],
        ['t3', '2023-Q2'],
      ],
    )
    const [level, count, limit] = values.map((v) => v.value)
    // Mid-2023 lies half-way from the plan's assumed start (end of 2021, 30% short) to 2024's end.
    const plannedLevel = 700_000_000_000 + 300_000_000_000 * (1.5 / 3)
    const plannedDays = 6 / 0.7 + (6 - 6 / 0.7) * (1.5 / 3)
    t.ok(within(level!, plannedLevel * paceOf(random, 'a t1')), `level ${level}`)
    t.ok(within(count!, 100 * paceOf(random, 'a t2')), `yearly count ${count}`)
    t.ok(within(limit!, plannedDays / paceOf(random, 'a t3')), `at-most ${limit}: a laggard sits above`)
  })

  t.test('when a target is reported quarter after quarter, then it keeps its pace', async (t) => {
    const pace = paceOf(random, 'b t1')
    let previous = 0
    for (const [period, along] of [
      ['2022-Q4', 1 / 3],
      ['2023-Q4', 2 / 3],
      ['2024-Q4', 1],
    ] as const) {
      const [level] = reportedValues([exports], period, context, random, 'b')
      t.ok(within(level!.value, (700_000_000_000 + 300_000_000_000 * along) * pace), period)
      t.ok(level!.value > previous, `${period}: grows`)
      previous = level!.value
    }
  })

  t.test('when the same key and period are asked twice, then the same figures', async (t) => {
    t.same(
      reportedValues(targets, '2023-Q4', context, random, 'c'),
      reportedValues(targets, '2023-Q4', context, random, 'c'),
    )
  })

  t.test('when the period is an ad-hoc label, then no figures', async (t) => {
    t.same(reportedValues(targets, '专项督查', context, random, 'd'), [])
  })
})

t.test('given many targets, then most run on pace, some behind, a few well behind', async (t) => {
  const draws = Array.from({ length: 2000 }, (_, i) => paceOf(random, `target ${i}`))
  const share = (test: (pace: number) => boolean) => draws.filter(test).length / draws.length
  t.ok(
    draws.every((pace) => pace >= 0.8 && pace <= 1.08),
    'every pace within the bands',
  )
  t.ok(Math.abs(share((pace) => pace >= 1) - 0.6) < 0.05, 'about 60% on pace or ahead')
  t.ok(Math.abs(share((pace) => pace < 0.93) - 0.15) < 0.05, 'about 15% well behind')
})

t.test('given yearly steps, when the lead reports in a step year, then it tracks that step', async (t) => {
  const stepped: Target = {
    ...exports,
    steps: [
      { year: 2023, value: 800_000_000_000 },
      { year: 2024, value: 1_000_000_000_000 },
    ],
  }
  const [value] = reportedValues([stepped], '2023-Q4', context, random, 'e')
  t.ok(within(value!.value, 800_000_000_000 * paceOf(random, 'e t1')))
})
