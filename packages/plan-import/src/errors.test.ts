import t from 'tap'
import { PlanImportError } from './errors'
import { importPlans } from './parse'

t.test('bad input is refused with a typed error and a clear message', async (t) => {
  t.throws(() => importPlans(''), { name: 'PlanImportError', code: 'empty', message: /empty/ })
  t.throws(() => importPlans(' \n\t\n'), { code: 'empty' })
  t.throws(() => importPlans(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe])), {
    code: 'binary',
    message: /not valid UTF-8/,
  })
  t.throws(() => importPlans('abc\u0000def\u0000'), { code: 'binary' })
  t.throws(() => importPlans('今天天气很好。我们去公园散步。'), {
    code: 'not_a_plan',
    message: /no plan found/,
  })
  t.throws(() => importPlans('某某行动计划\n(2022—2024年)\n一、总体要求\n坚持稳中求进。'), {
    code: 'not_a_plan',
    message: /no numbered tasks/,
  })
  const error = (() => {
    try {
      importPlans('')
    } catch (caught) {
      return caught
    }
  })()
  t.ok(error instanceof PlanImportError)
})

t.test('UTF-8 bytes are accepted like text', async (t) => {
  const text = '某某行动计划\n(2022—2024年)\n一、重点任务\n1.做好工作。(责任单位:市商务委)'
  const draft = importPlans(new TextEncoder().encode(text))
  t.equal(draft.plans[0]?.items[0]?.lead?.unitId, 'cq-shangwuwei')
})
